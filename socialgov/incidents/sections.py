"""The channel page shows the channel's recent incidents and the KRI incidents_per_quarter."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from socialgov.channels.sections import ChannelSection, register_channel_section
from socialgov.core import permissions
from socialgov.incidents import selectors


@register_channel_section
def incidents_section(user: permissions.AnyUser, channel: Any) -> ChannelSection | None:
    incidents = list(selectors.incident_list(user=user).filter(channels=channel)[:10])
    return ChannelSection(
        _("Incidents"),
        "incidents/_channel_incidents.html",
        {
            "incidents": incidents,
            "per_quarter": selectors.incidents_in_quarter(channel_id=channel.pk),
        },
        order=40,
    )
