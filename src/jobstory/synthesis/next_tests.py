"""Next tests: for each top job story, what to find out before it becomes a decision.

Per story: a research question, the riskiest assumption (the part of the story the fewest
people backed, or a part nobody stated: "what if this is wrong?") and a short interview guide
to validate it with new participants, as YAML that `jobstory guides check` accepts (it is
parsed with the same validator before it is returned). The wording is a fixed template around
the story's own parts; the counts are the story's.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from jobstory.guides import parse_guide

TOP_STORIES = 3
PARTS = ("situation", "motivation", "outcome")
_BRACES = re.compile(r"[{}]")


def _clean(text: str) -> str:
    """One line, no template braces (a guide's {field} syntax), no trailing stop."""
    return _BRACES.sub("", " ".join(text.split())).rstrip(" .")


def riskiest_assumption(story: dict[str, Any]) -> dict[str, Any]:
    """The part of the story with the least support, as an assumption to test."""
    n = story["participant_count"]
    support = {part: len(story[part].get("participants") or []) if part != "situation" else n
               for part in PARTS}
    missing = [part for part in PARTS if not story[part].get("text")]
    situation = _clean(story["situation"].get("text") or "this situation")
    if missing:
        part = missing[0]
        return {"part": part, "backed_by": support[part], "of": n,
                "assumption": f"People in this situation share a {part} nobody has stated yet",
                "if_wrong": f"Without a stated {part} the story cannot say what to build; "
                            f"ask for it before deciding."}
    part = min(("motivation", "outcome"), key=lambda p: (support[p], PARTS.index(p)))
    wanted = _clean(story[part]["text"])
    verb = "want to" if part == "motivation" else "want to be able to"
    if support[part] >= n and n >= 2:
        return {"part": "situation", "backed_by": n, "of": n,
                "assumption": f"The moment “{situation}” is common beyond the {n} people here",
                "if_wrong": "The story is real but rare: building for it would serve few "
                            "customers."}
    return {"part": part, "backed_by": support[part], "of": n,
            "assumption": f"People who hit “{situation}” {verb} “{wanted}”",
            "if_wrong": f"Only {support[part]} of {n} people said so: a feature built for it "
                        "may solve the wrong problem."}


def validation_guide(story: dict[str, Any], assumption: dict[str, Any]) -> str:
    """A short guide (YAML) to test the story with new participants; checked before return."""
    situation = _clean(story["situation"].get("text") or "")
    data = {
        "name": f"test-{story['id']}"[:64].lower(),
        "title": f"Validate job story #{story['rank']}",
        "description": f"Tests the assumption: {_clean(assumption['assumption'])}.",
        "max_probes": 2,
        "questions": [
            {"id": "last-time", "kind": "open", "phase": "struggling_moment", "force": "push",
             "text": f"Some people describe this moment: “{situation}”. When did something "
                     "like that last happen to you, if ever? Walk me through that day."},
            {"id": "how-often", "kind": "single_choice", "phase": "struggling_moment",
             "text": "How often does that happen to you?",
             "options": ["Every week or more", "Every month", "A few times a year",
                         "Once or never"]},
            {"id": "what-you-did", "kind": "open", "phase": "active_looking",
             "text": "What did you do about it at the time, and what else have you tried?"},
            {"id": "want", "kind": "open", "phase": "deciding", "force": "pull",
             "text": "The next time it happens, what would you want to be able to do?"},
            {"id": "worries", "kind": "open", "phase": "deciding", "force": "anxiety",
             "text": "What would make you hesitate to change how you handle it?"},
            {"id": "success", "kind": "open", "phase": "what_changed",
             "text": "If it were solved, how would you know? What would be different?"},
        ],
    }
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=88)
    parse_guide(text, f"next test for {story['id']}")  # raises GuideError: a bug here
    return text


def next_tests(stories: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """For each of the top stories: `story`, `rank`, `question`, `assumption`, `guide`."""
    out = []
    for story in stories[:TOP_STORIES]:
        assumption = riskiest_assumption(story)
        situation = _clean(story["situation"].get("text") or "this situation")
        motivation = story["motivation"].get("text")
        # both parts in quotation marks: they are one participant's words, "I" and all
        question = (f"When “{situation}” happens, do people want to “{_clean(motivation)}”, "
                    "and how often does it happen?" if motivation else
                    f"When “{situation}” happens, what do people want to get done?")
        out.append({"story": story["id"], "rank": story["rank"], "question": question,
                    "assumption": assumption, "guide": validation_guide(story, assumption)})
    return out
