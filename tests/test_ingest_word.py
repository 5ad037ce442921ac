"""Word documents (.docx) read as transcripts: paragraphs and table rows as lines."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest

from jobstory.synthesis.ingest import read_paths, word
from tests.test_ingest import assert_exact, read_one, said

TURNS = [("Jess Park", "0:02", "What happened?"), ("Rob Duncan", "0:07", "I lost a receipt."),
         ("Jess Park", "1:10", "And then?"), ("Rob Duncan", "1:15", "I paid twice.")]


def test_a_word_transcript_with_header_lines_reads_its_speakers(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_heading("Interview with Rob", level=1)
    for name, time, words in TURNS:
        document.add_paragraph(f"{name}  {time}")
        document.add_paragraph(words)
    document.save(tmp_path / "rob.docx")
    parsed = read_one(tmp_path / "rob.docx")
    assert parsed.source.format == "docx" and parsed.source.id == "rob.docx"
    assert_exact(parsed)  # quotes are slices of the document's text, lines its paragraphs
    assert said(parsed) == [(name, words) for name, _, words in TURNS]
    assert [u.line for u in parsed.utterances] == [3, 5, 7, 9]
    assert [u.role for u in parsed.utterances] == ["interviewer", "participant"] * 2


def test_a_teams_word_transcript_of_time_ranges_names_and_words_reads_its_speakers(
        tmp_path: Path) -> None:
    document = docx.Document()
    for number, (name, _, words) in enumerate(TURNS):
        document.add_paragraph(f"0:0:{number * 5}.0 --> 0:0:{number * 5 + 4}.520")
        document.add_paragraph(name)
        document.add_paragraph(words)
    document.save(tmp_path / "rob.docx")
    parsed = read_one(tmp_path / "rob.docx")
    assert_exact(parsed)
    assert said(parsed) == [(name, words) for name, _, words in TURNS]  # no time is speech
    assert [u.role for u in parsed.utterances] == ["interviewer", "participant"] * 2


def test_a_word_transcript_laid_out_as_a_table_reads_a_row_per_turn(tmp_path: Path) -> None:
    document = docx.Document()
    table = document.add_table(rows=0, cols=3)
    for name, time, words in TURNS:
        cells = table.add_row().cells
        cells[0].text, cells[1].text, cells[2].text = name, time, words
    document.save(tmp_path / "rob.docx")
    parsed = read_one(tmp_path / "rob.docx")
    assert_exact(parsed)
    assert said(parsed) == [(name, words) for name, _, words in TURNS]


def test_a_line_break_inside_a_paragraph_stays_in_the_turn(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Jess Park: What happened?")
    answer = document.add_paragraph("Rob Duncan: I lost a receipt.")
    answer.add_run().add_break()
    answer.add_run("A big one.")
    document.save(tmp_path / "rob.docx")
    assert said(read_one(tmp_path / "rob.docx"))[1] == ("Rob Duncan",
                                                        "I lost a receipt.\nA big one.")


def _zip(path: Path, parts: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


@pytest.mark.parametrize(("content", "message"), [
    (b"Jess Park: not a zip at all", "not a Word document (.docx): the file is not a zip"),
    ({"notes.txt": b"a zip, but no document in it"}, "not a Word document (.docx):"),
])
def test_a_file_that_is_no_word_document_is_an_error_naming_it(
        tmp_path: Path, content: bytes | dict[str, bytes], message: str) -> None:
    path = tmp_path / "rob.docx"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        _zip(path, content)
    (tmp_path / "ok.txt").write_text("Jess: What happened?\nRob: I lost it.\n")
    parsed, errors = read_paths([tmp_path])
    assert [p.source.id for p in parsed] == ["ok.txt"]  # the rest of the folder is read
    assert [(e.source_id, e.message[:len(message)]) for e in errors] == [("rob.docx", message)]


def test_a_word_document_that_unpacks_past_the_bound_is_not_opened(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    document = docx.Document()
    document.add_paragraph("Jess Park: What happened?")
    document.save(tmp_path / "rob.docx")
    monkeypatch.setattr(word, "MAX_UNPACKED_BYTES", 1024)
    parsed, errors = read_paths([tmp_path / "rob.docx"])
    assert parsed == []
    assert len(errors) == 1 and errors[0].source_id == "rob.docx"
    assert "MiB unpacked" in errors[0].message


def test_a_word_document_with_damaged_xml_is_an_error_naming_it(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Jess Park: What happened?")
    document.save(tmp_path / "whole.docx")
    with zipfile.ZipFile(tmp_path / "whole.docx") as archive:
        parts = {item.filename: archive.read(item.filename) for item in archive.infolist()}
    parts["word/document.xml"] = parts["word/document.xml"][:200]  # cut off mid-tag
    _zip(tmp_path / "rob.docx", parts)
    parsed, errors = read_paths([tmp_path / "rob.docx"])
    assert parsed == []
    assert [(e.source_id, e.message[:42]) for e in errors] == [
        ("rob.docx", "not a Word document (.docx): damaged XML (")]
