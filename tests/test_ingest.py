"""Reading transcripts and surveys into utterances with exact offsets."""

from __future__ import annotations

import json
import os
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from jobstory.store.db import Store
from jobstory.store.tables import InterviewRow, Study, TurnRow
from jobstory.synthesis.ingest import detect_format, read_paths
from jobstory.synthesis.ingest.speakers import find_interviewers
from jobstory.synthesis.ingest.store import read_store
from jobstory.synthesis.segment import segment
from jobstory.synthesis.sources import IngestError, Parsed

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "transcripts"


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8", newline="")
    return path


def read_one(path: Path, **kwargs) -> Parsed:
    parsed, errors = read_paths([path], **kwargs)
    assert errors == []
    assert len(parsed) == 1
    return parsed[0]


def assert_exact(parsed: Parsed) -> None:
    text = parsed.source.text
    for u in parsed.utterances:
        assert text[u.start : u.end] == u.text, u
        assert u.text == u.text.strip() and u.text
        assert u.source_id == parsed.source.id
        line = text.count("\n", 0, u.start) + text.count("\r", 0, u.start) - text.count(
            "\r\n", 0, u.start
        )
        assert u.line == line + 1


def said(parsed: Parsed, role: str | None = None) -> list[tuple[str, str]]:
    return [(u.speaker, u.text) for u in parsed.utterances if role in (None, u.role)]


# --- WebVTT -------------------------------------------------------------------------------

VTT_VOICES = (
    "WEBVTT\n\nNOTE this is a comment\nspanning lines\n\nSTYLE\n::cue { color: red }\n\n"
    "intro-1\n00:00:01.000 --> 00:00:04.000 align:start\n<v Sam Okafor>So, what happened?</v>\n\n"
    "00:00:04.500 --> 00:00:09.000\n"
    "<v.loud Luis>Ricky sorted one column.\nEverything broke.</v>\n\n"
    "00:00:09.000 --> 00:00:11.000\n<v Luis><i>I sent 23 invoices &amp; nobody noticed.</i>\n\n"
    "00:00:11.000 --> 00:00:12.000\nAnd then the calls started.\n\n"
    "00:00:12.000 --> 00:00:13.500\n<v Sam Okafor>Wow.</v> <v Luis>Yeah, wow.</v>\n"
)


def test_vtt_voice_tags_multiline_and_carry_over(tmp_path: Path) -> None:
    parsed = read_one(write(tmp_path, "luis.vtt", VTT_VOICES))
    assert parsed.source.format == "vtt"
    assert_exact(parsed)
    assert said(parsed) == [
        ("Sam Okafor", "So, what happened?"),
        ("Luis", "Ricky sorted one column.\nEverything broke."),
        ("Luis", "I sent 23 invoices &amp; nobody noticed."),
        ("Luis", "And then the calls started."),
        ("Sam Okafor", "Wow."),
        ("Luis", "Yeah, wow."),
    ]
    roles = {u.speaker: u.role for u in parsed.utterances}
    assert roles == {"Sam Okafor": "interviewer", "Luis": "participant"}
    luis = [u for u in parsed.utterances if u.role == "participant"]
    assert {u.participant for u in luis} == {"Luis"}
    assert [u.question_text for u in luis] == ["So, what happened?"] * 3 + ["Wow."]
    assert all(u.participant is None for u in parsed.utterances if u.role == "interviewer")


def test_vtt_name_prefix_cues_crlf_and_bom(tmp_path: Path) -> None:
    body = (
        "WEBVTT\r\nKind: captions\r\n\r\n1\r\n00:00:01.000 --> 00:00:03.000\r\n"
        "Priya Raman: When did you first think about it?\r\n\r\n"
        "2\r\n00:00:03.000 --> 00:00:05.000\r\nDana Whitfield: The day Marcus quit.\r\n\r\n"
        "3\r\n00:00:05.000 --> 00:00:08.000\r\nDana Whitfield: Ratio: 3.5 to 1, roughly.\r\n"
        "It was a mess.\r\n"
    )
    path = write(tmp_path, "dana.vtt", b"\xef\xbb\xbf" + body.encode())
    parsed = read_one(path)
    assert not parsed.source.text.startswith("\ufeff")
    assert "\r\n" in parsed.source.text
    assert_exact(parsed)
    assert said(parsed, "participant") == [
        ("Dana Whitfield", "The day Marcus quit."),
        ("Dana Whitfield", "Ratio: 3.5 to 1, roughly.\r\nIt was a mess."),
    ]
    assert [u.line for u in parsed.utterances] == [6, 10, 14]


def test_vtt_without_hours_and_without_blank_line_after_header(tmp_path: Path) -> None:
    parsed = read_one(
        write(tmp_path, "short.vtt", "WEBVTT\n00:01.000 --> 00:02.000\n<v Ann>Hello there.\n")
    )
    assert said(parsed) == [("Ann", "Hello there.")]
    assert parsed.utterances[0].role == "participant"


@pytest.mark.parametrize(
    ("content", "line", "fragment"),
    [
        ("WEBVTT\n\n1\n00:00:01.000 --> 00:00:xx.000\n<v A>Hi</v>\n", 4, "bad cue timing"),
        ("WEBVTT\n\ncue-1\nno timing here\n", 4, "expected a cue timing line"),
        ("Hello\n\n00:00:01.000 --> 00:00:02.000\nHi\n", 1, "'WEBVTT' header"),
        ("WEBVTT\n\nNOTE only a note\n", 3, "no cues found"),
    ],
)
def test_vtt_malformed(tmp_path: Path, content: str, line: int, fragment: str) -> None:
    parsed, errors = read_paths([write(tmp_path, "bad.vtt", content)])
    assert parsed == []
    assert len(errors) == 1
    assert errors[0].line == line
    assert fragment in errors[0].message
    assert str(errors[0]).startswith(f"bad.vtt:{line}: ")


# --- SRT ----------------------------------------------------------------------------------

SRT = """1
00:00:01,000 --> 00:00:04,000
Interviewer: When did you first think
about switching?

2
00:00:04,000 --> 00:00:08,000
Participant: It was tax season. The spreadsheet
just broke.

3
00:00:08,000 --> 00:00:10,000
I couldn't find <i>anything</i>.

4
00:00:10,000 --> 00:00:12,000
- Interviewer: What did you do?
- Participant: I googled.
"""


def test_srt_speaker_carry_over_and_dialogue_lines(tmp_path: Path) -> None:
    parsed = read_one(write(tmp_path, "yoga-03.srt", SRT))
    assert parsed.source.format == "srt"
    assert_exact(parsed)
    assert said(parsed) == [
        ("Interviewer", "When did you first think\nabout switching?"),
        ("Participant", "It was tax season. The spreadsheet\njust broke."),
        ("Participant", "I couldn't find <i>anything</i>."),
        ("Interviewer", "What did you do?"),
        ("Participant", "I googled."),
    ]
    participants = [u for u in parsed.utterances if u.role == "participant"]
    assert {u.participant for u in participants} == {"yoga-03"}  # generic label -> file stem
    assert participants[0].question_text == "When did you first think about switching?"
    assert participants[-1].question_text == "What did you do?"


