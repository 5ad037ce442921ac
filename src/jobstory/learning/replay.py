"""Replaying a researcher's decisions onto a freshly computed analysis.

Pure: `apply_decisions(analysis, decisions)` returns a corrected copy and never touches the
store. Each decision finds its target by stable id first; when the id has moved (a theme
re-clustered, a quote re-segmented) it falls back on its anchor: a quote by its source and
exact text, a theme by the members it had (the current theme of the same family holding at
least half of them), a story by its people. A decision whose target cannot be found is
listed as no longer applying, with why - never dropped in silence.

Counts are recomputed from the segments after the decisions, never carried over: a merged
theme's participants are the people whose segments it now holds.
"""

from __future__ import annotations

import copy
import hashlib
from typing import Any

from jobstory.learning.events import Decision, segment_key

#: A theme whose id is gone is found again when a current theme holds this share of its
#: members (of the same family).
THEME_OVERLAP = 0.5
STORY_OVERLAP = 0.5


class _Analysis:
    """The parts of an analysis dict that decisions change, indexed for lookups."""

    def __init__(self, analysis: dict[str, Any]) -> None:
        self.data = analysis
        self.themes: list[dict[str, Any]] = [t for t in analysis.get("themes", [])
                                             if isinstance(t, dict)]
        self.segments: list[dict[str, Any]] = [s for s in analysis.get("segments", [])
                                               if isinstance(s, dict)]
        self.by_segment = {s.get("id"): s for s in self.segments}

    def theme(self, theme_id: str) -> dict[str, Any] | None:
        return next((t for t in self.themes if t.get("id") == theme_id), None)

    def members(self, theme_id: str) -> set[str]:
        return {s["id"] for s in self.segments if theme_id in s.get("themes", [])}

    def find_theme(self, theme_id: str, anchor: dict[str, Any]) -> dict[str, Any] | None:
        found = self.theme(theme_id)
        if found is not None:
            return found
        wanted = set(anchor.get("members") or [])
        if not wanted:
            return None
        best, share = None, 0.0
        for theme in self.themes:
            if anchor.get("family") and theme.get("family") != anchor.get("family"):
                continue
            overlap = len(wanted & self.members(theme["id"])) / len(wanted)
            if overlap > share:
                best, share = theme, overlap
        return best if share >= THEME_OVERLAP else None

    def find_segment(self, segment_id: str, anchor: dict[str, Any]) -> dict[str, Any] | None:
        found = self.by_segment.get(segment_id)
        if found is not None:
            return found
        text = anchor.get("text")
        for segment in self.segments:
            if segment.get("source") == anchor.get("source") and segment.get("text") == text:
                return segment
        return None

    def find_story(self, story_id: str, anchor: dict[str, Any]) -> dict[str, Any] | None:
        stories = [s for s in self.data.get("job_stories", []) if isinstance(s, dict)]
        found = next((s for s in stories if s.get("id") == story_id), None)
        if found is not None:
            return found
        wanted = set(anchor.get("participants") or [])
        best, share = None, 0.0
        for story in stories:
            people = set(story.get("participants", []))
            union = wanted | people
            overlap = len(wanted & people) / len(union) if union else 0.0
            if overlap > share:
                best, share = story, overlap
        return best if share >= STORY_OVERLAP else None


def _quote(segment: dict[str, Any]) -> dict[str, Any]:
    return {"text": segment.get("text"), "source": segment.get("source"),
            "start": segment.get("start"), "end": segment.get("end"),
            "participant": segment.get("participant")}


def _take_out(state: _Analysis, segment: dict[str, Any], theme_ids: set[str]) -> None:
    segment["themes"] = [t for t in segment.get("themes", []) if t not in theme_ids]
    key = segment_key(segment)
    for theme in state.themes:
        if theme["id"] in theme_ids:
            theme["quotes"] = [q for q in theme.get("quotes", []) if segment_key(q) != key]


def _put_in(state: _Analysis, segment: dict[str, Any], theme: dict[str, Any]) -> None:
    if theme["id"] not in segment.get("themes", []):
        segment["themes"] = [*segment.get("themes", []), theme["id"]]
    key = segment_key(segment)
    if all(segment_key(q) != key for q in theme.get("quotes", [])):
        theme["quotes"] = [*theme.get("quotes", []), _quote(segment)]


