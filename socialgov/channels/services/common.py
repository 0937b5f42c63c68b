"""Helpers the channel services share: handle and choice checks."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from socialgov.channels.handles import HandleError, check_url, normalise_handle
from socialgov.core.models import Person


def clean_choice(value: str, choices: type, field: str) -> str:
    """Refuse a value outside a TextChoices with a message naming the allowed values."""
    if value not in choices.values:  # type: ignore[attr-defined]
        raise ValidationError(
            {
                field: _("Unknown value “%(value)s”. Choose one of: %(choices)s.")
                % {"value": str(value)[:50], "choices": ", ".join(choices.values)}  # type: ignore[attr-defined]
            }
        )
    return value


def handle_error_text(error: HandleError) -> str:
    """Why a handle or URL was refused, in the reader's language."""
    texts = {
        "scheme": _("the URL must start with http:// or https:// and name a host"),
        "credentials": _("the URL must not carry a user name or password"),
        "foreign_host": _("%(host)s is not an address of this platform"),
        "mastodon_url": _("a Mastodon URL looks like https://server/@name"),
        "no_account": _("the URL does not point to an account"),
        "empty": _("the handle is empty"),
        "too_long": _("the handle is too long"),
        "invalid": _("“%(handle)s” is not a valid handle on this platform"),
        "phone": _("not a valid phone number"),
    }
    text = texts.get(error.code)
    return text % error.params if text else str(error)


def clean_handle(platform: str, handle: str, url: str = "") -> tuple[str, str]:
    """The normalised handle and checked URL; the handle may be left empty when a URL names it."""
    errors: dict[str, str] = {}
    try:
        url = check_url(platform, url)
    except HandleError as error:
        errors["url"] = _("This URL does not belong to the platform: %(reason)s.") % {
            "reason": handle_error_text(error)
        }
    try:
        handle = normalise_handle(platform, handle or url)
    except HandleError as error:
        errors["handle"] = _("This handle is not valid for the platform: %(reason)s.") % {
            "reason": handle_error_text(error)
        }
    if errors:
        raise ValidationError(errors)
    return handle, url


def require_active(person: Person | None, field: str) -> None:
    if person is not None and not person.is_active:
        raise ValidationError({field: _("%(name)s has left the organisation.") % {"name": person}})
