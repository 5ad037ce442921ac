"""JTBD coding of interview units, offline and deterministic.

A unit (a sentence or clause a participant said) gets zero or more codes from `CODES`:

- JTBD parts: `situation` (circumstance or trigger), `motivation` (what they wanted to do),
  `outcome` (the end benefit they seek or got);
- forces of progress: `push`, `pull`, `anxiety`, `habit`;
- dimension: `functional`, `emotional`, `social`.

The embedded default needs no LLM and no training at run time. Each unit becomes a small,
generic feature vector:

(a) prototype similarity: cosine of the unit to each code's prototype sentences
    (`data/prototypes.yaml`, embedded with the same embedder as the units), mean of the top 3
    per code, plus a `none` group of talk that carries no code;
(b) lexical cues (`coding_cues.py`): word lists and patterns such as "when"/"every time"
    (situation), "I wanted to"/"I needed to" (motivation), "so I can"/"which means" (outcome),
    worry words (anxiety), "always"/"used to" (habit), feeling words (emotional), others'
    perception (social), and a few shape features (length, filler, negated worry);
(c) question context: what the question the unit answered asks about (its text, and the guide
    question's `phase`/`force` when known), e.g. an answer to "What worried you about
    switching?" leans `anxiety`.

A per-code logistic regression over those features, fitted on the tune split of
`tests/data/coding.tsv` by `python benchmarks/coding.py --fit`, turns them into calibrated
probabilities; a per-code threshold chosen on tune (out-of-fold F1) turns those into codes.
The fitted parameters ship as `data/coding_params.json`, so coding is a few numpy products.
Rules of the switch story stand over the model (:mod:`story_forces`, :mod:`story_push`): nothing
said before someone knew of a new way is its pull, and what they say they wanted or what "got"
them while weighing one is, as is what "sold" them wherever it is told; a worry or an attachment
to the old way read plainly, without its question, is coded whatever the question
(`SAID_ANYWHERE`), as are a way of the old days still kept up, a worry told in so many words
once a new way is known of, and what someone liked about their way before; a failure told when
asked how the old way ran is its push and no attachment to it (`Coding.ruled_out` keeps the
question from adding it back), and a problem named before a new way is known of is push whatever
was asked, as is a failure told to the opening question ("I'd end up teaching people who owed
me"), and what the interviewer picks up from an opening answer to ask what it meant ("it was
like herding cats" - "Herding cats how?"). What is said back to small talk ("How's your week
going?" - "Mad, honestly.") gets no code, as talk about the interview itself gets none.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import numpy as np

from jobstory.synthesis.questions import small_talk
from jobstory.synthesis.segment import about_the_interview
from jobstory.synthesis.coding_cues import (
    CUES,
    FORCES,
    QUESTION_CUES,
    SHAPE_FEATURES,
    CodeContext,
    codable,
    context_features,
    cue_features,
)

from jobstory.synthesis.story_forces import (
    BEFORE_AWARE,
    drew_them,
    kept_up,
    liked_before,
    loath_to_switch,
    long_done,
    sold_them,
    wished,
    worried,
)
from jobstory.synthesis.story_push import (
    failure_told,
    probed_struggle,
    problem_named,
    went_wrong,
)

if TYPE_CHECKING:
    from jobstory.synthesis.embed import Embedder

__all__ = ["CODES", "FORCES", "LEARNED", "SAID_ANYWHERE", "CodeContext", "Coding", "code_units",
           "codable", "feature_names", "load_params", "load_prototypes", "unit_features"]

CODES: tuple[str, ...] = (
    "situation",
    "motivation",
    "outcome",
    "push",
    "pull",
    "anxiety",
    "habit",
    "functional",
    "emotional",
    "social",
)
PROTOTYPE_GROUPS: tuple[str, ...] = (*CODES, "none")
TOP_K = 3
PARAMS_FILE = "coding_params.json"
PROTOTYPES_FILE = "prototypes.yaml"
#: What a researcher taught the coder (`jobstory.learning.examples`): set around one study's
#: run, it maps (unit vectors, probabilities, features, contexts) to probabilities corrected by
#: the nearest examples they confirmed or corrected. Unset, coding is exactly as fitted.
LEARNED: ContextVar[Callable[[np.ndarray, np.ndarray, np.ndarray,
                              Sequence[CodeContext] | None], np.ndarray] | None] = ContextVar(
    "learned_coding", default=None)


@dataclass(frozen=True)
class Coding:
    codes: tuple[str, ...]  # in CODES order
    scores: dict[str, float]  # 0..1 per code (calibrated probability), rounded to 4 dp
    #: forces the unit was read as not carrying, whatever force its question asks about: a
    #: failure told when asked how the old way ran is no attachment to it (`went_wrong`)
    ruled_out: tuple[str, ...] = ()


# --------------------------------------------------------------------------------------------
# (a) prototype similarity


def _data_text(name: str) -> str:
    return resources.files("jobstory.synthesis").joinpath("data", name).read_text("utf-8")


@lru_cache(maxsize=1)
def load_prototypes() -> dict[str, tuple[str, ...]]:
    import yaml

    raw = yaml.safe_load(_data_text(PROTOTYPES_FILE))
    missing = [g for g in PROTOTYPE_GROUPS if not raw.get(g)]
    if missing:
        raise ValueError(f"prototypes.yaml lacks groups: {missing}")
    return {g: tuple(str(s) for s in raw[g]) for g in PROTOTYPE_GROUPS}


_PROTO_CACHE: dict[int, tuple[Any, np.ndarray]] = {}


def _unit_rows(matrix: np.ndarray) -> np.ndarray:
    matrix = np.asarray(matrix, dtype=np.float32)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms > 0, norms, 1.0)


def prototype_vectors(embedder: Embedder) -> np.ndarray:
    """All prototype sentences embedded (group order, file order), cached per embedder object."""
    hit = _PROTO_CACHE.get(id(embedder))
    if hit is not None and hit[0] is embedder:
        return hit[1]
    protos = load_prototypes()
    sentences = [s for g in PROTOTYPE_GROUPS for s in protos[g]]
    matrix = _unit_rows(embedder.encode(sentences))
    if len(_PROTO_CACHE) >= 4:
        _PROTO_CACHE.clear()
    _PROTO_CACHE[id(embedder)] = (embedder, matrix)  # holds the embedder so its id stays unique
    return matrix


def similarity_features(vectors: np.ndarray, protos: np.ndarray) -> np.ndarray:
    """Per prototype group, the mean of the unit's top-3 cosine similarities."""
    groups = load_prototypes()
    if vectors.shape[0] == 0:
        return np.zeros((0, len(PROTOTYPE_GROUPS)), dtype=np.float64)
    if vectors.shape[1] != protos.shape[1]:
        raise ValueError(
            f"unit vectors have dimension {vectors.shape[1]} but the embedder's prototypes have "
            f"{protos.shape[1]}: pass the embedder that produced the vectors"
        )
    sims = _unit_rows(vectors) @ protos.T
    out = np.zeros((vectors.shape[0], len(PROTOTYPE_GROUPS)), dtype=np.float64)
    start = 0
    for j, group in enumerate(PROTOTYPE_GROUPS):
        block = sims[:, start : start + len(groups[group])]
        start += len(groups[group])
        k = min(TOP_K, block.shape[1])
        top = -np.partition(-block, k - 1, axis=1)[:, :k]
        out[:, j] = top.mean(axis=1)
    return out


