"""The dashboards by role: panels of charts and figures, each linking to the list behind it.

The figures come from `selectors`; this module only names them in the reader's language,
draws them and says where each one leads.
"""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from socialgov.archive import access as archive_access
from socialgov.channels import selectors as channel_selectors
from socialgov.core.permissions import AnyUser
from socialgov.incidents.models import IncidentSeverity
from socialgov.monitoring.models import AlertCategory, AlertSeverity
from socialgov.policies import selectors as policy_selectors
from socialgov.reports import charts, selectors
from socialgov.reports.access import owned_channels
from socialgov.reports.charts import Cell, Chart, Series
from socialgov.reports.periods import Period
from socialgov.risks import selectors as risk_selectors
from socialgov.risks.models import KRIMeasurement, KRIState


@dataclass(frozen=True)
class Figure:
    label: str | Promise
    value: Any
    url: str = ""
    chart: SafeString | None = None


@dataclass
class Panel:
    title: str
    chart: SafeString | None = None
    figures: list[Figure] = field(default_factory=list)


def drawn(chart: Chart) -> SafeString:
    # Safe: the chart module escapes every text it puts into the markup.
    return mark_safe(chart.html(table_label=_("Data table")))  # noqa: S308


def link(name: str, **query: Any) -> str:
    url = reverse(name)
    filled = {key: value for key, value in query.items() if value not in ("", None)}
    return f"{url}?{urlencode(filled)}" if filled else url


def age_labels() -> list[str]:
    first, second, third = selectors.AGE_BANDS
    return [
        _("under %(days)s day") % {"days": first},
        _("%(low)s–%(high)s days") % {"low": first, "high": second},
        _("%(low)s–%(high)s days") % {"low": second, "high": third},
        _("over %(days)s days") % {"days": third},
    ]


def heat_map_panels(user: AnyUser) -> list[Panel]:
    panels = []
    for _inherent, residual in risk_selectors.heat_maps(user=user):
        matrix = residual.matrix
        cells = [
            [
                Cell(
                    cell.count,
                    cell.colour,
                    link(
                        "risks:register",
                        side="residual",
                        likelihood=cell.likelihood,
                        impact=cell.impact,
                        matrix=matrix.pk,
                    ),
                )
                for cell in row
            ]
            for row in residual.rows
        ]
        title = _("Risks by residual score: %(matrix)s") % {"matrix": str(matrix)}
        chart = charts.heat_map(
            title=title,
            description=_("Open and closed risks per residual likelihood (rows) and impact "
                          "(columns); each cell leads to its risks."),
            row_labels=[_("Likelihood %(n)s") % {"n": row[0].likelihood} for row in residual.rows],
            column_labels=[str(n) for n in range(1, matrix.size + 1)],
            cells=cells,
        )  # fmt: skip
        panels.append(Panel(title, drawn(chart)))
    return panels


def open_work_panel(user: AnyUser, now: dt.datetime, *, incidents: bool) -> Panel:
    if incidents:
        counts = selectors.open_incidents_by_age(user=user, now=now)
        labels, url = dict(IncidentSeverity.choices), "incidents:incident-list"
        title, status = _("Open incidents by severity and age"), "active"
    else:
        counts = selectors.open_alerts_by_age(user=user, now=now)
        labels, url = dict(AlertSeverity.choices), "monitoring:alert-list"
        title, status = _("Open alerts by severity and age"), "open"
    chart = charts.stacked_bars(
        title=title,
        description=_("How long what is still open has been waiting, per severity."),
        labels=age_labels(),
        series=[Series(str(labels[key]), values) for key, values in counts.items()],
    )
    figures = [
        Figure(labels[key], sum(values), link(url, status=status, severity=key))
        for key, values in counts.items()
    ]
    return Panel(title, drawn(chart), figures)


def completion_panel(user: AnyUser) -> Panel:
    acknowledged = {
        row.label: row.rate for row in policy_selectors.completion_by_org_unit(user=user)
    }
    trained = {row.label: row.completion for row in selectors.training_rows(user)}
    units = sorted(set(acknowledged) | set(trained))
    title = _("Acknowledgement and training completion per org unit")

    def cell(rate: float | None, url: str) -> Cell:
        colour = (
            ""
            if rate is None
            else "#c8e6c9"
            if rate >= 90
            else "#fff3c4"
            if rate >= 60
            else "#f8d0cc"
        )
        return Cell(rate if rate is not None else 0, colour, url)

    chart = charts.heat_map(
        title=title,
        description=_("Share of people (%) who acknowledged the current policies and who "
                      "passed their training, per org unit."),
        row_labels=units,
        column_labels=[_("Policies"), _("Training")],
        cells=[
            [cell(acknowledged.get(u), reverse("policies:policy-list")),
             cell(trained.get(u), reverse("awareness:campaign-list"))]
            for u in units
        ],
        cell_size=64,
    )  # fmt: skip
    return Panel(title, drawn(chart))


