"""Key risk indicators: defining them and recording measured values.

`kri_record_value` is what the monitoring pipeline calls (through `kri_record_metric`, which
finds the KRIs of a monitored figure for a channel). A red value flags every linked risk for
re-assessment with a suggested likelihood and the evidence.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from socialgov.channels.models import Channel
from socialgov.core import permissions
from socialgov.core.audit import audit_record, diff, snapshot
from socialgov.core.models import Person, User
from socialgov.core.services import notification_send
from socialgov.core.texts import Message
from socialgov.risks.models import (
    KRI,
    ChannelRisk,
    KRIMeasurement,
    KRIState,
    MeasurementSource,
    RiskStatus,
)
from socialgov.risks.scoring import kri_state, suggested_likelihood, thresholds_consistent

KRI_FIELDS = (
    "name",
    "description",
    "metric",
    "unit",
    "channel",
    "owner",
    "higher_is_worse",
    "amber_threshold",
    "red_threshold",
)
MAX_EVIDENCE_BYTES = 20_000


def _check_thresholds(kri: KRI) -> None:
    for name in ("amber_threshold", "red_threshold"):
        value = getattr(kri, name)
        if not isinstance(value, int | float) or not math.isfinite(value):
            raise ValidationError({name: _("Enter a finite number.")})
    if not thresholds_consistent(
        amber=kri.amber_threshold, red=kri.red_threshold, higher_is_worse=kri.higher_is_worse
    ):
        message = (
            _("When higher is worse, red must start at or above amber.")
            if kri.higher_is_worse
            else _("When lower is worse, red must start at or below amber.")
        )
        raise ValidationError({"red_threshold": message})


def _check_risks(kri: KRI, risks: Iterable[ChannelRisk]) -> list[ChannelRisk]:
    risks = list(risks)
    if kri.channel_id is not None:
        strangers = [risk for risk in risks if risk.channel_id != kri.channel_id]
        if strangers:
            raise ValidationError(
                {"risks": _("A channel's KRI can only be tied to risks of that channel.")}
            )
    return risks


@transaction.atomic
def kri_create(
    *,
    actor: User | None,
    name: str,
    owner: Person,
    amber_threshold: float,
    red_threshold: float,
    higher_is_worse: bool = True,
    description: str = "",
    metric: str = "",
    unit: str = "",
    channel: Channel | None = None,
    risks: Iterable[ChannelRisk] = (),
) -> KRI:
    if actor is not None:
        from socialgov.risks.access import manages_channel

        allowed = (
            manages_channel(actor, channel)
            if channel is not None
            else permissions.can_create(actor, ChannelRisk)
            and permissions.has_org_role(actor, "admin", "governance_lead")
        )
        if not allowed:
            raise PermissionDenied(_("You may not define KRIs here."))
    kri = KRI(
        name=name.strip(),
        description=description.strip(),
        metric=metric.strip(),
        unit=unit.strip(),
        channel=channel,
        owner=owner,
        higher_is_worse=higher_is_worse,
        amber_threshold=amber_threshold,
        red_threshold=red_threshold,
    )
    _check_thresholds(kri)
    linked = _check_risks(kri, risks)
    kri.full_clean()
    kri.save()
    kri.risks.set(linked)
    audit_record(
        actor=actor,
        verb="kri.create",
        target=kri,
        changes={**snapshot(kri, KRI_FIELDS), "risks": sorted(risk.pk for risk in linked)},
    )
    return kri


@transaction.atomic
def kri_update(
    *,
    actor: User | None,
    kri: KRI,
    risks: Iterable[ChannelRisk] | None = None,
    **fields: Any,
) -> KRI:
    unknown = set(fields) - set(KRI_FIELDS) | ({"channel"} & set(fields))
    if unknown:
        raise ValueError(f"kri_update cannot set {sorted(unknown)}")
    kri = KRI.objects.select_for_update().get(pk=kri.pk)
    if actor is not None and not permissions.can_change(actor, kri):
        raise PermissionDenied(_("You may not change this KRI."))
    before = snapshot(kri, KRI_FIELDS)
    before_risks = sorted(kri.risks.values_list("pk", flat=True))
    for name, value in fields.items():
        setattr(kri, name, value.strip() if isinstance(value, str) else value)
    _check_thresholds(kri)
    kri.full_clean()
    kri.save()
    changes: dict[str, Any] = diff(before, snapshot(kri, KRI_FIELDS))
    if risks is not None:
        linked = _check_risks(kri, risks)
        kri.risks.set(linked)
        after_risks = sorted(risk.pk for risk in linked)
        if after_risks != before_risks:
            changes["risks"] = [before_risks, after_risks]
    if changes:
        audit_record(actor=actor, verb="kri.update", target=kri, changes=changes)
    return kri


def _evidence(evidence: Mapping[str, Any] | None) -> dict[str, Any]:
    if evidence is None:
        return {}
    if not isinstance(evidence, Mapping):
        raise ValidationError({"evidence": _("Evidence must be a JSON object.")})
    try:
        encoded = json.dumps(dict(evidence), default=str)
    except (TypeError, ValueError) as error:
        raise ValidationError({"evidence": _("Evidence must be JSON.")}) from error
    if len(encoded.encode()) > MAX_EVIDENCE_BYTES:
        raise ValidationError({"evidence": _("Evidence is too large (at most 20 kB).")})
    loaded: dict[str, Any] = json.loads(encoded)
    return loaded


@transaction.atomic
def kri_record_value(
    *,
    kri: KRI,
    value: float,
    actor: User | None = None,
    measured_at: dt.datetime | None = None,
    source: str = MeasurementSource.MANUAL,
    evidence: Mapping[str, Any] | None = None,
    note: str = "",
) -> KRIMeasurement:
    """Record one measured value. The latest measurement becomes the KRI's current state; a
    red one flags the linked open risks for re-assessment with a suggested likelihood."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValidationError({"value": _("Enter a finite number.")})
    if source not in MeasurementSource.values:
        raise ValidationError({"source": _("Unknown source.")})
    kri = KRI.objects.select_for_update().get(pk=kri.pk)
    if actor is not None and not permissions.can_change(actor, kri):
        raise PermissionDenied(_("You may not record values of this KRI."))
    measured_at = measured_at or timezone.now()
    if measured_at > timezone.now() + dt.timedelta(minutes=5):
        raise ValidationError({"measured_at": _("A measurement cannot lie in the future.")})
    state = kri_state(
        float(value),
        amber=kri.amber_threshold,
        red=kri.red_threshold,
        higher_is_worse=kri.higher_is_worse,
    )
    measurement = KRIMeasurement(
        kri=kri,
        value=float(value),
        measured_at=measured_at,
        state=state,
        source=source,
        evidence=_evidence(evidence),
        note=note.strip()[:500],
        recorded_by=actor if actor is not None and actor.pk else None,
    )
    measurement.full_clean()
    measurement.save()
    is_latest = kri.measured_at is None or measured_at >= kri.measured_at
    previous_state = kri.current_state
    if is_latest:
        kri.current_value, kri.current_state, kri.measured_at = float(value), state, measured_at
        kri.save(update_fields=["current_value", "current_state", "measured_at", "updated_at"])
    audit_record(
        actor=actor,
        verb="kri.record",
        target=kri,
        changes={"value": float(value), "state": state, "source": source, "at": measured_at},
    )
    if is_latest and state == KRIState.RED:
        _flag_risks(kri, measurement, notify=previous_state != KRIState.RED)
    return measurement


