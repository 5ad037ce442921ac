"""Transcripts exported one utterance per record: speech-to-text JSON and turn-per-row CSV.

What transcription services and research tools hand over is rarely a labelled text file:

    {"utterances": [{"speaker": "A", "start": 4000, "text": "Hi Marcus, thanks ..."}, ...]}
    {"results": {"utterances": [{"speaker": 0, "transcript": "..."}]}}
    {"segments": [{"speaker": "SPEAKER_00", "text": " So tell me ..."}]}
    {"monologues": [{"speaker": 1, "elements": [{"value": "So"}, {"value": " "}, ...]}]}
    {"results": {"channels": [{"alternatives": [{"words": [{"punctuated_word": "So,",
        "speaker": 0}, ...], "paragraphs": {"paragraphs": [{"speaker": 0, "sentences":
        [{"text": "So, tell me ..."}]}]}}]}]}}
    [{"speaker": "Dana Ortiz", "text": "..."}, ...]
    [{"role": "assistant", "content": "..."}, {"role": "user", "content": "..."}]
    {"participant": {"name": "Dana Okafor"}, "messages": [{"role": "assistant", ...}, ...]}
    {"interview": {"respondent": {"first_name": "Sunil", ...}, "transcript": [{"speaker":
        "AI Interviewer", "text": ...}, {"speaker": "Respondent", "text": ...}]}}
    {"interview": {"respondent": {...}, "turns": [{"speaker": "moderator", "text": ...}]}}
    {"session": {"respondent_name": "Bethan Rhys-Morgan", "messages": [{"sender": "ai", ...}]}}
    {"speakers": {"A": "Interviewer", "B": "Marcus Delgado"}, "utterances": [{"speaker": "A",
        ...}]}

    speaker,start_time,end_time,text
    Jonah Whitfield,00:00:02,00:00:13,"Thanks for doing this, Helen. ..."

Each becomes a conversation rendered as labelled lines, one per turn:

    Speaker A: Hi Marcus, thanks ...
    Speaker B: ...

and is then read exactly as a .txt file is (`ingest/text.py`): who interviews is decided from
what each speaker says, and a speaker known only by a letter or number is named by the export
("Participant: Dana Okafor" heads the rendering when it names its participant beside speakers
"A" and "B") or the way the interviewer greets them. A speaker's consecutive records are one
turn, their texts joined by a space. The rendering is not a slice of the file, so the format
("utterances") is a rendered one: analysis.json carries the text every quote's offsets count
in.

A record names its speaker by "speaker_name", "speaker", "speaker_label", "name", a chat's
"role", "sender" or "author" (a number or a single letter reads "Speaker 2", "Speaker A"; a
chat's "system" instructions are nobody's words; a label the export names in a "speakers"
map is that name; and a chat's "user", or a "Respondent", is the participant the export
names, when it names one: "participant", "respondent", "respondent_name", ...) and its words
by "text", "transcript", "content" or "utterance" (a word's "punctuated_word" or "word",
joined with the speaker's next ones), or as the "value"s of its "elements" or the "text"s of
its "sentences". A record without a speaker
continues the one before; records none of which names a speaker cannot say who said what and
are refused. A CSV is read this way when it has no survey columns and its header has a column
named for the speaker ("speaker", "speaker name", or a chat's "role") and one for the words
("text", "transcript", "content", ...).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from jobstory.synthesis.ingest import text as text_reader
from jobstory.synthesis.ingest.common import LineIndex, ParseError, turn_columns
from jobstory.synthesis.ingest.problems import Problems
from jobstory.synthesis.ingest.speakers import looks_like_name
from jobstory.synthesis.ingest.survey_csv import iter_rows
from jobstory.synthesis.ingest.transcript_csv import cell_text
from jobstory.synthesis.sources import Parsed

__all__ = ["FORMAT", "csv_columns", "parse_csv", "parse_records", "person_named", "records_in"]

FORMAT = "utterances"
#: Where services put the list of utterances, at the top or one object down ("results",
#: "interview"). A "turns" list at the top is jobstory's own export (`transcript_json`).
_CONTAINERS = ("utterances", "segments", "monologues", "messages", "conversation", "dialogue",
               "chat", "transcript", "turns")
_SPEAKER_KEYS = ("speaker_name", "speaker", "speaker_label", "name", "role", "sender", "author")
#: A chat export's instructions to its AI moderator: not said to anyone interviewed.
_NOT_SAID = frozenset({"system", "developer", "tool", "function"})
#: A role for the person the export names ("user" in a chat, "Respondent" in an AI
#: moderator's transcript), and where the export names them.
_ANSWERING = frozenset({"user", "human", "respondent", "participant", "interviewee"})
_PERSON_KEYS = ("participant", "respondent", "interviewee", "participant_name",
                "respondent_name", "interviewee_name", "participant_display_name",
                "respondent_display_name")
_TEXT_KEYS = ("text", "transcript", "content", "utterance", "punctuated_word", "word")
#: "A", "2", "SPEAKER_00" as services number speakers: generic labels, read as "Speaker ...".
_NUMBERED = re.compile(r"[A-Za-z]|\d+")


def records_in(data: Any) -> tuple[list[Mapping[str, Any]], str | None, dict[str, str]] | None:
    """The list of utterance records in a decoded JSON export, with the name the export gives
    its participant (None when it names none) and the names it gives the labels its records
    number speakers by (`speaker_names`), or None when there is no such list. The list
    may sit at the top, or one object down ("results", "interview", ...), or deeper in a
    speech-to-text service's nesting (Deepgram's "results" > "channels" > "alternatives" >
    "words" or "paragraphs"), where the first list whose records name their speakers is
    taken, nearest the top first."""
    found: list[tuple[Any, Mapping[str, Any]]] = [(data, {})]
    if isinstance(data, Mapping):
        holders = [data, *(v for v in data.values() if isinstance(v, Mapping))]
        found += [(holder.get(key), holder) for holder in holders for key in _CONTAINERS]
    found += [(candidate, holder) for candidate, holder in _nested_lists(data)
              if any(_speaker(r) for r in candidate)]
    for candidate, holder in found:
        if _records(candidate):
            # the export names its participant beside the list, at the top, or one object
            # down ({"interview": {"respondent": {...}}, "messages": [...]})
            places = [holder, *((data, *(v for v in data.values() if isinstance(v, Mapping)))
                                if isinstance(data, Mapping) else ())]
            names = (person_named(place.get(key)) for place in places for key in _PERSON_KEYS)
            return candidate, next((n for n in names if n), None), speaker_names(places)
    return None


#: Where an export names the speakers its records number: {"speakers": {"A": "Interviewer",
#: "B": "Marcus Delgado"}}, or a list of {"id": "A", "name": "Marcus Delgado"}.
_SPEAKER_MAPS = ("speakers", "speaker_names", "speaker_map")
_LABEL_KEYS = ("id", "label", "speaker", "speaker_id", "key")


def speaker_names(places: Sequence[Any]) -> dict[str, str]:
    """Label -> name, from the first place (nearest the list first) that maps its speakers'
    labels to names, each a name by its form (no sentence, at most 40 characters); empty when
    none does, or when one name is given to two labels."""
    for place in places:
        if not isinstance(place, Mapping):
            continue
        for key in _SPEAKER_MAPS:
            value = place.get(key)
            if isinstance(value, Mapping):
                pairs = list(value.items())
            elif isinstance(value, list):
                pairs = [(next((r[k] for k in _LABEL_KEYS if _text(r.get(k))), None), r)
                         for r in value if isinstance(r, Mapping)]
            else:
                continue
            names = {_text(label): " ".join((person_named(who) or "").split())
                     for label, who in pairs}
            found = {label: name for label, name in names.items()
                     if label and name and looks_like_name(name)}
            # one name for two labels would make two people one: the map says nothing
            if found and len({n.casefold() for n in found.values()}) == len(found):
                return found
    return {}


def _records(candidate: Any) -> bool:
    return isinstance(candidate, list) and bool(candidate) and all(
        isinstance(r, Mapping) for r in candidate) and any(_words(r) for r in candidate)


#: How deep, and through how many objects, a JSON export is searched for its utterances.
_MAX_DEPTH = 8
_MAX_OBJECTS = 5000


def _nested_lists(data: Any) -> list[tuple[list[Any], Mapping[str, Any]]]:
    """Lists of records anywhere in `data` down to `_MAX_DEPTH` (through at most
    `_MAX_OBJECTS` objects), each with the object holding it, nearest the top first."""
    found: list[tuple[list[Any], Mapping[str, Any]]] = []
    level: list[Any] = [data] if isinstance(data, (Mapping, list)) else []
    seen = 0
    for _ in range(_MAX_DEPTH):
        below: list[Any] = []
        for node in level:
            seen += 1
            if seen > _MAX_OBJECTS:
                return found
            for value in node.values() if isinstance(node, Mapping) else node:
                if isinstance(node, Mapping) and _records(value):
                    found.append((value, node))
                if isinstance(value, (Mapping, list)):
                    below.append(value)
        level = below
    return found


def person_named(person: Any) -> str | None:
    """The name an export gives a person: a string, or an object's "name" (or "full_name",
    "display_name", "first_name" and "last_name"), looked for up to two objects down
    ({"profile": {"display_name": "Beth L.", "contact": {"full_name": "Beth Llewellyn"}}}),
    a full name before a shortened one, else its "external_id"."""
    if not isinstance(person, Mapping):
        return _text(person)
    names = _names_in(person, depth=2)
    return next((n for n in names if _full_name(n)), None) or next(iter(names), None) or \
        _text(person.get("external_id"))


def _names_in(person: Mapping[str, Any], depth: int) -> list[str]:
    """Names an object gives, its own first, then those of the objects in it, in order."""
    parts = [person.get("first_name"), person.get("last_name")]
    whole = " ".join(str(p).strip() for p in parts if isinstance(p, str) and p.strip())
    own = (_text(v) for v in (person.get("name"), person.get("full_name"),
                                person.get("display_name"), whole))
    names = [n for n in own if n]
    if depth > 0:
        for key, value in person.items():
            if isinstance(value, Mapping) and not _NOT_THE_PERSON.search(str(key)):
                names += _names_in(value, depth - 1)
    return names


#: Objects in a person's record that name someone or something else: their company, team.
_NOT_THE_PERSON = re.compile(r"organi[sz]ation|compan|employer|business|account|team|"
                             r"workspace|study|project|manager|referr|interviewer|moderator",
                             re.IGNORECASE)


def _text(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        return None
    return str(value).strip() or None


def _full_name(name: str) -> bool:
    """Two words or more, none an initial: "Beth Llewellyn", not "Beth L." or "Beth"."""
    words = name.split()
    return len(words) >= 2 and all(len(w.strip(".")) > 1 for w in words)


def _words(record: Mapping[str, Any]) -> str:
    for key in _TEXT_KEYS:
        value = record.get(key)
        if isinstance(value, str):
            return value
    elements = record.get("elements")
    if isinstance(elements, list):
        return "".join(e["value"] for e in elements
                       if isinstance(e, Mapping) and isinstance(e.get("value"), str))
    sentences = record.get("sentences")
    if isinstance(sentences, list):  # Deepgram's paragraphs
        return " ".join(t["text"] for t in sentences
                        if isinstance(t, Mapping) and isinstance(t.get("text"), str))
    return ""


def _speaker(record: Mapping[str, Any], names: Mapping[str, str] | None = None) -> str | None:
    """Who said a record: the name the export gives its label in `names`, else the label
    ("Speaker A" for a letter or number)."""
    for key in _SPEAKER_KEYS:
        value = record.get(key)
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            continue
        if names and str(value).strip() in names:
            return " ".join(names[str(value).strip()].replace(":", " ").split())
        label = " ".join(str(value).replace(":", " ").split())
        if label:
            return f"Speaker {label}" if _NUMBERED.fullmatch(label) else label
    return None


def render(turns: Sequence[tuple[str, str]]) -> str:
    """Labelled lines, a speaker's consecutive texts joined into one turn."""
    merged: list[tuple[str, str]] = []
    for speaker, words in turns:
        words = " ".join(words.split())
        if not words:
            continue
        if merged and merged[-1][0] == speaker:
            merged[-1] = (speaker, f"{merged[-1][1]} {words}")
        else:
            merged.append((speaker, words))
    return "".join(f"{speaker}: {words}\n" for speaker, words in merged)


