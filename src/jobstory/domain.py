"""The vocabulary every subsystem shares.

Pure data: no I/O, no database, no network. Interview, synthesis, delivery and learning
all speak in these types, so each can change its machinery without the others noticing.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Any, Literal

from pydantic import (BaseModel, ConfigDict, Field, ValidationInfo, field_validator,
                      model_validator)
from pydantic_core import PydanticKnownError


class QuestionKind(StrEnum):
    OPEN = "open"
    SCALE = "scale"
    SINGLE_CHOICE = "single_choice"
    MULTIPLE_CHOICE = "multiple_choice"
    RANKING = "ranking"
    YES_NO = "yes_no"


CHOICE_KINDS = frozenset(
    {QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE, QuestionKind.RANKING}
)
# A scale's ends stay far inside the integers a browser counts exactly (2**53): past that,
# the participant page's `n += 1` loop over the scale never ends.
SCALE_LIMIT = 1000
SCALE_POINTS = 101  # at most this many points from min to max, ends included
MAX_QUESTIONS = 200  # longer than any interview a participant will finish
# The caps above bound what comes in (upload, API, editor, `guides check`). A guide read back
# from the store was accepted when it was stored, perhaps before a cap existed, and must
# always load: `Guide.from_store` validates with the context {"stored": True}, and the cap
# checks below skip a stored guide.


def _stored(info: ValidationInfo) -> bool:
    return bool(info.context and info.context.get("stored"))


class Question(BaseModel):
    """One question of a guide.

    `phase` and `force` tie a question to the JTBD timeline and the forces of progress, so
    synthesis can use the question as context when it codes the answer.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")
    kind: QuestionKind
    text: str = Field(min_length=1, max_length=2000)
    probe: bool | None = None
    options: list[str] | None = None
    min: int | None = None  # within ±SCALE_LIMIT, see `_scale_end`
    max: int | None = None
    labels: dict[int, str] | None = None
    phase: str | None = None
    force: Literal["push", "pull", "anxiety", "habit"] | None = None
    help: str | None = None

    @field_validator("options")
    @classmethod
    def _options_distinct(cls, options: list[str] | None) -> list[str] | None:
        if options is None:
            return None
        cleaned = [o.strip() for o in options]
        if any(not o for o in cleaned):
            raise ValueError("options must not be empty strings")
        lowered = [o.casefold() for o in cleaned]
        if len(set(lowered)) != len(lowered):
            raise ValueError("options must be distinct")
        return cleaned

    @field_validator("min", "max")
    @classmethod
    def _scale_end(cls, value: int | None, info: ValidationInfo) -> int | None:
        if value is None or _stored(info):
            return value
        if value < -SCALE_LIMIT:
            raise PydanticKnownError("greater_than_equal", {"ge": -SCALE_LIMIT})
        if value > SCALE_LIMIT:
            raise PydanticKnownError("less_than_equal", {"le": SCALE_LIMIT})
        return value

    @model_validator(mode="after")
    def _fits_kind(self, info: ValidationInfo) -> Question:
        kind = self.kind
        if kind in CHOICE_KINDS:
            if not self.options or len(self.options) < 2:
                raise ValueError(f"a {kind.value} question needs at least 2 options")
        elif self.options is not None:
            raise ValueError(f"a {kind.value} question takes no options")
        if kind is QuestionKind.SCALE:
            low = 1 if self.min is None else self.min
            high = 5 if self.max is None else self.max
            if high <= low:
                raise ValueError("scale max must be greater than min")
            if high - low > SCALE_POINTS - 1 and not _stored(info):
                raise ValueError(f"scale range must span at most {SCALE_POINTS - 1} points")
            for point in self.labels or {}:
                if not low <= point <= high:
                    raise ValueError(f"label {point} is outside the scale {low}..{high}")
        elif self.min is not None or self.max is not None or self.labels is not None:
            raise ValueError(f"min, max and labels are only for scale questions, not {kind.value}")
        return self

    @property
    def scale_min(self) -> int:
        return 1 if self.min is None else self.min

    @property
    def scale_max(self) -> int:
        return 5 if self.max is None else self.max

    @property
    def probes(self) -> bool:
        """Open questions probe unless told not to; structured ones only when asked."""
        if self.probe is None:
            return self.kind is QuestionKind.OPEN
        return self.probe


