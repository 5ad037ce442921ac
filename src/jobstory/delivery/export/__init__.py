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

#: format -> (writer, file name, media type); the name says what the file holds, since several
#: formats share an extension (the web app prefixes the study's id).
FORMATS: dict[str, tuple[Writer | None, str, str]] = {
    "markdown": (backlog.markdown, "job-stories.md", "text/markdown; charset=utf-8"),
    "json": (backlog.as_json, "job-stories.json", "application/json"),
    "jira": (backlog.jira, "jira-import.csv", "text/csv; charset=utf-8"),
    "github": (backlog.github, "github-issues.json", "application/json"),
    "github-script": (backlog.github_script, "create-github-issues.sh",
                      "text/x-shellscript; charset=utf-8"),
    "linear": (backlog.linear, "linear-import.csv", "text/csv; charset=utf-8"),
    "csv": (quotes.themes_csv, "themes-and-quotes.csv", "text/csv; charset=utf-8"),
    "qdpx": (None, "qda-project.qdpx", "application/zip"),  # needs the sources' texts
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
