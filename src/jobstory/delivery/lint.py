"""Check a job story for the mistakes teams make when they write one.

A job story reads "When [situation], I want to [motivation], so I can [outcome]". The linter
reads that template's grammar with regular expressions - where each part starts and ends - and
judges each part by its shape, never by a topic's vocabulary:

- JS01 persona            starts with "As a ...": a role says who, not what happened
- JS02 solution           the motivation names a UI element or a feature ("click a button")
- JS03 no-situation       nothing triggers the need: no "When ..." clause before the want
- JS04 vague-situation    a situation with almost nothing concrete in it ("When I use the app")
- JS05 no-motivation      no "I want to ..." (or it is a placeholder)
- JS06 no-outcome         no "so I can ..." (or it is a placeholder)
- JS07 restated-outcome   the outcome says the motivation again ("..., so I can do it")
- JS08 too-long           more than three sentences
- JS09 several-situations two or more triggers in one story (split it)
- JS10 no-evidence        a study's story that no participant's quote supports

Pure functions, no model, no I/O: a story lints in well under a millisecond, so the CLI, the
web page and the MCP tool all call the same `lint`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

__all__ = ["MAX_CHARS", "RULES", "Finding", "Parts", "lint", "lint_analysis", "parse"]

#: Longer text is not a job story; the caller refuses it before anything is parsed.
MAX_CHARS = 5000

RULES: dict[str, tuple[str, str]] = {
    "JS01": ("persona", "starts with a persona"),
    "JS02": ("solution", "names a solution or UI in the motivation"),
    "JS03": ("no-situation", "no situation"),
    "JS04": ("vague-situation", "vague situation"),
    "JS05": ("no-motivation", "motivation missing"),
    "JS06": ("no-outcome", "outcome missing"),
    "JS07": ("restated-outcome", "outcome restates the motivation"),
    "JS08": ("too-long", "more than three sentences"),
    "JS09": ("several-situations", "several situations in one story"),
    "JS10": ("no-evidence", "no evidence"),
}

SITUATION_GAP = "[situation: what happened just before they needed this?]"
MOTIVATION_GAP = "[motivation: what are they trying to get done?]"
OUTCOME_GAP = "[outcome: what does that make possible for them?]"


@dataclass(frozen=True)
class Finding:
    """One problem: `start`/`end` index the linted text (the span to highlight)."""

    code: str
    rule: str
    message: str
    start: int
    end: int
    rewrite: str | None = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


Span = tuple[int, int]


@dataclass(frozen=True)
class Parts:
    """Where each part of the template sits in the text (None: not there)."""

    persona: Span | None
    situation: Span | None
    motivation: Span | None
    outcome: Span | None
    #: the words that open the motivation ("I want to") and the outcome ("so I can")
    want: Span | None
    so: Span | None


# --- the template's grammar --------------------------------------------------------------

_PERSONA = re.compile(
    r"^\s*as\s+(?!soon\b|long\b|well\b|far\b|much\b|often\b|usual\b|always\b|part\b|a\s+rule\b"
    r"|a\s+result\b|of\b|if\b|though\b|for\b|to\b|such\b|before\b|ever\b)"
    r"(?:an?\s+|the\s+|one\s+of\s+(?:the|our|my)\s+|someone\s+|somebody\s+)?"
    r"[^,.;:!?]{1,80}?(?:,\s*|(?=\s+(?:I|we)\b))", re.IGNORECASE)
_WHO = r"(?:I|we|i)"
_WANT = re.compile(
    rf"\b{_WHO}(?:'d|’d|\s+(?:(?:really|just|also|would|still|only)\s+)*)\s*"
    r"(?:want|wanna|need|would\s+like|wish|expect|hope|like)"
    r"(?:\s+(?:a\s+way|some\s+way|to\s+be\s+able))?\s*(?:to\b\s*)?"
    r"|\b(?:help|let)\s+(?:me|us)\s+(?:to\s+)?", re.IGNORECASE)
_MODAL = r"(?:can|could|will|'ll|’ll|may|might|am\s+able\s+to|are\s+able\s+to|get\s+to)"
_SO = re.compile(
    rf"(?:,\s*|\s+|^|(?<=[.!?])\s*)(?:so\s+that\s+(?:{_WHO}\s*{_MODAL}?\s+)?"
    rf"|so\s+(?:{_WHO}\s*{_MODAL}\s+|(?=(?:{_WHO}|my|our|they|the|he|she|it|nobody|no\s+one|"
    r"everyone|customers?|students?|patients?)\b))"
    r"|in\s+order\s+(?:to|that)\s+|so\s+as\s+to\s+|to\s+be\s+able\s+to\s+)", re.IGNORECASE)
_OPENER = re.compile(r"\b(?:when(?:ever)?|if|after|before|while|once|every\s+time|each\s+time|"
                     r"any\s+time|as\s+soon\s+as|the\s+moment|during|until)\b", re.IGNORECASE)
_PLACEHOLDER = re.compile(r"^[\s.…_\-?x]*$|^\s*[(\[<{].*[)\]>}]\s*[.!]?\s*$|^\s*(?:tbd|todo|tba|"
                          r"n/?a|something|stuff|etc)\.?\s*$", re.IGNORECASE)


def _strip(text: str, start: int, end: int) -> Span | None:
    """The span without surrounding spaces and punctuation, or None when nothing is left."""
    while start < end and (text[start].isspace() or text[start] in ",;:-—–"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:.!?-—–"):
        end -= 1
    return (start, end) if end > start else None


def _sentence_end(text: str, start: int) -> int:
    match = re.compile(r"[.!?](?:\s|$)").search(text, start)
    return match.start() if match else len(text)


_CLAUSE_OPEN = re.compile(r"^\W*(?:when(?:ever)?|if|after|before|while|once|every\s+time|"
                          r"each\s+time|any\s+time|as\s+soon\s+as|the\s+moment|during|until)"
                          r"\W*$|\b(?:and|or|but|because|that|which|where|who|since|as|"
                          r"while|so)\s*$", re.IGNORECASE)


def _unmarked_want(text: str, body: int, match: re.Match[str]) -> re.Match[str] | None:
    """The one "I want" of a story whose situation has no closing comma ("When I am busy I
    want a thing so I can ..."): the want when a clause stands complete before it (not just
    the opener, not a trailing "and"/"because") and it is the template's own "want"; a
    "need"/"hope" there is the situation's own verb ("When I need to pay ...")."""
    before = text[body:match.start()]
    if not before.strip() or _CLAUSE_OPEN.search(before):
        return None
    return match if re.search(r"\bwant", match.group(0), re.IGNORECASE) else None


