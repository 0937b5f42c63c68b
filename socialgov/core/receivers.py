"""Reactions to Django's own signals."""

from typing import Any

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils import translation


@receiver(user_logged_in)
def speak_the_persons_language(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    """The "signed in" message is written during log-in, before the language middleware could
    know who the user is; switch to their language there already."""
    person = getattr(user, "person", None)
    if person is not None and not request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME):
        translation.activate(person.language)
