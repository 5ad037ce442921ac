"""A researcher in a real browser: sign in, design a study, invite people, read transcripts.

Also the stored-XSS attempts: markup in a customer's name, fields and answers must show as
text in every researcher view, and never run. Screenshots of the dashboard and the design
page at phone and laptop widths go to /tmp/shots/ for a human look.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from jobstory.domain import Guide, Participant
from jobstory.interview.session import InterviewService
from jobstory.store.tables import InterviewRow, Study
from jobstory.web import customers
from tests.test_web_accounts import PASSWORD, make_user

pytestmark = pytest.mark.browser

SHOTS = Path("/tmp/shots")
SCRIPT = "<script>alert('name')</script>"
IMAGE = "<img src=x onerror=alert('img')>"
ANSWER_SCRIPT = "<script>alert('answer')</script> we switched in March"
ANSWER_IMAGE = "<img src=x onerror=alert('answer-img')> it took 3 days"


def expect_text(page: Any, text: str) -> None:
    page.get_by_text(text, exact=False).first.wait_for(state="visible", timeout=10_000)


def sign_in(page: Any, url: str, email: str = "ada@example.com") -> None:
    page.goto(f"{url}/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{url}/studies")


def shoot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_researcher_designs_a_study_and_invites_people(live_server: Any, page: Any) -> None:
    with live_server() as server:
        make_user(server.store)
        page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.url)
        sign_in(page, server.url)

        # a study from the built-in switch guide
        page.get_by_role("textbox", name=re.compile("^Title")).fill("Why teams switch")
        page.get_by_role("radio", name=re.compile("Why people switch")).check()
        page.get_by_role("button", name="Create study").click()
        page.wait_for_url(re.compile(r"/studies/\d+/design$"))
        expect_text(page, "Study created")
        study_id = int(page.url.split("/")[-2])

        # edit the scale question: a bad range is explained next to the field
        card = page.locator("#q-severity")
        card.locator("summary", has_text="Edit").click()
        card.get_by_label("From", exact=True).fill("5")
        card.get_by_label("To", exact=True).fill("1")
        card.get_by_role("button", name="Save question").click()
        error = page.locator("#q-severity-max-error")
        error.wait_for()
        assert error.inner_text() == "Scale max must be greater than min."
        assert page.locator("#q-severity-max").get_attribute("aria-invalid") == "true"
        assert page.locator("#q-severity-max").input_value() == "1"  # what they typed stays
        card = page.locator("#q-severity")
        card.get_by_label("From", exact=True).fill("0")
        card.get_by_label("To", exact=True).fill("10")
        card.get_by_label("Question", exact=True).fill(
            "How painful was the old way for {company|your team}?")
        card.get_by_role("button", name="Save question").click()
        expect_text(page, "Question saved")
        assert "Scale 0 to 10" in page.locator("#q-severity").inner_text()

        # add a single-choice question: one option is not enough, two are
        add = page.locator("#add-question")
        add.get_by_label("Type", exact=True).select_option("single_choice")
        assert add.get_by_label("From", exact=True).is_hidden()  # scale fields only for scales
        add.get_by_label("Question", exact=True).fill("Which plan are you on?")
        add.get_by_label("Options").fill("Team")
        add.get_by_role("button", name="Add question").click()
        page.locator("#new-options-error").wait_for()
        assert "at least 2 options" in page.locator("#new-options-error").inner_text()
        # the form is far down the page: the field to fix is focused and on screen
        options = page.locator("#new-options")
        assert options.evaluate("el => el === document.activeElement")
        assert options.evaluate("el => { const r = el.getBoundingClientRect();"
                                " return r.top >= 0 && r.bottom <= window.innerHeight; }")
        add = page.locator("#add-question")
        add.get_by_label("Options").fill("Team\nStarter\nEnterprise")
        add.get_by_role("button", name="Add question").click()
        expect_text(page, "Question added")
        ids = page.locator("ol.questions > li").evaluate_all("els => els.map(e => e.id)")
        assert ids[-1] == "q-which-plan-are-you-on"

        # reorder and delete
        with page.expect_navigation():
            page.get_by_role("button", name=f"Move question {len(ids)} up").click()
        ids = page.locator("ol.questions > li").evaluate_all("els => els.map(e => e.id)")
        assert ids[-2:] == ["q-which-plan-are-you-on", "q-severity"]
        page.locator("#q-push summary", has_text="Delete").click()
        page.locator("#q-push").get_by_role("button", name="Delete question").click()
        expect_text(page, "Question deleted")
        assert page.locator("#q-push").count() == 0
        shoot(page, "design")

        # upload a customer list with one bad row
        page.get_by_role("link", name="Participants & progress").click()
        csv_text = ("\ufeffname,email,company\n"
                    "Ada Lovelace,ada@example.com,Analytical\n"
                    "Bob,bob-at-example.com,Engines\n"
                    "Grace Hopper,grace@example.com,Navy\n")
        page.get_by_label("Customer list (CSV)").set_input_files(files=[{
            "name": "customers.csv", "mimeType": "text/csv", "buffer": csv_text.encode()}])
        page.get_by_role("button", name="Upload and create links").click()
        result = page.locator("#import-result")
        result.wait_for()
        assert "2 imported" in result.inner_text()
        bad = page.locator("tr.bad-row")
        assert bad.count() == 1
        assert bad.locator("td").all_inner_texts() == ["3", "invalid email 'bob-at-example.com'"]

        # copy a link
        row = page.locator("tr", has_text="Ada Lovelace")
        link = row.locator("input[readonly]").input_value()
        views = customers.participants(server.store, study_id)
        assert link == f"{server.url}/i/{views[0].token}"
        row.get_by_role("button", name="Copy").click()
        expect_text(row, "Copied")
        assert page.evaluate("navigator.clipboard.readText()") == link
        shoot(page, "dashboard")


def _interview_with(store: Any, study_id: int, participant_id: int, answers: list[str]) -> int:
    """Start an interview through the service and answer its open questions with `answers`."""
    service = InterviewService(store)
    views = {v.id: v for v in customers.participants(store, study_id)}
    view = views[participant_id]
    with store.read() as session:
        guide = Guide.model_validate(session.get(Study, study_id).guide)
    participant = Participant(name=view.name, email=view.email, fields=view.fields)
    state = service.start(guide, participant, study_id=study_id, participant_id=participant_id)
    for number, text in enumerate(answers):
        service.answer(state.id, text, f"xss-{number}")
    return state.id


def test_markup_from_participants_stays_inert(live_server: Any, page: Any) -> None:
    with live_server() as server:
        make_user(server.store)
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        sign_in(page, server.url)
        page.get_by_role("button", name="Create study").click()
        page.wait_for_url(re.compile(r"/studies/\d+/design$"))
        study_id = int(page.url.split("/")[-2])

        csv_text = ("name,email,product\n"
                    f"\"{SCRIPT}\",s@example.com,\"{IMAGE}\"\n"
                    f"\"{IMAGE}\",i@example.com,Acme\n")
        page.goto(f"{server.url}/studies/{study_id}")
        page.get_by_label("Customer list (CSV)").set_input_files(files=[{
            "name": "x.csv", "mimeType": "text/csv", "buffer": csv_text.encode()}])
        page.get_by_role("button", name="Upload and create links").click()
        page.locator("#import-result").wait_for()
        views = customers.participants(server.store, study_id)
        interview_id = _interview_with(server.store, study_id, views[0].id, [ANSWER_SCRIPT])

        page.goto(f"{server.url}/studies/{study_id}")
        expect_text(page, SCRIPT)
        expect_text(page, IMAGE)
        page.goto(f"{server.url}/studies/{study_id}/interviews/{interview_id}")
        expect_text(page, ANSWER_SCRIPT)
        expect_text(page, SCRIPT)  # the participant's name
        assert page.locator("dd", has_text=IMAGE).count() == 1  # the product field

        # the live view polls: a new answer arrives and is just as inert
        InterviewService(server.store).answer(interview_id, ANSWER_IMAGE, "xss-late")
        expect_text(page, ANSWER_IMAGE)
        assert page.locator("img").count() == 0
        assert page.locator("main script").count() == 0
        with server.store.read() as session:
            assert session.get(InterviewRow, interview_id).status == "started"
        page.goto(f"{server.url}/studies")
        assert dialogs == []
