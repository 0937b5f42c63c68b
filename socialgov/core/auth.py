from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest

from socialgov.core import mfa
from socialgov.core.models import User


class NoSignupAccountAdapter(DefaultAccountAdapter):  # type: ignore[misc]  # allauth: no types
    """Accounts come from the HR register and the administrators, never from self sign-up."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def get_reauthentication_methods(self, user: Any) -> list[dict[str, Any]]:
        methods: list[dict[str, Any]] = super().get_reauthentication_methods(user)
        if isinstance(user, User):
            return mfa.reauthentication_methods_second_factor_only(user, methods)
        return methods
