"""Decisions replayed onto new results (pure), and the coder learning from them."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import numpy as np
import pytest

from jobstory.learning.events import Decision, DecisionError, describe
from jobstory.learning.examples import Example, examples_from, learned_coder
from jobstory.learning.nearest import nearest_correction, thresholds
from jobstory.learning.replay import apply_decisions
from jobstory.synthesis.code import CODES, LEARNED, CodeContext, code_units, feature_names
from tests.test_cluster import HashingEmbedder


def _segment(sid: str, text: str, who: str, themes: list[str], codes: list[str]
             ) -> dict[str, Any]:
    source, span = sid.split("#")
    start, end = (int(x) for x in span.split("-"))
    return {"id": sid, "source": source, "start": start, "end": end, "participant": who,
            "text": text, "themes": themes, "codes": codes}


def _quote(segment: dict[str, Any]) -> dict[str, Any]:
    return {k: segment[k] for k in ("text", "source", "start", "end", "participant")}


def analysis() -> dict[str, Any]:
    segments = [
        _segment("a#0-10", "The spreadsheet broke every month.", "Ann", ["push-1"], ["push"]),
        _segment("a#20-30", "Reconciling took two days.", "Ann", ["push-1"], ["push"]),
        _segment("b#0-10", "Month-end was a nightmare.", "Bo", ["push-2"], ["push"]),
        _segment("b#20-30", "I was afraid to lose history.", "Bo", ["push-2"], ["push"]),
        _segment("c#0-10", "The bank feed matched everything.", "Cy", ["pull-1"], ["pull"]),
        _segment("d#0-10", "What if it lost everything?", "Di", ["anxiety-1"], ["anxiety"]),
    ]
    themes = [
        {"id": "push-1", "family": "push", "label": "spreadsheet", "quotes": [
            _quote(segments[0]), _quote(segments[1])], "representative": _quote(segments[0])},
        {"id": "push-2", "family": "push", "label": "month-end", "quotes": [
            _quote(segments[2]), _quote(segments[3])], "representative": _quote(segments[2])},
        {"id": "pull-1", "family": "pull", "label": "bank feed", "quotes": [
            _quote(segments[4])], "representative": _quote(segments[4])},
        {"id": "anxiety-1", "family": "anxiety", "label": "losing data", "quotes": [
            _quote(segments[5])], "representative": _quote(segments[5])},
    ]
    story = {"id": "js-1", "text": "When month-end comes, I want to reconcile, so I can rest.",
             "participants": ["Ann", "Bo"],
             "situation": {"text": "month-end comes", "quotes": [_quote(segments[2])]}}
    return {"summary": {"themes": 4, "job_stories": 1}, "segments": segments, "themes": themes,
            "job_stories": [story], "forces": {"push": {"themes": [], "quotes": []}}}


def decide(base: dict[str, Any], n: int, action: str, target: str, value: Any = None
           ) -> Decision:
    target, value, anchor, before, after = describe(base, action, target, value)
    return Decision(id=n, action=action, target=target, value=value, anchor=anchor,
                    before=before, after=after, author="ada@example.com",
                    created_at=datetime(2026, 1, 1, tzinfo=UTC), undoes=None)


def test_each_kind_of_decision_applies_and_counts_are_recomputed() -> None:
    base = analysis()
    decisions = [
        decide(base, 1, "merge_themes", "push-1", "push-2"),
        decide(base, 2, "move_quote", "b#20-30", "anxiety-1"),
        decide(base, 3, "edit_story", "js-1", "When month-end comes, I want it done."),
    ]
    result = apply_decisions(base, decisions)
    merged = next(t for t in result["themes"] if t["id"] == "push-1")
    assert merged["participants"] == ["Ann", "Bo"] and merged["mentions"] == 3
    assert "push-2" not in {t["id"] for t in result["themes"]}
    worry = next(t for t in result["themes"] if t["id"] == "anxiety-1")
    assert [q["text"] for q in worry["quotes"]] == ["What if it lost everything?",
                                                     "I was afraid to lose history."]
    assert result["job_stories"][0]["text"] == "When month-end comes, I want it done."
    assert result["job_stories"][0]["edited_from"].startswith("When month-end comes, I want to")
    assert [d["status"] for d in result["decisions"]] == ["applied"] * 3
    assert result["forces"]["push"]["themes"] == ["push-1"]
    assert base["themes"][1]["id"] == "push-2"  # the input is left as it was


def test_a_split_theme_and_a_rejected_story_hold() -> None:
    base = analysis()
    split = decide(base, 1, "split_theme", "push-2", {"label": "Fear of losing history",
                                                      "quotes": ["b#20-30"]})
    result = apply_decisions(base, [split, decide(base, 2, "reject_story", "js-1")])
    new = [t for t in result["themes"] if t.get("split_from") == "push-2"]
    assert [t["label"] for t in new] == ["Fear of losing history"]
    assert new[0]["mentions"] == 1 and new[0]["family"] == "push"
    assert result["job_stories"] == [] and result["rejected_job_stories"][0]["id"] == "js-1"
    assert result["summary"]["job_stories"] == 0


def test_the_takeaways_read_as_the_corrected_stories() -> None:
    base = analysis()
    second = {"id": "js-2",
              "text": "When a bank line is missing, I want to find it, so I can close.",
              "participants": ["Cy"], "situation": {"text": "a bank line is missing"}}
    base["job_stories"].append(second)
    base["takeaways"] = {"rule": "stories first", "items": [
        {"rank": 1, "kind": "job story", "text": base["job_stories"][0]["text"], "story": "js-1"},
        {"rank": 2, "kind": "job story", "text": second["text"], "story": "js-2"},
        {"rank": 3, "kind": "result", "text": "Two days became one", "story": None}]}
    edited = apply_decisions(base, [decide(base, 1, "edit_story", "js-2", "When a line is "
                                           "missing, I want to find it fast, so I can close.")])
    assert [i["text"] for i in edited["takeaways"]["items"]][:2] == [
        base["job_stories"][0]["text"], "When a line is missing, I want to find it fast, so I "
        "can close."]
    rejected = apply_decisions(base, [decide(base, 1, "reject_story", "js-1")])
    assert [(i["rank"], i.get("story")) for i in rejected["takeaways"]["items"]] == [
        (1, "js-2"), (2, None)]
    assert base["takeaways"]["items"][0]["text"].startswith("When month-end")  # input kept


def test_decisions_find_their_target_when_ids_move_and_say_when_it_is_gone() -> None:
    base = analysis()
    rename = decide(base, 1, "rename_theme", "push-1", "Spreadsheets break")
    reject = decide(base, 2, "reject_quote", "a#0-10", "push-1")
    gone = decide(base, 3, "rename_theme", "pull-1", "Bank feed")
    later = analysis()  # the next run: re-clustered ids, re-segmented offsets, no pull theme
    later["themes"][0]["id"] = "push-9"
    for segment in later["segments"]:
        segment["themes"] = ["push-9" if t == "push-1" else t for t in segment["themes"]]
        if segment["id"] == "a#0-10":
            segment.update(id="a#1-11", start=1, end=11)
    later["themes"][0]["quotes"][0].update(start=1, end=11)
    later["themes"] = [t for t in later["themes"] if t["id"] != "pull-1"]
    later["segments"] = [s for s in later["segments"] if s["id"] != "c#0-10"]
    result = apply_decisions(later, [rename, reject, gone])
    theme = next(t for t in result["themes"] if t["id"] == "push-9")
    assert theme["label"] == "Spreadsheets break"
    assert [q["text"] for q in theme["quotes"]] == ["Reconciling took two days."]
    outcomes = {d["id"]: d for d in result["decisions"]}
    assert outcomes[1]["status"] == "applied" and outcomes[1]["now"] == "push-9"
    assert outcomes[3]["status"] == "stale" and "no longer" in outcomes[3]["note"]


def test_a_decision_on_something_not_in_the_analysis_is_refused() -> None:
    with pytest.raises(DecisionError, match="target: no theme"):
        describe(analysis(), "rename_theme", "nope", "x")
    with pytest.raises(DecisionError, match="value"):
        describe(analysis(), "rename_theme", "push-1", "   ")
    with pytest.raises(DecisionError, match="action"):
        describe(analysis(), "delete_everything", "push-1", None)


def test_corrected_units_become_labelled_examples() -> None:
    base = analysis()
    moved = decide(base, 1, "move_quote", "b#20-30", "anxiety-1")
    accepted = decide(base, 2, "accept_story", "js-1")
    examples = examples_from(base, [moved, accepted])
    assert Example("I was afraid to lose history.", ("anxiety",)) in examples
    assert Example("Month-end was a nightmare.", ("situation", "push")) in examples


def _asked(n: int) -> np.ndarray:
    """Features of n units that answered a question (only q_present matters here)."""
    features = np.zeros((n, len(feature_names())))
    features[:, feature_names().index("q_present")] = 1.0
    return features


def test_a_miscoded_example_corrects_its_neighbours_and_far_units_are_left_alone() -> None:
    habit = CODES.index("habit")
    needed = np.zeros((1, len(CODES)))
    needed[0, habit] = 4.0  # the coder had it 2 log-odds short of the threshold
    no_question = np.array([[0.0, 0.0, 1.0]])  # question_rows' mark for no question
    adjust = nearest_correction(np.array([[1.0, 0.0]]), no_question, needed,
                                HashingEmbedder().encode)
    units = np.array([[1.0, 0.02], [0.8, 0.6], [0.0, 1.0]])  # the same, near, far
    probs = np.full((3, len(CODES)), 0.2)
    moved = adjust(units, probs, _asked(3), [CodeContext()] * 3)
    assert moved[0, habit] >= thresholds(_asked(1))[0, habit]  # said again: coded as taught
    assert probs[1, habit] < moved[1, habit] < moved[0, habit]  # near: part of the shift
    assert (moved[2] == probs[2]).all()  # far: exactly as coded
    assert (np.delete(moved, habit, axis=1) == 0.2).all()  # no other code moves


def test_an_example_the_coder_already_had_right_moves_nothing() -> None:
    adjust = nearest_correction(np.array([[1.0, 0.0]]), np.array([[0.0, 0.0, 1.0]]),
                                np.zeros((1, len(CODES))), HashingEmbedder().encode)
    probs = np.full((1, len(CODES)), 0.01)
    assert (adjust(np.array([[0.9, 0.1]]), probs, _asked(1), None) == probs).all()


def test_a_correction_reaches_other_answers_to_the_same_question() -> None:
    embedder = HashingEmbedder()
    question = "What worried you about switching?"
    taught = learned_coder([Example("The spreadsheet lived on the office laptop.", (),
                                    question)], embedder)
    assert taught is not None
    text = "The spreadsheet lived on the office computer."
    base = code_units([text], [CodeContext(question_text=question)], embedder=embedder)[0]
    vectors = embedder.encode([text])
    same = taught(vectors, np.array([list(base.scores.values())]), _asked(1),
                  [CodeContext(question_text=question)])
    other = taught(vectors, np.array([list(base.scores.values())]), _asked(1),
                   [CodeContext(question_text="Tell me about the bakery.")])
    anxiety = CODES.index("anxiety")
    assert same[0, anxiety] < other[0, anxiety] <= base.scores["anxiety"]


def test_one_correction_is_a_hint_and_two_agreeing_ones_code_a_unit_as_taught() -> None:
    embedder = HashingEmbedder()
    text = "We kept the paper binder on the shelf out of sheer routine."
    said_again = "We kept the paper binder on the shelf out of routine."
    before = code_units([text], embedder=embedder)[0]

    def coded(examples: list[Example]) -> tuple[str, ...]:
        token = LEARNED.set(learned_coder(examples, embedder))
        try:
            return code_units([text], embedder=embedder)[0].codes
        finally:
            LEARNED.reset(token)

    once = coded([Example(text, ("habit", "social"))])
    twice = coded([Example(text, ("habit", "social")), Example(said_again, ("habit", "social"))])
    assert "social" not in before.codes and "social" not in once
    assert {"habit", "social"} <= set(twice)
    assert code_units([text], embedder=embedder)[0] == before  # nothing learned outside
