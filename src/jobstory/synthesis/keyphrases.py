"""What a theme is about: distinctive phrases (class-based TF-IDF) and its most central quote.

Class-based TF-IDF (as in BERTopic's c-TF-IDF) treats each cluster as one class and scores a
phrase t for cluster c as ``tf(t, c) * log(1 + A / f(t))``: tf is the share of the cluster's
members that use the phrase, f the number of members across all clusters that use it, and A
the mean cluster size. Counting members rather than raw occurrences keeps one long, repetitive
answer from dominating a theme. Phrases are 1-3 consecutive words that neither start nor end
with a stop word, so "top up" is lost but "cost of living" survives; a transcriber's note
("[laughs]") is not a member's words.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence

import numpy as np

from jobstory.synthesis.grammar import only_an_adverb

_TOKEN = re.compile(r"[^\W_](?:[\w'’-]*[^\W_])?", re.UNICODE)
MAX_WORDS = 3
# A longer phrase replaces a shorter one it contains when it covers at least this share of the
# shorter one's members ("credit card" over "card" when most mentions of card are credit cards).
_SUPERSEDE = 0.8


def _stop_words() -> frozenset[str]:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    extra = {"im", "i'm", "ive", "i've", "i'd", "i'll", "dont", "it's", "that's", "there's",
             "just", "really", "like", "got", "get", "ve", "ll", "s", "t", "d", "m", "re",
             "did", "does", "doing", "done", "gave", "kept", "let", "ok", "okay", "yes",
             "thanks", "thank", "please", "hi", "hello", "hey", "lot", "lots", "thing",
             "things", "stuff", "way", "bit", "actually", "maybe", "probably", "pretty",
             "oh", "ah", "uh", "um", "er", "erm", "hmm", "yeah", "yep", "nope", "wow"}
    return frozenset(ENGLISH_STOP_WORDS | extra)


STOP_WORDS = _stop_words()


#: "[laughs]", "(sighs)", "[LAUGHTER]": a transcriber's note of one or two lower-case (or
#: long upper-case) words, not what anyone said; "(Android)", "(NHS)" are.
_STAGE_DIRECTION = re.compile(r"[\[(]\s*(?:[a-z]+(?:\s+[a-z]+)?|[A-Z]{5,}(?:\s+[A-Z]+)?)\s*[\])]")


def tokens(text: str) -> list[str]:
    said = _STAGE_DIRECTION.sub(" . ", text).casefold()  # a phrase never spans the note
    return [t.replace("’", "'") for t in _TOKEN.findall(said)]


def phrases(text: str, max_words: int = MAX_WORDS) -> set[str]:
    """The distinct candidate phrases of one text."""
    words = tokens(text)
    found: set[str] = set()
    for i, first in enumerate(words):
        if _weak(first):
            continue
        for j in range(i, min(i + max_words, len(words))):
            if not _weak(words[j]):
                found.add(" ".join(words[i : j + 1]))
    return found


def _weak(word: str) -> bool:
    """Words a phrase may contain but not start or end with."""
    return (word in STOP_WORDS or word.endswith("n't") or word.isdigit() or len(word) < 2
            or word.split("'", 1)[0] in STOP_WORDS)  # she'd, they're, who's


def key_phrases(texts_by_cluster: Sequence[Sequence[str]], top_n: int = 5,
                exclude: frozenset[str] = frozenset()) -> list[list[str]]:
    """Up to ``top_n`` distinctive phrases per cluster, best first; deterministic. A phrase
    holding a word of ``exclude`` (people's names, dates) is never one."""
    per_cluster: list[Counter[str]] = []
    overall: Counter[str] = Counter()
    for texts in texts_by_cluster:
        counts: Counter[str] = Counter()
        for text in texts:
            counts.update(p for p in phrases(text) if not exclude & set(p.split()))
        per_cluster.append(counts)
        overall.update(counts)
    sizes = [max(1, len(texts)) for texts in texts_by_cluster]
    mean_size = sum(sizes) / max(1, len(sizes))

    result: list[list[str]] = []
    for counts, size in zip(per_cluster, sizes):
        # A phrase used by a single member of a larger cluster says little about the theme.
        floor = 2 if size >= 4 else 1
        scored = [
            (count / size * math.log(1 + mean_size / overall[p]), p)
            for p, count in counts.items()
            if count >= floor
        ]
        scored.sort(key=lambda sp: (-sp[0], len(sp[1].split()), sp[1]))
        result.append(_pick(scored, counts, top_n))
    return result


_CALENDAR = frozenset("""january february march april may june july august september october
november december monday tuesday wednesday thursday friday saturday sunday today yesterday
tomorrow morning afternoon evening night week weeks month months year years day days
said says say thought think came went took set goes going know knew told tell half past
showed look looked liked saw ago""".split())


def label_words(texts: Sequence[tuple[str, str]]) -> frozenset[str]:
    """Words no theme label should hold: dates, reporting verbs, and people's names. A name is
    a word always written with a capital where a sentence does not start, said by at most two
    of the people in `texts` ((participant, text) pairs): a brand everyone uses stays a
    candidate, a colleague one person mentions does not."""
    capital: Counter[str] = Counter()
    lower: Counter[str] = Counter()
    speakers: dict[str, set[str]] = {}
    for person, text in texts:
        for match in re.finditer(r"(?<![.!?]\s)(?<!^)\b([^\W\d_][\w'’-]*)", text.strip()):
            word = match.group(1)
            key = word.casefold().replace("’", "'").removesuffix("'s")
            (capital if word[:1].isupper() else lower)[key] += 1
            speakers.setdefault(key, set()).add(person)
    names = {w for w, n in capital.items() if not lower[w] and len(speakers[w]) <= 2
             and w not in STOP_WORDS and w != "i"}
    return frozenset(names | {f"{n}'s" for n in names} | _CALENDAR)


def _stem(phrase: str) -> str:
    """Crude plural folding, so "disposable card" and "disposable cards" count as one phrase."""
    return " ".join(w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w
                    for w in phrase.split())


def _pick(scored: list[tuple[float, str]], counts: Counter[str], top_n: int) -> list[str]:
    chosen: list[str] = []
    for _, phrase in scored:
        if len(chosen) >= top_n:
            break
        padded = f" {_stem(phrase)} "
        if any(padded in f" {_stem(c)} " for c in chosen):
            continue  # already said, by the same or a longer phrase
        replaced = False
        for i, c in enumerate(chosen):
            if f" {_stem(c)} " in padded and counts[phrase] >= _SUPERSEDE * counts[c]:
                chosen[i] = "" if replaced else phrase
                replaced = True
        chosen = [c for c in chosen if c]
        if not replaced:
            chosen.append(phrase)
    return chosen


#: Two words of a label are the same word when, plurals folded, they agree in this many first
#: letters ("delay" and "delayed", "flight" and "flights", "bag" and "bags").
_SAME_WORD_PREFIX = 5


def nameable(phrase: str) -> bool:
    """Whether a phrase can be a theme's name: its last word, the head of an English phrase,
    is not only an adverb ("group chat", "awful", not "honestly" or "started properly")."""
    words = phrase.split()
    return bool(words) and not only_an_adverb(words[-1])


def distinct_phrases(phrases: Sequence[str], n: int) -> list[str]:
    """The first `n` of `phrases` (best first) that can name a theme (:func:`nameable`) and
    repeat no word of an earlier one, so a label names `n` different things: "cancelled,
    cancelled flight, cancelled flights" and "delayed, delay" say one thing twice."""
    chosen: list[str] = []
    seen: set[str] = set()
    for phrase in filter(nameable, phrases):
        words = {w[:_SAME_WORD_PREFIX] for w in _stem(phrase).split()}
        if words & seen:
            continue
        chosen.append(phrase)
        seen |= words
        if len(chosen) == n:
            break
    return chosen


def representative(vectors: np.ndarray, centroid: np.ndarray) -> int:
    """Index of the member most similar (cosine) to the centroid; the lowest index on a tie."""
    v = np.asarray(vectors, dtype=np.float64)
    if v.ndim != 2 or len(v) == 0:
        raise ValueError("representative() needs at least one member vector")
    c = np.asarray(centroid, dtype=np.float64).ravel()
    norms = np.linalg.norm(v, axis=1)
    sims = (v @ c) / np.where(norms > 0, norms, 1.0) / (np.linalg.norm(c) or 1.0)
    return int(np.flatnonzero(sims >= sims.max() - 1e-9)[0])
