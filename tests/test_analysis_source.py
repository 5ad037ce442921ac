"""The one reader of an analysis for ask, export, lint, the MCP server and the web: one-line
errors naming the file, a size bound, and sources' texts only as the analysis indexed them."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from jobstory.delivery import analysis_source
from jobstory.delivery.analysis_source import (
    AnalysisSourceError,
    load,
    read_analysis,
    require_texts,
    source_texts,
)
from jobstory.synthesis.ingest import read_paths

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "transcripts"


@pytest.mark.parametrize(("content", "message"), [
    (None, "analysis.json: no analysis here (run `jobstory analyze"),
    ("{", "analysis.json: not valid JSON"),
    ("[]", "analysis.json: not a jobstory analysis (no job_stories)"),
    ('{"job_stories": []}', "analysis.json: not a jobstory analysis (no segments)"),
])
def test_an_unreadable_analysis_is_one_line_naming_the_file(
        tmp_path: Path, content: str | None, message: str) -> None:
    if content is not None:
        (tmp_path / "analysis.json").write_text(content, encoding="utf-8")
    with pytest.raises(AnalysisSourceError) as caught:
        load(str(tmp_path))
    assert message in str(caught.value) and "\n" not in str(caught.value)
    assert str(caught.value).startswith(str(tmp_path / "analysis.json"))


def test_the_linter_reads_an_analysis_that_has_stories_only(tmp_path: Path) -> None:
    (tmp_path / "analysis.json").write_text('\ufeff{"job_stories": [{"id": "js-1"}]}',
                                            encoding="utf-8")
    assert read_analysis(tmp_path, needs=("job_stories",))["job_stories"] == [{"id": "js-1"}]


def test_an_analysis_over_the_size_bound_is_refused_unread(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "analysis.json").write_text("x" * 2048, encoding="utf-8")  # not even JSON
    monkeypatch.setattr(analysis_source, "MAX_ANALYSIS_BYTES", 1024)
    with pytest.raises(AnalysisSourceError, match=r"analysis\.json: larger than 0 MB$"):
        read_analysis(tmp_path)


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_a_sources_text_counts_only_with_the_sha256_the_analysis_recorded(
        tmp_path: Path) -> None:
    """Found beside the analysis folder by the ingest reader, or carried in analysis.json;
    a text with another SHA-256 is left out, and what needs every text names that source."""
    (tmp_path / "transcripts").mkdir()
    for name in ("08-gary-print-shop.txt", "05-yoga-studio.srt"):
        shutil.copy(EXAMPLES / name, tmp_path / "transcripts" / name)
    parsed, _ = read_paths([tmp_path / "transcripts"])
    read = {Path(p.source.path).name: p.source for p in parsed}
    txt, srt = read["08-gary-print-shop.txt"], read["05-yoga-studio.srt"]
    (tmp_path / "report").mkdir()
    analysis = {"job_stories": [], "segments": [], "sources": [
        {"id": txt.id, "path": f"transcripts/{Path(txt.path).name}", "sha256": _sha(txt.text)},
        {"id": srt.id, "path": f"transcripts/{Path(srt.path).name}", "sha256": "0" * 64},
        {"id": "rendered", "path": "gone.json", "text": "Q: why?\nA: because",
         "sha256": _sha("Q: why?\nA: because")},
        {"id": "tampered", "path": "gone.json", "text": "edited", "sha256": _sha("said")},
    ]}
    texts = source_texts(analysis, tmp_path / "report")
    assert texts == {txt.id: txt.text, "rendered": "Q: why?\nA: because"}
    with pytest.raises(AnalysisSourceError,
                       match=r"^transcripts/05-yoga-studio\.srt: the source is not where it "
                             r"was analysed, or it changed since"):
        require_texts(analysis, texts)
    (tmp_path / "report" / "analysis.json").write_text(json.dumps(analysis), encoding="utf-8")
    loaded = load(str(tmp_path / "report"))
    assert loaded.name == "report" and loaded.fields == {} and loaded.texts() == texts
