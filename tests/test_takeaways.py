"""Takeaways, the executive summary and alternatives as pure functions of small analyses:
situations lead whatever their weight, generic force tallies stay out of the ranking, the
summary names only the stories the analysis has, and alternatives are found by the kind of
act (turning to someone, having one suggested) rather than by a verb of considering."""

from __future__ import annotations

from jobstory.synthesis.alternatives import alternatives_considered, kind_of, weighs
from jobstory.synthesis.summary import executive_summary
from jobstory.synthesis.takeaways import across_interviews, key_takeaways

PEOPLE = [f"p{i}" for i in range(8)]


def flat(_text: str) -> float:
    return 0.5


def q(person: str, text: str, start: int = 0) -> dict:
    return {"text": text, "source": f"{person}.txt", "start": start,
            "end": start + len(text), "participant": person}


def story(sid: str, situation: str, people: list[str]) -> dict:
    return {"id": sid, "text": f"When {situation}, I want to cope, so I can rest.",
            "participants": people, "participant_count": len(people),
            "situation": {"text": situation,
                          "quotes": [q(p, f"{situation} happened to me, {p}.") for p in people]},
            "motivation": {"text": "cope", "quotes": []},
            "outcome": {"text": "rest", "quotes": []}}


def analysis(stories: list[dict]) -> dict:
    push = [q(p, f"The old rota broke down for {p} on a busy Monday morning.", 10)
            for p in PEOPLE]
    return {
        "participants": [{"id": p} for p in PEOPLE],
        "job_stories": stories,
        "themes": [{"id": "push-1", "family": "push", "participants": PEOPLE,
                    "participant_count": len(PEOPLE), "representative": push[0],
                    "quotes": push}],
        "timelines": [{"participant": p, "push": [push[i]], "pull": [], "anxiety": [],
                       "habit": [], "alternatives": [],
                       "results": [q(p, "It saves me three hours every week.", 50)]}
                      for i, p in enumerate(PEOPLE)],
        "results": [{"measure": "time", "label": "Time", "participant_count": len(PEOPLE),
                     "participants": PEOPLE,
                     "quotes": [q(p, "It saves me three hours every week.", 50)
                                for p in PEOPLE]}],
        "alternatives": [],
        "segments": [],
        "forces": {"push": {"participants": PEOPLE, "participant_count": len(PEOPLE),
                            "themes": ["push-1"], "quotes": push[:3]}},
    }


def test_situations_lead_the_takeaways_even_when_a_finding_weighs_more():
    items = key_takeaways(analysis([story("js-b", "two staff swapped a shift", PEOPLE[2:5]),
                                    story("js-a", "the cook rang in sick", PEOPLE[:2])]),
                          concrete=flat)
    assert [t["kind"] for t in items] == ["job story", "job story", "results"]
    assert [t.get("story") for t in items[:2]] == ["js-b", "js-a"]
    assert items[2]["weight"] > items[0]["weight"] > items[1]["weight"]
    assert items[2]["text"] == "8 of 8 people put a time on what changed after the switch"
    assert [t["rank"] for t in items] == [1, 2, 3]


def test_job_stories_keep_their_own_ranking_among_the_takeaways():
    # tied on people: the analysis ranked js-a first (say, complete); js-b's quotes are more
    # concrete, which would weigh more, but one report never shows two orders of the stories
    def concrete(text: str) -> float:
        return 0.9 if "swapped" in text else 0.1

    items = key_takeaways(analysis([story("js-a", "the cook rang in sick", PEOPLE[:2]),
                                    story("js-b", "two staff swapped a shift", PEOPLE[2:4])]),
                          concrete=concrete)
    assert [t.get("story") for t in items[:2]] == ["js-a", "js-b"]
    assert items[1]["weight"] > items[0]["weight"]


def test_force_tallies_are_not_ranked_but_said_plainly_below():
    data = analysis([story("js-a", "the cook rang in sick", PEOPLE[:2])])
    assert all(t["kind"] != "force" and "Push" not in t["text"]
               for t in key_takeaways(data, concrete=flat))
    (push,) = across_interviews(data, concrete=flat)
    assert push["text"] == "8 of 8 people told what pushed them away from the old way"
    assert push["theme"] == "push-1" and len(push["quotes"]) == 2
    assert push["quotes"][0]["participant"] != push["quotes"][1]["participant"]


def test_the_summary_names_only_the_stories_the_analysis_gives_with_their_counts():
    none = executive_summary(analysis([]))[0]["text"]
    assert none == ("Across 8 participants, no situation was shared by enough people to "
                    "make a job story.")
    one = executive_summary(analysis([story("js-a", "the cook rang in sick", PEOPLE[:3])]))
    assert one[0]["text"] == ("Across 8 participants, 1 situation recurs: “the cook rang in "
                              "sick” (3 people).")
    two = executive_summary(analysis([story("js-a", "the cook rang in sick", PEOPLE[:3]),
                                      story("js-b", "two staff swapped", PEOPLE[3:5])]))
    assert two[0]["text"] == ("Across 8 participants, 2 situations recur: “the cook rang in "
                              "sick” (3 people) and “two staff swapped” (2 people).")
    assert two[1]["text"].startswith("8 of 8 people told what pushed them")
    assert 3 <= len(two) <= 5


