"""Looking after a study: the upload result's own address, archive and delete (studies and
participants, with what happens to transcripts), the participant preview, completed rows."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from jobstory.store.tables import InterviewRow, Invitation, ParticipantRow, Study, TurnRow
from jobstory.web import customers
from tests.analysis_support import study_with_interviews
from tests.test_web_accounts import csrf_of, signed_in


def _post(client: Any, path: str, page: str, **data: str) -> Any:
    return client.post(path, data={"csrf_token": csrf_of(client.get(page).text), **data})


def _count(store: Any, table: Any, *where: Any) -> int:
    with store.read() as session:
        return session.scalar(select(func.count()).select_from(table).where(*where)) or 0


def test_an_upload_result_has_its_own_address_and_a_reload_does_not_upload(
        live_server: Any) -> None:
    with live_server() as server:
        _account, study_id, _ = study_with_interviews(server.store, completed=0, people=[])
        client = signed_in(server.url, "ada@example.com")
        token = csrf_of(client.get(f"/studies/{study_id}").text)
        posted = client.post(f"/studies/{study_id}/participants", data={"csrf_token": token},
                             files={"customer_file": ("people.csv",
                                                      b"name,email\nAda,ada@x.example\nBo,bo@\n",
                                                      "text/csv")})
        assert posted.status_code == 303
        assert posted.headers["location"] == f"/studies/{study_id}/imported#import-result"
        for _ in range(2):  # reloading shows the same result and imports nothing more
            shown = client.get(f"/studies/{study_id}/imported")
            assert "<strong>1</strong> imported" in shown.text and "invalid email" in shown.text
        assert len(customers.participants(server.store, study_id)) == 1


def test_participants_are_archived_with_their_transcript_or_deleted_without(
        live_server: Any) -> None:
    with live_server() as server:
        _account, study_id, people = study_with_interviews(server.store, completed=2)
        client = signed_in(server.url, "ada@example.com")
        page = client.get(f"/studies/{study_id}").text
        assert page.count("Interview completed") == 2  # no link to copy or revoke when done
        assert "Their transcript is kept." in page and "transcript are removed for good" in page
        kept, gone = people[0], people[1]
        _post(client, f"/studies/{study_id}/participants/{kept}/archive", f"/studies/{study_id}")
        _post(client, f"/studies/{study_id}/participants/{gone}/delete", f"/studies/{study_id}")
        listed = {v.id for v in customers.participants(server.store, study_id)}
        assert kept not in listed and gone not in listed
        store = server.store
        assert _count(store, InterviewRow, InterviewRow.participant_id == kept) == 1
        assert _count(store, Invitation, Invitation.participant_id == kept,
                      Invitation.revoked_at.is_(None)) == 0
        assert _count(store, InterviewRow, InterviewRow.participant_id == gone) == 0
        assert _count(store, ParticipantRow, ParticipantRow.id == gone) == 0


def test_a_study_is_archived_restored_and_deleted_only_when_its_title_is_typed(
        live_server: Any) -> None:
    with live_server() as server:
        _account, study_id, _ = study_with_interviews(server.store, completed=1)
        client = signed_in(server.url, "ada@example.com")
        page = f"/studies/{study_id}"
        _post(client, f"{page}/archive", page)
        studies_page = client.get("/studies").text
        assert "Archived studies (1)" in studies_page
        _post(client, f"{page}/archive", page, restore="1")
        assert "Archived studies" not in client.get("/studies").text
        _post(client, f"{page}/delete", page, confirm="wrong title")
        assert client.get(page).status_code == 200
        _post(client, f"{page}/delete", page, confirm="Switching study")
        assert client.get(page).status_code == 404
        assert _count(server.store, Study, Study.id == study_id) == 0
        assert _count(server.store, TurnRow) == 0


def test_the_preview_shows_the_interview_as_participants_meet_it(live_server: Any) -> None:
    with live_server() as server:
        _account, study_id, _ = study_with_interviews(server.store, completed=0, people=[])
        client = signed_in(server.url, "ada@example.com")
        design = client.get(f"/studies/{study_id}/design").text
        assert f'href="/studies/{study_id}/preview"' in design
        assert 'class="muted guide-description"' in design
        preview = client.get(f"/studies/{study_id}/preview").text
        assert "Nothing here is saved" in preview
        assert preview.count('class="preview-question"') >= 5
        assert "{" not in preview.split('class="preview-questions"')[1].split("</ol>")[0]
