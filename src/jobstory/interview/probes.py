"""Neutral follow-up questions ("probes") and the check every probe must pass.

The library holds several open probes per missing dimension (see
`jobstory.interview.specificity.DIMENSIONS`) and a few per phase of the switch timeline or
force of progress. `choose_probe` picks one deterministically (no randomness), never one
already asked, and echoes the participant's own vague phrase where that stays neutral:
'You said "it was just annoying" — what happened the last time that came up?'.

`neutrality_problems` is the gate for every probe, from this library or from an LLM: a probe
must be one open question (or an invitation such as "Tell me about..."), must not lead,
presuppose or evaluate, and must not carry markup or instructions.
"""

from __future__ import annotations

import re
import zlib
from functools import lru_cache
from collections.abc import Sequence
from typing import TYPE_CHECKING

from jobstory.interview.specificity import DIMENSIONS, MAX_CHARS, dimension_order, vague_spans

if TYPE_CHECKING:  # pragma: no cover - typing only
    from jobstory.domain import Question

__all__ = [
    "ECHO_MAX_WORDS",
    "FALLBACK",
    "GENERAL",
    "MAX_PROBE_CHARS",
    "PHASE",
    "all_probes",
    "choose_probe",
    "neutrality_problems",
    "why_probe",
]

MAX_PROBE_CHARS = 300
ECHO_MAX_WORDS = 8

GENERAL: dict[str, tuple[str, ...]] = {
    "event": (
        "What happened the last time that came up?",
        "Walk me through the most recent time that happened.",
        "Tell me about one specific time that happened, from the start.",
        "What happened just before that?",
    ),
    "time": (
        "When was the last time that happened?",
        "What was going on in your life or work around that time?",
        "How long ago was that, roughly?",
    ),
    "example": (
        "What's one example that comes to mind?",
        "Tell me about one particular time you remember.",
        "Walk me through a recent example.",
    ),
    "people": (
        "Who else was involved when that happened?",
        "Who did you talk to about it at the time?",
        "Who else was affected by it?",
    ),
    "numbers": (
        "How often did that happen back then?",
        "Roughly how much time did that take each time?",
        "What were you paying for it at the time, if anything?",
    ),
    "alternatives": (
        "What did you try before this?",
        "What else did you look at or try?",
        "How were you handling that before, even if it was a spreadsheet or pen and paper?",
    ),
    "place": (
        "Where were you when that happened?",
        "Where were you when you first noticed it?",
    ),
}

# Probes that fit one phase of the timeline (Question.phase) or one force (Question.force).
PHASE: dict[str, dict[str, tuple[str, ...]]] = {
    "first_thought": {
        "event": ("What was happening the day you first thought about changing?",),
        "time": ("When was the very first time you thought something had to change?",),
        "place": ("Where were you when you first thought about it?",),
    },
    "passive_looking": {
        "event": ("What was the first thing you noticed about another option?",),
        "people": ("Who mentioned it to you first?",),
        "place": ("Where did you first come across it?",),
    },
    "active_looking": {
        "alternatives": (
            "What did you try first when you started looking?",
            "Which options made it onto your list?",
        ),
        "event": ("Walk me through the first day you started looking.",),
    },
    "deciding": {
        "event": (
            "What happened right before you made the final call?",
            "Walk me through the day you decided.",
        ),
        "people": ("Who had the final say?",),
    },
    "first_use": {
        "event": (
            "Walk me through the first time you used it, step by step.",
            "What happened the first time you used it?",
        ),
        "time": ("When did you first use it for real?",),
    },
    "what_changed": {
        "numbers": (
            "Roughly how much time or money is that, compared with before?",
            "How often does it go wrong now, compared with before?",
        ),
        "event": ("When did you first notice the difference?",),
        "example": ("What's one recent time the difference showed?",),
    },
    "push": {
        "event": ("What happened the most recent time you ran into that?",),
        "example": ("Tell me about the last time the old way got in your way.",),
    },
    "pull": {
        "example": ("What did you picture yourself doing differently with it?",),
        "event": ("When did you first see it do that?",),
    },
    "anxiety": {
        "event": ("What happened that brought that to mind?",),
        "people": ("Who did you talk to about that?",),
    },
    "habit": {
        "alternatives": ("Walk me through how you did it the old way, the last time you did.",),
        "example": ("Tell me about the last time you did it the old way.",),
    },
}

