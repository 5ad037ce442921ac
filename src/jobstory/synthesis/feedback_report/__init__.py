"""The feedback themes report: one self-contained HTML page and the same in Markdown.

Everything shown comes from :class:`jobstory.synthesis.feedback_themes.FeedbackThemes`: counts
are computed, quotes are the comments' own words cut at their offsets. Comment text is
untrusted: the HTML template autoescapes it and the charts escape every label; in Markdown,
characters that would start markup are backslash-escaped. Same input, same bytes.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from jobstory.shown import finalize, markdown_text
from jobstory.synthesis.feedback_report.charts import (
    respondents_chart,
    sentiment_bar,
    theme_count_chart,
)
from jobstory.synthesis.feedback_themes import FeedbackThemes, Quote
from jobstory.synthesis.outputs import write_files

HERE = Path(__file__).resolve().parent
HTML_NAME = "themes.html"
MD_NAME = "themes.md"
MAX_OUTLIERS = 25
CURVE_POINTS = 80


def _quote(q: Quote) -> dict[str, Any]:
    return {"text": q.text, "row": q.row + 1, "start": q.start, "end": q.end,
            "sentiment": q.sentiment.label, "score": q.sentiment.compound}


def context(result: FeedbackThemes, *, title: str, source: str, column: str,
            rows: int) -> dict[str, Any]:
    """Everything the templates show, as plain data (also handy for tests)."""
    respondents = result.respondents
    themes = []
    for theme in result.themes:
        themes.append({
            "id": theme.id, "label": theme.label, "key_phrases": theme.key_phrases,
            "respondents": len(theme.rows), "main": len(theme.main_rows),
            "share": len(theme.rows) / respondents if respondents else 0.0,
            "mentions": theme.mentions,
            "sentiment": dict(theme.sentiment.shares), "sentiment_counts": theme.sentiment.counts,
            "representative": _quote(theme.representative),
            "quotes": [_quote(q) for q in theme.quotes],
            "negative": [_quote(q) for q in theme.sentiment_quotes["negative"]],
            "positive": [_quote(q) for q in theme.sentiment_quotes["positive"]],
        })
    several = sum(1 for m in result.memberships if len(m) > 1)
    outliers = set(result.outliers)
    counted = [result.sentiments[r] for r, m in enumerate(result.memberships)
               if m or r in outliers]
    sentiment_total = {label: sum(1 for s in counted if s.label == label)
                       for label in ("negative", "neutral", "positive")}
    curve = [(k, q) for k, q in result.clustering.criterion if k <= max(
        CURVE_POINTS, 2 * result.clustering.k)]
    return {
        "title": title, "source": source, "column": column, "rows": rows,
        "respondents": respondents, "units": result.units, "k": len(result.themes),
        "method": result.clustering.method, "several": several,
        "sentiment_total": sentiment_total, "themes": themes,
        "outliers": [{"row": r + 1, "text": result.texts[r].strip()}
                     for r in result.outliers[:MAX_OUTLIERS]],
        "outlier_count": len(result.outliers), "curve": curve,
    }


def _environment(autoescape: bool) -> Environment:
    env = Environment(loader=FileSystemLoader(str(HERE)), autoescape=autoescape,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                      keep_trailing_newline=True)
    env.filters["md"] = partial(markdown_text, one_line=True)
    env.finalize = finalize
    env.filters["pct"] = lambda share: f"{float(share) * 100:.0f}%"
    return env


def render_html(data: dict[str, Any]) -> str:
    charts = {
        "respondents": Markup(respondents_chart(
            [(t["label"], t["respondents"]) for t in data["themes"]], data["respondents"])),
        "sentiment": [Markup(sentiment_bar(t["sentiment"])) for t in data["themes"]],
        "theme_count": Markup(theme_count_chart(data["curve"], data["k"])),
    }
    return _environment(True).get_template("themes.html.j2").render(d=data, charts=charts)


def render_markdown(data: dict[str, Any]) -> str:
    return _environment(False).get_template("themes.md.j2").render(d=data)


def write_report(folder: Path, data: dict[str, Any]) -> tuple[Path, Path]:
    """Write themes.html and themes.md into ``folder`` (created), each replaced atomically."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    write_files(folder, {HTML_NAME: render_html(data), MD_NAME: render_markdown(data)})
    return folder / HTML_NAME, folder / MD_NAME
