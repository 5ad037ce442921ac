"""Themes and their coded quotes as one CSV: a row per quote and theme, verbatim, with the
participant and the place (source, start, end) to find it again."""

from __future__ import annotations

from typing import Any

from jobstory.delivery.export.backlog import _csv

COLUMNS = ["theme_id", "theme_label", "family", "codes", "theme_participants", "participant",
           "source", "start", "end", "quote"]


def themes_csv(analysis: dict[str, Any], name: str) -> bytes:
    """Every coded segment under each of its themes (a coded segment in no theme: one row
    with the theme left empty). Cells a spreadsheet would run get a leading apostrophe."""
    themes = {t.get("id"): t for t in analysis.get("themes") or []}
    rows = []
    for segment in analysis.get("segments") or []:
        codes = segment.get("codes") or []
        if not codes:
            continue
        place = [segment.get("participant"), segment.get("source"), segment.get("start"),
                 segment.get("end"), segment.get("text")]
        theme_ids = [t for t in segment.get("themes") or [] if t in themes] or [None]
        for theme_id in theme_ids:
            theme = themes.get(theme_id) or {}
            rows.append([theme_id or "", theme.get("label", ""), theme.get("family", ""),
                         " ".join(codes), theme.get("participant_count", ""), *place])
    return _csv(COLUMNS, rows)
