"""What the usage page draws from a report's figures: the weekly trend charts and the tables.
The figures were suppressed when they were made; nothing here can add a person back."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from socialgov.engine.detectors.usage import NOT_IN_PEOPLE_LIST, POOLED_SMALL_UNITS
from socialgov.reports.charts import Chart, Series, line_chart

MAX_SERIES = 7  # the chart palette's colours


def group_label(name: str) -> str:
    if name == POOLED_SMALL_UNITS:
        return _("Small units pooled")
    if name == NOT_IN_PEOPLE_LIST:
        return _("Not in the people list")
    return name


@dataclass(frozen=True)
class UnitRow:
    name: str
    people: int
    suppressed: bool
    people_using: int | None = None
    minutes: float | None = None
    share: float | None = None


def percent(share: float | None) -> float | None:
    return None if share is None else round(share * 100, 2)


def unit_rows(figures: dict[str, Any]) -> list[UnitRow]:
    rows = []
    for entry in figures.get("org_units", []):
        if entry.get("suppressed"):
            rows.append(UnitRow(group_label(entry["org_unit"]), entry["people"], True))
            continue
        rows.append(
            UnitRow(
                group_label(entry["org_unit"]),
                entry["people"],
                False,
                entry["people_using_social_media"],
                entry["minutes"],
                percent(entry["share_of_working_time"]),
            )
        )
    return rows


def _mark_suppressed(chart: Chart, suppressed: dict[tuple[int, int], bool]) -> Chart:
    """A suppressed figure is drawn at zero; its table cell says it was suppressed."""
    for (row, column), hidden in suppressed.items():
        if hidden:
            chart.rows[row][column] = _("suppressed")
    return chart


def platform_trend(figures: dict[str, Any]) -> Chart | None:
    """Minutes per ISO week, all platforms and the most used ones, for the organisation."""
    weeks = figures.get("totals", {}).get("weeks", [])
    if not weeks:
        return None
    labels = [week["week"] for week in weeks]
    usage: dict[str, float] = {}
    for week in weeks:
        for platform, minutes in week["platforms"].items():
            usage[platform] = usage.get(platform, 0.0) + minutes
    top = sorted(usage, key=lambda name: -usage[name])[: MAX_SERIES - 1]
    series = [Series(_("All platforms"), [week["minutes"] or 0 for week in weeks])]
    series += [Series(name, [week["platforms"].get(name, 0) for week in weeks]) for name in top]
    chart = line_chart(
        title=_("Minutes on social media during working hours, per week"),
        description=_(
            "Weeks or platforms used by fewer people than the minimum group size are drawn "
            "at zero and marked as suppressed in the table."
        ),
        labels=labels,
        series=series,
    )
    hidden = {}
    for row, week in enumerate(weeks):
        hidden[(row, 1)] = week["suppressed"]
        for column, name in enumerate(top, start=2):
            hidden[(row, column)] = name not in week["platforms"]
    return _mark_suppressed(chart, hidden)


def unit_trend(figures: dict[str, Any]) -> Chart | None:
    """Share of working time on social media per ISO week, per org unit shown."""
    shown = [entry for entry in figures.get("org_units", []) if not entry.get("suppressed")]
    labels = sorted({week["week"] for entry in shown for week in entry["weeks"]})
    if not shown or not labels:
        return None
    shown = sorted(shown, key=lambda entry: -entry["minutes"])[:MAX_SERIES]
    series = []
    hidden = {}
    for column, entry in enumerate(shown, start=1):
        by_week = {week["week"]: week for week in entry["weeks"]}
        values = []
        for row, label in enumerate(labels):
            week = by_week.get(label)
            missing = week is None or week["suppressed"] or week["share_of_working_time"] is None
            hidden[(row, column)] = bool(week is not None and week["suppressed"])
            values.append(0.0 if missing else percent(week["share_of_working_time"]) or 0.0)  # type: ignore[index]
        series.append(Series(group_label(entry["org_unit"]), values))
    chart = line_chart(
        title=_("Share of working time on social media per org unit (%), per week"),
        description=_(
            "Only org units with at least the minimum group size are drawn; a week used by "
            "fewer people is drawn at zero and marked as suppressed in the table."
        ),
        labels=labels,
        series=series,
    )
    return _mark_suppressed(chart, hidden)