def test_the_summary_counts_the_alternatives_weighed_and_claims_no_majority():
    data = analysis([]) | {"alternatives": [
        {"kind": "a spreadsheet", "participant_count": 1},
        {"kind": "an agency", "participant_count": 1}]}
    said = [s["text"] for s in executive_summary(data)]
    assert "The alternatives people weighed, in their own words: a spreadsheet (1 of 8), then "\
        "an agency (1)." in said
    assert not any("most people" in s for s in said)


def test_turning_to_a_person_or_having_one_suggested_is_weighing_an_alternative():
    def weighed(text: str) -> bool:
        return weighs(text, kind_of(text))

    assert weighed("I rang the agency and they wanted two hours' notice.")
    assert weighed("My sister says, why don't you hire a temp for Mondays?")
    assert weighed("So we paid a bookkeeper for a month to untangle it.")
    assert weighed("I just made a rule that nobody swaps without telling me.")
    assert not weighed("The inspector asked me for the spreadsheet.")
    assert not weighed("I asked it to write a diary entry from my notes.")
    assert not weighed("Why did it take so long?")
    assert not weighed("I get a notification in the app when they swap.")
    segments = [q("ana", "I rang the agency and they wanted two hours' notice."),
                q("ben", "My sister says, why don't you hire a temp for Mondays?"),
                q("cai", "Our agency sends its invoices every month to the office.")]
    (person,) = alternatives_considered([], segments)
    assert (person["kind"], person["participants"]) == ("a person", ["ana", "ben"])
    assert {w["words"] for w in person["named"]} == {"the agency", "hire"}


def test_a_product_is_named_as_said_with_the_words_that_qualify_it_not_its_bare_head_noun():
    from jobstory.synthesis.alternatives import named_as

    assert named_as("another product", "I looked at the property management system, "
                                       "but it was clunky.") == "property management system"
    assert named_as("another product", "Our council's HR system has a rota bit.") == \
        "council's HR system"
    assert named_as("another product", "I tried software for a bit.") == "software"
    # a product by its name, not the trying
    assert named_as("another product", "So I've tried Canva twice.") == "Canva"
    assert named_as("another product", "She tried Google Calendar first.") == "Google Calendar"
    assert named_as("another product", "I've used an AI tool for it.") == "AI tool"
    assert named_as("paper", "My accountant suggested paper timesheets.") == "paper"
    segments = [q("ana", "I looked at the till system, but it cost too much."),
                q("ben", "We also considered our till system for clocking in."),
                q("cai", "I looked at an app for a week."),
                q("dee", "I looked at BoxBasic for a week."),
                q("eve", "We tried Boxbasic, it was cheap."),
                q("fay", "We tried BoxBasic but it had no routes.")]
    (product,) = alternatives_considered([], segments)
    # one name however it was typed, shown as most people spelled it
    assert product["named"] == [{"words": "BoxBasic", "participant_count": 3},
                                {"words": "till system", "participant_count": 2},
                                {"words": "app", "participant_count": 1}]


def test_a_situation_takeaway_shows_situation_quotes_before_a_more_concrete_outcome():
    told = story("js-a", "the cook rang in sick", PEOPLE[:2])
    told["outcome"]["quotes"] = [q(PEOPLE[2], "Lunch went out at 12:05 on 14 March, for 640.")]
    told["participants"] = PEOPLE[:3]
    told["participant_count"] = 3

    def concrete(text: str) -> float:
        return 1.0 if "March" in text else 0.4

    (item, *_) = key_takeaways(analysis([told]), concrete=concrete)
    assert [x["participant"] for x in item["quotes"]] == ["p0", "p1"]
    assert item["concreteness"] == round((0.4 + 0.4 + 1.0) / 3, 4)


def test_a_forces_examples_are_what_was_most_surely_that_force_said_in_a_sentence():
    from jobstory.synthesis.code import CODES, Coding
    from jobstory.synthesis.pipeline import clearest
    from jobstory.synthesis.sources import Segment

    said = [  # (who, text, push score): every sentence of the moment is coded push
        ("ana", "January, two years ago.", 0.97),
        ("ana", "Awful.", 0.99),
        ("ana", "I rang eleven people before seven and nobody could come in.", 0.95),
        ("ana", "The whole morning went on the phone instead of the customers.", 0.90),
        ("ben", "He was polite about it, to be fair to him.", 0.80),
        # said most surely, but it starts over: it reads broken on its own
        ("ben", "The regulars missed the band, which, the regulars were not happy.", 0.99),
        ("ben", "We lost two tables because the kitchen opened an hour late.", 0.93),
        # said most surely, but the tail of a sentence: it reads broken on its own too
        ("cy", "and the rota on the wall still had my name on it for Sunday.", 0.98),
        ("cy", "That was the week the old rota finally broke for good.", 0.60),
    ]
    segments, codings = [], []
    for k, (who, text, score) in enumerate(said):
        segments.append(Segment(f"{who}.txt#{k}", f"{who}.txt", who, k * 100, k * 100 + len(text),
                                text, None, None))
        codings.append(Coding(codes=("push",), scores={c: score if c == "push" else 0.0
                                                       for c in CODES}))
    chosen = clearest("push", segments, codings)
    assert [segments[i].text for i in chosen] == [
        "I rang eleven people before seven and nobody could come in.",
        "We lost two tables because the kitchen opened an hour late.",
        "That was the week the old rota finally broke for good.",
    ]
    assert clearest("anxiety", segments, codings) == []
