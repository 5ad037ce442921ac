"""Untrusted files never crash their reader: a guide or a customer list that cannot be used is
a one-line error that names the line (and for guides the field), whatever the bytes are.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jobstory.guides import BUILTIN, GuideError, builtin_names, load_guide, parse_guide
from jobstory.synthesis.ingest import read_paths
from jobstory.web.customer_lists import CsvError, parse_csv

FUZZ = settings(max_examples=200, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])
GUIDES = [(BUILTIN / f"{name}.yaml").read_text(encoding="utf-8") for name in builtin_names()]
# Characters YAML gives meaning to, so mutations reach the parser's corners, not only scalars.
YAML_BITS = st.sampled_from([
    ":", "- ", "&a ", "*a", "? ", "!!int ", "!!timestamp ", "!!binary ", "!foo ", "<<: ", "{",
    "}", "[", "]", ",", "|", ">", "'", '"', "#", "\n", "\n  ", "\t", "%YAML 1.1\n", "---\n",
    "...\n", "\x00", "\ufeff", "\u2028", "1e999", "0x1F", "2020-13-45", "~", "9" * 5000,
])


def _one_line_naming_a_place(problem: str, origin: str) -> None:
    assert len(problem.splitlines()) == 1, problem
    assert re.match(rf"{re.escape(origin)}:\d+: \S", problem), problem


def _check_guide(text: str) -> None:
    try:
        parse_guide(text, "fuzz.yaml")
    except GuideError as error:
        assert error.problems
        for problem in error.problems:
            _one_line_naming_a_place(problem, "fuzz.yaml")


@st.composite
def mutated_guides(draw: st.DrawFn) -> str:
    """A built-in guide with a few slices cut, copied, or replaced by YAML punctuation."""
    text = draw(st.sampled_from(GUIDES))
    for _ in range(draw(st.integers(1, 4))):
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, min(len(text), start + 40)))
        insert = draw(st.one_of(YAML_BITS, st.text(max_size=8), st.just(text[start:end] * 2)))
        text = text[:start] + insert + text[end:]
    return text


SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=12),
                    st.sampled_from(["open", "scale", "yes_no", "push", "q1"]))
TREES = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4),
    st.dictionaries(st.one_of(st.text(max_size=8), st.integers(), st.sampled_from(
        ["id", "kind", "text", "options", "min", "max", "labels", "probe", "force"])),
        inner, max_size=4),
), max_leaves=20)


@FUZZ
@given(st.text(max_size=400))
def test_any_text_as_a_guide(text: str) -> None:
    _check_guide(text)


@FUZZ
@given(mutated_guides())
def test_mutated_guides(text: str) -> None:
    _check_guide(text)


@FUZZ
@given(st.lists(TREES, min_size=1, max_size=3), st.dictionaries(st.text(max_size=8), TREES,
                                                                  max_size=3))
def test_odd_values_in_a_guide(questions: list[Any], extra: dict[str, Any]) -> None:
    """Valid YAML, wrong shapes: every problem is still `file:line: field: message`."""
    _check_guide(yaml.safe_dump({"name": "g", "title": "t", **extra, "questions": questions},
                                allow_unicode=True))


@FUZZ
@given(st.binary(max_size=400) | mutated_guides().map(lambda text: text.encode("utf-8")))
def test_any_file_for_guides_check(tmp_path: Path, data: bytes) -> None:
    """`jobstory guides check FILE` reads through load_guide: bytes, not text."""
    path = tmp_path / "fuzz.yaml"
    path.write_bytes(data)
    try:
        load_guide(str(path))
    except GuideError as error:
        for problem in error.problems:
            _one_line_naming_a_place(problem, str(path))


CSV_BITS = st.sampled_from([",", ";", "\t", '"', "\n", "\r", "\r\n", "\x00", "\ufeff", "=cmd",
                            "name", "email", "external_id", "a@b.co", "Ana", " ", "\u2028"])


@st.composite
def customer_lists(draw: st.DrawFn) -> str:
    """A header with name and email, then rows built from CSV's special characters."""
    header = draw(st.sampled_from(["name,email", "name;email;company", "email\tname",
                                   "name,email,name", "email", ""]))
    rows = draw(st.lists(st.lists(st.one_of(CSV_BITS, st.text(max_size=6)), max_size=8)
                         .map("".join), max_size=6))
    return "\n".join([header, *rows])


def _check_csv(data: bytes | str) -> None:
    try:
        parsed = parse_csv(data)
    except CsvError as error:
        message = str(error)
        assert message and len(message.splitlines()) == 1, message
        return
    for problem in parsed.errors + parsed.merged:
        assert problem.line >= 2, problem
        assert problem.message and len(problem.message.splitlines()) == 1, problem


