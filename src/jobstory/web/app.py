"""The web app: researcher pages, the participant's interview pages and the JSON API, in one.

`create_app(store)` is all a server (or a test) needs. The OpenAPI description is at
`/openapi.json`; API errors are `application/problem+json`, page errors are pages. A store that
cannot serve (disk full, read-only, down) is a 503 with Retry-After, never a 500; `/healthz`
says whether it can read and write.
"""

from __future__ import annotations

import logging
import os
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from anyio import to_thread

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from jobstory import __version__
from jobstory.analysis_runs.worker import AnalysisWorker
from jobstory.interview.session import InterviewNotFound, InterviewService
from jobstory.store.db import Store
from jobstory.untrusted import UnsafeText
from jobstory.web import account, api, health, pages, participant, voice
from jobstory.web import analysis_api, analysis_pages, publications, study_admin
from jobstory.web import insights
from jobstory.web import delivery
from jobstory.web import design_pages, participant_pages
from jobstory.web.auth import CsrfFailed, LoginRequired, login_url, make_serializer
from jobstory.web.mail import smtp_url_from_env
from jobstory.web.problems import (
    RETRY_AFTER_SECONDS,
    STORAGE_FAULTS,
    Problem,
    from_problem,
    problem_response,
)
from jobstory.web.studies import StudyNotFound
from jobstory.web.throttle import LoginThrottle

log = logging.getLogger("jobstory.web")
SECRET_ENV = "JOBSTORY_SECRET"
STATIC = Path(__file__).parent / "static"

# Researcher pages run only our own static script and styles.
RESEARCHER_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
#: No page here needs a camera, a microphone, the location or payments; should a script ever
#: be injected, it cannot ask for them either.
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
#: Sent only over https (the request's scheme, or a configured https base URL): a year, the
#: usual value. No includeSubDomains: the host's other sites are not ours to decide for.
HSTS = "max-age=31536000"


class SecurityHeaders:
    """Defaults every response gets unless its handler set its own.

    `https` says the server is published at an https base URL: behind a TLS-terminating proxy
    the request itself may arrive over plain http, yet browsers reach it over https.
    """

    def __init__(self, app: ASGIApp, https: bool = False) -> None:
        self.app = app
        self.https = https

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("X-Content-Type-Options", "nosniff")
                headers.setdefault("Referrer-Policy", "same-origin")
                headers.setdefault("X-Frame-Options", "DENY")
                headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
                if self.https or scope.get("scheme") == "https":
                    headers.setdefault("Strict-Transport-Security", HSTS)
                if headers.get("content-type", "").startswith("text/html"):
                    headers.setdefault("Content-Security-Policy", RESEARCHER_CSP)
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _install_handlers(app: FastAPI) -> None:
    @app.exception_handler(Problem)
    async def problem(request: Request, exc: Problem) -> Response:
        return from_problem(exc, instance=request.url.path)

    @app.exception_handler(LoginRequired)
    async def login_required(request: Request, exc: LoginRequired) -> Response:
        return RedirectResponse(login_url(exc.next_path), status_code=303)

    @app.exception_handler(CsrfFailed)
    async def csrf_failed(request: Request, exc: CsrfFailed) -> Response:
        if _is_api(request):
            return problem_response(403, "missing or wrong CSRF token")
        return pages.error_page(request, 403, "This form has expired",
                                "For your security the form could not be accepted. Go back, "
                                "reload the page and try again.")

    @app.exception_handler(StudyNotFound)
    @app.exception_handler(InterviewNotFound)
    async def not_found(request: Request, exc: Exception) -> Response:
        if _is_api(request):
            return problem_response(404, "not found in your workspace",
                                    instance=request.url.path)
        return pages.error_page(request, 404, "Not found",
                                "There is nothing here, or it belongs to another workspace.")

    @app.exception_handler(UnsafeText)
    async def unsafe_text(request: Request, exc: UnsafeText) -> Response:
        if _is_api(request):
            return problem_response(400, str(exc), instance=request.url.path)
        message = str(exc)
        return pages.error_page(request, 400, "This text cannot be saved",
                                message[:1].upper() + message[1:] + ".")

    async def storage_fault(request: Request, exc: Exception) -> Response:
        log.error("storage unavailable on %s %s: %s", request.method, request.url.path, exc)
        retry = {"Retry-After": str(RETRY_AFTER_SECONDS)}
        if _is_api(request):
            return problem_response(503, "the database cannot be read or written right now "
                                    "(disk full, read-only or unreachable); try again shortly",
                                    headers=retry, instance=request.url.path)
        response = pages.unavailable_page(request)
        response.headers.update(retry)
        return response

    for fault in STORAGE_FAULTS:
        app.add_exception_handler(fault, storage_fault)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        headers = dict(exc.headers or {})
        if _is_api(request) or request.url.path == "/openapi.json":
            extra: dict[str, Any] = {}
            detail = exc.detail
            if isinstance(detail, dict):
                extra = {k: v for k, v in detail.items() if k not in {"status"}}
                detail = str(extra.pop("detail", ""))
            return problem_response(exc.status_code, str(detail), headers=headers,
                                    instance=request.url.path, **extra)
        if exc.status_code == 404:
            response = pages.error_page(request, 404, "Page not found",
                                        "There is no page at this address.")
        else:
            response = pages.error_page(request, exc.status_code, "Something is not right",
                                        str(exc.detail))
        response.headers.update(headers)
        return response

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        errors = [{"loc": [str(p) for p in e.get("loc", ())], "message": e.get("msg", "")}
                  for e in exc.errors()]
        if _is_api(request):
            first = errors[0] if errors else {"loc": [], "message": "invalid request"}
            where = ".".join(first["loc"][1:] or first["loc"])
            return problem_response(422, f"{where}: {first['message']}" if where
                                    else first["message"], instance=request.url.path,
                                    errors=errors)
        if any(e["loc"] and e["loc"][0] == "path" for e in errors):
            return pages.error_page(request, 404, "Page not found",
                                    "There is no page at this address.")
        return pages.error_page(request, 400, "Something is missing",
                                "The form was incomplete. Go back and try again.")

    @app.exception_handler(Exception)
    async def crashed(request: Request, exc: Exception) -> Response:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        if _is_api(request):
            return problem_response(500, "something went wrong on the server; it has been "
                                    "logged", instance=request.url.path)
        return pages.error_page(request, 500, "Something went wrong",
                                "The error has been logged. Please try again in a moment.")


