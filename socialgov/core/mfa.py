"""Second factors: who must have one, and the check every way in (HTML, admin, API) shares.

The HTML login and, through it, the admin site ask for the TOTP code or the security key
themselves (allauth's login stages; a passkey sign-in is both factors at once).
The API token endpoint has no such stage, so it calls `check_second_factor`.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from allauth.account import app_settings as account_settings
from allauth.account.internal.flows.login import get_authentication_records
from allauth.core.exceptions import ReauthenticationRequired
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
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
        if has_second_factor(user):
            # A security key or passkey needs the browser; a password must not stand in for it.
            raise ValidationError(
                {
                    "code": _(
                        "Your second factor is a security key or passkey, which this endpoint "
                        "cannot check: create a personal token on the security page."
                    )
                }
            )
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


def recently_confirmed(request: HttpRequest) -> bool:
    """Whether the user confirmed who they are in the last few minutes: by their second factor
    if they have one (a password alone does not count then), else by their password."""
    user = request.user
    if not isinstance(user, User):
        return False
    method = "mfa" if has_second_factor(user) else "password"
    oldest = time.time() - account_settings.REAUTHENTICATION_TIMEOUT
    return any(
        record.get("reauthenticated") and record.get("method") == method and record["at"] > oldest
        for record in get_authentication_records(request, user)
    )


def confirmation_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Ask for a fresh confirmation (allauth's reauthentication pages) before a POST."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method == "POST" and not recently_confirmed(request):
            raise ReauthenticationRequired()
        return view(request, *args, **kwargs)

    return wrapper


def reauthentication_methods_second_factor_only(
    user: User, methods: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """With a second factor set up, confirming by it comes first, and the password is not
    offered (`recently_confirmed` would not count it)."""
    if not has_second_factor(user):
        return methods
    return [method for method in methods if method["id"].startswith("mfa")] or methods
