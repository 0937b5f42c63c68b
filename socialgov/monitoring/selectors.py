from __future__ import annotations

from django.db import models

from socialgov.channels.models import LinkedAccount
from socialgov.channels.selectors import linked_account_list
from socialgov.core import permissions
from socialgov.core.permissions import AnyUser
from socialgov.monitoring.models import (
    Alert,
    AlertEvidence,
    AlertRule,
    Connector,
    Finding,
    Post,
)


def alert_list(
    *,
    user: AnyUser,
    status: str = "",
    severity: str = "",
    category: str = "",
    channel_id: int | None = None,
    mine: bool = False,
) -> models.QuerySet[Alert]:
    alerts = Alert.objects.select_related("channel", "owner", "rule")
    if status == "open":
        alerts = alerts.filter(status__in=("open", "acknowledged"))
    elif status:
        alerts = alerts.filter(status=status)
    if severity:
        alerts = alerts.filter(severity=severity)
    if category:
        alerts = alerts.filter(category=category)
    if channel_id:
        alerts = alerts.filter(channel_id=channel_id)
    if mine:
        alerts = alerts.filter(owner_id=permissions.person_id(user))
    return permissions.visible(user, alerts)


def alert_get(*, user: AnyUser, pk: int) -> Alert | None:
    return alert_list(user=user).filter(pk=pk).first()


def alert_evidence(*, alert: Alert, limit: int = 200) -> list[AlertEvidence]:
    """The evidence of an alert the user may already see; post text is filtered at render
    time with `policies.may_read_post_text`. Each row carries `alert` already, so reading
    `evidence.alert` (the reply rule does) costs no query per row."""
    evidence = list(
        AlertEvidence.objects.filter(alert=alert)
        .select_related("finding__post__author", "finding__post__channel")
        .order_by("-finding__score", "id")[:limit]
    )
    for item in evidence:
        item.alert = alert
    return evidence


def alert_rule_list(*, user: AnyUser) -> models.QuerySet[AlertRule]:
    return permissions.visible(user, AlertRule.objects.select_related("channel"))


def connector_list(*, user: AnyUser) -> models.QuerySet[Connector]:
    return permissions.visible(user, Connector.objects.select_related("channel"))


def connector_get(*, user: AnyUser, pk: int) -> Connector | None:
    return connector_list(user=user).filter(pk=pk).first()


def post_list(*, user: AnyUser) -> models.QuerySet[Post]:
    return permissions.visible(user, Post.objects.select_related("author", "channel"))


def finding_list(*, user: AnyUser) -> models.QuerySet[Finding]:
    return permissions.visible(user, Finding.objects.select_related("post"))


def linked_account_get(*, user: AnyUser, pk: int) -> LinkedAccount | None:
    """A linked private account declaration, for its employee and the governance leads only
    (the channels register's own policy: not admins, not auditors)."""
    return linked_account_list(user=user).filter(pk=pk).first()


def linked_account_posts(*, user: AnyUser, account: LinkedAccount) -> models.QuerySet[Post]:
    """What was collected from `account`, newest first, each with its findings (most certain
    first). Filtered by the post policy as well, so a reader who reached the account some other
    way still sees only what DESIGN §5 lets them: the employee and the governance leads."""
    findings = Finding.objects.order_by("-score", "id")
    posts = (
        Post.objects.filter(linked_account=account)
        .select_related("channel")
        .prefetch_related(models.Prefetch("findings", queryset=findings))
        .order_by("-published_at", "-id")
    )
    return permissions.visible(user, posts)
