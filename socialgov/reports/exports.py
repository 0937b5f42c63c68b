"""The report workbook: register, risks, KRIs, alerts and incidents of a period, and the same
summary figures as the board report, in one XLSX that a spreadsheet opens as data.

Written by the one spreadsheet writer (core.spreadsheet): text is never evaluated, numbers and
dates stay typed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from django.utils.translation import gettext as _

from socialgov.channels import selectors as channel_selectors
from socialgov.core.permissions import AnyUser
from socialgov.core.spreadsheet import xlsx_workbook_bytes
from socialgov.incidents import selectors as incident_selectors
from socialgov.reports import selectors
from socialgov.reports.periods import Period
from socialgov.risks import selectors as risk_selectors

# Each sheet is streamed in chunks: a register of thousands of channels is not held twice.
CHUNK = 2000


def cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, int | float):
        return value
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).replace(tzinfo=None)
    if isinstance(value, dt.date):
        return value
    return str(value)


def _flatten(figures: Mapping[str, Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    for key, value in figures.items():
        if isinstance(value, Mapping):
            yield from _flatten(value, f"{prefix}{key}.")
        else:
            yield f"{prefix}{key}", value


Sheet = tuple[str, Sequence[str], Iterable[Sequence[Any]]]


def _register(user: AnyUser) -> Sheet:
    channels = channel_selectors.channel_list(user=user).order_by("platform", "handle")
    header = [
        _("Platform"),
        _("Handle"),
        _("Display name"),
        _("Purpose"),
        _("Status"),
        _("Owner"),
        _("Last access review"),
    ]
    rows = (
        [
            c.get_platform_display(),
            c.handle,
            c.display_name,
            c.get_purpose_display(),
            c.get_status_display(),
            str(c.owner),
            c.last_reviewed_on,
        ]
        for c in channels.iterator(CHUNK)
    )
    return _("Register"), header, rows


def _risks(user: AnyUser) -> Sheet:
    risks = risk_selectors.risk_list(user=user).select_related("channel", "owner").order_by("id")
    header = [
        _("Risk"),
        _("Channel"),
        _("Residual score"),
        _("Level"),
        _("Status"),
        _("Owner"),
        _("Treatment due"),
    ]
    rows = (
        [
            r.name,
            str(r.channel),
            r.residual_score,
            r.residual_level,
            r.get_status_display(),
            str(r.owner or ""),
            r.due_date,
        ]
        for r in risks.iterator(CHUNK)
    )
    return _("Risks"), header, rows


def _kris(user: AnyUser) -> Sheet:
    kris = risk_selectors.kri_list(user=user).order_by("id")
    header = [
        _("KRI"),
        _("Channel"),
        _("Value"),
        _("State"),
        _("Amber from"),
        _("Red from"),
        _("Measured"),
    ]
    rows = (
        [
            k.name,
            str(k.channel or ""),
            k.current_value,
            k.get_current_state_display(),
            k.amber_threshold,
            k.red_threshold,
            k.measured_at,
        ]
        for k in kris.iterator(CHUNK)
    )
    return _("KRIs"), header, rows


def _alerts(user: AnyUser, period: Period) -> Sheet:
    alerts = selectors.alerts_in(user=user, period=period).order_by("first_seen_at", "id")
    header = [
        _("Title"),
        _("Channel"),
        _("Severity"),
        _("Category"),
        _("Status"),
        _("First seen"),
        _("Acknowledged"),
    ]
    rows = (
        [
            a.title,
            str(a.channel or ""),
            a.get_severity_display(),
            a.get_category_display(),
            a.get_status_display(),
            a.first_seen_at,
            a.acknowledged_at,
        ]
        for a in alerts.iterator(CHUNK)
    )
    return _("Alerts"), header, rows


def _incidents(user: AnyUser, period: Period) -> Sheet:
    incidents = incident_selectors.incident_list(user=user).filter(
        detected_at__gte=period.start, detected_at__lt=period.end
    )
    header = [_("Title"), _("Kind"), _("Severity"), _("Status"), _("Detected"), _("Resolved")]
    rows = (
        [
            i.title,
            i.get_kind_display(),
            i.get_severity_display(),
            i.get_status_display(),
            i.detected_at,
            i.resolved_at,
        ]
        for i in incidents.order_by("detected_at", "id").iterator(CHUNK)
    )
    return _("Incidents"), header, rows


def _sheets(user: AnyUser, period: Period) -> list[Sheet]:
    summary = selectors.summary(user=user, period=period).as_dict()
    return [
        (_("Summary"), [_("Figure"), _("Value")], list(_flatten(summary))),
        _register(user),
        _risks(user),
        _kris(user),
        _alerts(user, period),
        _incidents(user, period),
    ]


def report_workbook(*, user: AnyUser, period: Period) -> bytes:
    return xlsx_workbook_bytes(
        (title, _rows(header, rows)) for title, header, rows in _sheets(user, period)
    )


def _rows(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[list[Any]]:
    yield [cell(name) for name in header]
    for row in rows:
        yield [cell(value) for value in row]
