"""In a real browser: a community manager writes a Dutch draft containing an IBAN, sees it
blocked with the IBAN marked, removes it, submits it, the owner approves it, and the post
then stands as scheduled in the channel's calendar."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from socialgov.channels.models import Channel
from socialgov.core.models import User
from socialgov.publishing.models import Draft, DraftState
from socialgov.web.tests.browser import browser_log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

IBAN = "BE68 5390 0754 7034"


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def _log_in(browser, base_url: str, username: str):
    page = browser_log_in(browser, base_url, username)
    page.wait_for_selector("h1:has-text('Dashboard')")
    return page


def test_a_blocked_dutch_draft_is_fixed_submitted_approved_and_scheduled(
    live_server, browser, cm: User, owner: User, channel: Channel
) -> None:
    at = timezone.localtime() + dt.timedelta(days=1)
    page = _log_in(browser, live_server.url, "cm")
    page.locator("summary", has_text="Publishing").click()
    page.get_by_role("link", name="Drafts", exact=True).click()
    page.get_by_role("link", name="Write a draft").click()
    page.get_by_label(str(channel)).check()
    page.get_by_label("Text:").fill(f"Stort het bedrag op {IBAN} alstublieft, dan helpen wij u.")
    page.get_by_label("Language:").select_option("nl")
    page.get_by_label("Publish at:").fill(at.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Save and check").click()
    page.wait_for_selector("#blocked")
    marked = page.locator("mark.finding-block[data-code='personal_data']")
    assert marked.inner_text() == IBAN
    assert page.get_by_text("Personal data must not be published").is_visible()

    page.get_by_role("link", name="Edit").click()
    page.get_by_label("Text:").fill("Bedankt voor uw bericht, wij helpen u graag verder.")
    page.get_by_role("button", name="Save and check").click()
    page.wait_for_selector("text=Draft saved and checked.")
    assert page.locator("#blocked").count() == 0
    assert page.locator("mark.finding-block").count() == 0
    page.get_by_role("button", name="Submit for review").click()
    page.wait_for_selector("text=Draft sent for review.")
    assert page.get_by_role("button", name="Approve").count() == 0
    draft = Draft.objects.get()
    assert draft.state == DraftState.IN_REVIEW

    page = _log_in(browser, live_server.url, "owner")
    page.locator("summary", has_text="Publishing").click()
    page.get_by_role("link", name="Drafts", exact=True).click()
    page.get_by_role("link", name="Bedankt voor uw bericht").first.click()
    page.get_by_role("button", name="Approve").click()
    page.wait_for_selector("text=Approval recorded.")
    draft.refresh_from_db()
    assert draft.state == DraftState.SCHEDULED

    page.goto(
        f"{live_server.url}/publishing/calendar/?view=week&date={at.date().isoformat()}"
        f"&channel={channel.pk}"
    )
    entry = page.locator("li.entry[data-state='scheduled']")
    assert entry.count() == 1
    assert "Bedankt voor uw bericht" in entry.inner_text()
    assert at.strftime("%H:%M") in entry.inner_text()
