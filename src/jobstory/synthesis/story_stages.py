"""The stage of a switch story a participant says they are telling, in their own words.

An interviewer who only says "Mm.", "Go on." or "And then?" leaves the participant to tell
the story in their own order, and their questions say nothing of where it has got to. The
participant says it instead, as they move on: "the first time I really thought, this can't go
on, was Easter", "So I looked.", "What sold me was the checklist", "First few weeks, it was
rough", "What changed. Well, ...". A researcher reading such an interview follows those words;
read only by its questions, the whole story would stay in the opening question's stage.

Only the opening of a turn is read (a stage is announced as a turn begins), and only where the
interviewer gave no direction (`questions.classify` decides that), so a participant who
mentions looking in the middle of their struggle does not move the story on.
"""

from __future__ import annotations

import re

from jobstory.synthesis.segment import SENTENCE_BREAK

__all__ = ["OPENING_SENTENCES", "stage_told"]

#: How much of a turn announces its stage: its first sentences.
OPENING_SENTENCES = 2

#: Each stage with the words English announces it by, latest stage first: a turn that says it
#: decided after looking ("I looked around, and what got me was ...") has got to deciding.
_STAGES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (stage, re.compile(words, re.IGNORECASE)) for stage, words in (
        ("what_changed",
         r"\bwhat(?:'s| has| had)? changed\b|\bsince (?:we|i) (?:switched|moved|changed)\b"),
        ("first_use",
         # the first weeks as when a sentence is set ("First few weeks, it was rough"), not a
         # thing of them ("I gave her the first month's check-up free")
         r"(?:^|[.!?]\s+)(?:(?:and|so|but|then|well),?\s+)?(?:(?:in|for|over)\s+)?(?:the\s+)?"
         r"first (?:few |couple of |two |three )?(?:days|weeks|fortnight|months?)\b(?!'s)|"
         r"\bsetting (?:it|things|everything) up\b|"
         r"\b(?:to get|getting) (?:into it|used to it)\b|\bit (?:settled|bedded)(?: down| in)?\b"),
        # (not "what got me": told of the struggle, that is what upset them; nor "signed up",
        # said as often of a trial of something they turned down)
        ("deciding",
         r"\bwhat (?:really |first )?(?:sold|won|drew) (?:me|us)\b|"
         r"\b(?:that|this|which)(?: was|'s| is) what tipped it\b|"
         r"\b(?:i|we) (?:took the plunge|went for it)\b"),
        # (not what they looked for among their own things: "I went looking for the order",
        # nor the reason for it: "that's the whole story of why we went looking")
        ("active_looking",
         r"(?<!\bwhy )\b(?:i|we) (?:started|began|went) (?:looking|searching|shopping around|"
         r"asking around)\b(?!\s+(?:for|through)\s+(?:the|my|our|his|her|their|that|those|"
         r"these|it|them|him)\b)|\bso (?:i|we) looked\b|"
         r"\b(?:i|we) (?:had a look|looked) (?:around|into it|at what)\b"),
        # hearing of a new way: "I first heard about it at a show", "I'd heard of it",
        # "someone mentioned it"
        ("passive_looking",
         r"\b(?:i|we)(?:'d| had)? (?:first )?(?:heard|learned|learnt) (?:about|of) "
         r"(?:it|them|(?-i:[A-Z]))|"
         r"\b(?:i|we) (?:came|stumbled) across\b|\b(?:i|we) stumbled (?:on|upon)\b|"
         r"\b(?:someone|somebody|a friend|a colleague|a mate|a neighbour)\b[^.!?]{0,40}?"
         r"\b(?:mentioned|recommended|told (?:me|us) about)\b"),
        ("first_thought",
         r"\bthe first time (?:i|we) (?:really |properly )?(?:thought|realised|realized)\b|"
         r"\b(?:where|how) (?:the|this|my|it all|it) (?:story )?(?:starts|started|began|begins)\b|"
         r"\bit (?:all )?(?:starts|started|began) with\b"),
    ))


def stage_told(turn: str) -> str | None:
    """The stage the opening of a participant's turn says the story has got to, or None."""
    opening = " ".join(SENTENCE_BREAK.split(turn.strip(), maxsplit=OPENING_SENTENCES)
                       [:OPENING_SENTENCES])
    return next((stage for stage, words in _STAGES if words.search(opening)), None)
