"""Turning what a participant typed into a structured answer, or a friendly re-ask.

Participants type "4", "four", "severe", "2, 1, 3", "yep" or an option's name in any case; all
of these must work. Anything that cannot be read becomes `Invalid` with a message that says
what would work, never an exception.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal

from jobstory.domain import Question, QuestionKind

# What a yes/no answer says, phrase by phrase. Longer phrases are read first and taken out,
# so "not sure" is doubt rather than a "not", and "why not" is a yes. "weak" words (sure,
# definitely, I think so) agree only when nothing in the answer says no: "definitely not".
_Signal = Literal["yes", "no", "weak", "unsure"]
_PHRASES: dict[_Signal, str] = {
    "unsure": "maybe | perhaps | possibly | probably | might | unsure | uncertain | not sure | "
              "not certain | no idea | do not know | dunno | idk | can not say | hard to say | "
              "can not remember | do not remember | yes and no | yes or no | kind of | kinda | "
              "sort of | sorta | more or less | somewhat | partly | partially | sometimes | "
              "not always | not necessarily | not quite | depends | not a no | not no",
    "yes": "yes | y | yeah | yea | yah | ya | yep | yup | aye | ok | okay | alright | right | "
           "correct | true | affirmative | 1 | si | sí | oui | ja | why not | no doubt | "
           "without a doubt | would not say no",
    "no": "no | n | nope | nah | naw | nay | not | never | false | incorrect | wrong | "
          "negative | 0 | non | nein",
    "weak": "sure | definitely | absolutely | certainly | surely | totally | indeed | exactly | "
            "obviously | of course | for sure | think so | guess so | believe so | suppose so | "
            "i do | i did | i have | i am | i was | i would | we do | we did | we have",
}
_SIGNALS: list[tuple[str, _Signal]] = sorted(
    ((f" {phrase.strip()} ", signal) for signal, phrases in _PHRASES.items()
     for phrase in phrases.split("|")),
    key=lambda pair: -pair[0].count(" "),
)
# The reason after "because" does not change the answer: "no, because it's not worth it".
_REASON = re.compile(r"\b(?:because|since|cause|cuz|coz|cos)\b.*", re.DOTALL)
_CONTRACTIONS = [
    (re.compile(r"\b(?:can'?t|cannot)\b"), "can not"),
    (re.compile(r"\bwon'?t\b"), "will not"),
    (re.compile(r"\b(do|does|did|is|are|was|were|have|has|had|would|could|should|need|must|ai)"
                r"n'?t\b"), r"\1 not"),
]

SKIP = frozenset({"skip", "pass", "prefer not to say", "rather not say", "n/a", "na"})
NUMBER_WORDS = {
    word: number
    for number, word in enumerate(
        "zero one two three four five six seven eight nine ten".split(), start=0
    )
}


@dataclass(frozen=True)
class Valid:
    value: Any
    display: str


@dataclass(frozen=True)
class Invalid:
    message: str


Parsed = Valid | Invalid


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().strip(".!").strip()


def is_skip(answer: Any) -> bool:
    return isinstance(answer, str) and _clean(answer).casefold() in SKIP


def hint(question: Question) -> str:
    """What a valid answer looks like, in words a participant understands.

    The options themselves are not repeated: every client shows the question's widget again.
    """
    options = question.options or []
    match question.kind:
        case QuestionKind.SCALE:
            labels = ", ".join(f"{k} = {v}" for k, v in sorted((question.labels or {}).items()))
            span = f"a whole number from {question.scale_min} to {question.scale_max}"
            return f"Please choose {span}" + (f" ({labels})." if labels else ".")
        case QuestionKind.SINGLE_CHOICE:
            return "Please pick one option by its number or name."
        case QuestionKind.MULTIPLE_CHOICE:
            return "Please pick one or more options by number or name, separated by commas."
        case QuestionKind.RANKING:
            return (
                f"Please put all {len(options)} options in order, most important first, "
                "as numbers or names separated by commas (for example 2, 1, 3)."
            )
        case QuestionKind.YES_NO:
            return "Please answer yes or no."
        case _:
            return "Please type your answer."


def _option(token: Any, options: list[str]) -> str | None:
    if isinstance(token, bool):
        return None
    if isinstance(token, int):
        return options[token - 1] if 1 <= token <= len(options) else None
    text = _clean(str(token))
    if re.fullmatch(r"\d+", text):
        return _option(int(text), options)
    folded = text.casefold()
    for option in options:
        if option.casefold() == folded:
            return option
    starts = [o for o in options if o.casefold().startswith(folded)] if len(folded) >= 3 else []
    return starts[0] if len(starts) == 1 else None


def _tokens(answer: Any, options: list[str]) -> list[Any]:
    if isinstance(answer, list):
        return answer
    if isinstance(answer, int):
        return [answer]
    text = _clean(str(answer))
    if _option(text, options) is not None:
        return [text]
    return [t for t in re.split(r"\s*(?:,|;|\band\b|>|\n)\s*", text) if t]


def _scale(answer: Any, question: Question) -> Parsed:
    low, high = question.scale_min, question.scale_max
    number: int | None = None
    if isinstance(answer, int) and not isinstance(answer, bool):
        number = answer
    elif isinstance(answer, float) and answer.is_integer():
        number = int(answer)
    elif isinstance(answer, str):
        text = _clean(answer).casefold()
        found = re.match(r"^(-?\d+)(?:\s*(?:/|out of|of)\s*\d+)?\b", text)
        if found:
            number = int(found.group(1))
        elif text in NUMBER_WORDS:
            number = NUMBER_WORDS[text]
        else:
            for point, label in (question.labels or {}).items():
                if label.casefold() == text:
                    number = point
    if number is None:
        return Invalid(f"I didn't catch a number there. {hint(question)}")
    if not low <= number <= high:
        return Invalid(f"{number} is outside the scale. {hint(question)}")
    return Valid(number, str(number))


def _yes_no(answer: Any, question: Question) -> Parsed:
    if isinstance(answer, bool):
        return Valid("yes" if answer else "no", "yes" if answer else "no")
    match read_yes_no(str(answer)):
        case "yes" | "no" as value:
            return Valid(value, value)
        case "unsure":
            return Invalid("No problem if you're not sure: type 'skip' to move on, "
                           "or answer yes or no.")
        case _:
            return Invalid(f"I couldn't tell whether that's a yes or a no. {hint(question)}")


def _yes_no_words(text: str) -> str:
    """Lower-case words between single spaces, contractions opened: " i do not think so "."""
    text = text.casefold().replace("\u2019", "'")
    text = _REASON.sub("", text)
    for contraction, opened in _CONTRACTIONS:
        text = contraction.sub(opened, text)
    text = re.sub(r"(\w)\1{2,}", r"\1", text)  # "yesss", "noooo"
    return " " + " ".join(re.findall(r"[^\W_]+", text)) + " "


def read_yes_no(text: str) -> Literal["yes", "no", "unsure"] | None:
    """"yes", "no", "unsure" for doubt, or None when the answer says neither or both."""
    words = _yes_no_words(text)
    found: set[_Signal] = set()
    for phrase, signal in _SIGNALS:
        if phrase in words:
            found.add(signal)
            words = words.replace(phrase, " | ")
    if "unsure" in found:
        return "unsure"
    if "yes" in found and "no" in found:
        return None
    if "no" in found:
        return "no"
    if found:
        return "yes"
    return None


def _choices(answer: Any, question: Question) -> Parsed:
    options = question.options or []
    picked: list[str] = []
    for token in _tokens(answer, options):
        option = _option(token, options)
        if option is None:
            return Invalid(f"I couldn't match {str(token)!r} to an option. {hint(question)}")
        if option not in picked:
            picked.append(option)
    if not picked:
        return Invalid(hint(question))
    kind = question.kind
    if kind is QuestionKind.SINGLE_CHOICE:
        if len(picked) != 1:
            return Invalid(f"Just one, please. {hint(question)}")
        return Valid(picked[0], picked[0])
    if kind is QuestionKind.RANKING:
        if len(picked) != len(options):
            missing = [o for o in options if o not in picked]
            return Invalid(f"Please include every option (missing: {', '.join(missing)}). "
                           f"{hint(question)}")
        return Valid(picked, " > ".join(picked))
    return Valid(picked, ", ".join(picked))


def parse_answer(question: Question, answer: Any) -> Parsed:
    """Read a structured answer; open questions accept any non-empty text."""
    if question.kind is QuestionKind.OPEN:
        text = answer if isinstance(answer, str) else str(answer)
        if not text.strip():
            return Invalid("Take your time — could you type an answer, or 'skip' to move on?")
        return Valid(None, text)
    if answer is None or (isinstance(answer, str) and not answer.strip()):
        return Invalid(hint(question))
    match question.kind:
        case QuestionKind.SCALE:
            return _scale(answer, question)
        case QuestionKind.YES_NO:
            return _yes_no(answer, question)
        case _:
            return _choices(answer, question)
