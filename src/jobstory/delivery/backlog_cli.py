"""The backlog commands: `jobstory lint`, `jobstory userstories`, `jobstory export`.

Registered in `jobstory.cli` one line each; every command reads what it is given, calls the
pure functions of `jobstory.delivery`, and prints a table or JSON.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.markup import escape

from jobstory.delivery.cli import AnalysisTarget, StudyDb
from jobstory.text_files import NotText, decode_text

out = Console()
err = Console(stderr=True, soft_wrap=True)

#: Files read for linting are bounded: a backlog of stories, not a book.
MAX_INPUT_BYTES = 1024 * 1024


def _fail(message: str, code: int = 2) -> NoReturn:
    err.print(f"[bold red]error:[/] {escape(message)}")
    raise typer.Exit(code)


def _read(source: str) -> str:
    if source == "-":
        text = sys.stdin.read(MAX_INPUT_BYTES + 1)
    else:
        try:
            with open(source, "rb") as handle:
                data = handle.read(MAX_INPUT_BYTES + 1)
        except OSError as error:
            _fail(f"{source}: cannot read: {error.strerror or error}")
        try:
            text = decode_text(data).text
        except NotText as error:
            _fail(f"{source}:{error.line}: {error}")
    if len(text) > MAX_INPUT_BYTES:
        _fail(f"{source}: more than {MAX_INPUT_BYTES // 1024} KiB of stories")
    return text


def _stories(source: str | None, study: int | None = None,
             db: str | None = None) -> list[dict[str, Any]]:
    """What to lint: one story given as text, one story per line of a file or stdin, or a
    study's stories (a folder with analysis.json, the file itself, or a study in the store)
    with their evidence."""
    from jobstory.delivery.analysis_source import AnalysisSourceError, load_study, read_analysis
    from jobstory.delivery.lint import MAX_CHARS, lint, lint_analysis

    if study is not None:
        try:
            return lint_analysis(load_study(study, db).analysis)
        except AnalysisSourceError as error:
            _fail(str(error))
    if source is None:
        if sys.stdin.isatty():
            _fail("give a job story, a file (one story per line), - for stdin, or a folder "
                  "with analysis.json")
        source = "-"
    path = Path(source)
    if source != "-" and path.is_dir():
        path = path / "analysis.json"
    if source != "-" and path.name == "analysis.json" and path.is_file():
        try:
            return lint_analysis(read_analysis(path, needs=("job_stories",)))
        except AnalysisSourceError as error:
            _fail(str(error))
    if source == "-" or path.is_file():
        lines = [(number, line.strip()) for number, line in
                 enumerate(_read(source).splitlines(), start=1) if line.strip()]
        where = "stdin" if source == "-" else source
        results = []
        for number, line in lines:
            if len(line) > MAX_CHARS:
                _fail(f"{where}:{number}: a job story is at most {MAX_CHARS} characters")
            results.append({"line": number, "text": line,
                            "findings": [f.to_json() for f in lint(line)]})
        if not results:
            _fail(f"{where}: no story to lint (the input is empty)")
        return results
    if len(source) > MAX_CHARS:
        _fail(f"a job story is at most {MAX_CHARS} characters, got {len(source)}")
    return [{"text": source, "findings": [f.to_json() for f in lint(source)]}]


def lint(
    story: Annotated[str | None, typer.Argument(
        help="A job story, a file of stories (one per line), - for stdin, or a folder with "
             "analysis.json (its stories are checked for evidence too).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON array.")] = False,
    study: Annotated[int | None, typer.Option("--study", help="Check this study's job stories "
                                              "(its latest analysis in the store).")] = None,
    db: Annotated[str | None, typer.Option("--db", help="Database URL for --study (default: "
                                                       "JOBSTORY_DATABASE_URL or the local "
                                                       "SQLite file).")] = None,
) -> None:
    """Check job stories for the common mistakes; exit 0 when clean, 1 with findings."""
    if study is not None and story is not None:
        _fail("give a story (or file) or --study, not both")
    results = _stories(story, study, db)
    if as_json:
        print(json.dumps(results, ensure_ascii=False, indent=2))
    else:
        for result in results:
            _print_result(result)
    found = sum(len(r["findings"]) for r in results)
    if not as_json:
        out.print(f"{len(results)} stor{'y' if len(results) == 1 else 'ies'}, {found} "
                  f"finding{'' if found == 1 else 's'}")
    if found:
        raise typer.Exit(1)


def _print_result(result: dict[str, Any]) -> None:
    text = result["text"]
    label = f"line {result['line']}: " if "line" in result else (
        f"{result['id']}: " if result.get("id") else "")
    if not result["findings"]:
        out.print(f"[green]ok[/] {escape(label)}{escape(text)}")
        return
    out.print(f"[yellow]{len(result['findings'])}[/] {escape(label)}{escape(text)}")
    for finding in result["findings"]:
        span = text[finding["start"]:finding["end"]]
        out.print(f"  [bold]{finding['code']}[/] {finding['rule']}: {escape(finding['message'])}"
                  + (f' [dim]("{escape(span)}")[/]' if span else ""))
        if finding.get("rewrite"):
            out.print(f"       [dim]try:[/] {escape(finding['rewrite'])}")


def is_user_story(text: str) -> bool:
    """A user story starts with its persona ("As a ...") and has no situation of its own."""
    from jobstory.delivery.lint import parse

    parts = parse(text)
    return parts.persona is not None and parts.situation is None


def userstories(
    story: Annotated[str, typer.Argument(help="A job story (gives user stories), or a user "
                                              "story \"As a ..., I want ...\" (gives the job "
                                              "story it implies), or - for stdin.")],
    role: Annotated[str | None, typer.Option("--role", help="Who the user stories are for "
                                                           "(default: a marked gap).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Turn a job story into user stories with acceptance criteria, or a user story back.

    A user story ("As a ...") comes back as the job story it implies, with the missing parts
    marked and the three questions to ask."""
    from jobstory.delivery.lint import MAX_CHARS
    from jobstory.delivery.userstories import job_story, user_stories
    from jobstory.llm import llm_from_env

    text = (_read("-") if story == "-" else story).strip()
    if not text:
        _fail("give a job story or a user story")
    if len(text) > MAX_CHARS:
        _fail(f"a story is at most {MAX_CHARS} characters, got {len(text)}")
    if is_user_story(text):
        conversion = job_story(text)
    else:
        try:
            llm = llm_from_env()
        except ValueError as error:
            _fail(str(error))
        conversion = user_stories(text, role=role, llm=llm)
    if as_json:
        print(json.dumps(conversion.to_json(), ensure_ascii=False, indent=2))
        return
    out.print(f"[bold]Job story:[/] {escape(conversion.job_story)}")
    for name, part in conversion.parts.items():
        shown = "[red]missing[/]" if part["missing"] else escape(part["text"])
        out.print(f"  {name}: {shown}")
    for number, user_story in enumerate(conversion.user_stories, start=1):
        out.print(f"\n[bold]{number}. {escape(user_story.name)}[/]"
                  + (" [dim](LLM, checked by the linter)[/]" if user_story.source == "llm"
                     else ""))
        out.print(f"   {escape(user_story.text)}")
        for step in user_story.acceptance:
            out.print(f"     [dim]{escape(step)}[/]")
    if conversion.questions:
        out.print("\n[bold]Ask:[/]")
        for question in conversion.questions:
            out.print(f"  - {escape(question)}")
    if conversion.findings:
        out.print("\n[bold]Linter:[/] " + "; ".join(
            f"{f.code} {escape(f.message)}" for f in conversion.findings))


