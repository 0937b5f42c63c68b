from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from socialgov.channels.posture import PostureFacts, assess

SAFE = PostureFacts(
    mfa="yes",
    credential_custody="password_manager",
    recovery_email_owned="yes",
    recovery_phone_owned="yes",
    third_party_apps=0,
    admin_count=2,
)


def test_a_well_kept_account_scores_full_marks_with_no_reasons() -> None:
    posture = assess(SAFE)
    assert posture.score == 100
    assert posture.deductions == ()
    assert posture.grade == "good"


def test_each_weakness_lowers_the_score_and_says_why() -> None:
    weak = PostureFacts(
        mfa="no",
        credential_custody="personal",
        recovery_email_owned="no",
        recovery_phone_owned="unknown",
        third_party_apps=2,
        admin_count=1,
    )
    posture = assess(weak)
    codes = [d.code for d in posture.deductions]
    assert codes == [
        "mfa_off",
        "credentials_personal",
        "recovery_email_not_owned",
        "recovery_phone_unknown",
        "third_party_apps",
        "single_admin",
    ]
    assert posture.score == 100 - sum(d.points for d in posture.deductions)
    assert posture.grade == "poor"


def test_the_score_never_goes_below_zero() -> None:
    worst = PostureFacts("no", "personal", "no", "no", 50, 40)
    assert assess(worst).score == 0


def test_unknown_counts_against_the_score_but_less_than_a_known_weakness() -> None:
    unknown = assess(PostureFacts("unknown", "password_manager", "yes", "yes", 0, 2)).score
    off = assess(PostureFacts("no", "password_manager", "yes", "yes", 0, 2)).score
    assert off < unknown < 100


answers = st.sampled_from(["yes", "no", "unknown"])


@given(
    mfa=answers,
    custody=st.sampled_from(["password_manager", "shared", "personal", "unknown"]),
    email=answers,
    phone=answers,
    apps=st.integers(min_value=0, max_value=10_000),
    admins=st.one_of(st.none(), st.integers(min_value=0, max_value=10_000)),
)
def test_the_score_is_a_hundred_less_the_reasons_and_stays_between_0_and_100(
    mfa: str, custody: str, email: str, phone: str, apps: int, admins: int | None
) -> None:
    posture = assess(PostureFacts(mfa, custody, email, phone, apps, admins))
    assert 0 <= posture.score <= 100
    assert posture.score == max(0, 100 - sum(d.points for d in posture.deductions))
    assert all(d.points > 0 for d in posture.deductions)
