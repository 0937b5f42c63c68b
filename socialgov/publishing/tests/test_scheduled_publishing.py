"""Scheduled publishing: sent once at its time even with two workers, retried with backoff,
failed with the platform's message, never sent without approvals, and a worker killed between
claim and send leaves a state that says so instead of a second post."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from socialgov.channels.models import Channel
from socialgov.core.models import Notification, User
from socialgov.engine.sources.publishing import PublishError, PublishRequest, PublishResult
from socialgov.publishing import jobs, services
from socialgov.publishing.models import Draft, DraftState

TEXT = "Bedankt voor uw bericht, wij helpen u graag verder."


class FakePlatform:
    """A publisher that records what it is asked to send, and fails as told."""

    platform = "mastodon"

    def __init__(self, *errors: PublishError) -> None:
        self.sent: list[PublishRequest] = []
        self.errors = list(errors)
        self.during_send: object = None

    def publish(self, request: PublishRequest) -> PublishResult:
        self.sent.append(request)
        if callable(self.during_send):
            self.during_send()
        if self.errors:
            raise self.errors.pop(0)
        return PublishResult(
            f"1135{len(self.sent)}", f"https://mastodon.example/@mosa/{len(self.sent)}"
        )


@pytest.fixture
def due(cm: User, owner: User, channel: Channel) -> Draft:
    at = timezone.now() - dt.timedelta(minutes=1)
    draft = services.draft_create(
        actor=cm, channel=channel, text=TEXT, language="nl", scheduled_at=at
    )
    draft = services.draft_submit(actor=cm, draft=draft)
    draft = services.draft_approve(actor=owner, draft=draft)
    assert draft.state == DraftState.SCHEDULED
    return draft


def test_a_due_post_is_published_and_its_platform_id_kept(due: Draft) -> None:
    platform = FakePlatform()
    outcome = jobs.publish_due(publisher_for=lambda _d: platform)
    due.refresh_from_db()
    assert outcome["published"] == 1
    assert due.state == DraftState.PUBLISHED and due.platform_post_id == "11351"
    assert platform.sent[0].idempotency_key == f"socialgov-draft-{due.pk}"


def test_a_post_is_sent_once_when_a_second_worker_runs_during_the_send(due: Draft) -> None:
    platform = FakePlatform()
    second_worker: list[dict[str, int]] = []
    platform.during_send = lambda: second_worker.append(
        jobs.publish_due(publisher_for=lambda _d: platform)
    )
    jobs.publish_due(publisher_for=lambda _d: platform)
    assert len(platform.sent) == 1
    assert second_worker == [{"recovered": 0}]
    due.refresh_from_db()
    assert due.state == DraftState.PUBLISHED


def test_only_one_of_two_claims_on_the_same_draft_wins(due: Draft) -> None:
    now = timezone.now()
    assert jobs.claim(due.pk, now=now) is not None
    assert jobs.claim(due.pk, now=now) is None


def test_a_post_not_yet_due_is_left_alone(cm: User, owner: User, channel: Channel) -> None:
    later = timezone.now() + dt.timedelta(hours=1)
    draft = services.draft_create(
        actor=cm, channel=channel, text=TEXT, language="nl", scheduled_at=later
    )
    services.draft_approve(actor=owner, draft=services.draft_submit(actor=cm, draft=draft))
    platform = FakePlatform()
    jobs.publish_due(publisher_for=lambda _d: platform)
    assert platform.sent == []


def test_a_worker_killed_between_claim_and_send_never_causes_a_second_post(due: Draft) -> None:
    now = timezone.now()
    assert jobs.claim(due.pk, now=now)  # the worker dies here, before the platform answers
    platform = FakePlatform()
    soon = jobs.publish_due(now=now + dt.timedelta(minutes=1), publisher_for=lambda _d: platform)
    assert soon == {"recovered": 0}
    later = jobs.publish_due(now=now + dt.timedelta(minutes=15), publisher_for=lambda _d: platform)
    due.refresh_from_db()
    assert later["recovered"] == 1 and platform.sent == []
    assert due.state == DraftState.FAILED and "between claim and send" in due.last_error


def test_a_failing_platform_is_retried_with_backoff_then_failed_and_the_owner_told(
    due: Draft, owner: User
) -> None:
    errors = [PublishError("HTTP 503 from mastodon", status=503, retryable=True) for _ in range(4)]
    platform = FakePlatform(*errors)
    now = timezone.now()
    waits = []
    for _attempt in range(4):
        jobs.publish_due(now=now, publisher_for=lambda _d: platform)
        due.refresh_from_db()
        if due.next_attempt_at and due.state == DraftState.SCHEDULED:
            waits.append(due.next_attempt_at - now)
            now = due.next_attempt_at
    assert waits == [dt.timedelta(minutes=2), dt.timedelta(minutes=4), dt.timedelta(minutes=8)]
    assert due.state == DraftState.FAILED and due.last_error == "HTTP 503 from mastodon"
    assert Notification.objects.filter(
        recipient=owner.person, subject="A post could not be published"
    ).exists()


def test_a_rate_limit_waits_at_least_until_the_platforms_reset(due: Draft) -> None:
    now = timezone.now()
    reset = now.timestamp() + 3600
    platform = FakePlatform(PublishError("HTTP 429", status=429, retryable=True, retry_at=reset))
    jobs.publish_due(now=now, publisher_for=lambda _d: platform)
    due.refresh_from_db()
    assert due.state == DraftState.SCHEDULED
    assert due.next_attempt_at is not None and due.next_attempt_at >= now + dt.timedelta(minutes=59)


def test_duplicate_content_fails_at_once(due: Draft) -> None:
    platform = FakePlatform(
        PublishError("HTTP 403: duplicate", status=403, duplicate=True, retryable=True)
    )
    jobs.publish_due(publisher_for=lambda _d: platform)
    due.refresh_from_db()
    assert due.state == DraftState.FAILED and len(platform.sent) == 1


def test_a_publisher_raising_any_exception_fails_the_draft_at_once_and_says_why(
    due: Draft,
) -> None:
    def broken(_draft: Draft) -> FakePlatform:
        raise KeyError("instance")

    assert jobs.publish_due(publisher_for=broken) == {"recovered": 0, "failed": 1}
    due.refresh_from_db()
    assert due.state == DraftState.FAILED and "unexpected KeyError" in due.last_error
    assert jobs.publish_due(publisher_for=broken) == {"recovered": 0}  # not tried again


def test_the_mastodon_publisher_is_built_from_the_connectors_own_configuration(
    channel: Channel,
) -> None:
    from socialgov.engine.sources.mastodon.publish import MastodonPublisher
    from socialgov.monitoring.services import connector_create

    connector_create(
        actor=None,
        name="mosa",
        kind="mastodon",
        config={"server": "https://mastodon.example", "notifications": True},
        secrets={"access_token": "tok"},
        channel=channel,
    )
    draft = Draft(channel=channel, text=TEXT, language="nl")
    publisher = jobs.connector_publisher(draft)
    assert isinstance(publisher, MastodonPublisher)
    assert publisher.base_url == "https://mastodon.example" and publisher.token == "tok"


def test_a_draft_forced_to_scheduled_without_approvals_is_not_sent(
    cm: User, channel: Channel
) -> None:
    draft = services.draft_create(actor=cm, channel=channel, text=TEXT, language="nl")
    Draft.objects.filter(pk=draft.pk).update(
        state=DraftState.SCHEDULED, scheduled_at=timezone.now() - dt.timedelta(minutes=1)
    )
    platform = FakePlatform()
    outcome = jobs.publish_due(publisher_for=lambda _d: platform)
    draft.refresh_from_db()
    assert outcome["refused"] == 1 and platform.sent == []
    assert draft.state == DraftState.IN_REVIEW
