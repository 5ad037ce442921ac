"""Transcribing an answer while it is spoken: pieces appended in order, each new stretch cut
at a pause and transcribed once, the rest at the end; a draft that does not match the whole
recording is ignored, so nothing said is lost. One test runs the embedded model on espeak-ng
speech sent in WAV pieces; the others count what a recording transcriber was asked for."""

from __future__ import annotations

import io
import wave
from pathlib import Path

import numpy as np
import pytest

from jobstory.interview.voice.embedded import EmbeddedTranscriber, decode
from jobstory.interview.voice.streaming import (
    MAX_SECONDS,
    MIN_SECONDS,
    RATE,
    SEARCH_SECONDS,
    Draft,
    Drafts,
    pause_cut,
)
from jobstory.interview.voice.transcript import Segment, Transcript, Word
from tests.speech import silence, speak, word_error_rate, write_wav

SAID = ("We used to send invoices from a spreadsheet at the end of every month. The bank "
        "feed broke twice in one week and nobody noticed for days. I tried the free plan "
        "first because I did not want to commit.")


class Counting:
    """A transcriber that says how many samples it was given, and remembers each call."""

    name = "counting"

    def __init__(self) -> None:
        self.calls: list[int] = []

    def transcribe_samples(self, samples: np.ndarray) -> Transcript:
        self.calls.append(len(samples))
        seconds = len(samples) / RATE
        word = Word(text=f"w{len(self.calls)}", start=0.0, end=seconds, probability=0.9)
        return Transcript(segments=(Segment(0.0, seconds, word.text, -0.1, (word,)),),
                          duration=seconds)


def wav_bytes(samples: np.ndarray) -> bytes:
    out = io.BytesIO()
    with wave.open(out, "wb") as file:
        file.setnchannels(1)
        file.setsampwidth(2)
        file.setframerate(RATE)
        file.writeframes((np.clip(samples, -1, 1) * 32767).astype("<i2").tobytes())
    return out.getvalue()


def pieces(audio: bytes, count: int) -> list[bytes]:
    size = -(-len(audio) // count)
    return [audio[n:n + size] for n in range(0, len(audio), size)]


def spoken_with_pauses() -> np.ndarray:
    parts = []
    for sentence in SAID.split(". "):
        parts += [speak(sentence), silence(0.5)]
    return np.concatenate(parts).astype(np.float32)


def test_the_cut_falls_in_a_pause_never_in_a_word() -> None:
    first, second = speak("The bank feed broke twice"), speak("and nobody noticed for days")
    samples = np.concatenate([first, silence(0.4), second])
    cut = pause_cut(samples, 0, len(samples))
    assert cut is not None and cut > int(0.5 * RATE)
    assert np.abs(samples[cut - 800:cut + 800]).max() < 0.01  # 50 ms each side are quiet
    assert pause_cut(samples, 0, len(first) + len(second) // 2) == pytest.approx(
        len(first) + int(0.2 * RATE), abs=int(0.25 * RATE))  # in the gap between the two
    assert pause_cut(first, int(0.2 * RATE), len(first) - int(0.2 * RATE)) is None
    assert pause_cut(silence(2.0), 0, 2 * RATE) == 2 * RATE  # nobody speaks: cut anywhere


def test_pieces_are_transcribed_as_they_come_and_only_the_rest_at_the_end() -> None:
    audio = wav_bytes(np.concatenate([spoken_with_pauses()] * 6))  # over a minute
    counting, draft = Counting(), Draft()
    for index, piece in enumerate(pieces(audio, 25)):
        assert draft.add(index, piece, limit=len(audio))
        draft.advance(counting, decode)
    assert len(counting.calls) >= 2  # done while the answer was being spoken
    samples = decode(audio)
    transcript = draft.finish(counting, samples, audio, "counting")
    assert draft.cut == len(samples)
    # At the end, only what came after the last part: a few seconds of a minute's answer.
    assert counting.calls[-1] < (MIN_SECONDS + SEARCH_SECONDS) * RATE
    # Parts of a sentence or two, cut in pauses (never shorter than MIN_SECONDS).
    assert all(MIN_SECONDS * RATE <= n <= MAX_SECONDS * RATE for n in counting.calls[:-1])
    starts = [start for start, _ in draft.parts]
    assert starts[0] == 0 and starts == sorted(starts)
    assert sum(counting.calls[:len(starts) - 1]) == starts[-1]  # contiguous: none skipped
    assert transcript.text == " ".join(s.text for _, part in draft.parts for s in part)
    times = [s.start for s in transcript.segments]
    assert times == [start / RATE for start in starts]  # each part's times moved to its place


def test_out_of_order_and_repeated_pieces_join_in_order() -> None:
    draft = Draft()
    assert draft.add(1, b"BB", limit=100) and draft.audio == b""
    assert draft.add(0, b"AA", limit=100) and draft.audio == b"AABB"
    assert draft.add(1, b"BB", limit=100) and draft.audio == b"AABB"  # a retry: once only
    assert not draft.add(2, b"C" * 97, limit=100)


def test_a_draft_that_is_not_the_start_of_the_recording_is_ignored() -> None:
    audio = wav_bytes(spoken_with_pauses())
    counting, draft = Counting(), Draft(min_seconds=3)
    other = wav_bytes(spoken_with_pauses()[::-1].copy())
    for index, piece in enumerate(pieces(other, 4)):
        draft.add(index, piece, limit=len(other))
        draft.advance(counting, decode)
    assert counting.calls
    counting.calls.clear()
    samples = decode(audio)
    draft.finish(counting, samples, audio, "counting")
    assert counting.calls == [len(samples)]  # the whole recording, from its start


def test_a_late_piece_after_its_answer_gets_no_draft() -> None:
    drafts = Drafts(capacity=2)
    first = drafts.get(1, "a")
    assert first is not None and drafts.get(1, "a") is first
    assert drafts.pop(1, "a") is first
    assert drafts.get(1, "a") is None  # its whole recording is in: nothing to get ahead on
    drafts.get(1, "b"), drafts.get(1, "c"), drafts.get(1, "d")
    assert drafts.pop(1, "b") is None  # the oldest was forgotten past capacity


def test_an_answer_sent_in_pieces_reads_as_well_as_the_whole(tmp_path: Path) -> None:
    wav = write_wav(tmp_path / "answer.wav", np.concatenate([silence(0.3), speak(SAID),
                                                             silence(0.5)]))
    audio = wav.read_bytes()
    model = EmbeddedTranscriber(threads=2)
    draft = Draft(min_seconds=5)  # parts shorter than in use, to hear a joined answer
    for index, piece in enumerate(pieces(audio, 4)):
        draft.add(index, piece, limit=len(audio))
        draft.advance(model, decode)
    assert draft.parts  # a part was heard while it was "spoken"
    heard = draft.finish(model, decode(audio), audio, model.name)
    assert draft.cut == len(decode(audio))
    assert word_error_rate(SAID, heard.text) <= 0.3, heard.text
    assert 0 < (heard.confidence or 0) <= 1 and heard.words
