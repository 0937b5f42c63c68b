from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from socialgov.channels.models import LinkStatus
from socialgov.core import permissions
from socialgov.monitoring import selectors, services
from socialgov.monitoring.evidence import evidence_view
from socialgov.monitoring.forms import AlertActionForm, AlertFilterForm
from socialgov.monitoring.linked_accounts import may_watch_linked_accounts
from socialgov.monitoring.models import Connector
from socialgov.monitoring.pipeline.backlog import pipeline_health
from socialgov.monitoring.platforms.health import connector_facts, connector_meters
from socialgov.monitoring.platforms.moderation import CommentAction, can_moderate
from socialgov.monitoring.platforms.registry import platform_for


@login_required
def alert_list(request: HttpRequest) -> HttpResponse:
    params = request.GET.copy()
    params.setdefault("status", "open")
    form = AlertFilterForm(params)
    filters = form.cleaned_data if form.is_valid() else {"status": "open"}
    alerts = selectors.alert_list(
        user=request.user,
        status=filters.get("status", ""),
        severity=filters.get("severity", ""),
        category=filters.get("category", ""),
        mine=bool(filters.get("mine")),
    )
    query = urlencode({k: v for k, v in filters.items() if v not in ("", False, None)})
    return render(
        request,
        "monitoring/alert_list.html",
        {
            "form": form,
            "page_obj": Paginator(alerts, 50).get_page(request.GET.get("page")),
            "query": query,
            "can_open_incident": not permissions.is_read_only(request.user),
        },
    )


@login_required
def alert_detail(request: HttpRequest, pk: int) -> HttpResponse:
    alert = selectors.alert_get(user=request.user, pk=pk)
    if alert is None:
        raise Http404
    evidence = [evidence_view(request.user, item) for item in selectors.alert_evidence(alert=alert)]
    return render(
        request,
        "monitoring/alert_detail.html",
        {
            "alert": alert,
            "evidence": evidence,
            "can_change": permissions.can_change(request.user, alert),
            "actions": AlertActionForm.ACTIONS,
            "moderatable": {item.post.pk for item in evidence if can_moderate(item.post)},
            "comment_actions": CommentAction.choices,
            "incidents": list(alert.incidents.all()[:10]),
        },
    )


@login_required
@require_POST
def alert_act(request: HttpRequest, pk: int) -> HttpResponse:
    alert = selectors.alert_get(user=request.user, pk=pk)
    if alert is None:
        raise Http404
    if not permissions.can_change(request.user, alert):
        raise PermissionDenied
    form = AlertActionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("That action is not possible."))
        return redirect("monitoring:alert-detail", pk=pk)
    actor = permissions.acting_user(request.user)
    action, note = form.cleaned_data["action"], form.cleaned_data["note"]
    try:
        if action == "acknowledge":
            services.alert_acknowledge(actor=actor, alert=alert)
        elif action == "resolve":
            services.alert_resolve(actor=actor, alert=alert, note=note)
        elif action == "false_positive":
            services.alert_mark_false_positive(actor=actor, alert=alert, note=note)
        else:
            task = services.alert_open_task(actor=actor, alert=alert)
            messages.success(request, _("Follow-up task opened."))
            return redirect("core:task-detail", pk=task.pk)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Alert updated."))
    return redirect("monitoring:alert-detail", pk=pk)


@login_required
def connector_list(request: HttpRequest) -> HttpResponse:
    if not permissions.has_role(
        request.user, "admin", "governance_lead", "auditor", "channel_owner"
    ):
        raise PermissionDenied
    connectors = selectors.connector_list(user=request.user)
    return render(
        request,
        "monitoring/connector_list.html",
        {
            "page_obj": Paginator(connectors, 50).get_page(request.GET.get("page")),
            "can_create": permissions.can_create(request.user, Connector),
            "pipeline": pipeline_health() if permissions.has_role(request.user, "admin") else None,
        },
    )


@login_required
def connector_detail(request: HttpRequest, pk: int) -> HttpResponse:
    connector = selectors.connector_get(user=request.user, pk=pk)
    if connector is None:
        raise Http404
    return render(
        request,
        "monitoring/connector_detail.html",
        {
            "connector": connector,
            "meters": connector_meters(connector),
            "platform_facts": connector_facts(connector),
            # Whose private account is read is for the governance leads only (DESIGN §5).
            "linked_account": connector.linked_account
            if connector.linked_account_id
            and may_watch_linked_accounts(permissions.acting_user(request.user))
            else None,
            "can_edit": platform_for(connector.kind).configurable
            and permissions.can_change(request.user, connector),
        },
    )


@login_required
def linked_account_collected(request: HttpRequest, pk: int) -> HttpResponse:
    account = selectors.linked_account_get(user=request.user, pk=pk)
    if account is None:
        raise Http404
    posts = selectors.linked_account_posts(user=request.user, account=account)
    me = permissions.person_id(request.user)
    return render(
        request,
        "monitoring/linked_collected.html",
        {
            "account": account,
            "page_obj": Paginator(posts, 25).get_page(request.GET.get("page")),
            # Only the employee withdraws their own declaration; a lead reading it does not.
            "can_withdraw": account.status == LinkStatus.ACTIVE and account.person_id == me,
            "is_own": account.person_id == me,
        },
    )
