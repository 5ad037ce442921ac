"""`jobstory ask` and `jobstory mcp`: ask a study questions, or hand it to an AI assistant."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

out = Console()
err = Console(stderr=True, soft_wrap=True)

#: The analysis a command reads (`analysis_source.load`), and where a study id is looked up.
AnalysisTarget = Annotated[str, typer.Argument(help="A folder `jobstory analyze` wrote (with "
                                                    "analysis.json), or a study id in the "
                                                    "store.")]
StudyDb = Annotated[str | None, typer.Option("--db", help="Database URL for a study id "
                                                         "(default: JOBSTORY_DATABASE_URL or "
                                                         "the local SQLite file).")]


def _fail(message: str, code: int = 2) -> typer.Exit:
    err.print(f"[bold red]error:[/] {escape(message)}")
    return typer.Exit(code)


def ask(
    target: AnalysisTarget,
    question: Annotated[str, typer.Argument(help="A question in plain English, e.g. \"who "
                                                 "worried about moving their data?\"")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the answer as JSON.")] = False,
    fields: Annotated[str | None, typer.Option(
        "--fields", help="CSV of participant fields to compare by (participant,plan,...).")]
    = None,
    db: StudyDb = None,
) -> None:
    """Ask the interviews a question: counts computed, quotes verbatim with their place.

    Exits 0 with an answer, 1 when nothing in the interviews speaks to the question.
    """
    from jobstory.delivery.ask import ask as answer_question
    from jobstory.delivery.analysis_source import AnalysisSourceError
    from jobstory.delivery.ask.load import open_index
    from jobstory.llm import llm_from_env

    if not question.strip():
        raise _fail("give a question, e.g. \"how many mentioned price?\"")
    try:
        llm = llm_from_env()
    except ValueError as error:
        raise _fail(str(error)) from None
    try:
        index = open_index(target, db=db, fields_file=fields)
    except AnalysisSourceError as error:
        raise _fail(str(error)) from None
    answer = answer_question(index, question, llm=llm)
    if as_json:
        print(json.dumps(answer.as_json(), ensure_ascii=False, indent=2))
    else:
        out.print(escape(answer.text))
        if answer.quotes:
            table = Table("participant", "quote")
            table.add_column("place", overflow="fold")
            for quote in answer.quotes:
                table.add_row(escape(quote.participant), escape(quote.text),
                              escape(quote.link))
            out.print(table)
    if not answer.found:
        raise typer.Exit(1)


def mcp(
    folders: Annotated[list[str] | None, typer.Option(
        "--dir", help="An analysis folder to serve (repeat for several); named by the "
                      "folder's name.")] = None,
    db: Annotated[str | None, typer.Option("--db", help="Database URL whose studies to serve "
                                                       "(default: JOBSTORY_DATABASE_URL or "
                                                       "the local SQLite file).")] = None,
    allow_writes: Annotated[bool, typer.Option(
        "--allow-writes", help="Also offer record_decision: decisions recorded as audited "
                               "events.")] = False,
    author: Annotated[str, typer.Option("--author", help="Who recorded decisions are "
                                                         "attributed to.")] = "mcp",
) -> None:
    """Serve studies to an AI assistant over MCP (stdio); read-only unless --allow-writes."""
    from jobstory.delivery.mcp_server import serve

    serve(folders or [], db, allow_writes=allow_writes, author=author)
