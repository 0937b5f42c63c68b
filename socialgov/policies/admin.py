from django.contrib import admin

from socialgov.policies.models import (
    Acknowledgement,
    AcknowledgementCampaign,
    AcknowledgementRequest,
    Policy,
    PolicyTemplate,
    PolicyVersion,
)


@admin.register(Policy)
class PolicyAdmin(admin.ModelAdmin):
    list_display = ("key", "category", "owner", "review_date")


@admin.register(PolicyVersion)
class PolicyVersionAdmin(admin.ModelAdmin):
    list_display = ("policy", "major", "minor", "status", "published_at")
    list_filter = ("status",)


@admin.register(AcknowledgementCampaign)
class AcknowledgementCampaignAdmin(admin.ModelAdmin):
    list_display = ("version", "deadline", "status")


@admin.register(Acknowledgement)
class AcknowledgementAdmin(admin.ModelAdmin):
    list_display = ("person", "version", "acknowledged_at", "method")

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False  # evidence is not edited by hand


admin.site.register(AcknowledgementRequest)
admin.site.register(PolicyTemplate)
