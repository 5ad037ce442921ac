"""A researcher in Chromium: the analysis appears as interviews complete; they merge, rename
and take a quote out; the decisions hold through a reload and a re-run; a quote leads to its
highlighted place in the transcript; a published report opens signed out until unpublished.
Screenshots (390 px and 1280 px) go to /tmp/shots/ for a human look.
"""

from __future__ import annotations

import re
import threading
from typing import Any

import httpx
import pytest

from jobstory.interview.session import InterviewService
from tests.analysis_support import fast_embedder, study_with_interviews
from jobstory.web.demo import play_interview
from tests.test_web_researcher_browser import shoot, sign_in

pytestmark = pytest.mark.browser


def test_analysis_corrections_hold_and_a_report_is_published(live_server: Any, browser: Any,
                                                            page: Any) -> None:
    server = live_server()
    worker = server.app.state.analysis
    worker.embedder, worker.quiet, worker.poll = fast_embedder, 0.3, 0.3
    with server:
        _account, study_id, people = study_with_interviews(server.store, completed=0)
        sign_in(page, server.url)
        page.goto(f"{server.url}/studies/{study_id}/analysis")
        page.get_by_text("Not analysed yet").wait_for()

        # interviews complete while the tab is open: it refreshes by itself
        service = InterviewService(server.store)
        playing = threading.Thread(target=lambda: [
            play_interview(service, server.store, study_id, pid, None) for pid in people[:3]])
        playing.start()
        playing.join()
        # (waits use selectors: the page's CSP rightly forbids Playwright's eval)
        page.get_by_text("from 3 completed interviews").wait_for(timeout=60_000)
        page.locator("#themes .theme").nth(1).wait_for()
        themes = page.locator("#themes .theme")
        first_id = themes.nth(0).get_attribute("data-theme-id")
        second_id = themes.nth(1).get_attribute("data-theme-id")
        second_label = themes.nth(1).locator(".theme-label").inner_text()

        # merge the second theme into the first
        first = page.locator(f'[data-theme-id="{first_id}"]')
        first.locator("summary", has_text="Rename, merge or split").click()
        first.get_by_label("Merge into this theme").select_option(second_id)
        first.get_by_role("button", name="Merge").click()
        page.get_by_text("Saved.").wait_for()
        assert page.locator(f'[data-theme-id="{second_id}"]').count() == 0

        # rename it
        first = page.locator(f'[data-theme-id="{first_id}"]')
        first.locator("summary", has_text="Rename, merge or split").click()
        first.get_by_label("Name", exact=True).fill("Month-end won't reconcile")
        first.get_by_role("button", name="Rename").click()
        page.get_by_text("Saved.").wait_for()

        # take a quote out of it
        first = page.locator(f'[data-theme-id="{first_id}"]')
        rejected = first.locator('form:has(input[value="reject_quote"]) input[name="target"]'
                                 ).first.get_attribute("value")  # the quote's place
        first.get_by_role("button", name="Not this theme").first.click()
        page.get_by_text("Saved.").wait_for()

        def holds() -> None:
            theme = page.locator(f'[data-theme-id="{first_id}"]')
            assert theme.locator(".theme-label").inner_text() == "Month-end won't reconcile"
            assert f"merged with “{second_label}”" in theme.locator(".meta").inner_text()
            assert theme.locator(f'input[name="target"][value="{rejected}"]').count() == 0
            assert page.locator(f'[data-theme-id="{second_id}"]').count() == 0

        page.reload()
        holds()
        shown = page.locator("#analysis-status").get_attribute("data-shown-run")
        page.get_by_role("button", name="Analyse now").click()
        page.locator(f'#analysis-status:not([data-shown-run="{shown}"])').wait_for(
            timeout=60_000)
        holds()
        shoot(page, "analysis")
        # on a phone, a quality row is a card: its reasons get the card's width, not a word's
        page.set_viewport_size({"width": 390, "height": 844})
        why = page.locator("#quality td[data-label='Why']").first
        assert why.bounding_box()["width"] > 250, why.bounding_box()
        page.set_viewport_size({"width": 1280, "height": 900})

        # a quote leads to its highlighted place in the transcript
        link = page.locator("#stories a", has_text="in the transcript").first
        page.locator("#stories summary", has_text="Evidence").first.click()
        quote = link.locator("xpath=ancestor::blockquote").locator("p").inner_text()
        link.click()
        mark = page.locator("mark#quote")
        mark.wait_for()
        assert mark.inner_text().strip() in quote

        # the decisions are listed with undo
        page.goto(f"{server.url}/studies/{study_id}/analysis/decisions")
        assert page.locator("tr.decision-applied").count() == 3
        page.set_viewport_size({"width": 390, "height": 844})
        change = page.locator("tr.decision-applied td[data-label='Before → after']").first
        box = change.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, box  # on screen, not aside
        page.set_viewport_size({"width": 1280, "height": 900})

        # publish, read it signed out, unpublish
        page.goto(f"{server.url}/studies/{study_id}/analysis#publish")
        page.get_by_role("button", name="Publish a read-only link").click()
        url = page.locator("#published-url").input_value()
        assert re.fullmatch(re.escape(server.url) + r"/r/[A-Za-z0-9_-]{43,}", url)
        outsider = browser.new_context()
        reader = outsider.new_page()
        reply = reader.goto(url)
        assert reply is not None and reply.status == 200
        assert "Month-end won't reconcile" in reader.content()
        assert reader.locator('meta[name="robots"]').first.get_attribute("content").startswith(
            "noindex")
        shoot(reader, "published-report")
        page.get_by_role("button", name="Unpublish").click()
        page.get_by_text("Unpublished").wait_for()
        assert reader.goto(url).status == 404
        assert httpx.get(f"{url}/report.pdf").status_code == 404
        outsider.close()