@FUZZ
@given(st.one_of(st.binary(max_size=300), st.text(max_size=300), customer_lists()))
def test_any_customer_list(data: bytes | str) -> None:
    _check_csv(data)


@pytest.mark.parametrize("data", [b"name,email\n\x00\x9d,a@b.co\n", "name,email\n\"unclosed,a@b\n"])
def test_customer_list_problems_name_their_line(data: bytes | str) -> None:
    try:
        parsed = parse_csv(data)
    except CsvError as error:
        assert str(error).startswith("line 2:")
    else:
        assert [p.line for p in parsed.errors] == [2]


# --- Transcript files ----------------------------------------------------------------------
# Each example is written to a file and read the way `jobstory analyze` reads it: read_paths.
# Whatever the bytes, reading never raises; a file that cannot be read (or is read in part)
# is an error of one line naming file:line, and every utterance kept is an exact slice.

TRANSCRIPT_FUZZ = settings(FUZZ, max_examples=150)
NAMES = st.sampled_from(["Dana", "Sam Okafor", "Interviewer", "User", "AI", "P1", "Ana-María",
                         "x", "Moderator", "Speaker 2", "ダナ", "Dana Dana Dana Dana Dana"])
# Characters and fragments the readers give meaning to.
CUE_BITS = st.sampled_from([
    "-->", " --> ", "00:00:01.000", "00:00:01,000", "99:59:59.999", "1:02:03.4", "00:00:0",
    "\n", "\r\n", "\r", "\n\n", " ", "\t", "\x00", "\ufeff", "\u2028", "WEBVTT", "NOTE ",
    "STYLE", "REGION", "<v ", "<v.loud Dana>", "</v>", "<i>", "</i>", "<", ">", "{\\an8}",
    "&amp;", ": ", "**", "- ", ">> ", "[00:01:02] ", "(1:02)", "# ", "---", "1", "12",
])
TEXT_BITS = st.sampled_from([
    ": ", "**", ":** ", "- ", ">> ", "[00:01:02] ", "(0:02)", "  0:02", "# ", "---", "***",
    "\n", "\r\n", "\r", "\n\n", " ", "\t", "\x00", "\ufeff", "\u2028", "<", ">", "–", "[", "]",
])
CSV_CELL_BITS = st.sampled_from([
    ",", ";", "\t", '"', '""', "\n", "\r\n", "\r", "\x00", "\ufeff", "\u2028", " ", "=cmd",
    "1", "10", "yes", "No", "a;b", "x|y", "Dana: ", "AI: ", "User: ",
])


def _mutate(draw: st.DrawFn, text: str, bits: st.SearchStrategy[str]) -> str:
    """`text` with a few slices cut, copied, or replaced by characters the format uses."""
    for _ in range(draw(st.integers(1, 4))):
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, min(len(text), start + 40)))
        insert = draw(st.one_of(bits, st.text(max_size=8), st.just(text[start:end] * 2)))
        text = text[:start] + insert + text[end:]
    return text


def _line(draw: st.DrawFn, bits: st.SearchStrategy[str]) -> str:
    return "".join(draw(st.lists(st.one_of(bits, NAMES, st.text(max_size=6)), max_size=6)))


SAID = st.tuples(st.sampled_from(["", "So, what happened?", "I sent 23 invoices.", "Yes.",
                                  "no idea", "  ", "It broke\nbadly."]),
                st.text(max_size=4)).map("".join)


@st.composite
def vtt_files(draw: st.DrawFn) -> str:
    """A header and cues built from timings, voice tags, labels and stray punctuation."""
    parts = [draw(st.sampled_from(["WEBVTT\n\n", "WEBVTT - title\nKind: captions\n\n",
                                   "\ufeffWEBVTT\r\n\r\n", "WEBVTT\n", "WEBVT\n\n"]))]
    for _ in range(draw(st.integers(1, 6))):
        block = draw(st.sampled_from(["", "cue-1\n", "NOTE a comment\n", "7\n"]))
        block += draw(st.sampled_from(["00:00:01.000 --> 00:00:04.000", "00:04.000 --> 00:01.000",
                                       "01:00:00.000 --> 01:00:02.500 align:start",
                                       "00:00:03.000 --> 00:00:05.000", "00:00:01 --> 00:00:02",
                                       "-->", ""]))
        block += "\n"
        for _ in range(draw(st.integers(0, 3))):
            speaker = draw(NAMES)
            block += draw(st.sampled_from([f"<v {speaker}>", f"{speaker}: ", "", "<i>"]))
            block += draw(SAID) + draw(st.sampled_from(["", "</v>", "</i>"])) + "\n"
        parts.append(block + draw(st.sampled_from(["\n", "", "\r\n", "\n\n\n"])))
        if draw(st.integers(0, 3)) == 0:
            parts.append(_line(draw, CUE_BITS))
    return "".join(parts)


