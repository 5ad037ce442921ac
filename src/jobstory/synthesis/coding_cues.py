"""Lexical cues for coding interview units: the words and patterns a researcher notices.

Each cue in `CUES` is one binary feature of a unit ("when"/"every time" lean situation, "I
wanted to" motivation, "so I can" outcome, worry words anxiety, "always"/"used to" habit,
feelings emotional, others' eyes social), plus two shape features (length, a short reply).
`QUESTION_CUES` read the question a unit answered, with the guide's phase and force when
known (`CodeContext`). Cue names are stable: they are stored with the fitted parameters
(`data/coding_params.json`). Patterns are written lower case and plain, then factored into
prefix trees (`_factor`) so that CPython's regex engine runs long word alternations fast.
`codable` says whether the English coder can read a unit at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from jobstory.synthesis.sentiment import polarity

#: The forces of progress a question can ask about.
FORCES: tuple[str, ...] = ("push", "pull", "anxiety", "habit")


@dataclass(frozen=True)
class CodeContext:
    """What the unit answered: the question text and, when known, the guide's phase/force."""

    question_text: str | None = None
    phase: str | None = None  # jtbd phase of the guide question if known
    force: str | None = None  # push|pull|anxiety|habit if the guide question names one
    #: the interviewer's next turn, when it asks something new (not after "Mm.", "Go on.")
    next_question: str | None = None


def _regex_tokens(pattern: str, start: int = 0) -> Iterator[tuple[int, str, int, bool]]:
    """(index, token, group depth after it, structural?) for each token of a regex.

    An escape is one token; a token inside a [class] or escaped is not structural, so a `|` or
    `)` there never splits or closes anything.
    """
    depth, i, in_class = 0, start, False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            yield i, pattern[i : i + 2], depth, False
            i += 2
            continue
        structural = not in_class
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        yield i, ch, depth, structural
        i += 1


def _split_top(body: str) -> list[str]:
    """Split a regex group body on its top-level `|` (escapes, classes, nested groups kept)."""
    parts: list[str] = []
    cur: list[str] = []
    for _, token, depth, structural in _regex_tokens(body):
        if structural and token == "|" and depth == 0:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(token)
    parts.append("".join(cur))
    return parts


def _group_end(pattern: str, start: int) -> int:
    for i, token, depth, structural in _regex_tokens(pattern, start):
        if structural and token == ")" and depth == 0:
            return i
    raise ValueError(f"unbalanced group in {pattern!r}")


def _factor(pattern: str, min_branches: int = 6) -> str:
    """Regroup long `(?:a|b|...)` alternations by first letter: `(?:s(?:tress|ad)|r(?:elief))`.

    The same strings match (alternatives sharing a first letter keep their order), but CPython's
    engine no longer tries every branch at every word start."""
    out: list[str] = []
    i = 0
    while i < len(pattern):
        if pattern[i] == "\\":
            out.append(pattern[i : i + 2])
            i += 2
            continue
        if pattern.startswith("(?:", i):
            end = _group_end(pattern, i)
            alts = _split_top(_factor(pattern[i + 3 : end], min_branches))
            if len(alts) >= min_branches:
                buckets: dict[object, list[str]] = {}
                for k, alt in enumerate(alts):
                    plain = alt[:1].isalnum() and alt[1:2] not in ("?", "*", "+", "{")
                    buckets.setdefault(alt[0] if plain else k, []).append(alt)
                pieces = []
                for key, group in buckets.items():
                    if isinstance(key, str) and len(group) > 1:
                        pieces.append(key + "(?:" + "|".join(a[1:] for a in group) + ")")
                    else:
                        pieces.extend(group)
                alts = pieces
            out.append("(?:" + "|".join(alts) + ")")
            i = end + 1
            continue
        out.append(pattern[i])
        i += 1
    return "".join(out)


def _rx(pattern: str) -> re.Pattern[str]:
    """Compile a cue. Patterns are lower case and run on lower-cased text (re.IGNORECASE makes
    long word alternations several times slower in CPython's engine), then factored."""
    compiled = re.compile(_factor(pattern))
    _SOURCE_PATTERNS[compiled.pattern] = pattern
    return compiled


_SOURCE_PATTERNS: dict[str, str] = {}  # factored -> as written; tests check they agree