def parse_records(source_id: str, path: str, records: Sequence[Mapping[str, Any]], *,
                  interviewer: str | None = None, participant: str | None = None,
                  names: Mapping[str, str] | None = None) -> Parsed:
    """A JSON export's records as one conversation; `participant` is the name the export gives
    the person a chat's "user" (or a "Respondent") stands for, `names` those it gives the
    labels its records number speakers by."""
    turns: list[tuple[str, str]] = []
    speaker: str | None = None
    instructed = False
    answering = False
    for record in records:
        speaker = _speaker(record, names) or speaker
        if speaker is not None and speaker.casefold() in _NOT_SAID:
            instructed = True
        elif speaker is not None:
            answering |= speaker.casefold() in _ANSWERING
            said_by = participant if participant and speaker.casefold() in _ANSWERING \
                else speaker
            turns.append((said_by, _words(record)))
    if not turns and instructed:
        raise ParseError(None, "only a chat's instructions to its AI moderator ('system'), no "
                               "conversation after them")
    if not turns:
        raise ParseError(None, "the utterances name no speaker: expected a 'speaker' on each "
                               "(a transcript with speakers told apart)")
    # speakers told apart by letter ("A", "B") in an export that names its participant: the
    # name heads the conversation, as a header names whom a transcript is with (on one line of
    # its own, so a name with line breaks in it can add no turn)
    named = " ".join((participant or "").split())[:80]
    header = f"Participant: {named}\n\n" if named and not answering else ""
    return _read(source_id, path, header + render(turns), interviewer)


