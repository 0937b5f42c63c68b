from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _static_files_without_collectstatic(settings: Any) -> None:
    """Pages link their CSS through the manifest storage, which needs `collectstatic`."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