def parse(text: str) -> Parts:
    """Find the persona, situation, motivation and outcome of a story."""
    persona_match = _PERSONA.match(text)
    persona = _strip(text, persona_match.start(), persona_match.end()) if persona_match else None
    body = persona_match.end() if persona_match else 0
    wants = [m for m in _WANT.finditer(text, body)]
    opens = bool(_OPENER.match(text, body)) or bool(re.match(r"\s*,?\s*(?:when|if)\b",
                                                             text[body:], re.IGNORECASE))
    want = None
    for match in wants:
        before = text[body:match.start()].rstrip()
        # inside a "When I need to ..." situation the first "I need" is not the want: the
        # want follows the situation's comma or starts a sentence
        if not opens or before.endswith((",", ".", ";", ":", "—", "-")) or not before:
            want = match
            break
    if want is None and wants and opens:
        want = wants[-1] if len(wants) > 1 else _unmarked_want(text, body, wants[0])
    if want is None:
        situation = _strip(text, body, len(text)) if opens else None
        so = _SO.search(text, body)
        if so and situation:
            situation = _strip(text, body, so.start())
        outcome = _strip(text, so.end(), _sentence_end(text, so.end())) if so else None
        return Parts(persona, situation, None, outcome, None, (so.start(), so.end()) if so
                     else None)
    situation = _strip(text, body, want.start())
    so = _SO.search(text, want.end())
    motivation_end = min(so.start() if so else len(text), _sentence_end(text, want.end()))
    motivation = _strip(text, want.end(), motivation_end)
    outcome = _strip(text, so.end(), _sentence_end(text, so.end())) if so else None
    return Parts(persona, situation, motivation, outcome, _strip(text, want.start(), want.end()),
                 (so.start(), so.end()) if so else None)