# When someone declines, do not echo and do not push: offer a way in on their terms.
_REFUSAL = ("No problem. What part of it, if any, are you comfortable sharing?",)
# When someone does not remember, cue the memory with context instead of asking again.
_MEMORY = (
    "No problem. What was going on around that time, at work or at home?",
    "What's the first thing that comes to mind when you think back to then?",
)
FALLBACK = (
    "Tell me more about that.",
    "What else comes to mind about that?",
    "What happened next?",
    "Walk me through that in a bit more detail.",
)


def all_probes() -> list[str]:
    """Every probe text the library can return without an echo, in a stable order."""
    texts: list[str] = []
    for group in GENERAL.values():
        texts.extend(group)
    for by_dim in PHASE.values():
        for group in by_dim.values():
            texts.extend(group)
    texts.extend(_REFUSAL + _MEMORY + FALLBACK)
    return list(dict.fromkeys(texts))


# ------------------------------------------------------------------------- neutrality

_YES_NO_STARTS = frozenset(
    """
    do does did is are was were would could should can have has had will shall may might
    must am isn't aren't wasn't weren't don't doesn't didn't won't wouldn't couldn't
    shouldn't can't haven't hasn't hadn't
    """.split()
)
_INVITATION = re.compile(
    r"^(?:tell me|walk me through|talk me through|take me back|describe|say more|share"
    r"|help me understand|go on)\b",
    re.IGNORECASE,
)
_LEADING = re.compile(
    r"\b(?:don'?t you (?:think|agree|feel)|wouldn'?t you (?:agree|say)|isn'?t it|wasn'?t it"
    r"|aren'?t they|weren'?t they|didn'?t it|didn'?t you|don'?t you|surely|obviously|clearly"
    r"|of course|i bet|i'?m sure|must have been|must'?ve been|i assume|presumably"
    r"|you'?d agree|agree that|admit it|naturally|undoubtedly)\b"
    r"|,\s*(?:right|correct|yes|no|yeah|true)\s*\?",
    re.IGNORECASE,
)
_PRESUPPOSES = re.compile(
    r"\bhow (?:frustrating|annoying|bad|terrible|awful|great|amazing|painful|stressful|hard"
    r"|difficult|good|happy|upset|angry|disappointed|excited|relieved|satisfied|easy)\b"
    r"|\bhow much (?:did|do) you (?:love|hate|like|enjoy|dislike|prefer|appreciate)\b"
    r"|\bwhy (?:was|is|were|did|does|do) (?:it|that|this|they|you)\b.*\bso\b"
    r"|\bwhy (?:didn'?t|don'?t|wouldn'?t|couldn'?t|not)\b"
    r"|\bwhat did you (?:love|hate|like|enjoy|dislike)\b"
    r"|\bso (?:bad|good|great|frustrating|annoying|terrible|awful|painful|hard|easy)\b",
    re.IGNORECASE,
)
_EVALUATIVE = re.compile(
    r"\b(?:great|awesome|amazing|terrible|awful|horrible|frustrat\w*|annoy\w*|painful|ridiculous"
    r"|perfect|excellent|wonderful|fantastic|brilliant|love[ds]?|hate[ds]?|worst|best|stupid"
    r"|silly|disappointing|unfortunately|sadly|luckily|thankfully|interesting|fascinating"
    r"|good for you|well done|exactly)\b",
    re.IGNORECASE,
)
_MARKUP = re.compile(
    r"[<>{}\[\]`*#|\\~^_=]|https?:|www\.|\S@\S|&[a-z]+;|&#\d+;|\$\{|\bdata:",
    re.IGNORECASE,
)
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")
_INSTRUCTIONS = re.compile(
    r"\b(?:ignore|disregard|forget|override)\s+(?:all|any|the|previous|prior|above|your|these"
    r"|those|earlier)\b"
    r"|\b(?:system|assistant|developer)\s*(?:prompt|message|:)|\buser\s*:"
    r"|\bas an ai\b|\blanguage model\b|\bprompts?\b|\binstructions?\b|\byou must\b"
    r"|\bclick (?:here|on|the|below|this)\b|\b(?:call|email|contact|visit) us\b"
    r"|\b(?:respond|reply|answer) (?:with|only|in)\b|\boutput\b|\bpassword\b|\bapi key\b"
    r"|(?:^|[.!?]\s+)(?:please\s+)?(?:ignore|type|enter|write|rate|select|choose|pick|copy"
    r"|paste|go to|open|click|visit|download|install|subscribe|sign up|log ?in|buy|call"
    r"|email|send|reply|respond|answer|say)\b",
    re.IGNORECASE,
)
_DOUBLE_BARREL = re.compile(
    r"\b(?:and|or|also)\s+(?:what|how|why|who|when|where|which)\b", re.IGNORECASE
)
_QUOTED = re.compile(r"\"([^\"]*)\"|“([^”]*)”")
_CLAUSE_SPLIT = re.compile(r"\s+[—–]\s+|\s+-\s+|[—–:;]")