_MONTHS = (
    r"january|february|march|april|may|june|july|august|september|october|november|december"
)
_FILLER = r"(?:(?:so|um+|uh+|er+|erm|well|yeah|yes|ok|okay|and|but|like|honestly|basically|" \
    r"i mean|i guess|i think|i suppose|it was|that was|i'd say|oh|right|mm+|hmm+)[ ,.]+)*"

# Each cue is one binary feature; names are stable and stored with the fitted parameters.
CUES: dict[str, re.Pattern[str]] = {
    # situation: a circumstance, trigger or recurring moment
    "sit_lead": _rx(
        rf"^\W*{_FILLER}(?:right |just |only )?(?:when|whenever|every ?time|each time|after|"
        r"once|as soon as|the (?:moment|day|week|minute)|during|back when|around the time)\b"
    ),
    "sit_when": _rx(
        r"\b(?:when|whenever|every ?time|each time|as soon as|the moment|that's when|"
        r"it (?:started|began|kicked off)|at the time|right after|just after|"
        r"after (?:we|i|my|our|the))\b"
    ),
    "sit_time": _rx(
        r"\b(?:every (?:day|week|month|year|quarter|morning|evening|night|weekend|sunday|monday|"
        r"payday|christmas|time|release|renewal)|month[- ]?end|year[- ]?end|quarter[- ]?end|"
        r"tax (?:time|season|year)|payday|renewal|each (?:week|month|year)|"
        rf"in (?:{_MONTHS})|(?:{_MONTHS}) |last (?:year|month|week|spring|summer|autumn|winter)|"
        r"(?:\d+|a few|a couple of|two|three|six) (?:years|months|weeks|days) ago|lockdown|"
        r"black friday|christmas)\b"
    ),
    "sit_change": _rx(
        r"\b(?:hired|quit|left|moved|opened|grew|doubled|crossed|went (?:remote|full[- ]time|"
        r"part[- ]time)|took on|signed up|got (?:promoted|married|pregnant)|was born|"
        r"(?:had|have) (?:a|the|our|my) (?:baby|kid|daughter|son)|started (?:a|my|our|working|"
        r"freelancing|selling|doing)|first (?:big|proper|enterprise|employee|hire|job|client)|"
        r"suddenly|all of a sudden|new (?:job|role|client|rules|regulations))\b"
    ),
    # motivation: what they wanted to do
    "mot_want": _rx(
        r"\b(?:i|we|i'd|we'd)\s+(?:(?:really|just|basically|honestly|only|also|desperately|"
        r"simply|kind of|sort of)\s+)*(?:want|wanted|need|needed|was trying|were trying|"
        r"am trying|'m trying|tried|had|have|hoped|was hoping|were hoping|wished|would like|"
        r"'d like|like) to\b"
    ),
    "mot_way": _rx(
        r"\b(?:a way to|a way of|something (?:to|that)|the goal was|my goal|our goal|"
        r"i was looking for|we were looking for|trying to|wanted|needed|be able to|"
        r"i need|we need)\b"
    ),
    "mot_bare": _rx(r"^\W*(?:just |basically |mostly |really )?(?:to|trying to|wanted to) \w+"),
    # outcome: end benefit sought or got
    "out_so": _rx(
        r"\bso (?:that )?(?:i|we|i'm|we're|they|the team|my|our|people|customers|clients|"
        r"everyone|nobody|it)\b|\bin order to\b|\bso i (?:can|could|don't|won't|get)\b"
    ),
    "out_means": _rx(
        r"\b(?:which|that|it) means\b|\bmeans (?:i|we)\b|\bnow (?:i|we|it|the|they|everything|"
        r"everyone|my|our)\b|\bi (?:can|could) (?:finally|now|actually)\b|"
        r"\bget (?:my|our) \w+ back\b|"
        r"\bgot (?:my|our) \w+ back\b|\bthat way\b"
    ),
    "out_change": _rx(
        r"\b(?:anymore|any more|no longer|instead of|used to be|now|since then|these days|"
        r"finally|for the first time|(?:\w+ )?(?:less|more|faster|better) than (?:before|it was)|"
        r"saved?|haven't (?:had|missed)|never (?:have|miss))\b"
    ),
    "out_goal": _rx(r"^\W*(?:just |mostly |really )?(?:to|so) (?:never|stop|be|have|feel|not|know|"
                    r"walk|find|get|sleep|spend|focus)\b"),
    # push: pain with the current way
    "push_pain": _rx(
        r"\b(?:annoy\w*|frustrat\w*|nightmare|pain(?:ful)?|hate[ds]?|hated|awful|terrible|"
        r"useless|rubbish|horrible|broke|breaking|broken|crash\w*|fell apart|falls apart|"
        r"mess(?:y)?|fed up|sick of|tired of|slow|clunky|ridiculous|a fortune|ripped off|"
        r"took (?:ages|forever|hours|days|a whole|half)|took me|wast(?:e|ed|ing)|"
        r"lost|losing|forgot|forget|missed|slipped|fell through|nobody knew|no idea|"
        r"couldn't|could not|can't|didn't (?:work|update|tell|talk|remind)|"
        r"nothing (?:talked|worked)|"
        r"by hand|manually|re-?typ\w*|copying|chasing|all over the place|out of date)\b"
    ),
    "push_old": _rx(
        r"\b(?:the old|our old|my old|the previous|our previous|before|used to|back then|"
        r"at the time|the spreadsheet|excel|paper|on paper|the last one|kept)\b"
    ),
    # pull: attraction of the new thing
    "pull_attr": _rx(
        r"\b(?:sold me|sold on|that sold|won me|loved|love that|liked|like that|like how|"
        r"appeal\w*|attract\w*|drew me|caught my eye|clincher|hooked|impressed|the demo|"
        r"(?:free )?trial|free (?:for|tier|month|plan)|recommend\w*|raved|wouldn't shut up|"
        r"(?:everyone|everybody|all) (?:at|i|was|uses|use)|reviews|looked (?:so |really )?"
        r"(?:clean|easy|slick|nice|great|good|modern|simple|amazing|fun)|out of the box|"
        r"discount|cheaper|half the price|no fees|you can(?!'t|not)|"
        r"it (?:just )?(?:syncs|plugs|connects|does|handles|reads|pulls|logs|rounds|adapts|works|"
        r"lets)|the (?:fact|idea) that)\b"
    ),
    # anxiety: worries about switching / the new thing
    "anx_worry": _rx(
        r"\b(?:worr(?:y|ied|ying|ies)|nervous|scar(?:ed|es|y)|afraid|fear\w*|anxious|"
        r"concern(?:ed|s)?|hesita\w*|unsure|not sure|wasn't sure|doubt\w*|risk(?:y)?|daunting|"
        r"what if|would (?:it|they|we)|whether|lock(?:ed)?[- ]?in|sceptic\w*|skeptic\w*|"
        r"put (?:me )?off|the unknown|big unknown|small print|safe|security|privacy|protected|"
        r"data protection|learning curve|"
        # a bad outcome pictured: "I was convinced I'd set it up wrong", "I kept thinking, if
        # that gets forwarded ...", "I lost sleep over", "I didn't trust it would work"
        # (not "he'd be convinced", "I stopped dreading Wednesdays", "I'm not lying awake")
        r"terrif\w*|(?<!stopped )dread\w*|panick\w*|paranoi\w*|(?<!be )convinced|"
        r"los(?:e|t|ing) sleep|(?<!not )(?:lay|lie|lying) awake|(?:didn't|did not|don't|couldn't) (?:quite |really |fully )?"
        r"trust|(?:kept|keep|remember|started) thinking|"
        r"had (?:this|a) (?:picture|vision|image) of|what happens if)\b"
    ),
    "anx_switch": _rx(
        r"\b(?:migrat\w*|moving (?:all|everything|over|\w+ (?:years|months) of)|move (?:all|"
        r"everything|over)|switching|to switch|the switch|import\w*|transfer(?:ring)? (?:all|over)|"
        r"los(?:e|ing) (?:all )?(?:my|our|the|all)|get (?:the|our|my) data out|go(?:es)? (?:bust|"
        r"down|under)|shut down|another (?:tool|app|bit of software|thing)|learn(?:ing)? (?:a |"
        r"another )?new|actually use it|adopt\w*)\b"
    ),
    "neg_worry": _rx(
        r"\b(?:wasn't|not|never|no|wasnt)\s+(?:really\s+|at all\s+)?(?:worried|nervous|scared|"
        r"concerned|hesitat\w*)\b|^\W*(?:no|nah|nope|not really|nothing(?: really)?)\b"
    ),
    "cost": _rx(
        r"\b(?:cost\w*|price\w*|pricing|expensive|cheap\w*|subscription|fees?|a month|per "
        r"(?:month|seat|portion|user)|bill|quid|pounds?|dollars?|euros?|budget)\b|[£$€]\s?\d"
    ),
    # habit: attachment to the current way
    "habit_cue": _rx(
        r"\b(?:always|used to (?:it|doing|the|writing|cooking)|(?:i'm|we're|they're|i am|we are|"
        r"are|is|was|were|got|get|gets|getting) used to|comfortable|comforting|familiar|"
        r"for years|for ages|years of|forever|"
        r"never looked|auto[- ]?renew\w*|knew (?:it|where|all|trello|the)|know where|knows? (?:it|"
        r"the)|muscle memory|routine|ritual|habit|loyal\w*|attached|inertia|never a good time|"
        r"never (?:the top )?priority|why (?:change|pay|bother)|isn't (?:completely )?broken|"
        r"worked (?:fine|well enough|ok)|well enough|kept (?:meaning|putting|thinking)|carried on|"
        r"put(?:ting)? (?:it )?off|sentimental|inherited|stick with|stuck with|stayed|"
        r"creature of habit|what i knew|how (?:the \w+|we|it) (?:ran|runs|works)|"
        r"(?:\d+|six|ten|twelve|fifteen|many) years|since i was|self-?host\w*)\b"
    ),
    # emotional: feelings
    "emo": _rx(
        r"\b(?:stress\w*|reliev\w*|relief|embarr?ass\w*|mortif\w*|anxious|anxiety|panic\w*|"
        r"dread\w*|scared|afraid|terrif\w*|worried|nervous|overwhelm\w*|exhaust\w*|knackered|"
        r"burn(?:t|ed|ing)?[- ]?out|guilt\w*|ashamed|shame|proud|happy|happier|enjoy\w*|excit\w*|"
        r"confident|confidence|calm\w*|peace of mind|frustrat\w*|annoy\w*|furious|infuriat\w*|"
        r"gutted|miserable|demoralis\w*|soul destroying|cried|upset|sad|lonely|smug|lighter|"
        r"a weight|drowning|stupid|ouch|hate|hated|love|loved|fun|feel|felt|feeling|"
        r"sleep|slept|mad|sick|horrible|awful|rubbish|useless|lost|on top of|in control|"
        r"behind|look forward|relax\w*|kind|encouraging|self-?conscious)\b"
    ),
    # social: others, how they see the participant
    "soc": _rx(
        r"\b(?:clients?|customers?|boss|manager|managers|team|colleagues?|co-?workers?|staff|"
        r"employees|board|investors?|ceo|cto|md|director|partner|wife|husband|family|kids|"
        r"children|friends?|mum|mom|dad|mother|father|brother|sister|in-?law|housemates?|"
        r"people|everyone|others|in front of|professional\w*|legit|homemade|incompetent|"
        r"reputation|seriously|judg\w*|impress\w*|trust\w*|awkward|embarr?ass\w*|evangelist|"
        r"look(?:ed|s)? (?:bad|good|like)|see me|saw me|think of me|on board|sign off|"
        r"recommended them|the bad (?:guy|cop)|shouted|rude)\b"
    ),
    # functional: practical, task-level
    "func": _rx(
        r"\b(?:time|hours?|minutes?|days?|weeks?|faster|quick\w*|slow\w*|automat\w*|manual\w*|"
        r"by hand|track\w*|sync\w*|errors?|mistakes?|accura\w*|spreadsheets?|excel|cost\w*|"
        r"price\w*|fees?|money|sav(?:e|ed|es|ing)|pay|paid|payments?|data|reports?|export\w*|"
        r"import\w*|integrat\w*|clicks?|app|phone|features?|in one place|at a glance|admin|"
        r"work|set ?up|install\w*|plan\w*|book\w*|invoices?|schedul\w*|deliver\w*|stock|"
        r"orders?|builds?|deploy\w*|logs?|tests?)\b|\d"
    ),
    # shape features
    "first_person": _rx(r"\b(?:i|i'm|i've|i'd|i'll|me|my|mine|we|we're|we've|we'd|our|us)\b"),
    "filler_only": _rx(
        r"^\W*(?:(?:yeah|yes|no|nope|nah|ok|okay|sure|right|exactly|mm+|hmm+|um+|uh+|er+|"
        r"i (?:don't|dont) (?:know|remember)|not sure|that's (?:it|all|everything|about it)|"
        r"thanks?(?: you)?|cheers|sorry|i guess|fine|maybe)\W*)+$"
    ),
    "meta": _rx(
        r"\b(?:can you repeat|repeat the question|what do you mean|just curious|"
        r"(?:i )?(?:don't|dont|can't|cant) (?:really )?(?:remember|recall)|let me think|"
        r"good question|that's (?:it|all|everything|about it)|nothing else|i think we covered|"
        r"connection|my dog|the dog|gift card|recording|who sees it|thanks|thank you|"
        r"i'd rather not)\b"
    ),
    "question_mark": _rx(r"\?\s*$"),
}

