"""Answers from templates: every count computed from the index, every quote a participant's
own words at its place, and "I found nothing on that in these interviews" when nothing is."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from jobstory.delivery.ask.index import StudyIndex
from jobstory.delivery.ask.intent import FAMILIES, STAGES, Intent
from jobstory.delivery.ask.retrieve import Hit, mentions
from jobstory.plural import plural

NOTHING = "I found nothing on that in these interviews."
#: Quotes shown with one answer: enough to judge it, few enough to read.
MAX_QUOTES = 8
#: Tied leaders named in one "most common" answer; more are counted, not listed.
MAX_TIED = 5

Link = Callable[[str, int, int], str]

_FAMILY_NAMES = {"situation": "trigger", "anxiety": "anxiety", "pull": "pull",
                 "push": "push", "habit": "habit", "alternatives": "alternative",
                 "outcome": "outcome"}
_FAMILY_PLURALS = {"situation": "triggers", "anxiety": "anxieties", "pull": "pulls",
                   "push": "pushes", "habit": "habits", "alternatives": "alternatives",
                   "outcome": "outcomes"}


def default_link(source: str, start: int, end: int) -> str:
    """A quote's place: the source and its character span, as analysis.json names segments."""
    return f"{source}#{start}-{end}"


@dataclass(frozen=True)
class Quote:
    participant: str
    text: str
    source: str
    start: int
    end: int
    link: str
    checked: str  # "source": matched the source's own text; "analysis": its passages only

    def as_json(self) -> dict[str, Any]:
        return {"participant": self.participant, "text": self.text, "source": self.source,
                "start": self.start, "end": self.end, "link": self.link,
                "checked": self.checked}


@dataclass
class Answer:
    question: str
    intent: Intent
    text: str
    counts: dict[str, Any] = field(default_factory=dict)
    participants: list[str] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    phrased_by: str = "embedded"

    @property
    def found(self) -> bool:
        return bool(self.quotes)

    def as_json(self) -> dict[str, Any]:
        return {"question": self.question, "intent": self.intent.as_json(), "text": self.text,
                "counts": self.counts, "participants": self.participants,
                "quotes": [q.as_json() for q in self.quotes], "phrased_by": self.phrased_by}


def quote_of(index: StudyIndex, i: int, link: Link) -> Quote | None:
    """Passage `i` as a quote, if it is still the source's own text at its place."""
    p = index.passages[i]
    matched = index.in_source(p.source, p.start, p.end, p.text)
    if matched is False:
        return None
    return Quote(p.participant, p.text, p.source, p.start, p.end,
                 link(p.source, p.start, p.end), "source" if matched else "analysis")


def _quote_span(index: StudyIndex, span: dict[str, Any], link: Link) -> Quote | None:
    """A quote analysis.json gives directly (a theme's or a story's), checked the same way."""
    try:
        source, start, end = span["source"], int(span["start"]), int(span["end"])
        text, participant = span["text"], span["participant"]
    except (KeyError, TypeError, ValueError):
        return None
    matched = index.in_source(source, start, end, text)
    if matched is False:
        return None
    return Quote(participant, text, source, start, end, link(source, start, end),
                 "source" if matched else "analysis")


def _best_per_participant(index: StudyIndex, hits: Sequence[Hit]) -> list[tuple[str, int]]:
    """(participant, passage) for each participant's best hit, best first."""
    best: dict[str, int] = {}
    for hit in hits:
        best.setdefault(index.passages[hit.index].participant, hit.index)
    return list(best.items())


def _number(n: int) -> str:
    """A small count in words, as a sentence says it ("three triggers are tied")."""
    words = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
             "ten", "eleven", "twelve")
    return words[n] if 0 <= n < len(words) else str(n)


def _names(names: Sequence[str], limit: int = 12) -> str:
    shown = list(names[:limit])
    more = len(names) - len(shown)
    if more > 0:
        shown.append(f"{more} more")
    if len(shown) <= 1:
        return "".join(shown)
    return ", ".join(shown[:-1]) + " and " + shown[-1]


def _about(intent: Intent) -> str:
    if intent.topic and intent.family:
        return f"{intent.topic} (as {_FAMILY_NAMES[intent.family]})"
    if intent.topic and intent.stage:
        return f"{intent.topic} ({STAGES[intent.stage][0]})"
    if intent.family:
        return _FAMILY_PLURALS[intent.family]
    return intent.topic or (STAGES[intent.stage][0] if intent.stage else "that")


