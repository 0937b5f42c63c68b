"""Tasks and e-mails the channel services write read in the reader's language."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client

from socialgov.channels.models import Channel
from socialgov.channels.services.access import access_review_open
from socialgov.core.models import Task, User

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "title", "description"),
    [
        ("nl", "Controleer wie toegang heeft tot", "Behoud of trek elk toegangsrecht"),
        ("fr", "Vérifiez qui a accès à", "Conservez ou révoquez chaque droit"),
    ],
)
def test_an_access_review_task_reads_in_the_readers_language(
    make_channel: Callable[..., Channel],
    owner: User,
    client: Client,
    language: str,
    title: str,
    description: str,
) -> None:
    channel = make_channel(owner.person, display_name="<i>Mosa</i> Bank")
    access_review_open(actor=None, channel=channel)
    task = Task.objects.get(source="access_review")
    client.force_login(owner)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = client.get(f"/tasks/{task.pk}/").content.decode()
    listing = client.get("/tasks/").content.decode()
    assert title in page and title in listing
    assert description in page
    assert "Review who has access" not in page + listing
    assert "&lt;i&gt;Mosa&lt;/i&gt; Bank" in page
    assert "<i>Mosa</i>" not in page


def test_the_review_e_mail_to_a_french_owner_is_french(
    make_channel: Callable[..., Channel], owner: User, django_capture_on_commit_callbacks: Any
) -> None:
    person = owner.person
    assert person is not None
    person.language = "fr"
    person.save()
    channel = make_channel(person)
    with django_capture_on_commit_callbacks(execute=True):
        access_review_open(actor=None, channel=channel)
    [message] = [m for m in mail.outbox if "accès" in m.subject]
    assert "Vérifiez qui a accès à" in message.subject
    assert "Review who" not in f"{message.subject} {message.body}"
