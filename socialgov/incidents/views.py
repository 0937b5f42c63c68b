"""Incident pages: list, board, detail with the timeline, PDF, and opening from alerts.
The actions on one incident are in views_actions.py."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from socialgov.core import permissions
from socialgov.core.downloads import attachment
from socialgov.incidents import playbooks, selectors, services
from socialgov.incidents.access import sees_full_incident
from socialgov.incidents.forms import (
    FromAlertsForm,
    IncidentFilterForm,
    IncidentOpenForm,
    NoteForm,
    ReviewForm,
    RiskChangeForm,
    TransitionForm,
)
from socialgov.incidents.models import Incident
from socialgov.incidents.timeline import (
    checklist_of,
    playbook_extras,
    step_title,
    timeline_lines,
)
from socialgov.monitoring import selectors as monitoring_selectors
from socialgov.policies.forms import add_service_error


@login_required
def incident_list(request: HttpRequest) -> HttpResponse:
    form = IncidentFilterForm(request.GET)
    filters = form.cleaned_data if form.is_valid() else {}
    incidents = selectors.incident_filter(
        selectors.incident_list(user=request.user),
        status=filters.get("status", ""),
        severity=filters.get("severity", ""),
        kind=filters.get("kind", ""),
    )
    query = urlencode({k: v for k, v in filters.items() if v})
    return render(
        request,
        "incidents/incident_list.html",
        {
            "form": form,
            "page_obj": Paginator(incidents, 50).get_page(request.GET.get("page")),
            "query": query,
            "now": timezone.now(),
            "can_create": not permissions.is_read_only(request.user),
        },
    )


@login_required
def incident_create(request: HttpRequest) -> HttpResponse:
    """A new incident by hand; the person opening it leads it until someone else is named."""
    if not permissions.can_create(request.user, Incident) or permissions.is_read_only(request.user):
        raise PermissionDenied
    form = IncidentOpenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actor = permissions.acting_user(request.user)
        try:
            incident = services.incident_open(actor=actor, lead=actor.person, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Incident opened."))
            return redirect("incidents:incident-detail", pk=incident.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "incidents/incident_form.html", {"form": form}, status=status)


@login_required
def incident_board(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "incidents/incident_board.html",
        {"columns": selectors.incident_board(user=request.user), "now": timezone.now()},
    )


def _get(request: HttpRequest, pk: int) -> Incident:
    try:
        return selectors.incident_get(user=request.user, pk=pk)
    except Incident.DoesNotExist:
        raise Http404 from None


def detail_context(request: HttpRequest, incident: Incident) -> dict[str, Any]:
    from socialgov.incidents import responses

    steps = [
        {
            "step": step,
            "title": step_title(incident.playbook, step.key, step.task.title),
            "checklist": checklist_of(incident.playbook, step.key),
            "done": services.task_is_done(step.task),
        }
        for step in playbooks.steps_of(incident)
    ]
    can_change = permissions.can_change(request.user, incident)
    context: dict[str, Any] = {
        "incident": incident,
        "lines": timeline_lines(incident, selectors.timeline_of(incident)),
        "steps": steps,
        "can_change": can_change,
        "full": sees_full_incident(request.user, incident),
        "now": timezone.now(),
        "review_required": services.review_required(incident),
    }
    if context["full"]:
        context.update(selectors.incident_links(incident))
    context.update(playbook_extras(incident.playbook))
    if can_change:
        from socialgov.monitoring.platforms.moderation import CommentAction

        language = (get_language() or "en").split("-")[0]
        available = selectors.playbooks_for(incident.kind) if incident.playbook_id is None else []
        for playbook in available:
            playbook.localized_title = playbook.title_in(language)  # type: ignore[attr-defined]
        context.update(
            transitions=services.next_statuses(incident),
            playbooks=available,
            moderation_actions=[
                (CommentAction.HIDE, CommentAction.HIDE.label),
                (CommentAction.DELETE, CommentAction.DELETE.label),
            ],
            posts=responses.incident_posts(incident),
            note_form=NoteForm(),
            review_form=ReviewForm(
                initial={
                    "cause": incident.review_cause,
                    "worked": incident.review_worked,
                    "change": incident.review_change,
                }
            ),
            risk_form=RiskChangeForm(),
            transition_form=TransitionForm(),
        )
    return context


@login_required
def incident_detail(request: HttpRequest, pk: int) -> HttpResponse:
    incident = _get(request, pk)
    return render(request, "incidents/incident_detail.html", detail_context(request, incident))


@login_required
def incident_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    from socialgov.incidents.pdf import incident_pdf as draw

    incident = _get(request, pk)
    if not sees_full_incident(request.user, incident):
        raise PermissionDenied
    return attachment(draw(incident), name=f"incident-{incident.pk}", fmt="pdf")


@login_required
@require_POST
def incident_open_from_alerts(request: HttpRequest) -> HttpResponse:
    """One alert (from its page) or several ticked on the alert list, merged into one incident."""
    if not permissions.can_create(request.user, Incident) or permissions.is_read_only(request.user):
        raise PermissionDenied
    form = FromAlertsForm(request.POST)
    back = request.POST.get("back") == "list"
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for e in form.non_field_errors()))
        return redirect("monitoring:alert-list")
    alerts = []
    for alert_id in form.cleaned_data["alert"]:
        alert = monitoring_selectors.alert_get(user=request.user, pk=alert_id)
        if alert is None or not permissions.can_change(request.user, alert):
            raise PermissionDenied
        alerts.append(alert)
    try:
        incident = services.incident_open_from_alerts(
            actor=permissions.acting_user(request.user),
            alerts=alerts,
            kind=form.cleaned_data.get("kind", ""),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        if back or len(alerts) != 1:
            return redirect("monitoring:alert-list")
        return redirect("monitoring:alert-detail", pk=alerts[0].pk)
    messages.success(request, _("Incident opened."))
    return redirect("incidents:incident-detail", pk=incident.pk)
