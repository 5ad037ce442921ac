"""The `jobstory` command as a user runs it: real processes, real SQLite files, real pipes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

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
