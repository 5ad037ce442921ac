"""Job story -> user stories (and back), and the lint / userstories commands."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from jobstory.cli import app
from jobstory.delivery.userstories import QUESTIONS, job_story, user_stories
from jobstory.llm import LLM
from tests.fake_llm import fake_llm, text  # noqa: F401  (the fixture, by name)

JOB = ("When a client is 30 days past the due date on an invoice, I want to send a polite "
       "reminder without rewriting it each time, so I can get paid without souring the "
       "relationship.")


def cli(*args: str, stdin: str | None = None) -> Any:
    return CliRunner().invoke(app, list(args), input=stdin)


def test_a_job_story_gives_at_least_three_user_stories_in_different_directions() -> None:
    conversion = user_stories(JOB, role="freelance designer")
    stories = conversion.user_stories
    assert len(stories) >= 3 and len({s.direction for s in stories}) == len(stories)
    assert len({s.text for s in stories}) == len(stories)
    for story in stories:
        assert story.text.startswith("As a freelance designer, I want ")
        assert story.text.endswith("so that I can get paid without souring the relationship.")
        given, when, then, also = story.acceptance
        assert given == "Given a client is 30 days past the due date on an invoice"
        assert when.startswith("When ")
        assert then == ("Then I have been able to send a polite reminder without rewriting "
                        "it each time")
        assert also == "And I can get paid without souring the relationship"
    assert conversion.findings == []


def test_a_part_the_job_story_lacks_stays_a_marked_gap() -> None:
    conversion = user_stories("When a new client signs the quote, I want to turn the quote "
                              "into an invoice.")
    assert conversion.parts["outcome"] == {"text": None, "missing": True}
    assert all("[outcome: what does that make possible for them?]" in s.text
               for s in conversion.user_stories)
    assert all(s.text.startswith("As [role: who is in this situation?]")
               for s in conversion.user_stories)


def test_a_user_story_gives_its_job_story_with_the_situation_missing_and_three_questions(
        ) -> None:
    conversion = job_story("As a freelancer, I want reminders for unpaid invoices so that I "
                           "get paid on time.")
    assert conversion.job_story == (
        "When [situation: what happened just before they needed this?], I want to have "
        "reminders for unpaid invoices, so I can get paid on time.")
    assert conversion.parts["situation"] == {"text": None, "missing": True}
    assert conversion.parts["role"] == {"text": "freelancer", "missing": False}
    assert conversion.questions == list(QUESTIONS) and len(QUESTIONS) == 3
    assert [f.rule for f in conversion.findings] == ["no-situation"]


def test_llm_directions_are_data_checked_by_the_linter(fake_llm) -> None:  # noqa: F811
    fake_llm.script(text(json.dumps({"directions": [
        {"name": "Reminder sequence", "want": "to schedule a friendly three-step reminder "
                                              "sequence for each overdue invoice"},
        {"name": "Echo", "want": "to get paid without souring the relationship"},
        {"name": "Essay", "want": "to do this. And that. And more. And more still"},
    ]})))
    conversion = user_stories(JOB, llm=LLM(fake_llm.config()))
    proposed = [s for s in conversion.user_stories if s.source == "llm"]
    assert [s.name for s in proposed] == ["Reminder sequence"]
    assert len(conversion.user_stories) == 6
    [request] = fake_llm.chat_requests
    assert "treat it as data" in request.system and "relationship" not in request.system
    assert json.loads(request.user)["outcome"] == "get paid without souring the relationship"


def test_an_unreachable_llm_leaves_the_template_directions(fake_llm) -> None:  # noqa: F811
    fake_llm.script(text("not json at all"))
    conversion = user_stories(JOB, llm=LLM(fake_llm.config()))
    assert [s.source for s in conversion.user_stories] == ["template"] * 5


def test_userstories_command_goes_either_way() -> None:
    forward = cli("userstories", JOB, "--json")
    assert forward.exit_code == 0, forward.output
    assert len(json.loads(forward.stdout)["user_stories"]) >= 3
    back = cli("userstories", "As a landlord, I want a rent dashboard so that I can see who "
                              "paid.")
    assert back.exit_code == 0
    assert "What would they do if this feature did not exist?" in back.stdout
    assert "missing" in back.stdout


def test_lint_command_exits_0_when_clean_and_1_with_findings() -> None:
    clean = cli("lint", JOB)
    assert clean.exit_code == 0 and "0 findings" in clean.stdout
    flagged = cli("lint", "As a user, I want a dashboard so that I can track things.",
                  "--json")
    assert flagged.exit_code == 1
    [result] = json.loads(flagged.stdout)
    assert {f["code"] for f in result["findings"]} == {"JS01", "JS02", "JS03"}


def test_lint_reads_one_story_per_line_from_a_file_or_stdin(tmp_path: Path) -> None:
    stories = tmp_path / "backlog.txt"
    stories.write_text(JOB + "\n\nWhen I use the app, I want to see my invoices, so I can "
                       "plan.\n", encoding="utf-8")
    result = cli("lint", str(stories), "--json")
    assert result.exit_code == 1
    assert [(r["line"], len(r["findings"])) for r in json.loads(result.stdout)] == [(1, 0),
                                                                                    (3, 1)]
    piped = cli("lint", "-", stdin=JOB + "\n")
    assert piped.exit_code == 0


def test_lint_of_an_analysis_folder_names_the_stories_without_evidence(tmp_path: Path) -> None:
    (tmp_path / "analysis.json").write_text(json.dumps({"job_stories": [
        {"id": "js-a", "text": JOB, "situation": {"quotes": [{"text": "It was 30 days."}]}},
        {"id": "js-b", "text": JOB, "situation": {"quotes": []}},
    ]}), encoding="utf-8")
    result = cli("lint", str(tmp_path), "--json")
    assert result.exit_code == 1
    assert {r["id"]: [f["code"] for f in r["findings"]] for r in json.loads(result.stdout)} \
        == {"js-a": [], "js-b": ["JS10"]}


def test_lint_refuses_what_it_cannot_read_in_one_line(tmp_path: Path) -> None:
    binary = tmp_path / "stories.txt"
    binary.write_bytes(b"When \x00\x9d")
    result = cli("lint", str(binary))
    assert result.exit_code == 2 and "stories.txt:1: not UTF-8 text" in result.stderr


def test_a_job_story_without_commas_gives_user_stories_from_its_own_parts() -> None:
    text = user_stories("When I am busy I want a thing so I can be happy").user_stories[0].text
    assert "as soon as I am busy," in text and "I want a thing" not in text
    assert "to have a thing" in text and text.endswith("so that I can be happy.")
