"""Inline SVG charts for the feedback report: strings, every text escaped, no external refs.

Each chart is well-formed XML with a ``<title>`` for screen readers, and carries no fonts,
scripts or links, so the HTML page stays self-contained.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from jobstory.shown import visible_controls

BAR = "#3b6ea8"
NEGATIVE = "#b0473a"
NEUTRAL = "#9aa5b1"
POSITIVE = "#2e7d4f"
INK = "#1f2933"
MUTED = "#6b7280"
SENTIMENT_COLOURS = {"negative": NEGATIVE, "neutral": NEUTRAL, "positive": POSITIVE}


def _e(text: object) -> str:
    return escape(visible_controls(str(text)), quote=True)


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def respondents_chart(rows: Sequence[tuple[str, int]], total: int, width: int = 760) -> str:
    """Horizontal bars: respondents per theme, as counts and shares of ``total``."""
    label_w, bar_w, row_h = 300, width - 300 - 110, 22
    height = row_h * len(rows) + 10
    most = max((n for _, n in rows), default=1) or 1
    parts = [f'<svg class="chart" viewBox="0 0 {width} {height}" width="{width}" '
             f'height="{height}" role="img"><title>Respondents per theme</title>']
    for i, (label, n) in enumerate(rows):
        y = 5 + i * row_h
        w = bar_w * n / most
        share = n / total if total else 0.0
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 15}" text-anchor="end" font-size="12" '
            f'fill="{INK}">{_e(_clip(label, 44))}</text>'
            f'<rect x="{label_w}" y="{y + 3}" width="{w:.1f}" height="{row_h - 6}" '
            f'fill="{BAR}"><title>{_e(label)}: {n}</title></rect>'
            f'<text x="{label_w + w + 6:.1f}" y="{y + 15}" font-size="12" fill="{MUTED}">'
            f'{n} ({share:.0%})</text>')
    parts.append("</svg>")
    return "".join(parts)


def sentiment_bar(shares: dict[str, float], width: int = 240) -> str:
    """One stacked bar: negative / neutral / positive shares, left to right."""
    parts = [f'<svg class="sentiment" viewBox="0 0 {width} 16" width="{width}" height="16" '
             f'role="img"><title>Sentiment: ' + ", ".join(
                 f"{_e(label)} {share:.0%}" for label, share in shares.items()) + "</title>"]
    x = 0.0
    for label, share in shares.items():
        w = width * share
        if w > 0:
            parts.append(f'<rect x="{x:.1f}" y="0" width="{w:.1f}" height="16" '
                         f'fill="{SENTIMENT_COLOURS[label]}"/>')
        x += w
    parts.append("</svg>")
    return "".join(parts)


def theme_count_chart(curve: Sequence[tuple[int, float]], chosen: int, width: int = 760,
                      height: int = 220) -> str:
    """The criterion the automatic theme count maximises, for each number of themes, with the
    count used marked: a researcher sees where other counts would hold almost as well."""
    if not curve:
        return ""
    left, right, top, bottom = 50, 20, 15, 35
    ks = [k for k, _ in curve]
    qs = [q for _, q in curve]
    k_lo, k_hi = min(ks), max(ks)
    q_lo, q_hi = min(0.0, min(qs)), max(qs) if max(qs) > 0 else 1.0

    def px(k: int) -> float:
        return left + (width - left - right) * (k - k_lo) / max(1, k_hi - k_lo)

    def py(q: float) -> float:
        return top + (height - top - bottom) * (q_hi - q) / max(1e-9, q_hi - q_lo)

    points = " ".join(f"{px(k):.1f},{py(q):.1f}" for k, q in curve)
    parts = [f'<svg class="chart" viewBox="0 0 {width} {height}" width="{width}" '
             f'height="{height}" role="img"><title>Theme count: modularity of each number of '
             f'themes; {chosen} used</title>',
             f'<line x1="{left}" y1="{py(0):.1f}" x2="{width - right}" y2="{py(0):.1f}" '
             f'stroke="{MUTED}" stroke-width="0.5"/>',
             f'<polyline points="{points}" fill="none" stroke="{BAR}" stroke-width="1.5"/>']
    chosen_q = dict(curve).get(chosen)
    if chosen_q is not None:
        parts.append(f'<circle cx="{px(chosen):.1f}" cy="{py(chosen_q):.1f}" r="4" '
                     f'fill="{NEGATIVE}"/><text x="{px(chosen) + 6:.1f}" '
                     f'y="{py(chosen_q) - 6:.1f}" font-size="12" fill="{INK}">'
                     f'{chosen} themes</text>')
    ticks = sorted({k_lo, k_hi, *range(10 * ((k_lo + 9) // 10), k_hi, 10)})
    for k in ticks:
        parts.append(f'<text x="{px(k):.1f}" y="{height - bottom + 16}" font-size="11" '
                     f'text-anchor="middle" fill="{MUTED}">{k}</text>')
    parts.append(f'<text x="{(left + width - right) / 2:.0f}" y="{height - 4}" font-size="11" '
                 f'text-anchor="middle" fill="{MUTED}">number of themes</text>')
    for q in (q_lo, q_hi):
        parts.append(f'<text x="{left - 6}" y="{py(q) + 4:.1f}" font-size="11" '
                     f'text-anchor="end" fill="{MUTED}">{q:.2f}</text>')
    parts.append("</svg>")
    return "".join(parts)
