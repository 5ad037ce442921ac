"""Study design: create a study from a built-in or uploaded guide, then edit its questions.

The question order is the order of `studies.guide["questions"]`. Every edit is validated by
the pydantic models in `jobstory.domain`, and problems are reported against the form field a
researcher has to change (`options`, `max`, `labels`, ...), never as a pydantic dump.
Interviews snapshot the guide when they start, so editing a study never rewrites a transcript.
Titles and guides with characters the store cannot keep raise `UnsafeText` before anything is
written: a guide's texts end up in every interview's turns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from jobstory.domain import CHOICE_KINDS, MAX_QUESTIONS, Guide, Question, QuestionKind
from jobstory.guides import MAX_GUIDE_BYTES, GuideError, builtin_names, load_guide, parse_guide
from jobstory.store.db import Store
from jobstory.store.tables import Study
from jobstory.untrusted import check_text, check_tree
from jobstory.web.accounts import Account, now

KIND_LABELS = {
    QuestionKind.OPEN: "Open answer",
    QuestionKind.SCALE: "Scale",
    QuestionKind.SINGLE_CHOICE: "Single choice",
    QuestionKind.MULTIPLE_CHOICE: "Multiple choice",
    QuestionKind.RANKING: "Ranking",
    QuestionKind.YES_NO: "Yes / no",
}
_LABEL_LINE = re.compile(r"^\s*(-?\d+)\s*[:=]\s*(.*?)\s*$")
PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)(?:\|[^{}]*)?\}")


class StudyNotFound(Exception):
    """No such study in this workspace (which is the same thing, as far as anyone may know)."""


class FormErrors(Exception):
    """Problems with a submitted form, keyed by the field they belong next to."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


@dataclass(frozen=True)
class BuiltinGuide:
    name: str
    title: str
    display_title: str
    description: str
    questions: int


def builtin_catalogue() -> list[BuiltinGuide]:
    guides = []
    for name in builtin_names():
        guide = load_guide(name)
        guides.append(BuiltinGuide(name=name, title=guide.title,
                                   display_title=default_title(guide),
                                   description=guide.description or "",
                                   questions=len(guide.questions)))
    return guides


def guide_from_upload(data: bytes, filename: str = "upload") -> Guide:
    """A researcher's YAML guide, with line-numbered problems if it is not usable.

    The size limit is the guide parser's own, so an upload and `jobstory guides check` accept
    the same files."""
    origin = filename or "upload"
    if len(data) > MAX_GUIDE_BYTES:
        raise GuideError([f"{origin}:1: the guide is larger than {MAX_GUIDE_BYTES // 1024} KiB"])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise GuideError([f"{origin}:{line}: the file is not UTF-8 text"]) from None
    if not text.strip():
        raise GuideError([f"{origin}:1: the file is empty"])
    return parse_guide(text, origin)


def guide_from_json(value: Any) -> Guide:
    """A built-in guide's name, or a guide object (as in the YAML, but JSON)."""
    if isinstance(value, str):
        if value not in builtin_names():
            raise GuideError([f"guide: no built-in guide {value!r} "
                              f"(choose from {', '.join(builtin_names())})"])
        return load_guide(value)
    if isinstance(value, dict):
        try:
            return Guide.model_validate(value)
        except ValidationError as error:
            raise GuideError([_describe(item) for item in error.errors()]) from None
    raise GuideError(["guide: give a built-in guide's name or a guide object"])


def _describe(item: Any) -> str:
    where = "guide"
    for part in item["loc"]:
        where += f"[{part}]" if isinstance(part, int) else f".{part}"
    return f"{where}: {item['msg'].removeprefix('Value error, ')}"


def default_title(guide: Guide) -> str:
    """The guide's title without its `{field|fallback}` placeholders."""
    title = PLACEHOLDER.sub(lambda m: m.group(0).split("|", 1)[1][:-1]
                             if "|" in m.group(0) else "", guide.title)
    return re.sub(r"\s{2,}", " ", title).strip() or guide.name


def dump_guide(guide: Guide) -> dict[str, Any]:
    return guide.model_dump(mode="json", exclude_none=True)


def study_guide(study: Study) -> Guide:
    return Guide.from_store(study.guide)


