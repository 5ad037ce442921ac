"""What request handlers need from the running app, looked up on `app.state`."""

from __future__ import annotations

from fastapi import Request

from jobstory.interview.session import InterviewService
from jobstory.store.db import Store


def get_store(request: Request) -> Store:
    return request.app.state.store


def get_service(request: Request) -> InterviewService:
    return request.app.state.service