@st.composite
def srt_files(draw: st.DrawFn) -> str:
    parts = []
    for number in range(1, draw(st.integers(1, 6)) + 1):
        block = draw(st.sampled_from([f"{number}\n", "", "x\n", f"{number}\n\n"]))
        block += draw(st.sampled_from(["00:00:01,000 --> 00:00:04,000", "00:00:04.5 --> 00:00:01,0",
                                       "0:0:1,000 --> 0:0:2,000", "00:00:01,000 -> 00:00:02,000",
                                       "-->"]))
        block += "\n"
        for _ in range(draw(st.integers(0, 3))):
            block += draw(st.sampled_from(["", "- ", ">> ", "{\\an8}"])) + draw(st.sampled_from(
                [f"{draw(NAMES)}: ", ""])) + draw(SAID) + "\n"
        parts.append(block + draw(st.sampled_from(["\n", "", "\r\n"])))
        if draw(st.integers(0, 3)) == 0:
            parts.append(_line(draw, CUE_BITS))
    return "".join(parts)


@st.composite
def text_files(draw: st.DrawFn) -> str:
    """`Name: text` transcripts with the label, timestamp and heading forms text.py reads."""
    lines = []
    for _ in range(draw(st.integers(0, 10))):
        name = draw(NAMES)
        lines.append(draw(st.sampled_from([
            f"{name}: ", f"**{name}:** ", f"- {name}: ", f"[00:01:02] {name}: ", f"{name} [1:02]: ",
            f"{name}  0:02\n", "# ", "---\n", "[00:01:02]\n", "", "\n"])) + draw(SAID))
        if draw(st.booleans()):
            lines.append(_line(draw, TEXT_BITS))
    return draw(st.sampled_from(["\n", "\r\n", "\r"])).join(lines)


def _csv_cell(draw: st.DrawFn) -> str:
    value = "".join(draw(st.lists(st.one_of(CSV_CELL_BITS, st.text(max_size=6)), max_size=5)))
    if draw(st.booleans()):
        return '"' + value.replace('"', '""') + draw(st.sampled_from(['"', '"', ""]))
    return value


@st.composite
def survey_files(draw: st.DrawFn) -> str:
    """Long-layout answers: participant, question, answer (and sometimes a question id)."""
    columns = draw(st.sampled_from([["participant", "question", "answer"],
                                    ["Participant", "question_id", "Question", "Answer"],
                                    ["answer", "participant", "question"],
                                    ["participant", "question"]]))
    delimiter = draw(st.sampled_from([",", ";", "\t"]))
    values = {"participant": st.one_of(NAMES, st.sampled_from(["", "P1"])),
              "question_id": st.sampled_from(["nps", "tool", "", "nps"]),
              "question": st.sampled_from(["How likely?", "Which tool?", "Why?", ""]),
              "answer": st.sampled_from(["7", "10", "yes", "No", "Excel; Sheets", "", "-3",
                                         "Because it broke.", "Excel"])}
    rows = [delimiter.join(columns)]
    for _ in range(draw(st.integers(0, 8))):
        cells = [draw(values[column.casefold()]) for column in columns]
        if draw(st.integers(0, 3)) == 0:  # a cell of CSV's special characters
            cells[draw(st.integers(0, len(cells) - 1))] = _csv_cell(draw)
        rows.append(delimiter.join(cells))
    return draw(st.sampled_from(["\n", "\r\n"])).join(rows)


@st.composite
def transcript_csv_files(draw: st.DrawFn) -> str:
    """One conversation per row, as AI-interview tools export them."""
    header = draw(st.sampled_from(["transcript_id,text", "Interview ID;Transcript",
                                   "id,text,x", "text,participant", "a;b"]))
    delimiter = ";" if ";" in header else ","
    rows = [header]
    for number in range(draw(st.integers(1, 5))):
        turns = [draw(st.sampled_from(["AI: ", "User: ", "AI: ", "User: ", f"{draw(NAMES)}: ",
                                       "", "# "])) + draw(SAID)
                 for _ in range(draw(st.integers(0, 7)))]
        conversation = draw(st.sampled_from(["\n", "\r\n"])).join(turns).replace('"', '""')
        cells = [draw(st.sampled_from([f"int_{number}", "", "int_0", "a/b c", "é" * 80])),
                 f'"{conversation}"']
        if header.startswith("text"):
            cells.reverse()
        if draw(st.integers(0, 3)) == 0:
            cells.append(_csv_cell(draw))
        rows.append(delimiter.join(cells))
    return "\n".join(rows)


