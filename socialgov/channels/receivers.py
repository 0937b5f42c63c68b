"""Reactions to core events: a leaver orphans their channels and is flagged on every grant."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from socialgov.core.models import Person, User
from socialgov.core.signals import person_left


@receiver(person_left, dispatch_uid="channels.orphan_on_leave")
def orphan_channels_of_leaver(sender: Any, person: Person, actor: User | None, **_: Any) -> None:
    from socialgov.channels.services import channels_handle_leaver

    channels_handle_leaver(actor=actor, person=person)
