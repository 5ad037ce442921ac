"""Situations are shared by people: who ends up with whom, and what is never a situation.

Fast: timelines, segments and codings are built here; most tests are about the words, so their
vectors only need the right shape (random ones); one reads sentences with the real encoder.
"""

from __future__ import annotations

import numpy as np
import pytest

from jobstory.synthesis.code import CODES, Coding
from jobstory.synthesis.situations import (
    MAJORITY_IS_TOPIC,
    _choose_k,
    _without_hubs,
    find_situations,
    struggle_units,
)
from jobstory.synthesis.sources import Segment
from jobstory.synthesis.timelines import Timeline

TOPIC = "Our rota app is fine and the team like it well enough most weeks."
SICK = ["Someone called in sick at six and I rang round every number on the list.",
        "A cook phoned in sick so I spent the morning ringing round for cover.",
        "Two people were off sick and I was ringing round for cover until ten.",
        "The baker rang in sick and I was on the phone ringing round for cover."]
PAY = ["Payday came and three people said their hours were wrong on the payslip.",
       "The payslip was short because the hours from the swap never reached payroll.",
       "My payroll export missed the extra hours so the payslip was wrong again.",
       "Two payslips were wrong and payroll blamed the hours on the timesheet."]


def build(stories: dict[str, list[str]]) -> tuple[dict[str, Timeline], list[Segment],
                                                  list[Coding], np.ndarray]:
    segments: list[Segment] = []
    timelines: dict[str, Timeline] = {}
    for person, said in stories.items():
        line = Timeline(participant=person)
        offset = 0
        for text in [*said, TOPIC]:
            index = len(segments)
            segments.append(Segment(f"{person}.txt#{offset}", f"{person}.txt", person, offset,
                                    offset + len(text), text, None, None))
            line.phases[index] = "struggling_moment" if text != TOPIC else "background"
            if text != TOPIC:
                line.struggle.append(index)
            offset += len(text) + 1
        timelines[person] = line
    # the struggle is read as a push; who they are (the topic everyone shares) as nothing
    codings = [Coding(codes=("push",) if s.text != TOPIC else (),
                      scores={c: 0.0 for c in CODES}) for s in segments]
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(len(segments), 8)).astype(np.float32)
    return timelines, segments, codings, vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def test_people_who_told_the_same_moment_share_a_situation():
    stories = {f"sick-{k}": [SICK[k], SICK[(k + 1) % 4]] for k in range(4)}
    stories |= {f"pay-{k}": [PAY[k], PAY[(k + 1) % 4]] for k in range(4)}
    found = find_situations(*build(stories))
    groups = sorted(sorted(s.members) for s in found)
    assert groups == [[f"pay-{k}" for k in range(4)], [f"sick-{k}" for k in range(4)]]


def test_no_situation_holds_more_than_half_of_a_study():
    """Six of eight people alike is the study's topic, not a finding: the grouping that
    would report it as one situation is passed over."""
    from jobstory.synthesis.situations import _choose_k

    distance = np.full((8, 8), 0.9)
    distance[:6, :6] = 0.1
    distance[6:, 6:] = 0.1
    np.fill_diagonal(distance, 0.0)
    labels = _choose_k(distance, 8)
    assert np.bincount(labels).max() <= 4


def test_in_a_small_study_three_of_four_people_can_share_a_situation():
    """With four people, what three of them say (a supplier, an order nobody confirmed) is no
    study-wide topic: those three belong together, however a stray word ("morning") links one
    of them to the fourth (a study this small may have a situation of one)."""
    stories = {
        "ana": ["The supplier never confirmed our order and we ran out by the morning."],
        "ben": ["Our order got lost because the supplier never confirmed it, so we shut early."],
        "cai": ["The supplier lost the order and nobody confirmed anything before the weekend."],
        "dev": ["The backups failed in the morning before the hearing and the laptop died."]}
    found = find_situations(*build(stories))
    assert sorted(sorted(s.members) for s in found) == [["ana", "ben", "cai"], ["dev"]]


def test_one_person_alone_makes_no_situation_in_a_larger_study():
    stories = {f"sick-{k}": [SICK[k], SICK[(k + 1) % 4]] for k in range(4)}
    stories |= {f"pay-{k}": [PAY[k], PAY[(k + 1) % 4]] for k in range(4)}
    stories["odd"] = ["The roof leaked onto the till and the fuse box tripped twice."]
    found = find_situations(*build(stories))
    assert "odd" not in {m for s in found for m in s.members}
    assert all(len(s.members) >= 2 for s in found)


