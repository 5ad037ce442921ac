"""jobstory transcripts as JSON (`jobstory interview --json`, and the store's interviews).

Input: one interview object, or a list of them:
    {"interview_id": 17, "guide": "jtbd-switch" | {guide object with "questions"},
     "participant": "Dana" | {"name", "external_id", ...} | null,
     "questions": [{"id", "kind", "text", "options", ...}],          (optional)
     "turns": [{"role": "moderator" | "participant",
                "kind": "question" | "probe" | "reask" | "answer" | "closing",
                "question_id", "text", "value"}]}

`Source.text` is a rendering built deterministically from the turns, so offsets stay
checkable like any file's:

    Interview 17 (jtbd-switch)
    Moderator: <turn text, verbatim>
    Participant: <turn text, verbatim>
    ...

(one header line per interview, a blank line between interviews; the turn text is copied as
is, newlines included).

- Moderator turns are interviewer utterances.
- A participant turn is a StructuredAnswer when its value is not null and its question is not
  an open one (kind from "questions" / the guide; without them the value's type decides:
  int -> scale, list -> multiple_choice, bool or yes/no -> yes_no, str -> single_choice).
- Every other participant turn (open answers, probe answers, unparsed replies) is a
  participant utterance; its `question_text` is the moderator's last turn before it (the
  probe, for a probe answer) and its `question_id` the turn's question id.
- Participant id: the participant's name (or external id) unless missing or generic; then
  the source id without extension ("interview-17" for the store), with "#<interview id>"
  added when one file holds several interviews.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from jobstory.synthesis.ingest import utterances
from jobstory.synthesis.ingest.utterances import person_named
from jobstory.synthesis.ingest.common import LineIndex, ParseError, stem_of, trim
from jobstory.synthesis.ingest.speakers import is_generic_label
from jobstory.synthesis.sources import Parsed, Source, StructuredAnswer, Utterance

ROLES = {"moderator": "Moderator", "participant": "Participant"}
#: Formats whose `Source.text` is not a file's text: this rendering, a transcript CSV's cell
#: with its quoting undone (`ingest/transcript_csv.py`), a Word document's text
#: (`ingest/word.py`), or an utterance export's labelled lines (`ingest/utterances.py`).
#: analysis.json carries their text.
RENDERED_FORMATS = frozenset({"json", "store", "csv-transcript", "docx", utterances.FORMAT})
KINDS = {"question", "probe", "reask", "answer", "closing"}


def parse(source_id: str, path: str, text: str, *, interviewer: str | None = None) -> Parsed:
    """jobstory's interviews, or else a speech-to-text export of utterances
    (`ingest/utterances.py`)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ParseError(exc.lineno, f"invalid JSON: {exc.msg} (column {exc.colno})") from None
    except RecursionError:
        raise ParseError(None, "invalid JSON: nested too deeply") from None
    interviews = data if isinstance(data, list) else [data]
    if not any(_own_turns(i) for i in interviews):
        found = utterances.records_in(data)
        if found is not None:
            records, named, names = found
            return utterances.parse_records(source_id, path, records, interviewer=interviewer,
                                            participant=named, names=names)
    return parse_interviews(source_id, path, interviews)


def _own_turns(interview: Any) -> bool:
    """Whether `interview` is one of jobstory's: a "turns" list told by role. Turns told by
    speaker ({"speaker": "Maya Goldfarb", "text": ...}) are another tool's transcript, read as
    utterances."""
    turns = interview.get("turns") if isinstance(interview, Mapping) else None
    return isinstance(turns, list) and not (
        turns and all(isinstance(t, Mapping) and "role" not in t for t in turns))


