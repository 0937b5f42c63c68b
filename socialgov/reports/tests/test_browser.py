"""In a real browser: a lead changes the period, follows a heat-map cell to the filtered risk
register, then generates and downloads a Dutch board report.

The PDF's text is read with the test helper `pdf_text` (pdftotext is not installed here)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from socialgov.core.models import User
from socialgov.reports.tests.pdf_text import pdf_text
from socialgov.risks.models import ChannelRisk
from socialgov.web.tests.browser import browser_log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_lead_drills_into_the_heat_map_and_downloads_a_dutch_board_report(
    live_server: Any, browser: Any, lead: User, risk: ChannelRisk, tmp_path: Path
) -> None:
    page = browser_log_in(browser, live_server.url, "lead", path="/reports/")
    page.wait_for_selector("h1:has-text('Reports')")
    page.get_by_role("link", name="7 days").click()
    page.wait_for_selector("a[data-period='7d'][aria-current='page']")
    assert "period=7d" in page.url

    cell = page.locator(
        f"a.heat-cell[href*='likelihood={risk.residual_likelihood}&impact={risk.residual_impact}']"
    )
    cell.first.click()
    page.wait_for_selector("h1:has-text('Risk register')")
    assert "side=residual" in page.url
    assert page.get_by_text("Hijacked account posts scams").count() >= 1

    page.goto(f"{live_server.url}/reports/board/")
    # By id: the menu's language switcher is a select named "language" too.
    page.select_option("#id_period", "quarter")
    page.select_option("#id_language", "nl")
    page.get_by_role("button", name="Generate a board report").click()
    link = page.locator("a.board-download[data-language='nl']")
    link.wait_for()
    with page.expect_download() as download:
        link.click()
    saved = tmp_path / "board.pdf"
    download.value.save_as(saved)
    text = pdf_text(saved.read_bytes())
    assert "Bestuursrapport" in text
    assert "Samenvatting voor het bestuur" in text
    assert "Executive summary" not in text
