"""Reads behind the dashboards, the board report, the exports and the report API: each figure
is computed here once, from what the user may see, for one period."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

from django.db import models
from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q, Sum
from django.db.models.functions import Coalesce, TruncDay

from socialgov.assessments.models import Assessment
from socialgov.channels import selectors as channel_selectors
from socialgov.channels.models import ChannelStatus
from socialgov.core import permissions
from socialgov.core.permissions import AnyUser
from socialgov.engine import terms
from socialgov.incidents import selectors as incident_selectors
from socialgov.incidents.models import IncidentSeverity
from socialgov.monitoring import selectors as monitoring_selectors
from socialgov.monitoring.models import AlertCategory, AlertSeverity, Post, PostKind
from socialgov.monitoring.models.choices import MENTION_KINDS, OPEN_ALERT_STATUSES
from socialgov.monitoring.pipeline.detector_alerts import COMPROMISE
from socialgov.policies import selectors as policy_selectors
from socialgov.reports.access import ActivityPolicy, may_read_board_reports
from socialgov.reports.models import (
    BoardReport,
    ChannelActivity,
    Granularity,
    OrganisationActivity,
)
from socialgov.reports.periods import Period
from socialgov.risks import selectors as risk_selectors
from socialgov.risks.models import KRIState
from socialgov.strategy import selectors as strategy_selectors

# Top terms are counted in the latest posts of the period, at most this many: a bounded read
# (one index range) whatever the size of the store; the page says so when it is reached.
TERM_SAMPLE = 2000
# Top posts are chosen among the period's latest posts, at most this many, for the same reason.
POST_SAMPLE = 5000
# Posts the public writes or the organisation publishes; direct and internal messages never
# appear in a top list or a report.
PUBLIC_KINDS = (PostKind.OWN_POST, PostKind.MENTION, PostKind.COMMENT)

# Age bands of what is still open, in days: under one, one to seven, seven to thirty, older.
AGE_BANDS = (1, 7, 30)
ENGAGEMENT = (
    Coalesce("likes_count", 0)
    + Coalesce("reposts_count", 0)
    + Coalesce("replies_count", 0)
    + Coalesce("quotes_count", 0)
)


@dataclass
class Activity:
    """Posts, mentions and negative mentions per point of the period, summed over channels."""

    buckets: list[dt.datetime]
    posts: list[int]
    mentions: list[int]
    negative: list[int]

    @property
    def totals(self) -> dict[str, int]:
        return {
            "posts": sum(self.posts),
            "mentions": sum(self.mentions),
            "negative": sum(self.negative),
        }


def activity(
    *, user: AnyUser, period: Period, channels: models.QuerySet[Any] | None = None
) -> Activity:
    window = {"bucket_start__gte": period.start, "bucket_start__lt": period.end}
    rows: models.QuerySet[Any]
    if channels is None and permissions.has_org_role(user, *ActivityPolicy.org_readers):
        # Org-wide readers get the organisation's totals: one row per day, not per channel.
        rows = OrganisationActivity.objects.filter(granularity=Granularity.DAY, **window)
    else:
        rows = permissions.visible(user, ChannelActivity.objects.all()).filter(
            granularity=Granularity.DAY, **window
        )
        if channels is not None:
            rows = rows.filter(channel__in=channels.values("pk"))
    grouped = (
        rows.values("bucket_start")
        .annotate(p=Sum("posts"), m=Sum("mentions"), n=Sum("negative"))
        .order_by()
    )
    buckets = period.buckets()
    result = Activity(buckets, [0] * len(buckets), [0] * len(buckets), [0] * len(buckets))
    for row in grouped:
        index = period.bucket_of(row["bucket_start"])
        if index is not None:
            result.posts[index] += row["p"] or 0
            result.mentions[index] += row["m"] or 0
            result.negative[index] += row["n"] or 0
    return result


def _period_posts(
    user: AnyUser, period: Period, channels: models.QuerySet[Any] | None
) -> models.QuerySet[Post]:
    posts = permissions.visible(user, Post.objects.all()).filter(
        published_at__gte=period.start,
        published_at__lt=period.end,
        kind__in=PUBLIC_KINDS,
        deleted_at__isnull=True,
        channel__isnull=False,
    )
    if channels is not None:
        posts = posts.filter(channel__in=channels.values("pk"))
    return posts


@dataclass
class TopTerms:
    terms: list[tuple[str, int]]
    posts_read: int

    @property
    def sampled(self) -> bool:
        return self.posts_read >= TERM_SAMPLE


def top_terms(
    *,
    user: AnyUser,
    period: Period,
    channels: models.QuerySet[Any] | None = None,
    limit: int = 15,
) -> TopTerms:
    """The terms found in most mentions of the period (the latest TERM_SAMPLE of them), the
    channels' own handles left out."""
    mentions = _period_posts(user, period, channels).filter(kind__in=MENTION_KINDS)
    rows = list(
        mentions.order_by("-published_at", "-id").values_list("text", "channel__handle")[
            :TERM_SAMPLE
        ]
    )
    handles = {f"@{handle.lstrip('@').lower()}" for _text, handle in rows if handle}
    found = terms.top_terms((text for text, _handle in rows), limit=limit, ignore=handles)
    return TopTerms(found, len(rows))