# (c) question context: which force / part / dimension the question asks about.
QUESTION_CUES: dict[str, re.Pattern[str]] = {
    "q_push": _rx(
        r"\b(?:frustrat\w*|annoy\w*|wrong|problem\w*|pain\w*|difficult|hard|wasn't working|"
        r"not working|didn't work|wasn't right|struggl\w*|fed up|put up with|dislike)\b"
    ),
    "q_pull": _rx(
        r"\b(?:attract\w*|appeal\w*|stand out|stood out|drew you|draw you|excit\w*|convinc\w*|"
        r"made you (?:choose|pick|go with|decide)|why did you (?:choose|pick)|what did you like "
        r"about (?:it|the new)|interest(?:ed)? you|sold you)\b"
    ),
    "q_anxiety": _rx(
        r"\b(?:worr\w*|concern\w*|nervous|scar\w*|afraid|fear\w*|hesitat\w*|risk\w*|doubt\w*|"
        r"almost (?:stop|didn't|put)|held? you back|holding you back|put you off|anxious|"
        r"uncertain|unsure)\b"
    ),
    "q_habit": _rx(
        r"\b(?:before|used to|old (?:way|setup|system|tool|bank|one)|previous\w*|currently|"
        r"always|stick|stuck|stay(?:ed)?|keep (?:using|doing)|kept you|didn't you (?:switch|"
        r"change|move)|sooner|earlier|so long|miss about)\b"
    ),
    "q_situation": _rx(
        r"\b(?:when did|the moment|first (?:realis|realiz|thought|think|start|notice)\w*|"
        r"take me back|what was going on|what was happening|what happened|trigger\w*|"
        r"walk me through|that day|at the time|made you (?:start|begin|think|look)|"
        r"start(?:ed)? (?:to )?(?:think|look|chang|consider)\w*)\b"
    ),
    "q_motivation": _rx(
        r"\b(?:trying to|get done|achieve|accomplish|want(?:ed)? to do|need(?:ed)? (?:it )?to do|"
        r"what did you need|what were you looking for|job)\b"
    ),
    "q_outcome": _rx(
        # "changed" / "changes", not "change" or "changing": "what made you think about
        # changing?" asks for the trigger, "what's changed since?" for the outcome.
        r"\b(?:chang(?:ed|es)|different|better|since|result\w*|hop(?:e|ed|ing)|difference|impact|"
        r"success|get out of it|expect\w*|now that)\b"
    ),
    "q_emotional": _rx(r"\b(?:feel|felt|feeling|emotion\w*)\b"),
    "q_social": _rx(
        r"\b(?:who else|anyone else|others?|involved|influence\w*|have a say|your team|"
        r"colleagues?|decid\w*|recommend\w*|people)\b"
    ),
    "q_background": _rx(
        r"\b(?:about (?:yourself|you|your (?:role|business|team|shop|household|company|job))|"
        r"your role|what do you do|anything else|add\b|introduce)\b"
    ),
}