def csv_columns(content: str) -> tuple[str, int, int] | None:
    """(delimiter, speaker column, text column) when `content` is a turn-per-row CSV."""
    for delimiter in (",", ";", "\t"):
        try:
            header = [cell_text(content, cell).strip().casefold()
                      for cell in next(iter_rows(content, delimiter))]
        except (ParseError, StopIteration):
            continue
        columns = turn_columns(header)
        if columns is not None:
            return delimiter, *columns
    return None


def parse_csv(source_id: str, path: str, content: str, columns: tuple[str, int, int], *,
              interviewer: str | None = None, problems: Problems | None = None) -> Parsed:
    """A turn-per-row CSV as one conversation; a row too short to hold both cells, or the rest
    of a file after a malformed quote, is damage (the rows before it are kept)."""
    problems = problems if problems is not None else Problems()
    delimiter, speaker_column, text_column = columns
    needed = max(speaker_column, text_column) + 1
    lines = LineIndex(content)
    turns: list[tuple[str, str]] = []
    try:
        for number, row in enumerate(iter_rows(content, delimiter)):
            if number == 0 or all(a == b for a, b, _ in row):
                continue
            line = lines.line_of(row[0][0] - row[0][2])
            if len(row) < needed:
                problems.damaged(line, f"expected at least {needed} columns, found {len(row)}")
                continue
            speaker = _speaker({"speaker": cell_text(content, row[speaker_column])})
            if speaker is None:
                problems.damaged(line, "no speaker in this row")
            elif speaker.casefold() not in _NOT_SAID:
                turns.append((speaker, cell_text(content, row[text_column])))
    except ParseError as error:
        problems.damaged(error.line, error.message)
    if not turns:
        if problems.damage:
            raise ParseError(*problems.damage[0])
        raise ParseError(1, "no turns found: expected rows under the header")
    return _read(source_id, path, render(turns), interviewer)


def _read(source_id: str, path: str, rendered: str, interviewer: str | None) -> Parsed:
    return text_reader.parse(source_id, path, rendered, interviewer=interviewer, fmt=FORMAT)