def _question_objects(interview: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """question id -> the question object, from "questions" or the guide object's questions."""
    found: dict[str, dict[str, Any]] = {}
    guide = interview.get("guide")
    lists = [interview.get("questions")]
    if isinstance(guide, Mapping):
        lists.insert(0, guide.get("questions"))
    for questions in lists:
        if not isinstance(questions, list):
            continue
        for q in questions:
            if isinstance(q, Mapping) and q.get("id") is not None:
                found[str(q["id"])] = {str(k): v for k, v in q.items()}
    return found


def _questions(objects: Mapping[str, Mapping[str, Any]]) -> dict[str, tuple[str | None, str]]:
    """question id -> (kind, text)."""
    return {
        qid: (str(q["kind"]) if q.get("kind") is not None else None, str(q.get("text") or ""))
        for qid, q in objects.items()
    }


def _interview_id(interview: Mapping[str, Any], number: int) -> Any:
    """The interview's id, or its 1-based position in the file when it has none."""
    found = interview.get("interview_id")
    return number if found is None else found


def _guide_name(guide: Any) -> str:
    if isinstance(guide, Mapping):
        return str(guide.get("name") or guide.get("title") or "guide")
    return str(guide) if guide is not None else "guide"


def _structured(value: Any, kind: str | None) -> tuple[str, int | str | list[str]] | None:
    """(kind, value) for a structured answer, or None when the turn is open text."""
    if value is None or kind == "open":
        return None
    if isinstance(value, bool):
        return kind or "yes_no", "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return kind or "scale", value
    if isinstance(value, list):
        return kind or "multiple_choice", [str(v) for v in value]
    if isinstance(value, (str, float)):
        text = str(value)
        if kind is None:
            kind = "yes_no" if text.casefold() in ("yes", "no") else "single_choice"
        return kind, text
    return None


def _check(interviews: Sequence[Any]) -> None:
    if not interviews:
        raise ParseError(1, "expected an interview object with a 'turns' list, found []")
    for i, interview in enumerate(interviews):
        where = f"interview {i + 1}: " if len(interviews) > 1 else ""
        if not isinstance(interview, Mapping) or not isinstance(interview.get("turns"), list):
            raise ParseError(None, f"{where}expected an object with a 'turns' list, or a "
                             "transcription's 'utterances' or 'segments' or a chat's "
                             "'messages', each with a speaker and text")
        for j, turn in enumerate(interview["turns"]):
            if not isinstance(turn, Mapping):
                raise ParseError(None, f"{where}turns[{j}]: expected an object")
            if not isinstance(turn.get("role"), str) or turn["role"] not in ROLES:
                raise ParseError(
                    None, f"{where}turns[{j}]: expected role 'moderator' or 'participant', "
                    f"found {turn.get('role')!r}"
                )
            if not isinstance(turn.get("text"), str):
                raise ParseError(None, f"{where}turns[{j}]: expected 'text' to be a string")
            if turn.get("kind") is not None and (
                not isinstance(turn["kind"], str) or turn["kind"] not in KINDS
            ):
                raise ParseError(
                    None, f"{where}turns[{j}]: expected kind to be one of "
                    + ", ".join(sorted(KINDS)) + f", found {turn.get('kind')!r}"
                )


def render(interviews: Sequence[Mapping[str, Any]]) -> tuple[str, list[list[tuple[int, int]]]]:
    """The rendering and, per interview, the (start, end) of each turn's text in it."""
    parts: list[str] = []
    offsets: list[list[tuple[int, int]]] = []
    pos = 0
    for i, interview in enumerate(interviews):
        header = (
            ("\n" if i else "")
            + f"Interview {_interview_id(interview, i + 1)} "
            + f"({_guide_name(interview.get('guide'))})\n"
        )
        parts.append(header)
        pos += len(header)
        spans = []
        for turn in interview["turns"]:
            label = ROLES[turn["role"]] + ": "
            spans.append((pos + len(label), pos + len(label) + len(turn["text"])))
            line = label + turn["text"] + "\n"
            parts.append(line)
            pos += len(line)
        offsets.append(spans)
    return "".join(parts), offsets


def parse_interviews(
    source_id: str, path: str, interviews: Sequence[Any], *, format: str = "json"
) -> Parsed:
    _check(interviews)
    text, offsets = render(interviews)
    source = Source(id=source_id, path=path, format=format, text=text)
    lines = LineIndex(text)
    base = stem_of(source_id)
    utterances: list[Utterance] = []
    structured: list[StructuredAnswer] = []
    guide_questions: dict[str, dict[str, Any]] = {}
    for number, (interview, spans) in enumerate(zip(interviews, offsets, strict=True), 1):
        name = person_named(interview.get("participant"))
        if name is None or is_generic_label(name):
            name = base
            if len(interviews) > 1:
                name = f"{base}#{_interview_id(interview, number)}"
        objects = _question_objects(interview)
        guide_questions.update(objects)
        questions = _questions(objects)
        asked: str | None = None
        asked_id: str | None = None
        for turn, (start, end) in zip(interview["turns"], spans, strict=True):
            qid = turn.get("question_id")
            qid = str(qid) if qid is not None else None
            start, end = trim(text, start, end)
            line = lines.line_of(start)
            if turn["role"] == "moderator":
                asked, asked_id = " ".join(turn["text"].split()) or None, qid
                if start < end:
                    utterances.append(
                        Utterance(source_id, "Moderator", "interviewer", None, start, end,
                                  text[start:end], qid, None, line)
                    )
                continue
            qid = qid or asked_id
            kind, question_text = questions.get(qid or "", (None, ""))
            answer = _structured(turn.get("value"), kind)
            if answer is not None and qid is not None:
                structured.append(
                    StructuredAnswer(source_id, name, qid, question_text or asked or "",
                                     answer[0], answer[1], line)
                )
            elif start < end:
                utterances.append(
                    Utterance(source_id, "Participant", "participant", name, start, end,
                              text[start:end], qid, asked, line)
                )
    return Parsed(source=source, utterances=utterances, structured=structured,
                  questions=guide_questions)