# --------------------------------------------------------------------------------------------
# features and the calibrated model


def feature_names() -> list[str]:
    return (
        [f"sim_{g}" for g in PROTOTYPE_GROUPS]
        + list(CUES)
        + list(SHAPE_FEATURES)
        + list(QUESTION_CUES)
        + ["q_present"]
    )


def unit_features(
    texts: Sequence[str],
    contexts: Sequence[CodeContext | None] | None = None,
    *,
    embedder: Embedder | None = None,
    vectors: np.ndarray | None = None,
) -> np.ndarray:
    """The feature matrix `code_units` scores; `benchmarks/coding.py --fit` trains on it."""
    texts = [t if isinstance(t, str) else "" for t in texts]
    n = len(texts)
    if embedder is None:
        from jobstory.synthesis.embed import default_embedder

        embedder = default_embedder()
    if vectors is None:
        vectors = embedder.encode(texts) if n else np.zeros((0, embedder.dimension), np.float32)
    vectors = np.asarray(vectors, dtype=np.float32)
    if vectors.ndim != 2 or vectors.shape[0] != n:
        raise ValueError(f"vectors must have one row per text ({n}), got shape {vectors.shape}")
    sims = similarity_features(vectors, prototype_vectors(embedder))
    return np.hstack([sims, cue_features(texts), context_features(contexts, n)])


