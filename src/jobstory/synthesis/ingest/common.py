"""Shared machinery of the format readers: lines, speaker labels, pieces -> utterances.

A reader turns its format into *pieces*: (speaker, start, end) spans of spoken words in the
source text, in order. `build_utterances` trims them, merges neighbours by the same speaker
when only whitespace lies between them (the lines of one cue, the continuation lines of one
turn - so an utterance may span a newline, verbatim), then decides roles, participant ids and
the question each participant turn answers.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace

from jobstory.synthesis.ingest import speakers as spk
from jobstory.synthesis.ingest.problems import Cue, Problems, drop_nul_cues
from jobstory.synthesis.sources import Parsed, Source, Utterance


class ParseError(Exception):
    """A malformed source: `line` (1-based, or None for the whole file) and what was expected."""

    def __init__(self, line: int | None, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


_NEWLINE = re.compile(r"\r\n|\r|\n")
_LINE = re.compile(r"[^\r\n]*")
_CONTENT = re.compile(r"\S(?:.*\S)?", re.DOTALL)
# Whitespace and markup tags (<i>, <c.red>, <00:00:01.000>, {\an8}) at the edges of a span.
_EDGE_TAGS_LEFT = re.compile(r"(?:\s|<[^<>\n]*>|\{\\[^{}\n]*\})*")
_EDGE_TAGS_RIGHT = re.compile(r"(?:\s|<[^<>\n]*>|\{\\[^{}\n]*\})*\Z")
QUESTION_TEXT_LIMIT = 600


class LineIndex:
    """Offset -> 1-based line number, counting \\r\\n, \\r and \\n as one line break each."""

    def __init__(self, text: str) -> None:
        self.starts = [0, *(m.end() for m in _NEWLINE.finditer(text))]

    def line_of(self, offset: int) -> int:
        return bisect_right(self.starts, offset)


def iter_lines(text: str) -> Iterator[tuple[int, int, int]]:
    """(line number, start, end) of each line's content, line breaks excluded."""
    pos, number, n = 0, 1, len(text)
    while True:
        m = _LINE.match(text, pos)
        end = m.end()
        yield number, pos, end
        if end >= n:
            return
        pos = end + (2 if text.startswith("\r\n", end) else 1)
        number += 1
        if pos >= n:
            return


def trim(text: str, start: int, end: int, *, tags: bool = False) -> tuple[int, int]:
    """Shrink [start, end) past surrounding whitespace (and markup tags if `tags`)."""
    if tags:
        start = _EDGE_TAGS_LEFT.match(text, start, end).end()
        if start >= end:
            return start, start
        end = _EDGE_TAGS_RIGHT.search(text, start, end).start()
        return start, end
    m = _CONTENT.search(text, start, end)
    if m is None:
        return start, start
    return m.start(), m.end()


# "Dana: text", "- Dana: text", ">> Dana: text", "**Dana:** text", "Dana [00:01:02]: text",
# "> **Dana:** text" (a Markdown blockquote; and `_LETTER_LABEL`'s "Q. text").
TIMESTAMP = r"\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?"
LABEL = re.compile(
    rf"""[ \t]*(?:(?:-|–|>>?)[ \t]*)?(?:\*\*)?
    (?P<name>[^\W\d_][^:\r\n*\[\]<>]{{0,43}}?)
    [ \t]*(?:\*\*)?[ \t]*(?:[\[(]{TIMESTAMP}[\])][ \t]*)?
    :(?:\*\*)?(?=[ \t]|$)[ \t]*""",
    re.VERBOSE,
)


#: "Q. text", "A. text": a one-letter interview label closed by a full stop.
_LETTER_LABEL = re.compile(r"[ \t]*(?P<name>[QAIRP])\.[ \t]+(?=\S)")


def label_at(text: str, start: int, end: int) -> tuple[str, int] | None:
    """A speaker-label candidate at the start of a line: (name, offset after the label)."""
    m = LABEL.match(text, start, end) or _LETTER_LABEL.match(text, start, end)
    if m is None:
        return None
    name = " ".join(m.group("name").split())
    if not spk.looks_like_name(name):
        return None
    return name, m.end()


