"""The `jobstory` command as a user runs it: real processes, real SQLite files, real pipes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import docx
import pytest
from sqlalchemy import select

from jobstory.store.db import open_store
from jobstory.store.tables import TurnRow
from tests.test_session import SWITCH_ANSWERS, WHY

JOBSTORY = [sys.executable, "-m", "jobstory"]


def jobstory(*args: str, stdin: str | None = None, env: dict[str, str] | None = None,
             ) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*JOBSTORY, *args], input=stdin, capture_output=True, text=True,
                          timeout=120, env={**os.environ, **(env or {})})


def switch_lines() -> list[str]:
    """One line per pending turn of jtbd-switch (the yes/no question asks one 'why')."""
    lines = []
    for question_id, answer in SWITCH_ANSWERS.items():
        lines.append(answer)
        if question_id == "nothing":
            lines.append(WHY)
    return lines


def test_version() -> None:
    result = jobstory("--version")
    assert result.returncode == 0 and result.stdout.strip().startswith("jobstory 0.")


def test_guides_list_show_check(tmp_path: Path) -> None:
    listed = jobstory("guides")
    assert listed.returncode == 0 and "jtbd-switch" in listed.stdout and "churn" in listed.stdout
    shown = json.loads(jobstory("guides", "show", "jtbd-switch", "--json").stdout)
    assert {q["kind"] for q in shown["questions"]} == {
        "open", "scale", "single_choice", "multiple_choice", "ranking", "yes_no"}
    good = tmp_path / "good.yaml"
    good.write_text("name: mine\ntitle: Mine\nquestions:\n  - {id: a, kind: open, text: Hello there}\n")
    assert jobstory("guides", "check", str(good)).returncode == 0
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: mine\ntitle: Mine\nquestions:\n  - {id: a, kind: sliders, text: Hello there}\n")
    checked = jobstory("guides", "check", str(bad))
    assert checked.returncode == 1
    assert f"{bad}:4: questions[a].kind: must be one of" in checked.stderr
    assert "Traceback" not in checked.stderr


def test_assess_json_from_arguments_and_stdin() -> None:
    result = jobstory("assess", "--json", "It was just annoying I guess.",
                      "In March our accountant quit, so I did 300 invoices myself.")
    assessed = json.loads(result.stdout)
    assert [a["vague"] for a in assessed] == [True, False]
    assert set(assessed[0]) == {"text", "specificity", "vague", "missing", "probe"}
    assert assessed[0]["probe"] and assessed[1]["probe"] is None
    piped = json.loads(jobstory("assess", "-", "--json", "--question", "anxiety",
                                stdin="meh\nWe lost 2 days of data in 2021.\n").stdout)
    assert len(piped) == 2
    unknown = jobstory("assess", "x", "--question", "nope")
    assert unknown.returncode == 2 and "no question 'nope'" in unknown.stderr


def test_piped_interview_through_every_kind_prints_the_transcript(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    lines = switch_lines()
    lines[3] = "7"  # out of range for the 5-option single choice: one friendly re-ask
    lines.insert(4, "2")
    result = jobstory("interview", "--db", db, "--participant", "Ana", "--json",
                      stdin="\n".join(lines) + "\n")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    kinds = [t["kind"] for t in data["turns"]]
    assert kinds[0] == "question" and kinds[-1] == "closing"
    assert "reask" in kinds and "probe" in kinds
    assert set(data) >= {"interview_id", "guide", "turns"}
    heard = [t for t in data["turns"] if t["question_id"] == "heard" and t["role"] == "participant"]
    assert [t["value"] for t in heard] == [None, "Search engine"]
    assert "moderator: " in result.stderr  # turns go to stderr, so stdout is pure JSON


def test_kill_9_mid_interview_loses_no_acknowledged_answer(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'kill.sqlite'}"
    lines = switch_lines()
    process = subprocess.Popen([*JOBSTORY, "interview", "--db", db], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               bufsize=1, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    assert process.stdin and process.stdout
    acknowledged: list[str] = []
    interview_id = None

    def await_moderator() -> None:
        nonlocal interview_id
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            line = process.stdout.readline()
            if line.startswith("Interview ") and "started" in line:
                interview_id = int(line.split()[1])
            if line.startswith("moderator: "):
                return
        raise AssertionError("no moderator turn")

    await_moderator()
    for answer in lines[:5]:
        process.stdin.write(answer + "\n")
        process.stdin.flush()
        await_moderator()  # the next turn is printed only after the answer is committed
        acknowledged.append(answer)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    assert interview_id is not None

    store = open_store(db)
    with store.read() as session:
        stored = [t.text for t in session.scalars(
            select(TurnRow).where(TurnRow.interview_id == interview_id,
                                  TurnRow.role == "participant").order_by(TurnRow.seq))]
    store.close()
    assert stored == acknowledged

    resumed = jobstory("interview", "--db", db, "--resume", str(interview_id), "--json",
                       stdin="\n".join(lines[5:]) + "\n")
    assert resumed.returncode == 0, resumed.stderr
    answers = [t["text"] for t in json.loads(resumed.stdout)["turns"] if t["role"] == "participant"]
    assert answers == lines


def test_eof_pauses_and_resume_continues(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'pause.sqlite'}"
    lines = switch_lines()
    paused = jobstory("interview", "--db", db, stdin=lines[0] + "\n")
    assert paused.returncode == 0
    assert "jobstory interview --resume 1" in paused.stdout
    done = jobstory("interview", "--db", db, "--resume", "1", "--json",
                    stdin="\n".join(lines[1:]) + "\n")
    assert json.loads(done.stdout)["status"] == "completed"


@pytest.mark.parametrize("args, code, message", [
    (["interview", "--db", "mysql://nope/x"], 2, "unsupported database"),
    (["interview", "--guide", "missing.yaml"], 1, "no such guide"),
    (["interview", "--resume", "999"], 2, "no interview 999"),
])
def test_bad_input_gets_one_line_errors(tmp_path: Path, args: list[str], code: int,
                                        message: str) -> None:
    env = {"JOBSTORY_DATABASE_URL": f"sqlite:///{tmp_path / 'e.sqlite'}"}
    result = jobstory(*args, stdin="", env=env)
    assert result.returncode == code, result.stderr
    assert message in result.stderr and "Traceback" not in result.stderr


def test_a_misnamed_encoder_is_a_clear_error_not_a_traceback(tmp_path: Path) -> None:
    comments = tmp_path / "comments.csv"
    comments.write_text("comment\nToo slow to load\nSlow pages\n", encoding="utf-8")
    examples = Path(__file__).resolve().parents[1] / "examples" / "transcripts"
    for args in (["cluster", str(comments), "--column", "comment"],
                 ["analyze", str(examples / "08-gary-print-shop.txt"), "--out",
                  str(tmp_path / "out")]):
        result = jobstory(*args, env={"JOBSTORY_EMBEDDER": "minilm-fp8"})
        assert result.returncode == 2, result.stderr
        assert "unknown embedder 'minilm-fp8'" in result.stderr
        assert "minilm, minilm-int8" in result.stderr
        assert "Traceback" not in result.stderr


# --- analyze and cluster on awkward input (issues 8.7, 8.9, 9.4, 9.10) ---------------------
# These run the real command in a real process, with a bag-of-words embedder in place of
# MiniLM (tests/fake_embedder.py): what they check is files, pipes and exit codes.

ROOT = Path(__file__).resolve().parents[1]
ODD_VTT = (
    "WEBVTT\n\n"
    "00:00:01.000 --> 00:00:04.000\n<v Sam>What made you switch invoicing tools?\n\n"
    "00:00:03.000 --> 00:00:09.000\n<v Dana>Our accountant quit in May and the spreadsheet "
    "broke.\n"  # line 6: starts before the cue above ends
)
TRANSCRIPTS_CSV = (  # illustrative: the shape of an AI-interview tool's export
    'transcript_id,text\n'
    'int-01,"AI: What made you look for a new tool?\n\nUser: Our accountant quit in May.\n\n'
    'AI: What did you try first?\n\nUser: Paper, and it was a mess."\n'
    'int-02,"AI: When did you last send an invoice?\nUser: Friday night, after the kids '
    'slept.\nAI: Why then?\nUser: It is my only quiet hour."\n'
)


def fake(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tests.fake_embedder", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=300, check=False,
                          env={**os.environ, **(env or {})})


def test_analyze_off_a_terminal_shows_plain_progress_and_warns_without_failing(
        tmp_path: Path) -> None:
    (tmp_path / "odd.vtt").write_text(ODD_VTT, encoding="utf-8")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "analysis.json").write_text("")  # as a kill -9 used to leave it
    result = fake("analyze", str(tmp_path / "odd.vtt"), "--out", str(tmp_path / "out"),
                  env={"JOBSTORY_TEST_UNITS_REPORTED": "60000"})
    assert result.returncode == 0, result.stderr
    assert "cannot read the earlier analysis (not valid JSON): theme ids start afresh" in (
        result.stderr)
    lines = result.stderr.splitlines()
    assert {"reading...", "segmenting...", "embedding 60000/60000"} <= set(lines)
    assert "warning: 60,000 units to embed (more than 50,000)" in result.stderr
    warned = next(i for i, line in enumerate(lines) if "60,000 units" in line)
    embedded = [i for i, line in enumerate(lines)
                if line.startswith("embedding ") and not line.startswith("embedding 0/")]
    assert embedded and warned < min(embedded), "the warning comes before any unit is embedded"
    assert "warning odd.vtt:6: cue starts before the previous cue ends" in result.stderr
    assert "1 interview scoring under 3 of 5 left out of the counts" in " ".join(
        result.stdout.split())  # a thin interview: said, not only in the report
    analysis = json.loads((tmp_path / "out" / "analysis.json").read_text(encoding="utf-8"))
    assert analysis["errors"] == [] and analysis["summary"]["warnings"] == 1
    assert analysis["warnings"] == [{
        "source": "odd.vtt", "line": 6,
        "message": "cue starts before the previous cue ends ('00:00:03.000 --> 00:00:09.000')"}]
    assert list(analysis).index("warnings") == list(analysis).index("errors") + 1
    assert not (tmp_path / "out" / ".jobstory.lock").exists()


def test_analyze_keeps_what_it_can_read_names_the_rest_and_exits_3(tmp_path: Path) -> None:
    from tests.test_ingest import BROKEN_VTT

    inputs = tmp_path / "inputs"
    inputs.mkdir()
    (inputs / "broken.vtt").write_text(BROKEN_VTT, encoding="utf-8")
    (inputs / "interviews.csv").write_text(TRANSCRIPTS_CSV, encoding="utf-8")
    document = docx.Document()
    for line in ("Jess Park  0:02", "What went wrong with the old rota?", "Rob Duncan  0:07",
                 "Nobody could see who had swapped a shift, so the kitchen was short twice."):
        document.add_paragraph(line)
    document.save(inputs / "rob.docx")
    loop = tmp_path / "loop.vtt"
    os.symlink("loop.vtt", loop)
    # Tiny interviews score under the quality gate: keep them, this test is about reading.
    result = fake("analyze", str(inputs), str(loop), "--out", str(tmp_path / "out"),
                  "--include-low-quality")
    assert result.returncode == 3, result.stderr
    assert "Traceback" not in result.stderr
    assert "damaged broken.vtt:9: bad cue timing" in result.stderr
    assert f"skipped {loop.as_posix()}: cannot read: a symbolic link that loops" in result.stderr
    analysis = json.loads((tmp_path / "out" / "analysis.json").read_text(encoding="utf-8"))
    sources = {s["id"]: s for s in analysis["sources"]}
    assert set(sources) == {"broken.vtt", "interviews.csv#int-01", "interviews.csv#int-02",
                            "rob.docx"}
    assert sorted((e["source"], e["line"] or 0) for e in analysis["errors"]) == sorted(
        [("broken.vtt", 9), (loop.as_posix(), 0)])
    # Quotes check against the file, or for a transcript CSV row or a Word document against
    # the text carried.
    with open(inputs / "broken.vtt", encoding="utf-8", newline="") as fh:
        texts = {"broken.vtt": fh.read()}
    for source_id, source in sources.items():
        if source["format"] in ("csv-transcript", "docx"):
            texts[source_id] = source["text"]
    assert sources["rob.docx"]["format"] == "docx"
    spoken = {s["source"] for s in analysis["segments"]}
    assert spoken == set(sources)
    for seg in analysis["segments"]:
        assert texts[seg["source"]][seg["start"]:seg["end"]] == seg["text"]
    assert "Unreadable timing" not in json.dumps(analysis["segments"])


def test_a_second_run_into_the_same_out_waits_for_the_first(tmp_path: Path) -> None:
    from jobstory.synthesis.outputs import folder_lock

    (tmp_path / "odd.vtt").write_text(ODD_VTT, encoding="utf-8")
    out, log = tmp_path / "out", tmp_path / "stderr.txt"
    args = [sys.executable, "-m", "tests.fake_embedder", "analyze", str(tmp_path / "odd.vtt"),
            "--out", str(out)]
    with folder_lock(out), log.open("w") as stderr:  # "the first run"
        busy = subprocess.run([*args, "--wait", "0"], cwd=ROOT, capture_output=True,
                              text=True, timeout=120, check=False)
        assert busy.returncode == 1
        assert f"is still writing to {out} after 0 s" in busy.stderr
        second = subprocess.Popen([*args, "--wait", "120"], cwd=ROOT, stderr=stderr,
                                  stdout=subprocess.DEVNULL)
        deadline = time.monotonic() + 120
        while "waiting" not in log.read_text() and time.monotonic() < deadline:
            assert second.poll() is None, log.read_text()
            time.sleep(0.2)
        assert f"is writing to {out}; waiting (for up to 120 s)" in log.read_text()
        time.sleep(0.5)
        assert second.poll() is None and not (out / "analysis.json").exists()
    assert second.wait(timeout=240) == 0, log.read_text()
    assert (out / "analysis.json").exists()


def test_cluster_on_awkward_csv_warns_naming_lines_and_exits_0(tmp_path: Path) -> None:
    from jobstory.synthesis.outputs import folder_lock

    long = "the export kept timing out " * 8_000  # over the csv module's 128 KiB default
    src = tmp_path / "answers.csv"
    src.write_text(f'id,comment\n1,price too high\n2,{long}\n3,slow app\n4,"never closed\n',
                   encoding="utf-8")
    result = fake("cluster", str(src), "--column", "comment", "--k", "50")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "warning answers.csv:5: a quoted field opened on this line is never closed" in (
        result.stderr)
    assert "warning answers.csv: --k 50 asks for more themes than the 4 distinct" in (
        result.stderr)
    with folder_lock(tmp_path):
        busy = fake("cluster", str(src), "--column", "comment", "--wait", "0")
    assert busy.returncode == 1 and "is still writing to" in busy.stderr
