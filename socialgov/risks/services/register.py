"""Writes of the risk register: risks, their scores, controls and the organisation's matrix."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from socialgov.channels.models import Channel
from socialgov.core import accountability
from socialgov.core.audit import audit_record, diff, snapshot
from socialgov.core.models import Person, User
from socialgov.risks.access import manages_channel
from socialgov.risks.models import (
    AppliedControl,
    ChannelRisk,
    Control,
    Effectiveness,
    RiskMatrix,
    RiskScoreChange,
    RiskSettings,
    RiskStatus,
    RiskType,
    Treatment,
)
from socialgov.risks.scoring import ScoreError

RISK_FIELDS = (
    "channel",
    "risk_type",
    "title",
    "description",
    "matrix",
    "inherent_likelihood",
    "inherent_impact",
    "residual_likelihood",
    "residual_impact",
    "residual_justification",
    "treatment",
    "owner",
    "due_date",
    "status",
)
SCORE_FIELDS = (
    "inherent_likelihood",
    "inherent_impact",
    "residual_likelihood",
    "residual_impact",
)


def default_matrix() -> RiskMatrix:
    settings = RiskSettings.objects.select_related("default_matrix").filter(pk=1).first()
    if settings is not None and settings.default_matrix is not None:
        return settings.default_matrix
    matrix = RiskMatrix.objects.filter(retired=False).order_by("-size", "key").first()
    if matrix is None:
        raise ValidationError(
            {"matrix": _("No risk matrix is loaded. Run “socialgov library load” first.")}
        )
    return matrix


@transaction.atomic
def risk_settings_set_matrix(*, actor: User | None, matrix: RiskMatrix) -> RiskSettings:
    """Choose the matrix new risks are scored on; existing risks keep theirs."""
    settings, _created = RiskSettings.objects.select_for_update().get_or_create(pk=1)
    old = settings.default_matrix_id
    settings.default_matrix = matrix
    settings.save()
    audit_record(
        actor=actor,
        verb="risk_settings.set_matrix",
        target=settings,
        changes={"default_matrix": [old, matrix.pk]},
    )
    return settings


def _check_and_score(risk: ChannelRisk) -> None:
    """Hold the scores to the risk's matrix and store the derived scores and levels."""
    spec = risk.matrix.spec
    errors: dict[str, str] = {}
    for name in SCORE_FIELDS:
        value = getattr(risk, name)
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= spec.size:
            errors[name] = _("%(value)s is outside the matrix “%(matrix)s” (1 to %(size)d).") % {
                "value": value,
                "matrix": risk.matrix,
                "size": spec.size,
            }
    if errors:
        raise ValidationError(errors)
    higher = (
        risk.residual_likelihood > risk.inherent_likelihood
        or risk.residual_impact > risk.inherent_impact
    )
    risk.residual_justification = risk.residual_justification.strip()
    if higher and not risk.residual_justification:
        raise ValidationError(
            {
                "residual_justification": _(
                    "The residual risk is higher than the inherent risk: say why."
                )
            }
        )
    try:
        inherent = spec.band(risk.inherent_likelihood, risk.inherent_impact)
        residual = spec.band(risk.residual_likelihood, risk.residual_impact)
    except ScoreError as error:  # the checks above make this unreachable; keep the message
        raise ValidationError(str(error)) from error
    risk.inherent_score = risk.inherent_likelihood * risk.inherent_impact
    risk.residual_score = risk.residual_likelihood * risk.residual_impact
    risk.inherent_level, risk.residual_level = inherent.key, residual.key
    risk.residual_rank = residual.rank


def _record_history(risk: ChannelRisk, actor: User | None, reason: str) -> None:
    RiskScoreChange.objects.create(
        risk=risk,
        changed_at=timezone.now(),
        actor=actor if actor is not None and actor.pk else None,
        inherent_likelihood=risk.inherent_likelihood,
        inherent_impact=risk.inherent_impact,
        residual_likelihood=risk.residual_likelihood,
        residual_impact=risk.residual_impact,
        inherent_score=risk.inherent_score,
        residual_score=risk.residual_score,
        residual_level=risk.residual_level,
        reason=reason[:500],
    )


