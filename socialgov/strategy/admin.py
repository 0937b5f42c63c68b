from django.contrib import admin

from socialgov.strategy.models import Objective


@admin.register(Objective)
class ObjectiveAdmin(admin.ModelAdmin):
    list_display = ("title", "usage_type", "kpi", "target_value", "period_end", "status")
    list_filter = ("usage_type", "status")
