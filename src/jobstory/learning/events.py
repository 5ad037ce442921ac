"""A researcher's corrections to an analysis, kept as events.

Why events and not edits: an analysis is recomputed whenever interviews arrive, so a
correction made by overwriting the result would be lost on the next run. Each decision is
an append-only row (who, when, what, on which stable id, before and after) that
`learning.replay` applies onto every later result; undoing one is one more event. What a
decision needs to find its target again when ids move (a quote's place, a theme's members,
a story's people) is taken from the analysis the researcher was looking at and kept as its
`anchor`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from jobstory.store.db import Store
from jobstory.store.tables import DecisionRow
from jobstory.untrusted import check_text

ACTIONS = ("accept_story", "reject_story", "edit_story", "rename_theme", "merge_themes",
           "split_theme", "move_quote", "reject_quote")
UNDO = "undo"
MAX_NAME = 200
MAX_WORDING = 1000
#: Enough of a theme's members to find it again; more adds nothing to the overlap vote.
ANCHOR_MEMBERS = 200


class DecisionError(ValueError):
    """A decision that cannot be recorded: one line naming the field at fault."""


@dataclass(frozen=True)
class Decision:
    id: int
    action: str
    target: str
    value: Any
    anchor: dict[str, Any]
    before: Any
    after: Any
    author: str
    created_at: datetime
    undoes: int | None

    def record(self) -> dict[str, Any]:
        return {"id": self.id, "action": self.action, "target": self.target,
                "value": self.value, "before": self.before, "after": self.after,
                "author": self.author, "created_at": self.created_at.isoformat(),
                "undoes": self.undoes}


def _text(value: Any, field: str, limit: int) -> str:
    if not isinstance(value, str) or not value.strip():
        raise DecisionError(f"{field}: give a non-empty text")
    value = " ".join(value.split())
    if len(value) > limit:
        raise DecisionError(f"{field}: keep it under {limit} characters")
    check_text(value, field)
    return value


def segment_key(quote: dict[str, Any]) -> str:
    """A quote's segment id: where it is in its source, the id segments carry."""
    return f"{quote.get('source')}#{quote.get('start')}-{quote.get('end')}"