def create_study(store: Store, account: Account, title: str, guide: Guide, *,
                 participant_title: str | None = None) -> int:
    """A new study; `participant_title` (see `titles`) must come cleaned, None for the guide's."""
    title = title.strip() or default_title(guide)
    if len(title) > 300:
        raise FormErrors({"title": "Keep the title under 300 characters."})
    check_text(title, "title")
    dumped = dump_guide(guide)
    check_tree(dumped, "guide")
    with store.session() as session:
        study = Study(workspace_id=account.workspace_id, title=title, guide=dumped,
                      participant_title=participant_title, created_at=now())
        session.add(study)
        session.flush()
        return study.id


def load_study(session: Session, account: Account, study_id: int) -> Study:
    """The study if it belongs to the account's workspace; otherwise StudyNotFound."""
    study = session.get(Study, study_id)
    if study is None or study.workspace_id != account.workspace_id:
        raise StudyNotFound(study_id)
    return study


def get_study(store: Store, account: Account, study_id: int) -> Study:
    with store.read() as session:
        return load_study(session, account, study_id)


def list_studies(store: Store, account: Account, *, archived: bool = False) -> list[Study]:
    """The workspace's studies, newest first: the current ones, or with `archived` those."""
    kept = Study.archived_at.is_not(None) if archived else Study.archived_at.is_(None)
    with store.read() as session:
        return list(session.scalars(
            select(Study).where(Study.workspace_id == account.workspace_id, kept)
            .order_by(Study.created_at.desc(), Study.id.desc())
        ))


def save_guide(store: Store, account: Account, study_id: int, guide: Guide) -> None:
    dumped = dump_guide(guide)
    check_tree(dumped, "guide")
    with store.session() as session:
        study = load_study(session, account, study_id)
        study.guide = dumped


def rename_study(store: Store, account: Account, study_id: int, title: str) -> None:
    title = title.strip()
    if not title:
        raise FormErrors({"title": "Give the study a title."})
    if len(title) > 300:
        raise FormErrors({"title": "Keep the title under 300 characters."})
    check_text(title, "title")
    with store.session() as session:
        load_study(session, account, study_id).title = title


def placeholders(guide: Guide) -> list[str]:
    """The participant fields the guide's texts use, e.g. ['name', 'product']."""
    found: dict[str, None] = {}
    texts = [guide.title, guide.intro or "", guide.closing or ""]
    texts += [q.text for q in guide.questions]
    for text in texts:
        for match in PLACEHOLDER.finditer(text):
            found.setdefault(match.group(1), None)
    return list(found)


# --- the question form -------------------------------------------------------------------


@dataclass
class QuestionForm:
    """What the editor submits, as typed; `values()` gives it back to re-fill the form."""

    kind: str = QuestionKind.OPEN.value
    text: str = ""
    options: str = ""
    min: str = ""
    max: str = ""
    labels: str = ""
    probe: bool = True  # a new question is open, and open questions probe by default
    help: str = ""
    errors: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_question(cls, question: Question) -> QuestionForm:
        labels = "\n".join(f"{k}: {v}" for k, v in sorted((question.labels or {}).items()))
        return cls(
            kind=question.kind.value, text=question.text,
            options="\n".join(question.options or []),
            min=str(question.scale_min) if question.kind is QuestionKind.SCALE else "",
            max=str(question.scale_max) if question.kind is QuestionKind.SCALE else "",
            labels=labels, probe=question.probes, help=question.help or "",
        )


def _int(value: str, name: str, errors: dict[str, str]) -> int | None:
    value = value.strip()
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        errors[name] = "Enter a whole number, like 1 or 10."
        return None


