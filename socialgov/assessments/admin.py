from django.contrib import admin

from socialgov.assessments.models import (
    Answer,
    Assessment,
    AssessmentGap,
    MaturityModel,
    Respondent,
)


@admin.register(MaturityModel)
class MaturityModelAdmin(admin.ModelAdmin):
    list_display = ("key", "library_version", "created_at")


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = ("title", "org_unit", "status", "overall_score", "completed_at")


admin.site.register(Respondent)
admin.site.register(Answer)
admin.site.register(AssessmentGap)
