"""The backlog tools over HTTP and in a real browser: the linter page, /api/lint,
/api/userstories and a study's exports."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path
from typing import Any

import httpx
import pytest

from jobstory.analysis_runs.worker import AnalysisWorker
from jobstory.store.db import open_store
from jobstory.web.accounts import create_api_token
from jobstory.web.delivery import highlighted
from jobstory.delivery.lint import lint
from tests.analysis_support import fast_embedder, study_with_interviews
from tests.conftest import LiveServer
from tests.test_web_accounts import PASSWORD, make_user

SHOTS = Path("/tmp/shots")
CLEAN = ("When a client is 30 days past the due date on an invoice, I want to send a polite "
         "reminder, so I can get paid without souring the relationship.")
BAD = "As a <b>user</b>, I want to click a button to export my invoices so that I can do it."


def api(server: Any, email: str = "ada@example.com") -> httpx.Client:
    token = create_api_token(server.store, email)
    return httpx.Client(base_url=server.url, headers={"Authorization": f"Bearer {token}"})


def test_highlighted_pieces_cover_the_text_once_with_their_codes() -> None:
    findings = lint(BAD)
    pieces = highlighted(BAD, findings)
    assert "".join(p["text"] for p in pieces) == BAD
    covered = {code for p in pieces for code in p["codes"]}
    assert covered == {f.code for f in findings}


def test_api_lints_one_story_or_many(live_server: Any) -> None:
    with live_server() as server:
        make_user(server.store)
        client = api(server)
        one = client.post("/api/lint", json={"text": BAD})
        assert one.status_code == 200
        [result] = one.json()["results"]
        assert not result["clean"]
        assert {f["code"] for f in result["findings"]} == {"JS01", "JS02", "JS03", "JS07"}
        many = client.post("/api/lint", json={"stories": [CLEAN, BAD]}).json()
        assert [r["clean"] for r in many["results"]] == [True, False]
        both = client.post("/api/lint", json={"text": CLEAN, "stories": [CLEAN]})
        assert both.status_code == 422 and "either text" in both.json()["detail"]
        long = client.post("/api/lint", json={"text": "When " + "x" * 6000})
        assert long.status_code == 422
        anonymous = httpx.post(f"{server.url}/api/lint", json={"text": CLEAN})
        assert anonymous.status_code == 401


def test_api_turns_a_job_story_into_user_stories_and_back(live_server: Any) -> None:
    with live_server() as server:
        make_user(server.store)
        client = api(server)
        forward = client.post("/api/userstories", json={"text": CLEAN, "role": "bookkeeper"})
        body = forward.json()
        assert forward.status_code == 200 and body["direction"] == "job-to-user"
        assert len(body["user_stories"]) >= 3
        assert all(s["text"].startswith("As a bookkeeper,") for s in body["user_stories"])
        back = client.post("/api/userstories", json={
            "text": "As a landlord, I want a rent dashboard so that I can see who paid."}).json()
        assert back["direction"] == "user-to-job"
        assert back["parts"]["situation"]["missing"] and len(back["questions"]) == 3


@pytest.fixture(scope="module")
def analysed(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """A server whose store holds two studies of ada's: one analysed, one not yet."""
    store = open_store(f"sqlite:///{tmp_path_factory.mktemp('web') / 'web.sqlite'}")
    account, study_id, _ = study_with_interviews(store, completed=2)
    _, waiting_id, _ = study_with_interviews(store, completed=0, account=account)
    assert AnalysisWorker(store, embedder=fast_embedder, quiet=0).step()
    with LiveServer(store) as server:
        yield server, study_id, waiting_id
    store.close()


def test_a_studys_analysis_downloads_as_jira_csv_and_qdpx(analysed: Any) -> None:
    server, study_id, waiting_id = analysed
    client = api(server)
    early = client.get(f"/api/studies/{waiting_id}/exports/jira")
    assert early.status_code == 409
    jira = client.get(f"/api/studies/{study_id}/exports/jira")
    assert jira.status_code == 200 and jira.headers["content-type"].startswith("text/csv")
    assert f'study-{study_id}-jira-import.csv' in jira.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(jira.text)))
    assert rows[0][:3] == ["Summary", "Issue Type", "Description"]
    qdpx = client.get(f"/api/studies/{study_id}/exports/qdpx")
    assert qdpx.status_code == 200
    with zipfile.ZipFile(io.BytesIO(qdpx.content)) as archive:
        assert "project.qde" in archive.namelist()
    assert client.get(f"/api/studies/{study_id}/exports/pdf").status_code == 404
    make_user(server.store, "bo@example.com")  # a workspace of their own
    assert api(server, "bo@example.com").get(
        f"/api/studies/{study_id}/exports/jira").status_code == 404


@pytest.mark.browser
def test_linter_page_highlights_the_spans_and_escapes_the_text(live_server: Any,
                                                               page: Any) -> None:
    with live_server() as server:
        make_user(server.store)
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(f"{server.url}/login?next=/lint")
        page.get_by_label("Email").fill("ada@example.com")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(f"{server.url}/lint")
        story = BAD + " <img src=x onerror=alert('x')>"
        box = page.get_by_role("textbox", name="Job story")
        box.fill(story)
        page.get_by_role("button", name="Check").click()
        page.locator("#lint-findings").wait_for()
        codes = page.locator("#lint-findings > li").evaluate_all(
            "items => items.map(i => i.dataset.code)")
        assert set(codes) >= {"JS01", "JS02", "JS03"}
        persona = page.locator('#lint-findings > li[data-code="JS01"]').inner_text()
        assert persona.startswith("JS01 Starts with a persona: say what happened"), persona
        assert persona.lower().count("starts with a persona") == 1  # said once, no badge
        marked = page.locator("#lint-text mark").evaluate_all(
            "marks => marks.map(m => [m.textContent, m.dataset.codes])")
        assert ["click a button", "JS02"] in marked
        assert any(text.startswith("As a <b>user</b>") and "JS01" in codes_
                   for text, codes_ in marked)
        assert page.locator("#lint-text").inner_text() == story
        assert page.locator("#lint-text img, #lint-text b").count() == 0
        # a user story comes back as the job story it implies, with the three questions
        assert "What would they do if this feature did not exist?" in page.locator(
            "#conversion").inner_text()
        assert box.input_value() == story
        page.set_viewport_size({"width": 1280, "height": 900})
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "lint-1280.png"), full_page=True)
        box.fill(CLEAN)
        page.get_by_role("button", name="Check").click()
        page.get_by_role("heading", name="No problems found").wait_for()
        assert page.locator("#conversion .user-stories > li").count() >= 3
        assert dialogs == []


@pytest.mark.browser
def test_a_study_export_page_downloads_a_format(analysed: Any, page: Any) -> None:
    server, study_id, waiting_id = analysed
    page.goto(f"{server.url}/login?next=/studies/{waiting_id}/export")
    page.get_by_label("Email").fill("ada@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{server.url}/studies/{waiting_id}/export")
    assert "no finished analysis" in page.locator("main").inner_text()
    page.goto(f"{server.url}/studies/{study_id}/export")
    assert page.locator("#exports a").count() == 8
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "export-1280.png"), full_page=True)
    with page.expect_download() as download:
        page.get_by_role("link", name="Jira CSV").click()
    rows = list(csv.reader(io.StringIO(Path(download.value.path()).read_text(
        encoding="utf-8"))))
    assert rows[0][0] == "Summary" and len(rows) >= 2
    assert download.value.suggested_filename == f"study-{study_id}-jira-import.csv"