def test_srt_crlf_dot_milliseconds_and_missing_numbers(tmp_path: Path) -> None:
    content = (
        "00:00:01.000 --> 00:00:02.000\r\nTomasz: Just me.\r\n\r\n"
        "7\r\n00:00:02,000 --> 00:00:03,000\r\nMore words.\r\n"
    )
    parsed = read_one(write(tmp_path, "t.srt", content))
    assert_exact(parsed)
    assert said(parsed) == [("Tomasz", "Just me."), ("Tomasz", "More words.")]


@pytest.mark.parametrize(
    ("content", "line", "fragment"),
    [
        ("1\n00:00:01,000 --> 00:00:02,000\nHi\n\n2\n00:00:02,000 -> 00:00:03,000\nYo\n", 6,
         "expected a timing line"),
        ("1\n00:00:01,000 --> 00:00:02,000\nHi\n\n2\n00:00:02,000 --> 00:0:03,000\nYo\n", 6,
         "bad cue timing"),
        ("Hello there\n", 1, "expected a cue number or timing line"),
    ],
)
def test_srt_malformed(tmp_path: Path, content: str, line: int, fragment: str) -> None:
    _, errors = read_paths([write(tmp_path, "bad.srt", content)])
    assert [(e.line, fragment in e.message) for e in errors] == [(line, True)]


def cues_file(fmt: str, payloads: list[str]) -> str:
    """A WebVTT or SubRip file of one cue per payload, two seconds each."""
    if fmt == "vtt":
        return "WEBVTT\n\n" + "".join(
            f"00:00:{2 * i:02d}.000 --> 00:00:{2 * i + 2:02d}.000\n{text}\n\n"
            for i, text in enumerate(payloads))
    return "".join(f"{i + 1}\n00:00:{2 * i:02d},000 --> 00:00:{2 * i + 2:02d},000\n{text}\n\n"
                   for i, text in enumerate(payloads))


@pytest.mark.parametrize("fmt", ["vtt", "srt"])
def test_cue_speakers_named_in_brackets_at_the_start_of_the_cue(tmp_path: Path, fmt: str) -> None:
    content = cues_file(fmt, [
        "[Interviewer] What happened in March?", "[Dana] I switched in March.",
        "[laughs] It was a mess.", "The old tool broke.", "[Interviewer]: Why then?",
        "- [Dana] Tax season.\nIt always is."])
    parsed = read_one(write(tmp_path, f"dana.{fmt}", content))
    assert_exact(parsed)
    assert said(parsed) == [
        ("Interviewer", "What happened in March?"),
        ("Dana", "I switched in March."),
        # a sound note is words; cues without a name continue the last speaker
        ("Dana", "[laughs] It was a mess."),
        ("Dana", "The old tool broke."),
        ("Interviewer", "Why then?"),
        ("Dana", "Tax season.\nIt always is."),
    ]
    assert [u.role for u in parsed.utterances] == ["interviewer"] + ["participant"] * 3 + [
        "interviewer", "participant"]
    dana = [u for u in parsed.utterances if u.role == "participant"]
    assert {u.participant for u in dana} == {"Dana"}
    assert dana[0].question_text == "What happened in March?"
    # the interviewer named by the `interviewer` argument
    content = cues_file(fmt, ["[Priya] So, March.", "[Dana] I switched then.",
                              "[Priya] Tell me more.", "[Dana] It was cheaper."])
    parsed = read_one(write(tmp_path, f"priya.{fmt}", content), interviewer="Priya")
    assert [(u.speaker, u.role, u.participant) for u in parsed.utterances] == [
        ("Priya", "interviewer", None), ("Dana", "participant", "Dana")] * 2


@pytest.mark.parametrize("fmt", ["vtt", "srt"])
def test_bracketed_sound_cues_and_a_name_said_once_are_not_speakers(
        tmp_path: Path, fmt: str) -> None:
    payloads = ["[laughs] We tried it.", "[Music]", "[laughs] Twice.", "[Music] So then",
                "[Laughter] yes.", "[Laughter]", "[inaudible] the app", "[inaudible]",
                "[Dana] I switched in March.", "More words."]
    parsed = read_one(write(tmp_path, f"notes/acme-05.{fmt}", cues_file(fmt, payloads)))
    assert_exact(parsed)
    assert said(parsed) == [("", text) for text in payloads]
    assert {(u.role, u.participant) for u in parsed.utterances} == {("participant", "acme-05")}


# --- damaged files and odd timings (issues 8.9, 9.10) -------------------------------------

BROKEN_VTT = (
    "WEBVTT\n\n"
    "00:00:01.000 --> 00:00:04.000\n<v Sam>What happened first?\n\n"
    "00:00:04.000 --> 00:00:08.000\n<v Dana>The spreadsheet broke in May.\n\n"
    "00:00:08.000 --> 00:00:1O.000\n<v Dana>Unreadable timing.\n\n"  # line 9: letter O
    "00:00:10.000 --> 00:00:12.000\n<v Sam>And then?\n\n"
    "cue-5\n<v Dana>An id and no timing.\n\n"  # line 15: damaged too
    "00:00:12.000 --> 00:00:15.000\n<v Dana>We switched the next week.\n"
)


def test_a_damaged_vtt_keeps_its_readable_cues_and_names_the_first_bad_line(
        tmp_path: Path) -> None:
    parsed, errors = read_paths([write(tmp_path, "broken.vtt", BROKEN_VTT)])
    assert said(parsed[0]) == [
        ("Sam", "What happened first?"), ("Dana", "The spreadsheet broke in May."),
        ("Sam", "And then?"), ("Dana", "We switched the next week."),
    ]
    assert_exact(parsed[0])
    assert len(errors) == 1
    assert str(errors[0]).startswith("broken.vtt:9: bad cue timing '00:00:08.000 --> 00:00:1O")
    assert "skipped it and 1 more damaged part; read the rest of the file" in errors[0].message


def test_a_damaged_srt_keeps_its_readable_cues_and_names_the_first_bad_line(
        tmp_path: Path) -> None:
    content = (
        "1\n00:00:01,000 --> 00:00:03,000\nInterviewer: Why switch?\n\n"
        "2\nParticipant: a number and no timing\n\n"  # line 6
        "3\n00:00:05,000 --> 00:00:08,000\nParticipant: The old tool lost an invoice.\n"
    )
    parsed, errors = read_paths([write(tmp_path, "broken.srt", content)])
    assert said(parsed[0]) == [("Interviewer", "Why switch?"),
                               ("Participant", "The old tool lost an invoice.")]
    assert [(e.source_id, e.line) for e in errors] == [("broken.srt", 6)]
    assert "expected a timing line" in errors[0].message
    assert "(skipped it; read the rest of the file)" in errors[0].message


