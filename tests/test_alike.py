"""How alike a wording is to what the other members said (`alike.alike_to_others`)."""

from __future__ import annotations

import numpy as np

from jobstory.synthesis.alike import alike_to_others


def test_a_wording_scores_its_mean_likeness_to_each_other_persons_nearest():
    vectors = np.array([[1.0, 0.0], [1.0, 0.0], [0.0, 1.0], [0.6, 0.8]])
    scores = alike_to_others(vectors, ["ana", "ben", "ben", "cai"])
    # ana: ben's nearest is 1.0, cai's 0.6
    assert scores[0] == 0.8
    # ben's second wording: ana 0.0, cai 0.8
    assert scores[2] == 0.4


def test_a_wording_nobody_else_gave_one_for_scores_nothing():
    assert alike_to_others(np.array([[1.0, 0.0], [0.0, 1.0]]), ["ana", "ana"]) == [0.0, 0.0]
    assert alike_to_others(np.zeros((0, 2)), []) == []
