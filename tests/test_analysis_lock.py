"""Two server processes on one PostgreSQL database run one analysis of a study at a time."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import httpx
from sqlalchemy import select

from jobstory.store.db import open_store
from jobstory.store.tables import AnalysisRun
from jobstory.web.accounts import aware, create_api_token
from tests.analysis_support import study_with_interviews
from tests.conftest import free_port

ROOT = Path(__file__).parent.parent


def _wait_up(url: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/healthz").status_code < 500:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"{url} did not start")


def test_two_server_processes_never_run_one_study_twice_at_once(pg_url: str) -> None:
    store = open_store(pg_url)
    _account, study_id, _ = study_with_interviews(store, completed=2)
    token = create_api_token(store, "ada@example.com")
    ports = [free_port(), free_port()]
    servers = [subprocess.Popen([sys.executable, "-m", "tests.analysis_server", pg_url,
                                 str(port), "0.05"], cwd=ROOT) for port in ports]
    try:
        urls = [f"http://127.0.0.1:{port}" for port in ports]
        for url in urls:
            _wait_up(url)
        headers = {"Authorization": f"Bearer {token}"}
        most_running = 0
        for round_ in range(4):  # ask both servers, again and again, while runs go on
            reply = httpx.post(f"{urls[round_ % 2]}/api/studies/{study_id}/analysis",
                               headers=headers)
            assert reply.status_code == 202
            for _ in range(5):
                with store.read() as session:
                    running = session.scalars(select(AnalysisRun.id).where(
                        AnalysisRun.study_id == study_id,
                        AnalysisRun.status == "running")).all()
                most_running = max(most_running, len(running))
                time.sleep(0.1)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            with store.read() as session:
                rows = list(session.scalars(select(AnalysisRun).where(
                    AnalysisRun.study_id == study_id).order_by(AnalysisRun.started_at)))
            if rows and all(r.status in ("done", "failed") for r in rows):
                break
            time.sleep(0.3)
        assert rows and all(r.status == "done" for r in rows), [(r.status, r.error) for r in rows]
        assert most_running == 1
        for earlier, later in zip(rows, rows[1:]):  # one after the other, never overlapping
            assert aware(later.started_at) >= aware(earlier.finished_at)
        assert len({r.worker.rsplit(":", 2)[1] for r in rows}) >= 1
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=20)
        store.close()
