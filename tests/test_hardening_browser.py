"""The participant's page in Chromium when the server cannot store: it keeps the answer.

A full disk (the driver raising "database or disk is full") is a 503 with Retry-After: the page
keeps the answer on the device, waits, and sends it again with the same key. A server error
that keeps coming back is not retried forever: the answer goes back into the box.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy import select

from jobstory.store.db import Store
from jobstory.store.tables import Study, TurnRow
from tests.test_hardening_web import storage_fault
from tests.test_participant_api import SPECIFIC, seed, stored_answers
from tests.test_participant_browser import turns, wait_for_reply

pytestmark = pytest.mark.browser


@pytest.fixture
def site(live_server: Callable[..., Any]) -> Iterator[Any]:
    with live_server() as server:
        yield server


def status_says(page: Any, words: str) -> None:
    page.wait_for_function(
        "words => document.querySelector('#save-status').textContent.includes(words)",
        arg=words, timeout=15_000)


def pending(page: Any) -> list[Any]:
    return page.evaluate("Object.keys(localStorage).filter(k => k.endsWith(':pending'))"
                         ".map(k => JSON.parse(localStorage.getItem(k)))")


def test_a_full_disk_keeps_the_answer_and_sends_it_when_there_is_room(
        site: Any, page: Any) -> None:
    store: Store = site.store
    token = seed(store)
    page.goto(f"{site.url}/i/{token}")
    before = turns(page)
    statuses: list[int] = []
    page.on("response", lambda r: statuses.append(r.status) if "/answers" in r.url else None)
    with storage_fault(store.engine):
        page.locator("#answer-text").fill(SPECIFIC)
        page.locator("#answer-text").press("Enter")
        status_says(page, "the server cannot save right now, retrying in 5s")
        assert [p["answer"] for p in pending(page)] == [SPECIFIC]
        assert stored_answers(store) == 0
    wait_for_reply(page, before)
    assert statuses[0] == 503 and statuses[-1] == 200
    assert stored_answers(store) == 1
    assert pending(page) == []


def test_a_server_error_that_persists_gives_the_answer_back(site: Any, page: Any) -> None:
    token = seed(site.store)
    tries: list[str] = []

    def broken(route: Any) -> None:
        tries.append(route.request.post_data_json["idempotency_key"])
        route.fulfill(status=500, content_type="application/problem+json",
                      body='{"status": 500, "detail": "boom"}')

    page.route("**/api/interviews/*/answers", broken)
    page.goto(f"{site.url}/i/{token}")
    page.locator("#answer-text").fill(SPECIFIC)
    page.locator("#answer-text").press("Enter")
    page.wait_for_selector("#composer > .problem", timeout=15_000)
    assert len(tries) == 3 and len(set(tries)) == 1
    assert "problem on our side" in page.locator("#composer > .problem").inner_text()
    assert page.locator("#answer-text").input_value() == SPECIFIC
    assert page.locator("#log > li.turn-participant").count() == 0
    assert pending(page) == []


def test_a_stored_scale_past_the_cap_is_a_number_field_not_5001_buttons(
        site: Any, page: Any) -> None:
    """A guide stored before the caps may hold a 0..5000 scale: the page must not hang on it."""
    token = seed(site.store)
    with site.store.session() as session:
        study = session.scalars(select(Study)).one()
        study.guide = {"name": "old", "title": "Old guide", "questions": [
            {"id": "wide", "kind": "scale", "text": "How many?", "min": 0, "max": 5000},
            {"id": "why", "kind": "open", "text": "Why?"}]}
    page.goto(f"{site.url}/i/{token}")
    field = page.locator("#composer input#answer-number")
    field.wait_for()
    assert page.locator(".scale-point").count() == 0
    assert "from 0 to 5000" in page.locator("#answer-help").inner_text()
    before = turns(page)
    field.fill("4321")
    field.press("Enter")
    wait_for_reply(page, before)
    with site.store.read() as session:
        values = session.scalars(select(TurnRow.value).where(TurnRow.role == "participant"))
        assert list(values) == [4321]
