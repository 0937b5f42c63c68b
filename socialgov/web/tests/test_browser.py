"""Smoke test in a real browser: log in, see the dashboard, switch to Dutch."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


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
