"""The page where a governance lead makes a consented linked private account's public posts be
collected: the connector form offers those accounts only, to leads only."""

from __future__ import annotations

import pytest
from django.test import Client

from socialgov.channels.models import Channel, LinkedAccount
from socialgov.channels.services import linked_account_declare
from socialgov.core.models import AuditEvent, User
from socialgov.monitoring.models import Connector
from socialgov.monitoring.tests.helpers import make_channel

pytestmark = pytest.mark.django_db

URL = "/monitoring/connectors/new/x/"


def declare(user: User, handle: str, *, watch: str = "public_mentions") -> LinkedAccount:
    assert user.person is not None
    return linked_account_declare(
        actor=user,
        person=user.person,
        platform="x",
        handle=handle,
        relation="mentions_employer",
        consent_given=True,
        watch=watch,
    )


def form(**more: str) -> dict[str, str]:
    return {
        "name": "Tessa on X",
        "poll_interval_seconds": "300",
        "is_active": "on",
        "config_searches": "from:tessa_private",
        "config_monthly_read_budget": "5000",
        "secret_bearer_token": "AAAA-bearer",
        **more,
    }


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_lead_attaches_a_connector_to_a_consented_linked_account(lead, teammate) -> None:
    account = declare(teammate, "tessa_private")
    client = signed_in(lead)

    page = client.get(URL)
    assert b"tessa_private" in page.content
    response = client.post(URL, form(linked_account=str(account.pk)))

    assert response.status_code == 302, response.content
    connector = Connector.objects.get(kind="x")
    assert connector.linked_account == account
    assert connector.channel is None
    assert AuditEvent.objects.filter(verb="linked_account.watch").count() == 1
    detail = client.get(f"/monitoring/connectors/{connector.pk}/")
    assert str(teammate.person).encode() in detail.content


def test_accounts_without_consent_to_read_their_posts_are_not_offered(lead, teammate) -> None:
    watched_for_impersonation = declare(teammate, "tessa_shield", watch="impersonation")
    declare(teammate, "tessa_private")
    client = signed_in(lead)

    assert b"tessa_shield" not in client.get(URL).content
    response = client.post(URL, form(linked_account=str(watched_for_impersonation.pk)))

    assert response.status_code == 200
    assert not Connector.objects.exists()


def test_someone_who_is_not_a_lead_gets_no_linked_account_field(admin_user, teammate) -> None:
    account = declare(teammate, "tessa_private")
    client = signed_in(admin_user)

    assert b"tessa_private" not in client.get(URL).content
    response = client.post(URL, form(linked_account=str(account.pk)))

    assert response.status_code == 302
    assert Connector.objects.get(kind="x").linked_account is None


def test_a_linked_account_connector_never_gets_a_channel(lead, teammate, owner) -> None:
    account = declare(teammate, "tessa_private")
    channel: Channel = make_channel(owner.person)
    client = signed_in(lead)

    assert b'name="channel"' not in client.get(URL).content
    response = client.post(URL, form(linked_account=str(account.pk), channel=str(channel.pk)))

    assert response.status_code == 302
    assert Connector.objects.get(kind="x").channel is None


def test_a_lead_with_no_consented_account_to_read_gets_no_form(lead, teammate) -> None:
    declare(teammate, "tessa_shield", watch="impersonation")
    client = signed_in(lead)

    assert client.get(URL).status_code == 403
    assert client.get("/monitoring/connectors/new/").status_code == 403
