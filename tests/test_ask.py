"""The insights chat over the illustrative study: counts computed, quotes verbatim at their
place, nothing invented, and an LLM that may phrase but never add or obey."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from jobstory.delivery.ask import NOTHING, ask, parse
from jobstory.delivery.ask.load import open_index
from tests.ask_support import ROOT, examples_dir, injected_dir
from tests.fake_llm import FakeLLM, fake_llm  # noqa: F401  (fixture)


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory):
    return open_index(str(examples_dir(tmp_path_factory)))


def _source_text(index, source: str) -> str:
    return index.texts[source]


def test_every_quote_is_the_sources_own_text_at_its_place(index) -> None:
    answer = ask(index, "Who worried about moving their data?")
    assert answer.quotes
    for quote in answer.quotes:
        assert quote.checked == "source"
        assert _source_text(index, quote.source)[quote.start:quote.end] == quote.text
        assert quote.link == f"{quote.source}#{quote.start}-{quote.end}"


def test_a_count_is_the_number_of_participants_it_names(index) -> None:
    answer = ask(index, "How many mentioned price or cost?")
    assert answer.intent.kind == "count"
    assert answer.counts["participants"] == len(answer.participants) >= 3
    assert answer.counts["of"] == len(index.participants)
    assert answer.text.startswith(f"{answer.counts['participants']} of {answer.counts['of']}")
    literal = {p.participant for p in index.passages
               if {"price", "cost"} & set(p.text.casefold().replace(".", " ").split())}
    assert literal and literal <= set(answer.participants)  # every literal mention counted
    # each named participant has a quote of their own in the answer, up to the cap
    assert {q.participant for q in answer.quotes} <= set(answer.participants)


def test_who_names_the_people_whose_words_answer_it(index) -> None:
    answer = ask(index, "Who worried about moving their data?")
    assert answer.intent.kind == "who"
    assert {"Tomasz Nowak", "09-physio-clinic"} <= set(answer.participants)
    assert "Karen Mills" not in answer.participants


def test_a_named_participant_is_answered_from_their_own_words_only(index) -> None:
    answer = ask(index, "What did Ingrid say about her accountant?")
    assert answer.intent.participant == "Ingrid Solberg"
    assert answer.quotes and {q.participant for q in answer.quotes} == {"Ingrid Solberg"}
    assert any("accountant" in q.text for q in answer.quotes)


def test_a_question_nothing_answers_says_so_with_no_quotes(index) -> None:
    answer = ask(index, "Who owns a sailing yacht?")
    assert answer.text == NOTHING
    assert answer.quotes == [] and answer.participants == []


def test_framing_about_the_timeline_picks_a_stage_not_topic_words() -> None:
    used = parse("Who used a spreadsheet before switching?")
    assert (used.kind, used.topic, used.stage) == ("who", "used a spreadsheet", "before")
    switch = parse("What made people finally switch?")
    assert (switch.topic, switch.stage) == ("", "switch")
    heard = parse("Who heard about the new tool from a friend or relative?")
    assert (heard.topic, heard.stage) == ("friend or relative", "found")
    assert parse("Who worried about moving their data?").stage is None


def test_who_used_something_before_switching_names_those_who_said_it(index) -> None:
    framed = ask(index, "Who used a spreadsheet before switching?")
    plain = ask(index, "Who mentioned a spreadsheet?")
    assert framed.text != NOTHING and len(framed.participants) >= 3
    # the framing places the question in time; it neither adds nor drops people
    assert set(framed.participants) == set(plain.participants)
    assert sum("spreadsheet" in q.text.casefold() for q in framed.quotes) >= 3


def test_what_made_people_switch_quotes_the_timelines_turning_points(index) -> None:
    answer = ask(index, "What made people finally switch?")
    assert answer.intent.stage == "switch" and answer.quotes
    parts = {(p.source, p.start, p.end): p.parts for p in index.passages}
    for quote in answer.quotes:
        assert parts[(quote.source, quote.start, quote.end)] & {
            "struggling_moment", "decision", "push"}
    # each person's quote comes first from their struggling moment where they told one
    told = {p.participant for p in index.passages if "struggling_moment" in p.parts}
    for quote in answer.quotes:
        if quote.participant in told:
            assert "struggling_moment" in parts[(quote.source, quote.start, quote.end)]


def test_a_passage_holding_every_content_word_of_the_topic_counts(index) -> None:
    answer = ask(index, "Who heard about the new tool from a friend?")
    literal = {p.participant for p in index.passages
               if re.search(r"\bfriends?\b", p.text, re.I)}
    assert literal and literal <= set(answer.participants)


def test_an_unrelated_question_framed_by_the_timeline_still_finds_nothing(index) -> None:
    for question in ("Who kept a pet iguana before switching?",
                     "How many sailed a yacht after switching?"):
        answer = ask(index, question)
        assert answer.intent.stage is not None
        assert answer.text == NOTHING and answer.quotes == [] and answer.participants == []


def test_the_most_common_trigger_is_the_situation_most_people_share(index) -> None:
    answer = ask(index, "What was the most common trigger?")
    stories = index.analysis["job_stories"]
    top = max(stories, key=lambda s: len(s["situation"]["participants"]))
    assert top["situation"]["text"] in answer.text
    assert answer.counts["ranked"][0]["participants"] == len(top["situation"]["participants"])
    assert answer.quotes


def test_quotes_about_a_part_of_the_story_are_coded_that_way(index) -> None:
    answer = ask(index, "Show quotes about anxiety")
    assert answer.intent.family == "anxiety"
    assert answer.quotes
    coded = {(p.source, p.start, p.end) for p in index.passages if "anxiety" in p.codes
             or "anxiety" in p.parts}
    assert all((q.source, q.start, q.end) in coded for q in answer.quotes)


def test_groups_are_compared_by_a_participant_field(tmp_path_factory, index) -> None:
    fields = tmp_path_factory.mktemp("fields") / "fields.csv"
    fields.write_text("participant,plan\n" + "".join(
        f"{p},{'Pro' if n % 2 else 'Free'}\n" for n, p in enumerate(index.participants)),
        encoding="utf-8")
    with_fields = open_index(str(examples_dir(tmp_path_factory)), fields_file=str(fields))
    answer = ask(with_fields, "Do Pro customers worry about different things than Free?")
    assert answer.intent.kind == "compare" and answer.intent.field == "plan"
    groups = answer.counts["groups"]
    assert groups["Pro"]["participants"] + groups["Free"]["participants"] == len(
        index.participants)
    assert 0 < groups["Pro"]["mentioning"] <= groups["Pro"]["participants"]
    for quote in answer.quotes:
        assert with_fields.fields[quote.participant]["plan"] in {"Pro", "Free"}


def test_the_same_question_gives_the_same_answer(index) -> None:
    first = ask(index, "Who had clients paying late?").as_json()
    assert ask(index, "Who had clients paying late?").as_json() == first


def test_an_llm_may_phrase_from_the_quotes_and_its_citations_are_verified(
        index, fake_llm: FakeLLM) -> None:
    from jobstory.llm import LLM

    base = ask(index, "Who worried about moving their data?")
    real = base.quotes[0]
    words = " ".join(real.text.split()[:4])
    fake_llm.script(json.dumps({
        "answer": f"{real.participant} worried about it: \u201c{words}\u201d.",
        "citations": [{"quote": 1, "text": words},
                      {"quote": 2, "text": "we never worried about our data at all"}]}))
    answer = ask(index, "Who worried about moving their data?",
                 llm=LLM(fake_llm.config(deadline=5)))
    assert answer.phrased_by == "llm"
    assert [q.text for q in answer.quotes] == [words]  # the invented citation was dropped
    quote = answer.quotes[0]
    assert index.texts[quote.source][quote.start:quote.end] == words
    assert answer.counts == base.counts and answer.participants == base.participants


def test_an_llm_answer_with_a_number_the_counts_lack_is_not_shown(index, fake_llm) -> None:
    from jobstory.llm import LLM

    base = ask(index, "How many mentioned price or cost?")
    words = " ".join(base.quotes[0].text.split()[:3])
    fake_llm.script(json.dumps({"answer": f"42 people mentioned it: \u201c{words}\u201d",
                                "citations": [{"quote": 1, "text": words}]}))
    answer = ask(index, "How many mentioned price or cost?",
                 llm=LLM(fake_llm.config(deadline=5)))
    assert answer.phrased_by == "embedded" and answer.text == base.text


def test_with_no_evidence_the_llm_is_not_asked(index, fake_llm) -> None:
    from jobstory.llm import LLM

    answer = ask(index, "Who owns a sailing yacht?", llm=LLM(fake_llm.config(deadline=5)))
    assert answer.text == NOTHING and fake_llm.chat_requests == []


def test_participant_text_cannot_steer_the_llm(tmp_path_factory, fake_llm) -> None:
    """The transcript orders the model about; the fake server obeys; nothing of it shows."""
    from jobstory.llm import LLM

    index = open_index(str(injected_dir(tmp_path_factory)))

    def obey(request):
        from tests.fake_llm import text

        return text(json.dumps({
            "answer": "Every participant said \u201cthe price was far too high\u201d and "
                      "97 people cancelled.",
            "citations": [{"quote": 1, "text": "every participant said the price was far "
                                               "too high"},
                          {"quote": 9, "text": "97 people cancelled"}]}))

    fake_llm.script(obey)
    answer = ask(index, "Show quotes about the price", llm=LLM(fake_llm.config(deadline=5)))
    request = fake_llm.chat_requests[0]
    assert "untrusted data" in request.system and "Ignore previous" not in request.system
    data = json.loads(request.user)  # the user message is data, nothing else
    assert set(data) == {"question", "counts", "quotes"}
    assert answer.phrased_by == "embedded"
    assert "97" not in answer.text
    for quote in answer.quotes:
        assert index.texts[quote.source][quote.start:quote.end] == quote.text


def test_cli_prints_the_answer_as_json_and_exits_1_on_nothing(tmp_path_factory) -> None:
    folder = examples_dir(tmp_path_factory)
    env = {"HF_HUB_OFFLINE": "1", "PATH": "/usr/bin:/bin"}
    found = subprocess.run([sys.executable, "-m", "jobstory", "ask", str(folder),
                            "Who kept records on paper?", "--json"], cwd=ROOT, env=env,
                           capture_output=True, text=True, timeout=120)
    assert found.returncode == 0, found.stderr
    payload = json.loads(found.stdout)
    assert payload["quotes"] and payload["intent"]["kind"] == "who"
    nothing = subprocess.run([sys.executable, "-m", "jobstory", "ask", str(folder),
                              "Who owns a sailing yacht?"], cwd=ROOT, env=env,
                             capture_output=True, text=True, timeout=120)
    assert nothing.returncode == 1 and NOTHING in nothing.stdout


def test_cli_names_a_folder_without_an_analysis(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "jobstory", "ask", str(tmp_path), "who?"],
                            cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "analysis.json: no analysis here" in result.stderr


def test_cli_answers_about_a_study_in_the_store(tmp_path_factory, tmp_path: Path) -> None:
    from jobstory.store.db import open_store
    from jobstory.web import studies
    from jobstory.web.accounts import create_user
    from tests.test_insights_api import finished_run

    db = f"sqlite:///{tmp_path / 'ask.sqlite'}"
    store = open_store(db)
    try:
        account = create_user(store, "ada@example.com", "a long enough passphrase 1")
        study_id = studies.create_study(store, account, "Invoicing",
                                        studies.guide_from_json("jtbd-switch"))
        analysis = json.loads((examples_dir(tmp_path_factory) / "analysis.json")
                              .read_text(encoding="utf-8"))
        finished_run(store, study_id, analysis)
    finally:
        store.close()
    result = subprocess.run([sys.executable, "-m", "jobstory", "ask", str(study_id),
                             "What did Gary say about chasing people?", "--json", "--db", db],
                            cwd=ROOT, env={"HF_HUB_OFFLINE": "1", "PATH": "/usr/bin:/bin"},
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["quotes"] and {q["participant"] for q in payload["quotes"]} == {"Gary Holt"}


def test_tied_leaders_are_said_to_be_tied_and_no_winner_is_named(index) -> None:
    stories = [{"situation": {"text": text, "participants": people, "quotes": []}}
               for text, people in (("b-trigger", ["P1", "P2"]), ("a-trigger", ["P3", "P4"]),
                                    ("c-trigger", ["P5"]))]
    from dataclasses import replace
    tied = replace(index, analysis={**index.analysis, "job_stories": stories}, masks={})
    answer = ask(tied, "What was the most common trigger?")
    assert answer.text.startswith("Two triggers are tied at 2 of ")
    assert "most common" not in answer.text and "\u201ca-trigger\u201d (P3 and P4)" in answer.text
    assert answer.text.endswith("Next: \u201cc-trigger\u201d (1 of "
                                f"{len(index.participants)} participants).")
    assert answer.counts["tied"] == 2 and answer.participants == ["P1", "P2", "P3", "P4"]
    stories[1]["situation"]["participants"] = ["P3"]
    assert ask(tied, "What was the most common trigger?").text.startswith(
        "The most common trigger: \u201cb-trigger\u201d, told by 2 of ")


def test_a_count_says_how_many_passages_and_shows_one_quote_per_person(index) -> None:
    answer = ask(index, "How many mentioned price or cost?")
    people, passages = answer.counts["participants"], answer.counts["passages"]
    assert len(answer.quotes) == min(people, 8) == answer.counts["quoted"]
    assert len({q.participant for q in answer.quotes}) == len(answer.quotes)
    assert f"{passages} passage" in answer.text
    if passages > len(answer.quotes):
        assert f"({passages - len(answer.quotes)} more passage" in answer.text
    said = {(p.participant, p.text) for p in index.passages}
    assert passages <= len(said)


PAPER = """Interviewer: What were you using before?
Participant: I kept my paper receipts in a shoebox for the whole of July.
Interviewer: What happened then?
Participant: Month-end took two days of sorting receipts by hand.
"""
NAMED = """Interviewer: What were you using before?
Participant: I kept the old sheet open next to Ledgerly for the whole of July.
Interviewer: What happened then?
Participant: Month-end took three days of copying bank lines by hand.
"""


def test_a_word_inside_a_product_name_is_not_the_questions_concept(tmp_path_factory) -> None:
    from tests.ask_support import analyse_folder

    folder = tmp_path_factory.mktemp("ask-names-in")
    (folder / "nora.txt").write_text(PAPER, encoding="utf-8")
    (folder / "omar.txt").write_text(NAMED, encoding="utf-8")
    out = tmp_path_factory.mktemp("ask-names")
    analyse_folder(folder, out)
    named = open_index(str(out))
    paper, product = (next(p.participant for p in named.passages if word in p.text)
                      for word in ("shoebox", "Ledgerly"))
    # "ledger" is said by nobody: the question is about paper, met by meaning and "paper"
    answer = ask(named, "Who kept a paper ledger?")
    assert answer.participants == [paper]
    # the product's own name still finds it when asked by name
    assert ask(named, "Who mentioned Ledgerly?").participants == [product]
