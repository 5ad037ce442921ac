"""The participant's interview page in a real browser (Debian's Chromium via Playwright).

A participant answers every widget kind, gets a probe, reloads mid-way and resumes; stored XSS
stays inert; a lost response is retried with the same idempotency key. Screenshots of the page
at phone and laptop widths land in /tmp/shots/ for a person to look at.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from jobstory.store.db import Store
from jobstory.store.tables import TurnRow
from tests.test_participant_api import SPECIFIC, VAGUE, seed

pytestmark = pytest.mark.browser

SHOTS = Path(os.environ.get("JOBSTORY_SHOTS", "/tmp/shots"))
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 800}


@pytest.fixture
def site(live_server: Callable[..., Any]) -> Iterator[tuple[Store, str]]:
    """The real app on SQLite; the API tests cover both engines."""
    with live_server() as server:
        yield server.store, server.url


def turns(page: Any) -> int:
    return page.locator("#log > li.turn").count()


def wait_for_reply(page: Any, before: int) -> None:
    """Wait until the answer and the moderator's whole reply are on the page."""
    page.wait_for_function(
        "n => document.querySelectorAll('#log > li.turn').length >= n + 2 &&"
        " !document.querySelector('#log [aria-busy]') &&"
        " document.querySelector('#composer form, #composer .done, #composer .problem-box')",
        arg=before, timeout=15_000)


def widget(page: Any) -> str:
    page.wait_for_selector("#composer form, #composer .done")
    if page.locator("#composer .done").count():
        return "done"
    classes = page.locator("#composer form").get_attribute("class") or ""
    return next(c.removeprefix("widget-") for c in classes.split() if c.startswith("widget-"))


def last_moderator(page: Any) -> str:
    return page.locator("#log > li.turn-moderator .bubble").last.inner_text()


def answer(page: Any, kind: str, *, text: str = SPECIFIC, shots: str | None = None) -> None:
    """Answer the pending question through its widget, as a person would."""
    before = turns(page)
    if shots:
        for name, size in (("phone", PHONE), ("laptop", LAPTOP)):
            page.set_viewport_size(size)
            page.evaluate("() => document.querySelector('#save-status').scrollIntoView(false)")
            page.screenshot(path=str(SHOTS / f"{shots}-{name}.png"))
        page.set_viewport_size(PHONE)
    match kind:
        case "open":
            box = page.locator("#answer-text")
            box.fill(text)
            box.press("Enter")
        case "scale":
            page.get_by_role("button", name="5, unbearable").click()
        case "single_choice":
            page.get_by_label("Search engine").check()
            page.get_by_role("button", name="Send", exact=True).click()
        case "multiple_choice":
            page.get_by_label("A spreadsheet or paper").check()
            page.get_by_label("Another product").check()
            page.get_by_role("button", name="Send", exact=True).click()
        case "ranking":
            # Keyboard only: move "Peace of mind" from last to first with its Up button.
            up = page.get_by_role("button", name="Move Peace of mind up")
            up.focus()
            for _ in range(4):
                page.keyboard.press("Enter")
            assert page.locator("#rank-live").inner_text() == "Peace of mind: position 1 of 5."
            assert page.locator(".rank-item .rank-text").first.inner_text() == "Peace of mind"
            # At the top its Up button is disabled, so focus moved to its Down button.
            assert page.evaluate("document.activeElement.getAttribute('aria-label')") == \
                "Move Peace of mind down"
            page.get_by_role("button", name="Send order").click()
        case "yes_no":
            page.get_by_role("button", name="Yes", exact=True).click()
        case _:
            raise AssertionError(f"unexpected widget {kind}")
    wait_for_reply(page, before)


def test_participant_completes_every_widget_with_probe_and_reload(
        site: tuple[Store, str], page: Any) -> None:
    store, url = site
    SHOTS.mkdir(parents=True, exist_ok=True)
    token = seed(store, name="Ada")
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.set_viewport_size(PHONE)
    page.goto(f"{url}/i/{token}")
    assert "Hi Ada" in page.locator(".greeting").inner_text()
    assert "AI moderator runs this interview" in page.locator(".notice").inner_text()
    assert widget(page) == "open"
    page.screenshot(path=str(SHOTS / "start-phone.png"))

    # A vague first answer gets a probe, and the probe takes free text.
    answer(page, "open", text=VAGUE)
    assert page.locator("#log > li.turn-probe").count() == 1
    assert widget(page) == "open"
    answer(page, "open")

    # The character counter and the 10,000 limit.
    box = page.locator("#answer-text")
    box.fill("x" * 10_001)
    assert page.locator("#answer-count").inner_text() == "10,001 / 10,000"
    assert "over the 10,000 limit" in page.locator("#answer-error").inner_text()
    assert page.get_by_role("button", name="Send", exact=True).is_disabled()
    box.fill("")

    seen: list[str] = []
    reloaded = False
    for _ in range(40):
        kind = widget(page)
        if kind == "done":
            break
        seen.append(kind)
        if kind == "multiple_choice" and not reloaded:
            # Mid-way: type a draft, reload, and be exactly where we were.
            question = last_moderator(page)
            count = turns(page)
            page.get_by_label("Another product").check()
            page.reload()
            assert widget(page) == "multiple_choice"
            assert last_moderator(page) == question
            assert turns(page) == count
            assert page.get_by_label("Another product").is_checked()  # the draft survived
            page.get_by_label("Another product").uncheck()
            reloaded = True
        shots = {"scale": "scale", "ranking": "ranking", "single_choice": "radio",
                 "multiple_choice": "checkboxes", "yes_no": "yes-no"}.get(kind)
        answer(page, kind, shots=shots)
    assert reloaded
    assert {"open", "scale", "single_choice", "multiple_choice", "ranking", "yes_no"} <= set(seen)
    assert "Thank you" in page.locator("#composer .done").inner_text()
    page.screenshot(path=str(SHOTS / "done-phone.png"))
    assert dialogs == []

    # Completed is read-only after a reload too, with the whole conversation shown.
    count = turns(page)
    page.reload()
    assert widget(page) == "done"
    assert turns(page) == count
    assert page.locator("#composer textarea, #composer button").count() == 0
    with store.read() as session:
        stored = session.scalar(select(func.count()).select_from(TurnRow))
    assert stored == count


