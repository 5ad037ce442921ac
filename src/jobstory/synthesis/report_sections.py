"""The report's computed sections, added to the analysis dict (so `analysis.json` holds the
same data the HTML and Markdown show): research goal, interview summary, executive summary,
key takeaways, alternatives considered, results reported, next tests, sentiment per theme
and disagreements.

Each section is a pure function of the analysis built so far (see its module); this only
puts them together in the order they depend on each other.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from jobstory.synthesis.alternatives import alternatives_considered
from jobstory.synthesis.next_tests import next_tests
from jobstory.synthesis.results import reported_results
from jobstory.synthesis.summary import executive_summary, interview_summary
from jobstory.synthesis.takeaways import RULE, across_interviews, key_takeaways
from jobstory.synthesis.theme_sentiment import disagreements, sentiment_by_theme


def add_report_sections(analysis: dict[str, Any], *, goal: str | None = None,
                        title: str | None = None, vectors: np.ndarray | None = None
                        ) -> dict[str, Any]:
    """The analysis with the report's sections added (a new dict; the input is unchanged).
    `vectors` (the segments' embeddings, row for row) let it find disagreements by meaning;
    without them there are none."""
    timelines = analysis.get("timelines") or []
    out = dict(analysis)
    out["title"] = " ".join(title.split()) if title and title.strip() else None  # the study's
    out["research_goal"] = " ".join(goal.split()) if goal and goal.strip() else None
    out["interview_summary"] = interview_summary(analysis)
    out["alternatives"] = alternatives_considered(timelines, analysis.get("segments") or [])
    out["results"] = reported_results(timelines)
    out["takeaways"] = {"rule": RULE, "items": key_takeaways(out),
                        "across": across_interviews(out)}
    out["executive_summary"] = executive_summary(out)
    out["next_tests"] = next_tests(analysis.get("job_stories") or [])
    out["theme_sentiment"] = sentiment_by_theme(analysis)
    out["disagreements"] = disagreements(analysis, vectors)
    return out
