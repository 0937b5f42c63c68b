"""The publishing pages: the editor shows each finding's span and its reason in the reader's
language, review steps through the page, images checked by content, the calendar by role,
and a reply opened from an alert."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from PIL import Image

from socialgov.channels.models import Channel
from socialgov.core.models import AuditEvent, User
from socialgov.publishing import services
from socialgov.publishing.models import Draft, DraftState

pytestmark = pytest.mark.django_db

IBAN_TEXT = "Stort het bedrag op BE68 5390 0754 7034 alstublieft."
CLEAN = "Bedankt voor uw bericht, wij helpen u graag verder."


@pytest.fixture(autouse=True)
def _media_root(settings: object, tmp_path: object) -> None:
    settings.MEDIA_ROOT = str(tmp_path)  # type: ignore[attr-defined]


def _client(user: User, language: str = "en") -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    client.force_login(user)
    return client


def _png(width: int = 40, height: int = 30) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


def _write(client: Client, channel: Channel, text: str, **extra: object) -> Draft:
    data = {"channels": [channel.pk], "text": text, "language": "nl", **extra}
    response = client.post("/publishing/new/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return Draft.objects.latest("pk")


@pytest.mark.parametrize(
    ("language", "reason"),
    [
        ("en", "Personal data must not be published"),
        ("nl", "Persoonsgegevens mogen niet gepubliceerd worden"),
        ("fr", "Les données personnelles ne peuvent pas être publiées"),
    ],
)
def test_the_editor_marks_the_iban_and_gives_the_reason_in_the_readers_language(
    cm: User, channel: Channel, language: str, reason: str
) -> None:
    client = _client(cm, language)
    draft = _write(client, channel, IBAN_TEXT)
    page = client.get(f"/publishing/{draft.pk}/").content.decode()
    mark = re.search(
        r'<mark class="finding finding-block" data-code="personal_data"[^>]*>([^<]*)<', page
    )
    assert mark is not None and mark.group(1) == "BE68 5390 0754 7034"
    assert reason in page and 'id="blocked"' in page


def test_hostile_text_in_a_draft_is_escaped(cm: User, channel: Channel) -> None:
    client = _client(cm)
    draft = _write(client, channel, '<script>alert("x")</script> BE68 5390 0754 7034')
    page = client.get(f"/publishing/{draft.pk}/").content.decode()
    assert "<script>alert" not in page and "&lt;script&gt;" in page


def test_a_draft_for_two_channels_is_one_draft_per_channel(
    cm: User, channel: Channel, owner: User
) -> None:
    from socialgov.publishing.tests.conftest import _channel

    second = _channel(owner, "mosa2@mastodon.example")
    _client(owner).post(
        "/publishing/new/", {"channels": [channel.pk, second.pk], "text": CLEAN, "language": "nl"}
    )
    assert set(Draft.objects.values_list("channel_id", flat=True)) == {channel.pk, second.pk}


def test_a_community_manager_cannot_draft_for_a_channel_outside_their_scope(
    cm: User, channel: Channel, other_channel: Channel
) -> None:
    response = _client(cm).post(
        "/publishing/new/", {"channels": [other_channel.pk], "text": CLEAN, "language": "nl"}
    )
    assert response.status_code == 200 and "channels" in response.context["form"].errors
    assert not Draft.objects.exists()


def test_an_outsider_has_no_editor_and_no_calendar(outsider: User) -> None:
    assert _client(outsider).get("/publishing/new/").status_code == 403
    assert _client(outsider).get("/publishing/calendar/").status_code == 403


def test_submit_and_approve_through_the_pages_and_no_self_approval(
    cm: User, owner: User, channel: Channel
) -> None:
    client = _client(cm)
    at = (timezone.localtime() + dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    draft = _write(client, channel, CLEAN, scheduled_at=at)
    client.post(f"/publishing/{draft.pk}/act/", {"action": "submit"})
    page = client.get(f"/publishing/{draft.pk}/").content.decode()
    assert "No one approves their own draft." in page and 'value="approve"' not in page
    client.post(f"/publishing/{draft.pk}/act/", {"action": "approve"})
    draft.refresh_from_db()
    assert draft.state == DraftState.IN_REVIEW
    _client(owner).post(f"/publishing/{draft.pk}/act/", {"action": "approve"})
    draft.refresh_from_db()
    assert draft.state == DraftState.SCHEDULED


def test_an_approver_overrides_a_blocking_finding_with_a_reason_on_record(
    cm: User, owner: User, channel: Channel
) -> None:
    draft = _write(_client(cm), channel, IBAN_TEXT)
    services.draft_submit(actor=cm, draft=draft)
    owner_client = _client(owner)
    owner_client.post(f"/publishing/{draft.pk}/act/", {"action": "approve"})
    draft.refresh_from_db()
    assert draft.state == DraftState.IN_REVIEW
    reason = "Het rekeningnummer van de organisatie zelf."
    owner_client.post(f"/publishing/{draft.pk}/act/", {"action": "override", "reason": reason})
    owner_client.post(f"/publishing/{draft.pk}/act/", {"action": "approve"})
    draft.refresh_from_db()
    assert draft.state == DraftState.APPROVED and draft.override_reason == reason
    assert AuditEvent.objects.filter(verb="draft.override", actor=owner).exists()


def test_an_edit_after_approval_goes_back_to_review(
    cm: User, owner: User, channel: Channel
) -> None:
    draft = services.draft_submit(actor=cm, draft=_write(_client(cm), channel, CLEAN))
    services.draft_approve(actor=owner, draft=draft)
    _client(cm).post(
        f"/publishing/{draft.pk}/edit/", {"text": CLEAN + " Tot morgen.", "language": "nl"}
    )
    draft.refresh_from_db()
    assert draft.state == DraftState.IN_REVIEW and draft.revision == 2


def test_an_image_is_attached_and_served_only_to_those_who_see_the_draft(
    cm: User, channel: Channel, outsider: User
) -> None:
    client = _client(cm)
    image = SimpleUploadedFile("foto.exe", _png(), content_type="application/octet-stream")
    draft = _write(client, channel, CLEAN, image=image)
    media = draft.media.get()
    assert (media.content_type, media.width, media.height) == ("image/png", 40, 30)
    assert str(media.file.name).endswith(".png")
    served = client.get(f"/publishing/{draft.pk}/media/{media.pk}/")
    assert served.status_code == 200 and served["Content-Type"] == "image/png"
    assert _client(outsider).get(f"/publishing/{draft.pk}/media/{media.pk}/").status_code == 404


@pytest.mark.parametrize(
    ("name", "content", "error"),
    [
        ("foto.png", b"<?php echo 'no image'; ?>", "not a JPEG, PNG, GIF or WebP image"),
        ("huge.png", b"", "too many pixels"),
    ],
)
def test_a_file_that_is_not_a_small_enough_image_is_refused(
    cm: User, channel: Channel, name: str, content: bytes, error: str
) -> None:
    if not content:
        # A 20000 x 20000 PNG that compresses to a few kilobytes: a decompression bomb.
        out = io.BytesIO()
        Image.new("1", (20_000, 20_000)).save(out, "PNG")
        content = out.getvalue()
    response = _client(cm).post(
        "/publishing/new/",
        {
            "channels": [channel.pk],
            "text": CLEAN,
            "language": "nl",
            "image": SimpleUploadedFile(name, content, content_type="image/png"),
        },
    )
    assert response.status_code == 200
    assert error in str(response.context["form"].errors)
    assert not Draft.objects.exists()


def test_too_many_images_for_the_platform_block(cm: User, channel: Channel) -> None:
    draft = _write(_client(cm), channel, CLEAN)
    for _n in range(5):
        upload = SimpleUploadedFile("x.png", _png(), content_type="image/png")
        draft = services.draft_media_attach(actor=cm, draft=draft, upload=upload)
    assert [c.code for c in services.blocking_checks(draft)] == ["too_many_media"]


def test_the_calendar_shows_scheduled_posts_in_week_and_month_for_owner_and_lead(
    cm: User, owner: User, lead: User, channel: Channel
) -> None:
    at = timezone.now() + dt.timedelta(hours=1)
    draft = services.draft_submit(
        actor=cm,
        draft=services.draft_create(
            actor=cm, channel=channel, text=CLEAN, language="nl", scheduled_at=at
        ),
    )
    services.draft_approve(actor=owner, draft=draft)
    day = timezone.localtime(at).date().isoformat()
    for user in (owner, lead):
        for view in ("week", "month"):
            page = _client(user).get(
                "/publishing/calendar/", {"view": view, "date": day, "channel": channel.pk}
            )
            assert page.status_code == 200
            assert 'data-state="scheduled"' in page.content.decode()
    later = (timezone.localtime(at) + dt.timedelta(days=14)).date().isoformat()
    page = _client(owner).get("/publishing/calendar/", {"view": "week", "date": later})
    assert 'data-state="scheduled"' not in page.content.decode()


def test_reply_from_a_complaint_alert_opens_a_draft_answering_that_post(
    cm: User, owner: User, channel: Channel
) -> None:
    from socialgov.monitoring.models import Post, PostKind

    post = Post.objects.create(
        platform="mastodon",
        external_id="109876",
        text="Al drie weken geen antwoord, slechte service!",
        published_at=timezone.now(),
        kind=PostKind.COMMENT,
        channel=channel,
    )
    client = _client(owner)
    page = client.get("/publishing/new/", {"reply_to_post": post.pk}).content.decode()
    assert "Al drie weken geen antwoord" in page
    client.post(
        f"/publishing/new/?reply_to_post={post.pk}",
        {"channels": [channel.pk], "text": "Sorry, we bellen u vandaag nog.", "language": "nl"},
    )
    draft = Draft.objects.get()
    assert draft.reply_to_external_id == "109876" and draft.channel == channel


def _alert_page(owner: User, channel: Channel, *, category: str, kind: str, post_kind: str) -> str:
    from socialgov.monitoring.models import Post
    from socialgov.monitoring.tests.platforms import alert_on

    post = Post.objects.create(
        platform="mastodon",
        external_id=f"{category}-{kind}-{post_kind}",
        text="Al drie weken geen antwoord op mijn vraag.",
        published_at=timezone.now(),
        kind=post_kind,
        channel=channel,
    )
    alert = alert_on(post, owner, analyzer=kind, kind=kind, category=category)
    page = _client(owner).get(f"/monitoring/alerts/{alert.pk}/")
    assert page.status_code == 200
    assert "Al drie weken geen antwoord" in page.content.decode()  # the evidence is on the page
    return page.content.decode()


@pytest.mark.parametrize(
    ("category", "kind", "post_kind"),
    [("reputation", "negative", "mention"), ("conduct", "complaint", "comment")],
)
def test_a_reputation_or_complaint_alert_on_a_strangers_post_offers_a_reply(
    owner: User, channel: Channel, category: str, kind: str, post_kind: str
) -> None:
    page = _alert_page(owner, channel, category=category, kind=kind, post_kind=post_kind)
    assert "/publishing/new/?reply_to_post=" in page


@pytest.mark.parametrize(
    ("category", "kind", "post_kind"),
    [
        ("privacy", "personal_data", "comment"),
        ("security", "secret", "mention"),
        ("conduct", "toxic", "comment"),
        ("reputation", "negative", "internal"),
        ("reputation", "negative", "own_post"),
    ],
)
def test_other_alerts_offer_no_reply(
    owner: User, channel: Channel, category: str, kind: str, post_kind: str
) -> None:
    page = _alert_page(owner, channel, category=category, kind=kind, post_kind=post_kind)
    assert "reply_to_post" not in page