def _themes(analysis: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {t["id"]: t for t in analysis.get("themes", []) if isinstance(t, dict) and "id" in t}


def _stories(analysis: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {s["id"]: s for s in analysis.get("job_stories", [])
            if isinstance(s, dict) and "id" in s}


def _segments(analysis: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {s["id"]: s for s in analysis.get("segments", []) if isinstance(s, dict) and "id" in s}


def theme_anchor(analysis: dict[str, Any], theme_id: str) -> dict[str, Any]:
    theme = _themes(analysis)[theme_id]
    members = [s["id"] for s in analysis.get("segments", []) if theme_id in s.get("themes", [])]
    return {"family": theme.get("family"), "label": theme.get("label"),
            "members": members[:ANCHOR_MEMBERS]}


def story_anchor(story: dict[str, Any]) -> dict[str, Any]:
    situation = story.get("situation") or {}
    return {"participants": list(story.get("participants", [])),
            "quotes": [segment_key(q) for q in situation.get("quotes", [])]}


def segment_anchor(segment: dict[str, Any]) -> dict[str, Any]:
    return {"source": segment.get("source"), "start": segment.get("start"),
            "end": segment.get("end"), "text": segment.get("text"),
            "participant": segment.get("participant"), "themes": list(segment.get("themes", []))}


def describe(analysis: dict[str, Any], action: str, target: Any, value: Any
             ) -> tuple[str, Any, dict[str, Any], Any, Any]:
    """(target, value, anchor, before, after) for a decision on `analysis`, checked.

    Pure: it reads the analysis the researcher saw and raises DecisionError when the
    decision names something that is not in it.
    """
    if action not in ACTIONS:
        raise DecisionError(f"action: one of {', '.join(ACTIONS)}")
    if not isinstance(target, str) or not target or len(target) > 200:
        raise DecisionError("target: give the stable id of a story, theme or quote")
    themes, stories = _themes(analysis), _stories(analysis)
    if action.endswith("_story"):
        if target not in stories:
            raise DecisionError(f"target: no job story {target!r} in the latest analysis")
        story = stories[target]
        if action == "edit_story":
            wording = _text(value, "value", MAX_WORDING)
            return target, wording, story_anchor(story), story.get("text"), wording
        state = "accepted" if action == "accept_story" else "rejected"
        return target, None, story_anchor(story), story.get("decision"), state
    if action in ("rename_theme", "merge_themes", "split_theme"):
        if target not in themes:
            raise DecisionError(f"target: no theme {target!r} in the latest analysis")
        theme = themes[target]
        anchor = theme_anchor(analysis, target)
        if action == "rename_theme":
            name = _text(value, "value", MAX_NAME)
            return target, name, anchor, theme.get("label"), name
        if action == "merge_themes":
            if not isinstance(value, str) or value not in themes or value == target:
                raise DecisionError("value: the id of another theme to merge into this one")
            anchor["other"] = theme_anchor(analysis, value)
            return target, value, anchor, [theme.get("label"), themes[value].get("label")], \
                theme.get("label")
        if not isinstance(value, dict):
            raise DecisionError('value: {"label": NAME, "quotes": [segment ids to split off]}')
        label = _text(value.get("label"), "value.label", MAX_NAME)
        quotes = value.get("quotes")
        members = set(anchor["members"])
        if not isinstance(quotes, list) or not quotes or not all(
                isinstance(q, str) and q in members for q in quotes):
            raise DecisionError("value.quotes: segment ids of this theme's quotes to split off")
        if len(set(quotes)) >= len(members):
            raise DecisionError("value.quotes: leave at least one quote in the theme")
        anchor["split"] = [segment_anchor(_segments(analysis)[q]) for q in sorted(set(quotes))]
        return target, {"label": label, "quotes": sorted(set(quotes))}, anchor, \
            theme.get("label"), label
    segments = _segments(analysis)
    if target not in segments:
        raise DecisionError(f"target: no quote (segment) {target!r} in the latest analysis")
    segment = segments[target]
    anchor = segment_anchor(segment)
    if isinstance(value, str) and value in themes:
        anchor["value_theme"] = theme_anchor(analysis, value)  # found again if its id moves
    if action == "move_quote":
        if not isinstance(value, str) or value not in themes:
            raise DecisionError("value: the id of the theme to move the quote to")
        return target, value, anchor, list(segment.get("themes", [])), value
    if value is not None and (not isinstance(value, str) or value not in themes):
        raise DecisionError("value: the theme to take the quote out of, or null for all")
    return target, value, anchor, list(segment.get("themes", [])), None


def _decision(row: DecisionRow) -> Decision:
    from jobstory.web.accounts import aware

    return Decision(id=row.id, action=row.action, target=row.target, value=row.value,
                    anchor=row.anchor or {}, before=row.before, after=row.after,
                    author=row.author, created_at=aware(row.created_at) or row.created_at,
                    undoes=row.undoes)


def record(store: Store, study_id: int, analysis: dict[str, Any], action: str, target: Any,
           value: Any, author: str, when: datetime) -> Decision:
    """Check a decision against the analysis the researcher saw, then store it."""
    target, value, anchor, before, after = describe(analysis, action, target, value)
    with store.session() as session:
        row = DecisionRow(study_id=study_id, action=action, target=target, value=value,
                          anchor=anchor, before=before, after=after, author=author,
                          created_at=when)
        session.add(row)
        session.flush()
        return _decision(row)


def undo(store: Store, study_id: int, decision_id: int, author: str, when: datetime
         ) -> Decision:
    """Undo a decision of this study: one more event; the decision itself stays listed."""
    with store.session() as session:
        row = session.get(DecisionRow, decision_id)
        if row is None or row.study_id != study_id or row.action == UNDO:
            raise DecisionError(f"target: no decision {decision_id} to undo in this study")
        if session.scalar(select(DecisionRow.id).where(DecisionRow.undoes == decision_id)):
            raise DecisionError(f"target: decision {decision_id} is already undone")
        event = DecisionRow(study_id=study_id, action=UNDO, target=str(decision_id),
                            value=None, anchor={}, before=row.after, after=row.before,
                            author=author, created_at=when, undoes=decision_id)
        session.add(event)
        session.flush()
        return _decision(event)


def list_decisions(store: Store, study_id: int) -> list[Decision]:
    """Every event of the study, oldest first (undo events included)."""
    with store.read() as session:
        rows = session.scalars(select(DecisionRow).where(DecisionRow.study_id == study_id)
                               .order_by(DecisionRow.id))
        return [_decision(row) for row in rows]


def active(decisions: list[Decision]) -> list[Decision]:
    """The decisions in force: not undo events, not undone."""
    undone = {d.undoes for d in decisions if d.action == UNDO}
    return [d for d in decisions if d.action != UNDO and d.id not in undone]
