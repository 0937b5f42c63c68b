"""When someone leaves, the risks they own go to the channel's owner (or deputy), so no risk is
left without an accountable person; if neither is active the risk is flagged instead."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from socialgov.core.audit import audit_record
from socialgov.core.models import Person
from socialgov.core.signals import person_left
from socialgov.risks.models import ChannelRisk


@receiver(person_left)
def hand_over_risks(sender: Any, person: Person, actor: Any = None, **kwargs: Any) -> None:
    risks = ChannelRisk.objects.filter(owner=person).select_related(
        "channel__owner", "channel__deputy"
    )
    for risk in risks:
        channel = risk.channel
        successor = next(
            (
                candidate
                for candidate in (channel.owner, channel.deputy)
                if candidate is not None and candidate.pk != person.pk and candidate.is_active
            ),
            None,
        )
        if successor is not None:
            ChannelRisk.objects.filter(pk=risk.pk).update(owner=successor)
            audit_record(
                actor=actor,
                verb="risk.reassign",
                target=risk,
                changes={"owner": [person.pk, successor.pk], "reason": "owner left"},
            )
        else:
            ChannelRisk.objects.filter(pk=risk.pk).update(
                needs_reassessment=True,
                reassessment_reason=f"The risk owner {person} left the organisation.",
            )
            audit_record(
                actor=actor,
                verb="risk.flag_reassessment",
                target=risk,
                changes={"reason": "owner left", "owner": person.pk},
            )
