"""The risk section of the channel page: residual levels at a glance and links to the tab."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from socialgov.channels.sections import ChannelSection, register_channel_section
from socialgov.core.permissions import AnyUser
from socialgov.risks import selectors
from socialgov.risks.access import manages_channel


@register_channel_section
def risk_section(user: AnyUser, channel: Any) -> ChannelSection | None:
    risks = selectors.risk_list(user=user, filters=selectors.RiskFilters(channel=channel.pk))
    manages = manages_channel(user, channel)
    if not manages and not risks.exists():
        return None
    return ChannelSection(
        _("Risks"),
        "risks/_channel_section.html",
        {"risks": list(risks[:10]), "count": risks.count(), "manages": manages},
        order=10,
    )
