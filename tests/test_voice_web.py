"""Spoken answers over HTTP, on both engines: upload once (a retry replays), check, send as an
answer marked as voice with its confidence; audio deleted unless the study keeps it, and kept
audio heard only by the study's own researchers. The transcriber is a fake OpenAI-compatible
server on 127.0.0.1 (the embedded model is exercised by the browser test)."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from sqlalchemy import select, update

from jobstory.interview.voice.config import SpeechConfig
from jobstory.interview.voice.remote import RemoteTranscriber
from jobstory.store.db import Store
from jobstory.store.tables import ParticipantRow, Recording, Study, TurnRow, User
from jobstory.web.accounts import create_api_token
from tests.fake_stt import FakeTranscriptionServer, serve
from tests.test_participant_api import seed
from tests.test_web_accounts import make_user, signed_in

AUDIO = b"\x1aE\xdf\xa3 pretend this is a webm recording \x00\x01\x02" * 50


@pytest.fixture
def voice_site(live_server: Callable[..., Any], db_url: str
               ) -> Iterator[tuple[Store, str, FakeTranscriptionServer]]:
    fake = FakeTranscriptionServer()
    with serve(fake) as stt, live_server(db_url) as server:
        server.app.state.transcriber = RemoteTranscriber(base_url=stt, model="whisper-1")
        yield server.store, server.url, fake


def upload(url: str, token: str, key: str, audio: bytes = AUDIO) -> httpx.Response:
    return httpx.post(f"{url}/api/interviews/{token}/recordings", content=audio, timeout=30,
                      headers={"Idempotency-Key": key, "Content-Type": "audio/webm"})


def test_a_spoken_answer_is_transcribed_once_checked_and_stored_as_voice(
        voice_site: tuple[Store, str, FakeTranscriptionServer]) -> None:
    store, url, fake = voice_site
    token = seed(store)
    page = httpx.get(f"{url}/i/{token}")
    assert '"available": true' in page.text and '"patience": 2.0' in page.text

    first = upload(url, token, "rec-1")
    assert first.status_code == 200, first.text
    body = first.json()
    assert body["text"] == fake.text and 0 < body["confidence"] <= 1
    assert [w["text"] for w in body["words"] if w["low"]] == ["reconcile."]
    again = upload(url, token, "rec-1")  # a retry after a lost reply: replayed, not redone
    assert again.json() == body and len(fake.requests) == 1

    checked = "I was closing the books and the spreadsheet would not balance."
    answer = httpx.post(f"{url}/api/interviews/{token}/answers", timeout=30, json={
        "answer": checked, "idempotency_key": "answer-1", "recording": body["recording"]})
    assert answer.status_code == 200, answer.text
    replay = httpx.post(f"{url}/api/interviews/{token}/answers", timeout=30, json={
        "answer": checked, "idempotency_key": "answer-1", "recording": body["recording"]})
    assert replay.json() == answer.json()
    with store.read() as session:
        turn = session.scalars(select(TurnRow).where(TurnRow.idempotency_key == "answer-1")).one()
        recording = session.scalars(select(Recording)).one()
    assert turn.text == checked and turn.role == "participant"
    assert turn.meta["voice"]["recording"] == body["recording"]
    assert turn.meta["voice"]["confidence"] == body["confidence"]
    assert turn.meta["voice"]["transcript"] == fake.text  # what was heard, beside the fix
    assert recording.audio is None, "audio is deleted after transcription by default"


def test_a_recording_of_another_participant_cannot_be_named(
        voice_site: tuple[Store, str, FakeTranscriptionServer]) -> None:
    store, url, _fake = voice_site
    mine, theirs = seed(store), seed(store)
    recording = upload(url, theirs, "k").json()["recording"]
    answer = httpx.post(f"{url}/api/interviews/{mine}/answers", timeout=30, json={
        "answer": "hello", "idempotency_key": "a", "recording": recording})
    assert answer.status_code == 400 and "recording" in answer.json()["detail"]
    assert upload(url, mine, "").status_code == 400
    assert upload(url, mine, "empty", b"").status_code == 400


def researchers_api(store: Store, url: str, email: str) -> tuple[int, httpx.Client]:
    """The seeded study, moved into `email`'s workspace, and an API client signed in as them."""
    with store.session() as session:
        person = session.scalars(select(ParticipantRow)).one()
        user = session.scalars(select(User).where(User.email == email)).one()
        session.execute(update(Study).where(Study.id == person.study_id)
                        .values(workspace_id=user.workspace_id))
        study_id = person.study_id
    return study_id, httpx.Client(base_url=url, timeout=30, headers={
        "Authorization": f"Bearer {create_api_token(store, email)}"})


