"""Key takeaways, ranked critical / high / medium by a stated rule.

Candidates are the findings a team acts on: each job story (a situation people share), each
force of progress (what pushed people, pulled them, worried them, held them back), the
alternative most people weighed and the results people put a number on. Each is backed by
distinct participants, counted in code.

    weight = share of participants x (0.5 + 0.5 x concreteness)

where share is the takeaway's distinct participants over all participants (for a force, the
participants of its strongest theme: the most people x the most concrete representative
quote) and concreteness is the mean, over the people behind a takeaway, of the specificity of
their most concrete quote for it (0 vague .. 1 a told episode with times, places, numbers).
A finding many people told concretely ranks first; one told by everyone in generalities ranks
with one told concretely by half of them. Tiers: critical when weight >= 0.5, high when
>= 0.25, medium below. Each takeaway shows its count and two quotes from two people.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from jobstory.synthesis.alternatives import considered
from jobstory.synthesis.results import has_quantity

CRITICAL = 0.5
HIGH = 0.25
RULE = ("weight = share of participants x (0.5 + 0.5 x concreteness of what they said); "
        f"critical at {CRITICAL} or more, high at {HIGH} or more, medium below")
MAX_TAKEAWAYS = 8
FORCE_SENTENCES = {
    "push": "Push, {n} of {total} people: “{quote}”",
    "pull": "Pull, {n} of {total} people: “{quote}”",
    "anxiety": "Anxiety, {n} of {total} people: “{quote}”",
    "habit": "Habit, {n} of {total} people: “{quote}”",
}
#: A theme's representative quote shorter than this says too little to stand for it.
MIN_QUOTE_WORDS = 6

Specificity = Callable[[str], float]


def _specificity(text: str) -> float:
    from jobstory.interview.specificity import scored

    return scored(text).specificity


def _evidence(by_person: dict[str, list[dict[str, Any]]], concrete: Specificity
              ) -> tuple[float, list[dict[str, Any]]]:
    """Mean best specificity per person, and the two most concrete quotes of two people."""
    best = []
    for person in sorted(by_person):
        scored = sorted(((concrete(q["text"]), q["source"], q["start"], q) for q in
                         by_person[person]), key=lambda t: (-t[0], t[1], t[2]))
        if scored:
            best.append((scored[0][0], person, scored[0][3]))
    if not best:
        return 0.0, []
    mean = sum(score for score, _, _ in best) / len(best)
    best.sort(key=lambda t: (-t[0], t[1]))
    return mean, [q for _, _, q in best[:2]]


def _short(text: str, words: int = 30) -> str:
    parts = text.split()
    return " ".join(parts) if len(parts) <= words else " ".join(parts[:words]) + " …"


def strongest_theme(analysis: dict[str, Any], family: str,
                    concrete: Specificity = _specificity) -> dict[str, Any] | None:
    """The theme of `family` with the most participants x concreteness of its
    representative quote, among those whose representative says something on its own."""
    best = None
    for theme in analysis.get("themes") or []:
        rep = theme.get("representative")
        if theme.get("family") != family or not rep or \
                len(rep["text"].split()) < MIN_QUOTE_WORDS:
            continue
        key = (theme["participant_count"] * (0.5 + 0.5 * concrete(rep["text"])),
               theme["participant_count"])
        if best is None or key > best[0]:
            best = (key, theme)
    return best[1] if best else None


def _tier(weight: float) -> str:
    return "critical" if weight >= CRITICAL else "high" if weight >= HIGH else "medium"


def _record(kind: str, text: str, people: dict[str, list[dict[str, Any]]], total: int,
            concrete: Specificity, **extra: Any) -> dict[str, Any]:
    concreteness, quotes = _evidence(people, concrete)
    share = len(people) / total if total else 0.0
    weight = share * (0.5 + 0.5 * concreteness)
    return {"kind": kind, "text": text, "participant_count": len(people),
            "share": round(share, 4), "concreteness": round(concreteness, 4),
            "weight": round(weight, 4), "tier": _tier(weight), "quotes": quotes, **extra}


def key_takeaways(analysis: dict[str, Any], *, concrete: Specificity = _specificity
                  ) -> list[dict[str, Any]]:
    """The ranked takeaways (heaviest first, at most `MAX_TAKEAWAYS`), each with `rank`."""
    total = len(analysis.get("participants") or [])
    timelines = analysis.get("timelines") or []
    found = []
    for story in analysis.get("job_stories") or []:
        # The people behind a story are those in its situation; their struggle quotes first.
        people: dict[str, list[dict[str, Any]]] = {}
        for part in ("situation", "motivation", "outcome"):
            for q in story[part].get("quotes") or []:
                if part == "situation" or q["participant"] not in people:
                    people.setdefault(q["participant"], []).append(q)
        for person in story["participants"]:
            people.setdefault(person, [])
        if story["participants"]:
            found.append(_record("job story", story["text"], people, total, concrete,
                                 story=story["id"]))
    for force, sentence in FORCE_SENTENCES.items():
        theme = strongest_theme(analysis, force, concrete)
        if theme is None:
            continue
        people = {}
        for q in theme["quotes"]:
            people.setdefault(q["participant"], []).append(q)
        for person in theme["participants"]:
            people.setdefault(person, [])
        record = _record("force", sentence.format(
            n=theme["participant_count"], total=total,
            quote=_short(theme["representative"]["text"])), people, total, concrete,
            force=force, theme=theme["id"])
        found.append({**record, "participant_count": theme["participant_count"]})
    alternatives = analysis.get("alternatives") or []
    if alternatives:
        top = alternatives[0]
        people = {}
        for kind, quote in considered(timelines, analysis.get("segments") or []):
            if kind == top["kind"]:
                people.setdefault(quote["participant"], []).append(quote)
        found.append(_record("alternative", f"{top['participant_count']} of {total} people "
                             f"weighed {top['kind']} before switching", people, total,
                             concrete, alternative=top["kind"]))
    people = {line["participant"]: [q for q in line.get("results") or []
                                     if has_quantity(q["text"])] for line in timelines}
    people = {p: qs for p, qs in people.items() if qs}
    if people:
        found.append(_record("results", f"{len(people)} of {total} people put a number on "
                             "what changed after the switch", people, total, concrete))
    found.sort(key=lambda t: (-t["weight"], -t["participant_count"], t["kind"], t["text"]))
    return [{"rank": i + 1, **t} for i, t in enumerate(found[:MAX_TAKEAWAYS])]