def test_odd_cue_timings_and_nul_cues_are_warnings_naming_the_line(tmp_path: Path) -> None:
    content = (
        "WEBVTT\n\n"
        "00:00:05.000 --> 00:00:02.000\n<v Sam>Backwards?\n\n"  # line 3: ends before it starts
        "00:00:06.000 --> 00:00:09.000\n<v Dana>Fine.\n\n"
        "00:00:08.000 --> 00:00:10.000\n<v Dana>Overlaps the cue before.\n\n"  # line 9
        "00:00:09.500 --> 00:00:11.000\n<v Dana>Overlaps again.\n\n"  # line 12
        "00:00:11.000 --> 00:00:12.000\n\0\0\0\0\n\n"  # line 16: payload of NULs
        "00:00:12.000 --> 00:00:13.000\n<v Dana>Last words.\n"
    )
    warnings: list[IngestError] = []
    parsed, errors = read_paths([write(tmp_path, "odd.vtt", content)], warn=warnings.append)
    assert errors == []
    assert [u.text for u in parsed[0].utterances] == [
        "Backwards?", "Fine.", "Overlaps the cue before.", "Overlaps again.", "Last words."]
    assert [str(w) for w in warnings] == [
        "odd.vtt:3: cue ends before it starts ('00:00:05.000 --> 00:00:02.000')",
        ("odd.vtt:9: cue starts before the previous cue ends ('00:00:08.000 --> 00:00:10.000')"
        " (2 times in all)"),
        "odd.vtt:16: cue holds only NUL characters: skipped",
    ]


def test_srt_timings_are_checked_too(tmp_path: Path) -> None:
    content = ("1\n00:00:01,000 --> 00:00:04,000\nA: one\n\n"
               "2\n00:00:03,500 --> 00:00:05,000\nB: two\n")
    warnings: list[IngestError] = []
    read_paths([write(tmp_path, "o.srt", content)], warn=warnings.append)
    assert [(w.source_id, w.line) for w in warnings] == [("o.srt", 6)]


SBV = ("0:00:03.098,0:00:07.798\nGareth Lyle: Thanks for doing this. Start with your role.\n\n"
       "0:00:09.878,0:00:13.355\nDave Ashworth: I'm the treasurer.\n\n"
       "0:00:13.405,0:00:22.759\nWe chase subs in envelopes,\nand nobody pays on time.\n\n"
       "0:00:22.809,0:00:24.000\nGareth Lyle: Since when?\n")


def test_youtube_captions_are_read_cue_by_cue_with_their_speakers(tmp_path: Path) -> None:
    parsed = read_one(write(tmp_path, "club-01.sbv", SBV))
    assert parsed.source.format == "sbv"
    assert_exact(parsed)
    assert said(parsed) == [
        ("Gareth Lyle", "Thanks for doing this. Start with your role."),
        ("Dave Ashworth", "I'm the treasurer."),
        ("Dave Ashworth", "We chase subs in envelopes,\nand nobody pays on time."),
        ("Gareth Lyle", "Since when?")]
    assert {u.participant for u in parsed.utterances if u.role == "participant"} == \
        {"Dave Ashworth"}


def test_a_damaged_sbv_keeps_its_readable_cues_and_names_the_bad_line(tmp_path: Path) -> None:
    content = SBV.replace("0:00:09.878,0:00:13.355", "0:00:09.878 0:00:13.355")
    warnings: list[IngestError] = []
    parsed, errors = read_paths([write(tmp_path, "club.sbv", content)], warn=warnings.append)
    assert [(e.source_id, e.line) for e in errors] == [("club.sbv", 4)]
    assert "expected a timing line like '0:01:02.500,0:01:05.000'" in errors[0].message
    assert "I'm the treasurer." not in [u.text for u in parsed[0].utterances]
    assert len(parsed[0].utterances) == 3
    backwards = SBV.replace("0:00:22.809,0:00:24.000", "0:00:22.809,0:00:21.000")
    read_paths([write(tmp_path, "late.sbv", backwards)], warn=warnings.append)
    assert [(w.source_id, w.line) for w in warnings] == [("late.sbv", 11)]
    _, errors = read_paths([write(tmp_path, "none.sbv", "just words\n")])
    assert [(e.line, "no cues" in e.message or "expected a timing line" in e.message)
            for e in errors] == [(1, True)]


def test_a_symlink_that_loops_is_an_error_naming_it_and_the_rest_is_read(
        tmp_path: Path) -> None:
    good = write(tmp_path, "ok.txt", "Interviewer: Why?\nDana: Our accountant quit.\n")
    loop = tmp_path / "loop.vtt"
    os.symlink("loop.vtt", loop)
    os.symlink("gone.vtt", tmp_path / "dangling.srt")
    parsed, errors = read_paths([loop, good])
    assert [p.source.id for p in parsed] == ["ok.txt"]
    assert [str(e) for e in errors] == [
        (f"{loop.as_posix()}: cannot read: a symbolic link that loops (too many levels of "
        "symbolic links)")]
    parsed, errors = read_paths([tmp_path])  # found while walking a folder
    assert [p.source.id for p in parsed] == ["ok.txt"]
    assert [str(e) for e in errors] == [
        "dangling.srt: cannot read: no such file or directory",
        "loop.vtt: cannot read: a symbolic link that loops (too many levels of symbolic links)",
    ]


# --- text ---------------------------------------------------------------------------------

TEXT = """Interview with Gary Holt, 3 March
(notes typed up afterwards)

[00:00:01] Maya: How did you hear about it?
[00:00:05] Gary Holt: A friend told me.
She runs a café and
she was raving about it.

The thing is: I didn't believe her.
[00:01:00] Maya: Why not?
Gary Holt: [00:01:02] Because every tool promises the same.
[00:01:10]
Gary Holt (00:01:12): And I hate chasing people.
# a comment line
Maya: Thanks!
"""


def test_text_labels_continuations_timestamps(tmp_path: Path) -> None:
    parsed = read_one(write(tmp_path, "gary.txt", TEXT))
    assert parsed.source.format == "text"
    assert_exact(parsed)
    assert said(parsed) == [
        ("Maya", "How did you hear about it?"),
        (
            "Gary Holt",
            "A friend told me.\nShe runs a café and\nshe was raving about it.\n\n"
            "The thing is: I didn't believe her.",
        ),
        ("Maya", "Why not?"),
        ("Gary Holt", "Because every tool promises the same."),
        ("Gary Holt", "And I hate chasing people."),
        ("Maya", "Thanks!"),
    ]
    assert {u.speaker for u in parsed.utterances if u.role == "interviewer"} == {"Maya"}


def test_a_markdown_table_of_turns_is_a_turn_per_row(tmp_path: Path) -> None:
    """Notes kept as a table, "| Speaker | Time | Text |": each row a turn, the words cell
    quoted verbatim (an escaped pipe in it too); a table without a speaker column is words."""
    notes = ("# Interview 4 - Orla Quinn, Quinn Cycles\n\n"
             "| Speaker | Time | Text |\n|---|---|---|\n"
             "| Interviewer | 00:01 | What does a normal Saturday look like? |\n"
             "| **Orla Quinn** | 00:05 | Chaos. The phone rings with people asking \\| shouting. |\n"
             "| Interviewer | 00:40 | What did you try first? |\n"
             "| Orla Quinn | 00:44 | A whiteboard, but nobody updated it after lunch. |\n\n"
             "Notes end here.\n")
    parsed = read_one(write(tmp_path, "orla.md", notes))
    assert_exact(parsed)
    assert said(parsed) == [
        ("Interviewer", "What does a normal Saturday look like?"),
        ("Orla Quinn", "Chaos. The phone rings with people asking \\| shouting."),
        ("Interviewer", "What did you try first?"),
        ("Orla Quinn", "A whiteboard, but nobody updated it after lunch.")]
    assert {u.participant for u in parsed.utterances if u.role == "participant"} == {
        "Orla Quinn"}
    prices = ("Orla: We priced it up.\n\n| Item | Cost |\n|---|---|\n| Chain | 20 |\n"
              "Interviewer: Anything else?\nOrla: No.\n")
    assert [s for s, _ in said(read_one(write(tmp_path, "prices.md", prices)))] == [
        "Orla", "Interviewer", "Orla"]


