from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.http import HttpRequest

from socialgov.core import login_limits, mfa, sso
from socialgov.core.models import User


class NoSignupAccountAdapter(DefaultAccountAdapter):  # type: ignore[misc]  # allauth: no types
    """Accounts come from the HR register and the administrators, never from self sign-up."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    # Failed sign-ins count in socialgov.core.login_limits (shared with the token endpoint)
    # instead of allauth's per-name lock, which anyone could trigger for a named user.
    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        if login_limits.retry_after(request, _login(credentials)):
            raise self.validation_error("too_many_login_attempts")

    def authenticate(self, request: HttpRequest, **credentials: Any) -> Any:
        user = super().authenticate(request, **credentials)
        if user is not None:
            login_limits.record_success(request, _login(credentials))
        return user

    def authentication_failed(self, request: HttpRequest, **credentials: Any) -> None:
        login_limits.record_failure(request, _login(credentials))

    # One rule for the client address everywhere (allauth's own raises a server error when a
    # client sends fewer X-Forwarded-For hops than there are proxies).
    def get_client_ip(self, request: HttpRequest) -> str:
        return login_limits.client_address(request) or super().get_client_ip(request)

    def get_reauthentication_methods(self, user: Any) -> list[dict[str, Any]]:
        methods: list[dict[str, Any]] = super().get_reauthentication_methods(user)
        if isinstance(user, User):
            return mfa.reauthentication_methods_second_factor_only(user, methods)
        return methods


class SingleSignOnAdapter(DefaultSocialAccountAdapter):  # type: ignore[misc]  # allauth: no types
    """Single sign-on follows socialgov.core.sso: people matched by a verified e-mail address,
    logins created only when configured, roles only through an explicit group mapping."""

    def is_open_for_signup(self, request: HttpRequest, sociallogin: Any) -> bool:
        # Logins made on the fly come from sso.match_sign_in, never from allauth's sign-up.
        return False

    def pre_social_login(self, request: HttpRequest, sociallogin: Any) -> None:
        sso.match_sign_in(request, sociallogin)


def _login(credentials: dict[str, Any]) -> str:
    return str(credentials.get("email") or credentials.get("username") or "")
