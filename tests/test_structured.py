"""Statistics of structured answers, checked against values worked out by hand."""

from __future__ import annotations

import json

import pytest

from jobstory.synthesis.structured import bootstrap_ci, summarise, wilson


def test_wilson_matches_hand_computed_bounds():
    # 8/10: p=0.8, z^2=3.8415; centre=(0.8+0.19207)/1.38415=0.71674,
    # half=1.96*sqrt(0.016+0.009604)/1.38415=0.22658
    low, high = wilson(8, 10)
    assert round(low, 4) == 0.4902
    assert round(high, 4) == 0.9433
    # 0/10: centre = half = 0.19207/1.38415 = 0.13876
    low, high = wilson(0, 10)
    assert low == 0.0
    assert round(high, 4) == 0.2775
    low, high = wilson(10, 10)
    assert round(low, 4) == 0.7225 and high == 1.0
    assert wilson(0, 0) is None


def test_single_choice_lists_every_option_and_counts_each_participant_once():
    question = {
        "id": "tool",
        "text": "Which tool?",
        "kind": "single_choice",
        "options": ["Spreadsheet", "App", "Paper"],
    }
    answers = [
        ("p1", "spreadsheet"),
        ("p2", "App"),
        ("p3", "App"),
        ("p4", "Spreadsheet"),
        ("p1", "App"),  # p1 changed their mind: the last answer counts
        ("p5", "Abacus"),  # not an option
        ("p6", None),
    ]
    result = summarise(question, answers)
    assert list(result) == ["id", "text", "kind", "n", "skipped", "distribution", "ci"]
    assert result["n"] == 4
    assert result["skipped"] == 3
    rows = {row["option"]: row for row in result["distribution"]}
    assert [row["option"] for row in result["distribution"]] == ["Spreadsheet", "App", "Paper"]
    assert rows["App"]["count"] == 3 and rows["App"]["share"] == 0.75
    assert rows["Spreadsheet"]["count"] == 1 and rows["Spreadsheet"]["share"] == 0.25
    assert rows["Paper"] == {
        "option": "Paper",
        "count": 0,
        "share": 0.0,
        "ci_low": 0.0,
        "ci_high": round(wilson(0, 4)[1], 4),
    }
    assert (rows["App"]["ci_low"], rows["App"]["ci_high"]) == tuple(
        round(x, 4) for x in wilson(3, 4)
    )


def test_single_choice_without_options_orders_by_count_then_name():
    question = {"id": "q", "text": "?", "kind": "single_choice"}
    result = summarise(question, [("a", "b"), ("b", "a"), ("c", "b"), ("d", "c")])
    assert [(r["option"], r["count"]) for r in result["distribution"]] == [
        ("b", 2),
        ("a", 1),
        ("c", 1),
    ]


def test_multiple_choice_shares_are_per_respondent():
    question = {"id": "m", "text": "Which?", "kind": "multiple_choice", "options": ["A", "B", "C"]}
    answers = [("p1", ["A", "B"]), ("p2", ["A"]), ("p3", ["a", "A", "C"]), ("p4", [])]
    result = summarise(question, answers)
    assert result["n"] == 3
    assert result["skipped"] == 1
    shares = {r["option"]: (r["count"], r["share"]) for r in result["distribution"]}
    assert shares == {"A": (3, 1.0), "B": (1, 0.3333), "C": (1, 0.3333)}


def test_yes_no_normalises():
    question = {"id": "yn", "text": "Would you switch?", "kind": "yes_no"}
    answers = [("p1", "Yes"), ("p2", True), ("p3", "no"), ("p4", "n"), ("p5", "maybe")]
    result = summarise(question, answers)
    assert result["n"] == 4 and result["skipped"] == 1
    assert [(r["option"], r["count"]) for r in result["distribution"]] == [("yes", 2), ("no", 2)]
    assert result["distribution"][0]["share"] == 0.5


def test_scale_mean_median_and_distribution():
    question = {"id": "s", "text": "How easy?", "kind": "scale", "min": 1, "max": 5}
    answers = [("a", 2), ("b", 4), ("c", "4"), ("d", 5), ("e", 9), ("f", 3.5)]
    result = summarise(question, answers)
    assert result["n"] == 4 and result["skipped"] == 2
    assert result["mean"]["estimate"] == 3.75
    assert result["median"]["estimate"] == 4.0  # sorted 2,4,4,5 -> (4+4)/2
    assert [(d["value"], d["count"]) for d in result["distribution"]] == [
        (1, 0),
        (2, 1),
        (3, 0),
        (4, 2),
        (5, 1),
    ]
    assert result["mean"]["ci_low"] <= 3.75 <= result["mean"]["ci_high"]
    assert 2 <= result["mean"]["ci_low"] and result["mean"]["ci_high"] <= 5
    assert result["median"]["ci_low"] <= 4.0 <= result["median"]["ci_high"]
    even = summarise(question, [("a", 1), ("b", 2), ("c", 3), ("d", 4)])
    assert even["median"]["estimate"] == 2.5 and even["mean"]["estimate"] == 2.5