@lru_cache(maxsize=1)
def load_params() -> dict[str, Any]:
    params = json.loads(_data_text(PARAMS_FILE))
    if params["features"] != feature_names():
        raise ValueError(
            "coding_params.json was fitted on other features; run python benchmarks/coding.py --fit"
        )
    return params


def _model_arrays(params: dict[str, Any]) -> tuple[np.ndarray, ...]:
    codes = params["codes"]
    mean = np.asarray(params["mean"], dtype=np.float64)
    scale = np.asarray(params["scale"], dtype=np.float64)
    coef = np.asarray([codes[c]["coef"] for c in CODES], dtype=np.float64)
    bias = np.asarray([codes[c]["intercept"] for c in CODES], dtype=np.float64)
    # Units that answered a known question vs units with no question context at all.
    with_q = np.asarray([codes[c]["threshold"] for c in CODES], dtype=np.float64)
    without_q = np.asarray(
        [codes[c].get("threshold_no_context", codes[c]["threshold"]) for c in CODES],
        dtype=np.float64,
    )
    return mean, scale, coef, bias, with_q, without_q


def decide(features: np.ndarray, probs: np.ndarray, params: dict[str, Any]) -> np.ndarray:
    """Boolean (n x len(CODES)): which codes each unit gets, from its rounded probabilities."""
    with_q, without_q = _model_arrays(params)[4:]
    has_context = features[:, feature_names().index("q_present")] > 0
    thresholds = np.where(has_context[:, None], with_q[None, :], without_q[None, :])
    return probs >= thresholds


def score_features(features: np.ndarray, params: dict[str, Any] | None = None) -> np.ndarray:
    """Calibrated probabilities (n x len(CODES)), rounded to 4 dp."""
    mean, scale, coef, bias = _model_arrays(params or load_params())[:4]
    z = ((features - mean) / scale) @ coef.T + bias
    probs = 1.0 / (1.0 + np.exp(-np.clip(z, -50, 50)))
    return np.round(probs, 4)


def _before_aware(contexts: Sequence[CodeContext | None]) -> np.ndarray:
    return np.fromiter(((c is not None and c.phase in BEFORE_AWARE) for c in contexts), bool,
                       len(contexts))


#: Forces a unit carries when it says them plainly, whatever the question it answered: "I
#: worried the older volunteers wouldn't use an app", told while saying what they looked at,
#: is a worry about switching; "I really liked the sheet, anyone could open it", told while
#: saying what went wrong, is attachment to the old way. Interviews wander, and the question's
#: pull on the reading would otherwise drown them. (Not pull or push: read without their
#: question, what a product does now and what went wrong with it read alike.)
SAID_ANYWHERE = ("anxiety", "habit")


def _each(rule: Callable[[str, CodeContext], bool], texts: Sequence[str],
          contexts: Sequence[CodeContext | None]) -> np.ndarray:
    """Per unit, whether a rule of the story (:mod:`story_forces`, :mod:`story_push`) holds."""
    return np.fromiter((c is not None and isinstance(t, str) and rule(t, c)
                        for t, c in zip(texts, contexts)), bool, len(texts))


