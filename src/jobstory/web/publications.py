"""Read-only report links for people without an account.

Publishing makes a random 256-bit token (only its SHA-256 is stored, like API tokens) and a
link `/r/<token>` that serves the study's latest analysis, as corrected, without sign-in, with
`noindex` in both the headers and the page. Publishing again replaces the link (the old one
stops working: the token itself cannot be shown twice); unpublishing revokes it. A revoked
or unknown token is the same plain 404.
"""

from __future__ import annotations

import hashlib
import secrets

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from sqlalchemy import select, update

from jobstory.analysis_runs import latest_analysis
from jobstory.store.db import Store
from jobstory.store.tables import Publication
from jobstory.web import participant, report_files
from jobstory.web.accounts import now
from jobstory.web.problems import Problem

#: Published pages stay out of search engines and archives.
_GONE_CSP = ("default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; "
             "form-action 'none'; frame-ancestors 'none'")
NOINDEX = {"X-Robots-Tag": "noindex, nofollow, noarchive", "Referrer-Policy": "no-referrer"}
TOKEN_BYTES = 32

router = APIRouter(include_in_schema=False)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def publish(store: Store, study_id: int, author: str) -> str:
    """A new link token for the study; any earlier link of the study is revoked."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    moment = now()
    with store.session() as session:
        session.execute(update(Publication).where(
            Publication.study_id == study_id, Publication.revoked_at.is_(None))
            .values(revoked_at=moment))
        session.add(Publication(study_id=study_id, token_hash=_hash(token), created_by=author,
                                created_at=moment))
    return token


def unpublish(store: Store, study_id: int) -> bool:
    """Revoke the study's link; False when it had none."""
    with store.session() as session:
        changed = session.execute(update(Publication).where(
            Publication.study_id == study_id, Publication.revoked_at.is_(None))
            .values(revoked_at=now()))
        return bool(changed.rowcount)


def published(store: Store, study_id: int) -> Publication | None:
    with store.read() as session:
        return session.scalar(select(Publication).where(
            Publication.study_id == study_id, Publication.revoked_at.is_(None)))


def study_of(store: Store, token: str) -> int | None:
    if not token or len(token) > 100:
        return None
    with store.read() as session:
        return session.scalar(select(Publication.study_id).where(
            Publication.token_hash == _hash(token), Publication.revoked_at.is_(None)))


def _gone(request: Request) -> Response:
    """The same styled page an unknown interview link gets: a reader sent a revoked link should
    see a page of the product saying so, not a bare text error."""
    problem = Problem(404, "This report is not published (the link may have been revoked).",
                      title="Report not found")
    return participant.templates.TemplateResponse(
        request, "participant_error.html",
        {"problem": problem, "css": request.url_for("static", path="interview.css").path},
        status_code=404,
        headers={**NOINDEX, "Cache-Control": "no-store", "Content-Security-Policy": _GONE_CSP})


def _with_downloads(html: str, token: str) -> str:
    """The report page with a bar of download links at its top (plain links, no script)."""
    bar = ('<nav style="font:14px system-ui,sans-serif;padding:8px 16px;background:#eef3f7;'
           'border-bottom:1px solid #d5dde5" aria-label="Downloads">Read-only report · '
           'Download: '
           + " · ".join(f'<a href="/r/{token}/report.{ext}">{label}</a>' for ext, label in
                        (("html", "HTML"), ("md", "Markdown"), ("json", "JSON"), ("pdf", "PDF")))
           + "</nav>")
    head, sep, rest = html.partition("<body")
    if not sep:
        return bar + html
    tag_end = rest.index(">") + 1
    return head + sep + rest[:tag_end] + bar + rest[tag_end:]


@router.get("/r/{token}")
def published_report(request: Request, token: str) -> Response:
    store = request.app.state.store
    study_id = study_of(store, token)
    analysis = latest_analysis(store, study_id) if study_id is not None else None
    if analysis is None:
        return _gone(request)
    html = report_files.render(analysis, "html").decode("utf-8")
    html = html.replace("<head>", '<head><meta name="robots" content="noindex, nofollow">', 1)
    return Response(_with_downloads(html, token), media_type=report_files.FORMATS["html"],
                    headers={**NOINDEX, "Cache-Control": "no-store",
                             "Content-Security-Policy": report_files.REPORT_CSP})


@router.get("/r/{token}/report.{fmt}")
async def published_download(request: Request, token: str, fmt: str) -> Response:
    store = request.app.state.store
    if fmt not in report_files.FORMATS:
        return _gone(request)
    study_id = await run_in_threadpool(study_of, store, token)
    analysis = (await run_in_threadpool(latest_analysis, store, study_id)
                if study_id is not None else None)
    if analysis is None:
        return _gone(request)
    try:
        return await run_in_threadpool(report_files.download, analysis, fmt, "report",
                                       extra=NOINDEX)
    except report_files.PdfUnavailable as error:
        return Response(f"{error}\n", status_code=503, media_type="text/plain; charset=utf-8",
                        headers=NOINDEX)
