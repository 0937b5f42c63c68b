from django.contrib import admin

from socialgov.awareness.models import Assignment, Attempt, AwarenessCampaign, TrainingModule


@admin.register(TrainingModule)
class TrainingModuleAdmin(admin.ModelAdmin):
    list_display = ("key", "library_version", "pass_mark", "is_active")


@admin.register(AwarenessCampaign)
class AwarenessCampaignAdmin(admin.ModelAdmin):
    list_display = ("title", "starts_on", "deadline", "recurrence", "status")


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ("person", "module", "campaign", "status", "best_score")
    list_filter = ("status",)


admin.site.register(Attempt)
