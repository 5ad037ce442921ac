"""Key takeaways: what a team can act on, situations first, ranked by a stated rule.

A team decides from situations, so the ranked takeaways are, in this order:

1. the job stories (each a situation people share, with its distinct participants);
2. specific findings: the alternatives most people weighed (named in their words) and the
   results people put a number on, by what the number measures (time, money, how often).

The job stories keep the analysis's own ranking (distinct participants, then complete before
incomplete, then how concretely the struggle was told), so a reader never sees two orders of
the same stories; findings come heaviest first. Every takeaway carries

    weight = share of participants x (0.5 + 0.5 x concreteness)

where share is the takeaway's distinct participants over all participants and concreteness is
the mean, over the people behind it, of the specificity of their most concrete quote for it
(0 vague .. 1 a told episode with times, places, numbers). Tiers: critical when weight >= 0.5,
high when >= 0.25, medium below. Each takeaway shows its count and two quotes from two people.

The forces of progress (what pushed people, pulled them, worried them, held them back) are
asked of everyone, so "16 of 16 told a push" says nothing a team can act on: they are not
ranked but listed below the takeaways in plain words ("across the interviews"), each with how
many people told one and the two most concrete quotes. Every count is computed here from the
analysis; every quote is a participant's own words with its location.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from jobstory.synthesis.alternatives import considered
from jobstory.synthesis.results import has_quantity, measure_of

CRITICAL = 0.5
HIGH = 0.25
RULE = ("situations first (the job stories, in their own ranking: distinct participants, "
        "then complete, then concreteness), then specific findings (alternatives weighed, "
        "results with a number) heaviest first; weight = share of participants x "
        "(0.5 + 0.5 x concreteness of what they said); "
        f"critical at {CRITICAL} or more, high at {HIGH} or more, medium below")
MAX_TAKEAWAYS = 8
#: Findings keep at least this many places below the job stories, when there are findings.
MIN_FINDINGS = 3
#: A finding is shared: two people or more behind it (one person's is "worth a look").
MIN_PEOPLE = 2
#: Alternatives shown as findings: the most weighed kinds.
MAX_ALTERNATIVES = 2
#: A theme's representative quote shorter than this says too little to stand for it.
MIN_QUOTE_WORDS = 6
ACROSS = {
    "push": "{n} of {total} people told what pushed them away from the old way",
    "pull": "{n} of {total} people told what drew them to the new way",
    "anxiety": "{n} of {total} people told what worried them about switching",
    "habit": "{n} of {total} people told what they liked about the old way",
}
RESULT_SENTENCES = {
    "time": "{n} of {total} people put a time on what changed after the switch",
    "money": "{n} of {total} people put a sum of money on what changed after the switch",
    "count": "{n} of {total} people counted how often or how many after the switch",
}

Specificity = Callable[[str], float]


def _specificity(text: str) -> float:
    from jobstory.interview.specificity import scored

    return scored(text).specificity


def _evidence(by_person: dict[str, list[dict[str, Any]]], concrete: Specificity,
              preferred: frozenset[tuple[str, int]] = frozenset()
              ) -> tuple[float, list[dict[str, Any]]]:
    """Mean best specificity per person, and two quotes of two people: the most concrete,
    those at a `preferred` location (source, start) first (a story's situation before its
    outcome)."""
    best, shown = [], []
    for person in sorted(by_person):
        scored = sorted(((concrete(q["text"]), q["source"], q["start"], q) for q in
                         by_person[person]), key=lambda t: (-t[0], t[1], t[2]))
        if scored:
            best.append(scored[0][0])
            pick = min(scored, key=lambda t: ((t[1], t[2]) not in preferred, -t[0], t[1],
                                              t[2]))
            shown.append(((pick[1], pick[2]) not in preferred, -pick[0], person, pick[3]))
    if not best:
        return 0.0, []
    shown.sort(key=lambda t: t[:3])
    return sum(best) / len(best), [q for *_, q in shown[:2]]


def _tier(weight: float) -> str:
    return "critical" if weight >= CRITICAL else "high" if weight >= HIGH else "medium"


def _record(kind: str, text: str, people: dict[str, list[dict[str, Any]]], total: int,
            concrete: Specificity, preferred: frozenset[tuple[str, int]] = frozenset(),
            **extra: Any) -> dict[str, Any]:
    concreteness, quotes = _evidence(people, concrete, preferred)
    share = len(people) / total if total else 0.0
    weight = share * (0.5 + 0.5 * concreteness)
    return {"kind": kind, "text": text, "participant_count": len(people),
            "share": round(share, 4), "concreteness": round(concreteness, 4),
            "weight": round(weight, 4), "tier": _tier(weight), "quotes": quotes, **extra}


def _heaviest(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(records, key=lambda t: (-t["weight"], -t["participant_count"], t["text"]))


def _stories(analysis: dict[str, Any], total: int, concrete: Specificity
             ) -> list[dict[str, Any]]:
    found = []
    # Each person's own account of their struggle: their struggling moment or, for someone
    # never asked about one (a survey respondent), what pushed them, as the grouping read it.
    moments = {}
    for line in analysis.get("timelines") or []:
        told = line.get("struggling_moment") or next(iter(line.get("push") or []), None)
        if told:
            moments[line["participant"]] = told
    for story in analysis.get("job_stories") or []:
        # The people behind a story are those in its situation; their struggle quotes are
        # shown first.
        people: dict[str, list[dict[str, Any]]] = {}
        for part in ("situation", "motivation", "outcome"):
            for q in story[part].get("quotes") or []:
                if part == "situation" or q["participant"] not in people:
                    people.setdefault(q["participant"], []).append(q)
        for person in story["participants"]:
            if not people.get(person) and person in moments:
                # a member none of whose words the story's parts quote: their own moment
                moment = moments[person]
                people[person] = [{k: moment[k] for k in ("text", "source", "start", "end",
                                                          "participant")}]
            people.setdefault(person, [])
        situation = frozenset((q["source"], q["start"])
                              for q in story["situation"].get("quotes") or [])
        if story["participants"]:
            found.append(_record("job story", story["text"], people, total, concrete,
                                 situation, band="job story", story=story["id"]))
    return found  # in the stories' own ranking


def _quoted(words: list[dict[str, Any]], limit: int = 3) -> str:
    return ", ".join(f"“{w['words']}”" for w in words[:limit])


def _findings(analysis: dict[str, Any], total: int, concrete: Specificity
              ) -> list[dict[str, Any]]:
    timelines = analysis.get("timelines") or []
    found = []
    weighed = [a for a in analysis.get("alternatives") or []
               if a["participant_count"] >= MIN_PEOPLE][:MAX_ALTERNATIVES]
    if weighed:
        pairs = considered(timelines, analysis.get("segments") or [])
        for alt in weighed:
            people: dict[str, list[dict[str, Any]]] = {}
            for kind, quote in pairs:
                if kind == alt["kind"]:
                    people.setdefault(quote["participant"], []).append(quote)
            named = _quoted(alt.get("named") or [])
            text = (f"{alt['participant_count']} of {total} people weighed {alt['kind']} "
                    "before switching" + (f" (in their words: {named})" if named else ""))
            found.append(_record("alternative", text, people, total, concrete,
                                 band="finding", alternative=alt["kind"]))
    for group in analysis.get("results") or []:
        wanted = set(group["participants"])
        people = {}
        for line in timelines:
            if line["participant"] in wanted:
                people[line["participant"]] = [
                    q for q in line.get("results") or []
                    if has_quantity(q["text"]) and measure_of(q["text"]) == group["measure"]]
        people = {p: qs for p, qs in people.items() if qs}
        sentence = RESULT_SENTENCES.get(group["measure"])
        if len(people) >= MIN_PEOPLE and sentence:
            found.append(_record("results", sentence.format(n=len(people), total=total),
                                 people, total, concrete, band="finding",
                                 measure=group["measure"]))
    return _heaviest(found)


def key_takeaways(analysis: dict[str, Any], *, concrete: Specificity = _specificity
                  ) -> list[dict[str, Any]]:
    """The ranked takeaways, job stories first then findings, each band heaviest first (at
    most `MAX_TAKEAWAYS`, of which findings keep `MIN_FINDINGS` when there are as many), each
    with `rank`."""
    total = len(analysis.get("participants") or [])
    stories = _stories(analysis, total, concrete)
    findings = _findings(analysis, total, concrete)
    stories = stories[:MAX_TAKEAWAYS - min(MIN_FINDINGS, len(findings))]
    kept = (stories + findings)[:MAX_TAKEAWAYS]
    return [{"rank": i + 1, **t} for i, t in enumerate(kept)]


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


def _examples(analysis: dict[str, Any], force: str) -> list[dict[str, Any]]:
    """Two quotes of two people for a force: its clearest examples (`pipeline.clearest`: what
    the coder read as that force most surely, said in a sentence of its own), as the forces
    section shows them."""
    return list(((analysis.get("forces") or {}).get(force) or {}).get("quotes") or [])[:2]


def across_interviews(analysis: dict[str, Any], *, concrete: Specificity = _specificity
                      ) -> list[dict[str, Any]]:
    """The forces of progress in plain words, not ranked: for each force someone told, how
    many people told one (from their switch timelines), two quotes of two people (see
    `_examples`) and its strongest theme. Each `{"force", "text", "participant_count",
    "quotes", "theme"}`."""
    total = len(analysis.get("participants") or [])
    out = []
    for force, sentence in ACROSS.items():
        people = {line["participant"] for line in analysis.get("timelines") or []
                  if line.get(force)}
        if not people:
            continue
        theme = strongest_theme(analysis, force, concrete)
        out.append({"force": force, "participant_count": len(people),
                    "text": sentence.format(n=len(people), total=total),
                    "quotes": _examples(analysis, force),
                    "theme": theme["id"] if theme else None})
    return out
