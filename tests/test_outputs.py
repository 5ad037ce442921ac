"""Outputs are replaced whole, and one run at a time writes into a folder (issue 9.4)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from jobstory.synthesis import outputs, report
from jobstory.synthesis.outputs import LOCK_NAME, OutputBusy, folder_lock, write_files

ROOT = Path(__file__).resolve().parents[1]
NAMES = ("analysis.json", "report.md", "report.html")


def big_analysis(marker: str) -> dict:
    """An analysis dict large enough (~2 MB of JSON) that writing it takes a while."""
    return {"summary": {"marker": marker},
            "segments": [{"id": f"{marker}-{i}", "text": marker * 400} for i in range(4_000)]}


def test_a_reader_polling_during_writes_never_sees_a_partial_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The templates only format; what matters here is how the files reach the disk.
    monkeypatch.setattr(report, "render_markdown", lambda a: report.analysis_json(a) + "md")
    monkeypatch.setattr(report, "render_html", lambda a: report.analysis_json(a) + "html")
    versions = [big_analysis("a"), big_analysis("b")]
    whole = {name: set() for name in NAMES}
    for version in versions:
        text = report.analysis_json(version)
        whole["analysis.json"].add(text.encode())
        whole["report.md"].add((text + "md").encode())
        whole["report.html"].add((text + "html").encode())
    report.write_reports(versions[0], tmp_path)
    seen: list[tuple[str, int]] = []
    reads = 0
    done = threading.Event()

    def poll() -> None:
        nonlocal reads
        while not done.is_set():
            for name in NAMES:
                data = (tmp_path / name).read_bytes()
                reads += 1
                if data not in whole[name]:
                    seen.append((name, len(data)))

    reader = threading.Thread(target=poll)
    reader.start()
    try:
        for turn in range(6):
            report.write_reports(versions[(turn + 1) % 2], tmp_path)
    finally:
        done.set()
        reader.join()
    assert reads > 20
    assert seen == [], f"partial files seen: {seen[:5]}"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(NAMES)  # no temporary left


def test_a_write_that_fails_midway_leaves_the_old_files_whole(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_files(tmp_path, {"report.md": "old md", "analysis.json": "old json"})
    calls = []
    real_fsync = os.fsync

    def failing_fsync(fd: int) -> None:
        calls.append(fd)
        if len(calls) == 2:  # the second file: as if the disk filled up, or kill -9
            raise OSError(28, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(outputs.os, "fsync", failing_fsync)
    with pytest.raises(OSError):
        write_files(tmp_path, {"report.md": "new md", "analysis.json": "new json"})
    assert (tmp_path / "report.md").read_text() == "old md"
    assert (tmp_path / "analysis.json").read_text() == "old json"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["analysis.json", "report.md"]


def test_write_files_keeps_bytes_exactly_and_respects_the_umask(tmp_path: Path) -> None:
    write_files(tmp_path, {"a.txt": "line\r\nnext\n", "b.bin": b"\x00\xff"})
    assert (tmp_path / "a.txt").read_bytes() == b"line\r\nnext\n"
    assert (tmp_path / "b.bin").read_bytes() == b"\x00\xff"
    umask = os.umask(0)
    os.umask(umask)
    assert (tmp_path / "a.txt").stat().st_mode & 0o777 == 0o666 & ~umask


def test_the_lock_is_exclusive_and_times_out_with_a_clear_message(tmp_path: Path) -> None:
    waited: list[str] = []
    with folder_lock(tmp_path / "out"):
        assert (tmp_path / "out" / LOCK_NAME).read_text().strip() == str(os.getpid())
        started = time.monotonic()
        busy = r"pid \d+\) is still writing to .*out after 0.3 s"
        with (pytest.raises(OutputBusy, match=busy),
              folder_lock(tmp_path / "out", timeout=0.3, on_wait=waited.append)):
            pass
        assert time.monotonic() - started >= 0.3
    assert len(waited) == 1 and "waiting (for up to 0.3 s)" in waited[0]
    assert not (tmp_path / "out" / LOCK_NAME).exists()  # released: the folder is left clean
    with folder_lock(tmp_path / "out", timeout=0):
        pass


def test_a_lock_left_by_a_killed_run_does_not_block(tmp_path: Path) -> None:
    """kill -9 releases the flock but leaves the lock file and any temporary files."""
    (tmp_path / LOCK_NAME).write_text("999999\n")
    stale = tmp_path / ".analysis.json.4242.0123abcd.partial"
    stale.write_text("half")
    keep = tmp_path / ".notes.partial"
    keep.write_text("not ours")
    with folder_lock(tmp_path, timeout=0):
        assert not stale.exists() and keep.exists()


def test_a_waiting_process_gets_the_lock_when_the_holder_finishes(tmp_path: Path) -> None:
    code = ("import sys, time; from pathlib import Path; "
            "from jobstory.synthesis.outputs import folder_lock; "
            "lock = folder_lock(Path(sys.argv[1]), on_wait=lambda m: print(m, flush=True)); "
            "lock.__enter__(); print('got it', flush=True)")
    with folder_lock(tmp_path):
        waiter = subprocess.Popen([sys.executable, "-c", code, str(tmp_path)],
                                  stdout=subprocess.PIPE, text=True)
        assert "waiting" in waiter.stdout.readline()
        time.sleep(0.3)
        assert waiter.poll() is None
    assert waiter.stdout.readline().strip() == "got it"
    assert waiter.wait(timeout=10) == 0
