"""Consented linked private accounts through the normal pipeline: collected and analysed for
what the employee agreed to, seen by them and the governance lead only, and deleted with the
consent."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from socialgov.channels.models import Channel, LinkedAccount
from socialgov.channels.services import linked_account_declare, linked_account_withdraw
from socialgov.core import permissions
from socialgov.core.models import AuditEvent, User
from socialgov.monitoring.linked_accounts import linked_account_connector_create
from socialgov.monitoring.models import Alert, Author, Connector, Finding, Post
from socialgov.monitoring.pipeline.analyse import analyse_until_idle
from socialgov.monitoring.pipeline.ingest import connector_poll
from socialgov.monitoring.tests.pattern_analyzer import analyze

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 3, 10, tzinfo=dt.UTC)
LEAK = "@mosa_help my colleague's number is 0470 12 34 56, call them about the claim"
ABOUT = "@mosa_help great service today"
PRIVATE = "holiday pictures from the beach"


@pytest.fixture
def channel(owner: User) -> Channel:
    assert owner.person is not None
    return Channel.objects.create(
        platform="mastodon",
        handle="mosa_help",
        purpose="customer_service",
        audience="external",
        status="active",
        owner=owner.person,
    )


def declare(user: User, *, watch: str = "public_mentions", consent: bool = True) -> LinkedAccount:
    assert user.person is not None
    return linked_account_declare(
        actor=user,
        person=user.person,
        platform="mastodon",
        handle="@tessa@mastodon.social",
        relation="mentions_employer",
        consent_given=consent,
        watch=watch,
    )


def posts_file(folder: Path, texts: list[str], *, first: int = 0) -> Path:
    path = folder / "linked.jsonl"
    with path.open("a", encoding="utf-8") as out:
        for number, text in enumerate(texts, start=first):
            item = {
                "platform": "mastodon",
                "id": f"linked-{number}",
                "text": text,
                "created_at": (NOW + dt.timedelta(minutes=number)).isoformat(),
                "author": {"id": "tessa", "handle": "@tessa@mastodon.social"},
            }
            out.write(json.dumps(item) + "\n")
    return path


@pytest.fixture
def watched(
    lead: User, teammate: User, channel: Channel, tmp_path: Path, settings: Any
) -> tuple[LinkedAccount, Connector]:
    settings.SOCIALGOV_IMPORT_DIRS = [str(tmp_path)]
    account = declare(teammate)
    path = posts_file(tmp_path, [LEAK, ABOUT, PRIVATE])
    connector = linked_account_connector_create(
        actor=lead, account=account, kind="file", config={"path": str(path)}
    )
    connector_poll(connector_id=connector.pk)
    analyse_until_idle(analyze=analyze)
    return account, connector


def test_a_consented_account_is_collected_and_analysed_for_posts_about_the_organisation(
    watched: tuple[LinkedAccount, Connector], channel: Channel
) -> None:
    account, _ = watched

    collected = Post.objects.filter(linked_account=account)
    assert sorted(collected.values_list("text", flat=True)) == sorted([LEAK, ABOUT])
    assert not Post.objects.filter(text=PRIVATE).exists()  # not about us: never stored
    assert set(collected.values_list("kind", flat=True)) == {"mention"}
    assert set(collected.values_list("channel_id", flat=True)) == {channel.pk}
    leak = Finding.objects.get(post__text=LEAK)
    assert leak.category == "privacy"
    assert not Alert.objects.exists()  # findings for the employee and the lead, not alerts


def test_the_employee_and_the_lead_see_the_posts_and_nobody_else_does(
    watched: tuple[LinkedAccount, Connector],
    teammate: User,
    lead: User,
    outsider: User,
    owner: User,
    analyst: User,
    auditor: User,
    admin_user: User,
) -> None:
    account, _ = watched
    mine = Post.objects.filter(linked_account=account)

    for reader in (teammate, lead):
        assert permissions.visible(reader, mine).count() == 2
        assert permissions.visible(reader, Finding.objects.filter(post__in=mine)).count() >= 1
    for other in (outsider, owner, analyst, auditor, admin_user):
        assert permissions.visible(other, mine).count() == 0
        assert permissions.visible(other, Finding.objects.filter(post__in=mine)).count() == 0
    # The channel's owner does not learn the employee's private handle from the author list.
    authors = Author.objects.filter(posts__in=mine).distinct()
    assert permissions.visible(owner, authors).count() == 0


def test_through_the_api_the_employee_sees_their_posts_and_another_employee_does_not(
    watched: tuple[LinkedAccount, Connector],
    api_as: Any,
    teammate: User,
    outsider: User,
    owner: User,
) -> None:
    own = api_as(teammate).get("/api/v1/posts/")
    assert own.status_code == 200
    assert LEAK in json.dumps(own.json())
    for other in (outsider, owner):
        listed = api_as(other).get("/api/v1/posts/")
        assert listed.status_code == 200
        assert LEAK not in json.dumps(listed.json())
        assert ABOUT not in json.dumps(listed.json())


def test_withdrawn_consent_deletes_collected_posts_and_stops_collection(
    watched: tuple[LinkedAccount, Connector], teammate: User, tmp_path: Path
) -> None:
    account, connector = watched
    assert Post.objects.filter(linked_account=account).count() == 2

    linked_account_withdraw(actor=teammate, account=account)

    assert not Post.objects.filter(linked_account=account).exists()
    assert not Finding.objects.filter(post__text=LEAK).exists()
    assert not Connector.objects.filter(pk=connector.pk).exists()
    event = AuditEvent.objects.get(verb="linked_account.collection_delete")
    assert event.changes["posts_deleted"] == 2
    posts_file(tmp_path, ["@mosa_help after withdrawal"], first=10)
    assert not Post.objects.filter(text__contains="after withdrawal").exists()


def test_a_connector_left_behind_collects_nothing_once_consent_is_gone(
    lead: User, teammate: User, channel: Channel, tmp_path: Path, settings: Any
) -> None:
    settings.SOCIALGOV_IMPORT_DIRS = [str(tmp_path)]
    account = declare(teammate)
    path = posts_file(tmp_path, [ABOUT])
    connector = linked_account_connector_create(
        actor=lead, account=account, kind="file", config={"path": str(path)}
    )
    # The consent disappears without the withdrawal service (a restore, a manual edit).
    LinkedAccount.objects.filter(pk=account.pk).update(status="withdrawn")

    connector_poll(connector_id=connector.pk)

    assert not Post.objects.exists()
    assert Connector.objects.get(pk=connector.pk).is_active is False


def test_an_account_watched_for_impersonation_only_is_never_read(
    lead: User, teammate: User, channel: Channel, tmp_path: Path, settings: Any
) -> None:
    settings.SOCIALGOV_IMPORT_DIRS = [str(tmp_path)]
    account = declare(teammate, watch="impersonation", consent=False)
    with pytest.raises(ValidationError):
        linked_account_connector_create(
            actor=lead,
            account=account,
            kind="file",
            config={"path": str(posts_file(tmp_path, [ABOUT]))},
        )
    assert not Connector.objects.exists()


def test_a_linked_connector_pointed_at_other_accounts_keeps_only_the_declared_accounts_posts(
    lead: User, teammate: User, channel: Channel, tmp_path: Path, settings: Any
) -> None:
    settings.SOCIALGOV_IMPORT_DIRS = [str(tmp_path)]
    account = declare(teammate)
    path = posts_file(tmp_path, [ABOUT])
    strangers = [
        ("@someone@mastodon.social", "@mosa_help a stranger's post about us"),
        ("@tessa@other.example", "@mosa_help same name, another server"),
        ("tessa", "@mosa_help the declared account, named without its server"),
    ]
    with path.open("a", encoding="utf-8") as out:
        for number, (handle, text) in enumerate(strangers, start=100):
            item = {
                "platform": "mastodon",
                "id": f"other-{number}",
                "text": text,
                "created_at": NOW.isoformat(),
                "author": {"id": f"a{number}", "handle": handle},
            }
            out.write(json.dumps(item) + "\n")
    connector = linked_account_connector_create(
        actor=lead, account=account, kind="file", config={"path": str(path)}
    )

    connector_poll(connector_id=connector.pk)

    kept = sorted(Post.objects.filter(linked_account=account).values_list("text", flat=True))
    assert kept == sorted([ABOUT, strangers[2][1]])
    assert not Post.objects.filter(linked_account__isnull=True).exists()


def test_only_governance_leads_see_or_change_a_linked_accounts_connector(
    lead: User,
    teammate: User,
    channel: Channel,
    admin_user: User,
    auditor: User,
    tmp_path: Path,
    settings: Any,
) -> None:
    settings.SOCIALGOV_IMPORT_DIRS = [str(tmp_path)]
    account = declare(teammate)
    connector = linked_account_connector_create(
        actor=lead, account=account, kind="file", config={"path": str(posts_file(tmp_path, []))}
    )
    connectors = Connector.objects.filter(pk=connector.pk)

    assert permissions.visible(lead, connectors).count() == 1
    assert permissions.can_change(lead, connector)
    for other in (admin_user, auditor, teammate):
        assert permissions.visible(other, connectors).count() == 0
        assert not permissions.can_change(other, connector)


def test_a_linked_accounts_connector_cannot_be_given_a_channel(
    lead: User, teammate: User, channel: Channel, tmp_path: Path, settings: Any
) -> None:
    from socialgov.monitoring.services import connector_update

    settings.SOCIALGOV_IMPORT_DIRS = [str(tmp_path)]
    account = declare(teammate)
    connector = linked_account_connector_create(
        actor=lead, account=account, kind="file", config={"path": str(posts_file(tmp_path, []))}
    )

    with pytest.raises(ValidationError) as refused:
        connector_update(actor=lead, connector=connector, channel=channel)

    assert "channel" in refused.value.message_dict
    assert Connector.objects.get(pk=connector.pk).channel_id is None
