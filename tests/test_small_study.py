"""Small studies (examples/small_study and small_study_five, illustrative), analysed in-process
with the real embedder. Of four, three people whose supplier orders went astray share one
situation, told in different words, and the fourth, whose backups failed, is not stitched into
their story by words that recur by chance ("night", "morning"). Of five, two pairs are found
and the fifth is left alone, however short everyone's answers."""

from __future__ import annotations

from pathlib import Path

import pytest

from jobstory.synthesis.embed import make_embedder
from jobstory.synthesis.pipeline import analyse, read_inputs

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
SHARED = ["Ines", "Priya", "Tom"]


def analysed(study: str) -> dict:
    folder = EXAMPLES / study / "transcripts"
    return analyse(read_inputs([folder]), paths=[folder.name],
                   embedder=make_embedder("minilm-int8"))


@pytest.fixture(scope="module")
def analysis() -> dict:
    return analysed("small_study")


def test_three_people_who_told_the_same_moment_in_other_words_share_one_story(analysis):
    shared = [s for s in analysis["job_stories"] if s["participant_count"] > 1]
    assert [s["participants"] for s in shared] == [SHARED]
    story = shared[0]
    quoted = {q["participant"] for part in ("situation", "motivation", "outcome")
              for q in story[part]["quotes"]}
    assert quoted <= set(SHARED)
    assert "supplier" in story["text"] or "order" in story["text"]


def test_someone_whose_moment_nobody_shares_is_in_no_one_elses_story(analysis):
    for story in analysis["job_stories"]:
        if "Dev" in story["participants"]:
            assert story["participants"] == ["Dev"]
            assert "baking" not in story["text"] and "order" not in story["text"]


def test_what_someone_wanted_when_asked_is_read_as_what_drew_them(analysis):
    dev = [s for s in analysis["segments"] if s["participant"] == "Dev"]
    wanted = next(s for s in dev if s["text"].startswith("I wanted backups"))
    assert wanted["phase"] == "deciding" and "pull" in wanted["codes"]


def test_in_a_study_of_five_two_pairs_share_a_story_each_and_the_fifth_none():
    analysis = analysed("small_study_five")
    groups = sorted(s["participants"] for s in analysis["job_stories"])
    assert groups == [["Amara", "Ben"], ["Chloe", "Dan"]]
    for story in analysis["job_stories"]:
        quoted = {q["participant"] for part in ("situation", "motivation", "outcome")
                  for q in story[part]["quotes"]}
        assert quoted <= set(story["participants"])
