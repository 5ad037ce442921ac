"""How the coder uses a study's labelled examples: the nearest examples correct its margins.

A unit's margin for a code is how far its probability sits from the code's threshold, in
log-odds (`logit(p) - logit(threshold)`; coded when >= 0). Each example is coded by the base
coder too, and carries the *shift* its margin needed to land on the researcher's side by
`MARGIN` (zero when the coder already had it right by that much). A new unit gets the shifts
of its nearest examples, weighted by how near they are, and divided by at least `PRIOR`.

Why a shift and not a vote toward the labels (what was tried first, see
`benchmarks/README.md`): confirmations of what the coder already does ask for no change, so a
researcher accepting a story never drags its neighbours toward labels they don't share;
working on the margin respects each code's own threshold (0.17 for a situation, 0.76 for a
pull), which a vote on probabilities could not cross; and a unit far from every example is
coded exactly as before (its probabilities are returned unchanged).

Nearness is what the unit says and what it answered: the cosine of the two units mixed with
the cosine of their questions (`QUESTION_WEIGHT`), so a correction made on answers to one
guide question also reaches other answers to that question, in other interviews.

The constants were chosen on `tests/data/coding.tsv`'s tune rows (corrections from one half,
F1 on the other, the coder refitted without each row's category), never on the sets the
benchmark reports: `benchmarks/learning.py`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from jobstory.synthesis.code import CODES, CodeContext, feature_names, load_params

#: Examples whose shifts a unit takes.
NEIGHBOURS = 7
#: The nearness (mixed cosine) below which an example gives nothing; weights grow linearly
#: from 0 here to 1 at identical units.
MIN_SIMILARITY = 0.5
#: How much of nearness is the question the two units answered (the rest is what they say).
QUESTION_WEIGHT = 0.5
#: How far past the threshold (log-odds) an example's shift takes it.
MARGIN = 2.0
#: The least the summed weights are divided by: a single near example moves a unit by at most
#: half its shift, several agreeing ones by up to all of it.
PRIOR = 2.0

Adjust = Callable[[np.ndarray, np.ndarray, np.ndarray, Sequence[CodeContext] | None],
                  np.ndarray]


def _unit(rows: np.ndarray) -> np.ndarray:
    rows = np.asarray(rows, dtype=np.float64)
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    return rows / np.where(norms == 0, 1.0, norms)


def thresholds(features: np.ndarray) -> np.ndarray:
    """The threshold each unit's codes are decided at (n x len(CODES)): the fitted coder keeps
    one for units that answered a question and one for units with none."""
    codes = load_params()["codes"]
    asked = np.array([codes[c]["threshold"] for c in CODES], dtype=np.float64)
    bare = np.array([codes[c].get("threshold_no_context", codes[c]["threshold"])
                     for c in CODES], dtype=np.float64)
    has_question = np.asarray(features)[:, feature_names().index("q_present")] > 0
    return np.where(has_question[:, None], asked[None, :], bare[None, :])


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-4, 1 - 1e-4)
    return np.log(p / (1 - p))


def margins(probs: np.ndarray, features: np.ndarray) -> np.ndarray:
    """Log-odds past each code's threshold: >= 0 is coded."""
    return _logit(np.asarray(probs, dtype=np.float64)) - _logit(thresholds(features))


def shifts(example_margins: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """What each example's margins needed to be on the researcher's side by MARGIN."""
    wanted = np.asarray(labels, dtype=bool)
    return np.where(wanted, np.maximum(0.0, MARGIN - example_margins),
                    np.minimum(0.0, -MARGIN - example_margins))


def nearest_correction(example_vectors: np.ndarray, example_questions: np.ndarray,
                       example_shifts: np.ndarray, encode: Callable[[list[str]], np.ndarray]
                       ) -> Adjust:
    """The adjustment `jobstory.synthesis.code.LEARNED` takes. `example_questions` are the
    examples' `question_rows`; `encode` embeds the questions of the units being coded."""
    said = _unit(example_vectors)
    asked = np.asarray(example_questions, dtype=np.float64)
    needed = np.asarray(example_shifts, dtype=np.float64)

    def adjust(vectors: np.ndarray, probs: np.ndarray, features: np.ndarray,
               contexts: Sequence[CodeContext] | None) -> np.ndarray:
        if len(said) == 0 or len(vectors) == 0:
            return probs
        questions = question_rows([c.question_text if c is not None else None
                                   for c in (contexts or [None] * len(vectors))],
                                  encode, said.shape[1])
        same = _unit(vectors) @ said.T
        near = nearness(same, questions, asked)
        k = min(NEIGHBOURS, len(said))
        nearest = np.argsort(-near, axis=1, kind="stable")[:, :k]
        weights = np.clip((np.take_along_axis(near, nearest, axis=1) - MIN_SIMILARITY)
                          / (1.0 - MIN_SIMILARITY), 0.0, 1.0)
        total = np.maximum(weights.sum(axis=1, keepdims=True), PRIOR)
        shift = np.einsum("nk,nkc->nc", weights, needed[nearest]) / total
        margin = margins(probs, features) + shift
        corrected = 1.0 / (1.0 + np.exp(-(margin + _logit(thresholds(features)))))
        return np.where(shift != 0, np.round(corrected, 4), probs)

    return adjust


def nearness(same: np.ndarray, unit_questions: np.ndarray, example_questions: np.ndarray
             ) -> np.ndarray:
    """How near each unit is to each example: `same` (the cosine of what they say) mixed with
    the cosine of their `question_rows`."""
    return (1 - QUESTION_WEIGHT) * same + QUESTION_WEIGHT * (unit_questions @ example_questions.T)


def question_rows(questions: Sequence[str | None], encode: Callable[[list[str]], np.ndarray],
                  dimension: int) -> np.ndarray:
    """The questions units answered, embedded at unit length with one more column that marks
    no question: two units that answered nothing are as near in context as two that answered
    the same question, and neither is near one that answered something."""
    asked = {i for i, q in enumerate(questions) if q and q.strip()}
    unique = sorted({str(questions[i]) for i in asked})
    vectors = dict(zip(unique, _unit(encode(unique)))) if unique else {}
    rows = np.zeros((len(questions), dimension + 1), dtype=np.float64)
    for i, question in enumerate(questions):
        if i in asked:
            rows[i, :dimension] = vectors[str(question)]
        else:
            rows[i, dimension] = 1.0
    return rows

