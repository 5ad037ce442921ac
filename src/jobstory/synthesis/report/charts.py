"""Inline SVG charts for the report, generated as strings with no dependencies.

Every label and every number shown comes from the analysis dict; this module only lays
shapes out and escapes text. The SVG carries no `xmlns` (inline SVG in HTML does not need one)
and no external references, fonts or scripts, so the report stays self-contained. Each chart
is well-formed XML and carries a `<title>` for screen readers.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from html import escape
from typing import Any

from jobstory.shown import visible_controls

PROGRESS = "#2e7d4f"
PROGRESS_FILL = "#e6f2ea"
HOLDING = "#b0473a"
HOLDING_FILL = "#f7e7e4"
BAR = "#3b6ea8"
MUTED = "#6b7280"
INK = "#1f2933"

FAMILY_NAMES = {
    "situation": "Situation",
    "motivation": "Motivation",
    "outcome": "Outcome",
    "push": "Push",
    "pull": "Pull",
    "anxiety": "Anxiety",
    "habit": "Habit",
    "functional": "Functional",
    "emotional": "Emotional",
    "social": "Social",
}


def _e(text: Any) -> str:
    """Escape text for an SVG text node or attribute."""
    return escape(visible_controls("" if text is None else str(text)), quote=True)


def _num(value: Any, digits: int = 2) -> str:
    if value is None:
        return "–"
    if isinstance(value, int):
        return str(value)
    return f"{float(value):.{digits}f}"


def _pct(share: Any) -> str:
    return "–" if share is None else f"{float(share) * 100:.0f}%"


def _clip(text: str, limit: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _f(value: float) -> str:
    """Format a coordinate compactly and deterministically."""
    text = f"{value:.1f}"
    return text.removesuffix(".0")


def _svg(width: int, height: int, title: str, body: Sequence[str], css_class: str) -> str:
    return (
        f'<svg class="chart {css_class}" role="img" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" aria-label="{_e(title)}">'
        f"<title>{_e(title)}</title>" + "".join(body) + "</svg>"
    )


def hbar_chart(
    rows: Sequence[dict[str, Any]],
    *,
    title: str,
    scale_max: float | None = None,
    width: int = 900,
    label_width: int = 360,
    css_class: str = "hbar",
) -> str:
    """Horizontal bars. Each row: `label`, `value` (bar length), `note` (text after the bar),
    optional `low`/`high` (an interval drawn as a whisker, same units as value) and `tip`."""
    row_h, top, bottom = 26, 8, 8
    note_w = 170
    plot_w = width - label_width - note_w - 16
    height = top + bottom + row_h * max(1, len(rows))
    peak = scale_max or max([float(r["value"] or 0) for r in rows] + [1.0])
    body: list[str] = []
    x0 = label_width + 8
    if not rows:
        body.append(f'<text x="{x0}" y="{top + 17}" fill="{MUTED}" font-size="13">no data</text>')
    for i, row in enumerate(rows):
        y = top + i * row_h
        value = float(row["value"] or 0)
        w = plot_w * value / peak if peak else 0
        tip = row.get("tip") or row["label"]
        body.append(f"<g><title>{_e(tip)}</title>")
        body.append(
            f'<text x="{label_width}" y="{_f(y + 17)}" text-anchor="end" font-size="13" '
            f'fill="{INK}">{_e(_clip(row["label"], 52))}</text>'
        )
        body.append(
            f'<rect x="{x0}" y="{_f(y + 5)}" width="{_f(plot_w)}" height="16" fill="#eef1f5"/>'
        )
        body.append(
            f'<rect x="{x0}" y="{_f(y + 5)}" width="{_f(w)}" height="16" '
            f'fill="{row.get("color", BAR)}"/>'
        )
        if row.get("low") is not None and row.get("high") is not None and peak:
            lx = x0 + plot_w * float(row["low"]) / peak
            hx = x0 + plot_w * float(row["high"]) / peak
            cy = y + 13
            body.append(
                f'<path d="M{_f(lx)} {_f(cy)}H{_f(hx)}M{_f(lx)} {_f(cy - 5)}V{_f(cy + 5)}'
                f'M{_f(hx)} {_f(cy - 5)}V{_f(cy + 5)}" stroke="{INK}" stroke-width="1.5" '
                'fill="none"/>'
            )
        body.append(
            f'<text x="{_f(x0 + plot_w + 8)}" y="{_f(y + 17)}" font-size="12" '
            f'fill="{MUTED}">{_e(row.get("note", ""))}</text>'
        )
        body.append("</g>")
    return _svg(width, height, title, body, css_class)


def themes_chart(themes: Sequence[dict[str, Any]], *, limit: int = 25) -> str:
    """Themes by distinct participants, most first (ties keep the analysis order)."""
    ordered = sorted(
        enumerate(themes), key=lambda pair: (-int(pair[1].get("participant_count") or 0), pair[0])
    )
    rows = []
    for _, theme in ordered[:limit]:
        family = FAMILY_NAMES.get(theme.get("family", ""), str(theme.get("family", "")))
        count = int(theme.get("participant_count") or 0)
        label = f"{family} · {theme.get('label', '')}"
        rows.append(
            {
                "label": label,
                "tip": label,
                "value": count,
                "note": f"{count} participant{'' if count == 1 else 's'}",
            }
        )
    title = "Themes by number of distinct participants"
    if len(themes) > limit:
        title += f" (top {limit} of {len(themes)})"
    return hbar_chart(rows, title=title, css_class="themes")


def _wrap(text: str, width: int, lines: int) -> list[str]:
    wrapped = textwrap.wrap(" ".join(str(text).split()), width=width) or [""]
    if len(wrapped) > lines:
        wrapped = wrapped[:lines]
        last = wrapped[-1]
        wrapped[-1] = (last[: width - 1].rstrip() if len(last) >= width else last) + "…"
    return wrapped


FORCES = (
    # key, title, subtitle, column, row
    ("push", "Push", "of the current situation", 0, 0),
    ("pull", "Pull", "of the new solution", 1, 0),
    ("habit", "Habit", "of the present way", 0, 1),
    ("anxiety", "Anxiety", "about the new solution", 1, 1),
)


def forces_chart(forces: dict[str, Any]) -> str:
    """The forces-of-progress diagram: push and pull move people toward a new solution,
    habit and anxiety hold them back. Each box shows its participant count and top quote."""
    width, height = 960, 520
    box_w, box_h = 430, 190
    xs = (30, 500)
    ys = (60, 300)
    body: list[str] = [
        (
            f'<text x="480" y="24" text-anchor="middle" font-size="14" font-weight="600" '
            f'fill="{PROGRESS}">Promoting the switch → toward the new solution</text>'
        ),
        (
            f'<text x="480" y="{height - 12}" text-anchor="middle" font-size="14" '
            f'font-weight="600" fill="{HOLDING}">← Blocking the switch: holding on to today</text>'
        ),
        # centre line: current way -> new way
        f'<path d="M30 275H918" stroke="{MUTED}" stroke-width="2" fill="none"/>',
        f'<path d="M918 269L930 275L918 281Z" fill="{MUTED}"/>',
        f'<text x="30" y="268" font-size="12" fill="{MUTED}">Current way</text>',
        f'<text x="930" y="268" text-anchor="end" font-size="12" fill="{MUTED}">New way</text>',
    ]
    for key, name, subtitle, col, row in FORCES:
        force = forces.get(key) or {}
        x, y = xs[col], ys[row]
        progress = row == 0
        stroke = PROGRESS if progress else HOLDING
        fill = PROGRESS_FILL if progress else HOLDING_FILL
        count = int(force.get("participant_count") or 0)
        quotes = force.get("quotes") or []
        body.append(f'<g class="force force-{key}"><title>{_e(name)} {_e(subtitle)}</title>')
        body.append(
            f'<rect x="{x}" y="{y}" width="{box_w}" height="{box_h}" rx="8" fill="{fill}" '
            f'stroke="{stroke}" stroke-width="1.5"/>'
        )
        # arrow showing the direction of the force
        ay = y + 26
        if progress:
            ax = x + box_w - 70
            body.append(
                f'<path d="M{ax} {ay}H{ax + 44}M{ax + 36} {ay - 7}L{ax + 46} {ay}L{ax + 36} '
                f'{ay + 7}" stroke="{stroke}" stroke-width="3" fill="none"/>'
            )
        else:
            ax = x + box_w - 24
            body.append(
                f'<path d="M{ax} {ay}H{ax - 44}M{ax - 36} {ay - 7}L{ax - 46} {ay}L{ax - 36} '
                f'{ay + 7}" stroke="{stroke}" stroke-width="3" fill="none"/>'
            )
        body.append(
            f'<text x="{x + 16}" y="{y + 32}"><tspan font-size="20" font-weight="700" '
            f'fill="{stroke}">{_e(name)}</tspan><tspan dx="8" font-size="13" '
            f'fill="{MUTED}">{_e(subtitle)}</tspan></text>'
        )
        body.append(
            f'<text x="{x + 16}" y="{y + 58}" font-size="15" font-weight="600" fill="{INK}">'
            f"{count} participant{'' if count == 1 else 's'}</text>"
        )
        if quotes:
            quote = quotes[0]
            lines = _wrap(f"“{quote.get('text', '')}”", 54, 4)
            for i, line in enumerate(lines):
                body.append(
                    f'<text x="{x + 16}" y="{y + 88 + 20 * i}" font-size="14.5" '
                    f'font-style="italic" fill="{INK}">{_e(line)}</text>'
                )
            cite = (
                f"— {quote.get('participant', '')}, {quote.get('source', '')}:"
                f"{quote.get('start', '')}–{quote.get('end', '')}"
            )
            body.append(
                f'<text x="{x + 16}" y="{y + box_h - 14}" font-size="12" fill="{MUTED}">'
                f"{_e(_clip(cite, 64))}</text>"
            )
        else:
            body.append(
                f'<text x="{x + 16}" y="{y + 90}" font-size="13" fill="{MUTED}">'
                "no quotes coded to this force</text>"
            )
        body.append("</g>")
    return _svg(width, height, "Forces of progress", body, "forces")


def scale_chart(summary: dict[str, Any]) -> str:
    """A histogram of a scale question with the mean and its bootstrap interval."""
    dist = summary.get("distribution") or []
    width, height = 560, 230
    left, right, top, bottom = 40, 20, 34, 44
    plot_w = width - left - right
    plot_h = height - top - bottom
    slot = plot_w / max(1, len(dist))
    peak = max([int(d.get("count") or 0) for d in dist] + [1])
    base = top + plot_h
    body: list[str] = [
        f'<path d="M{left} {base}H{width - right}" stroke="{MUTED}" stroke-width="1" fill="none"/>'
    ]
    for i, bucket in enumerate(dist):
        count = int(bucket.get("count") or 0)
        h = plot_h * count / peak
        x = left + i * slot
        bw = slot * 0.7
        body.append(
            f"<g><title>{_e(bucket.get('value'))}: {count} ({_e(_pct(bucket.get('share')))})"
            "</title>"
            f'<rect x="{_f(x + slot * 0.15)}" y="{_f(base - h)}" width="{_f(bw)}" '
            f'height="{_f(h)}" fill="{BAR}"/>'
            f'<text x="{_f(x + slot / 2)}" y="{_f(base - h - 5)}" text-anchor="middle" '
            f'font-size="12" fill="{INK}">{count}</text>'
            f'<text x="{_f(x + slot / 2)}" y="{base + 17}" text-anchor="middle" font-size="12" '
            f'fill="{INK}">{_e(bucket.get("value"))}</text></g>'
        )
    mean = summary.get("mean")
    if mean and dist:
        low_point = float(dist[0]["value"])
        span = float(dist[-1]["value"]) - low_point

        def to_x(v: float) -> float:
            # bar centres sit at left + slot/2 + (v - min) * slot
            return left + slot / 2 + (v - low_point) * slot if span >= 0 else left

        lx, hx, mx = to_x(mean["ci_low"]), to_x(mean["ci_high"]), to_x(mean["estimate"])
        body.append(
            f'<rect x="{_f(lx)}" y="{top}" width="{_f(max(hx - lx, 1))}" height="{plot_h}" '
            f'fill="{HOLDING}" fill-opacity="0.12"/>'
            f'<path d="M{_f(mx)} {top - 4}V{base}" stroke="{HOLDING}" stroke-width="2" '
            'stroke-dasharray="4 3" fill="none"/>'
        )
        label = (
            f"mean {_num(mean['estimate'])} (95% CI {_num(mean['ci_low'])}–"
            f"{_num(mean['ci_high'])}), n = {summary.get('n', 0)}"
        )
        body.append(f'<text x="{left}" y="18" font-size="12.5" fill="{HOLDING}">{_e(label)}</text>')
    else:
        body.append(f'<text x="{left}" y="18" font-size="12.5" fill="{MUTED}">no answers</text>')
    title = f"Distribution of answers to {summary.get('id', '')}"
    return _svg(width, height, title, body, "scale")


def distribution_chart(summary: dict[str, Any]) -> str:
    """The chart for one `structured.summarise` result, chosen by the question's kind."""
    kind = summary.get("kind")
    if kind == "scale":
        return scale_chart(summary)
    if kind == "ranking":
        rows = [
            {
                "label": item["option"],
                "value": item.get("borda") or 0,
                "note": f"{item.get('borda', 0)} pts · mean rank {_num(item.get('mean_rank'))}",
            }
            for item in summary.get("ranking") or []
        ]
        return hbar_chart(
            rows, title=f"Borda points for {summary.get('id', '')}", css_class="ranking"
        )
    rows = [
        {
            "label": item["option"],
            "value": item.get("share") or 0,
            "low": item.get("ci_low"),
            "high": item.get("ci_high"),
            "note": f"{item.get('count', 0)} · {_pct(item.get('share'))}",
            "tip": (
                f"{item['option']}: {item.get('count', 0)} of {summary.get('n', 0)} "
                f"(95% CI {_pct(item.get('ci_low'))}–{_pct(item.get('ci_high'))})"
            ),
        }
        for item in summary.get("distribution") or []
    ]
    return hbar_chart(
        rows,
        title=f"Share of respondents per option for {summary.get('id', '')}",
        scale_max=1.0,
        css_class="choice",
    )