#: A table of turns (a turn-per-row CSV, a Markdown table): the column naming who speaks and
#: the column holding the words, by their headers.
_SPEAKER_HEADER = re.compile(r"speaker(?:[\s_-]*(?:name|label|id))?|role", re.IGNORECASE)
_WORDS_HEADERS = frozenset({"text", "transcript", "transcription", "utterance", "content",
                            "message", "words"})


def turn_columns(header: Sequence[str]) -> tuple[int, int] | None:
    """(speaker column, words column) of a table of turns, from its header cells, or None."""
    folded = [h.strip().casefold() for h in header]
    speaker = next((i for i, h in enumerate(folded) if _SPEAKER_HEADER.fullmatch(h)), None)
    words = next((i for i, h in enumerate(folded) if h in _WORDS_HEADERS), None)
    return None if speaker is None or words is None else (speaker, words)

@dataclass(frozen=True)
class Piece:
    speaker: str  # "" when the source has no label for it
    start: int
    end: int


def merge_pieces(text: str, pieces: Sequence[Piece], *, tags: bool = False) -> list[Piece]:
    """Trim each piece, drop empty ones, merge same-speaker neighbours across whitespace."""
    merged: list[Piece] = []
    for piece in pieces:
        start, end = trim(text, piece.start, piece.end, tags=tags)
        if start >= end:
            continue
        if merged:
            last = merged[-1]
            if (
                last.speaker == piece.speaker
                and last.end <= start
                and text[last.end : start].isspace()
            ):
                merged[-1] = Piece(last.speaker, last.start, end)
                continue
        merged.append(Piece(piece.speaker, start, end))
    return merged


def stem_of(source_id: str) -> str:
    """The source id without its extension: "batch/acme-03.vtt" -> "batch/acme-03"; a row of
    a transcript CSV keeps its row id: "export.csv#int-7" -> "export#int-7"."""
    if ".csv#" in source_id.lower():
        source_id, hash_, row = source_id.partition("#")
    else:
        hash_ = row = ""
    head, _, name = source_id.rpartition("/")
    stem = name.rsplit(".", 1)[0] if "." in name.lstrip(".") else name
    stem = f"{head}/{stem}" if head else stem
    return f"{stem}#{row}" if hash_ else stem


def shorten(text: str, limit: int = QUESTION_TEXT_LIMIT) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    tail = text[-limit:]
    cut = tail.find(" ")
    return "…" + (tail[cut + 1 :] if 0 <= cut < 40 else tail)


def build_utterances(
    source: Source, pieces: Sequence[Piece], *, interviewer: str | None, tags: bool = False
) -> Parsed:
    merged = merge_pieces(source.text, pieces, tags=tags)
    return assign_roles(source, [(p.speaker, p.start, p.end) for p in merged],
                        interviewer=interviewer)