def test_in_a_study_of_five_two_pairs_are_found_and_the_fifth_is_left_alone():
    """Five people: two pairs and one whose moment nobody shares. Three groups must be
    possible (as many as pairs, and one more for someone on their own)."""
    stories = {f"sick-{k}": [SICK[k], SICK[k + 2]] for k in range(2)}
    stories |= {f"pay-{k}": [PAY[k], PAY[k + 2]] for k in range(2)}
    stories["odd"] = ["The roof leaked onto the till and the fuse box tripped twice."]
    found = find_situations(*build(stories))
    assert sorted(sorted(s.members) for s in found) == [["pay-0", "pay-1"],
                                                        ["sick-0", "sick-1"]]


def test_one_word_two_short_answers_share_is_no_stage_told_alike():
    """At a stage where two people's answers hold one distinctive term between them
    ("wanted"), the cosine can only be 0 or 1: that stage says nothing of how alike they
    are, so their similarity is their whole interviews'."""
    from jobstory.synthesis.situations import _similarity

    whole = ["Patients missed appointments and I lost the slots.",
             "Clients forgot the grooming visit and I lost the morning.",
             "Receipts faded before the tax return was due and I lost the slots.",
             "The accountant sent back the books before the tax return.",
             "The laptop was stolen with every lesson plan on it."]
    deciding = ["I wanted reminders.", "Reminders before visits.", "Receipts matched.",
                "Receipts matched to payments.", "I wanted backups."]
    alone = _similarity(whole, [])
    staged = _similarity(whole, [deciding])
    assert staged[0, 4] == alone[0, 4] < 0.5
    # two terms each ("receipts", "matched"), the same: that stage counts, as a second view
    assert alone[2, 3] < 1.0 and staged[2, 3] == (alone[2, 3] + 1.0) / 2


def test_people_are_alike_by_the_phrases_they_share_not_only_the_words():
    """Everyone here says "night", "day", "shift" and "rate"; what tells the two groups apart
    is which go together: a night shift nobody would cover at the day rate, or a day shift
    paid at the night rate."""
    nights = "Nobody took the night shift on {} because the day rate was all I could pay."
    days = "Nobody took the day shift on {} because the night rate was all I could pay."
    when = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
            "Easter"]
    stories = {f"nights-{k}": [nights.format(when[k])] for k in range(4)}
    stories |= {f"days-{k}": [days.format(when[4 + k])] for k in range(4)}
    found = find_situations(*build(stories))
    groups = sorted(sorted(s.members) for s in found)
    assert groups == [[f"days-{k}" for k in range(4)], [f"nights-{k}" for k in range(4)]]


def test_people_are_compared_stage_by_stage_of_their_story():
    """Everyone here says the same three things in the same order; what tells the two groups
    apart is which of two they said when deciding and which when asked what changed since
    (an answer means what it means in reply to its question)."""
    moment = "The orders went out late again on the busiest morning of the month."
    said = ("The rota app sends every shift to the right person.",
            "The van driver gets the delivery list on his phone.")
    stages = {f"{k}-rota": ("deciding", "what_changed") for k in range(4)}  # names sort apart
    stages |= {f"{k}-van": ("what_changed", "deciding") for k in range(4)}
    segments: list[Segment] = []
    timelines: dict[str, Timeline] = {}
    for person, phases in stages.items():
        line = Timeline(participant=person)
        offset = 0
        for text, phase in ((moment, "struggling_moment"), *zip(said, phases)):
            line.phases[len(segments)] = phase
            if phase == "struggling_moment":
                line.struggle.append(len(segments))
            segments.append(Segment(f"{person}.txt#{offset}", f"{person}.txt", person, offset,
                                    offset + len(text), text, None, None))
            offset += len(text) + 1
        timelines[person] = line
    codings = [Coding(codes=("push",), scores={c: 0.0 for c in CODES}) for _ in segments]
    vectors = np.ones((len(segments), 8), dtype=np.float32) / np.sqrt(8)
    found = find_situations(timelines, segments, codings, vectors)
    groups = sorted(sorted(s.members) for s in found)
    assert groups == [[f"{k}-rota" for k in range(4)], [f"{k}-van" for k in range(4)]]


