"""Transcript CSVs: one whole conversation per row (issue 8.7).

The CSVs here are illustrative, written for these tests: they have the shape of a hosted
AI-interview tool's export (an id column, a text column of "Speaker: words" lines), not
anyone's words.
"""

from __future__ import annotations

import time
from pathlib import Path

from jobstory.synthesis.ingest import read_paths
from jobstory.synthesis.ingest.transcript_json import RENDERED_FORMATS
from tests.test_ingest import assert_exact, said, write

ILLUSTRATIVE = '''interview_id,text,minutes
int 01,"AI: Thanks for joining. What made you look for a new invoicing tool?

User: Our accountant quit in May and nobody understood the spreadsheet.

AI: What did you try first?

User: I asked my brother-in-law. He said ""just use paper"".",12
int/02,"AI: Tell me about the last time you sent an invoice.
User: Last Friday, at 11pm, after the kids were asleep.
AI: Why so late?
User: It is the only quiet hour I have.",9
int 01,"AI: A second session, same id.
User: Still on paper.
AI: Why?
User: Habit, mostly.",4
'''


def test_rows_of_conversations_are_one_source_each_without_any_flag(tmp_path: Path) -> None:
    parsed, errors = read_paths([write(tmp_path, "interviews.csv", ILLUSTRATIVE)])
    assert errors == []
    assert [p.source.id for p in parsed] == [
        "interviews.csv#int-01", "interviews.csv#int-01-2", "interviews.csv#int-02"]
    first = parsed[0]
    assert first.source.format == "csv-transcript" and "csv-transcript" in RENDERED_FORMATS
    assert first.source.path == (tmp_path / "interviews.csv").as_posix()
    # The cell's text with the CSV quoting undone: "" is one quote again.
    assert first.source.text.endswith('He said "just use paper".')
    assert first.source.text.startswith("AI: Thanks for joining.")
    for item in parsed:
        assert_exact(item)
        assert {u.role for u in item.utterances if u.speaker == "AI"} == {"interviewer"}
    assert said(first, "participant") == [
        ("User", "Our accountant quit in May and nobody understood the spreadsheet."),
        ("User", 'I asked my brother-in-law. He said "just use paper".'),
    ]
    assert first.utterances[1].line == 3  # lines count in the row's own text
    assert first.utterances[1].question_text.startswith("Thanks for joining.")


def test_each_row_is_its_own_participant(tmp_path: Path) -> None:
    """A generic label ("User") in every row must not make the rows one person."""
    parsed, _ = read_paths([write(tmp_path, "interviews.csv", ILLUSTRATIVE)])
    people = [{u.participant for u in p.utterances if u.role == "participant"} for p in parsed]
    assert all(len(found) == 1 for found in people)
    assert len(set.union(*people)) == 3


def test_csv_columns_name_the_id_and_text_columns(tmp_path: Path) -> None:
    notes = ("session;notes\n"
             "s1;\"Paid the plumber late again.\nThe reminder went to spam.\"\n"
             "s2;We switched after the audit.\n")
    path = write(tmp_path, "notes.csv", notes)
    _, errors = read_paths([path])  # no speaker labels: not recognised as transcripts
    assert "--csv-columns ID,TEXT" in errors[0].message
    parsed, errors = read_paths([path], csv_columns=("Session", "NOTES"))
    assert errors == []
    assert [p.source.id for p in parsed] == ["notes.csv#s1", "notes.csv#s2"]
    assert [u.text for u in parsed[0].utterances] == [
        "Paid the plumber late again.\nThe reminder went to spam."]
    _, errors = read_paths([path], csv_columns=("id", "text"))
    assert "expected columns 'id' and 'text'" in errors[0].message


def test_a_survey_csv_stays_a_survey(tmp_path: Path) -> None:
    survey = ("participant,question,answer\n"
              'p1,Why?,"Interviewer: a pasted line\nDana: another\nSam: and a third"\n')
    parsed, errors = read_paths([write(tmp_path, "s.csv", survey)])
    assert errors == [] and parsed[0].source.format == "csv"


def test_a_bad_row_is_damage_and_the_other_rows_are_kept(tmp_path: Path) -> None:
    content = ILLUSTRATIVE + 'int 04,"AI: Hello?\nUser: this quote is never closed\n'
    parsed, errors = read_paths([write(tmp_path, "interviews.csv", content)])
    assert len(parsed) == 3
    assert [(e.source_id, e.line) for e in errors] == [("interviews.csv", 17)]
    assert "unterminated quoted field" in errors[0].message
    assert "read the rest of the file" in errors[0].message


def test_row_ids_are_safe_and_unique(tmp_path: Path) -> None:
    rows = ["id,text"]
    for raw in ("../../etc", "", "a b", "a-b", "x" * 100):
        rows.append(f'"{raw}","A: one\nB: two\nA: three"')
    parsed, _ = read_paths([write(tmp_path, "t.csv", "\n".join(rows) + "\n")])
    ids = sorted(p.source.id.split("#", 1)[1] for p in parsed)
    assert ids == sorted(["etc", "row2", "a-b", "a-b-2", "x" * 64])


def test_a_large_transcript_csv_reads_quickly(tmp_path: Path) -> None:
    """125 rows of ~9 KB conversations (about 1.1 MB) read in well under a few seconds."""
    turns = []
    for n in range(40):
        turns.append(f"AI: Question {n}: what happened next, and why did it matter to you?")
        turns.append(f"User: Answer {n}. " + "We kept the old spreadsheet because it was "
                     "familiar, even though it broke every month. " * 2)
    body = "\n\n".join(turns).replace('"', '""')
    content = "transcript_id,text\n" + "".join(
        f'conv_{i:04d},"{body}"\n' for i in range(125))
    assert len(content) > 1_000_000
    path = write(tmp_path, "big.csv", content)
    started = time.perf_counter()
    parsed, errors = read_paths([path])
    elapsed = time.perf_counter() - started
    assert errors == [] and len(parsed) == 125
    assert sum(len(p.utterances) for p in parsed) == 125 * 80
    assert elapsed < 10, elapsed