def top_posts(
    *,
    user: AnyUser,
    period: Period,
    channels: models.QuerySet[Any] | None = None,
    limit: int = 5,
) -> list[Post]:
    """The posts with the most reactions (likes, reposts, replies and quotes the platform
    reported) among the period's latest POST_SAMPLE, newest first among equals; each carries
    `engagement`."""
    latest = (
        _period_posts(user, period, channels)
        .order_by("-published_at", "-id")
        .values("pk")[:POST_SAMPLE]
    )
    return list(
        Post.objects.filter(pk__in=latest)
        .annotate(engagement=ENGAGEMENT)
        .filter(engagement__gt=0)
        .select_related("channel", "author")
        .order_by("-engagement", "-published_at", "-id")[:limit]
    )


def topics(*, user: AnyUser, period: Period, brands: int = 6) -> dict[str, Any]:
    """The period's top terms and posts, and the top terms of each brand (the first `brands`
    by name), as plain data for the board report."""
    found = top_terms(user=user, period=period, limit=10)
    channels = channel_selectors.channel_list(user=user).exclude(brand="")
    names = list(channels.order_by("brand").values_list("brand", flat=True).distinct()[:brands])
    return {
        "terms": [list(item) for item in found.terms],
        "posts_read": found.posts_read,
        "posts": [
            {
                "channel": str(post.channel),
                "text": " ".join(post.text.split())[:200],
                "engagement": getattr(post, "engagement", 0),
                "published": post.published_at.date().isoformat(),
            }
            for post in top_posts(user=user, period=period)
        ],
        "brands": [
            {
                "brand": name,
                "terms": [
                    list(item)
                    for item in top_terms(
                        user=user, period=period, channels=channels.filter(brand=name), limit=8
                    ).terms
                ],
            }
            for name in names
        ],
    }


def alerts_in(*, user: AnyUser, period: Period) -> models.QuerySet[Any]:
    return monitoring_selectors.alert_list(user=user).filter(
        first_seen_at__gte=period.start, first_seen_at__lt=period.end
    )


def alerts_by_category(*, user: AnyUser, period: Period) -> dict[str, list[int]]:
    """Alerts raised per category and point of the period."""
    buckets = period.buckets()
    counts = {value: [0] * len(buckets) for value in AlertCategory.values}
    grouped = (
        alerts_in(user=user, period=period)
        .order_by()
        .annotate(day=TruncDay("first_seen_at", tzinfo=dt.UTC))
        .values("day", "category")
        .annotate(n=Count("id"))
    )
    for row in grouped:
        index = period.bucket_of(row["day"])
        if index is not None and row["category"] in counts:
            counts[row["category"]][index] += row["n"]
    return counts