def _quotes(index: StudyIndex, chosen: Sequence[int], link: Link) -> list[Quote]:
    quotes = [q for q in (quote_of(index, i, link) for i in chosen) if q is not None]
    return quotes[:MAX_QUOTES]


def _distinct(index: StudyIndex, hits: Sequence[Hit]) -> list[Hit]:
    """Hits without repeats: one person's same words said twice (a sentence a transcript
    holds twice, or coded twice) are one passage, counted once."""
    seen: set[tuple[str, str]] = set()
    out = []
    for hit in hits:
        p = index.passages[hit.index]
        key = (p.participant, " ".join(p.text.casefold().split()))
        if key not in seen:
            seen.add(key)
            out.append(hit)
    return out


def _shown(passages: int, people: int, quotes: int) -> str:
    """What the quotes below are, so the counts and what is shown agree: one per person, up
    to MAX_QUOTES people, and how many passages are not shown."""
    text = f"{plural(passages, 'passage')} in all; "
    if passages == quotes == 1:
        return text + "quoted below."
    text += ("one quote per person below" if quotes == people
             else f"one quote each from the first {quotes} people below")
    if quotes < passages:
        text += f" ({plural(passages - quotes, 'more passage')} not shown)"
    return text + "."


def _mention_answer(index: StudyIndex, question: str, intent: Intent, link: Link) -> Answer:
    hits = _distinct(index, mentions(index, intent.topic, intent.family, stage=intent.stage))
    people = _best_per_participant(index, hits)
    quotes = _quotes(index, [i for _, i in people], link)
    total = len(index.participants)
    if not quotes:
        return Answer(question, intent, NOTHING, {"participants": 0, "of": total,
                                                  "passages": 0})
    counted = [p for p, _ in people]
    counts = {"participants": len(counted), "of": total, "passages": len(hits),
              "quoted": len(quotes)}
    shown = _shown(len(hits), len(counted), len(quotes))
    if intent.kind == "count":
        text = (f"{len(counted)} of {total} participants mentioned {_about(intent)}: "
                f"{_names(counted)}. {shown}")
    elif intent.kind == "who":
        text = f"{len(counted)} of {total} participants: {_names(counted)}. {shown}"
    else:
        text = (f"{len(counted)} of {total} participants speak to {_about(intent)}. "
                f"{shown}")
    return Answer(question, intent, text, counts,
                  sorted(counted) if intent.kind != "quotes" else counted, quotes)


def _participant_answer(index: StudyIndex, question: str, intent: Intent,
                        link: Link) -> Answer:
    person = intent.participant or ""
    own = index.by_participant.get(person, [])
    if intent.topic or intent.family or intent.stage:
        hits = mentions(index, intent.topic, intent.family, within=own, stage=intent.stage)
        chosen = [h.index for h in hits[:3]]
    else:  # no topic: their story's struggling moment first, then what pushed them
        chosen = [i for i in own if index.passages[i].parts & {"struggling_moment", "push"}][:3]
    quotes = _quotes(index, chosen, link)
    if not quotes:
        return Answer(question, intent, f"{NOTHING[:-1]} from {person}.",
                      {"passages": 0}, [person])
    text = (f"{person} on {_about(intent)}: "
            + " ".join(f"\u201c{q.text}\u201d" for q in quotes))
    return Answer(question, intent, text, {"passages": len(chosen)}, [person], quotes)


