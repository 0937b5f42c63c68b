"""Account security posture: a score out of 100 and the reasons that lowered it. Pure Python.

The weights reflect how accounts are lost in practice: no second factor and credentials held
by one person are how most hijacks and lock-outs start; a recovery address the organisation
does not control means it cannot get the account back.
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_SCORE = 100
APP_PENALTY = 3
APP_PENALTY_CAP = 15
MANY_ADMINS = 5


@dataclass(frozen=True)
class PostureFacts:
    mfa: str  # yes / no / unknown
    credential_custody: str  # password_manager / shared / personal / unknown
    recovery_email_owned: str
    recovery_phone_owned: str
    third_party_apps: int
    admin_count: int | None


@dataclass(frozen=True)
class Deduction:
    code: str
    points: int
    count: int = 0


@dataclass(frozen=True)
class Posture:
    score: int
    deductions: tuple[Deduction, ...]

    @property
    def grade(self) -> str:
        if self.score >= 80:
            return "good"
        if self.score >= 50:
            return "fair"
        return "poor"


_ANSWER_PENALTIES = {
    "mfa": {"no": ("mfa_off", 35), "unknown": ("mfa_unknown", 20)},
    "credential_custody": {
        "personal": ("credentials_personal", 25),
        "shared": ("credentials_shared", 20),
        "unknown": ("credentials_unknown", 15),
    },
    "recovery_email_owned": {
        "no": ("recovery_email_not_owned", 15),
        "unknown": ("recovery_email_unknown", 8),
    },
    "recovery_phone_owned": {
        "no": ("recovery_phone_not_owned", 10),
        "unknown": ("recovery_phone_unknown", 5),
    },
}


def assess(facts: PostureFacts) -> Posture:
    deductions: list[Deduction] = []
    for field, penalties in _ANSWER_PENALTIES.items():
        hit = penalties.get(getattr(facts, field))
        if hit is not None:
            deductions.append(Deduction(*hit))
    if facts.third_party_apps > 0:
        points = min(APP_PENALTY * facts.third_party_apps, APP_PENALTY_CAP)
        deductions.append(Deduction("third_party_apps", points, facts.third_party_apps))
    if facts.admin_count is None:
        deductions.append(Deduction("admins_unknown", 5))
    elif facts.admin_count == 1:
        deductions.append(Deduction("single_admin", 10, 1))
    elif facts.admin_count > MANY_ADMINS:
        deductions.append(Deduction("many_admins", 10, facts.admin_count))
    score = max(0, MAX_SCORE - sum(d.points for d in deductions))
    return Posture(score, tuple(deductions))
