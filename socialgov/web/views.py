from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from socialgov.core.models import Role
from socialgov.core.permissions import has_role
from socialgov.monitoring.pipeline.backlog import pipeline_health
from socialgov.web.dashboard import cards_for


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    payload: dict[str, object] = {"status": "ok"}
    # Queue depths tell an outsider how busy the organisation's monitoring is: admins only.
    if request.GET.get("detail") == "1" and has_role(request.user, Role.ADMIN):
        payload["pipeline"] = pipeline_health()
    return JsonResponse(payload)


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "web/dashboard.html", {"cards": cards_for(request.user)})