def _age_counts(
    rows: models.QuerySet[Any], moment: str, severities: list[str], now: dt.datetime
) -> dict[str, list[int]]:
    edges = [now - dt.timedelta(days=days) for days in AGE_BANDS]
    bands = {
        "a0": Count("id", filter=Q(**{f"{moment}__gt": edges[0]})),
        "a1": Count("id", filter=Q(**{f"{moment}__lte": edges[0], f"{moment}__gt": edges[1]})),
        "a2": Count("id", filter=Q(**{f"{moment}__lte": edges[1], f"{moment}__gt": edges[2]})),
        "a3": Count("id", filter=Q(**{f"{moment}__lte": edges[2]})),
    }
    grouped = {row["severity"]: row for row in rows.order_by().values("severity").annotate(**bands)}
    return {
        severity: [grouped.get(severity, {}).get(f"a{i}", 0) for i in range(4)]
        for severity in severities
    }


def open_alerts_by_age(*, user: AnyUser, now: dt.datetime) -> dict[str, list[int]]:
    """Open alerts per severity and age band (see AGE_BANDS)."""
    alerts = monitoring_selectors.alert_list(user=user).filter(status__in=OPEN_ALERT_STATUSES)
    return _age_counts(alerts, "first_seen_at", AlertSeverity.values, now)


def open_incidents_by_age(*, user: AnyUser, now: dt.datetime) -> dict[str, list[int]]:
    incidents = incident_selectors.incident_list(user=user).filter(
        status__in=incident_selectors.ACTIVE
    )
    return _age_counts(incidents, "detected_at", IncidentSeverity.values, now)


def takeover_alerts(*, user: AnyUser, period: Period) -> int:
    """Alerts of the period raised by the account-takeover (compromise) detector."""
    return (
        alerts_in(user=user, period=period)
        .filter(rule__finding_kinds=[COMPROMISE.analyzer])
        .order_by()
        .count()
    )


def mean_hours_to_acknowledge(*, user: AnyUser, period: Period) -> float | None:
    waited = ExpressionWrapper(
        F("acknowledged_at") - F("first_seen_at"), output_field=DurationField()
    )
    mean = (
        alerts_in(user=user, period=period)
        .filter(acknowledged_at__isnull=False)
        .order_by()
        .aggregate(mean=Avg(waited))["mean"]
    )
    return round(mean.total_seconds() / 3600, 1) if mean is not None else None


def completed_assessments(
    *, user: AnyUser, until: dt.datetime, limit: int = 12
) -> list[Assessment]:
    """The latest completed assessments up to `until`, oldest first (the maturity trend)."""
    rows = permissions.visible(user, Assessment.objects.all()).filter(
        status="completed", completed_at__lt=until, overall_score__isnull=False
    )
    return list(reversed(rows.order_by("-completed_at", "-id")[:limit]))


def channel_health(*, user: AnyUser) -> dict[str, int]:
    channels = channel_selectors.channel_list(user=user).order_by()
    in_use = channels.exclude(status=ChannelStatus.RETIRED)
    return {
        "in_use": in_use.count(),
        "orphaned": in_use.filter(status=ChannelStatus.ORPHANED).count(),
        "without_objective": strategy_selectors.channels_without_objective_count(user=user),
        "reviews_overdue": channel_selectors.overdue_reviews(user=user).order_by().count(),
        "lookalikes_to_triage": channel_selectors.untriaged_count(user=user),
    }


