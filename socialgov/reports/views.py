from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language

from socialgov.core.downloads import attachment
from socialgov.core.permissions import acting_user
from socialgov.reports import selectors, services
from socialgov.reports.access import may_read_board_reports, views_for
from socialgov.reports.dashboards import PANELS, VIEW_LABELS
from socialgov.reports.exports import report_workbook
from socialgov.reports.forms import BoardReportForm, ExportForm
from socialgov.reports.models import ReportStatus
from socialgov.reports.periods import PERIOD_LABELS, period_of

UNFINISHED = (ReportStatus.QUEUED, ReportStatus.RUNNING)


def _focus(request: HttpRequest, view: str) -> dict[str, str]:
    """One channel or one brand of the owner's (their panels check that it is theirs)."""
    if view != "owner":
        return {}
    return {
        "channel": request.GET.get("channel", "")[:20],
        "brand": request.GET.get("brand", "")[:200],
    }


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    allowed = views_for(request.user)
    if not allowed:
        raise PermissionDenied
    view = request.GET.get("view", "")
    view = view if view in allowed else allowed[0]
    period = period_of(request.GET.get("period"), today=timezone.now().date())
    return render(
        request,
        "reports/dashboard.html",
        {
            "panels": PANELS[view](request.user, period, **_focus(request, view)),
            "period": period,
            "periods": PERIOD_LABELS.items(),
            "view": view,
            "views": [(key, VIEW_LABELS[key]) for key in allowed],
            "board": may_read_board_reports(request.user),
            "end": (period.end - dt.timedelta(days=1)).date().isoformat(),
        },
    )


@login_required
def board_report_list(request: HttpRequest) -> HttpResponse:
    if not may_read_board_reports(request.user):
        raise PermissionDenied
    initial = {"period": "quarter", "end": timezone.now().date(), "language": get_language()[:2]}
    form = BoardReportForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.board_report_request(
                actor=acting_user(request.user),
                period=form.cleaned_data["period"],
                end=form.cleaned_data["end"],
                language=form.cleaned_data["language"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("reports:board-list")
    reports = selectors.board_report_list(user=request.user)
    page_obj = Paginator(reports, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "reports/board_report_list.html",
        {
            "form": form,
            "page_obj": page_obj,
            "running": any(r.status in UNFINISHED for r in reports[:50]),
        },
    )


@login_required
def board_report_download(request: HttpRequest, pk: int) -> HttpResponse:
    if not may_read_board_reports(request.user):
        raise PermissionDenied
    report = selectors.board_report_get(user=request.user, pk=pk)
    if report is None or report.status != ReportStatus.DONE:
        raise Http404
    name = f"board-report-{report.period_start}-{report.period_end}-{report.language}"
    return attachment(bytes(report.pdf), name=name, fmt="pdf")


@login_required
def report_export(request: HttpRequest) -> HttpResponse:
    if not may_read_board_reports(request.user):
        raise PermissionDenied
    form = ExportForm(request.GET)
    if not form.is_valid():
        return HttpResponse(form.errors.as_text(), status=400, content_type="text/plain")
    period = period_of(form.cleaned_data["period"], end=form.cleaned_data["end"])
    content = report_workbook(user=request.user, period=period)
    name = f"socialgov-{period.start.date()}-{form.cleaned_data['end']}"
    return attachment(content, name=name, fmt="xlsx")
