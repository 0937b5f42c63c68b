"""Pages for the platform connectors: configure one (form per platform), and moderate a Meta
comment from the alert that flagged it. Writes go through the services, like the API."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from socialgov.channels.models import Channel
from socialgov.core import permissions
from socialgov.core.models import Person
from socialgov.engine.sources import source_spec
from socialgov.monitoring import selectors, services
from socialgov.monitoring.linked_accounts import (
    linked_account_connector_create,
    linked_accounts_collectable,
)
from socialgov.monitoring.models import Connector, Post
from socialgov.monitoring.platforms.forms import PlatformConnectorForm, merged_secrets
from socialgov.monitoring.platforms.moderation import CommentAction, comment_moderate
from socialgov.monitoring.platforms.registry import configurable_kinds, platform_for


def _form(request: HttpRequest, kind: str, **kwargs: object) -> PlatformConnectorForm:
    return PlatformConnectorForm(
        request.POST or None,
        kind=kind,
        channels=permissions.visible(request.user, Channel.objects.all()),
        people=permissions.visible(request.user, Person.objects.all()),
        **kwargs,  # type: ignore[arg-type]
    )


def _may_create(request: HttpRequest) -> bool:
    return (
        permissions.can_create(request.user, Connector)
        or linked_accounts_collectable(permissions.acting_user(request.user)).exists()
    )


@login_required
def connector_platforms(request: HttpRequest) -> HttpResponse:
    if not _may_create(request):
        raise PermissionDenied
    kinds = [source_spec(kind) for kind in configurable_kinds()]
    return render(request, "monitoring/connector_platforms.html", {"kinds": kinds})


@login_required
def connector_create(request: HttpRequest, kind: str) -> HttpResponse:
    if not platform_for(kind).configurable:
        raise Http404
    if not _may_create(request):
        raise PermissionDenied
    collectable = linked_accounts_collectable(permissions.acting_user(request.user))
    # A governance lead who may not configure connectors otherwise may still have a consented
    # linked account read: then the form is for that only.
    linked_only = not permissions.can_create(request.user, Connector)
    form = _form(request, kind, linked_accounts=collectable, linked_only=linked_only)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            connector = (
                _linked_connector_create(request, form, kind)
                if data.get("linked_account")
                else _connector_create(request, form, kind)
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Connector saved."))
            return redirect("monitoring:connector-detail", pk=connector.pk)
    title = _("New %(platform)s connector") % {"platform": source_spec(kind).label}
    return render(request, "monitoring/connector_form.html", {"form": form, "title": title})


def _connector_create(request: HttpRequest, form: PlatformConnectorForm, kind: str) -> Connector:
    data = form.cleaned_data
    return services.connector_create(
        actor=permissions.acting_user(request.user),
        name=data["name"],
        kind=kind,
        config=form.config(),
        secrets=form.secrets(),
        channel=data["channel"],
        contact=data["contact"],
        is_active=data["is_active"],
        poll_interval_seconds=data["poll_interval_seconds"],
    )


def _linked_connector_create(
    request: HttpRequest, form: PlatformConnectorForm, kind: str
) -> Connector:
    """Reads a consented linked private account (the service checks the lead and the consent)."""
    data = form.cleaned_data
    return linked_account_connector_create(
        actor=permissions.acting_user(request.user),
        account=data["linked_account"],
        kind=kind,
        config=form.config(),
        secrets=form.secrets(),
        name=data["name"],
        contact=data["contact"],
        is_active=data["is_active"],
        poll_interval_seconds=data["poll_interval_seconds"],
    )


@login_required
def connector_edit(request: HttpRequest, pk: int) -> HttpResponse:
    connector = selectors.connector_get(user=request.user, pk=pk)
    if connector is None or not platform_for(connector.kind).configurable:
        raise Http404
    if not permissions.can_change(request.user, connector):
        raise PermissionDenied
    stored = connector.secrets()
    form = _form(request, connector.kind, stored_secrets=frozenset(stored))
    if request.method != "POST":
        form.initial = PlatformConnectorForm.initial_from(connector)
    elif form.is_valid():
        data = form.cleaned_data
        entered = form.secrets()
        try:
            services.connector_update(
                actor=permissions.acting_user(request.user),
                connector=connector,
                secrets=merged_secrets(stored, entered) if entered else None,
                name=data["name"],
                config=form.config(),
                channel=data["channel"],
                contact=data["contact"],
                is_active=data["is_active"],
                poll_interval_seconds=data["poll_interval_seconds"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Connector saved."))
            return redirect("monitoring:connector-detail", pk=connector.pk)
    title = _("Edit %(name)s") % {"name": connector.name}
    return render(request, "monitoring/connector_form.html", {"form": form, "title": title})


@login_required
@require_POST
def comment_moderate_view(request: HttpRequest, pk: int, post_pk: int) -> HttpResponse:
    alert = selectors.alert_get(user=request.user, pk=pk)
    if alert is None:
        raise Http404
    post = get_object_or_404(Post, pk=post_pk)
    action = request.POST.get("action", "")
    if action not in CommentAction.values:
        messages.error(request, _("That action is not possible."))
        return redirect("monitoring:alert-detail", pk=pk)
    try:
        comment_moderate(
            actor=permissions.acting_user(request.user), alert=alert, post=post, action=action
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The platform confirmed: %(action)s.") % {"action": CommentAction(action).label},
        )
    return redirect("monitoring:alert-detail", pk=pk)
