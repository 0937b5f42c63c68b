"""The portal's "linked accounts" section, from the channel register's declarations."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from socialgov.channels import selectors as channel_selectors
from socialgov.portal.sections import PortalItem, PortalSection, register_portal_section


@register_portal_section
def linked_accounts_section(request: HttpRequest) -> PortalSection | None:
    if getattr(request.user, "person_id", None) is None:
        return None
    accounts = channel_selectors.linked_account_list(user=request.user, mine=True, active_only=True)
    items = [
        PortalItem(
            f"{account.get_platform_display()} · {account.handle}",
            reverse("channels:linked-mine"),
            _("consent given") if account.consent_given else _("consent missing: please review"),
        )
        for account in accounts[:50]
    ]
    items.append(
        PortalItem(
            _("Declare a private account linked to your work"), reverse("channels:linked-register")
        )
    )
    return PortalSection(
        _("Linked accounts to declare or review"),
        items,
        order=30,
    )