def test_scale_defaults_to_one_to_five():
    result = summarise({"id": "s", "text": "?", "kind": "scale"}, [("a", 6), ("b", 1)])
    assert result["scale"] == {"min": 1, "max": 5}
    assert result["n"] == 1


def test_bootstrap_is_deterministic_and_seeded():
    values = [1, 2, 2, 3, 3, 3, 4, 4, 5, 5, 5, 5]
    assert bootstrap_ci(values, seed=7) == bootstrap_ci(values, seed=7)
    assert bootstrap_ci(values, "median", seed=7) == bootstrap_ci(values, "median", seed=7)
    question = {"id": "s", "text": "?", "kind": "scale"}
    answers = [(f"p{i}", v) for i, v in enumerate(values)]
    first = json.dumps(summarise(question, answers))
    assert first == json.dumps(summarise(question, answers))
    other = summarise(question, answers, seed=1)
    assert other["mean"]["estimate"] == summarise(question, answers)["mean"]["estimate"]
    assert bootstrap_ci([4], seed=0) == (4.0, 4.0)


def test_ranking_borda_partial_and_mean_rank():
    question = {"id": "r", "text": "Rank these", "kind": "ranking", "options": ["A", "B", "C"]}
    answers = [
        ("p1", ["A", "B", "C"]),
        ("p2", ["B", "A", "C"]),
        ("p3", ["A", "C", "B"]),
        ("p4", ["C"]),  # partial: C earns first-place points (2); A and B earn 0
        ("p5", ["Z"]),
    ]  # nothing usable
    result = summarise(question, answers)
    assert result["n"] == 4 and result["skipped"] == 1
    assert result["options_count"] == 3
    # A: 2+1+2+0 = 5; B: 1+2+0+0 = 3; C: 0+0+1+2 = 3 -> tie B/C broken by name
    assert [(r["option"], r["borda"]) for r in result["ranking"]] == [("A", 5), ("B", 3), ("C", 3)]
    ranks = {r["option"]: r for r in result["ranking"]}
    assert ranks["A"]["mean_rank"] == 1.3333  # (1+2+1)/3
    assert ranks["B"]["mean_rank"] == 2.0  # (2+1+3)/3
    assert ranks["C"]["mean_rank"] == 2.25  # (3+3+2+1)/4
    assert (ranks["A"]["first"], ranks["B"]["first"], ranks["C"]["first"]) == (2, 1, 1)
    assert ranks["C"]["ranked_by"] == 4 and ranks["A"]["ranked_by"] == 3


def test_ranking_unknown_options_and_unranked_option():
    question = {"id": "r", "text": "?", "kind": "ranking", "options": ["A", "B", "C", "D"]}
    result = summarise(question, [("p1", ["B", "A", "B"])])  # duplicate B ignored
    by = {r["option"]: r for r in result["ranking"]}
    assert (by["B"]["borda"], by["A"]["borda"], by["C"]["borda"]) == (3, 2, 0)
    assert by["D"]["mean_rank"] is None and by["D"]["ranked_by"] == 0


@pytest.mark.parametrize("kind", ["scale", "single_choice", "multiple_choice", "ranking", "yes_no"])
def test_empty_inputs(kind):
    question = {"id": "e", "text": "Empty", "kind": kind, "options": ["x", "y"]}
    result = summarise(question, [])
    assert result["n"] == 0 and result["skipped"] == 0
    json.dumps(result)  # JSON-ready
    if kind == "scale":
        assert result["mean"] is None and result["median"] is None
        assert all(d["share"] is None for d in result["distribution"])
    elif kind == "ranking":
        assert all(r["borda"] == 0 and r["mean_rank"] is None for r in result["ranking"])
    else:
        assert result["distribution"]
        assert all(d["share"] is None and d["ci_low"] is None for d in result["distribution"])


def test_open_questions_are_refused():
    with pytest.raises(ValueError):
        summarise({"id": "o", "text": "Tell me", "kind": "open"}, [("p", "text")])


def test_floats_are_rounded_to_four_places():
    question = {"id": "c", "text": "?", "kind": "single_choice", "options": ["a", "b", "c"]}
    result = summarise(question, [("p1", "a"), ("p2", "b"), ("p3", "b")])
    for row in result["distribution"]:
        for key in ("share", "ci_low", "ci_high"):
            assert row[key] == round(row[key], 4)
    assert result["distribution"][0]["share"] == 0.3333