def neutrality_problems(probe: str) -> list[str]:
    """Why `probe` is not a neutral, open, single question; [] when it is."""
    if not isinstance(probe, str):
        return ["not text"]
    text = probe.strip()
    if not text:
        return ["empty"]
    problems: list[str] = []
    if len(text) > MAX_PROBE_CHARS:
        problems.append(f"too long ({len(text)} characters > {MAX_PROBE_CHARS})")
    if _CONTROL.search(text):
        problems.append("contains line breaks or control characters")
    if _MARKUP.search(text):
        problems.append("contains markup, code or links")
    if _INSTRUCTIONS.search(text):
        problems.append("contains instructions")
    if text.count('"') % 2 or text.count("“") != text.count("”"):
        problems.append("unbalanced quotes")
    quoted = [a or b for a, b in _QUOTED.findall(text)]
    if any(len(q.split()) > ECHO_MAX_WORDS for q in quoted):
        problems.append(f"quotes more than {ECHO_MAX_WORDS} words")
    # The participant's own words, quoted, may be evaluative ("just annoying"); the
    # moderator's words may not. Leading phrases are refused anywhere, quotes included.
    own_words = _QUOTED.sub('""', text)
    match = _LEADING.search(text)
    if match:
        problems.append(f"leading: {match.group(0).strip(' ,?')!r}")
    match = _PRESUPPOSES.search(own_words)
    if match:
        problems.append(f"presupposes an answer: {match.group(0)!r}")
    match = _EVALUATIVE.search(own_words)
    if match:
        problems.append(f"injects an evaluation: {match.group(0)!r}")
    questions = text.count("?")
    if questions > 1:
        problems.append("more than one question")
    elif _DOUBLE_BARREL.search(own_words):
        problems.append("more than one question (double-barrelled)")
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", own_words) if s.strip()]
    invitation = any(_INVITATION.match(_clause_start(s)) for s in sentences)
    if questions == 0 and not invitation:
        problems.append("not a question or an invitation to tell")
    if len(re.findall(r"[^\W\d_]+", own_words)) < 2:
        problems.append("too short")
    for sentence in sentences:
        first = _first_word(_clause_start(sentence))
        if sentence.rstrip().endswith("?") and first in _YES_NO_STARTS:
            problems.append(f"yes/no question: starts with {first.capitalize()!r}")
            break
    else:
        first = _first_word(text)
        if first in _YES_NO_STARTS:
            problems.append(f"yes/no question: starts with {first.capitalize()!r}")
    return problems


def _clause_start(sentence: str) -> str:
    """The part of a sentence that carries the question: after a lead-in such as
    'You said "..." —'."""
    parts = [p for p in _CLAUSE_SPLIT.split(sentence) if p.strip()]
    return parts[-1].strip() if parts else sentence.strip()


def _first_word(text: str) -> str:
    match = re.match(r"[\s\"“'(]*([A-Za-z']+)", text)
    return match.group(1).lower().replace("\u2019", "'") if match else ""


# ------------------------------------------------------------------------------ echo

