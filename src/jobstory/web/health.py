"""`/healthz` for operators and load balancers: can the store be read, and can it be written?

200 with `{"status": "ok", "read": true, "write": true}` when both work, else 503 with the one
that failed set to false (the error itself goes to the log, not to whoever asks). The write is
real and committed, so a full disk, a read-only file or a read-only server shows up here before
a participant's answer meets it: it rewrites the schema's version row with its own value, which
changes nothing and needs no table of its own.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from sqlalchemy import text

from jobstory.store.db import Store
from jobstory.web.deps import get_store
from jobstory.web.problems import RETRY_AFTER_SECONDS, STORAGE_FAULTS

log = logging.getLogger("jobstory.web.health")
router = APIRouter(include_in_schema=False)

_READ = text("SELECT version_num FROM alembic_version")
_WRITE = text("UPDATE alembic_version SET version_num = version_num")


def _works(probe: Callable[[], object], what: str) -> bool:
    try:
        probe()
    except STORAGE_FAULTS:
        log.warning("health check: the store cannot %s", what, exc_info=True)
        return False
    return True


def _read(store: Store) -> None:
    with store.read() as session:
        session.execute(_READ).all()


def _write(store: Store) -> None:
    with store.session() as session:
        session.execute(_WRITE)


def check(store: Store) -> dict[str, object]:
    readable = _works(lambda: _read(store), "read")
    writable = readable and _works(lambda: _write(store), "write")
    return {"status": "ok" if readable and writable else "unavailable", "read": readable,
            "write": writable, "database": store.dialect}


@router.get("/healthz")
async def healthz(request: Request) -> JSONResponse:
    body = await run_in_threadpool(check, get_store(request))
    healthy = body["status"] == "ok"
    headers = {"Cache-Control": "no-store"}
    if not healthy:
        headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return JSONResponse(body, status_code=200 if healthy else 503, headers=headers)