def _flag_risks(kri: KRI, measurement: KRIMeasurement, *, notify: bool) -> None:
    risks = kri.risks.exclude(status=RiskStatus.CLOSED).select_related("matrix", "owner", "channel")
    for risk in risks:
        suggestion = suggested_likelihood(risk.residual_likelihood, risk.matrix.size, KRIState.RED)
        why = [
            Message(
                "risks.notify.kri_red",
                {
                    "kri": kri.name,
                    "value": f"{measurement.value:g}",
                    "unit": f" {kri.unit}" if kri.unit else "",
                    "date": str(measurement.measured_at.date()),
                    "red": f"{kri.red_threshold:g}",
                    "suggested": suggestion,
                },
            )
        ]
        reason = why[0].text()
        if measurement.evidence:
            evidence = json.dumps(measurement.evidence, ensure_ascii=False)
            # The risk keeps the whole evidence; the e-mail a bounded extract of it.
            reason += "\n" + _("Evidence: %(evidence)s") % {"evidence": evidence[:2000]}
            why.append(Message("risks.notify.kri_evidence", {"evidence": evidence}))
        ChannelRisk.objects.filter(pk=risk.pk).update(
            needs_reassessment=True,
            reassessment_reason=reason,
            suggested_likelihood=suggestion,
            updated_at=timezone.now(),
        )
        audit_record(
            actor=None,
            verb="risk.flag_reassessment",
            target=risk,
            changes={"kri": kri.pk, "measurement": measurement.pk, "suggested": suggestion},
        )
        if notify and risk.owner.is_active:
            notification_send(
                recipient=risk.owner,
                subject=Message("risks.notify.reassess", {"risk": str(risk)}),
                body=why,
                url=f"/risks/{risk.pk}/",
            )


def kri_record_metric(
    *,
    metric: str,
    value: float,
    channel: Channel | None = None,
    measured_at: dt.datetime | None = None,
    evidence: Mapping[str, Any] | None = None,
    source: str = MeasurementSource.MONITORING,
) -> list[KRIMeasurement]:
    """Record a monitored figure for every KRI that follows it (for this channel, or
    organisation-wide when `channel` is None). Returns the measurements written; none when no
    KRI follows the figure."""
    kris = KRI.objects.filter(metric=metric)
    kris = (
        kris.filter(channel=channel) if channel is not None else kris.filter(channel__isnull=True)
    )
    return [
        kri_record_value(
            kri=kri, value=value, measured_at=measured_at, evidence=evidence, source=source
        )
        for kri in kris.order_by("pk")
    ]
