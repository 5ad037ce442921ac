"""Exports: an analysis of the illustrative transcripts (fast hashing embedder) to Markdown,
JSON, Jira, GitHub, Linear, the themes CSV and a REFI-QDA project; a study's too."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import stat
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from typer.testing import CliRunner

from jobstory.analysis_runs.worker import AnalysisWorker
from jobstory.cli import app
from jobstory.delivery.analysis_source import AnalysisSourceError, load
from jobstory.delivery.export import FORMATS, export
from jobstory.store.db import open_store
from jobstory.synthesis.ingest import read_paths
from jobstory.synthesis.pipeline import Inputs, analyse
from tests.analysis_support import fast_embedder, study_with_interviews
from tests.test_cluster import HashingEmbedder

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "transcripts"
XSD = Path(__file__).parent / "data" / "refi-qda-project.xsd"
NS = {"q": "urn:QDA-XML:project:1.0"}


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An analysis folder as `jobstory analyze` leaves it, beside a copy of the transcripts."""
    root = tmp_path_factory.mktemp("export")
    shutil.copytree(EXAMPLES, root / "transcripts")
    parsed, errors = read_paths([root / "transcripts"])
    analysis = analyse(Inputs(parsed, errors), paths=[str(root / "transcripts")],
                       embedder=HashingEmbedder())
    (root / "report").mkdir()
    (root / "report" / "analysis.json").write_text(json.dumps(analysis), encoding="utf-8")
    return root / "report"


@pytest.fixture(scope="module")
def analysis(folder: Path) -> dict[str, Any]:
    return json.loads((folder / "analysis.json").read_text(encoding="utf-8"))


def story_quotes(analysis: dict[str, Any]) -> list[dict[str, Any]]:
    return [q for s in analysis["job_stories"] for part in ("situation", "motivation", "outcome")
            for q in s[part]["quotes"]]


def test_jira_csv_parses_with_the_csv_module_and_has_the_importer_columns(
        folder: Path, analysis: dict[str, Any]) -> None:
    rows = list(csv.reader(io.StringIO(export(load(str(folder)), "jira").decode("utf-8"))))
    assert rows[0] == ["Summary", "Issue Type", "Description", "Labels", "Labels"]
    assert len(rows) - 1 == len(analysis["job_stories"]) > 0
    for row, story in zip(rows[1:], analysis["job_stories"]):
        summary, kind, description, label, status = row
        assert summary == story["text"] and kind == "Story" and label == "job-story"
        assert status == ("complete" if story["complete"] else "incomplete")
        unescaped = re.sub(r"\\(.)", r"\1", description)
        for part in ("situation", "motivation", "outcome"):
            for quote in story[part]["quotes"]:
                assert " ".join(quote["text"].split()) in unescaped
                assert f"{quote['source']}:{quote['start']}-{quote['end']}" in unescaped
        assert "h3. Candidate user stories" in description
        assert ("Given " in unescaped) == bool(story["motivation"]["text"])