def _common_answer(index: StudyIndex, question: str, intent: Intent, link: Link) -> Answer:
    total = len(index.participants)
    family = intent.family or "situation"
    ranked: list[tuple[str, list[str], list[dict[str, Any]]]] = []
    if family == "situation":
        for story in index.analysis.get("job_stories") or []:
            situation = story.get("situation") or {}
            if situation.get("text"):
                ranked.append((situation["text"], list(situation.get("participants") or []),
                               list(situation.get("quotes") or [])))
    for theme in index.analysis.get("themes") or []:
        if theme.get("family") == family and not (family == "situation" and ranked):
            quotes = [theme["representative"]] if theme.get("representative") else []
            ranked.append((theme.get("label", theme["id"]), list(theme.get("participants")
                                                                  or []),
                           quotes + list(theme.get("quotes") or [])))
    ranked.sort(key=lambda r: (-len(r[1]), r[0]))
    if not ranked:
        return Answer(question, intent, NOTHING, {"of": total})
    name = _FAMILY_NAMES[family]
    lines, quotes, counts = [], [], []
    top = len(ranked[0][1])
    listed = max(3, min(MAX_TIED, sum(len(r[1]) == top for r in ranked)))
    for label, people, spans in ranked[:listed]:
        counts.append({"label": label, "participants": len(people), "of": total})
        lines.append(f"\u201c{label}\u201d ({len(people)} of {total} participants)")
        for span in spans[:3]:
            quote = _quote_span(index, span, link)
            if quote is not None and quote not in quotes:
                quotes.append(quote)
    top = len(ranked[0][1])
    tied = [r for r in ranked if len(r[1]) == top]
    if len(tied) > 1:  # no winner to name: say they are tied, and who told each
        shown = tied[:MAX_TIED]
        text = (f"{_number(len(tied)).capitalize()} {_FAMILY_PLURALS[family]} are tied at "
                f"{top} of {total} participants each: "
                + "; ".join(f"\u201c{label}\u201d ({_names(sorted(people))})"
                            for label, people, _ in shown)
                + (f"; and {len(tied) - len(shown)} more" if len(tied) > len(shown) else "")
                + ".")
        rest = lines[len(tied):]
        named = sorted({p for _, people, _ in tied for p in people})
    else:
        top_label, top_people, _ = ranked[0]
        text = (f"The most common {name}: \u201c{top_label}\u201d, told by {top} of "
                f"{total} participants ({_names(sorted(top_people))}).")
        rest, named = lines[1:], sorted(top_people)
    if rest:
        text += " Next: " + "; ".join(rest) + "."
    return Answer(question, intent, text, {"ranked": counts, "tied": len(tied)}, named,
                  quotes[:MAX_QUOTES])


def _compare_answer(index: StudyIndex, question: str, intent: Intent, link: Link) -> Answer:
    if not index.fields or not intent.field:
        known = sorted({f for attributes in index.fields.values() for f in attributes})
        text = ("These interviews carry no participant fields to compare by." if not known
                else "Name two values of a participant field to compare (fields: "
                     + ", ".join(known) + ").")
        return Answer(question, intent, text)
    groups: dict[str, list[str]] = {value: [] for value in intent.groups}
    for participant in index.participants:
        value = index.fields.get(participant, {}).get(intent.field)
        if value in groups:
            groups[value].append(participant)
    parts, quotes, counts = [], [], {}
    for value, members in groups.items():
        own = [i for m in members for i in index.by_participant.get(m, [])]
        if intent.topic or intent.family or intent.stage:
            hits = mentions(index, intent.topic, intent.family, within=own, stage=intent.stage)
        else:
            hits = []
        themes: dict[str, set[str]] = defaultdict(set)
        for hit in hits if hits else []:
            for theme in index.passages[hit.index].themes:
                themes[theme].add(index.passages[hit.index].participant)
        labels = {t["id"]: t.get("label", t["id"]) for t in index.analysis.get("themes") or []}
        top = sorted(themes.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:3]
        speakers = sorted({index.passages[h.index].participant for h in hits})
        counts[value] = {"participants": len(members), "mentioning": len(speakers),
                         "themes": [{"label": labels.get(t, t), "participants": len(p)}
                                    for t, p in top]}
        summary = (f"{value}: {len(speakers)} of {len(members)} mention {_about(intent)}"
                   if members else f"{value}: no participants")
        if top:
            summary += " (most: " + "; ".join(f"\u201c{labels.get(t, t)}\u201d {len(p)}"
                                              for t, p in top) + ")"
        parts.append(summary)
        quotes += _quotes(index, [i for _, i in _best_per_participant(index, hits)][:3], link)
    if not quotes:
        return Answer(question, intent, NOTHING, {"groups": counts})
    return Answer(question, intent, f"By {intent.field}: " + ". ".join(parts) + ".",
                  {"groups": counts}, sorted({q.participant for q in quotes}),
                  quotes[:MAX_QUOTES])


def template_answer(index: StudyIndex, question: str, intent: Intent,
                    link: Link = default_link) -> Answer:
    """The embedded answer to `question` parsed as `intent`."""
    if intent.kind == "common":
        return _common_answer(index, question, intent, link)
    if intent.kind == "participant":
        return _participant_answer(index, question, intent, link)
    if intent.kind == "compare":
        return _compare_answer(index, question, intent, link)
    if not intent.topic and intent.family is None and intent.stage is None:
        return Answer(question, intent, NOTHING, {"participants": 0,
                                                  "of": len(index.participants)})
    return _mention_answer(index, question, intent, link)


__all__ = ["FAMILIES", "NOTHING", "Answer", "Quote", "default_link", "template_answer"]
