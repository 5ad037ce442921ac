"""A study of four interviews (examples/small_study, illustrative), analysed in-process with
the real embedder: three people whose supplier orders went astray share one situation, told
in different words, and the fourth, whose backups failed, is not stitched into their story
by words that recur by chance ("night", "morning")."""

from __future__ import annotations

from pathlib import Path

import pytest

from jobstory.synthesis.embed import make_embedder
from jobstory.synthesis.pipeline import analyse, read_inputs

STUDY = Path(__file__).resolve().parents[1] / "examples" / "small_study" / "transcripts"
SHARED = ["Ines", "Priya", "Tom"]


@pytest.fixture(scope="module")
def analysis() -> dict:
    return analyse(read_inputs([STUDY]), paths=[STUDY.name],
                   embedder=make_embedder("minilm-int8"))


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