# --- words ---------------------------------------------------------------------------------

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*|\d[\d.,:%]*")
#: Function words and the template's own words: never content.
_STOP = frozenset("""
a an the and or but if of to in on at by for with without from into onto over under about
as so that this these those it its it's they them their there here i i'm i've i'd me my
mine we us our you your he she his her him is am are was were be been being do does did
done doing have has had having can could will would should may might must shall get gets
got getting go goes went going just really very also too then than when whenever while
once after before what which who whom whose how why where all any some every each no not
nothing something anything everything up out off again more most less much many own same
want wants need needs like able still only even back way one ones thing things stuff
""".split())
#: Words that say nothing concrete about a moment in someone's life: generic verbs of using
#: software or being busy, and vague nouns. A situation made only of these is vague.
_GENERIC = frozenset("""
use uses used using app apps application product tool tools software system platform website
site service feature work works working busy time times moment moments sometimes always
usually often normally day days necessary possible needed ready happen happens happening
come comes coming arise arises start starts started open opens login log logged sign signed
try trying look looking check checking see seeing make making take taking think thinking
feel feeling manage managing handle handling deal dealing stuff situation situations case
cases occasion occasions able somewhere someone somebody something anything place
""".split())
#: Interface elements and product features: in a motivation they name a solution, not the
#: progress the person is after.
_UI = re.compile(
    r"\b(?:(?:click(?:s|ed|ing)?|tap(?:s|ped|ping)?|swipe[sd]?|swiping|press(?:es|ed|ing)?)"
    r"(?=\s+(?:a|an|the|on|to|it|this|that|left|right|up|down|twice|once)\b)|buttons?|"
    r"drop-?downs?|menus?|check-?box(?:es)?|toggle[sd]?|toggling|"
    r"sliders?|modals?|pop-?ups?|dialogs?|screens?|pages?|tabs?|sidebars?|dashboards?|"
    r"widgets?|icons?|links?|forms?|fields?|apps?|applications?|features?|"
    r"(?:push\s+)?notifications?|chat-?bots?|integrations?|plug-?ins?|extensions?|APIs?|"
    r"endpoints?|algorithms?|charts?|calendar\s+views?|views?|checklists?\s+features?|"
    r"drag(?:ging)?\s+and\s+drop(?:ping)?|drag|upload(?:s|ed|ing)?|log\s+in|login|"
    r"sign\s+in|fingerprint|search\s+(?:bar|box|results)|filter(?:s|ed|ing)?|"
    r"maps?\s+of|emails?\s+sent|lock\s+screen|Slack|AI)\b", re.IGNORECASE)
#: An outcome that only points back at the motivation ("so I can do it").
_PRO_FORM = re.compile(
    r"^(?:do|get|have|finish|complete|achieve|accomplish|make)\s+(?:it|that|this|them)"
    r"(?:\s+(?:done|happen|finished|completed|sorted))?(?:\s+\w+ly|\s+faster|\s+quicker|"
    r"\s+easier|\s+better|\s+now|\s+today)?$", re.IGNORECASE)


#: How something is done, not what it makes possible: "so I can do it faster" adds no outcome.
_MANNER = re.compile(r"^(?:\w+ly|faster|quicker|sooner|easier|better|cheaper|more|less|again|"
                     r"now|today|properly|right|safe)$")
#: A word that is a UI noun or a verb ("the queue forms", "the page views"): read as a verb
#: after "the/a <noun>", where a UI noun would not follow another noun without "s".
_VERB_READING = re.compile(r"\b(?:the|a|an)\s+[a-z]+[^s\W]\s+$", re.IGNORECASE)


