"""In a real browser: a lead registers a channel and hands it to its owner, who then records an
agency's access and completes an access review."""

from __future__ import annotations

import pytest

from socialgov.channels.models import AccessReview, Channel, ReviewStatus
from socialgov.core.models import User
from socialgov.web.tests.browser import browser_log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(browser, base_url: str, username: str):
    page = browser_log_in(browser, base_url, username)
    page.wait_for_selector("h1:has-text('Dashboard')")
    return page


def test_a_channel_is_registered_given_an_owner_and_its_access_reviewed(
    live_server, browser, lead: User, owner: User
) -> None:
    assert lead.person is not None and owner.person is not None
    page = _log_in(browser, live_server.url, "lead")
    page.locator("summary", has_text="Governance").click()
    page.get_by_role("link", name="Channels", exact=True).click()
    page.get_by_role("link", name="Register a channel").click()
    page.get_by_label("Platform:", exact=True).select_option("x")
    page.get_by_label("Handle:", exact=True).fill("https://x.com/Mosa_Browser")
    page.get_by_label("Purpose:", exact=True).select_option("customer_service")
    page.get_by_label("Audience:", exact=True).select_option("external")
    page.get_by_label("Status:", exact=True).select_option("active")
    page.get_by_label("Owner:", exact=True).select_option(str(lead.person.pk))
    page.get_by_role("button", name="Save").click()
    page.wait_for_selector("text=Channel registered.")
    channel = Channel.objects.get(handle="mosa_browser")

    page.get_by_role("link", name="Owner and deputy").click()
    page.get_by_label("Owner:", exact=True).select_option(str(owner.person.pk))
    page.get_by_role("button", name="Save").click()
    page.wait_for_selector("text=Owner and deputy saved.")
    channel.refresh_from_db()
    assert channel.owner_id == owner.person.pk

    page = _log_in(browser, live_server.url, "owner")
    page.goto(f"{live_server.url}/channels/{channel.pk}/")
    page.get_by_role("link", name="Add an access grant").click()
    page.get_by_label("External holder:", exact=True).fill("Sanne Dierckx")
    page.get_by_label("Agency or company:", exact=True).fill("Pixel & Pepper")
    page.get_by_label("Role on the platform:", exact=True).select_option("editor")
    page.get_by_role("button", name="Save").click()
    page.wait_for_selector("text=Access grant recorded.")

    page.get_by_role("button", name="Review access now").click()
    page.wait_for_selector("h1:has-text('Access review of')")
    page.get_by_role("button", name="Keep").click()
    page.wait_for_selector("text=Every grant has a decision.")
    page.get_by_role("button", name="Complete the review").click()
    page.wait_for_selector("text=Access review completed.")
    assert AccessReview.objects.get(channel=channel).status == ReviewStatus.COMPLETED
