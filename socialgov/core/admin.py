from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from socialgov.core.models import AuditEvent, OrgUnit, Person, RoleAssignment, Task, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = (*DjangoUserAdmin.fieldsets, ("socialgov", {"fields": ("person",)}))  # type: ignore[misc]
    raw_id_fields = ("person",)


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "parent")
    search_fields = ("code", "name")
    readonly_fields = ("path",)


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = (
        "employee_id",
        "last_name",
        "first_name",
        "email",
        "org_unit",
        "employment_status",
    )
    list_filter = ("employment_status", "language")
    search_fields = ("employee_id", "first_name", "last_name", "email")
    raw_id_fields = ("manager", "org_unit")


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "scope_type", "org_unit", "content_type", "object_id", "source")
    list_filter = ("role", "scope_type", "source")


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ("title", "owner", "due_date", "status", "priority", "source")
    list_filter = ("status", "priority", "source")
    raw_id_fields = ("owner",)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the audit log has no edit or delete path, not even for administrators."""

    list_display = ("created_at", "actor_label", "verb", "target_type", "target_label")
    list_filter = ("verb", "target_type")

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
