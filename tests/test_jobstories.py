"""Job stories from hand-built themes: what links parts, what may speak for them, what is skipped.

Fast: segments, themes and code scores are written out here, and the encoder is a small
deterministic bag of words, so each rule is checked on its own.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np

from jobstory.synthesis.jobstories import CONFIDENT, NOT_STATED, build_job_stories
from jobstory.synthesis.sources import Segment
from jobstory.synthesis.themes import Theme

DIM = 64


def encode(texts: Sequence[str]) -> np.ndarray:
    rows = np.zeros((len(texts), DIM), dtype=np.float32)
    for i, text in enumerate(texts):
        for word in text.lower().split():
            rows[i, int(hashlib.sha256(word.encode()).hexdigest(), 16) % DIM] += 1.0
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    return rows / np.where(norms > 0, norms, 1.0)


class Conversation:
    """Participants' units in order, one source per participant, with their code scores."""

    def __init__(self) -> None:
        self.segments: list[Segment] = []
        self.scores: list[dict[str, float]] = []
        self._ends: dict[str, int] = {}

    def say(self, who: str, text: str, **scores: float) -> int:
        start = self._ends.get(who, 0)
        source = f"{who}.txt"
        self.segments.append(Segment(f"{source}#{start}-{start + len(text)}", source, who,
                                     start, start + len(text), text, None, None))
        self._ends[who] = start + len(text) + 1
        self.scores.append(dict(scores))
        return len(self.segments) - 1

    def theme(self, family: str, members: Sequence[int]) -> Theme:
        centroid = encode([self.segments[i].text for i in members]).mean(axis=0)
        centroid /= np.linalg.norm(centroid)
        people = tuple(sorted({self.segments[i].participant for i in members}))
        return Theme(f"{family}-t-{members[0]}", family, tuple(members), centroid, people, (),
                     0.5, 0.9)

    def stories(self, themes: Sequence[Theme], total: int) -> list[dict]:
        return build_job_stories(themes, self.segments, self.scores, total, encode)


def test_parts_come_from_the_same_people_nearby_and_quotes_are_theirs():
    talk = Conversation()
    situations, motivations, outcomes = [], [], []
    for who in ("ana", "ben", "cy"):
        situations.append(talk.say(who, "When our accountant quit in March, the books piled up.",
                                   situation=0.9))
        motivations.append(talk.say(who, "I wanted to send invoices from my phone.",
                                    motivation=0.9))
        outcomes.append(talk.say(who, "So I can stop worrying at tax time.", outcome=0.9))
    stories = talk.stories([talk.theme("situation", situations),
                            talk.theme("motivation", motivations),
                            talk.theme("outcome", outcomes)], total=3)
    assert len(stories) == 1
    story = stories[0]
    # The situation is put in the template's tense, its one-off date dropped.
    assert story["text"] == ("When our accountant quits, I want to send invoices from my phone, "
                             "so I can stop worrying at tax time.")
    assert story["participants"] == ["ana", "ben", "cy"] and story["participant_count"] == 3
    for part in ("situation", "motivation", "outcome"):
        quotes = story[part]["quotes"]
        assert len(quotes) >= 2
        assert {q["participant"] for q in quotes} <= {"ana", "ben", "cy"}


def test_a_weakly_coded_unit_never_speaks_for_a_part():
    talk = Conversation()
    situations, reactions = [], []
    for who in ("ana", "ben"):
        situations.append(talk.say(who, "When the tax letter arrived, I had no idea where "
                                        "anything was.", situation=0.9))
        reactions.append(talk.say(who, "Embarrassing, honestly, so I can't say more.",
                                  outcome=CONFIDENT - 0.05))
    stories = talk.stories([talk.theme("situation", situations),
                            talk.theme("outcome", reactions)], total=2)
    assert stories[0]["outcome"] == {"text": None, "theme": None, "quotes": []}
    assert stories[0]["text"].endswith(f"so I can {NOT_STATED['outcome']}.")


def test_a_theme_of_bare_times_makes_no_story_but_a_described_moment_does():
    talk = Conversation()
    times = [talk.say("ana", "January, two years ago.", situation=0.9),
             talk.say("ben", "In March.", situation=0.9)]
    moments = [talk.say("ana", "The PC died on a Friday\nand every invoice was on it.",
                        situation=0.9),
               talk.say("ben", "Our bookkeeper retired and nobody knew her system.",
                        situation=0.9)]
    stories = talk.stories([talk.theme("situation", times), talk.theme("situation", moments)],
                           total=2)
    assert len(stories) == 1
    situation = stories[0]["situation"]["text"]
    assert "\n" not in situation, "a caption's line break is not part of the sentence"
    assert situation in {"the PC died on a Friday and every invoice was on it",
                         "our bookkeeper retired and nobody knew her system"}


def test_a_part_said_far_from_the_situation_is_not_linked():
    talk = Conversation()
    situations, far = [], []
    for who in ("ana", "ben"):
        situations.append(talk.say(who, "When we hired our fifth person, payroll broke.",
                                   situation=0.9))
        for filler in range(8):
            talk.say(who, f"Some background number {filler} about the shop.")
        far.append(talk.say(who, "I wanted to see who had paid.", motivation=0.95))
    stories = talk.stories([talk.theme("situation", situations),
                            talk.theme("motivation", far)], total=2)
    assert stories[0]["motivation"]["theme"] is None
    assert NOT_STATED["motivation"] in stories[0]["text"]
