"""Render an analysis dict into `report.md` and a self-contained `report.html`.

The templates only format: every count shown is read from the analysis dict. The HTML has
inline CSS and inline SVG, no scripts, fonts or URLs, and every piece of text from the
analysis is autoescaped (participant words are untrusted). Rendering is deterministic: no
timestamps, no random ids, and the analysis's own ordering, so the same dict always gives
byte-identical files.
"""

from __future__ import annotations

import json
from functools import partial
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from jobstory.plural import plural
from jobstory.shown import finalize, markdown_text, visible_controls
from jobstory.synthesis.outputs import write_files
from jobstory.synthesis.report import charts

HERE = Path(__file__).parent

FAMILIES = (
    ("situation", "Situation", "when it happens: the circumstances that start the job"),
    ("motivation", "Motivation", "what people want to do in that situation"),
    ("outcome", "Outcome", "what they hope to be able to do once it works"),
    ("functional", "Functional", "practical dimensions of the job"),
    ("emotional", "Emotional", "how people want to feel, or avoid feeling"),
    ("social", "Social", "how people want to be seen by others"),
    ("push", "Push", "what pushes people away from the current way"),
    ("pull", "Pull", "what attracts people to a new solution"),
    ("anxiety", "Anxiety", "what worries people about a new solution"),
    ("habit", "Habit", "what keeps people with the current way"),
)
FORCE_KEYS = ("push", "pull", "habit", "anxiety")  # the diagram's reading order
KIND_NAMES = {
    "scale": "scale",
    "single_choice": "single choice",
    "multiple_choice": "multiple choice",
    "ranking": "ranking",
    "yes_no": "yes / no",
}


def _num(value: Any, digits: int = 2) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int):
        return str(value)
    return f"{float(value):.{digits}f}"


def _pct(share: Any) -> str:
    if share is None:
        return "–"
    return f"{float(share) * 100:.0f}%"


def _span(quote: dict[str, Any]) -> str:
    return f"{quote.get('source', '')}:{quote.get('start', '')}–{quote.get('end', '')}"


def _mdcode(text: Any) -> str:
    """Text for inside a Markdown code span: literal already, so only one line, no backtick
    (replaced by '), and `|` escaped for tables."""
    text = " ".join(visible_controls("" if text is None else str(text)).split())
    return text.replace("`", "'").replace("|", "\\|")


def _environment(autoescape: bool) -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(HERE)),
        autoescape=autoescape,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(num=_num, pct=_pct, span=_span, plural=plural,
                       md=partial(markdown_text, one_line=True), mdcode=_mdcode)
    env.finalize = finalize
    return env


def _context(analysis: dict[str, Any], *, html: bool) -> dict[str, Any]:
    themes = analysis.get("themes") or []
    theme_by_id = {theme["id"]: theme for theme in themes}
    structured = analysis.get("structured") or []
    context: dict[str, Any] = {
        "a": analysis,
        "summary": analysis.get("summary") or {},
        "themes": themes,
        "theme_by_id": theme_by_id,
        "families": [
            {
                "key": key,
                "name": name,
                "blurb": blurb,
                "themes": [t for t in themes if t.get("family") == key],
            }
            for key, name, blurb in FAMILIES
        ],
        "force_keys": FORCE_KEYS,
        "family_names": {key: name for key, name, _ in FAMILIES},
        "kind_names": KIND_NAMES,
        "worth_a_look": [t for t in themes if t.get("worth_a_look")],
        "disagreements": analysis.get("disagreements") or [],
        "sentiment_rows": _top_themes(analysis),
        "structured": structured,
        "speakers_of": {s["source"]: s["interviewers"] for s in analysis.get("speakers") or []},
        "assisted_timelines": {t["participant"]: t for t in
                               (analysis.get("assisted") or {}).get("timelines") or []},
    }
    if html:
        context["themes_svg"] = Markup(charts.themes_chart(themes))
        context["forces_svg"] = Markup(charts.forces_chart(analysis.get("forces") or {}))
        context["structured_svgs"] = [Markup(charts.distribution_chart(s)) for s in structured]
        context["sentiment_svg"] = Markup(charts.sentiment_chart(_top_themes(analysis)))
    return context


SENTIMENT_THEMES = 15  # the chart shows the themes most people share


def _top_themes(analysis: dict[str, Any]) -> list[dict[str, Any]]:
    rows = list(analysis.get("theme_sentiment") or [])
    rows.sort(key=lambda r: (-r["participant_count"], r["theme"]))
    return rows[:SENTIMENT_THEMES]


def render_markdown(analysis: dict[str, Any]) -> str:
    """The report as Markdown: readable as plain text, safe when rendered."""
    template = _environment(autoescape=False).get_template("report.md.j2")
    return template.render(**_context(analysis, html=False))


def render_html(analysis: dict[str, Any]) -> str:
    """The report as one self-contained HTML page with inline CSS and SVG."""
    template = _environment(autoescape=True).get_template("report.html.j2")
    return template.render(**_context(analysis, html=True))


def analysis_json(analysis: dict[str, Any]) -> str:
    """One top-level key per line and one list item per line: easy to diff and to grep.

    Not `indent=`: that sends every value through json's pure-Python encoder, which took a
    fifth of a warm 10k-answer analysis; each line here is one call to the C encoder.
    """
    def compact(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False)

    lines = []
    for key, value in analysis.items():
        if isinstance(value, list) and value:
            items = ",\n".join(f"    {compact(item)}" for item in value)
            lines.append(f"  {compact(key)}: [\n{items}\n  ]")
        else:
            lines.append(f"  {compact(key)}: {compact(value)}")
    return "{\n" + ",\n".join(lines) + "\n}\n"


def write_reports(analysis: dict[str, Any], out: Path) -> None:
    """Write analysis.json, report.md and report.html into `out` (created if missing).

    Each file is replaced atomically (`jobstory.synthesis.outputs.write_files`): a reader
    never sees a partial file, and a run killed midway leaves whole files. analysis.json is
    replaced last, so a new one means the reports beside it are new too, and the next run's
    theme ids never rest on a truncated file.
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    write_files(out, {
        "report.md": render_markdown(analysis),
        "report.html": render_html(analysis),
        "analysis.json": analysis_json(analysis),
    })


__all__ = ["analysis_json", "render_html", "render_markdown", "write_reports"]