class Guide(BaseModel):
    """An interview guide: the questions a moderator asks, in order."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$")
    title: str = Field(min_length=1, max_length=300)
    description: str | None = None
    intro: str | None = None
    closing: str | None = None
    max_probes: int = Field(default=2, ge=0, le=3)
    questions: list[Question] = Field(min_length=1)  # at most MAX_QUESTIONS, see below

    @classmethod
    def from_store(cls, data: Any) -> Guide:
        """A guide read back from the store (a study's, or an interview's snapshot).

        It was accepted when it was stored, so the caps on what comes in (question count,
        scale ends and span) are not applied again: a guide stored before a cap existed still
        loads. Everything else is validated as usual."""
        return cls.model_validate(data, context={"stored": True})

    @field_validator("questions", mode="before")
    @classmethod
    def _at_most_max_questions(cls, value: Any, info: ValidationInfo) -> Any:
        """Checked before the questions themselves, so a huge list costs nothing."""
        if isinstance(value, list) and len(value) > MAX_QUESTIONS and not _stored(info):
            raise PydanticKnownError("too_long", {"field_type": "List",
                                                  "max_length": MAX_QUESTIONS,
                                                  "actual_length": len(value)})
        return value

    @model_validator(mode="after")
    def _unique_ids(self) -> Guide:
        seen: set[str] = set()
        for question in self.questions:
            if question.id in seen:
                raise ValueError(f"question id {question.id!r} is used twice")
            seen.add(question.id)
        return self

    def question(self, question_id: str) -> Question:
        for question in self.questions:
            if question.id == question_id:
                return question
        raise KeyError(question_id)


class Participant(BaseModel):
    """Someone who is interviewed. `fields` are custom columns usable in question text."""

    name: str | None = None
    email: str | None = None
    external_id: str | None = None
    fields: dict[str, str] = Field(default_factory=dict)

    def values(self) -> dict[str, str]:
        values = dict(self.fields)
        for key in ("name", "email", "external_id"):
            value = getattr(self, key)
            if value:
                values[key] = value
        return values


Role = Literal["moderator", "participant"]
TurnKind = Literal["question", "probe", "reask", "answer", "closing"]
AnswerValue = str | int | list[str] | None


class Turn(BaseModel):
    """One utterance in an interview, in order. `value` holds a structured answer's parsed value.

    `seq` is the turn's 1-based position once stored; a turn not yet stored has none.
    """

    seq: int | None = None
    role: Role
    kind: TurnKind
    question_id: str | None = None
    text: str
    value: Any = None
    meta: dict[str, Any] = Field(default_factory=dict)


class Interview(BaseModel):
    id: int
    guide: Guide
    participant: Participant
    status: Literal["started", "completed"]
    turns: list[Turn]


_FIELD = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)(?:\|([^{}]*))?\}")


def render_text(template: str, values: dict[str, str]) -> str:
    """Fill `{field}` or `{field|fallback}` from participant values.

    A missing field never crashes an interview: it becomes its fallback, or disappears and
    the sentence is tidied ("Hi {name}, ..." -> "Hi, ..."; "thank you, {name|}!" -> "thank
    you!", never a comma left hanging before the end mark). Only plain names are looked up,
    so participant data cannot reach attributes the way `str.format` would allow.
    """

    def fill(match: re.Match[str]) -> str:
        value = values.get(match.group(1), "").strip()
        return value or (match.group(2) or "")

    text = _FIELD.sub(fill, template)
    text = re.sub(r"[ \t]{2,}", " ", text)
    text = re.sub(r"\s+([,.!?;:])", r"\1", text)
    text = re.sub(r",+([.!?;:])", r"\1", text)
    return text.strip()
