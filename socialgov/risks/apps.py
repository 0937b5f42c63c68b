from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RisksConfig(AppConfig):
    name = "socialgov.risks"
    label = "risks"
    verbose_name = _("Risk management")

    def ready(self) -> None:
        # Access policies, library loaders, dashboard cards and demo data register themselves.
        from socialgov.library.registry import register_loader
        from socialgov.risks import cards, demo, policies  # noqa: F401
        from socialgov.risks.library_loaders import (
            ControlLoader,
            RiskCatalogueLoader,
            RiskMatrixLoader,
        )

        for loader in (RiskMatrixLoader(), RiskCatalogueLoader(), ControlLoader()):
            register_loader(loader)