def _outcome(decision: Decision, status: str, note: str, now: str | None = None
             ) -> dict[str, Any]:
    record = decision.record()
    record.update({"status": status, "note": note})
    if now is not None and now != decision.target:
        record["now"] = now
    return record


def _apply_story(state: _Analysis, d: Decision) -> dict[str, Any]:
    story = state.find_story(d.target, d.anchor)
    if story is None:
        return _outcome(d, "stale", "this job story is no longer in the analysis: the people "
                                    "behind it no longer share a situation")
    if d.action == "edit_story":
        story.setdefault("edited_from", story.get("text"))
        story["text"] = d.value
        story["edited_by"] = d.author
    else:
        story["decision"] = "accepted" if d.action == "accept_story" else "rejected"
    return _outcome(d, "applied", "", story["id"])


def _recount(state: _Analysis) -> None:
    """Each theme's people, mentions and representative, from its segments as they now are."""
    kept = []
    for theme in state.themes:
        members = [s for s in state.segments if theme["id"] in s.get("themes", [])]
        if not members:
            continue
        people = sorted({s.get("participant") for s in members if s.get("participant")})
        theme["participants"] = people
        theme["participant_count"] = len(people)
        theme["mentions"] = len(members)
        keys = {segment_key(s) for s in members}
        quotes = [q for q in theme.get("quotes", []) if segment_key(q) in keys]
        theme["quotes"] = quotes or [_quote(members[0])]
        representative = theme.get("representative") or {}
        if segment_key(representative) not in keys:
            theme["representative"] = theme["quotes"][0]
        kept.append(theme)
    state.themes[:] = kept
    state.data["themes"] = kept
    ids = {t["id"] for t in kept}
    by_id = {t["id"]: t for t in kept}
    for force, record in (state.data.get("forces") or {}).items():
        if not isinstance(record, dict):
            continue
        mine = [t for t in kept if t.get("family") == force]
        record["themes"] = [t["id"] for t in mine]
        record["quotes"] = [t["representative"] for t in mine[:3]]
    for theme in kept:
        other = theme.get("disagreement")
        if isinstance(other, dict) and other.get("theme") not in ids:
            theme["disagreement"] = None
        elif isinstance(other, dict):
            other["quotes"] = by_id[other["theme"]]["quotes"][:2]


def _apply_theme(state: _Analysis, d: Decision) -> dict[str, Any]:
    theme = state.find_theme(d.target, d.anchor)
    if theme is None:
        return _outcome(d, "stale", f"theme '{d.anchor.get('label') or d.target}' is no longer "
                                    "in the analysis")
    if d.action == "rename_theme":
        theme.setdefault("generated_label", theme.get("label"))
        theme["label"] = d.value
        return _outcome(d, "applied", "", theme["id"])
    if d.action == "merge_themes":
        other = state.find_theme(str(d.value), d.anchor.get("other") or {})
        if other is None:
            return _outcome(d, "stale", f"theme '{(d.anchor.get('other') or {}).get('label')}'"
                                        " is no longer in the analysis", theme["id"])
        if other is theme:
            return _outcome(d, "applied", "the two themes are already one", theme["id"])
        for segment in state.segments:
            if other["id"] in segment.get("themes", []):
                _take_out(state, segment, {other["id"]})
                _put_in(state, segment, theme)
        theme.setdefault("merged", []).append({"id": other["id"], "label": other.get("label")})
        state.themes.remove(other)
        return _outcome(d, "applied", "", theme["id"])
    split_off = []
    for key, anchor in zip(d.value.get("quotes", []), d.anchor.get("split", [])):
        segment = state.find_segment(key, anchor)
        if segment is not None and theme["id"] in segment.get("themes", []):
            split_off.append(segment)
    if not split_off:
        return _outcome(d, "stale", "none of the quotes split off are in this theme any more",
                        theme["id"])
    digest = hashlib.sha256("\n".join(sorted(segment_key(s) for s in split_off))
                            .encode("utf-8")).hexdigest()[:8]
    new = {"id": f"{theme['id']}-split-{digest}", "family": theme.get("family"),
           "label": d.value.get("label"), "key_phrases": [], "participants": [],
           "participant_count": 0, "mentions": 0, "cohesion": None, "representative": None,
           "quotes": [], "worth_a_look": False, "disagreement": None,
           "split_from": theme["id"]}
    state.themes.insert(state.themes.index(theme) + 1, new)
    for segment in split_off:
        _take_out(state, segment, {theme["id"]})
        _put_in(state, segment, new)
    return _outcome(d, "applied", "", theme["id"])