def test_text_markdown_bold_labels_and_otter_and_zoom_headers(tmp_path: Path) -> None:
    md = "# Interview\n\n**Interviewer:** What broke?\n\n**Ingrid:** The exchange rates.\n"
    parsed = read_one(write(tmp_path, "ingrid.md", md))
    assert said(parsed) == [("Interviewer", "What broke?"), ("Ingrid", "The exchange rates.")]
    otter = "Jess Park  0:02\nWhat happened?\n\nRob Duncan  0:07\nI lost a receipt.\nA big one.\n"
    parsed = read_one(write(tmp_path, "rob.txt", otter))
    assert_exact(parsed)
    assert said(parsed) == [
        ("Jess Park", "What happened?"),
        ("Rob Duncan", "I lost a receipt.\nA big one."),
    ]
    assert parsed.utterances[1].role == "participant"
    zoom = ("[Jess Park] 10:02:15\nWhat happened?\n\n[Rob Duncan] 10:02:20 AM\n"
            "I lost a receipt.\n")
    parsed = read_one(write(tmp_path, "rob-zoom.txt", zoom))
    assert_exact(parsed)
    assert said(parsed) == [("Jess Park", "What happened?"), ("Rob Duncan", "I lost a receipt.")]


def test_text_markdown_blockquoted_questions_are_the_interviewers(tmp_path: Path) -> None:
    md = ("# Interview 05 — Linda Marchetti\n\n*Recorded 11 March 2024*\n\n"
          "> **Interviewer:** Linda, thanks for this. How did orders reach you?\n\n"
          "**Linda Marchetti:** People phoned.\nOr walked in.\n\n"
          ">**Interviewer:** And then?\n> Go on.\n\n"
          "**Linda Marchetti:** We lost one.\n")
    parsed = read_one(write(tmp_path, "interview_05.md", md))
    assert_exact(parsed)
    assert said(parsed) == [
        ("Interviewer", "Linda, thanks for this. How did orders reach you?"),
        ("Linda Marchetti", "People phoned.\nOr walked in."),
        ("Interviewer", "And then?\n> Go on."),
        ("Linda Marchetti", "We lost one."),
    ]
    assert [u.role for u in parsed.utterances] == [
        "interviewer", "participant", "interviewer", "participant"]


@pytest.mark.parametrize("header", [
    "{name} [{time}]", "{name} ({time})", "{name} - {time}", "{name} | {time}",
    "{time} {name}", "[{time}] {name}", "{name}\n{time}", "{time}\n{name}",
    "**{name}**", "**{name}** ({time})",
])
def test_text_speaker_header_lines_with_the_time_before_after_or_below_the_name(
        tmp_path: Path, header: str) -> None:
    turns = [("Jess Park", "00:00:02", "What happened?"),
             ("Rob Duncan", "00:00:07", "I lost a receipt.\nA big one."),
             ("Jess Park", "00:01:10", "And then?"),
             ("Rob Duncan", "00:01:15", "I paid twice.")]
    text = "\n".join(header.format(name=name, time=time) + f"\n{words}\n"
                     for name, time, words in turns)
    parsed = read_one(write(tmp_path, "rob.txt", text))
    assert_exact(parsed)
    assert said(parsed) == [(name, words) for name, _, words in turns]
    assert [u.role for u in parsed.utterances] == ["interviewer", "participant"] * 2


@pytest.mark.parametrize("line", ["{name}\t{time}\t{words}", "{name}\t{words}",
                                  "{number}. {name}: {words}", "{number}) {name}: {words}"])
def test_text_speaker_in_a_tab_separated_column_or_a_numbered_turn(
        tmp_path: Path, line: str) -> None:
    turns = [("Jess Park", "00:00:02", "What happened?"), ("Rob Duncan", "00:00:07", "I lost it."),
             ("Jess Park", "00:01:10", "And then?"), ("Rob Duncan", "00:01:15", "I paid twice.")]
    text = "".join(line.format(name=name, time=time, words=words, number=number) + "\n"
                   for number, (name, time, words) in enumerate(turns, start=1))
    parsed = read_one(write(tmp_path, "rob.txt", text))
    assert_exact(parsed)
    assert said(parsed) == [(name, words) for name, _, words in turns]


def test_a_numbered_list_inside_an_answer_is_words(tmp_path: Path) -> None:
    text = ("Sam: What did you like?\nDana: Three things.\n1. Speed: it is quicker.\n"
            "2. Cost: it is cheaper.\nSam: Anything else?\nDana: No.\n")
    parsed = read_one(write(tmp_path, "dana.txt", text))
    assert said(parsed) == [
        ("Sam", "What did you like?"),
        ("Dana", "Three things.\n1. Speed: it is quicker.\n2. Cost: it is cheaper."),
        ("Sam", "Anything else?"), ("Dana", "No.")]


def test_a_time_then_words_said_once_is_speech_not_a_speaker(tmp_path: Path) -> None:
    text = ("Jess Park: When is the meeting?\n"
            "Rob Duncan: Let me look.\n10:30 Board Meeting\nThat one.\n")
    parsed = read_one(write(tmp_path, "rob.txt", text))
    assert said(parsed) == [("Jess Park", "When is the meeting?"),
                            ("Rob Duncan", "Let me look.\n10:30 Board Meeting\nThat one.")]


def test_text_speakers_named_alone_on_the_line_that_opens_their_paragraph(
        tmp_path: Path) -> None:
    layout = ("Interviewer\nWhat happened in March?\n\nMark Patel\nI was fixing timesheets\n"
              "every Friday night.\n\nInterviewer\nAnd then?\n\nMark Patel\nMy accountant "
              "shouted at me.\n\nSo I looked for something else.\n")
    parsed = read_one(write(tmp_path, "mark.txt", layout))
    assert_exact(parsed)
    assert said(parsed) == [
        ("Interviewer", "What happened in March?"),
        ("Mark Patel", "I was fixing timesheets\nevery Friday night."),
        ("Interviewer", "And then?"),
        # a turn of two paragraphs stays one speaker's
        ("Mark Patel", "My accountant shouted at me.\n\nSo I looked for something else."),
    ]
    assert [u.role for u in parsed.utterances] == ["interviewer", "participant"] * 2


def test_a_surname_with_a_particle_names_its_speaker_alone_on_a_line(tmp_path: Path) -> None:
    layout = ("Interviewer\n[00:00:02]\nGive me the picture of your workshop.\n\n"
              "Pieter van Wyk\n[00:00:08]\nFour bays, five technicians.\n\n"
              "Interviewer\n[00:00:32]\nAnd the parts?\n\n"
              "Pieter van Wyk\n[00:00:34]\nEvery tech ordered his own.\n")
    parsed = read_one(write(tmp_path, "pieter.txt", layout))
    assert_exact(parsed)
    assert [(speaker, role) for speaker, role in
            dict.fromkeys((u.speaker, u.role) for u in parsed.utterances)] == [
        ("Interviewer", "interviewer"), ("Pieter van Wyk", "participant")]
    assert {u.participant for u in parsed.utterances if u.role == "participant"} == {
        "Pieter van Wyk"}


