"""The `jobstory` command line: each command is a job a researcher wants done."""

from __future__ import annotations

import contextlib
import json
import os
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table

from jobstory import __version__
from jobstory.domain import Guide, Question, QuestionKind, render_text
from jobstory.guides import GuideError, builtin_names, load_guide
from jobstory.interview.voice import cli as voice_cli
from jobstory.plural import plural
from jobstory.delivery import backlog_cli
from jobstory.delivery import cli as delivery_cli
from jobstory.web import admin_cli

if TYPE_CHECKING:
    from rich.progress import TaskID

    from jobstory.synthesis.sources import IngestError

app = typer.Typer(
    help="jobstory: from customer conversations to defensible job stories.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="markdown",
)
guides_app = typer.Typer(help="List, show and check interview guides.", invoke_without_command=True,
                        rich_markup_mode="markdown")
app.add_typer(guides_app, name="guides")
app.add_typer(admin_cli.admin, name="admin")
app.command("serve")(admin_cli.serve)
app.command("ask")(delivery_cli.ask)
app.command("mcp")(delivery_cli.mcp)
app.command("lint")(backlog_cli.lint)
app.command("userstories")(backlog_cli.userstories)
app.command("export")(backlog_cli.export)
app.command("transcribe")(voice_cli.transcribe)

out = Console()
err = Console(stderr=True, soft_wrap=True)

DbOption = Annotated[
    str | None,
    typer.Option("--db", help="Database URL (default: JOBSTORY_DATABASE_URL or a local SQLite file)."),
]


def fail(message: str, code: int = 1) -> NoReturn:
    err.print(f"[bold red]error:[/] {escape(message)}")
    raise typer.Exit(code)


def _version(value: bool) -> None:
    if value:
        out.print(f"jobstory {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Show the version and exit.")] = False,
) -> None:
    """Interview customers, synthesise job stories, deliver a backlog — offline by default."""


def _guide(name_or_path: str) -> Guide:
    try:
        return load_guide(name_or_path)
    except GuideError as error:
        for problem in error.problems:
            err.print(f"[red]{escape(problem)}[/]")
        raise typer.Exit(1) from None


@guides_app.callback()
def guides_list(ctx: typer.Context) -> None:
    """List the built-in guides."""
    if ctx.invoked_subcommand is not None:
        return
    table = Table("name", "title", "questions", "kinds")
    for name in builtin_names():
        guide = _guide(name)
        kinds = ", ".join(sorted({q.kind.value for q in guide.questions}))
        table.add_row(name, render_text(guide.title, {}), str(len(guide.questions)), kinds)
    out.print(table)


@guides_app.command("show")
def guides_show(
    name: Annotated[str, typer.Argument(help="A built-in guide name or a YAML file.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the guide as JSON.")] = False,
) -> None:
    """Show a guide's questions."""
    guide = _guide(name)
    if as_json:
        print(json.dumps(guide.model_dump(mode="json", exclude_none=True), indent=2,
                         ensure_ascii=False))
        return
    out.print(Panel(escape(guide.description or ""), title=escape(guide.title),
                    subtitle=f"{guide.name} · max {guide.max_probes} probes per question"))
    for number, question in enumerate(guide.questions, start=1):
        extra = ""
        if question.options:
            extra = " · " + " | ".join(question.options)
        elif question.kind is QuestionKind.SCALE:
            extra = f" · {question.scale_min}..{question.scale_max}"
        out.print(f"{number:>2}. [bold]{escape(question.id)}[/] ({question.kind.value}) "
                  f"{escape(question.text)}[dim]{escape(extra)}[/]")


@guides_app.command("check")
def guides_check(file: Annotated[str, typer.Argument(help="The guide YAML to validate.")]) -> None:
    """Validate a guide file; exit 0 when valid, 1 with line-numbered errors."""
    guide = _guide(file)
    kinds = ", ".join(sorted({q.kind.value for q in guide.questions}))
    out.print(f"{escape(file)}: valid guide {guide.name!r} with {len(guide.questions)} "
              f"questions ({kinds})")


def _lines(texts: list[str]) -> Iterator[str]:
    if texts == ["-"] or (not texts and not sys.stdin.isatty()):
        for line in sys.stdin:
            line = line.rstrip("\n")
            if line.strip():
                yield line
    else:
        yield from texts


