"""The channel vocabularies the catalogue refers to (platforms, purposes, posture facts)."""

from __future__ import annotations

from typing import Any

from socialgov.channels.models.choices import Answer, CredentialCustody, Platform, Purpose
from socialgov.risks.models.choices import PostureCheck

PLATFORMS: tuple[str, ...] = tuple(Platform.values)
PURPOSES: tuple[str, ...] = tuple(Purpose.values)


def posture_satisfied(check: str, channel: Any) -> bool:
    """Whether the channel's recorded security posture shows the control is in place."""
    if check == PostureCheck.MFA:
        return getattr(channel, "mfa", None) == Answer.YES
    if check == PostureCheck.PASSWORD_MANAGER:
        return getattr(channel, "credential_custody", None) == CredentialCustody.PASSWORD_MANAGER
    if check == PostureCheck.RECOVERY_OWNED:
        return (
            getattr(channel, "recovery_email_owned", None) == Answer.YES
            and getattr(channel, "recovery_phone_owned", None) == Answer.YES
        )
    if check == PostureCheck.NO_THIRD_PARTY_APPS:
        return getattr(channel, "third_party_apps", None) == 0
    if check == PostureCheck.ACCESS_REVIEWED:
        due = getattr(channel, "next_review_due", None)
        last = getattr(channel, "last_reviewed_on", None)
        if last is None or due is None:
            return False
        from django.utils import timezone

        return bool(due >= timezone.localdate())
    return False
