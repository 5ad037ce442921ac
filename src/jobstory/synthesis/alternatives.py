"""What people considered instead, across the study: the alternatives section of the report.

Read from the switch timelines (`timelines.py` finds each alternative a participant weighed
and its kind: another product, a spreadsheet, paper, a person, doing nothing). Here they are
counted by distinct participants per kind, with the words people used to name them (the
phrase that made the kind, e.g. "Google Sheet", "clipboard", "do nothing") and one quote per
person. Counts are computed; nothing is paraphrased.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from jobstory.synthesis.timelines import ALTERNATIVE_KINDS

QUOTES_PER_KIND = 4
_PATTERNS = dict(ALTERNATIVE_KINDS)


def named_as(kind: str, text: str) -> str | None:
    """The words in `text` that name an alternative of `kind` ("Google Sheet", "paper")."""
    pattern = _PATTERNS.get(kind)
    match = pattern.search(text) if pattern else None
    return " ".join(match.group(0).split()).lower() if match else None


def alternatives_considered(timelines: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """One record per kind of alternative: `kind`, `participant_count`, `participants`,
    `named` (the words used, with how many people used them) and `quotes` (one per person,
    at most `QUOTES_PER_KIND`). Most people first, then kind."""
    people: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)  # kind -> person -> quote
    words: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for line in timelines:
        for item in line.get("alternatives") or []:
            kind = item["kind"]
            quote = {k: item[k] for k in ("text", "source", "start", "end", "participant")}
            people[kind].setdefault(line["participant"], quote)
            name = named_as(kind, item["text"])
            if name:
                words[kind][name].add(line["participant"])
    records = []
    for kind, quotes in people.items():
        named = sorted(words[kind].items(), key=lambda kv: (-len(kv[1]), kv[0]))
        records.append({
            "kind": kind,
            "participant_count": len(quotes),
            "participants": sorted(quotes),
            "named": [{"words": w, "participant_count": len(who)} for w, who in named],
            "quotes": [quotes[p] for p in sorted(quotes)][:QUOTES_PER_KIND],
        })
    records.sort(key=lambda r: (-r["participant_count"], r["kind"]))
    return records
