"""What request handlers need from the running app, looked up on `app.state`."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Request

from jobstory.interview.session import InterviewService
from jobstory.store.db import Store

#: The largest id a row can have: ids are INTEGER columns, 32-bit on PostgreSQL. A larger
#: number in a URL names no row, yet both drivers raise on it (out of range on PostgreSQL, past
#: 64 bits on SQLite) instead of finding nothing, so routes refuse it before any query.
MAX_ID = 2**31 - 1

#: A row id taken from the URL path: 1..MAX_ID, else the request is invalid (422 in the API,
#: "Page not found" for pages).
RowId = Annotated[int, Path(ge=1, le=MAX_ID)]


def get_store(request: Request) -> Store:
    return request.app.state.store


def get_service(request: Request) -> InterviewService:
    return request.app.state.service
