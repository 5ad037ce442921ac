"""Results people reported: what changed after the switch, in their words, with a number.

From each timeline's `results` (what-changed answers that give a number), keeping only
sentences with a quantity in them: a digit or a number word ("nineteen", "half", "twice").
A bare "one" is not counted, since "one of those things" is not a measure. Each result is
grouped by what the number measures (money, time, or how often / how many), from the unit
words around it; the groups and their order are fixed, the counts are distinct participants.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

QUANTITY = re.compile(
    r"\d|\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|"
    r"eighty|ninety|hundreds?|thousands?|millions?|half|double|twice|triple|quarter|dozen|"
    r"none|zero)\b", re.I)
MEASURES: tuple[tuple[str, str, re.Pattern[str]], ...] = (
    ("money", "Money", re.compile(
        r"[£$€¥₹]|\b(?:pounds?|quid|euros?|dollars?|bucks|cents?|pence|grand|k\b|revenue|"
        r"cost|costs|paid|price|fees?|invoices?|salary|wages?|budget|profit|savings?)\b",
        re.I)),
    ("time", "Time", re.compile(
        r"\b(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|fortnights?|months?|years?|"
        r"mornings?|afternoons?|evenings?|nights?|weekends?|o'clock|time)\b", re.I)),
    ("count", "How often or how many", re.compile(r".")),
)
QUOTES_PER_GROUP = 6


def has_quantity(text: str) -> bool:
    return bool(QUANTITY.search(text))


def measure_of(text: str) -> str:
    return next(key for key, _, pattern in MEASURES if pattern.search(text))


def reported_results(timelines: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Groups in `MEASURES` order, each `{"measure", "label", "participant_count",
    "participants", "quotes"}`; a quote carries the participant and its location. Empty
    groups are left out."""
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for line in timelines:
        for item in line.get("results") or []:
            if has_quantity(item["text"]):
                grouped[measure_of(item["text"])].append(item)
    out = []
    for key, label, _ in MEASURES:
        quotes = sorted(grouped.get(key, []), key=lambda q: (q["participant"], q["source"],
                                                               q["start"]))
        if not quotes:
            continue
        people = sorted({q["participant"] for q in quotes})
        first: dict[str, dict[str, Any]] = {}
        rest = []
        for q in quotes:  # one per person first, so the group shows as many people as it can
            if q["participant"] in first:
                rest.append(q)
            else:
                first[q["participant"]] = q
        shown = (list(first.values()) + rest)[:QUOTES_PER_GROUP]
        out.append({"measure": key, "label": label, "participant_count": len(people),
                    "participants": people, "quotes": shown})
    return out