JSON_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                         st.text(max_size=12),
                         st.sampled_from(["moderator", "participant", "question", "answer",
                                          "probe", "open", "scale", "yes", "q1"]))
JSON_TREES = st.recursive(JSON_SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4),
    st.dictionaries(st.sampled_from(["role", "kind", "text", "value", "question_id", "turns",
                                     "id", "name", "questions", "guide", "participant",
                                     "interview_id", "options"]) | st.text(max_size=6),
                    inner, max_size=4),
), max_leaves=15)


def _odd(usual: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Mostly the usual value, once in 20 any JSON value in its place."""
    return st.sampled_from([usual] * 19 + [JSON_TREES]).flatmap(lambda chosen: chosen)


JSON_TURNS = st.lists(_odd(st.fixed_dictionaries({
    "role": st.sampled_from(["moderator", "participant"]),
    "kind": st.sampled_from(["question", "probe", "answer", "reask", None]),
    "question_id": st.sampled_from(["q1", "q2", None, 3]),
    "text": SAID,
    "value": st.one_of(st.none(), st.none(), JSON_SCALARS, st.lists(JSON_SCALARS, max_size=3)),
})), max_size=5)
JSON_QUESTIONS = st.lists(st.fixed_dictionaries({
    "id": _odd(st.sampled_from(["q1", "q2", 3])),
    "kind": _odd(st.sampled_from(["open", "scale", "yes_no", "single_choice"])),
    "text": _odd(st.sampled_from(["Why?", "How likely?"])),
}), max_size=2)
JSON_INTERVIEWS = st.lists(st.fixed_dictionaries({
    "interview_id": _odd(st.integers(1, 99)),
    "guide": _odd(st.one_of(st.just("jtbd-switch"),
                            st.fixed_dictionaries({"questions": JSON_QUESTIONS}))),
    "participant": _odd(st.one_of(NAMES, st.just({"name": "Dana"}), st.none())),
    "questions": _odd(JSON_QUESTIONS),
    "turns": _odd(JSON_TURNS),
}), min_size=1, max_size=3)


@st.composite
def json_transcripts(draw: st.DrawFn) -> str:
    """Interviews shaped like `jobstory interview --json`, with odd values here and there."""
    interviews = draw(JSON_INTERVIEWS)
    data = interviews[0] if len(interviews) == 1 and draw(st.booleans()) else interviews
    return json.dumps(data, ensure_ascii=draw(st.booleans()),
                      indent=draw(st.sampled_from([None, 2])))


UTTERANCE_RECORDS = st.lists(_odd(st.fixed_dictionaries({
    "speaker": st.sampled_from(["A", "B", 0, 1, "SPEAKER_00", "Dana Ortiz", "", None, True]),
    "text": st.one_of(SAID, SAID, st.none(), st.just("")),
    "start": st.integers(0, 10_000),
})), max_size=6)


@st.composite
def utterance_json_files(draw: st.DrawFn) -> str:
    """Speech-to-text exports: utterances at the top, under results, as segments, monologues
    of elements, or a bare list, with odd values here and there."""
    records = draw(UTTERANCE_RECORDS)
    shape = draw(st.sampled_from(["utterances", "results", "segments", "monologues", "list"]))
    if shape == "monologues":
        records = [{"speaker": r.get("speaker") if isinstance(r, dict) else r,
                    "elements": [{"type": "text", "value": r.get("text")}]
                    if isinstance(r, dict) else r} for r in records]
    data: Any = {"list": records, "results": {"results": {"utterances": records}}}.get(
        shape, {shape: records})
    return json.dumps(data, ensure_ascii=draw(st.booleans()))


@st.composite
def utterance_csv_files(draw: st.DrawFn) -> str:
    """A turn per row: a speaker column, a text column, times beside them."""
    header = draw(st.sampled_from(["speaker,start_time,end_time,text", "Speaker;Text",
                                   "text,speaker", "speaker name,transcript,x"]))
    delimiter = ";" if ";" in header else ","
    rows = [header]
    for _ in range(draw(st.integers(0, 6))):
        cells = [draw(st.sampled_from(["Jonah Whitfield", "Helen", "", "A", "1"])),
                 '"' + draw(SAID).replace('"', '""') + '"', "00:00:01", "00:00:04"]
        if header.startswith("text"):
            cells[0], cells[1] = cells[1], cells[0]
        cells = cells[:len(header.split(delimiter))]
        if draw(st.integers(0, 3)) == 0:
            cells[draw(st.integers(0, len(cells) - 1))] = _csv_cell(draw)
        rows.append(delimiter.join(cells))
    return "\n".join(rows)


@st.composite
def _mutated(draw: st.DrawFn, files: st.SearchStrategy[str],
             bits: st.SearchStrategy[str]) -> str:
    return _mutate(draw, draw(files), bits)


def _any_file(files: st.SearchStrategy[str], bits: st.SearchStrategy[str]) -> Any:
    """Mostly built files, then those files mutated, any text, and any bytes."""
    return st.one_of(files, files, files, _mutated(files, bits), st.text(max_size=300),
                     st.binary(max_size=300))


def _check_transcript(tmp_path: Path, name: str, data: str | bytes) -> None:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    parsed, errors = read_paths([path])
    for error in errors:
        message = str(error)
        assert len(message.splitlines()) == 1, message
        assert message.startswith(f"{name}:"), message
        if error.line is not None or not name.endswith(".json"):
            assert re.match(rf"{re.escape(name)}:\d+: \S", message), message
    for read in parsed:
        assert read.source.id.startswith(name)
        for utterance in read.utterances:
            assert utterance.source_id == read.source.id
            assert read.source.text[utterance.start:utterance.end] == utterance.text, utterance
            assert utterance.text.strip()


@TRANSCRIPT_FUZZ
@given(_any_file(vtt_files(), CUE_BITS))
def test_any_vtt_file(tmp_path: Path, data: str | bytes) -> None:
    _check_transcript(tmp_path, "fuzz.vtt", data)


@TRANSCRIPT_FUZZ
@given(_any_file(srt_files(), CUE_BITS))
def test_any_srt_file(tmp_path: Path, data: str | bytes) -> None:
    _check_transcript(tmp_path, "fuzz.srt", data)


@TRANSCRIPT_FUZZ
@given(_any_file(text_files(), TEXT_BITS))
def test_any_text_transcript(tmp_path: Path, data: str | bytes) -> None:
    _check_transcript(tmp_path, "fuzz.txt", data)


@TRANSCRIPT_FUZZ
@given(_any_file(survey_files(), CSV_CELL_BITS))
def test_any_survey_csv(tmp_path: Path, data: str | bytes) -> None:
    _check_transcript(tmp_path, "fuzz.csv", data)


@TRANSCRIPT_FUZZ
@given(_any_file(transcript_csv_files(), CSV_CELL_BITS))
def test_any_transcript_csv(tmp_path: Path, data: str | bytes) -> None:
    _check_transcript(tmp_path, "fuzz.csv", data)


@TRANSCRIPT_FUZZ
@given(_any_file(json_transcripts(), st.sampled_from(
    ["{", "}", "[", "]", ",", ":", '"', "null", "1e999", "-", "\\u0000", "\\ud800", "\n"])))
def test_any_jobstory_json_transcript(tmp_path: Path, data: str | bytes) -> None:
    _check_transcript(tmp_path, "fuzz.json", data)


@TRANSCRIPT_FUZZ
@given(_any_file(utterance_json_files(), st.sampled_from(
    ["{", "}", "[", "]", ",", ":", '"', "null", "\\u0000", "\n"])))
def test_any_speech_to_text_json_export(tmp_path: Path, data: str | bytes) -> None:
    _check_transcript(tmp_path, "fuzz.json", data)


@TRANSCRIPT_FUZZ
@given(_any_file(utterance_csv_files(), CSV_CELL_BITS))
def test_any_turn_per_row_csv(tmp_path: Path, data: str | bytes) -> None:
    _check_transcript(tmp_path, "fuzz.csv", data)


@pytest.mark.parametrize(("turn", "expected"), [
    ({"role": [], "text": "Hi"}, "expected role 'moderator' or 'participant', found []"),
    ({"role": "participant", "text": "Hi", "kind": ["answer"]},
     "expected kind to be one of answer, closing, probe, question, reask, found ['answer']"),
])
def test_a_json_turn_whose_role_or_kind_is_a_list_is_an_error_naming_the_turn(
        tmp_path: Path, turn: dict[str, Any], expected: str) -> None:
    """Found by the fuzz test above: a list is unhashable, so checking it against the known
    roles raised TypeError and took the whole run down."""
    path = tmp_path / "odd.json"
    path.write_text(json.dumps({"turns": [{"role": "moderator", "text": "Why?"}, turn]}))
    parsed, errors = read_paths([path])
    assert parsed == []
    assert [str(error) for error in errors] == [f"odd.json: turns[1]: {expected}"]