def test_stored_xss_renders_inert(site: tuple[Store, str], page: Any) -> None:
    store, url = site
    evil = '<script>window.__xss=1;alert(1)</script><img src=x onerror="window.__xss=2;alert(2)">'
    token = seed(store, name=evil)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(f"{url}/i/{token}")
    assert evil in page.locator(".greeting").inner_text()
    answer(page, "open", text=evil + " " + SPECIFIC)
    mine = page.locator("#log > li.turn-participant .bubble").last.inner_text()
    assert mine.startswith(evil)
    page.reload()
    page.wait_for_selector("#composer form")
    assert page.locator("#log > li.turn-participant .bubble").last.inner_text().startswith(evil)
    assert evil in page.locator(".greeting").inner_text()
    assert page.locator("main img, main script").count() == 0
    assert page.evaluate("window.__xss") is None
    assert dialogs == []


def test_lost_response_is_retried_with_the_same_key(site: tuple[Store, str], page: Any) -> None:
    """The server commits, the response is lost: the client retries the same key."""
    store, url = site
    token = seed(store)
    keys: list[str] = []
    dropped: list[bool] = []

    def flaky(route: Any) -> None:
        keys.append(route.request.post_data_json["idempotency_key"])
        if not dropped:
            dropped.append(True)
            route.fetch()  # the server stores the answer...
            route.abort("connectionreset")  # ...but the reply never arrives
            return
        route.continue_()

    page.route("**/api/interviews/*/answers", flaky)
    page.goto(f"{url}/i/{token}")
    before = turns(page)
    page.locator("#answer-text").fill(SPECIFIC)
    page.locator("#answer-text").press("Enter")
    page.wait_for_function(
        "() => document.querySelector('#save-status').textContent.includes('retrying')")
    wait_for_reply(page, before)
    assert len(keys) == 2 and keys[0] == keys[1]
    with store.read() as session:
        answers = session.scalar(select(func.count()).select_from(TurnRow)
                                 .where(TurnRow.role == "participant"))
    assert answers == 1
    assert page.evaluate("Object.keys(localStorage).filter(k => k.endsWith(':pending'))") == []


def test_unsent_answer_survives_a_reload(site: tuple[Store, str], page: Any) -> None:
    """An answer that was never acknowledged is resent, with its key, when the page returns."""
    store, url = site
    token = seed(store)
    page.route("**/api/interviews/*/answers", lambda route: route.abort("internetdisconnected"))
    page.goto(f"{url}/i/{token}")
    page.locator("#answer-text").fill(SPECIFIC)
    page.locator("#answer-text").press("Enter")
    page.wait_for_function(
        "() => document.querySelector('#save-status').textContent.includes('kept')")
    assert page.locator("#log > li.turn-participant").count() == 1
    page.unroute("**/api/interviews/*/answers")
    page.on("dialog", lambda dialog: dialog.accept())  # "leave the page?" while saving
    page.reload()
    wait_for_reply(page, 1)
    assert page.locator("#log > li.turn-participant .bubble").first.inner_text() == SPECIFIC
    with store.read() as session:
        answers = session.scalar(select(func.count()).select_from(TurnRow)
                                 .where(TurnRow.role == "participant"))
    assert answers == 1


def test_a_skipped_question_reads_as_skipped_not_as_an_answer(site: tuple[Store, str],
                                                              page: Any) -> None:
    store, url = site
    token = seed(store)
    page.goto(f"{url}/i/{token}")
    page.get_by_role("button", name="Skip this question").click()
    wait_for_reply(page, 1)
    skipped = page.locator("#log > li.turn-participant").first
    assert "turn-skipped" in (skipped.get_attribute("class") or "")
    assert skipped.locator(".bubble").inner_text() == "Skipped this question"
    page.reload()
    skipped = page.locator("#log > li.turn-participant").first
    assert "turn-skipped" in (skipped.get_attribute("class") or "")
    assert skipped.locator(".bubble").inner_text() == "Skipped this question"
    # an override typed into an answer shows as a mark, live and after a reload alike
    typed = "In March the invoice said \u202e0051 pounds\u202c and nobody could explain it."
    page.locator("#answer-text").fill(typed)
    page.locator("#answer-text").press("Enter")
    wait_for_reply(page, 3)
    shown = "In March the invoice said [U+202E]0051 pounds[U+202C] and nobody could explain it."
    assert page.locator("#log > li.turn-participant .bubble").last.inner_text() == shown
    page.reload()
    assert page.locator("#log > li.turn-participant .bubble").last.inner_text() == shown
    with store.read() as session:
        stored = session.scalars(select(TurnRow.text).where(TurnRow.role == "participant")
                                 .order_by(TurnRow.id)).all()
    assert stored == ["Skip", typed]  # the store keeps what was typed


def test_expired_link_shows_a_friendly_page(site: tuple[Store, str], page: Any) -> None:
    from datetime import UTC, datetime, timedelta

    store, url = site
    token = seed(store, expires_at=datetime.now(UTC) - timedelta(days=1))
    response = page.goto(f"{url}/i/{token}")
    assert response.status == 410
    assert "expired" in page.locator("h1").inner_text().lower()
    assert "ask for a new link" in page.locator("main").inner_text()