def test_without_a_struggle_told_as_such_what_drew_them_is_not_their_struggling_moment():
    """When no answer was read as the struggling moment, it is what they told as a push or a
    situation, never a unit read as what drew them to the new way."""
    said = [("The sequencer was double-booked on a Monday and a run was lost.",
             ("situation", "push")),
            ("When they showed me that a no-show booking just frees itself, I was sold.",
             ("situation", "pull")),
            ("It lets me pick the fund code when I book.", ("pull",))]
    segments = [Segment(f"ana.txt#{k}", "ana.txt", "ana", k * 100, k * 100 + len(text), text,
                        None, None) for k, (text, _) in enumerate(said)]
    codings = [Coding(codes=codes, scores={c: 0.0 for c in CODES}) for _, codes in said]
    line = Timeline(participant="ana", phases={0: "background", 1: "deciding", 2: "deciding"})
    assert struggle_units(line, segments, codings) == [0]
    # how the new way goes, told of the first weeks, is no struggle while one was told before
    said.append(("When a change goes straight to the plumber, nobody relays it.",
                 ("situation",)))
    segments.append(Segment("ana.txt#3", "ana.txt", "ana", 300, 300 + len(said[3][0]),
                            said[3][0], None, None))
    codings.append(Coding(codes=("situation",), scores={c: 0.0 for c in CODES}))
    line = Timeline(participant="ana", phases={0: "background", 1: "deciding", 2: "deciding",
                                               3: "first_use"})
    assert struggle_units(line, segments, codings) == [0]
    line = Timeline(participant="ana", phases={3: "first_use"})
    assert struggle_units(line, segments, codings) == [3]  # when nothing else was told


def test_a_struggle_told_mostly_in_the_opening_answers_is_their_struggling_moment_too():
    """Someone who tells what went wrong when asked who they are, and little when asked for
    the struggle, told the struggle where they told it; someone whose struggle answers say
    more keeps them alone (an opening push is as often the routine's one complaint)."""
    said = [("The thing that defined my job every ten weeks was rebooking nine hundred kids, "
             "and every term families lost their spot and rang me furious.", ("push",)),
            ("We run a pool and forty classes a week.", ()),
            ("Manually.", ("push",)),
            ("It was expensive.", ("push",))]
    segments = [Segment(f"ana.txt#{k}", "ana.txt", "ana", k * 200, k * 200 + len(text), text,
                        None, None) for k, (text, _) in enumerate(said)]
    codings = [Coding(codes=codes, scores={c: 0.0 for c in CODES}) for _, codes in said]
    phases = {0: "background", 1: "background", 2: "struggling_moment",
              3: "struggling_moment"}
    line = Timeline(participant="ana", phases=phases, struggle=[2, 3])
    assert struggle_units(line, segments, codings) == [0, 2, 3]
    told = Timeline(participant="ana", phases=phases | {2: "struggling_moment"}, struggle=[0])
    told.phases[0] = "struggling_moment"
    told.phases[2] = "background"
    assert struggle_units(told, segments, codings) == [0]


def test_the_ways_someone_weighed_while_telling_the_struggle_are_no_part_of_it():
    """In a switch story, what they tried or looked at while telling the struggle is no part of
    the situation they share with others; an attempt ("I tried to fix it"), a look at someone or
    a guess at a figure is; and with nothing else told, what they weighed stands."""
    said = ["By the end of October one family owed me for nine lessons.",
            "My accountant said use QuickBooks, so I tried QuickBooks for about a month.",
            "I also looked at a centre management system, but it was for big centres.",
            "I tried to fix it myself first, to be honest.",
            "She just looked at me like, well, you would say that.",
            "We gave him three credit notes that year, I think about ninety pounds each."]
    segments = [Segment(f"ana.txt#{k}", "ana.txt", "ana", k * 100, k * 100 + len(text), text,
                        None, None) for k, text in enumerate(said)]
    codings = [Coding(codes=("push",), scores={c: 0.0 for c in CODES}) for _ in said]
    phases = dict.fromkeys(range(6), "struggling_moment") | {9: "active_looking"}
    line = Timeline(participant="ana", phases=phases, struggle=list(range(6)))
    assert struggle_units(line, segments, codings) == [0, 3, 4, 5]
    weighed = Timeline(participant="ana", phases={1: "struggling_moment", 9: "active_looking"},
                       struggle=[1])
    assert struggle_units(weighed, segments, codings) == [1]
    # in a story where no new way was weighed (no looking), nothing is set apart
    unswitched = Timeline(participant="ana", phases=dict.fromkeys(range(6), "struggling_moment"),
                          struggle=list(range(6)))
    assert struggle_units(unswitched, segments, codings) == list(range(6))



