"""Speech to text: the embedded Whisper model on espeak-ng speech, an OpenAI-compatible server,
and recorded calls through `jobstory transcribe` and `jobstory analyze`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from jobstory.interview.voice import TranscriptionError
from jobstory.interview.voice.config import transcriber_from_env
from jobstory.interview.voice.embedded import TAIL_FRAMES, EmbeddedTranscriber, trim_padding
from jobstory.interview.voice.remote import RemoteTranscriber
from tests.fake_stt import FakeTranscriptionServer, serve
from tests.speech import conversation, silence, speak, word_error_rate, write_wav

SENTENCES = [
    "I run a small bakery and I do the accounts myself every Sunday evening.",
    "The old spreadsheet kept breaking whenever I added a new supplier.",
    "My accountant told me to look for something that talks to the bank.",
    "I tried three different tools before I found one that I could trust.",
    "Now the invoices are matched automatically and I save about two hours a week.",
    "What worries me most is losing the history from the last five years.",
]

CALL = [
    (1, "Tell me about the last time the monthly accounts went wrong."),
    (2, "It was a Friday night and the spreadsheet would not match the bank statement."),
    (1, "What did you do next?"),
    (2, "I exported everything into a new tool and matched the payments by hand."),
]


@pytest.fixture(scope="module")
def embedded() -> EmbeddedTranscriber:
    transcriber = EmbeddedTranscriber()
    transcriber.warm()
    return transcriber


def test_embedded_transcriber_word_error_rate_is_at_most_30_percent_on_espeak_sentences(
        tmp_path: Path, embedded: EmbeddedTranscriber) -> None:
    recording = np.concatenate([part for sentence in SENTENCES
                                for part in (speak(sentence), silence(0.5))])
    wav = write_wav(tmp_path / "sentences.wav", recording).read_bytes()
    transcript = embedded.transcribe(wav, filename="sentences.wav")
    wer = word_error_rate(" ".join(SENTENCES), transcript.text)
    assert wer <= 0.30, (wer, transcript.text)
    assert transcript.confidence is not None and 0.0 < transcript.confidence <= 1.0
    assert all(w.probability is not None for w in transcript.words)


def test_a_short_answer_is_encoded_in_a_window_that_ends_soon_after_it() -> None:
    from faster_whisper.audio import pad_or_trim
    from faster_whisper.feature_extractor import FeatureExtractor

    clip = np.concatenate([speak(SENTENCES[0]), silence(0.3)])
    features = FeatureExtractor()(clip)
    window = pad_or_trim(features[:, : features.shape[-1] - 1])  # as faster-whisper pads it
    assert window.shape[-1] == 3000
    trimmed = trim_padding(window)
    heard = features.shape[-1] - 1
    assert heard <= trimmed.shape[-1] <= heard + TAIL_FRAMES + 1
    assert trimmed.shape[-1] % 2 == 0 and trimmed.shape[-1] < 3000
    assert np.array_equal(trimmed, window[:, : trimmed.shape[-1]])  # only padding dropped
    full = np.ones((80, 3000), dtype=np.float32)
    assert trim_padding(full).shape == (80, 3000)  # a window of audio throughout is kept


def test_short_answers_read_alone_are_transcribed_as_well_as_in_one_window(
        embedded: EmbeddedTranscriber) -> None:
    errors = [word_error_rate(sentence, embedded.transcribe_samples(
        np.concatenate([silence(0.3), speak(sentence), silence(0.3)])).text)
        for sentence in SENTENCES]
    assert float(np.mean(errors)) <= 0.30, errors
    assert max(errors) <= 0.5, errors


def test_silence_gives_no_words_and_garbage_is_a_transcription_error(
        tmp_path: Path, embedded: EmbeddedTranscriber) -> None:
    with pytest.raises(TranscriptionError, match="not a readable audio recording"):
        embedded.transcribe(b"this is not audio at all", filename="x.webm")


def test_remote_transcriber_reads_text_confidence_and_words_to_check() -> None:
    fake = FakeTranscriptionServer(avg_logprob=-0.5)
    with serve(fake) as url:
        transcriber = transcriber_from_env({"JOBSTORY_STT_BASE_URL": url,
                                            "JOBSTORY_STT_API_KEY": "sk-test"})
        assert isinstance(transcriber, RemoteTranscriber)
        transcript = transcriber.transcribe(b"RIFF-not-checked-by-the-fake", filename="a.wav")
    assert transcript.text == fake.text
    assert transcript.confidence == pytest.approx(np.exp(-0.5))
    marked = [w["text"] for w in transcript.as_json()["words"] if w["low"]]
    assert marked == ["reconcile."]
    (sent,) = fake.requests
    assert sent["response_format"] == "verbose_json" and sent["model"] == "whisper-1"
    assert set(sent["granularities"]) == {"segment", "word"}
    assert sent["authorization"] == "Bearer sk-test" and sent["bytes"] > 0


def test_remote_transcriber_failure_is_one_transcription_error() -> None:
    fake = FakeTranscriptionServer(status=503)
    with serve(fake) as url:
        transcriber = RemoteTranscriber(base_url=url, model="whisper-1")
        with pytest.raises(TranscriptionError, match="answered 503"):
            transcriber.transcribe(b"audio")
    with pytest.raises(ValueError, match="http"):
        transcriber_from_env({"JOBSTORY_STT_BASE_URL": "ftp://nope"})
    assert transcriber_from_env({"JOBSTORY_VOICE": "off"}) is None


def run(*args: str, cwd: Path, cache: Path, module: str = "jobstory"
        ) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "JOBSTORY_CACHE_DIR": str(cache), "HF_HUB_OFFLINE": "1"}
    return subprocess.run([sys.executable, "-m", module, *args], capture_output=True,
                          text=True, timeout=300, cwd=cwd, env=env)


def test_transcribe_gives_one_speaker_per_channel_with_confidence_per_cue(
        tmp_path: Path) -> None:
    call = conversation(tmp_path / "call.wav", CALL)
    mono = write_wav(tmp_path / "mono.wav", speak(SENTENCES[0]))
    result = run("transcribe", str(call), str(mono), "--out", str(tmp_path / "vtt"), "--json",
                 cwd=tmp_path, cache=tmp_path / "cache")
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert [f["channels"] for f in found] == [2, 1]
    cues = found[0]["cues"]
    assert [c["speaker"] for c in cues] == ["Speaker 1", "Speaker 2", "Speaker 1", "Speaker 2"]
    assert word_error_rate(CALL[1][1], cues[1]["text"]) <= 0.3
    assert all(0 < c["confidence"] <= 1 for c in cues)
    assert {c["speaker"] for c in found[1]["cues"]} == {"Speaker"}
    vtt = (tmp_path / "vtt" / "call.vtt").read_text(encoding="utf-8")
    assert vtt.startswith("WEBVTT") and vtt.count("NOTE confidence ") == 4
    assert "<v Speaker 2>" in vtt and " --> " in vtt


def test_transcribe_refuses_a_file_that_is_not_audio(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("hello", encoding="utf-8")
    (tmp_path / "broken.wav").write_bytes(b"RIFF not really")
    result = run("transcribe", str(tmp_path / "notes.txt"), "--out", str(tmp_path / "o"),
                 cwd=tmp_path, cache=tmp_path / "cache")
    assert result.returncode == 2 and "unsupported file type '.txt'" in result.stderr
    result = run("transcribe", str(tmp_path / "broken.wav"), "--out", str(tmp_path / "o"),
                 cwd=tmp_path, cache=tmp_path / "cache")
    assert result.returncode == 3 and "broken.wav" in result.stderr


def test_analyze_reads_a_two_channel_call_with_the_questioner_as_interviewer(
        tmp_path: Path) -> None:
    (tmp_path / "calls").mkdir()
    conversation(tmp_path / "calls" / "acme-call.wav", CALL)
    result = run("analyze", str(tmp_path / "calls"), "--out", str(tmp_path / "report"),
                 cwd=Path(__file__).resolve().parents[1], cache=tmp_path / "cache",
                 module="tests.fake_embedder")
    assert result.returncode == 0, result.stderr
    assert any(line.startswith("transcribing ") and line.endswith("acme-call.wav 35/35 s")
               for line in result.stderr.splitlines()) or "acme-call.wav" in result.stderr
    analysis = json.loads((tmp_path / "report" / "analysis.json").read_text(encoding="utf-8"))
    assert analysis["summary"]["sources"] == 1 and not analysis["errors"]
    assert not analysis["warnings"], "cues of a two-channel call must not overlap"
    (speakers,) = analysis["speakers"]
    assert speakers["interviewers"] == ["Speaker 1"]
    assert [p["label"] for p in speakers["participants"]] == ["Speaker 2"]
    (quality,) = analysis["quality"]
    assert quality["participant"] == "acme-call" and "over 2 answers" in " ".join(
        quality["reasons"]), "Speaker 1 asks, Speaker 2 answers twice"
    assert list((tmp_path / "cache" / "transcripts").glob("embedded-*.vtt"))
