"""Situations: struggling moments that several people share.

A situation is shared by people, not by sentences. Each participant is one document: the
words of their whole interview, which depends on no reading of the questions, with their
struggling moment (their first-thought and struggling-moment answers, or, for someone never
asked about one, what they said that was coded push or situation) told a second time so that
its words weigh double. Two people are alike when their documents share distinctive words
and two-word phrases ("pay day", "night shift", "stock count": which words go together says
more than the words apart): TF-IDF with sublinear counts, terms used by a single participant
dropped (names, one person's particulars) and terms used by more than half of the
participants dropped (the product, the trade: what every story in a study has in common; in
a study of fewer than six, the terms everyone uses).
An answer means what it means in reply to its question, so people are also compared stage by
stage of the switch story: what went wrong (first thought, struggling moment), how they looked
and decided, and what changed once they switched, each answer beside the other person's answers
at the same stage. Their similarity is the mean of the whole-interview view and every stage
both of them told in at least two of its distinctive terms (a stage one of them was never asked
about, or answered in a word or two, says nothing either way).
Background answers are only in the whole view: who someone is and what their trade is (the
same in many situations) is not their situation.
Words miss what people say alike in words of their own ("the bill came in at three times the
quote", "he charged far more than we agreed"), and catch what they share that is not their
situation (the contractors and invoices of two different struggles in one trade). So their
struggling moments are also read sentence by sentence: each sentence one of them said beside
its nearest in the other's (cosine of sentence embeddings), averaged both ways. That view is
put on the words' scale and averaged with them at equal weight.

Each pair's likeness is then taken less how far the two people's usual likeness to everyone
else exceeds the study's: someone whose long, general account reads somewhat like everyone's
would otherwise join whichever group is nearest by a hair, and pull the most general speakers
of two situations together. Participants are grouped by average-linkage clustering on that
distance, the number of groups chosen by silhouette weighted by the share of people left in a
group of two or more (the fewest groups within one standard error of the best, by merging
the best grouping's groups only), among the groupings where no group holds more than half of
the people (a "situation" everyone shares is the study's topic, not a finding; in a study of
fewer than six, where three of four people may share one, only what everyone says is the
topic). A situation needs at least two
people heard apart (one when a study has fewer than five participants): a partner who joins
someone's interview tells the same story again, so people heard in one conversation count once
and their likeness to each other is set to the usual likeness of people heard apart. A person's
sentence embeddings averaged into one vector, which makes a long account generic, grouped people
worse on labelled switch interviews than either view here; that average still chooses the
wording.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.cluster.hierarchy import linkage
from scipy.sparse.csgraph import connected_components
from scipy.spatial.distance import squareform
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

from jobstory.synthesis.alternatives import CONSIDERED, HEARD_OF
from jobstory.synthesis.cluster import cut_tree, group_nodes
from jobstory.synthesis.code import Coding
from jobstory.synthesis.sources import Segment
from jobstory.synthesis.segment import substantive
from jobstory.synthesis.timelines import LOOKING_PHASES, STRUGGLE_PHASES, Timeline

#: A study with fewer participants than this may have a situation of one person.
SMALL_STUDY = 5
#: From this many people on, what more than half of them share is the study's topic (the
#: product, the trade), not a situation; in a smaller study three of four people may well
#: share one, and only what everyone says is the topic.
MAJORITY_IS_TOPIC = 6
#: The stages of a switch story two people's answers are compared at: what went wrong, how
#: they looked and decided, what changed once they switched.
STAGES = (STRUGGLE_PHASES, LOOKING_PHASES | {"deciding"}, frozenset({"first_use", "what_changed"}))


@dataclass(frozen=True)
class Situation:
    """People whose struggling moments are alike. `centroid` is in the embedding space (not
    centred), for choosing wording; `members` are ordered closest to the centre first.
    `accounts` counts the conversations they were heard in (a partner who joined someone's
    interview retells that one account); None: one each."""

    members: tuple[str, ...]
    centroid: np.ndarray
    cohesion: float
    accounts: int | None = None

    @property
    def heard_apart(self) -> int:
        """How many separate accounts of the situation there are."""
        return len(self.members) if self.accounts is None else self.accounts


def struggle_units(line: Timeline, segments: Sequence[Segment], codings: Sequence[Coding]
                   ) -> list[int]:
    """The units that tell this person's struggling moment: those of its phases but, in a story
    where new ways were looked at, the ways they weighed there ("so I tried QuickBooks for about
    a month", "I also looked at a centre management system": what they tried is no part of the
    situation they share; an interview with no looking, about how someone works, keeps all of
    its struggle), or else those read as a push or a situation, not ones read as what drew
    them to a new way ("When they showed me that an unclaimed booking just dissolves ..." is
    its pull), and told before the switch where any were ("When a tile change goes straight to
    his sub", told of the first weeks, is how the new way works). Someone who told more of
    what went wrong in their opening answers, unasked (units read as a push there), than when
    asked for the struggle, told it where they told it: both are their struggling moment."""
    opening = [i for i in sorted(line.phases) if line.phases[i] == "background"
               and "push" in codings[i].codes and substantive(segments[i].text)]
    if line.struggle and not LOOKING_PHASES & set(line.phases.values()):
        told = line.struggle  # no new way weighed in this story: nothing to set apart
    elif line.struggle:
        weighed = {i for _, i in line.alternatives} | {
            i for i in line.struggle if CONSIDERED.search(segments[i].text) or
            HEARD_OF.search(segments[i].text)}
        told = [i for i in line.struggle if i not in weighed] or line.struggle
    else:
        told = []
    if told:
        words = sum(len(segments[i].text.split()) for i in told)
        said = sum(len(segments[i].text.split()) for i in opening)
        return sorted(set(told) | set(opening)) if said > words else told
    told = [i for i in line.phases if substantive(segments[i].text)
            and ({"push", "situation"} & set(codings[i].codes))
            and ("push" in codings[i].codes or "pull" not in codings[i].codes)]
    before = [i for i in told if line.phases[i] not in STAGES[-1]]
    return sorted(before or told)


def _unit(rows: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(rows, axis=-1, keepdims=True)
    return rows / np.where(norms == 0, 1.0, norms)


def _choose_k(distance: np.ndarray, n: int) -> np.ndarray:
    """Labels for the fewest groups k (2..n/2, rounded up: as many groups as pairs, and one
    more for someone left on their own when n is odd) whose clustering's silhouette, weighted
    by the share of people in groups of two or more (a split that strands people is no
    finding), is within one standard error of the best (Breiman's rule: the people's
    silhouettes vary, and a finer split that scores a hair higher, two pairs where four people
    share a situation, is within that noise), among those with no group of more than half the
    people and those that only merge groups of the best (someone it leaves on their own is
    joined to nobody).

    The clusterings are the cuts of one average-linkage tree (what fitting it afresh for each
    k gives), taken from the finest to the coarsest: each merge of two groups only adds their
    columns of the people-by-group distance sums, and only people whose own or nearest other
    group merged need their nearest other group found again. A survey of thousands of
    respondents is then seconds, not minutes."""
    children = linkage(squareform(distance, checks=False), method="average")[:, :2]
    children = children.astype(np.int64)
    k_max = max(2, (n + 1) // 2)
    labels = cut_tree(children, n, k_max)
    order = np.argsort(labels, kind="stable")
    size = np.bincount(labels, minlength=k_max).astype(float)
    starts = np.concatenate(([0], np.cumsum(size[:-1]))).astype(np.int64)
    # each person's summed and mean distance to each group's members
    sums = np.add.reduceat(distance[:, order], starts, axis=1)
    mean_to = sums / size
    column_of = np.full(2 * n - 1, -1)  # tree node -> the column of the group it is
    column_of[np.unique(group_nodes(children, n, k_max))] = np.arange(k_max)
    dead = np.zeros(k_max, dtype=bool)
    rows = np.arange(n)

    def nearest_other(who: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        means = mean_to[who]
        means[:, dead] = np.inf
        means[np.arange(len(who)), labels[who]] = np.inf
        return means.min(axis=1), means.argmin(axis=1)

    near, near_column = nearest_other(rows)
    scored: list[tuple[int, float, float]] = []  # (k, score, its standard error)
    for k in range(k_max, 1, -1):
        if k < k_max:  # the next merge joins two of the current groups, into a's column
            merge = n - k - 1
            a, b = (int(column_of[c]) for c in children[merge])
            column_of[n + merge] = a
            sums[:, a] += sums[:, b]
            size[a] += size[b]
            dead[b] = True
            mean_to[:, a] = sums[:, a] / size[a]
            labels[labels == b] = a
            stale = (labels == a) | (near_column == a) | (near_column == b)
            closer = ~stale & (mean_to[:, a] < near)
            near[closer], near_column[closer] = mean_to[closer, a], a
            again = np.flatnonzero(stale)
            near[again], near_column[again] = nearest_other(again)
        own = size[labels]
        if n >= MAJORITY_IS_TOPIC and own.max() > n / 2:
            continue
        inside = np.where(own > 1, sums[rows, labels] / np.maximum(own - 1, 1), 0.0)
        spread = np.maximum(inside, near)
        # scikit-learn's silhouette: 0 for someone alone in a group
        each = np.where((own > 1) & (spread > 0),
                        (near - inside) / np.where(spread > 0, spread, 1.0), 0.0)
        share = float((own >= 2).mean())
        scored.append((k, float(each.mean()) * share, float(each.std()) * share / np.sqrt(n)))
    if not scored:
        return np.arange(n)
    k_best, best, error = max(scored, key=lambda entry: (entry[1], -entry[0]))
    # fewer groups only by merging groups of the best grouping: someone it leaves alone joins
    # nobody (that would claim a likeness the best grouping did not find); merges past k_best
    # go in the tree's order, and the first to take in a person alone ends the coarser cuts
    k_floor = k_best
    while k_floor > 2 and min(children[n - k_floor]) >= n:
        k_floor -= 1
    fewest = min(k for k, score, _ in scored if k >= k_floor and score >= best - error - 1e-9)
    return cut_tree(children, n, fewest)


@dataclass(frozen=True)
class StruggleWords:
    """Everyone's struggle as word counts (stop words left out), read once for the wordings of
    all the situations: `people` in the counts' row order, `document_frequency` per word."""

    people: tuple[str, ...]
    counts: sp.csr_matrix
    vocabulary: dict[str, int]
    document_frequency: np.ndarray


def struggle_words(told: Mapping[str, str]) -> StruggleWords | None:
    """`told` (person -> what they told of their struggle) as word counts; None when nobody
    said a word that is not a stop word."""
    people = tuple(p for p in sorted(told) if told[p].strip())
    vectorizer = CountVectorizer(stop_words="english")
    try:
        counts = sp.csr_matrix(vectorizer.fit_transform([told[p] for p in people]))
    except ValueError:  # nothing but stop words
        return None
    return StruggleWords(people, counts, dict(vectorizer.vocabulary_),
                         np.asarray((counts > 0).sum(axis=0)).ravel())


def distinctive_words(words: StruggleWords | None, members: Collection[str]) -> dict[str, float]:
    """The words a situation's members share and the others do not, by weight: each word's
    share of the members' words times its inverse document frequency over everyone who told
    a struggle, kept where two or more members used it. They are what a wording of the
    situation should name ("owing", "keg", "deposit"), not what the whole study talks about;
    {} when no word qualifies."""
    if words is None:
        return {}
    inside = [k for k, p in enumerate(words.people) if p in members]
    if not inside:
        return {}
    group = words.counts[inside]
    total = np.asarray(group.sum(axis=0)).ravel()
    weight = total / max(int(total.sum()), 1) * \
        np.log(len(words.people) / np.maximum(words.document_frequency, 1))
    used = np.asarray((group > 0).sum(axis=0)).ravel()
    return {word: float(weight[k]) for word, k in words.vocabulary.items()
            if used[k] >= 2 and weight[k] > 0}


def _word_similarity(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray] | None:
    """Cosine similarity of TF-IDF vectors over the words and two-word phrases (stop words
    left out) that two to half of the people use (in a study of fewer than
    ``MAJORITY_IS_TOPIC`` people, two to all but one), and how many of those terms each text
    holds; None when no word survives (tiny or uniform studies, a stage nobody was asked
    about)."""
    n = len(texts)
    try:
        matrix = TfidfVectorizer(stop_words="english", sublinear_tf=True, min_df=2,
                                 max_df=0.5 if n >= MAJORITY_IS_TOPIC else max(2, n - 1),
                                 ngram_range=(1, 2)).fit_transform(texts)
    except ValueError:
        return None
    return (matrix @ matrix.T).toarray(), np.diff(matrix.indptr)


def _similarity(whole: Sequence[str], stages: Sequence[Sequence[str]]) -> np.ndarray:
    """People's similarity: the mean of their whole documents' similarity and, for each
    stage of the story both of them told in at least two of its terms, their answers'
    similarity at that stage. With one term, a cosine is 0 or 1: one word two short answers
    share ("wanted", "morning") would count as the same story told alike."""
    n = len(whole)
    found = _word_similarity(whole)
    total = found[0] if found is not None else np.eye(n)
    views = np.ones((n, n))
    for texts in stages:
        found = _word_similarity(texts)
        if found is None:
            continue
        alike, terms = found
        told = (terms >= 2).astype(float)
        both = np.outer(told, told)
        total = total + alike * both
        views = views + both
    return total / views


def _aligned(told: Sequence[np.ndarray]) -> np.ndarray:
    """How closely two people's struggling moments are told sentence by sentence: for each
    sentence one of them said, its nearest in the other's (cosine of unit vectors), averaged
    both ways. Two people who lived the same situation say some of the same things ("nothing
    was in writing", "the bill came in at three times the quote"), in words that need not be
    the same. One product per person against everyone's sentences, the nearest in each
    other person's taken by segment, so a survey of thousands of people is not a loop over
    millions of pairs."""
    n = len(told)
    everyone = np.vstack(told)
    starts = np.cumsum([0] + [len(t) for t in told[:-1]])
    nearest = np.empty((n, n))  # [a, b]: a's sentences' mean cosine to their nearest of b's
    for a in range(n):
        nearest[a] = np.maximum.reduceat(told[a] @ everyone.T, starts, axis=1).mean(axis=0)
    aligned = (nearest + nearest.T) / 2
    np.fill_diagonal(aligned, 1.0)
    return aligned


def _on_scale_of(view: np.ndarray, scale: np.ndarray) -> np.ndarray:
    """`view` moved onto the mean and spread of `scale` between different people, so that
    the two can be averaged with equal weight (sentence cosines run higher and closer
    together than word cosines). A `scale` that tells nobody apart (no word shared by two
    people) has no spread to move onto: `view` is left as it is."""
    off = ~np.eye(len(view), dtype=bool)
    spread, target = float(view[off].std()), float(scale[off].std())
    if spread == 0 or target == 0:
        return view
    moved = scale[off].mean() + (view - view[off].mean()) / spread * target
    np.fill_diagonal(moved, 1.0)
    return moved


def _heard_in(people: Sequence[str], segments: Sequence[Segment],
              interviews: Collection[str] | None) -> list[set[str]]:
    """For each person, the conversations they were heard in. In an interview (a source in
    `interviews`, every source when None) people whose turns interleave, one speaking between
    two turns of another, were in one conversation (a partner who joins, a focus group);
    interviews one after another in one file (an export of many) were not. A survey's
    respondents each answered alone, however its rows are ordered."""
    spans: dict[tuple[str, str], list[int]] = {}
    for seg in segments:
        span = spans.setdefault((seg.source_id, seg.participant), [seg.start, seg.end])
        span[0], span[1] = min(span[0], seg.start), max(span[1], seg.end)
    wanted = set(people)
    by_source: dict[str, list[tuple[int, int, str]]] = {}
    for (source, person), (start, end) in spans.items():
        if person in wanted:
            by_source.setdefault(source, []).append((start, end, person))
    heard: dict[str, set[str]] = {p: set() for p in people}
    for source, told in by_source.items():
        if interviews is not None and source not in interviews:
            for _, _, person in told:
                heard[person].add(f"{source}#{person}")
            continue
        reach, group = -1, 0
        for start, end, person in sorted(told):
            if start >= reach:  # nobody before is still talking: a conversation of its own
                group += 1
            reach = max(reach, end)
            heard[person].add(f"{source}@{group}")
    return [heard[p] for p in people]


def _conversation_of(heard: Sequence[set[str]]) -> np.ndarray:
    """One label per person, the same for people heard in one conversation, directly or
    through someone else (the connected components of people and their conversations)."""
    names = {key: k for k, key in enumerate(sorted(set().union(*heard)))}
    n = len(heard)
    people = [p for p, keys in enumerate(heard) for _ in keys]
    keys = [n + names[key] for found in heard for key in sorted(found)]
    graph = sp.coo_matrix((np.ones(len(people)), (people, keys)),
                          shape=(n + len(names), n + len(names)))
    return connected_components(graph, directed=False)[1][:n]


def _apart(similarity: np.ndarray, conversation: np.ndarray) -> np.ndarray:
    """`similarity` with every pair heard in one conversation set to the mean between people
    heard apart: two people in one conversation tell one story between them, so how alike
    their words are is the conversation's, not a sign that each lived the situation. They
    still join a situation through the others they are like."""
    together = (conversation[:, None] == conversation[None, :]) & ~np.eye(len(conversation),
                                                                          dtype=bool)
    apart = conversation[:, None] != conversation[None, :]
    if not together.any() or not apart.any():
        return similarity
    return np.where(together, float(similarity[apart].mean()), similarity)


def _without_hubs(similarity: np.ndarray) -> np.ndarray:
    """`similarity` with each pair's less the mean of how far the two people's usual likeness
    to the others exceeds the study's. Someone who tells a long, general account is somewhat
    like everyone (a hub), and would join whichever group is nearest by a hair; what makes two
    people share a situation is that they are more alike than each is to the rest (as CSLS
    corrects nearest neighbours for hubs, with every other person as the neighbourhood).
    Someone like nobody is left as they are: raised to the study's usual likeness, they would
    join a group they share nothing with."""
    n = len(similarity)
    off = ~np.eye(n, dtype=bool)
    usual = np.where(off, similarity, 0.0).sum(axis=1) / max(n - 1, 1)
    excess = np.maximum(usual - usual.mean(), 0.0)
    return np.where(off, similarity - (excess[:, None] + excess[None, :]) / 2, similarity)


def find_situations(timelines: Mapping[str, Timeline], segments: Sequence[Segment],
                    codings: Sequence[Coding], vectors: np.ndarray,
                    interviews: Collection[str] | None = None) -> list[Situation]:
    """Situations shared by enough people, largest first. `interviews` are the sources that
    are conversations (someone asked the questions aloud); None: every source is one."""
    people: list[str] = []
    moments: list[str] = []
    stories: list[str] = []
    staged: list[list[str]] = [[] for _ in STAGES]
    rows = []
    told_rows: list[np.ndarray] = []
    for person in sorted(timelines):
        line = timelines[person]
        units = struggle_units(line, segments, codings)
        if not units:
            continue
        people.append(person)
        moments.append(" ".join(segments[i].text for i in sorted(units)))
        told = [i for i in sorted(line.phases) if substantive(segments[i].text)]
        stories.append(" ".join(segments[i].text for i in told))
        for stage, phases in zip(staged, STAGES):
            stage.append(" ".join(segments[i].text for i in told if line.phases[i] in phases))
        told_rows.append(_unit(vectors[units]))
        rows.append(told_rows[-1].mean(axis=0))
    if not people:
        return []
    conversation = _conversation_of(_heard_in(people, segments, interviews))
    raw = np.vstack(rows)
    n = len(people)
    minimum = 1 if len(timelines) < SMALL_STUDY else 2
    if n < 3:
        labels = np.zeros(n, dtype=int)
    else:
        # The whole interview, with the struggling moment told again so that its words weigh
        # double, and each stage of the story beside the same stage of the other's.
        similarity = _similarity([f"{m} {s}" for m, s in zip(moments, stories)], staged)
        similarity = (similarity + _on_scale_of(_aligned(told_rows), similarity)) / 2
        similarity = _without_hubs(_apart(similarity, conversation))
        distance = np.clip(1.0 - similarity, 0.0, 2.0)
        distance = (distance + distance.T) / 2
        np.fill_diagonal(distance, 0.0)
        labels = _choose_k(distance, n) if n > 3 else np.zeros(n, dtype=int)
    found = []
    for label in sorted(set(labels.tolist())):
        index = [i for i in range(n) if labels[i] == label]
        if len(set(conversation[index].tolist())) < minimum:
            continue  # a partner who joined someone's interview is not a second account
        centroid = _unit(raw[index].mean(axis=0))
        closeness = _unit(raw[index]) @ centroid
        order = sorted(range(len(index)), key=lambda j: (-round(float(closeness[j]), 6),
                                                         people[index[j]]))
        found.append(Situation(members=tuple(people[index[j]] for j in order),
                               centroid=centroid,
                               cohesion=round(float(closeness.mean()), 4),
                               accounts=len(set(conversation[index].tolist()))))
    found.sort(key=lambda s: (-s.heard_apart, -len(s.members), -s.cohesion, s.members))
    return found