_PHASE_MAP: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = (
    (_rx(r"first[ _-]?thought|trigger|struggl|situation|timeline"), ("q_situation",)),
    (_rx(r"passive|active|look|search|shop"), ("q_motivation",)),
    (_rx(r"decid|choos|buy|purchas|switch"), ("q_pull", "q_anxiety")),
    (_rx(r"first[ _-]?use|consum|onboard|using|outcome|result|after|since"), ("q_outcome",)),
)

#: Length, and tone: how negative and how positive the unit reads (VADER's compound score, as
#: `sentiment.py` reads feedback, split at zero). Dissatisfaction is push and attraction pull in
#: any trade's words, where the cues and prototypes know only some trades' nouns.
SHAPE_FEATURES: tuple[str, ...] = ("log_len", "short", "tone_negative", "tone_positive")

_ENGLISH_WORDS = frozenset(
    """i me my we our us you your it its the a an and or but so to of in on at for with from
    was were is are be been am have has had do did does not no that this what when how why who
    they them their he she his her there then just like really because if about all can could
    would will took take get got go went make made every some more very much many than only
    also maybe still one two out up time times day days hours week yes yeah no ok okay""".split()
)
_PLAIN_WORD = re.compile(r"[^\W\d_]{1,30}")
_LATIN_LETTER = re.compile(r"[A-Za-z\u00C0-\u024F]")
_ANY_LETTER = re.compile(r"[^\W\d_]")


