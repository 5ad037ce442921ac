"""`jobstory analyze` end to end on the illustrative transcripts, with the real embedding model.

The quality gates from the design: quotes are verbatim (100%), counts are recomputable from
analysis.json (100%), a rerun is byte-identical, and adding a transcript keeps the other
themes' ids.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from jobstory.synthesis.ingest import read_paths

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "transcripts"
pytestmark = pytest.mark.slow


def analyze(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "jobstory", "analyze", *args],
                          capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("report")
    result = analyze(str(EXAMPLES), "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out


def quotes_in(analysis: dict) -> list[dict]:
    found = list(analysis["outliers"])
    for theme in analysis["themes"]:
        found += [theme["representative"], *theme["quotes"]]
        if theme["disagreement"]:
            found += theme["disagreement"]["quotes"]
    for story in analysis["job_stories"]:
        for part in ("situation", "motivation", "outcome"):
            found += story[part]["quotes"]
    for force in analysis["forces"].values():
        found += force["quotes"]
    return found


def test_writes_three_reports(report: Path) -> None:
    assert {p.name for p in report.iterdir()} >= {"analysis.json", "report.md", "report.html"}
    html = (report / "report.html").read_text(encoding="utf-8")
    assert "http://" not in html and "https://" not in html and "<script" not in html
    analysis = json.loads((report / "analysis.json").read_text(encoding="utf-8"))
    assert analysis["summary"]["sources"] == 13
    assert analysis["job_stories"], "the examples share situations: expect job stories"
    for story in analysis["job_stories"]:
        assert story["text"].startswith("When ") and ", I want to " in story["text"]


def test_every_quote_is_verbatim(report: Path) -> None:
    analysis = json.loads((report / "analysis.json").read_text(encoding="utf-8"))
    parsed, _ = read_paths([EXAMPLES])
    texts = {p.source.id: p.source.text for p in parsed}
    quotes = quotes_in(analysis) + analysis["segments"]
    assert len(quotes) > 100
    for quote in quotes:
        assert texts[quote["source"]][quote["start"]:quote["end"]] == quote["text"]


def test_quotes_check_against_the_files_as_a_reader_would(report: Path) -> None:
    """No library code: the file's text (UTF-8, newlines as written), or for a rendering of
    interview turns the text analysis.json carries for that source."""
    analysis = json.loads((report / "analysis.json").read_text(encoding="utf-8"))
    texts = {}
    for source in analysis["sources"]:
        if "text" in source:
            assert source["format"] == "json"
            texts[source["id"]] = source["text"]
        else:
            with open(source["path"], encoding="utf-8-sig", newline="") as fh:
                texts[source["id"]] = fh.read()
    checked = {q["source"] for q in quotes_in(analysis)}
    assert {"13-hannah-dog-grooming.json", "02-luis-landscaping.vtt"} <= set(texts)
    for quote in quotes_in(analysis) + analysis["segments"]:
        assert texts[quote["source"]][quote["start"]:quote["end"]] == quote["text"], quote
    assert len(checked) >= 10


def test_counts_are_recomputable(report: Path) -> None:
    analysis = json.loads((report / "analysis.json").read_text(encoding="utf-8"))
    members: dict[str, set[str]] = {}
    mentions: dict[str, int] = {}
    for segment in analysis["segments"]:
        for theme_id in segment["themes"]:
            members.setdefault(theme_id, set()).add(segment["participant"])
            mentions[theme_id] = mentions.get(theme_id, 0) + 1
    for theme in analysis["themes"]:
        assert sorted(members[theme["id"]]) == theme["participants"]
        assert theme["participant_count"] == len(theme["participants"])
        assert theme["mentions"] == mentions[theme["id"]]
    for story in analysis["job_stories"]:
        assert story["participant_count"] == len(story["participants"])
        assert set(story["participants"]) == members[story["situation"]["theme"]]
    ranks = [s["participant_count"] for s in analysis["job_stories"]]
    assert ranks == sorted(ranks, reverse=True)
    people = {s["participant"] for s in analysis["segments"]}
    assert analysis["summary"]["participants"] >= len(people)


def test_rerun_is_byte_identical(report: Path, tmp_path: Path) -> None:
    result = analyze(str(EXAMPLES), "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    for name in ("analysis.json", "report.md", "report.html"):
        assert (tmp_path / name).read_bytes() == (report / name).read_bytes(), name


def test_adding_a_transcript_keeps_theme_ids(tmp_path: Path) -> None:
    inputs = tmp_path / "inputs"
    shutil.copytree(EXAMPLES, inputs)
    held_back = inputs / "11-rob-electrician.txt"
    extra = held_back.read_text(encoding="utf-8")
    held_back.unlink()
    out = tmp_path / "out"
    assert analyze(str(inputs), "--out", str(out)).returncode == 0
    before = json.loads((out / "analysis.json").read_text(encoding="utf-8"))
    held_back.write_text(extra, encoding="utf-8")
    assert analyze(str(inputs), "--out", str(out)).returncode == 0
    after = json.loads((out / "analysis.json").read_text(encoding="utf-8"))
    old = {t["id"]: {q["start"] for q in t["quotes"]} for t in before["themes"]}
    kept = [t["id"] for t in after["themes"] if t["id"] in old]
    assert len(kept) >= 0.8 * len(old), (len(kept), len(old))


def test_bad_files_are_listed_and_exit_3(tmp_path: Path) -> None:
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    shutil.copy(EXAMPLES / "01-dana-bakery.vtt", inputs)
    shutil.copy(EXAMPLES / "05-yoga-studio.srt", inputs)
    (inputs / "broken.srt").write_text("1\nnot a timestamp\nhello\n", encoding="utf-8")
    result = analyze(str(inputs), "--out", str(tmp_path / "out"))
    assert result.returncode == 3, result.stderr
    assert "broken.srt:2:" in result.stderr
    analysis = json.loads((tmp_path / "out" / "analysis.json").read_text(encoding="utf-8"))
    assert analysis["errors"][0]["source"] == "broken.srt"
    assert analysis["summary"]["sources"] == 2


def test_completed_interviews_from_the_store(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    from jobstory.domain import Participant
    from jobstory.guides import load_guide
    from jobstory.interview.session import InterviewService
    from jobstory.store.db import open_store
    from jobstory.store.tables import Study
    from tests.test_session import SWITCH_ANSWERS, drive

    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    store = open_store(url)
    guide = load_guide("jtbd-switch")
    with store.session() as session:
        study = Study(title="Switch", guide=guide.model_dump(mode="json"),
                      created_at=datetime.now(UTC))
        session.add(study)
        session.flush()
        study_id = study.id
    service = InterviewService(store)
    for name in ("Ana", "Bo"):
        state = service.start(guide, Participant(name=name), study_id=study_id)
        drive(service, state.id, SWITCH_ANSWERS)
    service.start(guide, Participant(name="Unfinished"), study_id=study_id)
    store.close()

    result = analyze("--study", str(study_id), "--db", url, "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    analysis = json.loads((tmp_path / "out" / "analysis.json").read_text(encoding="utf-8"))
    assert analysis["summary"]["sources"] == 2  # the unfinished interview is not analysed
    severity = next(q for q in analysis["structured"] if q["id"] == "severity")
    assert severity["n"] == 2
    nothing = analyze("--out", str(tmp_path / "x"))
    assert nothing.returncode == 2 and "--study" in nothing.stderr
