"""Demo data: the channels of Mosa, owned by the demo people, with grants, reviews, lookalikes
and linked accounts, read from demo_channels.yaml and written through the services.

Idempotent: each item is looked up before it is created, so `socialgov demo` can run again.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml
from django.utils import timezone

from socialgov.channels.handles import normalise_handle, profile_url
from socialgov.channels.models import (
    AccessGrant,
    AccessReview,
    Channel,
    ChannelStatus,
    DiscoveredAccount,
    LinkedAccount,
    ReviewStatus,
    Triage,
)
from socialgov.channels.services import (
    access_grant_add,
    access_review_complete,
    access_review_decide,
    access_review_open,
    channel_register,
    discovered_account_record,
    discovered_account_triage,
    linked_account_declare,
)
from socialgov.core.demo import DemoContext, register_demo_builder
from socialgov.core.models import Person
from socialgov.core.services import person_create, person_deactivate

DATA_FILE = Path(__file__).with_name("demo_channels.yaml")


def demo_data() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    return data


def _leaver(context: DemoContext, row: dict[str, Any]) -> Person:
    person = Person.objects.filter(employee_id=row["employee_id"]).first()
    if person is None:
        person = person_create(
            actor=None,
            employee_id=row["employee_id"],
            first_name=row["first_name"],
            last_name=row["last_name"],
            email=row["email"],
            org_unit=context.org_units[row["org_unit"]],
            job_title=row["job_title"],
            manager=context.people[row["manager"]],
        )
    return person


def _channels(
    context: DemoContext, data: dict[str, Any], people: dict[str, Person]
) -> dict[str, Channel]:
    today = timezone.localdate()
    channels: dict[str, Channel] = {}
    for row in data["channels"]:
        handle = normalise_handle(row["platform"], row["handle"])
        channel = Channel.objects.filter(platform=row["platform"], handle=handle).first()
        if channel is None:
            channel = channel_register(
                actor=None,
                platform=row["platform"],
                handle=row["handle"],
                url=profile_url(row["platform"], handle),
                display_name=row["display_name"],
                purpose=row["purpose"],
                audience=row["audience"],
                owner=people[row["owner"]],
                deputy=people[row["deputy"]] if row.get("deputy") else None,
                status=row["status"],
                reach=row.get("reach"),
                verified=row.get("verified", False),
                org_unit=context.org_units[row["org_unit"]],
                brand=row.get("brand", ""),
                # Spread the start dates so reviews fall due on different days.
                started_on=today - dt.timedelta(days=400 + 17 * len(channels)),
                # Reviewed on different days, so the next ones fall due on different days too.
                last_reviewed_on=(
                    today - dt.timedelta(days=row["reviewed_days_ago"])
                    if "reviewed_days_ago" in row
                    else today - dt.timedelta(days=5 + (13 * len(channels)) % 80)
                ),
                **data["postures"][row["posture"]],
            )
        channels[row["key"]] = channel
    return channels


def _grants(data: dict[str, Any], channels: dict[str, Channel], people: dict[str, Person]) -> None:
    today = timezone.localdate()
    for row in data["grants"]:
        channel = channels[row["channel"]]
        person = people[row["employee"]] if row.get("employee") else None
        outside = row.get("external_name", "")
        if AccessGrant.objects.filter(
            channel=channel, person=person, external_name=outside, role=row["role"]
        ).exists():
            continue
        access_grant_add(
            actor=None,
            channel=channel,
            person=person,
            external_name=outside,
            agency=row.get("agency", ""),
            role=row["role"],
            granted_by=channel.owner,
            granted_on=today - dt.timedelta(days=200),
        )


def _reviews(context: DemoContext, channels: dict[str, Channel]) -> None:
    today = timezone.localdate()
    owner_user = context.users["owner"]
    facebook = channels["fb-nl"]
    if not AccessReview.objects.filter(channel=facebook).exists():
        review = access_review_open(
            actor=None, channel=facebook, due_on=today - dt.timedelta(days=20)
        )
        for grant in AccessGrant.objects.filter(channel=facebook):
            access_review_decide(actor=owner_user, review=review, grant=grant, decision="keep")
        access_review_complete(actor=owner_user, review=review)
    instagram = channels["ig"]
    if not AccessReview.objects.filter(channel=instagram, status=ReviewStatus.OPEN).exists():
        # The overdue one: the owner has not recertified the agency's access yet.
        access_review_open(actor=None, channel=instagram, due_on=today - dt.timedelta(days=9))


def _discovered(context: DemoContext, data: dict[str, Any], channels: dict[str, Channel]) -> None:
    analyst = context.users["analyst"]
    for row in data["discovered"]:
        handle = normalise_handle(row["platform"], row["handle"])
        if DiscoveredAccount.objects.filter(platform=row["platform"], handle=handle).exists():
            continue
        discovered_account_record(
            actor=analyst,
            platform=row["platform"],
            handle=row["handle"],
            display_name=row["display_name"],
            similarity=row["similarity"],
            resembles=channels[row["resembles"]],
            evidence=row["evidence"],
        )
    fans = DiscoveredAccount.objects.filter(platform="facebook", handle="mosafanslimburg").first()
    if fans is not None and fans.triage == Triage.NEW:
        discovered_account_triage(
            actor=analyst,
            account=fans,
            triage=Triage.HARMLESS,
            note="Run by a broker's staff; they agreed to call it a fan page.",
        )


def _linked_accounts(context: DemoContext, data: dict[str, Any]) -> None:
    for row in data["linked_accounts"]:
        user = context.users[row["user"]]
        if (
            user.person is None
            or LinkedAccount.objects.filter(person=user.person, platform=row["platform"]).exists()
        ):
            continue
        linked_account_declare(
            actor=user,
            person=user.person,
            platform=row["platform"],
            handle=row["handle"],
            relation=row["relation"],
            consent_given=row["consent_given"],
            watch=row["watch"],
        )


@register_demo_builder
def build_channels(context: DemoContext) -> None:
    data = demo_data()
    leaver = _leaver(context, data["leaver"])
    people = {**context.people, leaver.employee_id: leaver}
    channels = _channels(context, data, people)
    _grants(data, channels, people)
    if leaver.is_active:
        # Leaving orphans the events account and flags the leaver's admin grant at once.
        person_deactivate(
            actor=None, person=leaver, left_at=timezone.localdate() - dt.timedelta(days=3)
        )
    _reviews(context, channels)
    _discovered(context, data, channels)
    _linked_accounts(context, data)
    orphaned = Channel.objects.filter(status=ChannelStatus.ORPHANED).count()
    context.log.append(f"channels: {Channel.objects.count()} in the register, {orphaned} orphaned")
