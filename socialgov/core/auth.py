from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest


class NoSignupAccountAdapter(DefaultAccountAdapter):  # type: ignore[misc]  # allauth: no types
    """Accounts come from the HR register and the administrators, never from self sign-up."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False
