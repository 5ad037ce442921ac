"""Interview quality score: bounds, reasons in plain English, weighting, determinism."""

from __future__ import annotations

import itertools

from jobstory.synthesis.quality import WEIGHTS, score_interview


def test_example_from_the_brief():
    result = score_interview(
        specificities=[0.71] * 9, answered=9, total_questions=12, probes=4, words=180
    )
    assert result["reasons"] == [
        "most answers were concrete (mean specificity 0.71)",
        "covered 9 of 12 questions",
        "needed 4 probes",
        "short: 180 words",
    ]
    # 0.4*0.71 + 0.25*0.75 + 0.15*(1-4/9) + 0.2*(180/600) = 0.6148 -> 1 + round(2.459) = 3
    assert result["components"]["composite"] == 0.6148
    assert result["score"] == 3
    assert result["components"]["coverage"] == {"value": 0.75, "score": 0.75, "weight": 0.25}
    assert result["components"]["length"]["value"] == 180


def test_rich_interview_scores_five_and_thin_one_scores_one():
    rich = score_interview(
        specificities=[0.9, 0.85, 0.95], answered=12, total_questions=12, probes=0, words=1500
    )
    assert rich["score"] == 5
    assert "needed no probes" in rich["reasons"]
    assert "1,500 participant words" in rich["reasons"]
    thin = score_interview(
        specificities=[0.05, 0.09], answered=2, total_questions=12, probes=2, words=20
    )
    assert thin["score"] == 1
    assert thin["reasons"][0] == "most answers were vague (mean specificity 0.07)"


def test_no_answers_scores_one():
    result = score_interview(specificities=[], answered=0, total_questions=10, probes=0, words=0)
    assert result["score"] == 1
    assert result["reasons"][0] == "no participant answers"
    assert result["components"]["specificity"] == {"value": None, "score": None, "weight": 0.0}


def test_unknown_guide_size_shares_out_its_weight():
    result = score_interview(
        specificities=[0.5, 0.5], answered=2, total_questions=None, probes=1, words=300
    )
    assert "answered 2 questions (guide size unknown)" in result["reasons"]
    assert "answers were a mix of concrete and vague (mean specificity 0.50)" in result["reasons"]
    assert "needed 1 probe" in result["reasons"]
    weights = {k: v["weight"] for k, v in result["components"].items() if k != "composite"}
    assert weights["coverage"] == 0.0
    assert abs(sum(weights.values()) - 1) < 1e-3
    assert weights["specificity"] == round(0.40 / 0.75, 4)


def test_weights_sum_to_one():
    assert abs(sum(WEIGHTS.values()) - 1) < 1e-9


def test_score_is_always_between_one_and_five_and_deterministic():
    grid = itertools.product(
        [[], [0.0], [0.3, 0.6], [1.0, 1.0]], [0, 3, 20], [None, 0, 10], [0, 2, 50], [0, 100, 5000]
    )
    for specs, answered, total, probes, words in grid:
        kwargs = {
            "specificities": specs,
            "answered": answered,
            "total_questions": total,
            "probes": probes,
            "words": words,
        }
        result = score_interview(**kwargs)
        assert isinstance(result["score"], int) and 1 <= result["score"] <= 5
        assert all(isinstance(r, str) and r for r in result["reasons"])
        assert 0 <= result["components"]["composite"] <= 1
        assert result == score_interview(**kwargs)


def test_more_specific_answers_never_score_lower():
    base = {"answered": 8, "total_questions": 10, "probes": 2, "words": 400}
    scores = [
        score_interview(specificities=[s] * 8, **base)["score"] for s in (0.0, 0.25, 0.5, 0.75, 1.0)
    ]
    assert scores == sorted(scores)
    assert scores[0] < scores[-1]