def _default_owner(channel: Channel) -> Person:
    """The channel owner, or its deputy while an orphaned channel waits for a new owner."""
    for candidate in (channel.owner, channel.deputy):
        if candidate is not None and candidate.is_active:
            return candidate
    return channel.owner


def _require_manager(actor: User | None, channel: Channel) -> None:
    if actor is not None and not manages_channel(actor, channel):
        raise PermissionDenied(_("You do not manage the risks of this channel."))


@transaction.atomic
def channel_risk_create(
    *,
    actor: User | None,
    channel: Channel,
    inherent_likelihood: int,
    inherent_impact: int,
    risk_type: RiskType | None = None,
    title: str = "",
    description: str = "",
    matrix: RiskMatrix | None = None,
    residual_likelihood: int | None = None,
    residual_impact: int | None = None,
    residual_justification: str = "",
    treatment: str = Treatment.MITIGATE,
    owner: Person | None = None,
    due_date: dt.date | None = None,
) -> ChannelRisk:
    """Add a risk to a channel: from the catalogue (`risk_type`) or custom (`title`).
    The risk owner defaults to the channel owner (its deputy if the owner left); residual
    scores default to the inherent ones."""
    _require_manager(actor, channel)
    if risk_type is None and not title.strip():
        raise ValidationError({"title": _("A custom risk needs a title.")})
    if treatment == Treatment.ACCEPT:
        raise ValidationError({"treatment": _("Accept a risk with a justification and an expiry.")})
    if risk_type is not None and risk_type.retired:
        raise ValidationError({"risk_type": _("This risk type was retired from the library.")})
    if (
        risk_type is not None
        and ChannelRisk.objects.filter(channel=channel, risk_type=risk_type).exists()
    ):
        raise ValidationError(
            {"risk_type": _("This channel already has the risk “%s”.") % risk_type}
        )
    risk = ChannelRisk(
        channel=channel,
        risk_type=risk_type,
        title=title.strip(),
        description=description.strip(),
        matrix=matrix or default_matrix(),
        inherent_likelihood=inherent_likelihood,
        inherent_impact=inherent_impact,
        residual_likelihood=(
            inherent_likelihood if residual_likelihood is None else residual_likelihood
        ),
        residual_impact=inherent_impact if residual_impact is None else residual_impact,
        residual_justification=residual_justification,
        treatment=treatment,
        owner=owner or _default_owner(channel),
        due_date=due_date,
    )
    _check_and_score(risk)
    risk.full_clean()
    risk.save()
    _record_history(risk, actor, "created")
    audit_record(actor=actor, verb="risk.create", target=risk, changes=snapshot(risk, RISK_FIELDS))
    return risk


@transaction.atomic
def channel_risk_rescore(
    *,
    actor: User | None,
    risk: ChannelRisk,
    inherent_likelihood: int | None = None,
    inherent_impact: int | None = None,
    residual_likelihood: int | None = None,
    residual_impact: int | None = None,
    residual_justification: str | None = None,
    reason: str = "",
) -> ChannelRisk:
    """Change scores; keeps the history and clears a pending re-assessment flag."""
    risk = (
        # Only the risk's own row: PostgreSQL refuses FOR UPDATE on the nullable side of the
        # outer joins to the org unit and the owner.
        ChannelRisk.objects.select_for_update(of=("self",))
        .select_related("matrix", "channel__org_unit", "owner")
        .get(pk=risk.pk)
    )
    _require_change(actor, risk)
    before = snapshot(risk, (*SCORE_FIELDS, "residual_justification", "needs_reassessment"))
    for name, value in (
        ("inherent_likelihood", inherent_likelihood),
        ("inherent_impact", inherent_impact),
        ("residual_likelihood", residual_likelihood),
        ("residual_impact", residual_impact),
        ("residual_justification", residual_justification),
    ):
        if value is not None:
            setattr(risk, name, value)
    _check_and_score(risk)
    risk.needs_reassessment = False
    risk.reassessment_reason = ""
    risk.suggested_likelihood = None
    risk.full_clean()
    risk.save()
    after = snapshot(risk, (*SCORE_FIELDS, "residual_justification", "needs_reassessment"))
    changes = diff(before, after)
    if any(name in changes for name in SCORE_FIELDS):
        _record_history(risk, actor, reason or "re-scored")
    if changes:
        audit_record(
            actor=actor, verb="risk.rescore", target=risk, changes={**changes, "reason": reason}
        )
    return risk


