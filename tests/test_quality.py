"""Interview quality: depth, timeline coverage, engagement and probes make a 1-5 score that
tells a rich switch interview from a thin one, with reasons; and the report's gate."""

from __future__ import annotations

from jobstory.synthesis.quality import GATE, WEIGHTS, Answer, gate, score_interview

STAGES = ("first_thought", "passive_looking", "deciding", "first_use", "what_changed")


def answer(words: int = 50, concrete: float = 0.8, phase: str = "deciding",
           vague: bool = False) -> Answer:
    return Answer(words=words, specificities=(0.2, concrete), phase=phase, vague=vague)


def test_a_rich_switch_interview_scores_five_with_reasons():
    rich = score_interview([answer(phase=p) for p in STAGES * 2])
    assert rich["score"] == 5
    assert rich["reasons"] == [
        "10 answers told a concrete episode",
        "covered 5 of 5 timeline stages",
        "50 words per answer (median) over 10 answers",
        "no answer needed a probe",
    ]
    assert rich["components"]["composite"] == 1.0


def test_a_thin_interview_scores_one_and_says_why():
    thin = score_interview([answer(words=3, concrete=0.1, phase=p, vague=True)
                            for p in STAGES[:3]])
    assert thin["score"] == 1
    assert thin["reasons"][0] == "no concrete episode told"
    assert thin["reasons"][1] == (  # 3 words say nothing
        "covered 0 of 5 timeline stages (not the struggling moment, looking, deciding, "
        "first use: never asked, what changed: never asked)")
    assert thin["reasons"][3] == "3 of 3 answers were vague enough to need a probe"


def test_each_component_moves_the_score_on_its_own():
    base = [answer(phase=p) for p in STAGES]
    full = score_interview(base)["components"]["composite"]
    shallow = [answer(concrete=0.3, phase=p) for p in STAGES]
    partial = [answer(phase=STAGES[0]) for _ in STAGES]
    terse = [answer(words=10, phase=p) for p in STAGES]
    probed = [answer(phase=p, vague=True) for p in STAGES]
    for worse, component in ((shallow, "depth"), (partial, "coverage"),
                             (terse, "engagement"), (probed, "probes")):
        scored = score_interview(worse)["components"]
        assert scored["composite"] < full, component
        assert scored[component]["score"] < 1.0, component


def test_unplaced_questions_share_out_coverage_weight():
    result = score_interview([answer(phase="") for _ in range(5)])
    assert result["components"]["coverage"] == {"value": None, "score": None, "weight": 0.0}
    weights = [result["components"][n]["weight"] for n in WEIGHTS if n != "coverage"]
    assert abs(sum(weights) - 1.0) < 1e-3
    assert "timeline coverage unknown" in result["reasons"][1]


def test_no_answers_scores_one():
    assert score_interview([])["score"] == 1
    assert score_interview([])["reasons"] == ["no participant answers"]


def test_the_gate_leaves_out_people_whose_every_interview_is_under_three():
    records = [{"participant": "a", "score": 2}, {"participant": "b", "score": GATE},
               {"participant": "c", "score": 1}, {"participant": "c", "score": 4}]
    assert gate(records) == {"a"}
    assert gate(records, include_low_quality=True) == set()


def test_scores_are_deterministic_and_bounded():
    import itertools

    for words, concrete, vague in itertools.product((0, 5, 40, 200), (0.0, 0.5, 1.0),
                                                    (False, True)):
        answers = [answer(words=words, concrete=concrete, vague=vague, phase=p)
                   for p in STAGES]
        first, second = score_interview(answers), score_interview(answers)
        assert first == second and 1 <= first["score"] <= 5