_ECHO_BREAK = re.compile(r"[.,;:!?()\[\]{}<>\"“”‘’`*#|\\/@—–\n\r\t]|\s-\s|https?|www")
_LEAD_FILLER = frozenset(
    "honestly um uh umm uhh er erm well so like and but yeah yes oh hmm ok okay basically "
    "then also plus or anyway tbh lol".split()
)
_TRAIL_FILLER = frozenset(
    "really tbh lol honestly though anyway haha and or but so the a an to of with that "
    "because like just my our your their its i we".split()
)
_KIND_RANK = {"generic": 0, "hyperbole": 1, "filler": 2, "hypothetical": 3, "hedge": 4}
_NEVER_ECHO = re.compile(r"\d|https?|www|@", re.IGNORECASE)


def _echo(text: str, asked: Sequence[str] = ()) -> str | None:
    """A short verbatim span of the answer around its most telling vague phrase."""
    clean = text[:MAX_CHARS]
    spans = vague_spans(clean)
    if not spans or any(kind == "evasion" for _, _, kind in spans):
        return None
    start, end, _ = min(spans, key=lambda s: (_KIND_RANK.get(s[2], 9), s[0]))
    left = max((m.end() for m in _ECHO_BREAK.finditer(clean, 0, start)), default=0)
    right_match = _ECHO_BREAK.search(clean, end)
    right = right_match.start() if right_match else len(clean)
    # Words of the clause, with their offsets, so the echo stays a verbatim substring.
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", clean[left:right])]
    words = [(left + a, left + b) for a, b in words]
    if not words:
        return None
    inside = [i for i, (a, b) in enumerate(words) if b > start and a < end]
    if not inside:
        return None
    lo = max(0, inside[0] - 3)
    hi = min(len(words), max(inside[-1] + 1, lo + 1) + 4)
    while hi - lo > ECHO_MAX_WORDS:
        if inside[0] - lo > hi - 1 - inside[-1]:
            lo += 1
        else:
            hi -= 1
    while lo < hi and clean[words[lo][0] : words[lo][1]].lower() in _LEAD_FILLER and lo < inside[0]:
        lo += 1
    while hi - 1 > lo and clean[words[hi - 1][0] : words[hi - 1][1]].lower() in _TRAIL_FILLER:
        hi -= 1
    if hi - lo < 2:
        return None
    phrase = clean[words[lo][0] : words[hi - 1][1]].strip()
    if _NEVER_ECHO.search(phrase) or not any(ch.isalpha() for ch in phrase):
        return None
    if len(phrase) > 60 or any(f'"{phrase}"' in a for a in asked if isinstance(a, str)):
        return None  # too long, or already echoed once for this question
    return phrase


# ---------------------------------------------------------------------------- choosing

_STOP = frozenset(
    """
    a an the and or but to of in on at for with by from about as is was were be been it that
    this there what when where who whom whose which how why did do does you your yours i me my
    we our they them their he she his her else just then than so if up out into over any
    """.split()
)
_REFUSES = re.compile(
    r"\b(?:rather not|prefer not|don'?t want to (?:say|talk|get into)|not telling|no comment"
    r"|none of your business)\b",
    re.IGNORECASE,
)
_FORGOT = re.compile(
    r"\b(?:no idea|no clue|don'?t (?:really )?(?:know|remember|recall)|can'?t (?:really )?"
    r"(?:remember|recall|say)|dunno|idk|not sure|hard to (?:say|remember|pinpoint))\b",
    re.IGNORECASE,
)


@lru_cache(maxsize=1024)
def _content_words(text: str) -> frozenset[str]:
    return frozenset(w for w in re.findall(r"[a-z']+", text.lower()) if w not in _STOP)


@lru_cache(maxsize=1024)
def _core(probe: str) -> str:
    """What a probe asks, without an echo lead-in, for 'already asked?' comparisons."""
    text = probe.replace("\u2019", "'")
    parts = re.split(r"\s[—–]\s", text, maxsplit=1)
    if len(parts) == 2 and parts[0].lower().startswith("you "):
        text = parts[1]
    return " ".join(re.findall(r"[a-z0-9']+", text.lower()))