@pytest.mark.slow
def test_people_who_told_the_same_moment_in_other_words_share_a_situation():
    """No two of these people share a word worth the name, so the words alone find nothing;
    what they said, sentence by sentence, is alike: patients who never came, or a bill over
    what was agreed."""
    from jobstory.synthesis.embed import default_embedder

    noshow = ["Three patients just didn't turn up on Monday and the chair sat empty.",
              "Half my morning clients never arrived, so those slots were wasted.",
              "People booked and then simply failed to appear, leaving gaps all afternoon.",
              "We had four no-shows in a row and nobody had rung to cancel."]
    billed = ["The plumber's invoice was triple the price we had agreed.",
              "The contractor billed us far more than his quote said.",
              "His bill came in at twice what we'd been told the job would cost.",
              "The roofer charged well over the estimate he had given us."]
    stories = {f"noshow-{k}": [noshow[k]] for k in range(4)}
    stories |= {f"billed-{k}": [billed[k]] for k in range(4)}
    timelines, segments, codings, _ = build(stories)
    vectors = default_embedder().encode([segment.text for segment in segments])
    found = find_situations(timelines, segments, codings, vectors)
    groups = sorted(sorted(s.members) for s in found)
    assert groups == [[f"billed-{k}" for k in range(4)], [f"noshow-{k}" for k in range(4)]]


