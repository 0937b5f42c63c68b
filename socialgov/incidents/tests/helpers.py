"""Channels, alerts and playbooks for the incident tests."""

from __future__ import annotations

import itertools
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from socialgov.channels.models import Audience, Channel, Purpose
from socialgov.channels.services import channel_register
from socialgov.core.models import User
from socialgov.incidents.models import Playbook
from socialgov.library.importer import library_load
from socialgov.monitoring.models import Alert, AlertEvidence, AlertRule, Finding, Post, PostKind

_NUMBERS = itertools.count(1)
PLAYBOOKS = Path(settings.BASE_DIR) / "library" / "playbooks"


def channel_of(owner: User, handle: str = "acme") -> Channel:
    return channel_register(
        actor=None,
        platform="instagram",
        handle=handle,
        purpose=Purpose.CUSTOMER_SERVICE,
        audience=Audience.EXTERNAL,
        owner=owner.person,
        status="active",
    )


def alert_on(
    channel: Channel,
    *,
    text: str = "Our password is hunter2",
    severity: str = "high",
    category: str = "privacy",
    key: str = "rule:1:channel:1",
) -> Alert:
    rule = AlertRule.objects.create(name=f"Rule {key}", finding_kinds=["personal_data"])
    now = timezone.now()
    number = next(_NUMBERS)
    post = Post.objects.create(
        platform="instagram",
        external_id=f"post-{number}",
        text=text,
        published_at=now,
        kind=PostKind.OWN_POST,
        channel=channel,
        url="https://www.instagram.com/p/1/",
    )
    finding = Finding.objects.create(
        post=post,
        analyzer="personal_data",
        kind="secret",
        score=0.9,
        reason="x",
        fingerprint=f"f{number}",
    )
    alert = Alert.objects.create(
        rule=rule,
        channel=channel,
        owner=channel.owner,
        group_key=key,
        title=f"Leak on {channel.handle}",
        severity=severity,
        category=category,
        first_seen_at=now,
        last_seen_at=now,
    )
    AlertEvidence.objects.create(alert=alert, finding=finding)
    return alert


def load_playbooks() -> None:
    report = library_load(paths=[PLAYBOOKS])
    assert Playbook.objects.count() == 7, report


def playbook(key: str) -> Playbook:
    return Playbook.objects.get(key=key)
