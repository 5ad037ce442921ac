"""A voice interview in Chromium with a fake microphone playing espeak-ng speech, transcribed
by the embedded Whisper model: talk, check what was heard, send, switch to typing; and the
researcher's transcript marks the spoken answer with its confidence. Also the page's two
phone-and-resume behaviours: Enter makes a new line on a phone, and a participant who comes
back lands at the question waiting for them. Screenshots go to /tmp/shots/ for a person."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from sqlalchemy import select

from jobstory.domain import Guide
from jobstory.store.db import Store
from jobstory.store.tables import InterviewRow, Recording, Study, TurnRow, User
from tests.conftest import CHROMIUM
from tests.speech import silence, speak, word_error_rate, words, write_wav
from tests.test_participant_api import SPECIFIC, seed
from tests.test_web_accounts import make_user
from tests.test_web_researcher_browser import sign_in

pytestmark = pytest.mark.browser

SHOTS = Path(os.environ.get("JOBSTORY_SHOTS", "/tmp/shots"))
SAID = ("Last month the spreadsheet would not balance, so I spent my whole Sunday "
        "matching invoices by hand.")
SHORT_GUIDE = {
    "name": "voice-check", "title": "Month-end close", "intro": "Thanks for talking to us.",
    "questions": [
        {"id": "story", "kind": "open", "text": "Tell me about the last time month end went "
         "wrong.", "probe": False},
        {"id": "change", "kind": "open", "text": "What would you change first?",
         "probe": False},
    ],
}


# The browser's speech engine, observed: each utterance handed to it is recorded, and it
# "finishes speaking" at once (headless Chromium has no voices).
SPOKEN = """
window.spoken = [];
speechSynthesis.speak = (utterance) => {
  window.spoken.push(utterance.text);
  setTimeout(() => utterance.dispatchEvent(new Event("end")), 10);
};
"""


@pytest.fixture(scope="module")
def speech_wav(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("speech")
    return write_wav(folder / "answer.wav",
                     np.concatenate([silence(0.3), speak(SAID), silence(2.0)]))


@pytest.fixture
def mic_browser(browser: Any, speech_wav: Path) -> Iterator[Any]:
    """Chromium whose microphone plays `speech_wav` (granted without asking)."""
    launched = browser.browser_type.launch(
        executable_path=CHROMIUM, headless=True,
        args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
              "--disable-component-update", "--no-first-run", "--disable-sync",
              "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
              f"--use-file-for-fake-audio-capture={speech_wav}"])
    yield launched
    launched.close()


@pytest.fixture
def site(live_server: Callable[..., Any]) -> Iterator[tuple[Store, str]]:
    with live_server() as server:
        yield server.store, server.url


def short_study(store: Store) -> str:
    token = seed(store)
    guide = Guide.model_validate(SHORT_GUIDE).model_dump(mode="json")
    with store.session() as session:
        for study in session.scalars(select(Study)):
            study.guide = guide
    return token


@pytest.mark.parametrize(("error", "said"), [
    ("NotFoundError", "No microphone was found on this device"),
    ("NotAllowedError", "The microphone was not allowed"),
])
def test_a_microphone_that_cannot_be_used_is_explained_in_plain_words(
        site: tuple[Store, str], browser: Any, error: str, said: str) -> None:
    store, url = site
    token = short_study(store)
    context = browser.new_context(viewport={"width": 390, "height": 844})
    context.add_init_script(SPOKEN + "navigator.mediaDevices.getUserMedia = () => "
                            f"Promise.reject(new DOMException('no', '{error}'));")
    page = context.new_page()
    page.goto(f"{url}/i/{token}")
    page.get_by_role("button", name="Talking").click()
    page.locator("#record-button").click()
    status = page.locator(".talk-status")
    page.wait_for_function("() => document.querySelector('.talk-status').textContent !== ''")
    text = status.inner_text()
    assert said in text and error not in text and "type your answer" in text
    context.close()


def test_a_spoken_interview_end_to_end_on_the_embedded_transcriber(
        site: tuple[Store, str], mic_browser: Any, browser: Any) -> None:
    store, url = site
    token = short_study(store)
    context = mic_browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(SPOKEN)
    page = context.new_page()
    pieces: list[int] = []  # the answer is sent in pieces while it is spoken
    page.on("response", lambda r: pieces.append(r.status) if r.url.endswith("/pieces") else 0)
    page.goto(f"{url}/i/{token}")
    page.get_by_role("button", name="Talking").click()
    assert page.evaluate("() => window.spoken") == [SHORT_GUIDE["questions"][0]["text"]]
    record = page.locator("#record-button")
    record.wait_for()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "voice-ready.png"), full_page=True)
    record.click()  # a tap starts listening...
    page.wait_for_selector("#record-button.on")
    page.wait_for_timeout(7500)
    page.screenshot(path=str(SHOTS / "voice-recording.png"), full_page=True)
    record.click()  # ...and a second tap ends the answer
    area = page.locator("#answer-text")
    area.wait_for(timeout=60_000)
    heard = area.input_value()
    assert word_error_rate(SAID, heard) <= 0.4, heard
    assert len(pieces) >= 2 and set(pieces) == {202}, pieces
    page.screenshot(path=str(SHOTS / "voice-review.png"), full_page=True)
    area.fill(heard + " It took six hours.")  # the participant fixes what was heard
    page.get_by_role("button", name="Send").click()
    page.wait_for_function("() => document.querySelectorAll('#log > li.turn').length >= 3",
                           timeout=30_000)
    page.wait_for_selector("#record-button")  # the next open question, still in talk mode
    assert "What would you change first?" in page.locator("#log").inner_text()
    page.wait_for_function("() => window.spoken.length === 2")
    assert page.evaluate("() => window.spoken")[1] == "What would you change first?"

    page.get_by_role("button", name="Typing").click()  # switch: type the last answer
    page.locator("#answer-text").fill(SPECIFIC)
    page.locator("#answer-text").press("Enter")
    page.wait_for_selector("#composer .done", timeout=30_000)
    context.close()

    with store.read() as session:
        answers = list(session.scalars(select(TurnRow).where(TurnRow.role == "participant")
                                       .order_by(TurnRow.seq)))
        recordings = list(session.scalars(select(Recording)))
    spoken, typed = answers
    assert spoken.text.endswith("It took six hours.") and "voice" in spoken.meta
    assert 0 < spoken.meta["voice"]["confidence"] <= 1 and spoken.meta["voice"]["transcript"]
    assert "voice" not in typed.meta
    assert len(recordings) == 1 and recordings[0].audio is None  # deleted once transcribed


    # The researcher reads the same text transcript, the spoken answer marked with its
    # confidence and what was heard before the participant's fix.
    make_user(store, "ada@example.com")
    with store.session() as session:
        ada = session.scalars(select(User)).one()
        study = session.scalars(select(Study)).one()
        study.workspace_id = ada.workspace_id
        interview_id = session.scalar(select(InterviewRow.id))
        study_id = study.id
    researcher = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(researcher, url)
    researcher.goto(f"{url}/studies/{study_id}/interviews/{interview_id}")
    shown = researcher.locator(".transcript").inner_text().lower()  # labels are in capitals
    percent = round(spoken.meta["voice"]["confidence"] * 100)
    assert f"spoken, transcription confidence {percent}%" in shown
    assert "heard as: " + spoken.meta["voice"]["transcript"].lower() in shown
    assert shown.count("spoken,") == 1
    researcher.screenshot(path=str(SHOTS / "voice-researcher-transcript.png"), full_page=True)
    researcher.context.close()


def test_on_a_phone_enter_makes_a_new_line_and_the_button_sends(
        site: tuple[Store, str], browser: Any) -> None:
    store, url = site
    token = seed(store)
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True,
                                  has_touch=True)
    page = context.new_page()
    page.goto(f"{url}/i/{token}")
    area = page.locator("#answer-text")
    area.fill("First line")
    area.press("Enter")
    area.type("second line")
    assert area.input_value() == "First line\nsecond line"
    assert page.locator("#log > li.turn").count() == 1, "Enter must not send on a phone"
    assert "Tap Send" in page.locator("#answer-help").inner_text()
    page.get_by_role("button", name="Send").tap()
    page.wait_for_function("() => document.querySelectorAll('#log > li.turn').length >= 3")
    context.close()


def test_coming_back_lands_at_the_waiting_question_not_the_top(
        site: tuple[Store, str], page: Any) -> None:
    store, url = site
    token = seed(store)
    page.set_viewport_size({"width": 390, "height": 600})
    page.goto(f"{url}/i/{token}")
    for _ in range(2):  # two long answers push the current question far down the page
        before = page.locator("#log > li.turn").count()
        page.locator("#answer-text").fill((SPECIFIC + " ") * 3)
        page.locator("#answer-text").press("Enter")
        page.wait_for_function("n => document.querySelectorAll('#log > li.turn').length >= n+2"
                               " && document.querySelector('#composer form')", arg=before)
    page.evaluate("window.scrollTo(0, 0)")
    page.reload()
    page.wait_for_selector("#composer form")
    page.wait_for_function("() => window.scrollY > 0")
    current = page.locator("#log > li.turn-moderator").last
    box = current.bounding_box()
    assert box is not None and 0 <= box["y"] < 600, "the waiting question is on screen"
    assert page.evaluate("window.scrollY") > 300


FIRST, SECOND = "I closed the books on Friday.", "Then the bank statement arrived late."


@pytest.fixture
def paused_speech_browser(browser: Any, tmp_path: Path) -> Iterator[Any]:
    """A microphone that says FIRST, pauses 1 s (less than the patience), says SECOND, then
    stays quiet."""
    wav = write_wav(tmp_path / "paused.wav", np.concatenate([
        silence(0.5), speak(FIRST), silence(1.0), speak(SECOND), silence(6.0)]))
    launched = browser.browser_type.launch(
        executable_path=CHROMIUM, headless=True,
        args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
              "--disable-component-update", "--use-fake-ui-for-media-stream",
              "--use-fake-device-for-media-stream",
              f"--use-file-for-fake-audio-capture={wav}"])
    yield launched
    launched.close()


def test_hands_free_waits_out_a_pause_and_ends_the_turn_after_the_patience(
        site: tuple[Store, str], paused_speech_browser: Any) -> None:
    store, url = site
    token = short_study(store)
    page = paused_speech_browser.new_page()
    page.goto(f"{url}/i/{token}")
    page.get_by_role("button", name="Talking").click()
    assert page.locator("#patience").input_value() == "2"  # the default patience
    page.locator("#hands-free").check()  # listening starts at once, no button to press
    page.wait_for_selector("#record-button.on")
    area = page.locator("#answer-text")
    area.wait_for(timeout=60_000)  # the turn ended by itself after 2 s of quiet
    heard = area.input_value().lower()
    # Both sentences are there: the 1 s pause did not cut the answer off (tiny.en may mishear
    # a word or two of espeak-ng's voice, so a few words of each must be heard, not all).
    assert {"closed", "friday"} & set(words(heard)), heard
    assert len({"bank", "statement", "arrived", "late"} & set(words(heard))) >= 2, heard
    page.context.close()


def test_without_a_transcriber_the_page_says_why_and_offers_typing(
        live_server: Callable[..., Any], page: Any) -> None:
    with live_server() as server:
        server.app.state.transcriber = None  # as with JOBSTORY_VOICE=off
        token = seed(server.store)
        page.goto(f"{server.url}/i/{token}")
        note = page.locator("#voice-unavailable")
        assert "switched off" in note.inner_text() and "type" in note.inner_text()
        assert page.locator("#answer-text").is_visible()
        assert page.get_by_role("button", name="Talking").count() == 0
        refused = page.request.post(f"{server.url}/api/interviews/{token}/recordings",
                                    data=b"RIFF", headers={"Idempotency-Key": "k"})
        assert refused.status == 503 and "voice-unavailable" in refused.json()["type"]