def _too_close(probe: str, question_words: frozenset[str]) -> bool:
    """True when the probe would only repeat what the question already asked."""
    words = _content_words(probe)
    if len(words) < 2 or len(question_words) < 2:
        return False
    return len(words & question_words) / min(len(words), len(question_words)) >= 0.6


def _rotated(group: tuple[str, ...], seed: int) -> tuple[str, ...]:
    if not group:
        return group
    shift = seed % len(group)
    return group[shift:] + group[:shift]


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def choose_probe(
    text: str,
    missing: Sequence[str],
    question: Question | None,
    asked: Sequence[str] = (),
) -> str:
    """A neutral probe for what the answer lacks, echoing its vague phrase where safe.

    Deterministic: the same inputs give the same probe. Never returns a probe whose question
    (echo aside) is in `asked` while the library has another one left.
    """
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    asked_cores = {_core(a) for a in asked if isinstance(a, str)}
    question_text = getattr(question, "text", "") if question is not None else ""
    question_words = _content_words(question_text if isinstance(question_text, str) else "")
    keys: list[str] = []
    if question is not None:
        # What the question asks about (its force) before when it sits in the story (its
        # phase): "What was getting in your way?" is probed on what got in the way.
        for attribute in ("force", "phase"):
            key = getattr(question, attribute, None)
            if isinstance(key, str):
                keys.append(key)
    seed_source = getattr(question, "id", None) or question_text or ""
    seed = zlib.crc32(str(seed_source).encode("utf-8"))

    head = text[:MAX_CHARS]
    refusal = bool(_REFUSES.search(head))
    forgot = not refusal and bool(_FORGOT.search(head))

    dims = [d for d in dict.fromkeys(missing) if d in DIMENSIONS]
    if not dims:
        dims = list(dimension_order(question))
    per_dim: list[list[str]] = []
    for dim in dims:
        group: list[str] = []
        for key in keys:
            group.extend(PHASE.get(key, {}).get(dim, ()))
        group.extend(_rotated(GENERAL[dim], seed))
        per_dim.append(group)
    candidates: list[str] = list(_REFUSAL if refusal else ()) + list(_MEMORY if forgot else ())
    depth = max((len(g) for g in per_dim), default=0)
    for rank in range(depth):  # round-robin: a second probe moves to another dimension
        for group in per_dim:
            if rank < len(group):
                candidates.append(group[rank])
    candidates.extend(FALLBACK)
    candidates = list(dict.fromkeys(candidates))

    fresh = [c for c in candidates if _core(c) not in asked_cores]
    chosen = next(
        (c for c in fresh if not _too_close(c, question_words)), (fresh or candidates)[0]
    )

    echo = None if (refusal or forgot) else _echo(text, asked)
    if echo:
        echoed = f'You said "{echo}" — {_lower_first(chosen)}'
        if not neutrality_problems(echoed):
            return echoed
    return chosen


# ------------------------------------------------------------------ structured answers

_DISPLAY_DROP = re.compile(r"[\"“”<>{}\[\]`*#|\\~^_=\x00-\x1f\x7f]")


def _display(answer_display: str) -> str:
    text = re.sub(r"\s*>\s*", ", ", str(answer_display or ""))  # "A > B" rankings
    text = _DISPLAY_DROP.sub(" ", text).strip(" ,")
    words = text.split()
    if len(words) > ECHO_MAX_WORDS:
        words = words[:ECHO_MAX_WORDS] + ["…"]
    text = " ".join(words)
    return text if len(text) <= 80 else text[:79].rstrip() + "…"


def why_probe(question: Question, answer_display: str) -> str:
    """The one follow-up after a structured answer: 'You chose "Search". What led you to that?'"""
    display = _display(answer_display)
    kind = str(getattr(getattr(question, "kind", None), "value", getattr(question, "kind", "")))
    if not display:
        return "What led you to that answer?"
    if kind in {"single_choice", "multiple_choice"}:
        probe = f'You chose "{display}". What led you to that?'
    elif kind == "ranking":
        probe = f'You ranked them "{display}". What led you to that order?'
    else:
        probe = f'You answered "{display}". What led you to that?'
    return "What led you to that answer?" if neutrality_problems(probe) else probe
