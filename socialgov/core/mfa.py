"""Second factors: who must have one, and the check every way in (HTML, admin, API) shares.

The HTML login and, through it, the admin site ask for the TOTP code themselves (allauth's
login stages). The API token endpoint has no such stage, so it calls `check_second_factor`.
"""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from socialgov.core import permissions
from socialgov.core.models import User

# Kinds of authenticator that are a second factor by themselves (recovery codes only back one).
SECOND_FACTORS = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)


def has_second_factor(user: User) -> bool:
    return bool(Authenticator.objects.filter(user=user, type__in=SECOND_FACTORS).exists())


def second_factor_required(user: User) -> bool:
    """Whether one of the user's roles needs a second factor (SOCIALGOV_MFA_REQUIRED_ROLES)."""
    required = settings.SOCIALGOV_MFA_REQUIRED_ROLES
    return bool(required) and permissions.has_role(user, *required)


def needs_second_factor_setup(user: User) -> bool:
    return second_factor_required(user) and not has_second_factor(user)


def check_second_factor(user: User, code: str | None) -> None:
    """Refuse a password-only sign-in (as a 400 on `code`) where a second factor is due."""
    totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if totp is None:
        if second_factor_required(user):
            raise ValidationError(
                {"code": _("Your role needs a second factor: set one up on the security page.")}
            )
        return
    if not code:
        raise ValidationError({"code": _("Enter the code from your authenticator app.")})
    if not TOTP(totp).validate_code(str(code).strip()):
        raise ValidationError({"code": _("Incorrect code.")})
    totp.record_usage()
