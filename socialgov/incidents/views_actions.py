"""The actions on one incident page: each a small handler behind one POST view that checks
the same permission as the API (`can_change` on the incident)."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from socialgov.channels.models import AccessGrant
from socialgov.core import permissions
from socialgov.core.models import User
from socialgov.incidents import closing, playbooks, responses, selectors, services
from socialgov.incidents.forms import IdForm, NoteForm, ReviewForm, RiskChangeForm, TransitionForm
from socialgov.incidents.models import Incident
from socialgov.incidents.views import _get
from socialgov.monitoring.models import Post
from socialgov.risks.models import ChannelRisk, Control

Handler = Callable[[HttpRequest, User, Incident], str]


def _target(request: HttpRequest) -> IdForm:
    form = IdForm(request.POST)
    if not form.is_valid():
        raise ValidationError({"target": _("Choose what to act on.")})
    return form


def _transition(request: HttpRequest, actor: User, incident: Incident) -> str:
    form = TransitionForm(request.POST)
    if not form.is_valid():
        raise ValidationError({"status": _("Choose a status.")})
    services.incident_transition(actor=actor, incident=incident, status=form.cleaned_data["status"])
    return _("Status changed.")


def _note(request: HttpRequest, actor: User, incident: Incident) -> str:
    form = NoteForm(request.POST)
    if not form.is_valid():
        raise ValidationError({"text": _("A note needs some text.")})
    services.incident_note(actor=actor, incident=incident, text=form.cleaned_data["text"])
    return _("Note added.")


def _playbook(request: HttpRequest, actor: User, incident: Incident) -> str:
    playbook = selectors.playbook_list(user=actor).filter(
        pk=_target(request).cleaned_data["target"]
    )
    found = playbook.first()
    if found is None:
        raise ValidationError({"playbook": _("Choose a playbook.")})
    playbooks.playbook_start(actor=actor, incident=incident, playbook=found)
    return _("Playbook started: its steps are tasks now.")


def _step(request: HttpRequest, actor: User, incident: Incident) -> str:
    step = incident.steps.filter(pk=_target(request).cleaned_data["target"]).first()
    if step is None:
        raise ValidationError({"step": _("This step is not part of this incident.")})
    playbooks.step_complete(actor=actor, step=step)
    return _("Step done.")


def _review(request: HttpRequest, actor: User, incident: Incident) -> str:
    form = ReviewForm(request.POST)
    if not form.is_valid():
        raise ValidationError({"cause": _("Name the cause.")})
    services.incident_review(actor=actor, incident=incident, **form.cleaned_data)
    return _("Review saved.")


def _risk(request: HttpRequest, actor: User, incident: Incident) -> str:
    form = RiskChangeForm(request.POST)
    if not form.is_valid():
        raise ValidationError({"risk": _("Choose a risk and a likelihood from the list.")})
    data = form.cleaned_data
    risk = ChannelRisk.objects.filter(pk=data["risk"]).first()
    if risk is None:
        raise ValidationError({"risk": _("Choose a risk.")})
    control = None
    if data.get("control"):
        control = Control.objects.filter(pk=data["control"], retired=False).first()
        if control is None:
            raise ValidationError({"control": _("Choose a control.")})
    closing.incident_propose_risk_change(
        actor=actor,
        incident=incident,
        risk=risk,
        likelihood=data.get("likelihood"),
        control=control,
        note=data.get("note") or "",
    )
    return _("Risk change proposed to the risk owner.")


def _moderate(request: HttpRequest, actor: User, incident: Incident) -> str:
    form = _target(request)
    post = Post.objects.filter(pk=form.cleaned_data["target"]).first()
    if post is None:
        raise ValidationError({"post": _("This post is not evidence of this incident.")})
    action = form.cleaned_data.get("moderation") or "hide"
    responses.incident_moderate_comment(actor=actor, incident=incident, post=post, action=action)
    return _("Comment hidden.") if action == "hide" else _("Comment deleted.")


def _report_account(request: HttpRequest, actor: User, incident: Incident) -> str:
    form = _target(request)
    account = incident.discovered_accounts.filter(pk=form.cleaned_data["target"]).first()
    if account is None:
        raise ValidationError({"account": _("This account is not linked to this incident.")})
    responses.incident_report_account(
        actor=actor, incident=incident, account=account, note=form.cleaned_data.get("note") or ""
    )
    return _("Marked as reported to the platform.")


def _revoke_grant(request: HttpRequest, actor: User, incident: Incident) -> str:
    grant = AccessGrant.objects.filter(pk=_target(request).cleaned_data["target"]).first()
    if grant is None:
        raise ValidationError({"grant": _("This grant is not on a channel of this incident.")})
    responses.incident_revoke_grant(actor=actor, incident=incident, grant=grant)
    return _("Access grant revoked.")


HANDLERS: dict[str, Handler] = {
    "transition": _transition,
    "note": _note,
    "playbook": _playbook,
    "step": _step,
    "review": _review,
    "risk": _risk,
    "moderate": _moderate,
    "report_account": _report_account,
    "revoke_grant": _revoke_grant,
}


@login_required
@require_POST
def incident_act(request: HttpRequest, pk: int) -> HttpResponse:
    incident = _get(request, pk)
    if not permissions.can_change(request.user, incident):
        raise PermissionDenied
    handler = HANDLERS.get(request.POST.get("action", ""))
    if handler is None:
        messages.error(request, _("That action is not possible."))
        return redirect("incidents:incident-detail", pk=pk)
    try:
        done = handler(request, permissions.acting_user(request.user), incident)
    except (ValidationError, PermissionDenied) as error:
        text = " ".join(error.messages) if isinstance(error, ValidationError) else ""
        messages.error(request, text or _("You may not do that."))
    else:
        messages.success(request, done)
    return redirect("incidents:incident-detail", pk=pk)
