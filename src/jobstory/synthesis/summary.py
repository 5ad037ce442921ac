"""The report's opening: the interview summary and an executive summary of 3-5 sentences.

Every sentence is assembled from computed facts in the analysis (counts of distinct
participants, the job stories' situations, the force themes, the alternatives) and the
participants' own words in quotation marks; nothing is generated. A fact that is missing
(no story, no push) leaves its sentence out rather than filling it in.
"""

from __future__ import annotations

import statistics
from collections import Counter
from typing import Any

from jobstory.synthesis.takeaways import across_interviews

MAX_SITUATIONS = 4


def interview_summary(analysis: dict[str, Any]) -> dict[str, Any]:
    """How many interviews, in which formats, how long, and how good (with the gate)."""
    quality = analysis.get("quality") or []
    gate = analysis.get("quality_gate") or {}
    words = [q["components"]["engagement"]["value"] for q in quality
             if q.get("components", {}).get("engagement", {}).get("value") is not None]
    lengths = [p["words"] for p in analysis.get("participants") or []]
    formats = Counter(s["format"] for s in analysis.get("sources") or [])
    return {
        "interviews": len(quality) or len(analysis.get("sources") or []),
        "participants": len(analysis.get("participants") or []),
        "formats": [{"format": f, "count": n} for f, n in sorted(formats.items())],
        "median_words": statistics.median(lengths) if lengths else None,
        "median_words_per_answer": statistics.median(words) if words else None,
        "quality": [{"score": s, "count": sum(1 for q in quality if q["score"] == s)}
                    for s in range(1, 6)],
        "left_out": [{"interview": q["interview"], "participant": q["participant"],
                      "score": q["score"]} for q in quality if not q.get("included", True)],
        "gate": gate.get("minimum"),
    }


def _people(n: int) -> str:
    return f"{n} {'person' if n == 1 else 'people'}"


def _short(text: str, words: int = 30) -> str:
    parts = text.split()
    return " ".join(parts) if len(parts) <= words else " ".join(parts[:words]) + " …"


def _in_takeaway_order(analysis: dict[str, Any]) -> list[dict[str, Any]]:
    """The job stories in the order the takeaways rank them (so the summary and the takeaways
    name the same situations first), then any the takeaways left out, in analysis order."""
    stories = analysis.get("job_stories") or []
    ranked = [t["story"] for t in (analysis.get("takeaways") or {}).get("items") or []
              if t.get("story")]
    order = {sid: i for i, sid in enumerate(ranked)}
    return sorted(stories, key=lambda s: order.get(s["id"], len(order)))


def executive_summary(analysis: dict[str, Any]) -> list[dict[str, Any]]:
    """3-5 sentences, each `{"text", "facts"}`; `facts` names what the sentence rests on."""
    total = len(analysis.get("participants") or [])
    sentences = []
    stories = _in_takeaway_order(analysis)[:MAX_SITUATIONS]
    if stories:
        named = [f"“{s['situation']['text'] or s['text']}” ({_people(s['participant_count'])})"
                 for s in stories]
        listed = named[0] if len(named) == 1 else ", ".join(named[:-1]) + " and " + named[-1]
        count = len(analysis.get("job_stories") or [])
        lead = (f"Across {total} participants, {count} situation{'s' if count != 1 else ''} "
                f"recur{'s' if count == 1 else ''}")
        more = f"; the top {len(stories)}: " if count > len(stories) else ": "
        sentences.append({"text": f"{lead}{more}{listed}.",
                          "facts": [s["id"] for s in stories]})
    else:
        sentences.append({"text": f"Across {total} participants, no situation was shared by "
                                  "enough people to make a job story.", "facts": []})
    forces = {f["force"]: f for f in across_interviews(analysis)}
    for force in ("push", "anxiety"):
        if force in forces and forces[force]["quotes"]:
            q = forces[force]["quotes"][0]
            sentences.append({"text": f"{forces[force]['text']}, e.g. "
                                      f"“{_short(q['text'])}” ({q['participant']}).",
                              "facts": [force]})
    alternatives = analysis.get("alternatives") or []
    if alternatives:
        top = alternatives[0]
        # counts only: "most people" would be untrue of 1 of 5, or of a tie
        text = f"The alternatives people weighed, in their own words: {top['kind']} " \
               f"({top['participant_count']} of {total})"
        if len(alternatives) > 1:
            nxt = alternatives[1]
            text += f", then {nxt['kind']} ({nxt['participant_count']})"
        sentences.append({"text": text + ".", "facts": [a["kind"] for a in alternatives[:2]]})
    results = analysis.get("results") or []
    counted = sorted({p for g in results for p in g["participants"]})
    if counted:
        q = results[0]["quotes"][0]
        sentences.append({"text": f"{len(counted)} of {total} people put a number on what "
                                  f"changed, e.g. “{_short(q['text'])}” ({q['participant']}).",
                          "facts": [g["measure"] for g in results]})
    return sentences[:5]
