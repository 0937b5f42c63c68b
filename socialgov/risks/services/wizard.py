"""The risk assessment wizard: propose catalogue risks for a channel and add the chosen ones.

A proposal is a risk type that applies to the channel's platform and purpose, scored from the
catalogue's typical likelihood and impact (rescaled to the matrix), with its suggested controls;
controls the channel's recorded security posture already satisfies are marked in place and
lower the residual likelihood by one step each.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from socialgov.channels.models import Channel
from socialgov.core.models import User
from socialgov.risks.models import ChannelRisk, Control, Effectiveness, RiskMatrix, RiskType
from socialgov.risks.scoring import rescale
from socialgov.risks.services.register import (
    channel_risk_apply_control,
    channel_risk_create,
    default_matrix,
)
from socialgov.risks.vocabulary import posture_satisfied


@dataclass
class ControlProposal:
    control: Control
    in_place: bool


@dataclass
class WizardProposal:
    risk_type: RiskType
    likelihood: int
    impact: int
    residual_likelihood: int
    controls: list[ControlProposal] = field(default_factory=list)
    already_registered: bool = False

    @property
    def controls_in_place(self) -> list[Control]:
        return [proposal.control for proposal in self.controls if proposal.in_place]


def risk_wizard_proposals(
    *, channel: Channel, matrix: RiskMatrix | None = None
) -> list[WizardProposal]:
    matrix = matrix or default_matrix()
    registered = set(
        ChannelRisk.objects.filter(channel=channel, risk_type__isnull=False).values_list(
            "risk_type_id", flat=True
        )
    )
    risk_types = RiskType.objects.filter(retired=False).prefetch_related("controls")
    proposals = []
    for risk_type in risk_types:
        if not risk_type.applies_to(platform=channel.platform, purpose=channel.purpose):
            continue
        controls = [
            ControlProposal(
                control,
                bool(control.posture_check) and posture_satisfied(control.posture_check, channel),
            )
            for control in sorted(risk_type.controls.all(), key=lambda c: c.key)
            if not control.retired
        ]
        likelihood = rescale(risk_type.typical_likelihood, 5, matrix.size)
        impact = rescale(risk_type.typical_impact, 5, matrix.size)
        in_place = sum(1 for proposal in controls if proposal.in_place)
        proposals.append(
            WizardProposal(
                risk_type=risk_type,
                likelihood=likelihood,
                impact=impact,
                residual_likelihood=max(1, likelihood - in_place),
                controls=controls,
                already_registered=risk_type.pk in registered,
            )
        )
    proposals.sort(key=lambda p: (-p.likelihood * p.impact, p.risk_type.key))
    return proposals


@transaction.atomic
def risk_wizard_apply(
    *,
    actor: User | None,
    channel: Channel,
    risk_types: Sequence[str],
    scores: Mapping[str, tuple[int, int]] | None = None,
    matrix: RiskMatrix | None = None,
) -> list[ChannelRisk]:
    """Add the chosen proposals (by risk type key) to the channel, all or none. `scores` may
    override the proposed inherent (likelihood, impact) per key."""
    matrix = matrix or default_matrix()
    proposals = {p.risk_type.key: p for p in risk_wizard_proposals(channel=channel, matrix=matrix)}
    unknown = sorted(set(risk_types) - set(proposals))
    if unknown:
        raise ValidationError(
            {"risk_types": _("Not proposed for this channel: %s") % ", ".join(unknown)}
        )
    if not risk_types:
        raise ValidationError({"risk_types": _("Choose at least one risk.")})
    created = []
    for key in dict.fromkeys(risk_types):
        proposal = proposals[key]
        if proposal.already_registered:
            continue
        likelihood, impact = (scores or {}).get(key, (proposal.likelihood, proposal.impact))
        in_place = len(proposal.controls_in_place)
        risk = channel_risk_create(
            actor=actor,
            channel=channel,
            risk_type=proposal.risk_type,
            matrix=matrix,
            inherent_likelihood=likelihood,
            inherent_impact=impact,
            residual_likelihood=max(1, likelihood - in_place)
            if isinstance(likelihood, int)
            else likelihood,
            residual_impact=impact,
        )
        for control_proposal in proposal.controls:
            channel_risk_apply_control(
                actor=actor,
                risk=risk,
                control=control_proposal.control,
                effectiveness=(
                    Effectiveness.EFFECTIVE if control_proposal.in_place else Effectiveness.PLANNED
                ),
                from_posture=control_proposal.in_place,
            )
        created.append(risk)
    return created
