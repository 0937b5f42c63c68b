"""File imports (JSON lines or CSV read from disk): only from the directories the site allows,
so a connector cannot be pointed at any file the server can read."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from socialgov.monitoring.platforms.base import Platform

DEMO_DIR = Path(__file__).resolve().parent.parent / "demo_data"


def import_dirs() -> list[Path]:
    return [Path(item).resolve() for item in settings.SOCIALGOV_IMPORT_DIRS] + [DEMO_DIR]


class FilePlatform(Platform):
    def clean_config(self, config: dict[str, Any]) -> dict[str, Any]:
        path = Path(config["path"])
        if not any(path.is_relative_to(root) for root in import_dirs()):
            raise ValidationError(
                {"config": _("Files can only be imported from the configured import directories.")}
            )
        return config


PLATFORM = FilePlatform("file")