SENTIMENT_COLORS = (("negative", HOLDING), ("neutral", "#c9d1db"), ("positive", PROGRESS))


def sentiment_chart(rows: Sequence[dict[str, Any]], *, width: int = 900,
                    label_width: int = 300) -> str:
    """One stacked bar per theme: the share of its members felt negative, neutral, positive.
    Each row: `family`, `label`, `participant_count`, `shares`, `counts`."""
    row_h, top, bottom = 24, 24, 8
    note_w = 120
    plot_w = width - label_width - note_w - 16
    x0 = label_width + 8
    height = top + bottom + row_h * max(1, len(rows))
    title = "Sentiment per theme: share of each theme's statements felt negative, neutral, " \
            "positive"
    body: list[str] = []
    lx = x0
    for name, color in SENTIMENT_COLORS:
        body.append(f'<rect x="{_f(lx)}" y="4" width="12" height="12" fill="{color}"/>'
                    f'<text x="{_f(lx + 16)}" y="14" font-size="12" fill="{MUTED}">{name}</text>')
        lx += 100
    if not rows:
        body.append(f'<text x="{x0}" y="{top + 16}" fill="{MUTED}" font-size="13">no data</text>')
    for i, row in enumerate(rows):
        y = top + i * row_h
        label = f"{FAMILY_NAMES.get(row['family'], row['family'])} · {row['label']}"
        counts = row.get("counts") or {}
        tip = f"{label}: " + ", ".join(f"{counts.get(n, 0)} {n}" for n, _ in SENTIMENT_COLORS)
        body.append(f"<g><title>{_e(tip)}</title>")
        body.append(f'<text x="{label_width}" y="{_f(y + 16)}" text-anchor="end" font-size="13" '
                    f'fill="{INK}">{_e(_clip(label, 44))}</text>')
        x = float(x0)
        for name, color in SENTIMENT_COLORS:
            w = plot_w * float((row.get("shares") or {}).get(name, 0.0))
            if w > 0:
                body.append(f'<rect x="{_f(x)}" y="{_f(y + 4)}" width="{_f(w)}" height="16" '
                            f'fill="{color}"/>')
            x += w
        body.append(f'<text x="{x0 + plot_w + 8}" y="{_f(y + 16)}" font-size="12" '
                    f'fill="{MUTED}">{_e(_num(row.get("participant_count")))} people</text>')
        body.append("</g>")
    return _svg(width, height, title, body, "sentiment")