def _stem(word: str) -> str:
    word = word.lower().replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    for suffix in ("ing", "ed", "es", "s", "e", "ly"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    return word


_GENERIC_STEMS = frozenset(_stem(word) for word in _GENERIC)


def _content(text: str) -> list[str]:
    return [w for w in (m.group(0).lower() for m in _WORD.finditer(text)) if w not in _STOP]


def _stems(text: str) -> set[str]:
    return {_stem(w) for w in _content(text)}


# --- sentences -----------------------------------------------------------------------------

_ABBREVIATION = re.compile(r"(?:\b(?:e\.g|i\.e|etc|vs|mr|mrs|ms|dr|st|approx|no)|\d)\.$",
                           re.IGNORECASE)


def sentences(text: str) -> list[Span]:
    """The spans of the text's sentences (an abbreviation or a decimal point ends none)."""
    spans: list[Span] = []
    start = 0
    for match in re.finditer(r"[.!?…]+[\"”’)]*(?=\s+|$)", text):
        if _ABBREVIATION.search(text[start:match.end()][-8:]) and match.group(0) == ".":
            continue
        span = _strip(text, start, match.end())
        if span and _WORD.search(text, span[0], span[1]):
            spans.append((span[0], match.end()))
        start = match.end()
    tail = _strip(text, start, len(text))
    if tail and _WORD.search(text, tail[0], tail[1]):
        spans.append(tail)
    return spans


# --- the rules -----------------------------------------------------------------------------


def _template(situation: str, motivation: str, outcome: str, *, to: bool = True) -> str:
    return f"When {situation}, I want {'to ' if to else ''}{motivation}, so I can {outcome}."


def _part(text: str, span: Span | None, gap: str) -> str:
    if span is None:
        return gap
    value = text[span[0]:span[1]]
    return gap if _PLACEHOLDER.match(value) else value


def _situation_body(text: str, span: Span) -> str:
    """The situation without its opening word ("When", "If" ...)."""
    value = text[span[0]:span[1]]
    lead = _OPENER.search(value)
    if lead and len(value[:lead.start()].split()) <= 4:  # "As a rule, when ..." -> "when ..."
        value = value[lead.start():]
    return re.sub(r"^\s*(?:when(?:ever)?|if)\s+", "", value, flags=re.IGNORECASE)


def _rewrite(text: str, parts: Parts, *, situation: str | None = None,
             motivation: str | None = None, outcome: str | None = None) -> str:
    to = parts.want is None or motivation is not None or \
        text[parts.want[0]:parts.want[1]].rstrip().lower().endswith("to")
    return _template(
        situation if situation is not None else (
            _situation_body(text, parts.situation) if parts.situation else SITUATION_GAP),
        motivation if motivation is not None else _part(text, parts.motivation,
                                                        MOTIVATION_GAP),
        outcome if outcome is not None else _part(text, parts.outcome, OUTCOME_GAP), to=to)


_SPLIT = re.compile(r"\s*,?\s*(?:,|\b(?:and|or)\b)\s+(?=(?:also\s+)?(?:when(?:ever)?|if|after|"
                    r"before|every\s+time|each\s+time|as\s+soon\s+as)\b)"
                    r"|\s*,\s*(?=(?:when(?:ever)?|if)\b)"
                    r"|\s*,?\s+or\s+(?=(?:at|in|on|during)\s)", re.IGNORECASE)


def _situations(text: str, span: Span) -> list[str]:
    """The separate triggers of a situation ("When A, or when B" -> [A, B])."""
    body = _situation_body(text, span)
    pieces = [p for p in _SPLIT.split(body) if p and p.strip()]
    cleaned = [re.sub(r"^\s*(?:also\s+)?(?:when(?:ever)?|if)\s+", "", p.strip(" ,"),
                      flags=re.IGNORECASE) for p in pieces]
    return [c for c in cleaned if c]


def _vague(text: str, span: Span) -> bool:
    """Fewer than two concrete words: "When I use the app", "When I'm busy"."""
    concrete = [w for w in _content(_situation_body(text, span))
                if w not in _GENERIC and _stem(w) not in _GENERIC_STEMS]
    return len(concrete) < 2


def lint(text: str, *, evidence: Sequence[Any] | None = None) -> list[Finding]:
    """The findings for one story, in the order of the text.

    `evidence`: the quotes that support the story when it comes from a study; an empty list
    is a finding (JS10), None means "not a study's story" and skips that rule.
    """
    if len(text) > MAX_CHARS:
        raise ValueError(f"a job story is at most {MAX_CHARS} characters, got {len(text)}")
    findings: list[Finding] = []
    whole = _strip(text, 0, len(text)) or (0, len(text))
    if not text.strip():
        return [Finding("JS05", "no-motivation", "the story is empty", 0, len(text),
                        _template(SITUATION_GAP, MOTIVATION_GAP, OUTCOME_GAP))]
    parts = parse(text)

    def add(code: str, message: str, span: Span, rewrite: str | None = None) -> None:
        findings.append(Finding(code, RULES[code][0], message, span[0], span[1], rewrite))

    if parts.persona:
        add("JS01", "starts with a persona: say what happened, not who they are (\"When ...\")",
            parts.persona, _rewrite(text, parts))
    motivation = parts.motivation
    if motivation and not _PLACEHOLDER.match(text[motivation[0]:motivation[1]]):
        ui = [m for m in _UI.finditer(text, motivation[0], motivation[1])
              if not (m.group(0).endswith("s")
                      and _VERB_READING.search(text, motivation[0], m.start()))]
        if ui:
            value = text[motivation[0]:motivation[1]]
            progress = re.search(r"\b(?:to|and|so\s+I\s+can|in\s+order\s+to)\s+"
                                 r"(?!(?:click|tap|press|use|open|see|get)\b)([a-z].*)$", value)
            rewrite = None
            if progress and not _UI.search(progress.group(1)):
                rewrite = _rewrite(text, parts, motivation=progress.group(1))
            add("JS02", f"the motivation names a solution ({ui[0].group(0)!r}): say the "
                "progress they want, and leave the design open", (ui[0].start(), ui[-1].end()),
                rewrite)
    elif parts.want is not None or parts.situation is not None or parts.outcome is not None:
        span = motivation or parts.want or whole
        add("JS05", "the motivation is missing: what are they trying to get done?", span,
            _rewrite(text, parts))
    else:
        add("JS05", "the motivation is missing: no \"I want to ...\"", whole,
            _rewrite(text, parts))

    gap = parts.situation is not None and bool(_PLACEHOLDER.match(
        _situation_body(text, parts.situation)))
    if parts.situation is None or gap:
        elsewhere = None if gap else _OPENER.search(text, (parts.persona or (0, 0))[1])
        if elsewhere is None:
            add("JS03", "no situation: what happened just before they needed this? "
                "(\"When ...\")", parts.situation if gap else parts.want or whole,
                _rewrite(text, parts))
    else:
        triggers = _situations(text, parts.situation)
        if len(triggers) > 1:
            motive = _part(text, parts.motivation, MOTIVATION_GAP)
            outcome = _part(text, parts.outcome, OUTCOME_GAP)
            split = " ".join(_template(t, motive, outcome) for t in triggers)
            add("JS09", f"{len(triggers)} situations in one story: split it, one story per "
                "situation", parts.situation, split)
        elif _vague(text, parts.situation):
            add("JS04", "the situation is vague: name the moment (what happened, where, "
                "with whom, how often)", parts.situation, _rewrite(text, parts,
                                                                   situation=SITUATION_GAP))

    outcome = parts.outcome
    if outcome is None or _PLACEHOLDER.match(text[outcome[0]:outcome[1]]):
        span = outcome or parts.so or ((motivation or whole)[1], (motivation or whole)[1])
        add("JS06", "the outcome is missing: what does it make possible? (\"so I can ...\")",
            span, _rewrite(text, parts))
    elif motivation is not None and _restates(text[motivation[0]:motivation[1]],
                                              text[outcome[0]:outcome[1]]):
        add("JS07", "the outcome restates the motivation: say what it makes possible",
            outcome, _rewrite(text, parts, outcome=OUTCOME_GAP))

    spans = sentences(text)
    if len(spans) > 3:
        add("JS08", f"{len(spans)} sentences: a job story is one sentence (three at most)",
            (spans[3][0], spans[-1][1]))
    if evidence is not None and not evidence:
        add("JS10", "no participant's quote supports this story: it is invented until someone "
            "said it", whole)
    return sorted(findings, key=lambda f: (f.start, f.code))


def _restates(motivation: str, outcome: str) -> bool:
    if _PRO_FORM.match(outcome.strip()):
        return True
    words = [_stem(w) for w in _content(outcome) if not _MANNER.match(w)]
    said = set(words)
    wanted = _stems(motivation)
    if not said:
        return True
    shared = len(said & wanted) / len(said)
    # most of the outcome's words, or half of them with its first word (the verb: "save a
    # little every week, so I can save money") taken from the motivation
    return shared >= 0.6 or (shared >= 0.5 and words[0] in wanted)


def lint_analysis(analysis: dict[str, Any]) -> list[dict[str, Any]]:
    """Every job story of an `analysis.json`, linted with its quotes as evidence.

    Each story's parts carry their quotes; a story with none at all gets JS10.
    """
    results = []
    for story in analysis.get("job_stories") or []:
        quotes = [q for part in ("situation", "motivation", "outcome")
                  for q in ((story.get(part) or {}).get("quotes") or [])]
        text = str(story.get("text") or "")
        results.append({"id": story.get("id"), "text": text,
                        "findings": [f.to_json() for f in lint(text, evidence=quotes)]})
    return results
