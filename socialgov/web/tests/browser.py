"""Steps browser tests share (the `browser` and `browser_page` fixtures are in conftest.py)."""

from __future__ import annotations

from typing import Any

PASSWORD = "correct horse battery"


def browser_log_in(browser: Any, base_url: str, username: str, *, path: str = "/") -> Any:
    """A page in a fresh browser context, logged in as `username` and opened at `path`."""
    page = browser.new_context().new_page()
    page.goto(f"{base_url}{path}")
    page.get_by_label("Username or e-mail").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    return page