def export(
    target: AnalysisTarget,
    to: Annotated[str, typer.Option("--to", help="markdown, json, jira (CSV), github (REST API "
                                                 "JSON), github-script (gh issue create), "
                                                 "linear (CSV), csv (themes and coded quotes), "
                                                 "qdpx (REFI-QDA project).")],
    out_file: Annotated[str | None, typer.Option(
        "--out", help="The file to write (default: a name for the format here, e.g. "
                      "jira-import.csv).")]
    = None,
    db: StudyDb = None,
) -> None:
    """Export job stories, user stories, themes and coded quotes to a backlog or a QDA tool."""
    import os
    import tempfile

    from jobstory.delivery.analysis_source import AnalysisSourceError, load
    from jobstory.delivery.export import FORMATS, export as write

    if to not in FORMATS:
        _fail(f"--to {to!r}: use one of {', '.join(FORMATS)}")
    target_path = Path(out_file or FORMATS[to][1])
    try:
        data = write(load(target, db=db), to)
    except AnalysisSourceError as error:
        _fail(str(error), 1)
    try:
        folder = target_path.parent
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, delete=False, prefix=".export-") as handle:
            handle.write(data)
        try:
            os.chmod(handle.name, 0o644)
            os.replace(handle.name, target_path)
        finally:
            if os.path.exists(handle.name):
                os.unlink(handle.name)
    except OSError as error:
        _fail(f"cannot write {target_path}: {error.strerror or error}", 1)
    out.print(f"{to} -> {escape(str(target_path))} ({len(data):,} bytes)")