def _labels(text: str, errors: dict[str, str]) -> dict[int, str] | None:
    labels: dict[int, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        match = _LABEL_LINE.match(line)
        if not match or not match.group(2):
            errors["labels"] = (f"Line {number}: write each label as 'number: text', "
                                "like '1: Not at all'.")
            return None
        labels[int(match.group(1))] = match.group(2)
    return labels or None


def _field_for(message: str, loc: tuple[Any, ...]) -> str:
    if loc and isinstance(loc[0], str) and loc[0] in {"text", "options", "min", "max", "labels",
                                                      "help", "kind"}:
        return loc[0]
    if "option" in message:
        return "options"
    if "label" in message:
        return "labels"
    if "scale" in message or "min" in message:
        return "max"
    return "text"


_FRIENDLY = {
    "String should have at least 1 character": "Write the question.",
    "String should have at most 2000 characters": "Keep the question under 2,000 characters.",
}


def question_from_form(form: QuestionForm, *, question_id: str,
                       keep: Question | None = None) -> Question:
    """Validate the form into a Question (keeping `phase`/`force` of the one it replaces)."""
    errors: dict[str, str] = {}
    try:
        kind = QuestionKind(form.kind)
    except ValueError:
        raise FormErrors({"kind": "Choose a question type."}) from None
    data: dict[str, Any] = {"id": question_id, "kind": kind, "text": form.text.strip()}
    if kind in CHOICE_KINDS:
        data["options"] = [line.strip() for line in form.options.splitlines() if line.strip()]
    if kind is QuestionKind.SCALE:
        low = _int(form.min, "min", errors)
        high = _int(form.max, "max", errors)
        labels = _labels(form.labels, errors)
        data.update({"min": low, "max": high, "labels": labels})
    default_probe = kind is QuestionKind.OPEN
    if form.probe != default_probe:
        data["probe"] = form.probe
    if form.help.strip():
        data["help"] = form.help.strip()
    if keep is not None:
        if keep.phase:
            data["phase"] = keep.phase
        if keep.force:
            data["force"] = keep.force
    if errors:
        raise FormErrors(errors)
    try:
        return Question.model_validate(data)
    except ValidationError as error:
        for item in error.errors():
            message = item["msg"].removeprefix("Value error, ")
            name = _field_for(message, tuple(item["loc"]))
            message = _FRIENDLY.get(message, message[:1].upper() + message[1:])
            if not message.endswith("."):
                message += "."
            errors.setdefault(name, message)
        raise FormErrors(errors) from None


def new_question_id(guide: Guide, text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40].strip("-") or "question"
    taken = {q.id for q in guide.questions}
    candidate, counter = slug, 2
    while candidate in taken:
        candidate = f"{slug}-{counter}"
        counter += 1
    return candidate


def _with_questions(guide: Guide, questions: list[Question]) -> Guide:
    """The stored guide with its questions changed. What the editor brings in was checked
    against the caps already (`question_from_form`, `add_question`); the questions kept come
    from the store and stay as they are, so a guide stored before a cap can still be edited."""
    data = guide.model_dump()
    data["questions"] = [q.model_dump() for q in questions]
    return Guide.from_store(data)


def add_question(guide: Guide, form: QuestionForm) -> Guide:
    if len(guide.questions) >= MAX_QUESTIONS:
        raise FormErrors({"text": f"A guide holds at most {MAX_QUESTIONS} questions: delete "
                                  "one before adding another."})
    question = question_from_form(form, question_id=new_question_id(guide, form.text))
    return _with_questions(guide, [*guide.questions, question])


def replace_question(guide: Guide, question_id: str, form: QuestionForm) -> Guide:
    old = guide.question(question_id)
    question = question_from_form(form, question_id=question_id, keep=old)
    return _with_questions(guide, [question if q.id == question_id else q
                                   for q in guide.questions])


def move_question(guide: Guide, question_id: str, direction: str) -> Guide:
    questions = list(guide.questions)
    index = [q.id for q in questions].index(question_id)
    target = index - 1 if direction == "up" else index + 1
    if 0 <= target < len(questions):
        questions[index], questions[target] = questions[target], questions[index]
    return _with_questions(guide, questions)


def delete_question(guide: Guide, question_id: str) -> Guide:
    guide.question(question_id)
    remaining = [q for q in guide.questions if q.id != question_id]
    if not remaining:
        raise FormErrors({"delete": "A guide needs at least one question: add another first."})
    return _with_questions(guide, remaining)


def update_settings(guide: Guide, *, title: str, intro: str, closing: str,
                    max_probes: str) -> Guide:
    errors: dict[str, str] = {}
    probes = _int(max_probes, "max_probes", errors)
    if probes is not None and not 0 <= probes <= 3:
        errors["max_probes"] = "Choose between 0 and 3 follow-up probes."
    if not title.strip():
        errors["guide_title"] = "Write the title participants see."
    elif len(title.strip()) > 300:
        errors["guide_title"] = "Keep the title under 300 characters."
    if errors:
        raise FormErrors(errors)
    data = guide.model_dump()
    data.update({"title": title.strip(), "intro": intro.strip() or None,
                 "closing": closing.strip() or None,
                 "max_probes": guide.max_probes if probes is None else probes})
    return Guide.from_store(data)  # the settings are checked above; the questions are stored