@pytest.mark.parametrize("notes", [
    # one person's words, a word alone opening two paragraphs: no speakers
    "Yes\nwe tried the app.\n\nNo\nnobody liked it.\n\nYes\nit was cheap.\n\nNo\nnot again.\n",
    # headings that each open one paragraph are not speakers
    "Background\nShe runs a bakery.\n\nPricing\nToo dear.\n\nNext steps\nCall in May.\n",
    # one name alone twice among many paragraphs is not the file's layout
    "Mark\nHello.\n\nWe talked.\n\nMark\nBye.\n\nIt rained.\n\nIt stopped.\n\nHome.\n",
])
def test_text_lines_alone_that_are_not_a_layout_of_speakers_stay_words(
        tmp_path: Path, notes: str) -> None:
    parsed = read_one(write(tmp_path, "notes/acme-04.txt", notes))
    assert {(u.role, u.participant) for u in parsed.utterances} == {("participant", "acme-04")}
    assert "".join(u.text for u in parsed.utterances).replace("\n", "") == \
        notes.replace("\n", "")


def test_text_bare_leading_times_before_labels_are_not_speech(tmp_path: Path) -> None:
    log = ("00:00:01 Sam Lee: What do you do?\n"
           "00:00:05 - Marta Ruiz: I run a dental practice.\n"
           "9:15 is when the first patient comes in.\n")
    parsed = read_one(write(tmp_path, "marta.txt", log))
    assert_exact(parsed)
    assert said(parsed) == [
        ("Sam Lee", "What do you do?"),
        # a time with no label after it is what she said
        ("Marta Ruiz", "I run a dental practice.\n9:15 is when the first patient comes in."),
    ]
    assert parsed.utterances[0].role == "interviewer"


@pytest.mark.parametrize("heading", [
    "### {name}", "## **{name}**", "### {name} ({time})", "### {name} {time}", "# {name}",
    "###### **{name}** [{time}]",
])
def test_text_markdown_headings_naming_the_speaker_above_their_paragraphs(
        tmp_path: Path, heading: str) -> None:
    turns = [("Interviewer", "00:00:02", "What happened in March?"),
             ("Dana Smith", "00:00:07", "I switched in March.\n\nThe old tool broke."),
             ("Interviewer", "00:01:10", "Why then?"),
             ("Dana Smith", "00:01:15", "Tax season.")]
    text = "# Interview notes\n\nRecorded on Zoom.\n\n" + "\n".join(
        heading.format(name=name, time=time) + f"\n{words}\n" for name, time, words in turns)
    parsed = read_one(write(tmp_path, "dana.md", text))
    assert_exact(parsed)
    # the title and the words before the first speaker are no one's
    assert said(parsed) == [(name, words) for name, _, words in turns]
    assert [(u.role, u.participant) for u in parsed.utterances] == [
        ("interviewer", None), ("participant", "Dana Smith")] * 2
    assert parsed.utterances[1].question_text == "What happened in March?"


def test_thousands_of_speaker_headings_are_read_in_linear_time(tmp_path: Path) -> None:
    text = "".join("### Interviewer\nWhat then?\n\n" if k % 2 == 0 else "### Dana\nThis.\n\n"
                   for k in range(20_000))
    start = time.perf_counter()
    parsed = read_one(write(tmp_path, "long.md", text))
    assert len(parsed.utterances) == 20_000
    assert time.perf_counter() - start < 10.0  # ~0.5 s here; quadratic was ~17 s


def test_text_markdown_name_headings_that_take_turns_once_are_speakers(tmp_path: Path) -> None:
    answer_once = ("# Interview Notes\n\n### Interviewer\nWhat happened?\n\n### Dana\n"
                   "I switched.\n\n### Interviewer\nThanks!\n")
    parsed = read_one(write(tmp_path, "dana.md", answer_once))
    assert said(parsed) == [("Interviewer", "What happened?"), ("Dana", "I switched."),
                            ("Interviewer", "Thanks!")]
    two = "## Priya\nSo, March.\n\n## Dana\nI switched then.\n"
    parsed = read_one(write(tmp_path, "priya.md", two), interviewer="Priya")
    assert [(u.speaker, u.role, u.participant, u.text) for u in parsed.utterances] == [
        ("Priya", "interviewer", None, "So, March."),
        ("Dana", "participant", "Dana", "I switched then.")]


@pytest.mark.parametrize("notes", [
    # a title and sections, each heading once
    "# Interview Notes\n\n## Background\nShe runs a bakery.\n\n## Pricing\nToo dear.\n",
    # a notes template: the same sections under each participant's heading
    "# Participant 1\n\n## Quotes\nIt was slow.\n\n## Context\nRuns a bakery.\n\n"
    "# Participant 2\n\n## Quotes\nToo dear.\n\n## Context\nA gym.\n",
    # headings over labelled turns are sections
    "# Notes\n\n## Dana\nQ: What broke?\nA: Invoices.\n\n## Dana\nQ: Why?\nA: Time.\n",
])
def test_text_markdown_titles_and_section_headings_are_not_speakers(
        tmp_path: Path, notes: str) -> None:
    parsed = read_one(write(tmp_path, "notes/acme-06.md", notes))
    assert_exact(parsed)
    assert all(u.speaker in ("", "Q", "A") for u in parsed.utterances)
    assert not any(line.startswith("#") for u in parsed.utterances for line in u.text.split("\n"))
    if "Q:" not in notes:
        assert {(u.role, u.participant) for u in parsed.utterances} == {
            ("participant", "acme-06")}
        assert "".join(u.text for u in parsed.utterances).replace("\n", "") == "".join(
            line for line in notes.split("\n") if not line.startswith("#"))


@pytest.mark.parametrize("line", ["{name} {time} {words}", "{name}  {short}  {words}",
                                  "{name} {time} - {words}"])
def test_text_name_then_time_then_words_on_one_line(tmp_path: Path, line: str) -> None:
    turns = [("Sam Lee", "00:00:01", "0:01", "What happened in March?"),
             ("Dana Smith", "00:00:03", "0:03", "I switched in March."),
             ("Sam Lee", "00:01:02", "1:02", "Why then?"),
             ("Dana Smith", "00:01:05", "1:05", "Tax season.")]
    text = "Otter.ai transcript\n\n" + "".join(
        line.format(name=name, time=time, short=short, words=words) + "\n"
        for name, time, short, words in turns)
    text = text.replace("Tax season.\n", "Tax season.\nIt always is.\n")
    parsed = read_one(write(tmp_path, "dana.txt", text))
    assert_exact(parsed)
    assert said(parsed) == [("Sam Lee", "What happened in March?"),
                            ("Dana Smith", "I switched in March."), ("Sam Lee", "Why then?"),
                            ("Dana Smith", "Tax season.\nIt always is.")]
    assert [(u.role, u.participant) for u in parsed.utterances] == [
        ("interviewer", None), ("participant", "Dana Smith")] * 2
    # the interviewer named by the `interviewer` argument, though she asks nothing
    zoom = ("Dana 0:03 I switched.\nPriya 0:05 Right.\nDana 0:07 It was cheaper.\n"
            "Priya 0:09 I see.\n")
    parsed = read_one(write(tmp_path, "priya.txt", zoom), interviewer="Priya")
    assert [(u.speaker, u.role) for u in parsed.utterances] == [
        ("Dana", "participant"), ("Priya", "interviewer")] * 2


