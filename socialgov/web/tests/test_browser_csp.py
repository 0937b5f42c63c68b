"""In Chromium, the main pages run under the Content-Security-Policy without a violation."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from socialgov.risks.models import ChannelRisk
from socialgov.web.tests.browser import PASSWORD, browser_log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAIN_PAGES = (
    "/",
    "/channels/",
    "/risks/",
    "/risks/overview/",
    "/policies/",
    "/incidents/",
    "/monitoring/",
    "/admin/",
    "/api/docs/",
)


def test_the_main_pages_report_no_csp_violation_in_the_console(live_server, browser, settings):
    settings.SOCIALGOV_DEMO_PASSWORD = PASSWORD
    call_command("library", "load", stdout=io.StringIO())
    call_command("demo", stdout=io.StringIO())
    page = browser_log_in(browser, live_server.url, "admin")
    page.wait_for_selector("h1")
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    risk = ChannelRisk.objects.order_by("pk").first()
    assert risk is not None
    for path in (*MAIN_PAGES, f"/risks/{risk.pk}/"):
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("networkidle")
    page.goto(f"{live_server.url}/risks/overview/")
    # The level colours come from the generated stylesheet, not from style attributes.
    painted = page.locator(".heatmap td").first.evaluate(
        "cell => getComputedStyle(cell).backgroundColor"
    )
    assert painted not in ("", "rgba(0, 0, 0, 0)")
    assert not violations, "\n".join(violations)
