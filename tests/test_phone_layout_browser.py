"""On a phone (390 x 844) no page runs off the right edge: not the question "Delete" popover
on the design page, not a participant's "Remove" popover, not the API tokens table.
Screenshots with each popover open go to /tmp/shots/ for a human look.
"""

from __future__ import annotations

from typing import Any

import pytest

from jobstory.web.accounts import create_api_token
from tests.analysis_support import study_with_interviews
from tests.test_web_researcher_browser import SHOTS, sign_in

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def _fits(page: Any, popover: Any | None = None, shot: str = "") -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width} px wide"
    if popover is not None:
        popover.wait_for(state="visible")
        box = popover.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], (page.url, box)
    if shot:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"phone-{shot}.png"))


def test_popovers_and_tables_stay_on_a_phone_screen(live_server: Any, browser: Any) -> None:
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    try:
        with live_server() as server:
            _account, study_id, _people = study_with_interviews(server.store, completed=1)
            for name in ("Laptop at work", "CI pipeline with a long name"):
                create_api_token(server.store, "ada@example.com", name=name)
            sign_in(page, server.url)

            def confirm(path: str, label: str, shot: str, within: str = "") -> None:
                """Open the page, then its first `label` confirmation: both fit the phone."""
                page.goto(f"{server.url}{path}")
                if within:
                    page.locator(within).wait_for()
                _fits(page)
                opened = page.locator(f"{within} details.confirm".strip(), has=page.locator(
                    "summary", has_text=label)).first
                opened.locator("summary").click()
                _fits(page, opened.locator(".popover"), shot)

            confirm(f"/studies/{study_id}/design", "Delete", "design-delete")
            confirm(f"/studies/{study_id}", "Remove", "participant-remove")
            confirm("/account", "Revoke", "account-tokens", within="table.tokens")
    finally:
        context.close()
