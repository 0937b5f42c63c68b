from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UsageConfig(AppConfig):
    name = "socialgov.usage"
    label = "usage"
    verbose_name = _("Working-hours usage")

    def ready(self) -> None:
        from socialgov.usage.access import may_read_usage
        from socialgov.web.navigation import NAVIGATION, NavItem, Section

        if any(item.url_name == "usage:home" for item in NAVIGATION):
            return
        after = next(
            (
                i + 1
                for i, item in enumerate(NAVIGATION)
                if item.url_name == "monitoring:connector-list"
            ),
            len(NAVIGATION),
        )
        NAVIGATION.insert(
            after,
            NavItem(
                _("Working-hours usage"),
                "usage:home",
                section=Section.MONITORING,
                shown_to=may_read_usage,
            ),
        )
