"""In a real browser: run the wizard for a new channel and find its risks in the heat map."""

from __future__ import annotations

from typing import Any

import pytest

from socialgov.channels.models import Channel
from socialgov.core.models import User
from socialgov.risks.tests.conftest import make_channel

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_owner_runs_the_wizard_and_sees_the_risks_in_the_heat_map(
    live_server: Any, browser_page: Any, owner: User, library: None
) -> None:
    assert owner.person is not None
    channel: Channel = make_channel(
        owner.person, platform="instagram", purpose="marketing", handle="mosa_new", mfa="yes"
    )
    page = browser_page
    page.goto(f"{live_server.url}/risks/channel/{channel.pk}/wizard/")
    page.get_by_label("Username or e-mail").fill("owner")
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_selector("h1:has-text('Risk assessment wizard')")
    assert page.locator(".badge-ok", has_text="in place").count() >= 1  # MFA is recorded as on
    proposed = page.locator("input[name='risk_type']:checked").count()
    assert proposed >= 5
    page.get_by_role("button", name="Add the selected risks").click()
    page.wait_for_selector("table.heatmap[data-side='residual']")
    assert page.get_by_text(f"{proposed} risks added.").is_visible()
    inherent = page.locator("table.heatmap[data-side='inherent'] td a")
    counts = [int(text) for text in inherent.all_inner_texts()]
    assert sum(counts) == proposed
    inherent.first.click()
    page.wait_for_selector("h1:has-text('Risk register')")
    assert page.locator("tbody tr a[href^='/risks/']").count() >= 1
    assert channel.risks.count() == proposed