@pytest.mark.parametrize(("text", "expected"), [
    ("Sam: When was it due?\nDana: Monday 10:00 was the deadline.\nSam: And?\nDana: Missed.\n",
     [("Sam", "When was it due?"), ("Dana", "Monday 10:00 was the deadline."),
      ("Sam", "And?"), ("Dana", "Missed.")]),
    ("Monday 10:00 was the deadline.\nWe missed it.\n",
     [("", "Monday 10:00 was the deadline.\nWe missed it.")]),
    # a time word that opens many lines is still words
    ("Monday 9:00 we open.\nMonday 17:30 we close.\nAt 9:15 the first client.\n",
     [("", "Monday 9:00 we open.\nMonday 17:30 we close.\nAt 9:15 the first client.")]),
])
def test_a_capitalised_word_then_a_time_is_words_not_a_speaker(
        tmp_path: Path, text: str, expected: list[tuple[str, str]]) -> None:
    parsed = read_one(write(tmp_path, "dana.txt", text))
    assert said(parsed) == expected


def test_text_without_labels_is_one_participant(tmp_path: Path) -> None:
    parsed = read_one(write(tmp_path, "notes/acme-03.txt", "We used Excel.\nIt broke: twice.\n"))
    assert [(u.role, u.participant, u.text) for u in parsed.utterances] == [
        ("participant", "acme-03", "We used Excel.\nIt broke: twice.")
    ]


def test_text_crlf_and_cr_newlines(tmp_path: Path) -> None:
    for newline in ("\r\n", "\r"):
        content = newline.join(["Q: Why?", "A: Because.", "More.", ""])
        parsed = read_one(write(tmp_path, "qa.txt", content))
        assert_exact(parsed)
        assert said(parsed) == [("Q", "Why?"), ("A", f"Because.{newline}More.")]
        assert [u.line for u in parsed.utterances] == [1, 2]


def test_text_sniffs_vtt_and_srt_content() -> None:
    assert detect_format(".txt", "WEBVTT\n\n00:01.000 --> 00:02.000\nHi\n") == "vtt"
    assert detect_format(".txt", "\n1\n00:00:01,000 --> 00:00:02,000\nHi\n") == "srt"
    assert detect_format(".md", "Q: hi\nA: hello\n") == "text"
    assert detect_format(".vtt", "anything") == "vtt"
    assert detect_format(".pages", "anything") is None


# --- speakers -----------------------------------------------------------------------------


def test_interviewer_by_name_argument(tmp_path: Path) -> None:
    content = "Ann: Why did you switch?\nBob: Cost, mostly.\nAnn: And then?\nBob: We bake.\n"
    path = write(tmp_path, "x.txt", content)
    by_heuristic = read_one(path)
    assert {u.speaker for u in by_heuristic.utterances if u.role == "interviewer"} == {"Ann"}
    named = read_one(path, interviewer="bob, someone else")
    assert {u.speaker for u in named.utterances if u.role == "interviewer"} == {"Bob"}
    # A name that does not speak in the file falls back to the heuristic.
    other = read_one(path, interviewer="Zed")
    assert {u.speaker for u in other.utterances if u.role == "interviewer"} == {"Ann"}


def test_interviewer_heuristic() -> None:
    assert find_interviewers([("Moderator", "Hi"), ("Kim", "Hello?")]) == {"Moderator"}
    assert find_interviewers([("Q", "Why"), ("A", "Because")]) == {"Q"}
    assert find_interviewers([("Kim", "Why did you switch?"), ("Lee", "Cost.")]) == {"Kim"}
    assert find_interviewers(
        [("Lee", "Cost, you know?"), ("Kim", "Tell me about that"), ("Lee", "Invoices.")]
    ) == {"Kim"}
    assert find_interviewers([("Kim", "Just me talking. Really?")]) == set()
    assert find_interviewers([("Kim", "Statement."), ("Lee", "Another.")]) == set()
    assert find_interviewers([("A", "x"), ("B", "y")], interviewer="b") == {"B"}


def test_generic_labels_become_file_stem_and_names_stay(tmp_path: Path) -> None:
    vtt = (
        "WEBVTT\n\n00:01.000 --> 00:02.000\n<v Speaker 1>Why?\n\n"
        "00:02.000 --> 00:03.000\n<v Speaker 2>Cost.\n"
    )
    parsed, errors = read_paths([write(tmp_path, "a/acme-interview-03.vtt", vtt),
                                 write(tmp_path, "b/acme-interview-03.vtt", vtt)])
    assert errors == []
    ids = [[u.participant for u in p.utterances if u.role == "participant"] for p in parsed]
    assert ids == [["a/acme-interview-03"], ["b/acme-interview-03"]]
    two = "Interviewer: Why?\nCustomer 1: Cost.\nCustomer 2: Time.\n"
    parsed = read_one(write(tmp_path, "group.txt", two))
    assert [u.participant for u in parsed.utterances if u.role == "participant"] == [
        "group (Customer 1)", "group (Customer 2)"
    ]


# --- CSV ----------------------------------------------------------------------------------


def survey(rows: list[tuple[str, str, str]], header: str = "participant,question,answer") -> str:
    def cell(value: str) -> str:
        if any(c in value for c in ',"\n'):
            return '"' + value.replace('"', '""') + '"'
        return value

    return "\r\n".join([header, *(",".join(cell(v) for v in row) for row in rows)]) + "\r\n"


def test_csv_answers_structured_and_bom(tmp_path: Path) -> None:
    rows = []
    for i, (stress, before, why) in enumerate(
        [(4, "Spreadsheet", 'Our accountant quit, and I said "no way".'),
         (5, "Paper", "Tax deadline panic.\nTotal panic."),
         (2, "Spreadsheet", "A client paid late."),
         (3, "Spreadsheet", "")],
        1,
    ):
        rows += [(f"r{i}", "What happened?", why), (f"r{i}", "Stress (1-5)?", str(stress)),
                 (f"r{i}", "Used before?", before)]
    rows.append(("r1", "Which mattered?", "Reminders; Bank feed"))
    rows.append(("r2", "Which mattered?", "Reminders"))
    rows.append(("r3", "Which mattered?", "Bank feed | Reminders"))
    path = write(tmp_path, "survey.csv", b"\xef\xbb\xbf" + survey(rows).encode())
    parsed = read_one(path)
    assert parsed.source.format == "csv"
    assert_exact(parsed)
    open_answers = [u for u in parsed.utterances if u.question_id == "what-happened"]
    assert [u.text for u in open_answers] == [
        'Our accountant quit, and I said ""no way"".',  # verbatim slice of the quoted cell
        "Tax deadline panic.\nTotal panic.",
        "A client paid late.",
    ]
    assert all(u.question_text == "What happened?" and u.role == "participant"
               for u in open_answers)
    assert open_answers[0].participant == "r1" and open_answers[0].line == 2
    kinds = {(s.question_id, s.kind) for s in parsed.structured}
    assert kinds == {("stress-1-5", "scale"), ("used-before", "single_choice"),
                     ("which-mattered", "multiple_choice")}
    values = {(s.participant, s.question_id): s.value for s in parsed.structured}
    assert values[("r2", "stress-1-5")] == 5
    assert values[("r4", "used-before")] == "Spreadsheet"
    assert values[("r3", "which-mattered")] == ["Bank feed", "Reminders"]
    assert len(parsed.utterances) == 3 + 4 + 4 + 3  # every non-empty answer is an utterance


