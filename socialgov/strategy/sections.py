"""The channel page shows the channel's objectives, or that it has none (a governance gap)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from socialgov.channels.sections import ChannelSection, register_channel_section
from socialgov.core import permissions
from socialgov.strategy import selectors
from socialgov.strategy.models import Objective


@register_channel_section
def objectives_section(user: permissions.AnyUser, channel: Any) -> ChannelSection | None:
    return ChannelSection(
        _("Objectives"),
        "strategy/_channel_objectives.html",
        {
            "objectives": list(selectors.objectives_for_channel(user=user, channel=channel)),
            "can_create": permissions.can_create(user, Objective),
        },
        order=30,
    )
