"""Read-only admin views: every write goes through the services, so it is validated and audited."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from socialgov.channels.models import (
    AccessGrant,
    AccessReview,
    AccessReviewDecision,
    Channel,
    DiscoveredAccount,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Channel)
class ChannelAdmin(ReadOnlyAdmin):
    list_display = ("platform", "handle", "display_name", "purpose", "status", "owner")
    list_filter = ("platform", "purpose", "audience", "status")
    search_fields = ("handle", "display_name", "brand")
    list_select_related = ("owner",)


@admin.register(AccessGrant)
class AccessGrantAdmin(ReadOnlyAdmin):
    list_display = ("channel", "person", "external_name", "agency", "role", "status")
    list_filter = ("role", "status")
    list_select_related = ("channel", "person")


@admin.register(AccessReview)
class AccessReviewAdmin(ReadOnlyAdmin):
    list_display = ("channel", "due_on", "status", "escalation")
    list_filter = ("status", "escalation")


@admin.register(AccessReviewDecision)
class AccessReviewDecisionAdmin(ReadOnlyAdmin):
    list_display = ("review", "grant", "decision", "decided_by")


@admin.register(DiscoveredAccount)
class DiscoveredAccountAdmin(ReadOnlyAdmin):
    list_display = ("platform", "handle", "similarity", "resembles", "triage")
    list_filter = ("platform", "triage", "source")


# Linked private accounts are deliberately absent: only the declarer and the governance lead
# may see them, and the admin site would show them to every administrator.
