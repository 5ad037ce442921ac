"""API errors as RFC 9457 problem details (`application/problem+json`)."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from fastapi.responses import JSONResponse
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

PROBLEM_JSON = "application/problem+json"

#: What the store raises when it cannot serve right now (disk full, file read-only, I/O error,
#: server down, pool exhausted): a 503 with Retry-After, since waiting may well fix it.
STORAGE_FAULTS: tuple[type[Exception], ...] = (OperationalError, PoolTimeout)
RETRY_AFTER_SECONDS = 5


class Problem(Exception):
    """Raise from an API handler; the app turns it into a problem+json response."""

    def __init__(self, status: int, detail: str, *, title: str | None = None,
                 type: str = "about:blank", headers: dict[str, str] | None = None,
                 **extra: Any) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.title = title or HTTPStatus(status).phrase
        self.type = type
        self.headers = headers or {}
        self.extra = extra


def problem_response(status: int, detail: str, *, title: str | None = None,
                     type: str = "about:blank", headers: dict[str, str] | None = None,
                     instance: str | None = None, **extra: Any) -> JSONResponse:
    body: dict[str, Any] = {
        "type": type,
        "title": title or HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
    }
    if instance:
        body["instance"] = instance
    body.update(extra)
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def from_problem(problem: Problem, instance: str | None = None) -> JSONResponse:
    return problem_response(problem.status, problem.detail, title=problem.title,
                            type=problem.type, headers=problem.headers, instance=instance,
                            **problem.extra)
