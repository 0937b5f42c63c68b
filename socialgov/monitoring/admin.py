from django.contrib import admin

from socialgov.monitoring.models import Alert, AlertRule, Author, Connector, Finding, Post


@admin.register(Connector)
class ConnectorAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "channel", "is_active", "health", "last_polled_at")
    list_filter = ("kind", "health", "is_active")
    # Secrets are set through the API or services (encrypted); the admin never shows them.
    readonly_fields = (
        "health",
        "last_error",
        "last_polled_at",
        "last_success_at",
        "posts_received",
    )


@admin.register(AlertRule)
class AlertRuleAdmin(admin.ModelAdmin):
    list_display = ("name", "channel", "severity", "category", "is_active", "false_positive_count")
    list_filter = ("severity", "category", "is_active")


@admin.register(Alert)
class AlertAdmin(admin.ModelAdmin):
    list_display = ("title", "owner", "severity", "status", "evidence_count", "last_seen_at")
    list_filter = ("status", "severity", "category")
    raw_id_fields = ("rule", "channel", "owner", "task")


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ("platform", "external_id", "kind", "channel", "published_at", "analysis_state")
    list_filter = ("platform", "kind", "analysis_state")
    raw_id_fields = ("author", "channel", "connector")


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ("platform", "handle", "display_name", "followers_count")
    search_fields = ("handle", "display_name")


@admin.register(Finding)
class FindingAdmin(admin.ModelAdmin):
    list_display = ("analyzer", "kind", "score", "post")
    list_filter = ("analyzer", "category")
    raw_id_fields = ("post",)
