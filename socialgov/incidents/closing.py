"""What an incident teaches the risk register: a proposed likelihood and a control to add for a
risk of one of its channels. The risk owner is asked to re-assess (as a red KRI does) and the
control is applied as planned, so the lesson is not lost when the incident closes."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from socialgov.core.audit import audit_record
from socialgov.core.models import User
from socialgov.core.services.notifications import notification_send
from socialgov.core.texts import Message, localized_param, message_text
from socialgov.incidents.models import EntryKind, Incident
from socialgov.incidents.services import timeline_add
from socialgov.risks.models import ChannelRisk, Control


def _lesson(
    incident: Incident, likelihood: int | None, control: Control | None, note: str
) -> list[Message]:
    """What the incident proposes, as messages: the risk owner's e-mail reads in their language."""
    title = Message.of(incident.title_message) or incident.title
    parts = [Message("incidents.lesson.title", {"title": title})]
    if likelihood is not None:
        parts.append(Message("incidents.lesson.likelihood", {"value": likelihood}))
    if control is not None:
        name = localized_param(control.title) if control.title else control.key
        parts.append(Message("incidents.lesson.control", {"control": name}))
    if note.strip():
        parts.append(Message("incidents.lesson.note", {"note": note.strip()}))
    return parts


@transaction.atomic
def incident_propose_risk_change(
    *,
    actor: User | None,
    incident: Incident,
    risk: ChannelRisk,
    likelihood: int | None = None,
    control: Control | None = None,
    note: str = "",
) -> ChannelRisk:
    from socialgov.risks.models import Effectiveness
    from socialgov.risks.services import channel_risk_apply_control

    risk = ChannelRisk.objects.select_for_update().select_related("matrix", "owner").get(pk=risk.pk)
    if not incident.channels.filter(pk=risk.channel_id).exists():
        raise ValidationError({"risk": _("This risk is not on a channel of this incident.")})
    if likelihood is None and control is None:
        raise ValidationError({"likelihood": _("Propose a likelihood, a control or both.")})
    if likelihood is not None and not 1 <= likelihood <= risk.matrix.size:
        raise ValidationError(
            {
                "likelihood": _("Choose a likelihood from 1 to %(size)d.")
                % {"size": risk.matrix.size}
            }
        )
    lesson = _lesson(incident, likelihood, control, note)
    reason = message_text([part.as_json() for part in lesson])
    ChannelRisk.objects.filter(pk=risk.pk).update(
        needs_reassessment=True,
        reassessment_reason=reason,
        suggested_likelihood=likelihood if likelihood is not None else risk.suggested_likelihood,
        updated_at=timezone.now(),
    )
    if control is not None:
        # The incident lead proposes; the control goes in as planned for the risk owner to run.
        channel_risk_apply_control(
            actor=None, risk=risk, control=control, effectiveness=Effectiveness.PLANNED, note=reason
        )
    incident.risks.add(risk)
    timeline_add(
        incident=incident,
        actor=actor,
        kind=EntryKind.REVIEW,
        code="risk_change",
        params={
            "risk": str(risk),
            "risk_id": risk.pk,
            "likelihood": likelihood,
            "control": control.key if control else "",
        },
        text=note.strip()[:2000],
    )
    audit_record(
        actor=actor,
        verb="risk.flag_reassessment",
        target=risk,
        changes={
            "incident": incident.pk,
            "suggested": likelihood,
            "control": control and control.key,
        },
    )
    if risk.owner.is_active:
        notification_send(
            recipient=risk.owner,
            subject=Message("risks.notify.reassess", {"risk": str(risk)}),
            body=lesson,
            url=f"/risks/{risk.pk}/",
        )
    return risk
