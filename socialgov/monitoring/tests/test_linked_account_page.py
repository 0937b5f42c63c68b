"""The employee's page of what was collected from their consented linked private account: their
own posts and what was found, in their language; nobody else but the governance leads; emptied
by the withdrawal."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.test import Client

from socialgov.channels.models import Channel, LinkedAccount
from socialgov.core.models import User
from socialgov.monitoring.linked_accounts import linked_account_connector_create
from socialgov.monitoring.models import Connector, Finding, Post
from socialgov.monitoring.pipeline.analyse import analyse_until_idle
from socialgov.monitoring.pipeline.ingest import connector_poll
from socialgov.monitoring.tests.pattern_analyzer import analyze
from socialgov.monitoring.tests.test_linked_accounts import (
    ABOUT,
    LEAK,
    PRIVATE,
    declare,
    posts_file,
)

pytestmark = pytest.mark.django_db

PHONE = {"key": "engine.personal_data.phone_number", "params": {}}


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


@pytest.fixture
def account(
    lead: User, teammate: User, channel: Channel, tmp_path: Path, settings: Any
) -> LinkedAccount:
    """The teammate's consented account, collected and analysed; the phone-number finding
    carries its reason as a message, as the shipped analyzers store it."""
    settings.SOCIALGOV_IMPORT_DIRS = [str(tmp_path)]
    account = declare(teammate)
    path = posts_file(tmp_path, [LEAK, ABOUT, PRIVATE])
    connector = linked_account_connector_create(
        actor=lead, account=account, kind="file", config={"path": str(path)}
    )
    connector_poll(connector_id=connector.pk)
    analyse_until_idle(analyze=analyze)
    Finding.objects.filter(post__text=LEAK, kind="phone").update(reason_message=PHONE)
    return account


def page(client: Client, user: User, url: str, language: str = "en") -> Any:
    client.force_login(user)
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = language
    return client.get(url)


def url(account: LinkedAccount) -> str:
    return f"/monitoring/linked/{account.pk}/"


def test_the_employee_sees_their_collected_posts_and_what_was_found(
    client: Client, account: LinkedAccount, teammate: User
) -> None:
    response = page(client, teammate, url(account))

    assert response.status_code == 200
    body = response.content.decode()
    assert "0470 12 34 56" in body and "great service today" in body
    assert PRIVATE not in body  # never stored: not about the organisation
    assert "phone number" in body
    assert "Withdraw and delete" in body
    assert "deletes every post collected" in body


@pytest.mark.parametrize(
    ("language", "reason", "button"),
    [("nl", "telefoonnummer", "Intrekken en wissen"), ("fr", "numéro de téléphone", "Retirer et")],
)
def test_the_page_and_the_findings_reasons_read_in_the_readers_language(
    client: Client,
    account: LinkedAccount,
    teammate: User,
    language: str,
    reason: str,
    button: str,
) -> None:
    body = page(client, teammate, url(account), language).content.decode()

    assert reason in body
    assert button in body
    assert "phone number" not in body


def test_the_governance_lead_sees_the_page_but_may_not_withdraw_for_the_employee(
    client: Client, account: LinkedAccount, lead: User
) -> None:
    response = page(client, lead, url(account))

    assert response.status_code == 200
    body = response.content.decode()
    assert "0470 12 34 56" in body
    assert "Withdraw and delete" not in body


@pytest.mark.parametrize("reader", ["outsider", "owner", "auditor", "admin_user", "analyst"])
def test_nobody_else_finds_the_page_not_even_the_channels_owner_or_an_admin(
    client: Client, account: LinkedAccount, reader: str, request: pytest.FixtureRequest
) -> None:
    response = page(client, request.getfixturevalue(reader), url(account))

    assert response.status_code == 404
    assert b"0470" not in response.content


def test_an_anonymous_visitor_is_sent_to_sign_in(client: Client, account: LinkedAccount) -> None:
    response = client.get(url(account))

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/accounts/login/")


def test_the_linked_accounts_page_links_to_what_was_collected(
    client: Client, account: LinkedAccount, teammate: User
) -> None:
    body = page(client, teammate, "/channels/linked/").content.decode()

    assert url(account) in body
    assert "deletes everything collected" in body


def test_after_withdrawal_the_posts_are_deleted_and_the_page_is_empty(
    client: Client, account: LinkedAccount, teammate: User
) -> None:
    client.force_login(teammate)
    response = client.post(f"/channels/linked/{account.pk}/withdraw/")
    assert response.status_code == 302

    assert not Post.objects.filter(linked_account=account).exists()
    body = page(client, teammate, url(account)).content.decode()
    assert "Nothing has been collected from this account." in body
    assert "0470" not in body
    assert "Withdraw and delete" not in body


def test_the_posts_are_paginated(
    client: Client, account: LinkedAccount, teammate: User, tmp_path: Path
) -> None:
    more = [f"@mosa_help message number {n}" for n in range(30)]
    posts_file(tmp_path, more, first=100)
    connector_poll(connector_id=Connector.objects.get(linked_account=account).pk)

    first = page(client, teammate, url(account)).content.decode()
    second = page(client, teammate, url(account) + "?page=2").content.decode()

    assert "32 posts collected" in first
    assert "Page 1 of 2" in first
    assert "Page 2 of 2" in second


def test_the_page_costs_the_same_queries_however_many_posts_were_collected(
    client: Client,
    account: LinkedAccount,
    teammate: User,
    tmp_path: Path,
    django_assert_max_num_queries: Any,
) -> None:
    client.force_login(teammate)
    client.get(url(account))  # warm the session and the caches
    with django_assert_max_num_queries(10):
        client.get(url(account))
    more = [f"@mosa_help 0470 11 22 {n:02d}" for n in range(20)]
    posts_file(tmp_path, more, first=100)
    connector_poll(connector_id=Connector.objects.get(linked_account=account).pk)
    analyse_until_idle(analyze=analyze)

    with django_assert_max_num_queries(10):
        response = client.get(url(account))
    assert response.content.decode().count("0470 11 22") == 20
