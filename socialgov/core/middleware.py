from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils import translation
from django.utils.translation import gettext as _

from socialgov.core import mfa


class UserLanguageMiddleware:
    """Use the person's preferred language unless they picked one with the language switcher."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        person = getattr(user, "person", None) if user and user.is_authenticated else None
        if not chosen and person is not None:
            # Only for this request: a thread that goes on to other work (an on-commit job in
            # the embedded worker, the next test) must not keep speaking this person's language.
            with translation.override(person.language):
                request.LANGUAGE_CODE = person.language
                return self.get_response(request)
        return self.get_response(request)


class SecondFactorRequiredMiddleware:
    """Send a user whose role needs a second factor (and who has none) to set one up first.

    Only the account pages (log-out, second factor set-up, reauthentication), the language
    switch, static files and the health check stay open; the API answers 403 meanwhile.
    """

    OPEN_PREFIXES = ("/accounts/", "/i18n/", "/healthz", "/api/v1/auth/token/")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and settings.SOCIALGOV_MFA_REQUIRED_ROLES
            and not request.path.startswith((*self.OPEN_PREFIXES, f"/{settings.STATIC_URL}"))
            and mfa.needs_second_factor_setup(user)
        ):
            message = _("Your role needs a second factor: set one up before you continue.")
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message}, status=403)
            messages.warning(request, message)
            # The security page offers both kinds: an authenticator app and a security key/passkey.
            return redirect("mfa_index")
        return self.get_response(request)