def codable(text: str) -> bool:
    """Whether the embedded (English) coder can say anything about a unit: it has an ordinary
    word, is mostly Latin script, and if it is 4+ words long, some are English function words.
    Other units (empty, emoji, a 10k-character blob, other languages) get no codes and zero
    scores rather than a guess."""
    text = _norm(text or "")
    words = _PLAIN_WORD.findall(text)
    if not words or max(len(w) for w in text.split()) > 60:
        return False
    letters = len(_ANY_LETTER.findall(text))
    if letters == 0 or len(_LATIN_LETTER.findall(text)) < 0.5 * letters:
        return False
    if len(words) >= 4 and not any(w in _ENGLISH_WORDS for w in words):
        return False
    return True


_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})
_SPACE = re.compile(r"\s+")


def _norm(text: str) -> str:
    """Lower case, straight quotes, single spaces: the form every cue pattern expects."""
    return _SPACE.sub(" ", text.translate(_QUOTES).lower()).strip()


def cue_features(texts: Sequence[str]) -> np.ndarray:
    """Binary lexical cues plus shape features, one row per text (the cues computed once per
    distinct normalised text: transcripts repeat "yeah", "okay", "I don't know" a lot; the tone
    from each text as written, so a unit's features never depend on the others')."""
    patterns = list(CUES.values())
    width = len(patterns) + len(SHAPE_FEATURES)
    out = np.zeros((len(texts), width), dtype=np.float64)
    seen: dict[str, np.ndarray] = {}
    log_cap = np.log1p(200)
    for i, raw in enumerate(texts):
        text = _norm(raw or "")
        row = seen.get(text)
        if row is None:
            row = np.zeros(width, dtype=np.float64)
            for j, rx in enumerate(patterns):
                if rx.search(text) is not None:
                    row[j] = 1.0
            words = len(text.split())
            row[-4] = np.log1p(min(words, 200)) / log_cap
            row[-3] = 1.0 if words <= 4 else 0.0
            seen[text] = row
        out[i] = row
        # tone from the unit's own words as written ("SO stressed" is felt more than "so")
        tone = polarity([raw or ""])[0].compound
        out[i, -2], out[i, -1] = max(0.0, -tone), max(0.0, tone)
    return out