@app.command()
def assess(
    texts: Annotated[list[str] | None, typer.Argument(help="Answers to assess, or - for stdin "
                                                           "(one per line).")] = None,
    question: Annotated[str | None, typer.Option("--question", help="Question id for context.")]
    = None,
    guide: Annotated[str, typer.Option("--guide", help="Guide the question id belongs to.")]
    = "jtbd-switch",
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON array.")] = False,
) -> None:
    """Say how specific each answer is, what it lacks, and the probe the moderator would ask."""
    from jobstory.interview.specificity import assess as assess_answer

    context: Question | None = None
    if question:
        chosen = _guide(guide)
        try:
            context = chosen.question(question)
        except KeyError:
            ids = ", ".join(q.id for q in chosen.questions)
            fail(f"no question {question!r} in guide {chosen.name} (questions: {ids})", 2)
    results = [assess_answer(text, context) for text in _lines(texts or [])]
    if not results:
        fail("give answers as arguments, or - to read one per line from stdin", 2)
    if as_json:
        print(json.dumps([r.to_json() for r in results], ensure_ascii=False))
        return
    table = Table("answer", "specificity", "vague", "missing", "probe")
    for result in results:
        table.add_row(escape(result.text), f"{result.specificity:.2f}",
                      "yes" if result.vague else "no", ", ".join(result.missing),
                      escape(result.probe or ""))
    out.print(table)


@app.command()
def interview(
    guide: Annotated[str, typer.Option("--guide", help="Built-in guide name or YAML file.")]
    = "jtbd-switch",
    participant: Annotated[str | None, typer.Option("--participant", help="Participant name.")]
    = None,
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the transcript as JSON at the "
                                                         "end.")] = False,
    resume: Annotated[int | None, typer.Option("--resume", help="Continue a stored interview.")]
    = None,
) -> None:
    """Be interviewed in the terminal; every answer is saved before the next question."""
    from jobstory.interview.terminal import run_interview

    run_interview(guide_ref=guide, participant=participant, db=db, as_json=as_json,
                  resume=resume, load=_guide, fail=fail)


def run() -> None:
    app()


#: Above this many units to embed, analyze warns: on a CPU that takes many minutes.
LARGE_RUN_UNITS = 50_000

WaitOption = Annotated[
    float | None,
    typer.Option("--wait", min=0, help="Seconds to wait while another jobstory run writes to "
                 "the same place (default: as long as it takes; 0: not at all)."),
]


@contextlib.contextmanager
def _writing(folder: Path, wait: float | None) -> Iterator[None]:
    """Hold `folder`'s output lock: one run writes there at a time, a second one waits."""
    from jobstory.synthesis.outputs import OutputBusy, folder_lock

    def waiting(line: str) -> None:
        err.print(f"[yellow]waiting[/] {escape(line)}")

    with contextlib.ExitStack() as stack:
        try:
            stack.enter_context(folder_lock(folder, timeout=wait, on_wait=waiting))
        except OutputBusy as error:
            fail(str(error), 1)
        except OSError as error:
            fail(f"cannot write to {folder}: {error.strerror or error}", 2)
        yield


class _PlainProgress:
    """Progress as plain stderr lines ("embedding 2048/10000") for logs and pipes, where a
    live bar shows nothing: at each step's start and end, and at most once a second."""

    def __init__(self) -> None:
        self.printed: dict[str, float] = {}

    def __call__(self, step: str, done: int, total: int) -> None:
        now = time.monotonic()
        first = step not in self.printed
        if total <= 1:
            if first:
                err.print(f"{escape(step)}...", highlight=False)
                self.printed[step] = now
            return
        if first or done >= total or now - self.printed[step] >= 1.0:
            err.print(f"{escape(step)} {done}/{total}", highlight=False)
            self.printed[step] = now


@contextlib.contextmanager
def _progress() -> Iterator[Callable[[str, int, int], None]]:
    """A `progress(step, done, total)` callback for the pipeline: a Rich bar on a terminal,
    plain lines otherwise (a live bar off a terminal shows nothing, so a long run in a log
    looked hung). Either way, the first report of more than LARGE_RUN_UNITS units to embed
    brings a warning: the run will take many minutes, not seconds."""
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    warned: list[int] = []

    def large(step: str, total: int) -> None:
        if step == "embedding" and total > LARGE_RUN_UNITS and not warned:
            warned.append(total)
            err.print(f"[yellow]warning:[/] {total:,} units to embed (more than "
                      f"{LARGE_RUN_UNITS:,}): this takes many minutes on a CPU")

    if not err.is_terminal:
        plain = _PlainProgress()

        def report(step: str, done: int, total: int) -> None:
            large(step, total)
            plain(step, done, total)

        yield report
        return
    with Progress(TextColumn("{task.description:<12}"), BarColumn(), TextColumn(
            "{task.completed}/{task.total}"), TimeElapsedColumn(), console=err,
            transient=True) as bar:
        tasks: dict[str, TaskID] = {}

        def update(step: str, done: int, total: int) -> None:
            large(step, total)
            if step not in tasks:
                tasks[step] = bar.add_task(step, total=total)
            bar.update(tasks[step], completed=done, total=total)

        yield update


