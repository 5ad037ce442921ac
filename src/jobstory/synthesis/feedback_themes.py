"""Themes of open-ended feedback by what people say, counted by respondent, with sentiment.

The pure core of ``jobstory cluster`` (I/O lives in :mod:`jobstory.synthesis.cluster_csv`):

1. Each comment is cut into units (:func:`feedback_text.feedback_units`: sentences, and the
   turns of a sentence from one topic to another), each read for meaning without handles,
   links, greetings or sign-offs. A comment with no such unit ("Thanks!") is one unit whole.
2. The distinct unit texts are embedded and clustered (:func:`cluster.cluster`) on what each
   says together with what its whole comment says (the two sentence vectors summed, equal
   weight): a short statement ("it was awful.") is read in its comment's context, so themes
   form around complaints, not around moods. Then each statement goes to the theme whose
   centre, in its own words, it is closest to (:func:`_by_statement`), so a comment that
   raises two topics still counts in both.
3. A comment belongs to every theme one of its units is in (``themes``), and mainly to the one
   whose centre its whole comment, read for meaning, is closest to (``main``): the gist of
   "the flight was fine but my bag never came" is the bag, however many words the rest
   takes. Theme sizes count distinct respondents, never units.
4. Labels are each theme's distinctive phrases (c-TF-IDF over the units' meaning), never the
   name of whom comments were addressed to (a word written as an @handle anywhere).
5. Sentiment per unit (:mod:`sentiment`); per theme, each respondent counts once, with the
   mean score of their units in that theme.

Same texts in, same themes out (ids are content-derived, :mod:`theme_ids`).
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from jobstory.synthesis.cluster import Clustering, cluster
from jobstory.synthesis.embed import Embedder
from jobstory.synthesis.feedback_text import Unit, clean, feedback_units
from jobstory.synthesis.keyphrases import distinct_phrases, key_phrases, representative
from jobstory.synthesis.sentiment import (
    Sentiment,
    ThemeSentiment,
    label_of,
    polarity,
    theme_sentiment,
)
from jobstory.synthesis.theme_ids import theme_ids

LABEL_PHRASES = 3
WORD_WEIGHT = 0.5
WORD_DIMENSIONS = 100
MIN_WORD_USES = 3
QUOTES = 5
SENTIMENT_EXAMPLES = 2
_HANDLE = re.compile(r"(?<![\w@])@(\w{2,30})")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")


@dataclass(frozen=True)
class Quote:
    row: int  # index into the texts given
    start: int  # texts[row][start:end] is the quote, verbatim
    end: int
    text: str
    sentiment: Sentiment


@dataclass(frozen=True)
class FeedbackTheme:
    id: str
    label: str
    key_phrases: list[str]
    rows: list[int]  # respondents (indices into texts), ascending
    main_rows: list[int]  # those for whom it is the main theme
    mentions: int  # units in the theme
    representative: Quote  # the most central unit
    quotes: list[Quote]  # most central first, one per respondent
    sentiment: ThemeSentiment  # over respondents
    sentiment_quotes: dict[str, list[Quote]]  # label -> clearest examples


@dataclass(frozen=True)
class FeedbackThemes:
    themes: list[FeedbackTheme]  # most respondents first
    main: list[int]  # per text: index into themes, -1 for an outlier or an empty text
    memberships: list[list[int]]  # per text: every theme index, the main one first
    sentiments: list[Sentiment]  # per text, the whole comment
    outliers: list[int]  # rows none of whose units fit a theme
    units: int
    clustering: Clustering
    texts: list[str]  # the comments given, verbatim

    @property
    def respondents(self) -> int:
        return sum(1 for m in self.memberships if m) + len(self.outliers)


def member_id(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def addressee_words(texts: Sequence[str]) -> frozenset[str]:
    """Words that name whom comments were sent to: every @handle, folded, and the CamelCase
    parts of a handle that are long enough to be a name ("@AcmeHelp" -> acmehelp, acme)."""
    words: set[str] = set()
    for text in texts:
        for handle in _HANDLE.findall(text):
            words.add(handle.casefold())
            parts = [p for p in _CAMEL.sub(" ", handle).replace("_", " ").split() if p]
            words.update(p.casefold() for p in parts if len(p) >= 4 and len(parts) > 1)
    return frozenset(words)


def with_words(vectors: np.ndarray, texts: Sequence[str]) -> np.ndarray:
    """Sentence vectors with the texts' words beside them, each part L2-normalised.

    A sentence encoder places "my bag never arrived" near "worst trip ever" by their shared
    mood; the words a statement shares with others (bag, refund, seat) say what it is about.
    The word part is a latent semantic analysis of the statements (TF-IDF of words used by at
    least ``MIN_WORD_USES`` statements, reduced to ``WORD_DIMENSIONS`` by truncated SVD with a
    fixed seed), weighted ``WORD_WEIGHT`` against the sentence vector's 1. Too few statements
    or words to reduce: the sentence vectors alone.
    """
    from sklearn.decomposition import TruncatedSVD
    from sklearn.feature_extraction.text import TfidfVectorizer

    if len(texts) < 3 * WORD_DIMENSIONS:
        return vectors
    try:
        words = TfidfVectorizer(min_df=MIN_WORD_USES, stop_words="english",
                                sublinear_tf=True).fit_transform(texts)
    except ValueError:  # no word used often enough
        return vectors
    if words.shape[1] <= 2 * WORD_DIMENSIONS:
        return vectors
    lsa = TruncatedSVD(WORD_DIMENSIONS, random_state=0).fit_transform(words)
    norms = np.linalg.norm(lsa, axis=1, keepdims=True)
    lsa = lsa / np.where(norms > 0, norms, 1.0)
    sentence = vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
    return np.hstack([sentence, WORD_WEIGHT * lsa]).astype(np.float32)


def _units(texts: Sequence[str]) -> list[tuple[int, Unit]]:
    found: list[tuple[int, Unit]] = []
    for row, text in enumerate(texts):
        if not text.strip():
            continue
        units = feedback_units(text)
        if not units:  # "Thanks!", "@acme": the comment is its own single unit
            whole = clean(text)
            units = [Unit(whole.start, whole.end, whole.text)] if whole.text else [
                Unit(len(text) - len(text.lstrip()), len(text.rstrip()), text.strip())]
        found.extend((row, unit) for unit in units)
    return found


def feedback_themes(texts: Sequence[str], embedder: Embedder, k: int | None = None
                    ) -> FeedbackThemes:
    """Themes of ``texts`` (one comment each; empty ones are skipped); see the module doc."""
    units = _units(texts)
    meanings = [u.text for _, u in units]
    distinct = sorted(set(meanings))  # sorted: the same texts in any order, the same vectors
    rows_with_units = sorted({row for row, _ in units})
    wholes = {row: clean(texts[row]).text or texts[row].strip() for row in rows_with_units}
    read = sorted(set(distinct) | set(wholes.values()))  # one pass; a one-statement comment
    sentence = _unit_length(embedder.encode(read) if read  # is read once
                            else np.zeros((0, getattr(embedder, "dimension", 1)), np.float32))
    at = {t: i for i, t in enumerate(read)}
    vectors_distinct = with_words(sentence[[at[t] for t in distinct]], distinct)
    where = {t: i for i, t in enumerate(distinct)}
    vectors = vectors_distinct[[where[t] for t in meanings]] if meanings else vectors_distinct
    whole_vectors = {row: sentence[at[w]] for row, w in wholes.items()}
    in_context = vectors.copy()
    if meanings:
        d = sentence.shape[1]
        in_context[:, :d] = _unit_length(
            vectors[:, :d] + np.stack([whole_vectors[row] for row, _ in units]))
    result = _by_statement(cluster(in_context, k), vectors, meanings)
    quotes_text = [texts[row][u.start:u.end] for row, u in units]
    unit_sentiment = polarity(quotes_text)

    members = [np.flatnonzero(result.labels == c) for c in range(result.k)]
    unit_ids = [member_id(m) for m in meanings]
    central: list[list[int]] = []
    for c, m in enumerate(members):
        sims = np.round(vectors[m] @ result.centroids[c], 6)
        order = sorted(zip(-sims, (unit_ids[j] for j in m), m))
        central.append([int(j) for _, _, j in order])
    ids = theme_ids([[unit_ids[j] for j in m] for m in central])
    exclude = addressee_words(texts)
    phrases = key_phrases([[meanings[j] for j in m] for m in central], top_n=8, exclude=exclude)

    sizes = [len({units[j][0] for j in m}) for m in members]
    memberships = _memberships(texts, units, result, whole_vectors, sizes)

    def quote(j: int) -> Quote:
        row, unit = units[j]
        return Quote(row, unit.start, unit.end, quotes_text[j], unit_sentiment[j])

    raw: list[FeedbackTheme] = []
    for c, order in enumerate(central):
        rows = sorted({units[j][0] for j in order})
        main_rows = [r for r in rows if memberships[r][0] == c]
        per_row: dict[int, list[float]] = {}
        first_unit: dict[int, int] = {}
        for j in order:
            per_row.setdefault(units[j][0], []).append(unit_sentiment[j].compound)
            first_unit.setdefault(units[j][0], j)
        respondents = list(first_unit)  # most central unit's order
        felt = [Sentiment(label_of(s), s) for s in
                (round(float(np.mean(per_row[r])), 4) for r in respondents)]
        summary = theme_sentiment(felt, SENTIMENT_EXAMPLES)
        examples = {label: [quote(first_unit[respondents[i]]) for i in picked]
                    for label, picked in summary.examples.items()}
        rep = order[0]
        if len(order) > 1:
            rep = int(np.asarray(order)[representative(vectors[order], result.centroids[c])])
        label = ", ".join(distinct_phrases(phrases[c], LABEL_PHRASES)) or _shorten(meanings[rep])
        raw.append(FeedbackTheme(
            ids[c], label, phrases[c], rows, main_rows, len(order), quote(rep),
            [quote(first_unit[r]) for r in respondents[:QUOTES]], summary, examples))

    # Most respondents first; memberships re-indexed to match.
    ranking = sorted(range(len(raw)), key=lambda c: (-len(raw[c].rows), -len(raw[c].main_rows),
                                                       raw[c].id))
    position = {c: i for i, c in enumerate(ranking)}
    themes = [raw[c] for c in ranking]
    memberships = [[position[c] for c in m] for m in memberships]
    had_units = {row for row, _ in units}
    outliers = sorted(r for r in had_units if not memberships[r])
    main = [m[0] if m else -1 for m in memberships]
    return FeedbackThemes(themes, main, memberships, polarity(texts), outliers, len(units),
                          result, list(texts))


def _unit_length(x: np.ndarray) -> np.ndarray:
    return (x / np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-12)).astype(np.float32)


def _by_statement(result: Clustering, vectors: np.ndarray, texts: Sequence[str]) -> Clustering:
    """The themes found in context, each statement moved to the theme it is most like on its
    own: the sum of its vector's cosine to the theme's centre (the mean of its members' own
    vectors) and its words' cosine to the theme's distinctive words (:func:`_word_affinity`),
    equal weight. Outliers stay outliers.

    Clustering in context keeps a comment's statements together; this pass lets a statement
    that says something else ("...and the food was cold") join the theme of what it says, and
    the theme's own words (bag, refund, hold) pull in statements that name it. A theme left
    with no statement is dropped; themes keep their order (largest first)."""
    labels = result.labels
    kept = labels >= 0
    if not kept.any():
        return result
    centres = _unit_length(np.stack([vectors[labels == c].mean(axis=0) for c in range(result.k)]))
    affinity = vectors @ centres.T + _word_affinity(texts, labels, result.k)
    moved = np.where(kept, np.argmax(np.round(affinity, 6), axis=1), -1)
    used = [c for c in range(result.k) if (moved == c).any()]
    number = np.full(result.k + 1, -1)
    number[used] = np.arange(len(used))
    moved = number[moved]  # -1 indexes the last slot: outliers stay -1
    centres = _unit_length(np.stack([vectors[moved == c].mean(axis=0)
                                     for c in range(len(used))]))
    return dataclasses.replace(result, labels=moved, k=len(used), centroids=centres,
                               method=result.method + "; clustered in context, each "
                               "statement then in the theme nearest its own vector and words")


def _word_affinity(texts: Sequence[str], labels: np.ndarray, k: int) -> np.ndarray:
    """(statements, k): cosine between each statement's word counts and each theme's
    class-based TF-IDF (BERTopic's c-TF-IDF: a word's share of the theme's words, times
    log(1 + average words per theme / the word's count in all themes)), over words used by
    at least ``MIN_WORD_USES`` statements. No such word: zeros."""
    import scipy.sparse as sp
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.preprocessing import normalize

    try:
        counts = CountVectorizer(min_df=MIN_WORD_USES, stop_words="english").fit_transform(texts)
    except ValueError:  # no word used often enough
        return np.zeros((len(texts), k))
    kept = np.flatnonzero(labels >= 0)
    members = sp.csr_matrix((np.ones(len(kept)), (labels[kept], kept)), shape=(k, len(texts)))
    per_theme = np.asarray((members @ counts).todense(), dtype=np.float64)
    totals = per_theme.sum(axis=0)
    idf = np.log1p(per_theme.sum() / k / np.maximum(totals, 1.0))
    share = per_theme / np.maximum(per_theme.sum(axis=1, keepdims=True), 1.0)
    theme_words = normalize(share * idf)
    return np.asarray(normalize(counts.astype(np.float64)) @ theme_words.T)


def _memberships(texts: Sequence[str], units: list[tuple[int, Unit]], result: Clustering,
                 wholes: dict[int, np.ndarray], sizes: list[int]) -> list[list[int]]:
    """Per text, the themes its units are in, the main one first: the theme whose centre (its
    sentence-vector part) is most similar to the whole comment read for meaning; ties to the
    larger theme."""
    found: list[set[int]] = [set() for _ in texts]
    for j, (row, _unit) in enumerate(units):
        if result.labels[j] >= 0:
            found[row].add(int(result.labels[j]))
    several = [row for row, themes in enumerate(found) if len(themes) > 1]
    closeness: dict[int, np.ndarray] = {}
    if several:
        wholes = np.stack([wholes[row] for row in several])
        centres = result.centroids[:, : wholes.shape[1]]
        centres = centres / np.maximum(np.linalg.norm(centres, axis=1, keepdims=True), 1e-12)
        closeness = dict(zip(several, np.round(wholes @ centres.T, 6)))
    none = np.zeros(result.k)
    return [sorted(themes, key=lambda c, s=closeness.get(row, none): (-s[c], -sizes[c], c))
            for row, themes in enumerate(found)]


def _shorten(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
