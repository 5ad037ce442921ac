"""`cluster_csv` on awkward files (issue 9.10): long cells, broken quotes, too large a k."""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest

from jobstory.synthesis import outputs
from jobstory.synthesis.cluster_csv import ClusterCsvError, cluster_csv
from tests.test_cluster import HashingEmbedder, write_csv


def test_a_200_kb_cell_is_read_whole(tmp_path: Path) -> None:
    long = "the export kept timing out " * 8_000  # ~216 KB, over the csv module's 128 KiB
    src = tmp_path / "c.csv"
    write_csv(src)
    with src.open("a", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerow([99, long, "web"])
    limit = csv.field_size_limit()
    result = cluster_csv(src, "comment", embedder=HashingEmbedder())
    assert csv.field_size_limit() == limit  # the process-wide limit is put back
    assert result.warnings == []
    with result.out.open(encoding="utf-8", newline="") as fh:
        csv.field_size_limit(len(long) + 1)
        try:
            rows = list(csv.DictReader(fh))
        finally:
            csv.field_size_limit(limit)
    assert rows[-1]["comment"] == long and rows[-1]["theme_id"]


def test_a_quote_never_closed_is_a_warning_naming_its_line_and_nothing_is_lost(
        tmp_path: Path) -> None:
    src = tmp_path / "c.csv"
    src.write_text('id,comment\n1,price too high\n2,"login broken\n3,slow app\n4,price\n',
                   encoding="utf-8")
    result = cluster_csv(src, "comment", embedder=HashingEmbedder())
    assert result.warnings == [
        ("c.csv:3: a quoted field opened on this line is never closed, so the rest of the file "
        "is one cell; read leniently")]
    assert result.rows == 2
    text = result.out.read_text(encoding="utf-8")
    assert "login broken\n3,slow app\n4,price" in text


def test_k_larger_than_the_answers_is_a_warning(tmp_path: Path) -> None:
    src = tmp_path / "c.csv"
    src.write_text("comment\nslow\nslow\nprice\n", encoding="utf-8")
    result = cluster_csv(src, "comment", k=10, embedder=HashingEmbedder())
    assert result.warnings == [
        ("c.csv: --k 10 asks for more themes than the 2 distinct answers in column 'comment' "
        f"(3 non-empty rows); made {len(result.themes)}")]
    assert cluster_csv(src, "comment", k=2, embedder=HashingEmbedder()).warnings == []


def test_outputs_are_replaced_whole_or_not_at_all(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = tmp_path / "in" / "c.csv"
    src.parent.mkdir()
    write_csv(src)
    out, themes = src.parent / "c.clustered.csv", src.parent / "c.clustered.themes.csv"
    out.write_text("old rows", encoding="utf-8")
    themes.write_text("old themes", encoding="utf-8")
    calls = []
    real_fsync = os.fsync

    def fsync_then_fail(fd: int) -> None:  # the disk fills up while writing the second file
        calls.append(fd)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(outputs.os, "fsync", fsync_then_fail)
    with pytest.raises(OSError):
        cluster_csv(src, "comment", embedder=HashingEmbedder())
    assert out.read_text(encoding="utf-8") == "old rows"
    assert themes.read_text(encoding="utf-8") == "old themes"
    monkeypatch.setattr(outputs.os, "fsync", real_fsync)
    cluster_csv(src, "comment", embedder=HashingEmbedder())
    assert out.read_text(encoding="utf-8").startswith("id,comment,topic,theme_id")
    assert sorted(p.name for p in src.parent.iterdir()) == [
        "c.clustered.csv", "c.clustered.themes.csv", "c.csv"]


def test_a_symlink_that_loops_is_a_clear_error(tmp_path: Path) -> None:
    loop = tmp_path / "loop.csv"
    os.symlink("loop.csv", loop)
    with pytest.raises(ClusterCsvError, match="cannot read .*loop.csv: Too many levels"):
        cluster_csv(loop, "comment", embedder=HashingEmbedder())