def _with_warnings(analysis: dict, warnings: list[IngestError]) -> dict:
    """analysis with a "warnings" list after "errors" (and a count in the summary): what
    looked wrong in the inputs but lost nothing, so it never changes the exit code."""
    records = list(analysis.get("warnings") or []) + [
        {"source": w.source_id, "line": w.line, "message": w.message} for w in warnings]
    result: dict = {}
    for key, value in analysis.items():
        if key == "warnings":
            continue
        result[key] = {**value, "warnings": len(records)} if key == "summary" else value
        if key == "errors":
            result["warnings"] = records
    result.setdefault("warnings", records)
    return result


def _previous(target: Path) -> dict[str, list[str]]:
    """The theme ids of the last run into `target`, to keep them stable. An analysis.json
    there that cannot be read is said out loud: the ids then start afresh, and a reader of
    the new report should know why they changed."""
    from jobstory.synthesis.pipeline import previous_themes

    path = target / "analysis.json"
    try:
        json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        pass
    except (OSError, ValueError) as error:
        reason = error.strerror if isinstance(error, OSError) else "not valid JSON"
        err.print(f"[yellow]warning[/] {escape(str(path))}: cannot read the earlier analysis "
                  f"({escape(str(reason))}): theme ids start afresh")
    return previous_themes(target)


@app.command()
def analyze(
    paths: Annotated[list[str] | None, typer.Argument(
        help="Transcript files or folders (VTT, SRT, text, Word .docx, survey or transcript "
             "CSV, jobstory JSON, recordings).")] = None,
    out_dir: Annotated[str, typer.Option("--out", help="Folder for analysis.json, report.md and "
                                                      "report.html.")] = "report",
    interviewer: Annotated[str | None, typer.Option("--interviewer", help="The interviewer's "
                                                    "speaker name(s), comma-separated.")] = None,
    study: Annotated[int | None, typer.Option("--study", help="Also analyse this study's "
                                              "completed interviews from the store.")] = None,
    db: DbOption = None,
    column_names: Annotated[str, typer.Option("--csv-columns", help="Survey CSV columns "
                                              "participant,question,answer; or ID,TEXT to read "
                                              "each row as one transcript.")]
    = "participant,question,answer",
    wait: WaitOption = None,
    include_low_quality: Annotated[bool, typer.Option(
        "--include-low-quality", help="Count interviews scoring under 3 of 5 too (by default "
        "they are listed with their scores but left out of every count).")] = False,
    goal: Annotated[str | None, typer.Option(
        "--goal", help="The research goal the report opens with (with --study, the study "
        "guide's description when not given).")] = None,
) -> None:
    """Synthesise transcripts into themes, forces and ranked job stories with verbatim quotes.

    Exits 0 when every input was read (warnings are listed but change nothing), 3 when some
    were skipped or read only in part (the report lists them).
    """
    from jobstory.learning.teach import taught
    from jobstory.synthesis.embed import EmbedderChoiceError
    from jobstory.synthesis.ingest import read_paths
    from jobstory.synthesis.pipeline import Inputs, analyse
    from jobstory.synthesis.report import write_reports

    paths = paths or []
    if not paths and study is None:
        fail("give transcript files or folders, or --study ID for interviews in the store", 2)
    columns = tuple(c.strip() for c in column_names.split(","))
    if len(columns) not in (2, 3) or not all(columns):
        fail("--csv-columns takes participant,question,answer (survey answers) or id,text "
             "(one transcript per row)", 2)
    # lexists: a symbolic link that loops or dangles is an unreadable input (exit 3), not a
    # mistyped name that stops the run.
    missing = [p for p in paths if not os.path.lexists(p)]
    if missing:
        fail(f"no such file or folder: {', '.join(missing)}", 2)
    target = Path(out_dir)
    llm = _synthesis_llm()
    with _writing(target, wait), _progress() as progress:
        warnings: list[IngestError] = []
        progress("reading", 0, 1)  # tens of seconds for a transcript of tens of megabytes
        parsed, errors = read_paths([Path(p) for p in paths], interviewer=interviewer,
                                    csv_columns=columns, exclude=[target],
                                    warn=warnings.append)
        inputs = Inputs(parsed, errors)
        adjust = None
        if study is not None:
            interviews, study_goal, adjust = _study_interviews(study, db)
            inputs = Inputs(inputs.parsed + interviews, inputs.errors)
            goal = goal or study_goal
        progress("reading", 1, 1)
        read = {p.source.id for p in inputs.parsed}
        for problem in inputs.errors:
            damaged = problem.source_id in read or any(
                r.startswith(problem.source_id + "#") for r in read)
            label = "damaged" if damaged else "skipped"
            err.print(f"[yellow]{label}[/] {escape(str(problem))}")
        for warning in warnings:
            err.print(f"[yellow]warning[/] {escape(str(warning))}")
        try:
            with taught(adjust):
                analysis = analyse(inputs, paths=paths, interviewer=interviewer,
                                   previous=_previous(target), progress=progress,
                                   include_low_quality=include_low_quality, llm=llm,
                                   goal=goal)
        except EmbedderChoiceError as error:
            fail(str(error), 2)
        analysis = _with_warnings(analysis, warnings)
        try:
            write_reports(analysis, target)
        except OSError as error:
            fail(f"cannot write the report to {target}: {error.strerror or error}", 1)
    summary = analysis["summary"]
    out.print(f"{summary['sources']} sources, {summary['participants']} participants, "
              f"{summary['themes']} themes, {summary['job_stories']} job stories -> "
              f"{escape(str(target / 'report.html'))}")
    gate = analysis.get("quality_gate") or {}
    if gate.get("left_out"):
        left = len(gate["left_out"])
        out.print(f"{plural(left, 'interview')} scoring under {gate['minimum']} of 5 "
                  "left out of the counts (listed in the report; --include-low-quality counts "
                  f"{'it' if left == 1 else 'them'})")
    for story in analysis["job_stories"][:5]:
        out.print(f"  {story['participant_count']:>3} · {escape(story['text'])}")
    if inputs.errors:
        raise typer.Exit(3)