def assign_roles(
    source: Source,
    spans: Sequence[tuple[str, int, int]],
    *,
    interviewer: str | None,
    corpus: frozenset[str] = frozenset(),
) -> Parsed:
    """Utterances from (speaker, start, end) spans: who interviews (this file's evidence plus
    the labels that interview across the corpus), participant ids, the question each
    participant turn answers."""
    text = source.text
    # "Participant: Morag, practice manager", "Date: 3 March": the header, not answers
    header = spk.header_turns([(s, text[a:b]) for s, a, b in spans])
    if spans and header == len(spans):
        raise ParseError(LineIndex(text).line_of(spans[-1][1]),
                         "only a header (a date, who is who), no conversation after it")
    spans = spans[header:]
    turns = [(speaker, text[start:end]) for speaker, start, end in spans]
    apart = spk.one_label_told_apart(turns, captions=source.format in CAPTIONS)
    if apart:  # "Unknown Speaker" over every turn: who asks, who answers
        spans = [(label, start, end) for label, (_, start, end) in zip(apart, spans)]
        turns = [(label, words) for label, (_, words) in zip(apart, turns)]
    # "PN = Priya Nair (interviewer), MR = Marcus Reid (participant)": the header says who is who
    who = spk.legend(text[: spans[0][1]] if spans else "")
    labels = {s for s, _ in turns}
    interviewers = spk.find_interviewers(turns, interviewer)
    if who.keys() & labels:
        interviewers = (interviewers | {s for s in labels if who.get(s, (None, None))[1]}) - \
            {s for s in labels if s in who and who[s][1] is False}
    across = {s for s, _ in turns if s and spk.normalize(s) in corpus}
    if across:
        speakers = {s for s, _ in turns}
        # A guess from question share alone (rule 3) gives way to the corpus: the one who
        # asked most here may be a customer asking the team's interviewer things back.
        sure = {s for s in interviewers if spk.is_interviewer_label(s)
                or spk.normalize(s) in spk.parse_interviewer_arg(interviewer)}
        for kept in (interviewers, sure):
            if not speakers <= kept | across:
                interviewers = kept | across
                break
    # a generic participant's words, or the one participant's: where they may say who they are
    answering = {s for s, _ in turns if s not in interviewers}
    answers = [w for s, w in turns if s in answering and
               (spk.is_generic_label(s) or len(answering) == 1)]
    named = spk.name_in_file(text[: spans[0][1]] if spans else "", answers,
                             " ".join(w for s, w in turns if s in interviewers))
    if len(answering) == 1:
        # "Priya:" throughout, "This is the interview with Priya Raman" once: her full name,
        # unless the name found already is hers
        label = next(iter(answering))
        full = spk.full_name_in(text, label)
        if full and not (named and named.split()[0].casefold() == label.strip().casefold()):
            named = full
    if named and len(named.split()) == 1:
        # "Thanks for joining, Alison" to "Speaker 2", who says "Alison Thwaite, I run ..."
        named = spk.full_name_in(text, named) or named
    ids = spk.participant_ids([s for s, _ in turns], interviewers, stem_of(source.id), named,
                              {label: name for label, (name, _) in who.items() if name})
    lines = LineIndex(text)
    utterances: list[Utterance] = []
    asked: list[str] = []  # the interviewer's current turn
    question: str | None = None
    previous_role = None
    for speaker, start, end in spans:
        words = text[start:end]
        if speaker in interviewers:
            if previous_role != "interviewer":
                asked = []
            asked.append(words)
            role, participant, question_text = "interviewer", None, None
        else:
            if previous_role == "interviewer":
                question = shorten(" ".join(asked))
            role, participant, question_text = "participant", ids[speaker], question
        previous_role = role
        utterances.append(
            Utterance(
                source_id=source.id,
                speaker=speaker,
                role=role,
                participant=participant,
                start=start,
                end=end,
                text=words,
                question_id=None,
                question_text=question_text,
                line=lines.line_of(start),
            )
        )
    return Parsed(source=source, utterances=utterances, structured=[])


#: Timed-caption formats, which captioning tools often export with no speaker names at all.
CAPTIONS = frozenset({"vtt", "srt", "sbv"})
#: Formats whose speakers are labels in the text, so roles are decided by reading it.
CONVERSATIONS = CAPTIONS | {"text", "docx", "csv-transcript", "utterances"}