def code_units(
    texts: Sequence[str],
    contexts: Sequence[CodeContext] | None = None,
    *,
    embedder: Embedder | None = None,
    vectors: np.ndarray | None = None,
) -> list[Coding]:
    """Code each unit. `vectors` are embeddings the caller already has (same order as texts),
    from `embedder` (or the default embedder when none is given)."""
    if len(texts) == 0:
        return []
    params = load_params()
    learned = LEARNED.get()
    if learned is not None and vectors is None:
        if embedder is None:
            from jobstory.synthesis.embed import default_embedder

            embedder = default_embedder()
        vectors = embedder.encode([t if isinstance(t, str) else "" for t in texts])
    features = unit_features(texts, contexts, embedder=embedder, vectors=vectors)
    probs = score_features(features, params)
    if contexts is not None:
        pull, motivation = CODES.index("pull"), CODES.index("motivation")
        probs[_before_aware(contexts), pull] = 0.0
        wanted = _each(wished, texts, contexts)
        probs[wanted, pull] = np.maximum(probs[wanted, pull], probs[wanted, motivation])
    if learned is not None:
        probs = learned(np.asarray(vectors, dtype=np.float32), probs, features, contexts)
    ok = np.fromiter((codable(t) and not about_the_interview(t) if isinstance(t, str) else False
                      for t in texts), bool, len(texts))
    if contexts is not None:  # "Mad, honestly." said back to "How are you?" is no push
        ok &= ~_each(lambda t, c: c.phase in (None, "background") and
                     small_talk(c.question_text or ""), texts, contexts)
    probs[~ok] = 0.0
    chosen = decide(features, probs, params) & ok[:, None]
    ruled_out: list[tuple[str, ...]] = [()] * len(texts)
    if contexts is not None:
        chosen[:, CODES.index("pull")] |= _each(
            lambda t, c: drew_them(t, c) or sold_them(t, c), texts, contexts) & ok
        # read without its question too: a worry or an attachment said plainly is one
        bare = features.copy()
        bare[:, -(len(QUESTION_CUES) + 1):] = 0.0
        plain = score_features(bare, params)
        if learned is not None:
            plain = learned(np.asarray(vectors, dtype=np.float32), plain, bare, None)
        plain[~ok] = 0.0
        said = decide(bare, plain, params)
        forces = [CODES.index(force) for force in FORCES]
        strongest = plain[:, forces].max(axis=1)
        before_aware = _before_aware(contexts)
        asked_pull = _each(lambda t, c: c.force == "pull", texts, contexts)
        for code in SAID_ANYWHERE:
            j = CODES.index(code)
            plainly = said[:, j] & (plain[:, j] >= strongest)
            if code == "anxiety":  # a worry about a new way needs a new way known of
                plainly &= ~before_aware
            else:  # what drew them, asked for and told, reads like a routine without its question
                plainly &= ~(asked_pull & chosen[:, CODES.index("pull")])
            chosen[:, j] |= plainly
            probs[:, j] = np.where(plainly, np.maximum(probs[:, j], plain[:, j]), probs[:, j])
        def each(rule: Callable[[str, CodeContext], bool]) -> np.ndarray:
            return _each(rule, texts, contexts) & ok

        habit = CODES.index("habit")
        chosen[:, CODES.index("anxiety")] |= each(lambda t, c: worried(t, c.phase))
        # a failure of the old way is its push, and no attachment to it; what was wrong with
        # the way, named as its problem, is its push (and may be how it ran: habit stays)
        wrong = each(went_wrong)
        chosen[wrong, habit] = False
        ruled_out = [("habit",) if w else () for w in wrong.tolist()]
        chosen[wrong | each(lambda t, c: problem_named(t, c.phase) or failure_told(t, c.phase)
                            or probed_struggle(t, c)), CODES.index("push")] = True
        chosen[:, habit] |= each(lambda t, c: kept_up(t, c.phase) or liked_before(t, c.phase)
                                 or loath_to_switch(t, c.phase) or long_done(t))
    out: list[Coding] = []
    for row, picks, out_ruled in zip(probs.tolist(), chosen.tolist(), ruled_out):
        codes = tuple(c for c, on in zip(CODES, picks) if on)
        out.append(Coding(codes=codes, scores=dict(zip(CODES, row)), ruled_out=out_ruled))
    return out