def test_csv_configurable_columns_semicolon_and_yes_no(tmp_path: Path) -> None:
    content = "Respondent;Frage;Antwort;question_id\n" + "".join(
        f"p{i};Would you switch again?;{a};again\n"
        for i, a in enumerate(["Yes", "yes", "No", "Y", "no", "yes"], 1)
    )
    parsed = read_one(write(tmp_path, "de.csv", content),
                      csv_columns=("respondent", "frage", "antwort"))
    assert [s.value for s in parsed.structured] == ["yes", "yes", "no", "yes", "no", "yes"]
    assert {s.kind for s in parsed.structured} == {"yes_no"}
    assert {u.question_id for u in parsed.utterances} == {"again"}


def test_csv_open_answers_are_not_structured(tmp_path: Path) -> None:
    rows = [(f"p{i}", "Why?", f"Reason number {i} is different") for i in range(6)]
    parsed = read_one(write(tmp_path, "open.csv", survey(rows)))
    assert parsed.structured == []
    assert len(parsed.utterances) == 6


@pytest.mark.parametrize(
    ("content", "line", "fragment"),
    [
        ("who,what,why\nx,y,z\n", 1, "expected columns 'participant', 'question', 'answer'"),
        ('participant,question,answer\np1,q,"never closed\n', 2, "unterminated quoted field"),
        ("participant,question,answer\np1,q\n", 2, "expected at least 3 columns"),
        ('participant,question,answer\np1,q,"a"b\n', 2, "after a quoted field"),
        ("participant,question,answer\n", 1, "no answers found"),
    ],
)
def test_csv_malformed(tmp_path: Path, content: str, line: int, fragment: str) -> None:
    _, errors = read_paths([write(tmp_path, "bad.csv", content)])
    assert len(errors) == 1 and errors[0].line == line, errors
    assert fragment in errors[0].message


# --- jobstory JSON ------------------------------------------------------------------------

INTERVIEW = {
    "interview_id": 7,
    "guide": "jtbd-switch",
    "participant": {"name": "Lena Berg", "email": "lena@example.com"},
    "questions": [
        {"id": "first", "kind": "open", "text": "When did you first think about it?"},
        {"id": "stress", "kind": "scale", "text": "How stressful?", "min": 1, "max": 5},
        {"id": "tool", "kind": "single_choice", "text": "Used before?",
         "options": ["Paper", "Excel"]},
    ],
    "turns": [
        {"role": "moderator", "kind": "question", "question_id": "first",
         "text": "When did you first think about it?", "value": None},
        {"role": "participant", "kind": "answer", "question_id": "first",
         "text": "Last spring. A client paid 80 days late.", "value": None},
        {"role": "moderator", "kind": "probe", "question_id": "first",
         "text": "What did that look like?", "value": None},
        {"role": "participant", "kind": "answer", "question_id": "first",
         "text": "  Chasing emails every week.\nExhausting.  ", "value": None},
        {"role": "moderator", "kind": "question", "question_id": "stress",
         "text": "How stressful?", "value": None},
        {"role": "participant", "kind": "answer", "question_id": "stress",
         "text": "very", "value": None},
        {"role": "moderator", "kind": "reask", "question_id": "stress",
         "text": "A number from 1 to 5, please.", "value": None},
        {"role": "participant", "kind": "answer", "question_id": "stress", "text": "4",
         "value": 4},
        {"role": "moderator", "kind": "question", "question_id": "tool",
         "text": "Used before?", "value": None},
        {"role": "participant", "kind": "answer", "question_id": "tool", "text": "Excel",
         "value": "Excel"},
        {"role": "moderator", "kind": "closing", "question_id": None, "text": "Thank you!",
         "value": None},
    ],
}


def test_json_transcript(tmp_path: Path) -> None:
    parsed = read_one(write(tmp_path, "lena.json", json.dumps(INTERVIEW)))
    assert parsed.source.format == "json"
    assert parsed.source.text.startswith("Interview 7 (jtbd-switch)\nModerator: When did")
    assert_exact(parsed)
    answers = [u for u in parsed.utterances if u.role == "participant"]
    assert [(u.text, u.question_id, u.question_text) for u in answers] == [
        ("Last spring. A client paid 80 days late.", "first",
         "When did you first think about it?"),
        ("Chasing emails every week.\nExhausting.", "first", "What did that look like?"),
        ("very", "stress", "How stressful?"),
    ]
    assert {u.participant for u in answers} == {"Lena Berg"}
    assert [(s.question_id, s.kind, s.value, s.question_text) for s in parsed.structured] == [
        ("stress", "scale", 4, "How stressful?"), ("tool", "single_choice", "Excel", "Used before?")
    ]
    line = parsed.structured[0].line
    assert parsed.source.text.splitlines()[line - 1] == "Participant: 4"


def test_json_list_without_questions_and_anonymous(tmp_path: Path) -> None:
    second = {"interview_id": 8, "turns": [
        {"role": "moderator", "text": "How many?"},
        {"role": "participant", "kind": "answer", "question_id": "n", "text": "3", "value": 3},
        {"role": "participant", "kind": "answer", "question_id": "m", "text": "yes",
         "value": True},
    ]}
    first = dict(INTERVIEW, participant=None)
    parsed = read_one(write(tmp_path, "batch.json", json.dumps([first, second])))
    assert_exact(parsed)
    assert {u.participant for u in parsed.utterances if u.role == "participant"} == {"batch#7"}
    assert [(s.participant, s.kind, s.value) for s in parsed.structured][-2:] == [
        ("batch#8", "scale", 3), ("batch#8", "yes_no", "yes")
    ]


@pytest.mark.parametrize(
    ("content", "line", "fragment"),
    [
        ('{"turns": [\n  {"role": "moderator", "text": "Hi"},\n  oops\n]}', 3, "invalid JSON"),
        ('{"turn": []}', None, "expected an object with a 'turns' list"),
        ('{"turns": [{"role": "robot", "text": "x"}]}', None, "turns[0]: expected role"),
        ('{"turns": [{"role": "participant", "text": 5}]}', None, "'text' to be a string"),
    ],
)
def test_json_malformed(tmp_path: Path, content: str, line: int | None, fragment: str) -> None:
    _, errors = read_paths([write(tmp_path, "bad.json", content)])
    assert len(errors) == 1 and errors[0].line == line, errors
    assert fragment in errors[0].message


# --- dispatch -----------------------------------------------------------------------------


