from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from socialgov.channels.models import Channel, ChannelStatus
from socialgov.core.audit import audit_record, snapshot
from socialgov.core.models import Person, User
from socialgov.core.services.updates import model_update
from socialgov.strategy.models import Objective, ObjectiveStatus

FIELDS = (
    "title",
    "description",
    "usage_type",
    "channel",
    "kpi",
    "unit",
    "baseline_value",
    "target_value",
    "current_value",
    "period_start",
    "period_end",
    "owner",
    "status",
)
UPDATABLE = set(FIELDS) - {"usage_type"}


def _check_channel(channel: Channel | None) -> None:
    if channel is not None and channel.status == ChannelStatus.RETIRED:
        raise ValidationError({"channel": _("A retired channel gets no new objectives.")})


@transaction.atomic
def objective_create(
    *,
    actor: User | None,
    title: str,
    usage_type: str,
    kpi: str,
    target_value: Decimal,
    period_start: dt.date,
    period_end: dt.date,
    owner: Person,
    description: str = "",
    unit: str = "",
    baseline_value: Decimal | None = None,
    current_value: Decimal | None = None,
    channel: Channel | None = None,
) -> Objective:
    _check_channel(channel)
    objective = Objective(
        title=title.strip(),
        description=description.strip(),
        usage_type=usage_type,
        channel=channel,
        kpi=kpi.strip(),
        unit=unit.strip(),
        baseline_value=baseline_value,
        target_value=target_value,
        current_value=current_value,
        period_start=period_start,
        period_end=period_end,
        owner=owner,
    )
    if period_end < period_start:
        raise ValidationError({"period_end": _("The period ends before it starts.")})
    objective.full_clean()
    objective.save()
    audit_record(
        actor=actor, verb="objective.create", target=objective, changes=snapshot(objective, FIELDS)
    )
    return objective


@transaction.atomic
def objective_update(*, actor: User | None, objective: Objective, **fields: object) -> Objective:
    if "channel" in fields:
        _check_channel(fields["channel"])  # type: ignore[arg-type]

    def check(objective: Objective) -> None:
        if objective.status not in ObjectiveStatus.values:
            raise ValidationError({"status": _("Unknown status.")})
        if objective.period_end < objective.period_start:
            raise ValidationError({"period_end": _("The period ends before it starts.")})

    objective, _changes = model_update(
        actor=actor,
        instance=objective,
        data=fields,
        fields=UPDATABLE,
        audit_fields=FIELDS,
        check=check,
    )
    return objective