def test_kept_audio_is_stored_and_heard_only_by_the_studys_researchers(
        voice_site: tuple[Store, str, FakeTranscriptionServer]) -> None:
    store, url, _fake = voice_site
    token = seed(store)
    email = make_user(store, "ada@example.com")
    other = make_user(store, "eve@example.com")
    study_id, api = researchers_api(store, url, email)
    assert api.get(f"/api/studies/{study_id}/voice").json()["keep_audio"] is False
    upload(url, token, "before")  # made while the study does not keep audio
    kept = api.put(f"/api/studies/{study_id}/voice", json={"keep_audio": True})
    assert kept.status_code == 200 and kept.json()["keep_audio"] is True
    recording = upload(url, token, "kept").json()["recording"]
    with store.read() as session:
        stored = dict(session.execute(select(Recording.idempotency_key, Recording.audio)).all())
    assert stored == {"before": None, "kept": AUDIO}
    listed = api.get(f"/api/studies/{study_id}/recordings").json()
    assert [r["audio_url"] for r in listed] == [None, f"/studies/{study_id}/recordings/"
                                                      f"{recording}"]
    assert all(r["text"] for r in listed)
    api.close()
    path = f"/studies/{study_id}/recordings/{recording}"
    researcher = signed_in(url, email)
    heard = researcher.get(path)
    assert heard.status_code == 200 and heard.content == AUDIO
    assert heard.headers["content-type"].startswith("audio/webm")
    researcher.close()
    outsider = signed_in(url, other)
    assert outsider.get(path).status_code == 404
    outsider.close()
    assert httpx.get(f"{url}{path}").status_code in (302, 303, 401)


def test_server_speech_says_only_the_moderators_words(
        voice_site: tuple[Store, str, FakeTranscriptionServer], live_server: Any) -> None:
    store, url, fake = voice_site
    token = seed(store)
    first = httpx.get(f"{url}/api/interviews/{token}").json()["next"]["text"]
    no_server = httpx.post(f"{url}/api/interviews/{token}/speech", content=first)
    assert no_server.status_code == 404  # the browser's own voice is used instead
    with serve(fake) as tts, live_server(store.engine.url.render_as_string(
            hide_password=False)) as server:
        server.app.state.speech = SpeechConfig(base_url=tts, voice="nova")
        spoken = httpx.post(f"{server.url}/api/interviews/{token}/speech", content=first)
        assert spoken.status_code == 200 and spoken.content == b"ID3-fake-mp3"
        assert fake.spoken == [{"model": "tts-1", "voice": "nova", "input": first,
                                "response_format": "mp3"}]
        other = httpx.post(f"{server.url}/api/interviews/{token}/speech",
                           content="Ignore the study and say something else.")
        assert other.status_code == 400 and len(fake.spoken) == 1
        page = httpx.get(f"{server.url}/i/{token}").text
        assert '"tts": "server"' in page


def test_the_study_data_export_lists_each_recording_with_its_answer_and_the_kept_audio(
        voice_site: tuple[Store, str, FakeTranscriptionServer]) -> None:
    store, url, fake = voice_site
    token = seed(store)
    email = make_user(store, "ada@example.com")
    study_id, api = researchers_api(store, url, email)
    first = upload(url, token, "before")  # not kept, and recorded again
    assert first.status_code == 200
    api.put(f"/api/studies/{study_id}/voice", json={"keep_audio": True})
    kept = upload(url, token, "kept").json()["recording"]
    sent = httpx.post(f"{url}/api/interviews/{token}/answers", timeout=30, json={
        "answer": "I closed the books by hand.", "idempotency_key": "a1", "recording": kept})
    assert sent.status_code == 200, sent.text
    reply = api.get(f"/api/studies/{study_id}/data.zip")
    api.close()
    assert reply.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(reply.content))
    rows = list(csv.DictReader(io.StringIO(
        archive.read("recordings/manifest.csv").decode("utf-8-sig"))))
    with store.read() as session:
        turn = session.scalars(select(TurnRow).where(TurnRow.idempotency_key == "a1")).one()
    deleted, heard = rows
    assert deleted["audio_file"] == "(deleted after transcription)"
    assert deleted["sent_as_answer"].startswith("no") and not deleted["interview"]
    assert heard["recording"] == str(kept) and heard["sent_as_answer"] == "yes"
    assert (heard["interview"], heard["answer_turn"], heard["question_id"]) == (
        str(turn.interview_id), str(turn.seq), turn.question_id)
    assert heard["question"] and heard["heard"] == fake.text
    assert heard["audio_file"] == f"recordings/recording-{kept}.webm"
    assert archive.read(heard["audio_file"]) == AUDIO
    assert [n for n in archive.namelist() if n.startswith("recordings/")] == [
        "recordings/manifest.csv", heard["audio_file"]]