def test_read_paths_walks_sorted_and_reports_bad_files(tmp_path: Path) -> None:
    write(tmp_path, "z.txt", "Q: Why?\nA: Cost.\n")
    write(tmp_path, "sub/a.srt", SRT)
    write(tmp_path, "sub/.hidden.txt", "Q: x\nA: y\n")
    write(tmp_path, ".git/x.txt", "Q: x\nA: y\n")
    write(tmp_path, "README.md", "# Illustrative\n")
    write(tmp_path, "notes.pages", b"PK\x03\x04")
    write(tmp_path, "empty.vtt", "")
    write(tmp_path, "latin1.txt", "Q: Caf\xe9?\nA: Oui.\n".encode("latin-1"))
    write(tmp_path, "bad.srt", "1\n00:00:01,000 -> 00:00:02,000\nHi\n")
    write(tmp_path, "binary.txt", b"Q: x\n\x00\x01\xb2\x9d\xfe\n")
    warnings: list[IngestError] = []
    parsed, errors = read_paths([tmp_path], warn=warnings.append)
    assert [p.source.id for p in parsed] == ["latin1.txt", "sub/a.srt", "z.txt"]
    assert [(e.source_id, e.line) for e in errors] == [
        ("bad.srt", 2), ("binary.txt", 2), ("empty.vtt", 1)
    ]
    assert "not UTF-8" in errors[1].message and "0xb2" in errors[1].message
    assert all(isinstance(e, IngestError) for e in errors)
    # Windows-1252 (Word and Excel on Windows) is read, with a warning naming the line
    assert [(w.source_id, w.line) for w in warnings] == [("latin1.txt", 1)]
    assert "read as Windows-1252" in warnings[0].message
    assert "Café?" in parsed[0].source.text


def test_a_folder_with_nothing_to_read_is_an_error_not_an_empty_analysis(tmp_path: Path
                                                                          ) -> None:
    write(tmp_path, "notes/minutes.pages", b"PK\x03\x04")
    (tmp_path / "empty").mkdir()
    parsed, errors = read_paths([tmp_path / "notes", tmp_path / "empty"])
    assert parsed == []
    assert [e.source_id for e in errors] == [(tmp_path / "empty").as_posix(),
                                             (tmp_path / "notes").as_posix()]
    assert all("no transcript or survey files in this folder: expected .vtt" in e.message
               for e in errors)


def test_read_paths_explicit_files_and_missing(tmp_path: Path) -> None:
    pages = write(tmp_path, "notes.pages", b"PK")
    good = write(tmp_path, "deep/x/ok.txt", "Q: Why?\nA: Cost.\n")
    parsed, errors = read_paths([pages, good, tmp_path / "nope.vtt", good])
    assert [p.source.id for p in parsed] == ["deep/x/ok.txt"]
    assert parsed[0].source.path == good.as_posix()
    messages = sorted(str(e) for e in errors)
    assert len(messages) == 2
    assert messages[0].endswith("nope.vtt: no such file or directory")
    assert messages[1].startswith("notes.pages: unsupported file type '.pages'")
    single, _ = read_paths([good])
    assert single[0].source.id == "ok.txt"


def test_read_paths_is_deterministic(tmp_path: Path) -> None:
    first = read_paths([EXAMPLES])
    second = read_paths([EXAMPLES])
    assert first == second
    files = [f for f in EXAMPLES.iterdir() if not f.name.startswith("README")]
    reversed_order = read_paths(sorted(files, reverse=True))
    assert [p.source.id for p in reversed_order[0]] == [p.source.id for p in first[0]]


# --- the examples -------------------------------------------------------------------------


def test_examples_read_with_exact_offsets() -> None:
    parsed, errors = read_paths([EXAMPLES])
    assert errors == []
    formats = [p.source.format for p in parsed]
    assert len(parsed) >= 12
    assert formats.count("vtt") >= 3 and formats.count("srt") >= 3
    assert formats.count("text") >= 3 and "csv" in formats and "json" in formats
    for p in parsed:
        assert_exact(p)
        roles = {u.role for u in p.utterances}
        assert "participant" in roles
        if p.source.format not in ("csv",):
            assert "interviewer" in roles, p.source.id
        # Nobody's interviewer ends up as a participant and vice versa.
        speakers = {(u.speaker, u.role) for u in p.utterances}
        assert len({s for s, _ in speakers}) == len(speakers)
    survey_file = next(p for p in parsed if p.source.format == "csv")
    assert {s.kind for s in survey_file.structured} == {"scale", "single_choice",
                                                         "multiple_choice"}
    participants = {u.participant for p in parsed for u in p.utterances if u.participant}
    assert "03-freelance-illustrator" in participants and "Dana Whitfield" in participants


# --- the store ----------------------------------------------------------------------------


def test_read_store_completed_interviews(store: Store, tmp_path: Path) -> None:
    stamp = datetime(2026, 1, 5, tzinfo=UTC)
    guide = {"name": "jtbd-switch", "title": "Switch", "questions": INTERVIEW["questions"]}
    with store.session() as session:
        studies = [Study(title=t, guide=guide, created_at=stamp) for t in ("A", "B")]
        session.add_all(studies)
        session.flush()
        plan = [(studies[0].id, "completed", {"name": "Lena Berg"}),
                (studies[0].id, "started", {"name": "Half Done"}),
                (studies[1].id, "completed", {})]
        ids = []
        for study_id, status, participant in plan:
            row = InterviewRow(study_id=study_id, guide=guide, participant=participant,
                               status=status, created_at=stamp, updated_at=stamp)
            session.add(row)
            session.flush()
            ids.append(row.id)
            for seq, turn in enumerate(INTERVIEW["turns"], 1):
                session.add(TurnRow(interview_id=row.id, seq=seq, role=turn["role"],
                                    kind=turn["kind"], question_id=turn["question_id"],
                                    text=turn["text"], value=turn["value"], meta={},
                                    created_at=stamp))
    everything = read_store(store, None)
    assert [p.source.id for p in everything] == [f"interview-{ids[0]}", f"interview-{ids[2]}"]
    first = everything[0]
    assert first.source.format == "store"
    assert first.source.text.startswith(f"Interview {ids[0]} (jtbd-switch)\nModerator: ")
    assert_exact(first)
    assert [(s.question_id, s.value) for s in first.structured] == [
        ("stress", 4), ("tool", "Excel")
    ]
    # A participant without a name is told apart by the interview.
    assert [p.utterances[1].participant for p in everything] == [
        "Lena Berg", f"interview-{ids[2]}"
    ]
    assert [p.source.id for p in read_store(store, studies[1].id)] == [f"interview-{ids[2]}"]
    assert read_store(store, 10_000) == []
    # The same transcript as a JSON file reads the same way.
    as_file = dict(INTERVIEW, interview_id=ids[0])
    from_file = read_one(write(tmp_path, "t.json", json.dumps(as_file)))
    assert from_file.source.text == first.source.text
    assert [u.text for u in from_file.utterances] == [u.text for u in first.utterances]
    for s in segment(everything):
        text = next(p.source.text for p in everything if p.source.id == s.source_id)
        assert text[s.start : s.end] == s.text


def test_excluded_folders_are_not_read(tmp_path: Path) -> None:
    inputs = tmp_path / "interviews"
    (inputs / "report").mkdir(parents=True)
    (inputs / "a.txt").write_text("Interviewer: Why?\nDana: Our accountant quit in May.\n",
                                  encoding="utf-8")
    (inputs / "report" / "analysis.json").write_text('{"summary": {}}', encoding="utf-8")
    parsed, errors = read_paths([inputs], exclude=[inputs / "report"])
    assert [p.source.id for p in parsed] == ["a.txt"] and errors == []
    _, errors = read_paths([inputs])
    assert [e.source_id for e in errors] == ["report/analysis.json"]