def maturity_panel(user: AnyUser, period: Period) -> Panel:
    done = selectors.completed_assessments(user=user, until=period.end)
    title = _("Maturity trend")
    chart = charts.line_chart(
        title=title,
        description=_("Overall maturity score (1 to 5) of the completed assessments."),
        labels=[a.completed_at.strftime("%m/%Y") if a.completed_at else "" for a in done],
        series=[Series(_("Overall score"), [round(a.overall_score or 0, 2) for a in done])],
    )
    return Panel(
        title,
        drawn(chart),
        [Figure(_("Assessments"), len(done), reverse("assessments:assessment-list"))],
    )


def kri_panel(user: AnyUser, limit: int = 8) -> Panel:
    order = {"red": 0, "amber": 1, "green": 2, "unknown": 3}
    kris = sorted(
        risk_selectors.kri_list(user=user).order_by("-measured_at", "id")[:200],
        key=lambda kri: (order.get(kri.current_state, 9), kri.pk),
    )[:limit]
    history: dict[int, list[KRIMeasurement]] = {kri.pk: [] for kri in kris}
    for measurement in KRIMeasurement.objects.filter(kri_id__in=history).order_by(
        "-measured_at", "-id"
    )[: 12 * limit]:
        history[measurement.kri_id].append(measurement)
    figures = []
    for kri in kris:
        points = list(reversed(history[kri.pk][:12]))
        spark = charts.sparkline(
            title=kri.name,
            labels=[m.measured_at.strftime("%d/%m") for m in points],
            values=[m.value for m in points],
        )
        value = "—" if kri.current_value is None else charts.number(kri.current_value)
        state = dict(KRIState.choices).get(kri.current_state, "")
        figures.append(
            Figure(
                f"{kri.name} ({state})",
                value,
                reverse("risks:kri-detail", args=[kri.pk]),
                drawn(spark),
            )
        )
    return Panel(_("Key risk indicators"), None, figures)


def channel_health_panel(user: AnyUser, now: dt.datetime) -> Panel:
    counts = selectors.channel_health(user=user)
    overdue = risk_selectors.overdue_treatments(user=user, today=now.date()).count()
    return Panel(
        _("Channel register health"),
        None,
        [
            Figure(_("Channels in use"), counts["in_use"], reverse("channels:channel-list")),
            Figure(
                _("Orphaned (no owner)"),
                counts["orphaned"],
                link("channels:channel-list", status="orphaned"),
            ),
            Figure(
                _("Without a current objective"),
                counts["without_objective"],
                reverse("strategy:objective-list"),
            ),
            Figure(
                _("Access reviews overdue"),
                counts["reviews_overdue"],
                reverse("channels:review-list"),
            ),
            Figure(
                _("Overdue treatments"),
                overdue,
                link("risks:register", overdue=1),
            ),
        ],
    )


def _baseline(history: list[int], values: list[int]) -> list[tuple[float, float]]:
    """The expected range of each point: mean ± 2 standard deviations of the seven points
    before it (the spike detector's idea of normal, on the rollups)."""
    series = history + values
    band = []
    for index in range(len(history), len(series)):
        window = series[max(0, index - 7) : index] or [series[index]]
        mean = statistics.fmean(window)
        spread = statistics.pstdev(window) if len(window) > 1 else 0.0
        band.append((round(max(0.0, mean - 2 * spread), 2), round(mean + 2 * spread, 2)))
    return band


def activity_panels(user: AnyUser, period: Period, channels: Any = None) -> list[Panel]:
    now = selectors.activity(user=user, period=period, channels=channels)
    before = selectors.activity(user=user, period=period.previous(), channels=channels)
    labels = [period.label(moment) for moment in now.buckets]
    volume = charts.line_chart(
        title=_("Mention volume"),
        description=_("Mentions per point of the period; the shaded band is the expected range."),
        labels=labels,
        series=[Series(_("Mentions"), now.mentions), Series(_("Negative mentions"), now.negative)],
        band=_baseline(before.mentions[-7:], now.mentions),
        band_name=_("Expected range"),
        area=True,
    )
    share = [
        round(100 * n / m, 1) if m else 0.0 for n, m in zip(now.negative, now.mentions, strict=True)
    ]
    negative = charts.line_chart(
        title=_("Negative share (%)"),
        description=_("Share of mentions with a negative tone, per point of the period."),
        labels=labels,
        series=[Series(_("Negative share (%)"), share)],
    )
    totals = now.totals
    figures = [
        Figure(_("Posts"), totals["posts"]),
        Figure(_("Mentions"), totals["mentions"]),
        Figure(
            _("Negative mentions"),
            totals["negative"],
            link("monitoring:alert-list", category="reputation"),
        ),
    ]
    return [
        Panel(_("Mention volume"), drawn(volume), figures),
        Panel(_("Negative share (%)"), drawn(negative)),
    ]


