"""The README's screenshots, made from the demo data so they can be refreshed at any time:

    .venv/bin/python tools/screenshots.py [--out docs/screenshots] [--language en]

A throw-away instance (tools/live_instance.py) with the demo organisation, its stream monitored
once and a board report generated, photographed by Debian's Chromium through Playwright.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from live_instance import DEMO_PASSWORD, ROOT, live_instance

CHROMIUM = os.environ.get("SOCIALGOV_CHROMIUM", "/usr/bin/chromium")
# What each screenshot shows: file name, the lead's page.
PAGES = [
    ("lead-dashboard.png", "/reports/?period=30d"),
    ("board-reports.png", "/reports/board/"),
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    # The demo lead reads Dutch, so the report is in Dutch too unless asked otherwise.
    parser.add_argument("--language", default="nl", choices=["en", "nl", "fr"])
    arguments = parser.parse_args()
    arguments.out.mkdir(parents=True, exist_ok=True)

    from playwright.sync_api import sync_playwright

    commands = [
        ["monitor", "--until-idle", "--interval", "0.01"],
        [
            "report",
            "board",
            "--period",
            "quarter",
            "--as",
            "lead",
            "--language",
            arguments.language,
        ],
    ]
    with live_instance(commands=commands) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--headless=new"]
        )
        context = browser.new_context(
            viewport={"width": 1280, "height": 900}, locale=arguments.language
        )
        page = context.new_page()
        page.goto(f"{base}/accounts/login/")
        page.locator("input[name=login]").fill("lead")
        page.locator("input[name=password]").fill(DEMO_PASSWORD)
        page.locator("form:has(input[name=password]) button[type=submit]").click()
        page.wait_for_load_state("networkidle")
        if "/accounts/login/" in page.url:
            raise SystemExit("the demo lead could not log in")
        for name, path in PAGES:
            page.goto(f"{base}{path}")
            page.wait_for_load_state("networkidle")
            page.screenshot(path=str(arguments.out / name), full_page=True)
            print(f"wrote {arguments.out / name}")
        browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