def _fitted_for_each_k(distance: np.ndarray) -> np.ndarray:
    """The choice made the slow way: average linkage fitted afresh for each k, scored by
    scikit-learn's silhouette, weighted as `find_situations` weighs it, and the fewest groups
    within one standard error of the best taken."""
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.metrics import silhouette_samples

    n = len(distance)
    scored: list[tuple[int, float, float, np.ndarray]] = []
    for k in range(2, max(2, (n + 1) // 2) + 1):
        labels = AgglomerativeClustering(n_clusters=k, metric="precomputed",
                                         linkage="average").fit_predict(distance)
        sizes = np.bincount(labels)
        if n >= MAJORITY_IS_TOPIC and sizes.max() > n / 2:
            continue
        each = silhouette_samples(distance, labels, metric="precomputed")
        share = float((sizes[labels] >= 2).mean())
        scored.append((k, float(each.mean()) * share, float(each.std()) * share / np.sqrt(n),
                       labels))
    if not scored:
        return np.arange(n)
    _, best, error, labels = max(scored, key=lambda entry: (entry[1], -entry[0]))
    alone = np.flatnonzero(np.bincount(labels)[labels] == 1)

    def keeps_alone(entry: tuple[int, float, float, np.ndarray]) -> bool:
        sizes = np.bincount(entry[3])
        return bool((sizes[entry[3][alone]] == 1).all())

    return min((entry for entry in scored if entry[1] >= best - error - 1e-9
                and keeps_alone(entry)), key=lambda entry: entry[0])[3]


@pytest.mark.parametrize("seed", range(40))
def test_the_groups_chosen_are_those_fitting_each_k_afresh_would_choose(seed: int) -> None:
    """Cutting one tree and updating the silhouette merge by merge chooses what fitting
    average linkage for every k and scoring each would, in groups of any shape and size."""
    from sklearn.metrics import adjusted_rand_score

    rng = np.random.default_rng(seed)
    n = int(rng.integers(4, 45))
    points = rng.normal(size=(n, 6)) + rng.integers(0, 5, n)[:, None] * rng.uniform(0, 4)
    distance = np.linalg.norm(points[:, None] - points[None], axis=2)
    distance /= distance.max()
    assert adjusted_rand_score(_choose_k(distance, n), _fitted_for_each_k(distance)) == 1.0


@pytest.mark.parametrize("seed", [4, 12, 24])
def test_two_pairs_of_one_situation_are_one_situation_within_the_noise(seed: int) -> None:
    """Twelve people in three situations of four, each four two pairs a little closer to each
    other than to the other pair (0.74 against 0.80 apart; 0.86 between situations), with
    noise: splitting the fours into pairs scores a hair higher on silhouette, within one
    standard error, so the three situations are kept."""
    from sklearn.metrics import adjusted_rand_score

    n = 12
    situation, pair = np.repeat(np.arange(3), 4), np.repeat(np.arange(6), 2)
    distance = np.full((n, n), 0.86)
    distance[situation[:, None] == situation[None, :]] = 0.80
    distance[pair[:, None] == pair[None, :]] = 0.74
    noise = np.random.default_rng(seed).normal(0, 0.03, (n, n))
    distance += (noise + noise.T) / 2
    np.fill_diagonal(distance, 0.0)
    assert adjusted_rand_score(situation, _choose_k(distance, n)) == 1.0


def test_two_people_heard_in_one_conversation_are_no_situation_by_themselves():
    """A partner who joins someone's interview retells the same evening: their likeness is
    the conversation's, not a second person who lived it, so the two make no situation of
    their own (as two people interviewed apart who told it would)."""
    import dataclasses

    roof = ["The roof leaked onto the till and the fuse box tripped twice.",
            "Water came through the roof onto the till and the fuse box tripped."]
    stories = {f"sick-{k}": [SICK[k], SICK[(k + 1) % 4]] for k in range(4)}
    stories |= {f"pay-{k}": [PAY[k], PAY[(k + 1) % 4]] for k in range(4)}
    stories |= {"ana": roof, "ana's partner": roof[::-1]}
    timelines, segments, codings, vectors = build(stories)
    apart = find_situations(timelines, segments, codings, vectors)
    assert ("ana", "ana's partner") in {tuple(sorted(s.members)) for s in apart}
    together = [dataclasses.replace(s, source_id="ana.txt")
                if s.participant == "ana's partner" else s for s in segments]
    found = find_situations(timelines, together, codings, vectors)
    assert not any({"ana", "ana's partner"} <= set(s.members) for s in found)


def _in_one_file(segments: list[Segment], name: str, *, interleaved: bool) -> list[Segment]:
    """The same segments read from one file: each person's answers one after another (an
    export of many interviews, a survey sorted by respondent) or interleaved (a survey sorted
    by question, or people talking in one conversation)."""
    import dataclasses

    people = sorted({s.participant for s in segments})
    at = {}
    if interleaved:
        nth: dict[str, int] = {}
        for k, seg in enumerate(segments):
            nth[seg.participant] = nth.get(seg.participant, -1) + 1
            at[k] = (nth[seg.participant] * len(people) + people.index(seg.participant)) * 1000
    else:
        for k, seg in enumerate(segments):
            at[k] = (people.index(seg.participant) * 100 + k) * 1000
    return [dataclasses.replace(seg, source_id=name, start=at[k], end=at[k] + len(seg.text))
            for k, seg in enumerate(segments)]


def test_a_survey_or_an_export_of_many_interviews_in_one_file_is_many_people_heard_apart():
    stories = {f"sick-{k}": [SICK[k], SICK[(k + 1) % 4]] for k in range(4)}
    stories |= {f"pay-{k}": [PAY[k], PAY[(k + 1) % 4]] for k in range(4)}
    timelines, segments, codings, vectors = build(stories)
    expected = [[f"pay-{k}" for k in range(4)], [f"sick-{k}" for k in range(4)]]
    # a survey's rows, sorted by question: nobody asked aloud, each answered alone
    survey = _in_one_file(segments, "survey.csv", interleaved=True)
    found = find_situations(timelines, survey, codings, vectors, interviews=set())
    assert sorted(sorted(s.members) for s in found) == expected
    # an export of eight interviews, one after another: eight conversations
    export = _in_one_file(segments, "export.json", interleaved=False)
    found = find_situations(timelines, export, codings, vectors, interviews={"export.json"})
    assert sorted(sorted(s.members) for s in found) == expected
    # the same eight talking in one conversation are one account
    group = _in_one_file(segments, "group.vtt", interleaved=True)
    assert find_situations(timelines, group, codings, vectors, interviews={"group.vtt"}) == []


def test_people_alike_everyone_do_not_group_by_how_generally_they_spoke() -> None:
    """Three situations of three people. How alike two accounts read also rises with how
    long and general each is (`general`, per person, added for both people of a pair): read
    as it is, the four most general speakers of two situations group together; less how far
    each pair's usual likeness to everyone exceeds the study's, the situations come out."""
    shared = np.array([0, 0, 0, 1, 1, 1, 2, 2, 2])
    general = np.array([0.09, 0.08, 0.00, 0.00, 0.09, 0.08, 0.04, 0.03, 0.01])
    similarity = 0.10 + general[:, None] + general[None, :] + \
        0.08 * (shared[:, None] == shared[None, :])
    np.fill_diagonal(similarity, 1.0)

    def groups(similarity: np.ndarray) -> set[frozenset[int]]:
        distance = np.clip(1.0 - similarity, 0.0, 2.0)
        np.fill_diagonal(distance, 0.0)
        labels = _choose_k(distance, len(distance))
        return {frozenset(np.flatnonzero(labels == k).tolist()) for k in set(labels.tolist())}

    truth = {frozenset({0, 1, 2}), frozenset({3, 4, 5}), frozenset({6, 7, 8})}
    assert groups(similarity) != truth
    assert groups(_without_hubs(similarity)) == truth
