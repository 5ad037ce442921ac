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

            page.goto(f"{server.url}/studies/{study_id}/design")
            _fits(page)
            delete = page.locator("details.confirm", has=page.locator(
                "summary", has_text="Delete")).first
            delete.locator("summary").click()
            _fits(page, delete.locator(".popover"), "design-delete")

            page.goto(f"{server.url}/studies/{study_id}")
            _fits(page)
            remove = page.locator("details.confirm", has=page.locator(
                "summary", has_text="Remove")).first
            remove.locator("summary").click()
            _fits(page, remove.locator(".popover"), "participant-remove")

            page.goto(f"{server.url}/account")
            page.locator("table.tokens").wait_for()
            _fits(page)
            revoke = page.locator("table.tokens details.confirm").first
            revoke.locator("summary").click()
            _fits(page, revoke.locator(".popover"), "account-tokens")
    finally:
        context.close()
