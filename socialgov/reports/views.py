from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from socialgov.reports.access import views_for
from socialgov.reports.dashboards import PANELS, VIEW_LABELS
from socialgov.reports.periods import PERIOD_LABELS, period_of


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
            "panels": PANELS[view](request.user, period),
            "period": period,
            "periods": PERIOD_LABELS.items(),
            "view": view,
            "views": [(key, VIEW_LABELS[key]) for key in allowed],
        },
    )
