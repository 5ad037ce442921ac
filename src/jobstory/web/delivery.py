"""The backlog tools on the web: the job-story linter page, and the JSON API to lint, turn job
stories into user stories (and back), and export a study's analysis.

    GET/POST /lint                                the linter page (findings highlighted in
                                                  the text, the user stories below)
    GET      /studies/{id}/export                 the study's downloads, one link per format
    POST     /api/lint                            {"text"} or {"stories": [...]}
    POST     /api/userstories                     {"text", "role"?}
    GET      /api/studies/{id}/exports/{format}   the file (markdown, json, jira, github,
                                                  github-script, linear, csv, qdpx)

Story text is untrusted: bounded by the linter's limit, rendered autoescaped.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from pydantic import BaseModel, Field, model_validator

from jobstory.delivery.backlog_cli import is_user_story
from jobstory.delivery.lint import MAX_CHARS, Finding, lint
from jobstory.delivery.userstories import Conversion, job_story, user_stories
from jobstory.web import studies
from jobstory.web.accounts import Account
from jobstory.web.api import ERRORS
from jobstory.web.auth import api_user, csrf_protect, page_user
from jobstory.web.deps import RowId
from jobstory.web.pages import render
from jobstory.web.problems import Problem

pages = APIRouter(include_in_schema=False, dependencies=[Depends(csrf_protect)])
api = APIRouter(prefix="/api", tags=["backlog"])
router = APIRouter()

MAX_STORIES = 200


# --- the page ---------------------------------------------------------------------------------


def highlighted(text: str, findings: list[Finding]) -> list[dict[str, Any]]:
    """The text cut where findings start and end: each piece with the codes covering it.

    A finding with no width (a missing outcome at the end) becomes an empty piece that the
    template shows as a marker. Pieces are plain text; the template escapes them."""
    cuts = sorted({0, len(text)} | {f.start for f in findings} | {f.end for f in findings})
    pieces: list[dict[str, Any]] = []
    for start, end in zip(cuts, cuts[1:] + [None]):
        for finding in findings:
            if finding.start == finding.end == start:
                pieces.append({"text": "", "codes": [finding.code], "gap": True})
        if end is None:
            break
        codes = [f.code for f in findings if f.start <= start and end <= f.end and
                 f.start < f.end]
        pieces.append({"text": text[start:end], "codes": codes, "gap": False})
    return pieces


def _check(text: str) -> dict[str, Any]:
    findings = lint(text)
    conversion = job_story(text) if is_user_story(text) else user_stories(text)
    return {"text": text, "findings": findings, "pieces": highlighted(text, findings),
            "conversion": conversion, "reverse": is_user_story(text)}


@pages.get("/lint")
def lint_page(request: Request, account: Account = Depends(page_user)) -> Response:
    return render(request, "lint.html", {"account": account, "nav": "lint", "result": None,
                                         "text": "", "max_chars": MAX_CHARS})


@pages.post("/lint")
def lint_form(request: Request, text: str = Form(""),
              account: Account = Depends(page_user)) -> Response:
    error = None
    result = None
    if not text.strip():
        error = "Paste a job story to check."
    elif len(text) > MAX_CHARS:
        error = f"A job story is at most {MAX_CHARS:,} characters; this is {len(text):,}."
    else:
        result = _check(text)
    return render(request, "lint.html", {"account": account, "nav": "lint", "result": result,
                                         "text": text, "error": error, "max_chars": MAX_CHARS},
                  status_code=422 if error else 200)


#: What each export is for, as the export page lists them.
EXPORTS = [
    ("markdown", "Markdown", "Job stories with their quotes and candidate user stories"),
    ("json", "JSON", "The same, for your own scripts"),
    ("jira", "Jira CSV", "One Story per job story, evidence quotes in the description"),
    ("github", "GitHub issues (JSON)", "Bodies for the REST API's create-issue call"),
    ("github-script", "GitHub issues (gh script)", "Run it with OWNER/REPO: gh issue create "
                                                   "for each story"),
    ("linear", "Linear CSV", "One issue per job story, for Linear's CSV import"),
    ("csv", "Themes and quotes CSV", "Every coded quote under its theme, with its place"),
    ("qdpx", "REFI-QDA project (.qdpx)", "For ATLAS.ti, MAXQDA, NVivo or QualCoder: the code "
                                         "book, the transcripts and every coded quote"),
]


@pages.get("/studies/{study_id}/export")
def export_page(request: Request, study_id: RowId,
                account: Account = Depends(page_user)) -> Response:
    from jobstory.analysis_runs.results import last_good_run

    study = studies.get_study(request.app.state.store, account, study_id)
    ready = last_good_run(request.app.state.store, study.id) is not None
    return render(request, "export.html", {"account": account, "study": study, "tab": "export",
                                           "exports": EXPORTS, "ready": ready})


# --- the API ----------------------------------------------------------------------------------


class LintIn(BaseModel):
    text: str | None = Field(None, max_length=MAX_CHARS, description="One job story")
    stories: list[str] | None = Field(None, max_length=MAX_STORIES,
                                      description="Several job stories")

    @model_validator(mode="after")
    def _one_of(self) -> LintIn:
        if (self.text is None) == (self.stories is None):
            raise ValueError("send either text (one story) or stories (a list)")
        for number, story in enumerate(self.stories or []):
            if len(story) > MAX_CHARS:
                raise ValueError(f"stories[{number}] is longer than {MAX_CHARS} characters")
        return self


class FindingOut(BaseModel):
    code: str = Field(description="JS01..JS10")
    rule: str
    message: str
    start: int = Field(description="Where the problem starts in the text (characters)")
    end: int
    rewrite: str | None = Field(description="A suggested rewrite, where one can be made")


class LintedOut(BaseModel):
    text: str
    clean: bool
    findings: list[FindingOut]


class LintOut(BaseModel):
    results: list[LintedOut]
    findings: int


@api.post("/lint", response_model=LintOut, responses=ERRORS,
          summary="Check job stories for the common mistakes")
def lint_stories(body: LintIn, account: Account = Depends(api_user)) -> dict[str, Any]:
    texts = [body.text] if body.text is not None else list(body.stories or [])
    results = []
    for text in texts:
        findings = [f.to_json() for f in lint(text)]
        results.append({"text": text, "clean": not findings, "findings": findings})
    return {"results": results, "findings": sum(len(r["findings"]) for r in results)}


class UserStoriesIn(BaseModel):
    text: str = Field(min_length=1, max_length=MAX_CHARS,
                      description="A job story, or a user story (\"As a ..., I want ...\") "
                                  "to read back into its job story")
    role: str | None = Field(None, max_length=100, description="Who the user stories are for")


@api.post("/userstories", responses=ERRORS,
          summary="Turn a job story into user stories, or a user story into its job story")
def convert(body: UserStoriesIn, request: Request,
            account: Account = Depends(api_user)) -> dict[str, Any]:
    conversion: Conversion
    if is_user_story(body.text):
        conversion = job_story(body.text)
    else:
        conversion = user_stories(body.text, role=body.role, llm=request.app.state.llm)
    return {"direction": "user-to-job" if is_user_story(body.text) else "job-to-user",
            **conversion.to_json()}


@api.get("/studies/{study_id}/exports/{fmt}", responses=ERRORS,
         summary="Download the study's job stories, themes and coding in a backlog or QDA "
                 "format")
async def export_study(study_id: RowId, fmt: str, request: Request,
                       account: Account = Depends(api_user)) -> Response:
    from jobstory.delivery.analysis_source import (
        AnalysisSourceError,
        Loaded,
        study_analysis,
        study_texts,
    )
    from jobstory.delivery.export import FORMATS, export

    if fmt not in FORMATS:
        raise Problem(404, f"no export format {fmt!r}: use one of {', '.join(FORMATS)}")
    store = request.app.state.store
    study = await run_in_threadpool(studies.get_study, store, account, study_id)
    try:
        analysis = await run_in_threadpool(study_analysis, store, study.id)
    except AnalysisSourceError:
        raise Problem(409, "the study has no finished analysis yet") from None
    loaded = Loaded(analysis, f"study-{study.id}",
                    lambda: study_texts(store, study.id, analysis))
    try:
        data = await run_in_threadpool(export, loaded, fmt)
    except AnalysisSourceError as error:
        raise Problem(409, str(error)) from None
    _, filename, media_type = FORMATS[fmt]
    return Response(data, media_type=media_type, headers={
        "Content-Disposition": f'attachment; filename="study-{study.id}-{filename}"',
        "Cache-Control": "no-store"})


router.include_router(pages)
router.include_router(api)
