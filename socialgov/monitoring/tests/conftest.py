from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _plain_static_files(settings: pytest.FixtureRequest) -> None:
    """Pages render without a prior collectstatic (the manifest storage needs one)."""
    settings.STORAGES = {  # type: ignore[attr-defined]
        **settings.STORAGES,  # type: ignore[attr-defined]
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _secrets_key(settings: pytest.FixtureRequest) -> None:
    """A production-like run (PostgreSQL, not embedded) needs an explicit key; give one."""
    from cryptography.fernet import Fernet

    settings.SOCIALGOV_SECRETS_KEY = Fernet.generate_key().decode()  # type: ignore[attr-defined]