def _apply_quote(state: _Analysis, d: Decision) -> dict[str, Any]:
    segment = state.find_segment(d.target, d.anchor)
    if segment is None:
        return _outcome(d, "stale", "this quote is no longer in the analysis")
    value_theme = state.find_theme(str(d.value), d.anchor.get("value_theme") or {}) \
        if d.value is not None else None
    if d.action == "move_quote":
        theme = value_theme
        if theme is None:
            return _outcome(d, "stale", f"the theme it was moved to ({d.value}) is no longer "
                                        "in the analysis", segment["id"])
        _take_out(state, segment, set(segment.get("themes", [])) - {theme["id"]})
        _put_in(state, segment, theme)
        return _outcome(d, "applied", "", segment["id"])
    if d.value is not None and value_theme is None:
        return _outcome(d, "stale", f"the theme it was taken out of ({d.value}) is no longer "
                                    "in the analysis", segment["id"])
    themes = set(segment.get("themes", [])) if value_theme is None else {value_theme["id"]}
    _take_out(state, segment, themes)
    state.data.setdefault("rejected_quotes", []).append(
        {**_quote(segment), "themes": sorted(themes), "decision": d.id})
    return _outcome(d, "applied", "", segment["id"])


def _sync_takeaways(result: dict[str, Any]) -> None:
    """The takeaways that are job stories read as the stories now do: a story's edited wording
    replaces the one computed, and a rejected story is no takeaway (the rest move up)."""
    takeaways = result.get("takeaways")
    if not isinstance(takeaways, dict) or not isinstance(takeaways.get("items"), list):
        return
    wording = {s.get("id"): s.get("text") for s in result.get("job_stories", [])}
    rejected = {s.get("id") for s in result.get("rejected_job_stories", [])}
    items = []
    for item in takeaways["items"]:
        story = item.get("story") if isinstance(item, dict) else None
        if story in rejected:
            continue
        if story in wording:
            item["text"] = wording[story]
        items.append(item)
    for rank, item in enumerate(items, start=1):
        if isinstance(item, dict):
            item["rank"] = rank
    takeaways["items"] = items


def apply_decisions(analysis: dict[str, Any], decisions: list[Decision]) -> dict[str, Any]:
    """A copy of `analysis` with the decisions in force applied, oldest first.

    The copy gains `decisions` (every decision with its status: applied, or stale and why),
    `rejected_job_stories` and `rejected_quotes`; the summary's counts follow.
    """
    result = copy.deepcopy(analysis)
    state = _Analysis(result)
    outcomes = []
    for decision in decisions:
        if decision.action.endswith("_story"):
            outcomes.append(_apply_story(state, decision))
        elif decision.action.endswith("_theme") or decision.action == "merge_themes":
            outcomes.append(_apply_theme(state, decision))
            _recount(state)
        else:
            outcomes.append(_apply_quote(state, decision))
            _recount(state)
    stories = [s for s in result.get("job_stories", []) if isinstance(s, dict)]
    result["job_stories"] = [s for s in stories if s.get("decision") != "rejected"]
    result["rejected_job_stories"] = [s for s in stories if s.get("decision") == "rejected"]
    result.setdefault("rejected_quotes", [])
    result["decisions"] = outcomes
    _sync_takeaways(result)
    summary = result.get("summary")
    if isinstance(summary, dict):
        summary["themes"] = len(result.get("themes", []))
        summary["job_stories"] = len(result["job_stories"])
    return result
