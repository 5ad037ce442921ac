"""Transcribe an answer while it is spoken, so that at the end only its last few seconds remain.

The embedded model encodes a window only as long as its audio (`embedded.trim_padding`), so
the cost of a call grows with the audio it hears and a short part is cheap (tiny.en on 2
cores: ~0.4 s for 3 s of speech, ~0.75 s for 13 s). Parts are therefore a sentence or two
long (`MIN_SECONDS`): while someone speaks, what they said so far is transcribed in the
background, and after they stop only the stretch since the last pause is left, whatever the
length of the answer. (With 30 s windows every call cost a whole window, so parts were made
nearly a window long and an answer under ~25 s was transcribed only once finished.)

The page sends the recording in pieces as it records (every few seconds: the bytes the
MediaRecorder produced since the last piece). A WebM/Opus piece after the first is not
decodable on its own (only the first carries the header), and restarting the recorder per
piece would drop audio at every restart and split the kept recording into files. So a `Draft`
appends the pieces in order to the one growing recording, decodes the whole of it (cheap: a
few milliseconds for a minute of Opus) and transcribes only the new audio up to the last
pause near its end (found by the Silero voice-activity model faster-whisper ships, so no word
is cut in two: a cut inside a word was heard as two wrong ones), leaving the rest for the
next piece. Without a pause there is no cut: the stretch waits for the next piece (up to
MAX_SECONDS, where it is cut as it stands).

A draft is a cache, never the record: the answer is still acknowledged only when the whole
recording is uploaded under its own key and its transcript committed. `finish` uses the
draft only when its bytes are a prefix of that whole recording, transcribes what follows the
last cut, and joins the texts in order; a piece that never arrived (or arrived out of order
and was never completed) only means more work at the end, never a lost word.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from typing import Any

from jobstory.interview.voice.transcript import Segment, Transcript, TranscriptionError

RATE = 16000
#: Audio this close to the end of what has arrived is left for the next piece: the last
#: word may still be sounding.
GUARD_SECONDS = 0.3
#: The cut is placed in the last pause in this stretch before the guard.
SEARCH_SECONDS = 3.0
#: A pause is this much silence between stretches of speech (a breath between phrases).
PAUSE_MS = 200
#: Less new audio than this waits for the next piece: long enough for the model to hear a
#: phrase in context, short enough that the rest after the last word is quick (see above).
MIN_SECONDS = 6.0
#: New audio with no pause in it is cut where it has arrived once it is this long.
MAX_SECONDS = 20.0
WINDOW = int(0.1 * RATE)  # less audio than this at the end is not worth a call


def pause_cut(samples: Any, start: int, end: int) -> int | None:
    """The middle of the last pause in samples[start:end] (`end` if nobody speaks there),
    or None when it is all speech."""
    from faster_whisper.vad import get_speech_timestamps

    speech = get_speech_timestamps(samples[start:end], min_silence_duration_ms=PAUSE_MS,
                                   speech_pad_ms=0)
    if not speech:
        return end
    gaps = [(a["end"], b["start"]) for a, b in zip(speech, speech[1:], strict=False)]
    if (end - start) - speech[-1]["end"] >= PAUSE_MS * RATE // 1000:
        gaps.append((speech[-1]["end"], end - start))
    if not gaps:
        return None
    first, last = gaps[-1]
    return start + (first + last) // 2


def shifted(segment: Segment, seconds: float) -> Segment:
    """The segment with its times (and its words' times) moved later by `seconds`."""
    return replace(segment, start=segment.start + seconds, end=segment.end + seconds,
                   words=tuple(replace(w, start=w.start + seconds, end=w.end + seconds)
                               for w in segment.words))


@dataclass
class Draft:
    """One answer being spoken: its pieces in order, and the text of its audio up to `cut`
    in parts (where each began, what was heard in it)."""

    audio: bytearray = field(default_factory=bytearray)
    next_index: int = 0
    waiting: dict[int, bytes] = field(default_factory=dict)
    cut: int = 0  # samples transcribed so far
    parts: list[tuple[int, tuple[Segment, ...]]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    finished: bool = False  # a pass queued after the answer arrived has nothing to do
    min_seconds: float = MIN_SECONDS
    max_seconds: float = MAX_SECONDS

    def add(self, index: int, piece: bytes, limit: int) -> bool:
        """Append piece `index` (or hold it until the ones before it arrive); a piece seen
        before is ignored (a retry). False when the draft would pass `limit` bytes."""
        if index < self.next_index or index in self.waiting:
            return True
        self.waiting[index] = piece
        while self.next_index in self.waiting:
            chunk = self.waiting.pop(self.next_index)
            if len(self.audio) + len(chunk) > limit:
                return False
            self.audio.extend(chunk)
            self.next_index += 1
        return True

    def advance(self, transcriber: Any, decode: Any) -> None:
        """Transcribe the new audio up to a pause near the end of what has arrived."""
        with self.lock:
            if self.finished or not self.audio:
                return
            try:
                samples = decode(bytes(self.audio))
            except TranscriptionError:
                return  # a piece ends mid-frame in a way PyAV refuses: wait for the next
            ready = len(samples) - int(GUARD_SECONDS * RATE)
            if ready - self.cut < int(self.min_seconds * RATE):
                return
            cut = pause_cut(samples, max(self.cut, ready - int(SEARCH_SECONDS * RATE)), ready)
            if cut is None and ready - self.cut >= int(self.max_seconds * RATE):
                cut = ready
            if cut is not None and cut - self.cut >= int(self.min_seconds * RATE):
                self._transcribe(transcriber, samples, cut)

    def finish(self, transcriber: Any, samples: Any, whole: bytes, name: str) -> Transcript:
        """The whole answer's transcript: the draft's text where `whole` begins with the
        draft's bytes, then the rest (all of it, if the draft does not match). The rest is
        heard alone even when short: hearing it again with the part before would cost a
        second call after the participant has finished, which is what they wait for."""
        with self.lock:
            self.finished = True
            if not whole.startswith(bytes(self.audio)) or self.cut > len(samples):
                self.cut, self.parts = 0, []
            if len(samples) - self.cut >= WINDOW:
                self._transcribe(transcriber, samples, len(samples))
            segments = tuple(s for _, part in self.parts for s in part)
            return Transcript(segments=segments, duration=len(samples) / RATE, source=name)

    def _transcribe(self, transcriber: Any, samples: Any, cut: int) -> None:
        heard = transcriber.transcribe_samples(samples[self.cut:cut])
        offset = self.cut / RATE
        self.parts.append((self.cut, tuple(shifted(s, offset) for s in heard.segments)))
        self.cut = cut


class Drafts:
    """The answers being spoken now, by (participant, answer key); the oldest are forgotten
    past `capacity` (a draft is only a head start, so forgetting one loses nothing). A piece
    that arrives after its answer (a late retry) gets no new draft to spend time on."""

    def __init__(self, capacity: int = 64) -> None:
        self.capacity = capacity
        self._drafts: OrderedDict[tuple[int, str], Draft] = OrderedDict()
        self._done: OrderedDict[tuple[int, str], None] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, owner: int, key: str) -> Draft | None:
        with self._lock:
            if (owner, key) in self._done:
                return None
            draft = self._drafts.get((owner, key))
            if draft is None:
                draft = self._drafts[(owner, key)] = Draft()
                while len(self._drafts) > self.capacity:
                    self._drafts.popitem(last=False)
            return draft

    def pop(self, owner: int, key: str) -> Draft | None:
        """The answer's draft, taken out for its whole recording; its key is done."""
        with self._lock:
            self._done[(owner, key)] = None
            while len(self._done) > self.capacity * 4:
                self._done.popitem(last=False)
            return self._drafts.pop((owner, key), None)
