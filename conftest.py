"""Shared fixtures: an organisation with named people in each role.

- `owner` holds the channel owner role, `teammate` works beside them in the same unit,
  `outsider` is an employee of another unit; `lead`, `analyst`, `auditor`, `admin_user`
  hold those roles over the whole organisation.
"""

from __future__ import annotations

import importlib
import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest
from rest_framework.test import APIClient

from socialgov.core.models import OrgUnit, Role, User
from socialgov.core.services import role_assign
from socialgov.core.tests.factories import OrgUnitFactory, PersonFactory, UserFactory

PASSWORD = "correct horse battery"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    skip_browser = pytest.mark.skip(reason=f"no Chromium at {CHROMIUM}")
    skip_redis = pytest.mark.skip(reason="SOCIALGOV_TEST_REDIS_URL is not set")
    skip_postgres = pytest.mark.skip(reason="not running on PostgreSQL (set DATABASE_URL)")
    on_postgres = os.environ.get("DATABASE_URL", "").startswith("postgres")
    for item in items:
        if "browser" in item.keywords and not shutil.which(CHROMIUM):
            item.add_marker(skip_browser)
        if "redis" in item.keywords and not os.environ.get("SOCIALGOV_TEST_REDIS_URL"):
            item.add_marker(skip_redis)
        if "postgres" in item.keywords and not on_postgres:
            item.add_marker(skip_postgres)


@pytest.fixture(autouse=True)
def _default_language_after_each_test() -> Iterator[None]:
    """A request activates its reader's language for the thread; the next test starts from
    the default language, whatever the last request spoke."""
    from django.conf import settings
    from django.utils import translation

    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fast_hashing_and_mail(settings: pytest.FixtureRequest, request: pytest.FixtureRequest) -> None:
    from django.core.cache import cache

    # Rate limits and throttles live in the cache, the database's unless Redis is configured:
    # a test without the database cannot reach (nor fill) that one.
    uses_db = request.node.get_closest_marker("django_db") or {"db", "transactional_db"} & set(
        request.fixturenames
    )
    if uses_db or "redis" in settings.CACHES["default"]["BACKEND"]:  # type: ignore[attr-defined]
        cache.clear()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # type: ignore[attr-defined]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # type: ignore[attr-defined]
    settings.SECURE_SSL_REDIRECT = False  # type: ignore[attr-defined]
    # Tests that need a second factor by role say so; the PostgreSQL run is not embedded.
    settings.SOCIALGOV_MFA_REQUIRED_ROLES = []  # type: ignore[attr-defined]
    # Tests run without `collectstatic`; the manifest storage needs its output.
    settings.STORAGES = {  # type: ignore[attr-defined]
        **settings.STORAGES,  # type: ignore[attr-defined]
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def org(db: None) -> OrgUnit:
    return OrgUnitFactory(code="ORG", name="Organisation", path="/ORG/")


@pytest.fixture
def comms(org: OrgUnit) -> OrgUnit:
    return OrgUnitFactory(code="COM", name="Communication", parent=org)


@pytest.fixture
def sales(org: OrgUnit) -> OrgUnit:
    return OrgUnitFactory(code="SAL", name="Sales", parent=org)


def _user(username: str, unit: OrgUnit, *roles: str) -> User:
    user = UserFactory(username=username, person=PersonFactory(org_unit=unit))
    for role in roles:
        role_assign(actor=None, user=user, role=role)
    return user


@pytest.fixture
def owner(comms: OrgUnit) -> User:
    return _user("owner", comms, Role.CHANNEL_OWNER)


@pytest.fixture
def teammate(comms: OrgUnit) -> User:
    return _user("teammate", comms, Role.EMPLOYEE)


@pytest.fixture
def outsider(sales: OrgUnit) -> User:
    return _user("outsider", sales, Role.EMPLOYEE)


@pytest.fixture
def lead(org: OrgUnit) -> User:
    return _user("lead", org, Role.GOVERNANCE_LEAD)


@pytest.fixture
def analyst(org: OrgUnit) -> User:
    return _user("analyst", org, Role.ANALYST)


@pytest.fixture
def auditor(org: OrgUnit) -> User:
    return _user("auditor", org, Role.AUDITOR)


@pytest.fixture
def admin_user(org: OrgUnit) -> User:
    return _user("admin", org, Role.ADMIN)


@pytest.fixture
def api() -> APIClient:
    return APIClient()


@pytest.fixture
def api_as():  # type: ignore[no-untyped-def]
    """A function giving an API client authenticated as the given user."""

    def client_for(user: User) -> APIClient:
        client = APIClient()
        client.force_authenticate(user)
        return client

    return client_for


# Append-only tables (the audit log, the incident timeline) are guarded by database triggers.
APPEND_ONLY_MIGRATIONS = (
    "socialgov.core.migrations.0002_audit_append_only",
    "socialgov.incidents.migrations.0002_timeline_append_only",
)


@pytest.fixture(autouse=True)
def _append_only_triggers(request: pytest.FixtureRequest) -> object:
    """Keep SQLite's append-only triggers in place, except while Django empties the database
    after a transactional test (SQLite empties tables with DELETE; PostgreSQL uses TRUNCATE,
    which the triggers do not cover)."""
    names = request.fixturenames
    if "db" not in names and "transactional_db" not in names and "live_server" not in names:
        yield
        return
    request.getfixturevalue("transactional_db" if "transactional_db" in names else "db")
    from django.db import connection

    migrations = [importlib.import_module(path) for path in APPEND_ONLY_MIGRATIONS]
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            for migration in migrations:
                for statement in migration.SQLITE:
                    cursor.execute(statement)
    yield
    if connection.vendor == "sqlite" and "transactional_db" in names:
        with connection.cursor() as cursor:
            for migration in migrations:
                for statement in migration.SQLITE_REVERSE:
                    cursor.execute(statement)


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """Debian's Chromium driven by Playwright, for tests marked `browser`."""
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; Django's async-safety check
    # would otherwise refuse the ORM calls the live server test makes.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def browser_page(browser: Any) -> Any:
    return browser.new_page()
