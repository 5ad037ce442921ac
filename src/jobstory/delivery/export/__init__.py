"""Exports: job stories to where the work happens (Markdown, JSON, Jira, GitHub, Linear),
themes and coded quotes to CSV, and the whole coding to QDA tools (REFI-QDA .qdpx).

`export(loaded, fmt)` gives the bytes of one format of what
`jobstory.delivery.analysis_source.load` read (an analysis folder or a study in the store).
Same analysis, same bytes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from jobstory.delivery.analysis_source import Loaded, require_texts
from jobstory.delivery.export import backlog, quotes
from jobstory.delivery.export.qdpx import qdpx

__all__ = ["FORMATS", "export"]

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
    """The bytes of `fmt` (one of FORMATS) for the loaded analysis; raises
    AnalysisSourceError when a source's text the format needs is not at hand."""
    writer = FORMATS[fmt][0]
    if writer is None:
        texts = loaded.texts()
        require_texts(loaded.analysis, texts)
        return qdpx(loaded.analysis, loaded.name, texts)
    return writer(loaded.analysis, loaded.name)
