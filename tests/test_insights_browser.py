"""The chat panel on a study's Analysis page in Chromium: a question gets an answer whose
quote is a link to its place; what the server sends is shown as text, never as markup."""

from __future__ import annotations

import json
from typing import Any

import pytest

from jobstory.web import studies
from jobstory.web.accounts import create_user
from tests.ask_support import small_dir
from tests.test_insights_api import finished_run
from tests.test_web_accounts import PASSWORD
from tests.test_web_researcher_browser import sign_in

pytestmark = pytest.mark.browser


def test_a_researcher_asks_and_follows_a_quote_to_its_place(
        live_server: Any, page: Any, tmp_path_factory: pytest.TempPathFactory) -> None:
    analysis = json.loads((small_dir(tmp_path_factory) / "analysis.json")
                          .read_text(encoding="utf-8"))
    server = live_server()
    with server:
        account = create_user(server.store, "ada@example.com", PASSWORD)
        study_id = studies.create_study(server.store, account, "Invoicing switch",
                                        studies.guide_from_json("jtbd-switch"))
        finished_run(server.store, study_id, analysis)
        sign_in(page, server.url)
        page.goto(f"{server.url}/studies/{study_id}/analysis")
        answer = page.locator("#ask-answer")
        # an example question is asked with one click, and fills the box
        example = page.locator("#ask .ask-example").first
        asked = example.get_attribute("data-question")
        example.click()
        answer.locator("p.ask-text").wait_for(timeout=60_000)
        assert page.get_by_label("Your question").input_value() == asked
        assert answer.locator("blockquote.quote").count() >= 1
        # markup typed as a question comes back as text
        page.get_by_label("Your question").fill("<img src=x onerror=alert(1)> who?")
        page.get_by_role("button", name="Ask", exact=True).click()
        answer.get_by_text("I found nothing on that").wait_for(timeout=60_000)
        assert answer.locator("img").count() == 0
        page.get_by_label("Your question").fill("What did Ingrid say about her accountant?")
        page.get_by_role("button", name="Ask", exact=True).click()
        answer.get_by_text("Ingrid Solberg on accountant").wait_for(timeout=60_000)
        quotes = answer.locator("blockquote.quote")
        assert quotes.count() >= 1
        assert "accountant" in quotes.first.inner_text()
        link = quotes.first.get_by_role("link", name="in the transcript")
        href = link.get_attribute("href")
        assert href and href.startswith(f"/studies/{study_id}/")
        link.click()
        page.wait_for_url(f"{server.url}{href}")
