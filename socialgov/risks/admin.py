"""Admin pages: where reference content is edited locally (the library loader then keeps those
edits) and where the register can be inspected."""

from django.contrib import admin

from socialgov.library.models import LibraryRelease
from socialgov.risks.models import KRI, ChannelRisk, Control, KRIMeasurement, RiskMatrix, RiskType


@admin.register(RiskType)
class RiskTypeAdmin(admin.ModelAdmin):
    list_display = ("key", "__str__", "category", "origin", "library_version", "retired")
    list_filter = ("category", "origin", "retired")
    search_fields = ("key",)
    readonly_fields = ("library", "library_version", "library_digest")


@admin.register(Control)
class ControlAdmin(admin.ModelAdmin):
    list_display = ("key", "__str__", "control_type", "posture_check", "origin", "retired")
    list_filter = ("control_type", "origin", "retired")
    search_fields = ("key",)
    filter_horizontal = ("risk_types",)
    readonly_fields = ("library", "library_version", "library_digest")


@admin.register(RiskMatrix)
class RiskMatrixAdmin(admin.ModelAdmin):
    list_display = ("key", "__str__", "size", "origin", "retired")
    readonly_fields = ("library", "library_version", "library_digest")


@admin.register(ChannelRisk)
class ChannelRiskAdmin(admin.ModelAdmin):
    list_display = ("__str__", "residual_score", "residual_level", "status", "owner", "due_date")
    list_filter = ("status", "treatment", "residual_level", "needs_reassessment")
    raw_id_fields = ("channel", "owner")
    readonly_fields = (
        "inherent_score",
        "residual_score",
        "inherent_level",
        "residual_level",
        "residual_rank",
    )


@admin.register(KRI)
class KRIAdmin(admin.ModelAdmin):
    list_display = ("name", "metric", "channel", "current_state", "measured_at")
    list_filter = ("current_state",)
    raw_id_fields = ("channel", "owner", "risks")


@admin.register(KRIMeasurement)
class KRIMeasurementAdmin(admin.ModelAdmin):
    list_display = ("kri", "value", "state", "source", "measured_at")
    list_filter = ("state", "source")


@admin.register(LibraryRelease)
class LibraryReleaseAdmin(admin.ModelAdmin):
    list_display = ("library", "kind", "version", "loaded_at", "source")
    readonly_fields = ("library", "kind", "version", "digest", "source", "loaded_at")