def qdpx_parts(data: bytes) -> tuple[Any, dict[str, str]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        assert names[0] == "project.qde"
        assert all(n == "project.qde" or re.fullmatch(r"sources/[0-9a-f-]{36}\.txt", n)
                   for n in names)
        root = etree.fromstring(archive.read("project.qde"))
        files = {n.removeprefix("sources/"): archive.read(n).decode("utf-8")
                 for n in names if n.startswith("sources/")}
    return root, files


def test_qdpx_validates_against_the_refi_qda_project_schema(folder: Path) -> None:
    root, _ = qdpx_parts(export(load(str(folder)), "qdpx"))
    schema = etree.XMLSchema(etree.parse(str(XSD)))
    assert schema.validate(root), schema.error_log
    assert root.tag == "{urn:QDA-XML:project:1.0}Project"


def test_qdpx_reads_back_with_every_coded_quote_at_its_positions(
        folder: Path, analysis: dict[str, Any]) -> None:
    root, files = qdpx_parts(export(load(str(folder)), "qdpx"))
    codes = {c.get("guid"): c.get("name") for c in root.iterfind(".//q:Code", NS)}
    families = {c.get("name") for c in root.find("q:CodeBook/q:Codes", NS)}
    assert {t["family"] for t in analysis["themes"]} | {"job stories"} <= families
    assert {t["label"] for t in analysis["themes"]} <= set(codes.values())
    found: dict[tuple[str, int, int], str] = {}
    for source in root.iterfind(".//q:TextSource", NS):
        text = files[source.get("plainTextPath").removeprefix("internal://")]
        for selection in source.iterfind("q:PlainTextSelection", NS):
            start, end = int(selection.get("startPosition")), int(selection.get("endPosition"))
            found[(source.get("name"), start, end)] = text[start:end]
            refs = [r.get("targetGUID") for r in selection.iterfind("q:Coding/q:CodeRef", NS)]
            assert refs and all(ref in codes for ref in refs)
    expected = [s for s in analysis["segments"] if s["codes"]] + story_quotes(analysis)
    assert expected
    for quote in expected:
        assert found[(quote["source"], quote["start"], quote["end"])] == quote["text"]
    cases = {c.get("name") for c in root.iterfind(".//q:Case", NS)}
    assert {q["participant"] for q in expected} <= cases


def test_every_format_gives_the_same_bytes_twice(folder: Path) -> None:
    for fmt in FORMATS:
        assert export(load(str(folder)), fmt) == export(load(str(folder)), fmt), fmt


def test_markdown_and_json_carry_every_story_quote_with_its_place(
        folder: Path, analysis: dict[str, Any]) -> None:
    markdown = export(load(str(folder)), "markdown").decode("utf-8")
    unescaped = re.sub(r"\\(.)", r"\1", markdown)
    data = json.loads(export(load(str(folder)), "json"))
    assert len(data["job_stories"]) == len(analysis["job_stories"])
    exported = [q for item in data["job_stories"] for part in item["parts"].values()
                for q in part["quotes"]]
    assert exported == [{k: q[k] for k in ("text", "participant", "source", "start", "end")}
                        for q in story_quotes(analysis)]
    for quote in story_quotes(analysis):
        assert quote["text"].split("\n")[0] in unescaped
        assert f"`{quote['source']}:{quote['start']}-{quote['end']}`" in markdown
    for item in data["job_stories"]:
        missing = [p for p, v in item["parts"].items() if v["missing"]]
        assert item["complete"] == (not missing)
        assert len(item["user_stories"]) >= 3 or "motivation" in missing


def test_a_part_nobody_stated_is_marked_missing_not_filled_in() -> None:
    analysis = {"job_stories": [{
        "id": "js-1", "rank": 1, "complete": False, "participant_count": 1,
        "text": "When the van breaks down, I want to (no motivation stated yet), so I can "
                "(no outcome stated yet).",
        "situation": {"text": "the van breaks down", "quotes": [
            {"text": "The van broke down.", "participant": "Rob", "source": "rob.txt",
             "start": 0, "end": 19}]},
        "motivation": {"text": None, "quotes": []}, "outcome": {"text": None, "quotes": []}}]}
    markdown = export(load_dict(analysis), "markdown").decode("utf-8")
    assert markdown.count("*missing: no participant stated it*") == 2
    [item] = json.loads(export(load_dict(analysis), "json"))["job_stories"]
    assert [p for p, v in item["parts"].items() if v["missing"]] == ["motivation", "outcome"]
    assert item["user_stories"] == []  # nothing to serve until someone states the motivation
    assert "None yet: no participant stated the motivation" in markdown


def load_dict(analysis: dict[str, Any]) -> Any:
    from jobstory.delivery.analysis_source import Loaded

    return Loaded(analysis, "test", dict)


def test_github_script_files_each_issue_as_the_api_json_says(
        folder: Path, tmp_path: Path) -> None:
    issues = json.loads(export(load(str(folder)), "github"))
    script = tmp_path / "issues.sh"
    script.write_bytes(export(load(str(folder)), "github-script"))
    # a stand-in `gh` that records what it is given
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "gh"
    fake.write_text(
        "#!/usr/bin/env python3\nimport json, sys\n"
        f"log = open({str(tmp_path / 'calls.jsonl')!r}, 'a')\n"
        "body = sys.stdin.read() if sys.argv[1:3] == ['issue', 'create'] else None\n"
        "log.write(json.dumps({'args': sys.argv[1:], 'body': body}) + '\\n')\n")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    result = subprocess.run(["bash", str(script), "acme/backlog"], capture_output=True,
                            text=True, env={**os.environ, "PATH": f"{bin_dir}:/usr/bin:/bin"},
                            timeout=60)
    assert result.returncode == 0, result.stderr
    calls = [json.loads(line) for line in (tmp_path / "calls.jsonl").read_text().splitlines()]
    created = [c for c in calls if c["args"][:2] == ["issue", "create"]]
    assert len(created) == len(issues) > 0
    for call, issue in zip(created, issues):
        args = call["args"]
        assert args[args.index("--repo") + 1] == "acme/backlog"
        assert args[args.index("--title") + 1] == issue["title"]
        assert call["body"].rstrip("\n") == issue["body"].rstrip("\n")


def test_linear_and_themes_csv_parse_and_keep_quotes_at_their_places(
        folder: Path, analysis: dict[str, Any]) -> None:
    linear = list(csv.DictReader(io.StringIO(export(load(str(folder)), "linear").decode())))
    assert [row["Title"] for row in linear] == [s["text"] for s in analysis["job_stories"]]
    assert {row["Status"] for row in linear} == {"Backlog"}
    themes = list(csv.DictReader(io.StringIO(export(load(str(folder)), "csv").decode())))
    texts = load(str(folder)).texts()
    assert themes and {row["theme_id"] for row in themes} <= {t["id"] for t in
                                                               analysis["themes"]} | {""}
    for row in themes:
        quote = texts[row["source"]][int(row["start"]):int(row["end"])]
        assert row["quote"] in (quote, "'" + quote)


def test_a_source_that_changed_since_the_analysis_is_a_one_line_error(
        folder: Path, tmp_path: Path) -> None:
    moved = tmp_path / "report"
    shutil.copytree(folder, moved)
    analysis = json.loads((moved / "analysis.json").read_text())
    analysis["sources"][0]["sha256"] = "0" * 64
    (moved / "analysis.json").write_text(json.dumps(analysis))
    with pytest.raises(AnalysisSourceError, match=re.escape(analysis["sources"][0]["path"])):
        export(load(str(moved)), "qdpx")
    assert export(load(str(moved)), "markdown")  # the backlog formats need no source


def run_cli(*args: str) -> Any:
    """The real command line, in this process (a fresh interpreter costs seconds)."""
    result = CliRunner().invoke(app, list(args))
    result.returncode = result.exit_code
    return result


def test_export_command_writes_the_file_and_says_where(folder: Path, tmp_path: Path) -> None:
    target = tmp_path / "out" / "backlog.csv"
    result = run_cli("export", str(folder), "--to", "jira", "--out", str(target))
    assert result.returncode == 0, result.stderr
    assert str(target) in result.stdout.replace("\n", "")
    assert target.read_bytes() == export(load(str(folder)), "jira")
    wrong = run_cli("export", str(folder), "--to", "excel", "--out", str(target))
    assert wrong.returncode == 2 and "use one of" in wrong.stderr
    missing = run_cli("export", str(tmp_path / "nowhere"), "--to", "json")
    assert missing.returncode == 1 and "no analysis here" in missing.stderr


def test_each_format_has_its_own_default_file_name(folder: Path, tmp_path: Path,
                                                   monkeypatch: Any) -> None:
    """Several formats are CSV or JSON: the default name says which one a file is."""
    monkeypatch.chdir(tmp_path)
    for fmt, name in (("jira", "jira-import.csv"), ("csv", "themes-and-quotes.csv"),
                      ("markdown", "job-stories.md")):
        result = run_cli("export", str(folder), "--to", fmt)
        assert result.returncode == 0, result.stderr
        assert (tmp_path / name).read_bytes() == export(load(str(folder)), fmt)
    assert len({name for _, name, _ in FORMATS.values()}) == len(FORMATS)


def test_a_studys_latest_analysis_exports_to_a_valid_qdpx(sqlite_url: str,
                                                          tmp_path: Path) -> None:
    store = open_store(sqlite_url)
    try:
        _account, study_id, _ = study_with_interviews(store, completed=2)
        assert AnalysisWorker(store, embedder=fast_embedder, quiet=0).step() is not None
    finally:
        store.close()
    target = tmp_path / "study.qdpx"
    result = run_cli("export", str(study_id), "--to", "qdpx", "--out", str(target),
                     "--db", sqlite_url)
    assert result.returncode == 0, result.stderr
    root, files = qdpx_parts(target.read_bytes())
    assert etree.XMLSchema(etree.parse(str(XSD))).validate(root)
    selections = root.findall(".//q:PlainTextSelection", NS)
    assert selections and len(files) == 2
    linted = run_cli("lint", "--study", str(study_id), "--db", sqlite_url, "--json")
    results = json.loads(linted.stdout)
    assert linted.returncode == (1 if any(r["findings"] for r in results) else 0)
    assert results and [r["id"] for r in results] == [
        s["id"] for s in load(str(study_id), db=sqlite_url).analysis["job_stories"]]
    none = run_cli("export", "999", "--to", "json", "--out", str(target), "--db", sqlite_url)
    assert none.returncode == 1 and "no finished analysis" in none.stderr