def _require_change(actor: User | None, risk: ChannelRisk) -> None:
    from socialgov.core import permissions

    if actor is not None and not permissions.can_change(actor, risk):
        raise PermissionDenied(_("You may not change this risk."))


@transaction.atomic
def channel_risk_update(
    *,
    actor: User | None,
    risk: ChannelRisk,
    title: str | None = None,
    description: str | None = None,
    treatment: str | None = None,
    owner: Person | None = None,
    due_date: dt.date | None = None,
    clear_due_date: bool = False,
    status: str | None = None,
) -> ChannelRisk:
    """Change what is not a score. Accepting goes through `risk_accept`."""
    risk = (
        ChannelRisk.objects.select_for_update(of=("self",))
        .select_related("matrix", "channel__org_unit", "owner")
        .get(pk=risk.pk)
    )
    _require_change(actor, risk)
    before = snapshot(risk, RISK_FIELDS)
    if status == RiskStatus.ACCEPTED and risk.status != RiskStatus.ACCEPTED:
        raise ValidationError({"status": _("Accept a risk with a justification and an expiry.")})
    if treatment == Treatment.ACCEPT and risk.status != RiskStatus.ACCEPTED:
        raise ValidationError({"treatment": _("Accept a risk with a justification and an expiry.")})
    if title is not None:
        if risk.risk_type_id is None and not title.strip():
            raise ValidationError({"title": _("A custom risk needs a title.")})
        risk.title = title.strip()
    if description is not None:
        risk.description = description.strip()
    if treatment is not None:
        risk.treatment = treatment
    previous_owner = risk.owner
    if owner is not None:
        if not owner.is_active:
            raise ValidationError({"owner": _("The risk owner must be an active person.")})
        accountability.require_transfer(
            actor, accountable_id=risk.owner_id, new_id=owner.pk, org_units=[risk.channel.org_unit]
        )
        risk.owner = owner
    if due_date is not None or clear_due_date:
        risk.due_date = due_date
    if status is not None:
        risk.status = status
    risk.full_clean()
    risk.save()
    changes = diff(before, snapshot(risk, RISK_FIELDS))
    if changes:
        audit_record(actor=actor, verb="risk.update", target=risk, changes=changes)
    if "owner" in changes:
        accountability.notify_transfer(
            actor=actor,
            subject=str(risk),
            role="risks.accountable.owner",
            previous=previous_owner,
            new=risk.owner,
            url=f"/risks/{risk.pk}/",
        )
    return risk


@transaction.atomic
def channel_risk_apply_control(
    *,
    actor: User | None,
    risk: ChannelRisk,
    control: Control,
    effectiveness: str = Effectiveness.PLANNED,
    note: str = "",
    from_posture: bool = False,
) -> AppliedControl:
    """Apply a control to a risk, or change how effective it is (idempotent per control)."""
    _require_change(actor, risk)
    applied = AppliedControl.objects.filter(risk=risk, control=control).first()
    old = applied.effectiveness if applied else None
    if applied is None:
        applied = AppliedControl(risk=risk, control=control)
    applied.effectiveness = effectiveness
    applied.note = note.strip()
    applied.from_posture = from_posture
    applied.full_clean()
    applied.save()
    if old != effectiveness:
        audit_record(
            actor=actor,
            verb="risk.control_apply",
            target=risk,
            changes={"control": control.key, "effectiveness": [old, effectiveness]},
        )
    return applied


@transaction.atomic
def channel_risk_remove_control(*, actor: User | None, applied: AppliedControl) -> None:
    _require_change(actor, applied.risk)
    audit_record(
        actor=actor,
        verb="risk.control_remove",
        target=applied.risk,
        changes={"control": applied.control.key},
    )
    applied.delete()
