"""Words for matching a question against what participants said: tokens, light stems, stop
words. Deliberately plain English morphology, nothing fitted to any one study's words."""

from __future__ import annotations

import re

_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")

#: Function words: they say nothing about a topic.
STOPWORDS = frozenset("""
a about above after again against all am an and any are aren't as at be because been before
being below between both but by can can't could couldn't did didn't do does doesn't doing don't
down during each few for from further had hadn't has hasn't have haven't having he he'd he'll
he's her here here's hers herself him himself his how how's i i'd i'll i'm i've if in into is
isn't it it's its itself let's me more most mustn't my myself no nor not of off on once only or
other ought our ours ourselves out over own same shan't she she'd she'll she's should
shouldn't so some such than that that's the their theirs them themselves then there there's
these they they'd they'll they're they've this those through to too under until up very was
wasn't we we'd we'll we're we've were weren't what what's when when's where where's which while
who who's whom why why's will with won't would wouldn't you you'd you'll you're you've your
yours yourself yourselves just also really like get got thing things stuff lot
""".split())

#: Words a question wraps its topic in ("who *used* a spreadsheet *before*?", "who
#: *switched* because of cost?"): they weigh nothing when matching a topic's words, though its
#: meaning still carries them. Every participant of a switch study switched.
QUESTION_WORDS = frozenset("""
use used uses using keep keeps kept keeping still before ever anyone someone everyone people
participant participants person mention mentioned mentions talk talked talks say said
switch switched switches switching finally
""".split())


def tokens(text: str) -> list[str]:
    """Lower-case word tokens; curly apostrophes count as straight ones."""
    return _TOKEN.findall(text.casefold().replace("\u2019", "'"))


def stem(word: str) -> str:
    """A light, conservative English stem: enough that "invoices", "invoiced" and "invoicing"
    meet, never so much that unrelated words collide."""
    word = word.removesuffix("'s").removesuffix("'")
    if len(word) <= 3:
        return word
    for suffix, keep in (("ies", "y"), ("ied", "y"), ("sses", "ss"), ("ing", ""), ("ed", ""), ("es", ""),
                         ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            if suffix == "s" and word.endswith(("ss", "us", "is")):
                continue
            if suffix == "es" and not word.endswith(("ches", "shes", "xes", "zes", "oes")):
                continue
            base = word[: len(word) - len(suffix)] + keep
            if suffix in ("ing", "ed") and len(base) >= 4 and base[-1] == base[-2] \
                    and base[-1] not in "lsz":
                base = base[:-1]  # "stopped" -> "stop"
            return base.removesuffix("e") if suffix in ("ing", "ed") else base.removesuffix("e")
    return word.removesuffix("e")


def content_stems(text: str, extra_stop: frozenset[str] = frozenset()) -> list[str]:
    """The stems of `text`'s content words, in order, without repeats."""
    seen: dict[str, None] = {}
    for token in tokens(text):
        if token in STOPWORDS or token in extra_stop or len(token) < 2:
            continue
        seen.setdefault(stem(token), None)
    return list(seen)