def shorten(text: str, length: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= length else flat[: length - 1].rstrip() + "…"


def safe_link(url: str) -> str:
    """A post's own address, only when it is a web link (a stranger wrote the post)."""
    return url if url.lower().startswith(("https://", "http://")) else ""


def topic_panels(user: AnyUser, period: Period, channels: Any = None) -> list[Panel]:
    """The terms in most mentions of the period and its posts with the most reactions."""
    found = selectors.top_terms(user=user, period=period, channels=channels)
    searchable = archive_access.can_search(user)
    start, end = period.start.date(), (period.end - dt.timedelta(days=1)).date()
    terms = [
        Figure(
            term,
            count,
            link("archive:search", text=term, start=start, end=end) if searchable else "",
        )
        for term, count in found.terms
    ]
    title = _("Top terms")
    if found.sampled:
        title = _("Top terms (latest %(count)s mentions)") % {"count": found.posts_read}
    posts = [
        Figure(
            _("%(channel)s · %(text)s")
            % {"channel": post.channel, "text": shorten(post.text, 140)},
            getattr(post, "engagement", 0),
            safe_link(post.url),
        )
        for post in selectors.top_posts(user=user, period=period, channels=channels)
    ]
    return [
        Panel(title, None, terms),
        Panel(_("Top posts (reactions)"), None, posts),
    ]


def lead_panels(user: AnyUser, period: Period) -> list[Panel]:
    return [
        *heat_map_panels(user),
        open_work_panel(user, period.end, incidents=False),
        open_work_panel(user, period.end, incidents=True),
        kri_panel(user),
        channel_health_panel(user, period.end),
        *activity_panels(user, period),
        completion_panel(user),
        maturity_panel(user, period),
    ]


def owner_panels(
    user: AnyUser, period: Period, *, channel: str = "", brand: str = ""
) -> list[Panel]:
    """The owner's channels, or one of them or one brand of them when asked."""
    mine = owned_channels(user)
    focus = mine
    if channel.isdigit():
        focus = mine.filter(pk=int(channel))
    elif brand:
        focus = mine.filter(brand=brand)
    alerts = selectors.alerts_in(user=user, period=period).filter(channel__in=focus.values("pk"))
    risks = risk_selectors.risk_list(user=user).filter(
        channel__in=focus.values("pk"), status__in=risk_selectors.OPEN_STATUSES
    )
    figures = [
        Figure(_("My channels"), mine.count(), reverse("channels:channel-list")),
        Figure(
            _("Alerts in the period"),
            alerts.count(),
            link("monitoring:alert-list", status="", mine=1),
        ),
        Figure(_("Open risks"), risks.count(), reverse("risks:register")),
        Figure(
            _("Access reviews to do"),
            channel_selectors.reviews_to_do(user=user).count(),
            reverse("channels:review-list"),
        ),
    ]
    here = {"view": "owner", "period": period.key}
    brands = mine.exclude(brand="").values_list("brand").annotate(n=Count("id")).order_by("brand")
    scopes = [
        Figure(
            _("Brand %(brand)s") % {"brand": name},
            count,
            link("reports:dashboard", **here, brand=name),
        )
        for name, count in brands[:12]
    ]
    scopes += [
        Figure(str(item), item.platform, link("reports:dashboard", **here, channel=item.pk))
        for item in mine.order_by("platform", "handle")[:12]
    ]
    return [
        *activity_panels(user, period, focus),
        *topic_panels(user, period, focus),
        Panel(_("My channels"), None, figures),
        Panel(_("Channels and brands"), None, scopes),
    ]


def analyst_panels(user: AnyUser, period: Period) -> list[Panel]:
    counts = selectors.alerts_by_category(user=user, period=period)
    names = dict(AlertCategory.choices)
    chart = charts.stacked_bars(
        title=_("Alerts by category"),
        description=_("Alerts raised per category and point of the period."),
        labels=[period.label(moment) for moment in period.buckets()],
        series=[Series(str(names[key]), values) for key, values in counts.items()],
    )
    takeover = selectors.takeover_alerts(user=user, period=period)
    mean = selectors.mean_hours_to_acknowledge(user=user, period=period)
    figures = [
        *[
            Figure(names[key], sum(values), link("monitoring:alert-list", status="", category=key))
            for key, values in counts.items()
        ],
        Figure(
            _("Lookalike accounts to triage"),
            channel_selectors.untriaged_count(user=user),
            reverse("channels:discovered-list"),
        ),
        Figure(
            _("Takeover alerts"),
            takeover,
            link("monitoring:alert-list", status="", category="security"),
        ),
        Figure(
            _("Mean time to acknowledge (hours)"),
            "—" if mean is None else mean,
            link("monitoring:alert-list", status=""),
        ),
    ]
    return [Panel(_("Alerts by category"), drawn(chart), figures)]


PANELS = {"lead": lead_panels, "owner": owner_panels, "analyst": analyst_panels}
VIEW_LABELS = {
    "lead": gettext_lazy("Governance"),
    "owner": gettext_lazy("My channels"),
    "analyst": gettext_lazy("Analysis"),
}
