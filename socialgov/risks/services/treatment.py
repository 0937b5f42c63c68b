"""Treatment actions (core Tasks), their escalation, and risk acceptances with expiry."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from socialgov.core.audit import audit_record
from socialgov.core.models import Person, Task, TaskPriority, User
from socialgov.core.selectors import governance_leads
from socialgov.core.services import notification_send, task_create
from socialgov.core.texts import Message
from socialgov.risks.access import may_accept_risks
from socialgov.risks.models import (
    AcceptanceStatus,
    ChannelRisk,
    RiskAcceptance,
    RiskStatus,
    RiskTreatment,
    Treatment,
)
from socialgov.risks.services.register import _require_change

TASK_SOURCE = "risk_treatment"
# Longest an acceptance may run before it must be looked at again.
MAX_ACCEPTANCE_DAYS = 3 * 366


def _risk_url(risk: ChannelRisk) -> str:
    return f"/risks/{risk.pk}/"


@transaction.atomic
def risk_treatment_plan(
    *,
    actor: User | None,
    risk: ChannelRisk,
    title: str,
    due_date: dt.date,
    owner: Person | None = None,
    description: str = "",
) -> RiskTreatment:
    """Plan a treatment action: a Task for its owner (the risk owner unless given)."""
    risk = ChannelRisk.objects.select_for_update().select_related("channel").get(pk=risk.pk)
    _require_change(actor, risk)
    if risk.status in (RiskStatus.ACCEPTED, RiskStatus.CLOSED):
        raise ValidationError(
            _("This risk is %(status)s; reopen it before planning treatments.")
            % {"status": risk.get_status_display().lower()}
        )
    owner = owner or risk.owner
    if not owner.is_active:
        raise ValidationError({"owner": _("The owner of a treatment must be an active person.")})
    task = task_create(
        actor=actor,
        title=title,
        owner=owner,
        description=description or Message("risks.task.treatment", {"risk": str(risk)}),
        due_date=due_date,
        source=TASK_SOURCE,
        subject=risk,
    )
    treatment = RiskTreatment.objects.create(risk=risk, task=task)
    if risk.status == RiskStatus.OPEN:
        risk.status = RiskStatus.IN_TREATMENT
        risk.save(update_fields=["status", "updated_at"])
    if risk.due_date is None or due_date > risk.due_date:
        risk.due_date = due_date
        risk.save(update_fields=["due_date", "updated_at"])
    audit_record(
        actor=actor,
        verb="risk.treatment_plan",
        target=risk,
        changes={"task": task.pk, "title": task.title, "owner": owner.pk, "due_date": due_date},
    )
    return treatment


def risk_treatments_escalate(*, today: dt.date | None = None) -> int:
    """Escalate treatment actions past their due date, once each: the task becomes urgent and
    the owner's manager (or, without one, the governance leads) and the channel owner hear of it.
    Returns how many were escalated. Safe to run from several workers."""
    today = today or timezone.localdate()
    overdue = RiskTreatment.objects.filter(
        escalated_at__isnull=True,
        task__due_date__lt=today,
        task__status__in=["open", "in_progress"],
    ).values_list("pk", flat=True)
    escalated = 0
    for pk in list(overdue):
        with transaction.atomic():
            # Claim the row with a conditional update so two workers never both escalate it.
            claimed = RiskTreatment.objects.filter(pk=pk, escalated_at__isnull=True).update(
                escalated_at=timezone.now()
            )
            if not claimed:
                continue
            treatment = RiskTreatment.objects.select_related(
                "task__owner__manager", "risk__channel__owner"
            ).get(pk=pk)
            task = treatment.task
            Task.objects.filter(pk=task.pk).update(priority=TaskPriority.URGENT)
            recipients: dict[int, Person] = {}
            manager = task.owner.manager
            if manager is not None and manager.is_active:
                recipients[manager.pk] = manager
            else:
                recipients.update({lead.pk: lead for lead in governance_leads()})
            channel_owner = treatment.risk.channel.owner
            if channel_owner.is_active and channel_owner.pk != task.owner_id:
                recipients[channel_owner.pk] = channel_owner
            for person in recipients.values():
                notification_send(
                    recipient=person,
                    subject=Message(
                        "risks.notify.treatment_overdue", {"task": task.title_message or task.title}
                    ),
                    body=Message(
                        "risks.notify.treatment_overdue_body",
                        {
                            "task": task.title_message or task.title,
                            "risk": str(treatment.risk),
                            "owner": str(task.owner),
                            "due": str(task.due_date),
                        },
                    ),
                    url=_risk_url(treatment.risk),
                )
            audit_record(
                actor=None,
                verb="risk.treatment_escalate",
                target=treatment.risk,
                changes={
                    "task": task.pk,
                    "due_date": task.due_date,
                    "notified": sorted(recipients),
                },
            )
            escalated += 1
    return escalated


@transaction.atomic
def risk_accept(
    *,
    actor: User,
    risk: ChannelRisk,
    justification: str,
    expires_on: dt.date,
    today: dt.date | None = None,
) -> RiskAcceptance:
    """Accept a risk until `expires_on`. Only a governance lead (or an admin) may."""
    risk = ChannelRisk.objects.select_for_update().select_related("channel").get(pk=risk.pk)
    if not may_accept_risks(actor, risk.channel):
        raise PermissionDenied(_("Only a governance lead or an administrator may accept a risk."))
    today = today or timezone.localdate()
    justification = justification.strip()
    if not justification:
        raise ValidationError({"justification": _("Say why the risk is acceptable.")})
    if expires_on <= today:
        raise ValidationError({"expires_on": _("The acceptance must expire after today.")})
    if (expires_on - today).days > MAX_ACCEPTANCE_DAYS:
        raise ValidationError({"expires_on": _("An acceptance may run for at most three years.")})
    if risk.status == RiskStatus.ACCEPTED:
        raise ValidationError(_("This risk is already accepted."))
    acceptance = RiskAcceptance(
        risk=risk,
        accepted_by=actor,
        justification=justification,
        accepted_on=today,
        expires_on=expires_on,
    )
    acceptance.full_clean()
    acceptance.save()
    old_status, old_treatment = risk.status, risk.treatment
    risk.status, risk.treatment = RiskStatus.ACCEPTED, Treatment.ACCEPT
    risk.save(update_fields=["status", "treatment", "updated_at"])
    audit_record(
        actor=actor,
        verb="risk.accept",
        target=risk,
        changes={
            "status": [old_status, risk.status],
            "treatment": [old_treatment, risk.treatment],
            "justification": justification,
            "expires_on": expires_on,
        },
    )
    if risk.owner.is_active and risk.owner_id != getattr(actor, "person_id", None):
        notification_send(
            recipient=risk.owner,
            subject=Message("risks.notify.accepted", {"date": str(expires_on), "risk": str(risk)}),
            body=justification,
            url=_risk_url(risk),
        )
    return acceptance


def _reopen(risk: ChannelRisk, reason: str) -> None:
    risk.status = RiskStatus.OPEN
    risk.treatment = Treatment.MITIGATE
    risk.needs_reassessment = True
    risk.reassessment_reason = reason
    risk.save(
        update_fields=[
            "status",
            "treatment",
            "needs_reassessment",
            "reassessment_reason",
            "updated_at",
        ]
    )


@transaction.atomic
def risk_acceptance_withdraw(*, actor: User, acceptance: RiskAcceptance) -> RiskAcceptance:
    acceptance = (
        RiskAcceptance.objects.select_for_update()
        .select_related("risk__channel")
        .get(pk=acceptance.pk)
    )
    if not may_accept_risks(actor, acceptance.risk.channel):
        raise PermissionDenied(
            _("Only a governance lead or an administrator may withdraw an acceptance.")
        )
    if acceptance.status != AcceptanceStatus.ACTIVE:
        raise ValidationError(_("This acceptance is no longer active."))
    acceptance.status = AcceptanceStatus.WITHDRAWN
    acceptance.ended_at = timezone.now()
    acceptance.save(update_fields=["status", "ended_at", "updated_at"])
    _reopen(acceptance.risk, _("The acceptance was withdrawn."))
    audit_record(
        actor=actor,
        verb="risk.acceptance_withdraw",
        target=acceptance.risk,
        changes={"acceptance": acceptance.pk},
    )
    return acceptance


def risk_acceptances_expire(*, today: dt.date | None = None) -> int:
    """End acceptances whose expiry date has come: the risk reopens, flagged for re-assessment,
    and its owner and the person who accepted it are notified. Returns how many expired."""
    today = today or timezone.localdate()
    due = RiskAcceptance.objects.filter(
        status=AcceptanceStatus.ACTIVE, expires_on__lte=today
    ).values_list("pk", flat=True)
    expired = 0
    for pk in list(due):
        with transaction.atomic():
            claimed = RiskAcceptance.objects.filter(pk=pk, status=AcceptanceStatus.ACTIVE).update(
                status=AcceptanceStatus.EXPIRED, ended_at=timezone.now()
            )
            if not claimed:
                continue
            acceptance = RiskAcceptance.objects.select_related(
                "risk__owner", "risk__channel", "accepted_by__person"
            ).get(pk=pk)
            risk = acceptance.risk
            _reopen(
                risk,
                _("The acceptance by %(who)s expired on %(date)s.")
                % {"who": acceptance.accepted_by, "date": acceptance.expires_on},
            )
            recipients = {risk.owner.pk: risk.owner} if risk.owner.is_active else {}
            acceptor = acceptance.accepted_by.person
            if acceptor is not None and acceptor.is_active:
                recipients[acceptor.pk] = acceptor
            for person in recipients.values():
                notification_send(
                    recipient=person,
                    subject=Message("risks.notify.acceptance_expired", {"risk": str(risk)}),
                    body=Message(
                        "risks.notify.acceptance_expired_body",
                        {"risk": str(risk), "date": str(acceptance.expires_on)},
                    ),
                    url=_risk_url(risk),
                )
            audit_record(
                actor=None,
                verb="risk.acceptance_expire",
                target=risk,
                changes={"acceptance": acceptance.pk, "expires_on": acceptance.expires_on},
            )
            expired += 1
    return expired
