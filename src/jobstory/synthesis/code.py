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
Two rules of the timeline stand over the model: nothing said before someone knew of a new way
(background, first thought, struggling moment) is its pull (`BEFORE_AWARE`), and what someone
says they wanted while weighing one is (`WEIGHING`), as is what they say "got" them there. A
worry or an attachment to the old way read plainly, without its question, is coded whatever
the question (`SAID_ANYWHERE`; a worry only once someone knew of a new way: before it, a fear
is the struggle's), and so is a way of the old days someone still keeps up, told after the
switch or beside the new way ("Dawn still prints the day list", `kept_up`). A failure told
when asked how the old way ran ("I ended up doing the shift myself") is its push, not an
attachment to it (`went_wrong`; `Coding.ruled_out` keeps the question from adding it back),
and what was wrong with it, named as its problem, is push whatever was asked
(`problem_named`). What someone liked about their way before they knew of a new
one ("I liked that spreadsheet, I'd built it myself") is attachment to it (`liked_before`), and
a worry told in so many words once a new way is known of ("I kept thinking, what if the tags
fall off") is a worry about it (`worried`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import numpy as np

from jobstory.synthesis.grammar import (ALL_BASES, IRREGULAR, MONTHS, WEEKDAYS,
                                        dictionary_base)
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

if TYPE_CHECKING:
    from jobstory.synthesis.embed import Embedder

__all__ = ["CODES", "FORCES", "LEARNED", "SAID_ANYWHERE", "CodeContext", "Coding", "code_units",
           "codable", "feature_names", "kept_up", "load_params", "load_prototypes",
           "unit_features", "went_wrong"]

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


#: Timeline phases before someone knows of a new way: nothing in them is its pull. An answer
#: about how things were done, or about the struggle, that reads like a feature ("the invoice
#: goes to accounts, accounts pay it") describes the old way.
BEFORE_AWARE = frozenset({"background", "first_thought", "struggling_moment"})


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

#: Timeline phases in which someone weighs a new way. What they say they wanted there, unless
#: asked about a worry or a habit, is what drew them: "I just wanted to be able to open the job
#: and show them", told while looking, is the pull of a way that would let them.
WEIGHING = frozenset({"passive_looking", "active_looking", "deciding"})
_WISH = re.compile(
    r"\b(?:i|we)(?:'d| would)?\s+(?:(?:really|just|only|also|always|honestly)\s+)*"
    r"(?:want|wanted|wish|wished|hoped|was hoping|were hoping|would like|'d like) to\b|"
    r"\b(?:what|all) (?:i|we) (?:really |just )?(?:wanted|was after|were after)\b",
    re.IGNORECASE)


#: "What got me was that the scan happens at the pub door", "What got my attention was she
#: said it sends a nudge itself", "That's what caught my ear": the participant's own frame for
#: what drew them, told while weighing a new way. (Told of the struggle, "what really got me"
#: is what upset them: the story's push, which the coder reads without this.)
_DREW_ME = re.compile(
    r"\b(?:what|the (?:thing|bit|part) (?:that )?)\s*(?:(?:really|first|honestly)\s+)?"
    r"(?:got|grabbed|caught) (?:me\b|my (?:attention|eye|ear|interest)\b)", re.IGNORECASE)


def _said_while_weighing(texts: Sequence[str], contexts: Sequence[CodeContext | None],
                         said: re.Pattern[str]) -> np.ndarray:
    """Units matching `said`, told while weighing a new way and not asked about a worry or
    an attachment to the old way."""
    return np.fromiter(
        ((c is not None and c.phase in WEIGHING and c.force in (None, "pull")
          and isinstance(t, str) and said.search(t) is not None)
         for t, c in zip(texts, contexts)), bool, len(texts))


#: Phases told from after the switch.
AFTER_SWITCH = frozenset({"first_use", "what_changed"})
#: "Dawn still prints the day list", "I still keep the cancellation book", "even now I ring
#: them": a way of the old days kept up today, said in the present by someone (not "the
#: patients still didn't come", "I still have to ring them", "it's still there", "it still
#: annoys me").
_STILL = re.compile(
    r"\b(?P<now>even now)\b|"
    r"\b(?P<before>[\w'’]+)\s+still\s+"
    r"(?:(?:sometimes|always|usually|often|just|really|occasionally|also)\s+)*(?P<next>[\w'’]+)",
    re.IGNORECASE)
#: Words before "still" that make what follows a state or the past: "was still", "it's still".
_NOT_SOMEONE = frozenset("""was were had did could would couldn't wouldn't is are am be been
it it's that's there's they're we're he's she's i'm you're can will may might should must
that this which you""".split())
_NOT_KEPT = re.compile(
    r"^(?:can't|cannot|couldn't|don't|doesn't|didn't|isn't|aren't|wasn't|weren't|won't|"
    r"wouldn't|hasn't|haven't|not|no|never|nothing|annoy\w*|bug\w*|frustrat\w*|hat(?:e[sd]?|ing)|"
    r"irritat\w*|drives?|grates?|struggl\w*|worr\w*|fret\w*)$", re.IGNORECASE)
#: Verbs that say how things are, not what someone keeps doing.
_STATES = frozenset("""be is are am have has get gets need needs happen happens want wants think
thinks feel feels seem seems work works run runs exist exists stand stands remain remains
stay stays live lives go goes come comes say says""".split())
#: Words that set what is kept beside the new way, wherever in the story it is told.
_BESIDE_NEW = re.compile(r"\b(?:even now|these days|nowadays|even though|although|as well|"
                         r"alongside|in parallel|anyway)\b", re.IGNORECASE)


#: What someone liked about a way of theirs, said before they knew of a new one: "I kind of
#: loved the dots, honestly, anyone could learn it", "to be fair, I liked that spreadsheet, I'd
#: built it myself", "part of me liked being the one person who could find anything". Nothing
#: then can be a new way's pull, and told while saying what went wrong it reads to the coder as
#: more of the struggle: it is attachment to the old way (habit). A thing or a role named ("the
#: dots", "that spreadsheet", "being the one"), not a taste ("I like things to add up").
_LIKED_OLD = re.compile(
    r"\b(?:i|we|part of me)\s+(?:(?:really|actually|kind of|kinda|quite|honestly|always|"
    r"genuinely|sort of|secretly|also|just)\s+)*(?:liked|loved|like|love|enjoyed)\s+"
    r"(?:the|that|those|our|my|having|being)\b", re.IGNORECASE)


def liked_before(text: str, phase: str | None) -> bool:
    """Whether `text` tells what someone liked about a way of theirs before they knew of a new
    one (`_LIKED_OLD`)."""
    return phase in BEFORE_AWARE and _LIKED_OLD.search(text) is not None


#: A worry told in so many words: "I was honestly quite worried some of the dads would think I
#: was bossy", "I kept thinking, what if the tags fall off", "I kept waking up at four thinking
#: a hold had expired", "I was convinced the form had stopped feeding into it", "half expecting
#: a couple to ring up furious", "I had this horrible feeling the code would be wrong". Told of
#: the first weeks with a new way, the story around it reads as what changed, and the coder's
#: plain reading of it as the struggle; said like this, once a new way is known of, it is a
#: worry about it (before that, a fear is the struggle's, as `SAID_ANYWHERE` has it).
_WORRIED = re.compile(
    r"\b(?:i|we)(?:'m| am| was| were| got)?\s+(?:(?:really|honestly|quite|a bit|so|genuinely|"
    r"properly|a little|terribly)\s+)*(?:worried|scared|nervous|afraid|terrified|anxious)\b|"
    r"\bwhat if\b|\bkept (?:thinking|waking|checking|expecting|worrying)\b(?![ ,]+about\b)"
    r"(?=[ ,]+\w)|\bhalf expect\w*|\b(?:i|we) (?:was|were) convinced\b|"
    r"\b(?:didn't|did not) (?:quite |really |fully )?trust\b|"
    r"\b(?:horrible|awful|sick|nagging) feeling\b", re.IGNORECASE)


def worried(text: str, phase: str | None) -> bool:
    """Whether `text` tells a worry in so many words once a new way was known of (`_WORRIED`)."""
    return phase in WEIGHING | AFTER_SWITCH and _WORRIED.search(text) is not None


def kept_up(text: str, phase: str | None) -> bool:
    """Whether `text` tells of a way of the old days kept up today: "even now", or someone who
    "still" does something, in the present, told once a new way was known of (while weighing
    it, or after the switch) or beside the new way ("even though it's on the screen"). Before
    that, "still" in the present is the story's own ("so I still ring round")."""
    if phase not in AFTER_SWITCH | WEIGHING and not _BESIDE_NEW.search(text):
        return False
    for found in _STILL.finditer(text):
        if found.group("now"):
            return True
        word = found.group("next").lower()
        if found.group("before").lower() not in _NOT_SOMEONE and not _NOT_KEPT.match(word) \
                and word not in _STATES and word not in IRREGULAR and (
                    word in ALL_BASES or dictionary_base(word, ("VB", "VBP", "VBZ"))):
            return True
    return False


#: What the old way made someone bear, in the constructions English tells a failure with:
#: what they "ended up" doing or paying, what "nobody could" do, what "could never" or "never
#: once" worked, "not one of them" turned up, "no idea whether" something would happen.
_WENT_WRONG = re.compile(
    r"\b(?:ended|end|wound) up\b|"
    r"\b(?:nobody|no one|no-one|none of (?:us|them)) (?:could|was able)\b|"
    r"\bcould never\b|\bcouldn't ever\b|\bnever once\b|\bnot (?:one|a single one) of\b|"
    r"\bno idea (?:if|whether|where|who|what|how|which|when)\b|\bhad to pay\b",
    re.IGNORECASE)
#: One occasion, not a routine: "that week", "one Thursday", "the whole bank holiday weekend",
#: "by the Saturday", "in February 2024".
_ONE_OCCASION = re.compile(
    rf"\b(?:that|one|the whole|the following|the next)\s+(?:[a-z]+\s+){{0,2}}?"
    rf"(?:week|weekend|day|morning|afternoon|evening|night|month|summer|winter|christmas|"
    rf"easter|{WEEKDAYS})\b|\b(?:on|by) the (?:{WEEKDAYS})\b|\bin (?:{MONTHS}) (?:19|20)\d\d\b",
    re.IGNORECASE)
#: What recurs: "would", "used to", "every", "I'd look".
_ROUTINE = re.compile(r"\b(?:would|used to|every)\b|\b(?:i|we|he|she|they|you)['’]d\b",
                      re.IGNORECASE)


def went_wrong(text: str, context: CodeContext | None) -> bool:
    """Whether `text`, answering a question about how things ran before someone knew of a new
    way, tells the struggle rather than the routine: what the old way made them bear ("I ended
    up lending the club five hundred pounds", "nobody could ever tell you who'd paid"), or one
    occasion in an account of what recurs ("That week we sent twenty-three boxes to people on
    holiday"): the routine is what recurs, and the day it is told by is the day it broke.
    People tell the struggle as often as the routine there, and the question's pull reads it
    all as routine (habit); the struggle is the old way's push."""
    if context is None or context.phase not in BEFORE_AWARE or context.force != "habit":
        return False
    return _WENT_WRONG.search(text) is not None or (
        _ONE_OCCASION.search(text) is not None and _ROUTINE.search(text) is None)


#: "The trouble is if you miss writing it on the calendar, it just doesn't exist", "the problem
#: is couples don't pay what you ask", "the problem was the ones on autopay": someone naming
#: what was wrong with their way (not "the problem was never that people weren't working").
_PROBLEM_NAMED = re.compile(
    r"\b(?:the|my|our)\s+(?:(?:big|real|main|only|whole)\s+)?(?:problem|trouble|issue)\s+"
    r"(?:is|was)\b(?!\s+(?:never|not|that it wasn't)\b)", re.IGNORECASE)


def problem_named(text: str, phase: str | None) -> bool:
    """Whether `text`, told before someone knew of a new way, names what was wrong with their
    own (`_PROBLEM_NAMED`): the old way's push, whatever the question. (Once a new way is
    known of, "the problem was" as often names one they turned down, or a hurdle in switching.)"""
    return phase in BEFORE_AWARE and _PROBLEM_NAMED.search(text) is not None


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
        wished = _said_while_weighing(texts, contexts, _WISH)
        probs[wished, pull] = np.maximum(probs[wished, pull], probs[wished, motivation])
    if learned is not None:
        probs = learned(np.asarray(vectors, dtype=np.float32), probs, features, contexts)
    ok = np.fromiter((codable(t) and not about_the_interview(t) if isinstance(t, str) else False
                      for t in texts), bool, len(texts))
    probs[~ok] = 0.0
    chosen = decide(features, probs, params) & ok[:, None]
    ruled_out: list[tuple[str, ...]] = [()] * len(texts)
    if contexts is not None:
        chosen[:, CODES.index("pull")] |= _said_while_weighing(texts, contexts, _DREW_ME) & ok
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
        for code in SAID_ANYWHERE:
            j = CODES.index(code)
            plainly = said[:, j] & (plain[:, j] >= strongest)
            if code == "anxiety":  # a worry about a new way needs a new way known of
                plainly &= ~before_aware
            chosen[:, j] |= plainly
            probs[:, j] = np.where(plainly, np.maximum(probs[:, j], plain[:, j]), probs[:, j])
        def each(rule: Callable[[str, CodeContext], bool]) -> np.ndarray:
            return np.fromiter((c is not None and isinstance(t, str) and rule(t, c)
                                for t, c in zip(texts, contexts)), bool, len(texts)) & ok

        habit = CODES.index("habit")
        chosen[:, CODES.index("anxiety")] |= each(lambda t, c: worried(t, c.phase))
        # a failure of the old way is its push, and no attachment to it; what was wrong with
        # the way, named as its problem, is its push (and may be how it ran: habit stays)
        wrong = each(went_wrong)
        chosen[wrong, habit] = False
        ruled_out = [("habit",) if w else () for w in wrong.tolist()]
        chosen[wrong | each(lambda t, c: problem_named(t, c.phase)), CODES.index("push")] = True
        chosen[:, habit] |= each(lambda t, c: kept_up(t, c.phase) or liked_before(t, c.phase))
    out: list[Coding] = []
    for row, picks, out_ruled in zip(probs.tolist(), chosen.tolist(), ruled_out):
        codes = tuple(c for c, on in zip(CODES, picks) if on)
        out.append(Coding(codes=codes, scores=dict(zip(CODES, row)), ruled_out=out_ruled))
    return out
