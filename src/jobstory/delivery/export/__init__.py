"""Exports: job stories to where the work happens (Markdown, JSON, Jira, GitHub, Linear),
themes and coded quotes to CSV, and the whole coding to QDA tools (REFI-QDA .qdpx).

`export(loaded, fmt)` gives the bytes of one format; `load(target)` reads an analysis folder
or a study from the store. Same analysis, same bytes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from jobstory.delivery.export import backlog, quotes
from jobstory.delivery.export.load import ExportError, Loaded, load
from jobstory.delivery.export.qdpx import qdpx

__all__ = ["FORMATS", "ExportError", "Loaded", "export", "load"]

Writer = Callable[[dict[str, Any], str], bytes]

#: format -> (writer, file extension, media type)
FORMATS: dict[str, tuple[Writer | None, str, str]] = {
    "markdown": (backlog.markdown, "md", "text/markdown; charset=utf-8"),
    "json": (backlog.as_json, "json", "application/json"),
    "jira": (backlog.jira, "csv", "text/csv; charset=utf-8"),
    "github": (backlog.github, "json", "application/json"),
    "github-script": (backlog.github_script, "sh", "text/x-shellscript; charset=utf-8"),
    "linear": (backlog.linear, "csv", "text/csv; charset=utf-8"),
    "csv": (quotes.themes_csv, "csv", "text/csv; charset=utf-8"),
    "qdpx": (None, "qdpx", "application/zip"),  # needs the sources' texts, see `export`
}


def export(loaded: Loaded, fmt: str) -> bytes:
    """The bytes of `fmt` for the loaded analysis; raises ExportError."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    writer = FORMATS[fmt][0]
    if writer is None:
        return qdpx(loaded.analysis, loaded.name, loaded.texts())
    return writer(loaded.analysis, loaded.name)
