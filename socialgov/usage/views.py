from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from socialgov.core.permissions import acting_user
from socialgov.reports.dashboards import drawn
from socialgov.usage import selectors, services
from socialgov.usage.access import may_manage_usage, may_read_usage
from socialgov.usage.forms import ReaderGrantForm, UploadForm
from socialgov.usage.models import ReportStatus, UsageReaderGrant
from socialgov.usage.presentation import percent, platform_trend, unit_rows, unit_trend

UNFINISHED = (ReportStatus.QUEUED, ReportStatus.RUNNING)


def _reader(request: HttpRequest) -> None:
    if not may_read_usage(request.user):
        raise PermissionDenied


def _manager(request: HttpRequest) -> None:
    if not may_manage_usage(request.user):
        raise PermissionDenied


def _terms() -> dict[str, object]:
    """What the page states about the processing, from the settings it runs with."""
    return {
        "retention_days": settings.SOCIALGOV_USAGE_RETENTION_DAYS,
        "min_group_size": settings.SOCIALGOV_USAGE_MIN_GROUP_SIZE,
        "working_hours": settings.SOCIALGOV_USAGE_WORKING_HOURS,
    }


@login_required
def usage_home(request: HttpRequest) -> HttpResponse:
    _reader(request)
    manager = may_manage_usage(request.user)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        _manager(request)
        if form.is_valid():
            upload = form.cleaned_data["log"]
            try:
                services.usage_report_upload(
                    actor=acting_user(request.user),
                    chunks=upload.chunks(),
                    name=upload.name or "",
                    log_format=form.cleaned_data["log_format"],
                    identify=form.cleaned_data["identify"],
                )
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                return redirect("usage:home")
    reports = list(selectors.usage_report_list(user=request.user)[:50])
    return render(
        request,
        "usage/home.html",
        {
            "form": form if manager else None,
            "manager": manager,
            "reports": reports,
            "running": any(report.status in UNFINISHED for report in reports),
            **_terms(),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def usage_report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _reader(request)
    report = selectors.usage_report_get(user=request.user, pk=pk)
    if report is None or report.status != ReportStatus.DONE:
        raise Http404
    services.usage_report_record_view(actor=acting_user(request.user), report=report, via="web")
    figures = report.figures
    return render(
        request,
        "usage/report.html",
        {
            "report": report,
            "figures": figures,
            "totals": figures.get("totals", {}),
            "units": unit_rows(figures),
            "share_percent": percent(figures.get("totals", {}).get("share_of_working_time")),
            "charts": [
                drawn(chart) for chart in (platform_trend(figures), unit_trend(figures)) if chart
            ],
            "manager": may_manage_usage(request.user),
            **_terms(),
        },
    )


@login_required
@require_POST
def usage_report_remove(request: HttpRequest, pk: int) -> HttpResponse:
    _manager(request)
    report = selectors.usage_report_get(user=request.user, pk=pk)
    if report is None:
        raise Http404
    services.usage_report_delete(actor=acting_user(request.user), report=report)
    return redirect("usage:home")


@login_required
def usage_readers(request: HttpRequest) -> HttpResponse:
    _manager(request)
    form = ReaderGrantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.usage_reader_grant(
                actor=acting_user(request.user),
                user=form.cleaned_data["username"],
                capacity=form.cleaned_data["capacity"],
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            return redirect("usage:readers")
    return render(
        request,
        "usage/readers.html",
        {"form": form, "grants": selectors.usage_reader_list()},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def usage_reader_remove(request: HttpRequest, pk: int) -> HttpResponse:
    _manager(request)
    grant = get_object_or_404(UsageReaderGrant, pk=pk)
    services.usage_reader_revoke(actor=acting_user(request.user), grant=grant)
    return redirect("usage:readers")