def _context_row(context: CodeContext | None) -> np.ndarray:
    names = list(QUESTION_CUES)
    row = np.zeros(len(names) + 1, dtype=np.float64)
    if context is None:
        return row
    question = _norm(context.question_text or "")
    active: set[str] = {
        name for name, rx in QUESTION_CUES.items() if question and rx.search(question)
    }
    force = (context.force or "").strip().lower()
    if force in FORCES:
        active.add(f"q_{force}")
    phase = (context.phase or "").strip()
    if phase:
        for rx, flags in _PHASE_MAP:
            if rx.search(phase):
                # a deciding question that names its force asks about that force only: "Did
                # anything give you pause?" asks about anxiety, not also about pull
                active.update(f for f in flags if force not in FORCES or f[2:] not in FORCES)
    for j, name in enumerate(names):
        row[j] = 1.0 if name in active else 0.0
    row[-1] = 1.0 if (question or force or phase) else 0.0
    return row


def context_features(contexts: Sequence[CodeContext | None] | None, n: int) -> np.ndarray:
    """Question-context flags, computed once per distinct context."""
    width = len(QUESTION_CUES) + 1
    if contexts is None:
        return np.zeros((n, width), dtype=np.float64)
    if len(contexts) != n:
        raise ValueError(f"got {len(contexts)} contexts for {n} texts")
    seen: dict[CodeContext | None, np.ndarray] = {}
    out = np.zeros((n, width), dtype=np.float64)
    for i, context in enumerate(contexts):
        row = seen.get(context)
        if row is None:
            row = seen[context] = _context_row(context)
        out[i] = row
    return out