def resolve_corpus(parsed: Sequence[Parsed], interviewer: str | None) -> list[Parsed]:
    """Decide roles again with the whole corpus in view (`speakers.corpus_interviewers`), and
    keep a name found inside one file from merging two people of different files."""
    talks = [p for p in parsed if p.source.format in CONVERSATIONS and p.utterances]
    corpus = frozenset(spk.corpus_interviewers(
        [list(dict.fromkeys(u.speaker for u in p.utterances)) for p in talks]))
    redone: dict[str, Parsed] = {}
    for item in talks:
        spans = [(u.speaker, u.start, u.end) for u in item.utterances]
        redone[item.source.id] = assign_roles(item.source, spans, interviewer=interviewer,
                                              corpus=corpus)
    files_of: dict[str, set[str]] = {}
    for item in [redone.get(p.source.id, p) for p in parsed]:
        for u in item.utterances:
            if u.participant:
                files_of.setdefault(u.participant, set()).add(item.source.id)
    out = []
    for item in parsed:
        item = redone.get(item.source.id, item)
        stem = stem_of(item.source.id)
        renamed = {
            u.participant: f"{u.participant} ({stem})" for u in item.utterances
            if u.participant and u.participant != stem and spk.is_generic_label(u.speaker)
            and len(files_of[u.participant]) > 1
        }
        if renamed:
            item = replace(item, utterances=[
                replace(u, participant=renamed.get(u.participant, u.participant))
                for u in item.utterances])
        out.append(item)
    return out


# WebVTT voice spans: <v Dana>, <v.loud Dana Whitfield>, </v>.
_VOICE = re.compile(r"<v(?:\.[\w.-]+)?[ \t]+(?P<name>[^>\r\n]*)>|</v>")


@dataclass
class CueSpeaker:
    """The speaker carried from cue to cue (a cue without a label continues the last one)."""

    name: str = ""


# A speaker's name in brackets heading a cue line: "[Dana] text", "- [Interviewer]: text".
_BRACKET_LABEL = re.compile(
    r"[ \t]*(?:(?:-|–|>>)[ \t]*)?\[[ \t]*(?P<name>[^\W\d_][^\[\]\r\n]{0,40}?)[ \t]*\]"
    r":?(?=[ \t]|$)[ \t]*")
#: Words of the sound and caption notes that recur in brackets ("[Music]", "[Laughter]",
#: "[Phone Rings]", "[BLANK_AUDIO]"): no one's name, however often they head a cue.
_SOUND_WORDS = frozenset(
    """music applause laughter laughs laughing laugh chuckles chuckling giggles inaudible
    unintelligible indistinct crosstalk silence pause pauses noise static cough coughs
    coughing sigh sighs sighing blank_audio foreign beep beeps ringing rings sound sounds
    background overlapping unclear groans clears sneezes whispers whispering typing cheering
    cheers gasps sniffs clapping singing humming speaking talking mumbling muffled""".split()
)


def bracket_at(text: str, start: int, end: int) -> tuple[str, int] | None:
    """A bracketed speaker candidate at the start of a cue line: (name, offset after it).
    Only a capitalised name (so "[laughs]" never is) that is no sound note ("[Music]")."""
    m = _BRACKET_LABEL.match(text, start, end)
    if m is None:
        return None
    name = " ".join(m.group("name").split())
    if not name[:1].isupper() or not spk.looks_like_name(name) or \
            any(word.casefold() in _SOUND_WORDS for word in name.split()):
        return None
    return name, m.end()


def bracket_speakers(text: str, payloads: Sequence[Sequence[tuple[int, int, int]]]) -> set[str]:
    """The bracketed names that are speakers: each judged by its form, like a "Name:" label
    said once ("Dana", "Interviewer"; not "Okay"), and heading lines of two cues or more."""
    counts: Counter[str] = Counter()
    for cue in payloads:
        counts.update({hit[0] for _, start, end in cue if "<v" not in text[start:end]
                       and (hit := bracket_at(text, start, end))})
    return {name for name in spk.accepted_labels(set(counts)) if counts[name] >= 2}


def label_candidates(text: str, lines: Sequence[tuple[int, int, int]]) -> list[str]:
    """The "Name:" candidates at the start of `lines` that carry no voice tag."""
    found = []
    for _, start, end in lines:
        if "<v" in text[start:end]:
            continue
        hit = label_at(text, start, end)
        if hit:
            found.append(hit[0])
    return found


