from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PoliciesConfig(AppConfig):
    name = "socialgov.policies"
    label = "policies"
    verbose_name = _("Policies and acknowledgements")

    def ready(self) -> None:
        from socialgov.library.registry import register_loader
        from socialgov.policies import access as policies  # noqa: F401  (registers hooks)
        from socialgov.policies import cards, demo, texts  # noqa: F401  (registers hooks)
        from socialgov.policies.library import PolicyTemplateLoader

        register_loader(PolicyTemplateLoader())
