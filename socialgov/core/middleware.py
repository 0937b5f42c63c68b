from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation


class UserLanguageMiddleware:
    """Use the person's preferred language unless they picked one with the language switcher."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        person = getattr(user, "person", None) if user and user.is_authenticated else None
        if not chosen and person is not None:
            translation.activate(person.language)
            request.LANGUAGE_CODE = person.language
        return self.get_response(request)
