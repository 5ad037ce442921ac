"""The terminal interview: Rich widgets on a TTY, one answer per line when piped.

It drives the same `InterviewService` as the web page, so a terminal interview is stored,
acknowledged and resumable exactly like a web one. The idempotency key of an answer is the
position it answers, so a retried line after a crash can never be stored twice.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import NoReturn

from rich.console import Console
from rich.markup import escape
from rich.panel import Panel
from rich.prompt import Prompt

from jobstory.domain import Guide, Participant, Question, QuestionKind, Turn, render_text
from jobstory.interview.session import (
    AnswerRejected,
    InterviewNotFound,
    InterviewService,
    transcript,
)
from jobstory.store.db import StoreError, open_store


def _widget_lines(question: Question) -> list[str]:
    if question.options:
        lines = [f"  {i}. {option}" for i, option in enumerate(question.options, start=1)]
        if question.kind is QuestionKind.MULTIPLE_CHOICE:
            lines.append("  (one or more numbers or names, separated by commas)")
        elif question.kind is QuestionKind.RANKING:
            lines.append("  (type all numbers in order, most important first, e.g. 2,1,3)")
        return lines
    if question.kind is QuestionKind.SCALE:
        labels = ", ".join(f"{k} = {v}" for k, v in sorted((question.labels or {}).items()))
        return [f"  ({question.scale_min}..{question.scale_max}{': ' + labels if labels else ''})"]
    if question.kind is QuestionKind.YES_NO:
        return ["  (yes / no)"]
    return []


class Terminal:
    """Where moderator turns are shown and answers come from."""

    def __init__(self, to_stderr: bool) -> None:
        self.interactive = sys.stdin.isatty()
        self.console = Console(stderr=to_stderr, highlight=False)

    def show(self, turn: Turn, guide: Guide) -> None:
        question = guide.question(turn.question_id) if turn.question_id else None
        widgets = _widget_lines(question) if question and turn.kind in ("question", "reask") else []
        if self.interactive:
            body = escape(turn.text) + ("\n" + escape("\n".join(widgets)) if widgets else "")
            style = {"probe": "yellow", "reask": "red", "closing": "green"}.get(turn.kind, "cyan")
            self.console.print(Panel(body, title="moderator", title_align="left",
                                     border_style=style))
        else:
            self.console.print(f"moderator: {escape(turn.text)}", soft_wrap=True)
            for line in widgets:
                self.console.print(escape(line), soft_wrap=True)

    def say(self, text: str, style: str | None = None) -> None:
        """Plain text: wrapped for people on a TTY, one line per message when piped."""
        self.console.print(escape(text), style=style, soft_wrap=not self.interactive)

    def read(self) -> str | None:
        if self.interactive:
            try:
                return Prompt.ask("[bold]you[/]", console=self.console)
            except (EOFError, KeyboardInterrupt):
                return None
        line = sys.stdin.readline()
        return None if line == "" else line.rstrip("\r\n")


def run_interview(*, guide_ref: str, participant: str | None, db: str | None, as_json: bool,
                  resume: int | None, load: Callable[[str], Guide],
                  fail: Callable[[str, int], NoReturn]) -> None:
    from jobstory.llm import llm_from_env

    try:
        store = open_store(db)
    except StoreError as error:
        fail(str(error), 2)
    service = InterviewService(store, llm=llm_from_env())
    terminal = Terminal(to_stderr=as_json)
    if resume is not None:
        try:
            state = service.get(resume)
        except InterviewNotFound:
            fail(f"no interview {resume} in {store.url}", 2)
        for turn in state.interview.turns:
            if turn.role == "participant":
                terminal.say(f"you: {turn.text}", style="dim")
            else:
                terminal.show(turn, state.interview.guide)
    else:
        guide = load(guide_ref)
        person = Participant(name=participant)
        if guide.intro:
            terminal.say(render_text(guide.intro, person.values()))
        state = service.start(guide, person)
        terminal.say(f"Interview {state.id} started. If you stop, continue with: "
                     f"jobstory interview --resume {state.id}", style="dim")
        terminal.show(state.interview.turns[-1], guide)
    interview_id = state.id
    guide = state.interview.guide
    seq = len(state.interview.turns)
    pending = state.pending
    while pending is not None:
        answer = terminal.read()
        if answer is None:
            terminal.say(f"Paused. Your answers are saved; continue with: "
                         f"jobstory interview --resume {interview_id}")
            store.close()
            return
        try:
            reply = service.answer(interview_id, answer, f"cli-{interview_id}-{seq}")
        except AnswerRejected as error:
            terminal.say(str(error), style="red")
            continue
        seq += 2
        terminal.show(reply, guide)
        pending = None if reply.kind == "closing" else reply
    terminal.say(f"Interview {interview_id} saved in {store.url}.")
    if as_json:
        print(json.dumps(transcript(service.get(interview_id).interview), ensure_ascii=False,
                         indent=2))
    store.close()