def _openapi(app: FastAPI) -> dict[str, Any]:
    if app.openapi_schema:
        return app.openapi_schema
    schema = get_openapi(title=app.title, version=app.version, description=app.description,
                         routes=app.routes)
    schema.setdefault("components", {}).setdefault("schemas", {})["Problem"] = {
        "type": "object",
        "description": "RFC 9457 problem details",
        "properties": {
            "type": {"type": "string"}, "title": {"type": "string"},
            "status": {"type": "integer"}, "detail": {"type": "string"},
            "instance": {"type": "string"},
        },
        "required": ["type", "title", "status", "detail"],
    }
    schema["components"].setdefault("securitySchemes", {})["bearer"] = {
        "type": "http", "scheme": "bearer",
        "description": "Create a token with `jobstory admin token EMAIL`",
    }
    schema["security"] = [{"bearer": []}]
    app.openapi_schema = schema
    return schema


#: Threads that run blocking handlers at once. Answers are short CPU-bound bursts under one GIL:
#: a few threads finish each one sooner than forty that keep preempting each other (p95 of the
#: load benchmark: 75 ms with 40, 29 ms with 6). With an LLM, a thread may wait on the network
#: for up to its deadline, so there are more.
WORKER_THREADS = {"embedded": 6, "llm": 40}


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    default = WORKER_THREADS["embedded" if app.state.llm is None else "llm"]
    threads = int(os.environ.get("JOBSTORY_WORKER_THREADS", default))
    to_thread.current_default_thread_limiter().total_tokens = threads
    app.state.analysis.start()  # background analysis runs (jobstory.analysis_runs)
    try:
        yield
    finally:
        app.state.analysis.stop()


def create_app(store: Store, *, llm: Any = None, base_url: str | None = None,
               smtp_url: str | None = None, secret: str | None = None) -> FastAPI:
    """The whole web platform over `store`.

    `base_url` is where participants reach the server (for their links; default: the URL of
    the request). `smtp_url` defaults to `JOBSTORY_SMTP_URL`; without one, invitations are
    shared as links instead of emailed. `secret` signs session cookies (default:
    `JOBSTORY_SECRET`, else a random one: sessions then end when the process does).
    """
    app = FastAPI(
        title="jobstory",
        version=__version__,
        description="Interview customers, then turn their stories into job stories. "
        "Researcher endpoints take `Authorization: Bearer <token>`; participant endpoints "
        "take the invitation token in the path.",
        docs_url=None, redoc_url=None, openapi_url="/openapi.json",
        lifespan=_lifespan,
    )
    app.state.store = store
    app.state.llm = llm
    app.state.service = InterviewService(store, llm)
    app.state.base_url = base_url.rstrip("/") if base_url else None
    app.state.smtp_url = smtp_url if smtp_url is not None else smtp_url_from_env()
    app.state.session_serializer = make_serializer(
        secret or os.environ.get(SECRET_ENV) or secrets.token_urlsafe(32))
    app.state.login_throttle = LoginThrottle(store)
    app.state.analysis = AnalysisWorker(store)

    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return RedirectResponse("/static/favicon.svg", status_code=301)

    app.include_router(health.router)
    app.include_router(api.router)
    app.include_router(insights.router)
    app.include_router(participant.router)
    app.include_router(voice.router)
    app.include_router(pages.router)
    app.include_router(participant_pages.router)
    app.include_router(design_pages.router)
    app.include_router(account.router)
    app.include_router(analysis_api.router)
    app.include_router(analysis_pages.router)
    app.include_router(publications.router)
    app.include_router(study_admin.router)
    app.include_router(delivery.router)
    app.add_middleware(SecurityHeaders, https=bool(base_url and base_url.startswith("https://")))
    _install_handlers(app)
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    return app
