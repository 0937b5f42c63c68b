"""In a real browser: a lead uploads a proxy log, opens the report and sees the weekly trend
chart, with no individual anywhere on the page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from socialgov.core.models import User
from socialgov.web.tests.browser import browser_log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_lead_opens_the_usage_page_and_sees_the_trend_chart_with_no_individual_anywhere(
    live_server: Any,
    browser: Any,
    lead: User,
    staff: dict[str, list[User]],
    everyone_visits: bytes,
    tmp_path: Path,
) -> None:
    log = tmp_path / "access.log"
    log.write_bytes(everyone_visits)

    page = browser_log_in(browser, live_server.url, "lead", path="/monitoring/usage/")
    page.wait_for_selector("h1:has-text('Working-hours usage')")
    assert page.get_by_text("Legal basis").count() == 1
    page.set_input_files("#id_log", str(log))
    page.select_option("#id_log_format", "squid")
    page.get_by_role("button", name="Upload and process").click()
    page.locator("a.usage-open").click()

    page.wait_for_selector("svg.chart-line")
    titles = page.locator("svg.chart-line > title").all_text_contents()
    assert "Minutes on social media during working hours, per week" in titles
    assert page.locator("svg.chart-line polyline").count() >= 2
    text = page.content()
    assert "Marketing" in text
    assert "Tiny Legal" not in text
    for members in staff.values():
        for user in members:
            assert user.person is not None
            for marker in (user.username, user.person.email, user.person.full_name):
                assert marker not in text