def _synthesis_llm():  # -> LLM | None
    """The LLM configured by JOBSTORY_LLM_* (None: the computed synthesis alone); a half
    configuration is a usage error (exit 2)."""
    from jobstory.llm import llm_from_env

    try:
        return llm_from_env()
    except ValueError as error:
        fail(str(error), 2)


def _study_interviews(study: int, db: str | None):  # -> (list[Parsed], str | None, Adjust)
    """The study's completed interviews, its research goal (its guide's description) and what
    its researchers taught the coder (as background runs use it)."""
    from jobstory.learning.teach import study_coder
    from jobstory.store.db import StoreError, open_store
    from jobstory.synthesis.embed import default_embedder
    from jobstory.synthesis.ingest.store import read_store, study_goal

    try:
        store = open_store(db)
    except StoreError as error:
        fail(str(error), 2)
    try:
        return (read_store(store, study), study_goal(store, study),
                study_coder(store, study, default_embedder()))
    except ValueError as error:  # JOBSTORY_LEARN_FROM set to something else
        fail(str(error), 2)
    finally:
        store.close()


@app.command()
def cluster(
    file: Annotated[str, typer.Argument(help="A CSV file of open-ended answers.")],
    column: Annotated[str, typer.Option("--column", help="The column holding the answers.")],
    k: Annotated[int | None, typer.Option("--k", min=1, help="Number of themes (default: "
                                                            "chosen automatically).")] = None,
    output: Annotated[str | None, typer.Option("--out", help="Where to write the rows with "
                                                            "their themes and sentiment.")] = None,
    report: Annotated[str | None, typer.Option("--report", help="Also write themes.html and "
                                                              "themes.md into this folder.")] = None,
    wait: WaitOption = None,
) -> None:
    """Group open-ended answers (NPS comments, reviews, survey text) into themes.

    Themes are by what people say, with respondents and sentiment per theme; a comment with
    several topics counts in each."""
    from jobstory.synthesis.cluster_csv import ClusterCsvError, cluster_csv, default_out
    from jobstory.synthesis.embed import EmbedderChoiceError

    if not os.path.lexists(file):
        fail(f"no such file: {file}", 2)
    target = Path(output) if output else default_out(Path(file))
    folder = Path(report) if report else None
    if folder is not None and folder.exists() and not folder.is_dir():
        fail(f"--report {report}: a file is in the way; give a folder", 2)
    with _writing(target.parent, wait):
        try:
            result = cluster_csv(Path(file), column, k=k, out=target, report=folder)
        except (ClusterCsvError, EmbedderChoiceError) as error:
            fail(str(error), 2)
        except OSError as error:
            fail(f"cannot write {error.filename or target}: {error.strerror or error}", 1)
    for warning in result.warnings:
        err.print(f"[yellow]warning[/] {escape(warning)}")
    table = Table("theme", "respondents", "negative", "label", "representative answer")
    for theme in result.themes:
        table.add_row(theme.id, str(theme.size), f"{theme.sentiment.get('negative', 0):.0%}",
                      escape(theme.label), escape(theme.representative))
    out.print(table)
    out.print(f"{result.clustered} answers, {result.units} statements, {len(result.themes)} "
              f"themes; {len(result.outliers)} answers fit no theme (listed as 'outlier'). "
              f"Rows -> {escape(str(result.out))}")
    if result.report is not None:
        out.print(f"Report -> {escape(str(result.report[0]))}, {escape(str(result.report[1]))}")
