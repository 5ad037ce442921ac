"""Writing outputs so that no reader ever sees half a file, and two runs never interleave.

Why: `analysis.json` is read back by the next run to keep theme ids stable, and by people and
tools while a run goes on. Written in place (truncate, then write), a reader polling during a
run saw an empty file, and a kill -9 mid-write left a 0-byte analysis.json beside the old
report.md: the next run silently lost its theme ids.

- `write_files` writes each file to a hidden temporary file in the same folder, flushes and
  fsyncs it, then renames it over the target (`os.replace`: atomic within one file system),
  and fsyncs the folder so the rename survives a power cut. A reader sees the old file or
  the new one, never a mix. Files are renamed in the order given, so the caller decides
  which one, once new, vouches for the others (analysis.json goes last).
- `folder_lock` lets one jobstory run at a time write into a folder: an exclusive `flock` on
  a hidden lock file there. A second run waits - saying so once, through `on_wait` - until
  the first is done, or gives up after `timeout` seconds with `OutputBusy`. The lock file
  holds the owner's pid for that message and is removed on release. Temporary files that a
  killed run left behind are removed once the lock is held (nobody else can be writing).
  Where `fcntl` is missing (Windows) there is no lock; writes are still atomic.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

LOCK_NAME = ".jobstory.lock"
_PARTIAL = re.compile(r"\..+\.\d+\.[0-9a-f]{8}\.partial")
_POLL_S = 0.1


class OutputBusy(Exception):
    """Another run held the folder's lock for longer than the caller would wait."""


def _partial_name(name: str) -> str:
    return f".{name}.{os.getpid()}.{secrets.token_hex(4)}.partial"


def _fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - e.g. Windows cannot open a folder
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover - some file systems refuse; the rename still happened
        pass
    finally:
        os.close(fd)


def write_files(folder: Path, files: Mapping[str, str | bytes]) -> None:
    """Write `files` (name -> text or bytes) into `folder` atomically, renamed in order.

    Text is written as UTF-8 exactly as given (no newline translation). Every temporary file
    is complete and on disk before the first rename, so a crash leaves either all the old
    files or a mix of whole old and whole new ones - never a partial one.
    """
    folder = Path(folder)
    written: list[tuple[Path, Path]] = []
    try:
        for name, content in files.items():
            data = content.encode("utf-8") if isinstance(content, str) else content
            temporary = folder / _partial_name(name)
            fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
            written.append((temporary, folder / name))
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
        for temporary, target in written:
            os.replace(temporary, target)
    finally:
        for temporary, _ in written:
            with contextlib.suppress(FileNotFoundError):
                temporary.unlink()
    _fsync_folder(folder)


def _holder(path: Path) -> str:
    try:
        pid = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return "another jobstory run"
    return f"another jobstory run (pid {pid})" if pid.isdigit() else "another jobstory run"


def _try_lock(fd: int) -> bool:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _same_file(fd: int, path: Path) -> bool:
    """Whether `fd` is still the file at `path`: a run that released the lock removes the
    file, and a waiter that locked the removed file must start again on the new one."""
    try:
        on_disk = os.stat(path)
    except FileNotFoundError:
        return False
    held = os.fstat(fd)
    return (held.st_dev, held.st_ino) == (on_disk.st_dev, on_disk.st_ino)


def _remove_partials(folder: Path) -> None:
    for entry in os.scandir(folder):
        if _PARTIAL.fullmatch(entry.name) and entry.is_file(follow_symlinks=False):
            with contextlib.suppress(OSError):
                os.unlink(entry.path)


@contextlib.contextmanager
def folder_lock(
    folder: Path,
    *,
    timeout: float | None = None,
    on_wait: Callable[[str], None] | None = None,
) -> Iterator[None]:
    """Hold `folder`'s lock (creating the folder) while the block runs.

    `timeout`: seconds to wait for another run, None to wait as long as it takes. `on_wait`
    is called once, with a line saying who holds the lock, when waiting starts.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    if fcntl is None:  # pragma: no cover - Windows
        yield
        return
    path = folder / LOCK_NAME
    deadline = None if timeout is None else time.monotonic() + timeout
    announced = False
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
        try:
            while not _try_lock(fd):
                if not announced:
                    announced = True
                    if on_wait is not None and timeout != 0:
                        limit = "" if timeout is None else f" (for up to {timeout:g} s)"
                        on_wait(f"{_holder(path)} is writing to {folder}; waiting{limit}...")
                if deadline is not None and time.monotonic() >= deadline:
                    raise OutputBusy(
                        f"{_holder(path)} is still writing to {folder} after {timeout:g} s; "
                        "try again when it is done, or wait longer (--wait SECONDS)"
                    )
                time.sleep(_POLL_S)
            if _same_file(fd, path):
                break
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)  # locked a file the previous holder had already removed: start again
    try:
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode("ascii"))
        _remove_partials(folder)
        yield
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)
        os.close(fd)


__all__ = ["LOCK_NAME", "OutputBusy", "folder_lock", "write_files"]