@dataclass
class Summary:
    """The figures of one period, shared by the API, the board report and the exports."""

    period: str
    start: str
    end: str
    risks: dict[str, int] = field(default_factory=dict)
    alerts: dict[str, Any] = field(default_factory=dict)
    incidents: dict[str, Any] = field(default_factory=dict)
    kris: dict[str, int] = field(default_factory=dict)
    channels: dict[str, int] = field(default_factory=dict)
    monitoring: dict[str, int] = field(default_factory=dict)
    governance: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _governance(user: AnyUser, period: Period) -> dict[str, Any]:
    assessments = completed_assessments(user=user, until=period.end, limit=2)
    acknowledged = policy_selectors.completion_by_org_unit(user=user)
    asked = sum(row.asked for row in acknowledged)
    training = training_rows(user)
    assigned = sum(row.assigned for row in training)
    gaps = [c for c in strategy_selectors.coverage_by_usage_type(user=user) if not c.objectives]
    return {
        "assessment_score": round(assessments[-1].overall_score or 0, 2) if assessments else None,
        "previous_assessment_score": (
            round(assessments[-2].overall_score or 0, 2) if len(assessments) > 1 else None
        ),
        "strategy_gaps": len(gaps),
        "acknowledgement_rate": (
            round(100 * sum(row.done for row in acknowledged) / asked, 1) if asked else None
        ),
        "training_completion_rate": (
            round(100 * sum(row.passed for row in training) / assigned, 1) if assigned else None
        ),
    }


def training_rows(user: AnyUser) -> list[Any]:
    from socialgov.awareness import selectors as awareness_selectors

    return awareness_selectors.dashboard(user=user, overdue_limit=0).by_org_unit


def summary(*, user: AnyUser, period: Period, now: dt.datetime | None = None) -> Summary:
    now = now or period.end
    result = Summary(
        period.key,
        period.start.date().isoformat(),
        (period.end - dt.timedelta(days=1)).date().isoformat(),
    )
    risks = risk_selectors.risk_list(user=user).order_by()
    open_risks = risks.filter(status__in=risk_selectors.OPEN_STATUSES)
    result.risks = {
        "open": open_risks.count(),
        "high_residual": open_risks.filter(residual_rank__gte=3).count(),
        "overdue_treatments": risk_selectors.overdue_treatments(
            user=user, today=now.date()
        ).count(),
        "changed_in_period": risks.filter(
            history__changed_at__gte=period.start, history__changed_at__lt=period.end
        )
        .distinct()
        .count(),
    }
    raised = alerts_in(user=user, period=period).order_by()
    by_severity = dict(raised.values_list("severity").annotate(n=Count("id")))
    result.alerts = {
        "raised": sum(by_severity.values()),
        "by_severity": {s: by_severity.get(s, 0) for s in AlertSeverity.values},
        "open": monitoring_selectors.alert_list(user=user, status="open").count(),
        "takeover": takeover_alerts(user=user, period=period),
        "mean_hours_to_acknowledge": mean_hours_to_acknowledge(user=user, period=period),
    }
    incidents = incident_selectors.incident_list(user=user).order_by()
    opened = incidents.filter(detected_at__gte=period.start, detected_at__lt=period.end)
    opened_by_severity = dict(opened.values_list("severity").annotate(n=Count("id")))
    result.incidents = {
        "opened": sum(opened_by_severity.values()),
        "open": incidents.filter(status__in=incident_selectors.ACTIVE).count(),
        "by_severity": {s: opened_by_severity.get(s, 0) for s in IncidentSeverity.values},
    }
    kris = dict(
        risk_selectors.kri_list(user=user)
        .order_by()
        .values_list("current_state")
        .annotate(n=Count("id"))
    )
    result.kris = {state: kris.get(state, 0) for state in KRIState.values}
    result.channels = channel_health(user=user)
    result.monitoring = activity(user=user, period=period).totals
    result.governance = _governance(user, period)
    return result


def board_report_list(*, user: AnyUser) -> models.QuerySet[BoardReport]:
    """Board reports with their period and author, without the PDFs themselves."""
    if not may_read_board_reports(user):
        return BoardReport.objects.none()
    return BoardReport.objects.select_related("author").defer("pdf", "figures")


def board_report_get(*, user: AnyUser, pk: int) -> BoardReport | None:
    if not may_read_board_reports(user):
        return None
    return BoardReport.objects.filter(pk=pk).first()
