"""Alerts the pipeline raises read in the reader's language: on Dutch and French pages, in a
Dutch recipient's e-mail, with user content (a channel's name) inserted as it is, escaped."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.utils import translation

from socialgov.channels.models import Channel
from socialgov.core.models import Notification, User
from socialgov.monitoring import services
from socialgov.monitoring.models import Alert, AlertRule, Finding
from socialgov.monitoring.pipeline.store import posts_store
from socialgov.monitoring.tests.helpers import make_channel
from socialgov.monitoring.tests.test_detector_stage import habits, hijack, run_pipeline

pytestmark = pytest.mark.django_db

HOSTILE = "<script>alert(1)</script> Mosa"

ENGLISH = (
    "Suspected takeover",
    "Suspected account takeover",
    "finding(s)",
    "Alert:",
    "reads like a scam",
    "never used before",
)
WORDS = {
    "nl": ("Vermoedelijke overname van", "Vermoedelijke accountovername", "leest als oplichting"),
    "fr": ("Prise de contrôle suspectée de", "Prise de contrôle de compte suspectée", "arnaque"),
}


@pytest.fixture
def channel(owner: User, teammate: User) -> Channel:
    channel = make_channel(owner.person, platform="x", handle="mosabank", deputy=teammate.person)
    channel.display_name = HOSTILE
    channel.save()
    return channel


def takeover(capture: Any) -> Alert:
    posts_store(posts=habits())
    run_pipeline()
    with capture(execute=True):
        posts_store(posts=hijack(100))
        run_pipeline()
    return Alert.objects.get(group_key__startswith="compromise:")


def page(client: Client, user: User, language: str, url: str) -> str:
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_a_takeover_alert_reads_in_the_readers_language_on_the_list_and_detail_pages(
    channel: Channel,
    owner: User,
    client: Client,
    language: str,
    django_capture_on_commit_callbacks: Any,
) -> None:
    alert = takeover(django_capture_on_commit_callbacks)
    title, rule, reason = WORDS[language]
    listing = page(client, owner, language, "/monitoring/alerts/")
    detail = page(client, owner, language, f"/monitoring/alerts/{alert.pk}/")
    assert title in listing
    assert title in detail
    assert rule in detail
    assert reason in detail
    for english in ENGLISH:
        assert english not in listing
        assert english not in detail


def test_the_same_alert_reads_in_english_for_an_english_reader(
    channel: Channel, owner: User, client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    alert = takeover(django_capture_on_commit_callbacks)
    detail = page(client, owner, "en", f"/monitoring/alerts/{alert.pk}/")
    assert "Suspected takeover of" in detail
    assert alert.title.startswith("Suspected takeover of")


def test_a_channel_name_in_a_title_is_escaped_and_never_translated(
    channel: Channel, owner: User, client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    alert = takeover(django_capture_on_commit_callbacks)
    detail = page(client, owner, "nl", f"/monitoring/alerts/{alert.pk}/")
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Mosa" in detail
    assert "<script>alert(1)" not in detail
    assert alert.title_message["params"]["channel"].endswith(HOSTILE)


def test_an_alert_e_mail_to_a_dutch_recipient_is_dutch_and_a_french_one_french(
    channel: Channel,
    owner: User,
    analyst: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    dutch_reader, french_reader = owner.person, analyst.person
    assert dutch_reader is not None and french_reader is not None
    dutch_reader.language = "nl"
    dutch_reader.save()
    french_reader.language = "fr"
    french_reader.save()
    takeover(django_capture_on_commit_callbacks)
    dutch = [m for m in mail.outbox if m.to == [dutch_reader.email]]
    french = [m for m in mail.outbox if m.to == [french_reader.email]]
    alert_nl = next(m for m in dutch if "Melding:" in m.subject)
    alert_fr = next(m for m in french if "Alerte :" in m.subject)
    assert "Melding: Vermoedelijke overname van" in alert_nl.subject
    assert "bevinding(en) op" in alert_nl.body
    assert "Ernst: Kritiek" in alert_nl.body
    assert "Alerte : Prise de contrôle suspectée de" in alert_fr.subject
    assert "Gravité : Critique" in alert_fr.body
    # The incident opened from the alert, in the same languages.
    assert any("incident: Vermoedelijke overname van" in m.subject for m in dutch)
    for message in [*dutch, *french]:
        assert "Suspected" not in f"{message.subject} {message.body}"
        assert "finding(s)" not in message.body
    stored = Notification.objects.filter(recipient=dutch_reader).order_by("pk").first()
    assert stored is not None
    with translation.override("fr"):
        assert "Prise de contrôle suspectée de" in stored.display_subject


def test_a_built_in_rule_renamed_by_a_person_keeps_the_persons_name(
    channel: Channel, owner: User, lead: User, django_capture_on_commit_callbacks: Any
) -> None:
    takeover(django_capture_on_commit_callbacks)
    rule = AlertRule.objects.get(finding_kinds=["compromise"])
    with translation.override("nl"):
        assert rule.display_name == "Vermoedelijke accountovername"
    services.alert_rule_update(actor=lead, rule=rule, name="Overname (ons eigen label)")
    rule.refresh_from_db()
    with translation.override("fr"):
        assert rule.display_name == "Overname (ons eigen label)"


def test_a_spike_reason_reads_in_french(channel: Channel) -> None:
    finding_message = {"key": "monitoring.finding.surge_post_terms", "params": {"terms": ["x"]}}
    finding = Finding(
        reason="One of the posts driving the surge (x)", reason_message=finding_message
    )
    with translation.override("fr"):
        assert finding.display_reason == "Un des messages à l’origine du pic (x)"
    with translation.override("nl"):
        assert finding.display_reason == "Een van de berichten achter de piek (x)"
