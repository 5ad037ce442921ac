"""Results people reported: what changed after the switch, in their words, with a number.

From each timeline's `results` (what-changed answers that give a number), keeping only
sentences with a quantity in them: a digit or a number word ("nineteen", "half", "twice").
A bare "one" is not counted ("one of those things" is not a measure), nor "double-up".
Each result is grouped by what its number measures: money (a currency sign or a number of
pounds, euros, dollars), time (a number of minutes, hours, days ..., a clock time, or
"days ... went from forty-one to nineteen"), or how often / how many (any other number, and
"one every two months": a period says how often, not a time). The groups and their order are
fixed; the counts are distinct participants.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

_NUM = (r"(?:\d[\d,.]*|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
        r"thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|"
        r"fifty|sixty|seventy|eighty|ninety|hundreds?|thousands?|millions?|half|twice|"
        r"quarter|dozen|zero|double(?!-)|triple(?!-))")
QUANTITY = re.compile(rf"(?<![\w-]){_NUM}(?![\w])|\d", re.I)
#: "every two months" is how often something happens (a count), not a time it took or saved.
_NOT_A_PERIOD = r"(?<!\bevery )(?<!\beach )(?<!\bper )"
_UNIT_GAP = r"(?:[\s-]+[\w'-]+)?[\s-]+"  # "four months", "twenty-odd Saturdays", "half an hour"
MEASURES: tuple[tuple[str, str, re.Pattern[str]], ...] = (
    ("money", "Money", re.compile(
        rf"[£$€¥₹]\s?\d|{_NUM}{_UNIT_GAP}(?:pounds?|quid|euros?|dollars?|bucks|cents?|pence|"
        r"grand)\b|\d\s?k\b", re.I)),
    ("time", "Time", re.compile(
        rf"{_NOT_A_PERIOD}{_NUM}{_UNIT_GAP}(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|"
        r"fortnights?|"
        r"months?|years?|mornings?|afternoons?|evenings?|nights?|weekends?|mondays|tuesdays|"
        r"wednesdays|thursdays|fridays|saturdays|sundays)\b|\b\d{1,2}[:.]\d{2}\b"
        rf"|\b(?:minutes|hours|days|weeks|months|years)\b[^.]{{0,40}}?\bfrom\s+{_NUM}", re.I)),
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
