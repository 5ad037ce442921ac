"""Sentiment of feedback: negative / neutral / positive per text, and its shares per theme.

Public API (stable; the interview report and ``jobstory cluster`` both call it):

- :func:`polarity` ``(texts) -> list[Sentiment]``: one :class:`Sentiment` per text, in order;
  ``label`` is ``"negative"``, ``"neutral"`` or ``"positive"``, ``compound`` a score in
  [-1, 1] (negative below ``-NEUTRAL_BAND``, positive above ``+NEUTRAL_BAND``).
- :func:`theme_sentiment` ``(sentiments, limit=3) -> ThemeSentiment``: for the sentiments of
  one theme's members, the count and share of each label and the indices (into the sequence
  given) of up to ``limit`` examples of each, the most clearly felt first.

The scorer is VADER (Hutto & Gilbert 2014, the ``vadersentiment`` package, which ships its
lexicon: offline, deterministic, ~10k texts/s), read the way feedback is written:

- Courtesy is not praise. "Thanks", "please", "help", "hope" open and close complaints as often
  as compliments, so they carry no valence here (VADER scores "thanks" +1.9).
- A service failure is negative even when told flatly: "I waited two hours and still no
  refund" has no word VADER scores. A short list of words that report a service failure in
  any domain (waiting, delays, things missing, broken or wrong, being unable, asking again)
  is scored mildly negative. It is general complaint vocabulary, not any one data set's.
- A complaint softened is still a complaint: a text with any negative word is negative unless
  it is clearly positive overall (compound >= ``CLEARLY_POSITIVE``), so "love the app but it
  crashes" is not praise. Cut into statements first (``jobstory cluster`` does), each side of a
  "but" gets its own label.
- Thanks alone is mild praise: a text VADER finds neutral that thanks (``GRATITUDE``) is
  positive; beside any complaint it still counts for nothing.
- A question asks, it does not rate: a text with a question mark that would read positive is
  neutral ("Can I switch to an earlier flight without penalty?").
- Something that did not happen is a complaint: a statement (not a question) with no valence
  but a negation from VADER's own list ("the link didn't work", "she couldn't help me") is
  negative.
- Handles, links, e-mail addresses and hashtag marks are read as blanks/words
  (:func:`jobstory.synthesis.feedback_text.clean` does that when the caller has not).

Accuracy against crowd-coded three-class labels is measured in ``benchmarks/clustering.py``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

Label = Literal["negative", "neutral", "positive"]
LABELS: tuple[Label, ...] = ("negative", "neutral", "positive")
#: VADER's own recommended band for "neutral" compound scores.
NEUTRAL_BAND = 0.05

#: Politeness words: valence 0 in feedback (see the module docstring).
COURTESY = ("thanks", "thank", "thx", "please", "pls", "plz", "help", "hope", "sure", "ok",
            "okay", "yes", "like", "want", "well")
#: Words that report a service failure, whatever the service; scored like VADER's "problem".
FAILURE = ("wait", "waiting", "waited", "waits", "delay", "delays", "delayed", "late",
           "still", "never", "nobody", "unable", "again", "stuck", "missing", "wrong", "error",
           "errors", "issue", "issues", "refund", "cancelled", "canceled", "lost", "broken",
           "hold", "unanswered", "ignored", "overcharged", "charged")
FAILURE_VALENCE = -1.5
#: Words that thank: positive only where nothing else is felt (see the module docstring).
GRATITUDE = frozenset({"thanks", "thank", "thx", "thankyou"})
_WORD = re.compile(r"[\w']+")
#: VADER's conventional "strongly positive" level.
CLEARLY_POSITIVE = 0.5


@dataclass(frozen=True)
class Sentiment:
    label: Label
    compound: float  # VADER's normalised score in [-1, 1]


@dataclass(frozen=True)
class ThemeSentiment:
    counts: dict[str, int]  # label -> members with that label (every label present, maybe 0)
    shares: dict[str, float]  # label -> counts / total (0.0 for an empty theme)
    examples: dict[str, list[int]] = field(default_factory=dict)  # label -> indices given

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@lru_cache(maxsize=1)
def _analyzer() -> SentimentIntensityAnalyzer:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    analyzer = SentimentIntensityAnalyzer()
    for word in COURTESY:
        analyzer.lexicon.pop(word, None)
    for word in FAILURE:
        analyzer.lexicon[word] = min(analyzer.lexicon.get(word, 0.0), FAILURE_VALENCE)
    return analyzer


def label_of(compound: float, negative_words: bool = False) -> Label:
    """The label of a compound score; ``negative_words``: the text holds a negative word."""
    if negative_words and compound < CLEARLY_POSITIVE:
        return "negative"
    if compound >= NEUTRAL_BAND:
        return "positive"
    if compound <= -NEUTRAL_BAND:
        return "negative"
    return "neutral"


def polarity(texts: Sequence[str]) -> list[Sentiment]:
    """One :class:`Sentiment` per text, in order. Handles, links and hashtag marks are read
    through :func:`jobstory.synthesis.feedback_text.clean`; an empty text is neutral."""
    return [_one(text) for text in texts]


@lru_cache(maxsize=65536)
def _one(text: str) -> Sentiment:
    """One text's reading; cached, as a report reads the same units for several sections."""
    from jobstory.synthesis.feedback_text import clean

    meaning = clean(text).text
    scores = _analyzer().polarity_scores(meaning) if meaning else {"compound": 0.0, "neg": 0.0}
    compound = round(float(scores["compound"]), 4)
    label = _as_feedback(label_of(compound, scores["neg"] > 0), meaning)
    # The score agrees with the label, so sorting and averaging by score stay coherent.
    return Sentiment(label, _agreeing(label, compound))


def _agreeing(label: Label, compound: float) -> float:
    """The score moved just into the label's band (``label_of`` of it gives the label back)."""
    if label == "negative":
        return min(compound, -NEUTRAL_BAND)
    if label == "positive":
        return max(compound, NEUTRAL_BAND)
    return compound if abs(compound) < NEUTRAL_BAND else 0.0


def _as_feedback(label: Label, meaning: str) -> Label:
    """VADER's label read as feedback: thanks, questions and negations (module docstring)."""
    from vaderSentiment.vaderSentiment import negated

    asks = "?" in meaning
    if label == "positive":
        return "neutral" if asks else label
    if label == "neutral" and not asks:
        words = _WORD.findall(meaning.casefold().replace("\u2019", "'"))
        if GRATITUDE.intersection(words):
            return "positive"
        if negated(words):
            return "negative"
    return label


def theme_sentiment(sentiments: Sequence[Sentiment], limit: int = 3) -> ThemeSentiment:
    """Counts, shares and up to ``limit`` examples per label for one theme's members.

    Examples are indices into ``sentiments``: negatives most negative first, positives most
    positive first, neutrals closest to 0 first; ties by index, so the choice is stable.
    """
    counts = {label: 0 for label in LABELS}
    for s in sentiments:
        counts[s.label] += 1
    total = sum(counts.values())
    shares = {label: (counts[label] / total if total else 0.0) for label in LABELS}
    strength = {"negative": lambda c: c, "positive": lambda c: -c, "neutral": abs}
    examples = {
        label: sorted((i for i, s in enumerate(sentiments) if s.label == label),
                      key=lambda i, f=strength[label]: (f(sentiments[i].compound), i))[:limit]
        for label in LABELS
    }
    return ThemeSentiment(counts, shares, examples)
