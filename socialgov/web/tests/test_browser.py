"""Smoke test in a real browser: log in, see the dashboard, switch to Dutch."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

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


@pytest.fixture
def browser_page(monkeypatch):
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; Django's async-safety check
    # would otherwise refuse the ORM calls the live server test makes.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        page = browser.new_page()
        yield page
        browser.close()


def test_a_user_logs_in_sees_the_dashboard_and_switches_to_dutch(
    live_server, browser_page, teammate
):
    page = browser_page
    page.goto(f"{live_server.url}/")
    page.get_by_label("Username or e-mail").fill("teammate")
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_selector("h1:has-text('Dashboard')")
    assert page.get_by_text("My open tasks").is_visible()
    page.select_option("#language-select", "nl")
    page.get_by_role("button", name="Change language").click()
    page.wait_for_selector("html[lang='nl']")
    assert page.get_by_role("heading", name="Dashboard").is_visible()
    assert page.get_by_text("Mijn openstaande taken").is_visible()