def payload_pieces(
    text: str,
    start: int,
    end: int,
    current: CueSpeaker,
    labels: set[str],
    brackets: set[str] = frozenset(),
) -> list[Piece]:
    """Pieces of one cue payload line: voice tags, else a "[Name]" of `brackets`, else a
    "Name:" label, else the current speaker. Text between voice tags belongs to the latest
    speaker named."""
    if "<v" in text[start:end]:
        pieces = []
        pos = start
        for m in _VOICE.finditer(text, start, end):
            if m.start() > pos:
                pieces.append(Piece(current.name, pos, m.start()))
            if m.group("name") is not None:
                current.name = " ".join(m.group("name").split())
            pos = m.end()
        if pos < end:
            pieces.append(Piece(current.name, pos, end))
        return pieces
    hit = bracket_at(text, start, end)
    if not (hit and hit[0] in brackets):
        hit = label_at(text, start, end)
        hit = hit if hit and hit[0] in labels else None
    if hit:
        current.name, start = hit
    return [Piece(current.name, start, end)]


def parse_cues(source: Source, payloads: Sequence[Sequence[tuple[int, int, int]]], *,
               interviewer: str | None) -> Parsed:
    """Utterances from timed cues (VTT, SRT, SBV): the formats differ only in how cues are found."""
    text = source.text
    labels = spk.accepted_labels(label_candidates(text, [ln for cue in payloads for ln in cue]))
    brackets = bracket_speakers(text, payloads)
    if not labels and not brackets and _dash_dialogue(text, payloads):
        return build_utterances(source, _dash_pieces(text, payloads), interviewer=interviewer,
                                tags=True)
    current = CueSpeaker()
    pieces: list[Piece] = []
    for cue in payloads:
        for _, start, end in cue:
            pieces.extend(payload_pieces(text, start, end, current, labels, brackets))
    return build_utterances(source, pieces, interviewer=interviewer, tags=True)


#: Subtitles' dialogue dash: "- " opening a line says another person speaks.
_DASH = re.compile(r"[ \t]*[-\u2013\u2014][ \t]+(?=\S)")


def _dash_dialogue(text: str, payloads: Sequence[Sequence[tuple[int, int, int]]]) -> bool:
    """Whether a file with no speaker labels marks its turns with dialogue dashes: a dash
    opens a line of at least a quarter of its cues, and of four or more (voice tags name
    their speakers, so a dash beside them is only punctuation)."""
    if "<v" in text:
        return False
    dashed = sum(1 for cue in payloads if any(_DASH.match(text, a, b) for _, a, b in cue))
    return dashed >= 4 and 4 * dashed >= len(payloads)


def _dash_pieces(text: str, payloads: Sequence[Sequence[tuple[int, int, int]]]) -> list[Piece]:
    """Turns marked by dialogue dashes: each dash hands the word to the other of two speakers
    ("Speaker 1" first), and a line without one goes on with the speaker before."""
    pieces: list[Piece] = []
    speaker = 0
    for cue in payloads:
        for _, start, end in cue:
            dash = _DASH.match(text, start, end)
            if dash:
                speaker = 1 if speaker != 1 else 2
                start = dash.end()
            pieces.append(Piece(f"Speaker {speaker or 1}", start, end))
    return pieces


def found_cues(found: list[list[tuple[int, int, int]]], problems: Problems, line: int,
               expected: str) -> list[list[tuple[int, int, int]]]:
    """`found`, or the ParseError of a file with no readable cue: its first damage, else
    "no cues found" at `line`."""
    if not found:
        if problems.damage:
            raise ParseError(*problems.damage[0])
        raise ParseError(line, f"no cues found: {expected}")
    return found


def read_cues(fmt: str, cues: Callable[[str, Problems], Sequence[Cue]], source_id: str,
              path: str, text: str, *, interviewer: str | None,
              problems: Problems | None) -> Parsed:
    """A timed-cue file (VTT, SRT, SBV) read by its format's `cues`, cues of nothing but NUL
    characters left out (warnings in `problems`)."""
    problems = problems if problems is not None else Problems()
    source = Source(id=source_id, path=path, format=fmt, text=text)
    return parse_cues(source, drop_nul_cues(text, cues(text, problems), problems),
                      interviewer=interviewer)
