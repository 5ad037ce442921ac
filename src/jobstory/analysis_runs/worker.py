"""The background thread a server process runs analyses in.

Every `poll` seconds it queues a run for each study with newly completed interviews (once no
interview has completed for `quiet` seconds), then claims one run and executes it, renewing
the run's lease from a second thread so a long embedding step never looks dead. Stopping the
server stops the run at its next progress report and gives it back to the queue; a process
killed outright leaves a stale lease, which another process (or this one, restarted) claims.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import timedelta

from jobstory.analysis_runs import queue
from jobstory.analysis_runs.execute import included_interviews, run_analysis
from jobstory.analysis_runs.results import last_good_run
from jobstory.store.db import Store
from jobstory.synthesis.embed import Embedder

log = logging.getLogger("jobstory.analysis")
#: Seconds without a new completion before a run starts: a burst makes one run.
QUIET_SECONDS = 20.0
POLL_SECONDS = 2.0
#: Progress is written at most this often (plus every change of step).
PROGRESS_SECONDS = 0.5


class Stopped(Exception):
    """The server is stopping, or another process took the run over."""


class AnalysisWorker:
    """One per server process; `start()` and `stop()` from the app's lifespan."""

    def __init__(self, store: Store, *, embedder: Callable[[], Embedder] | None = None,
                 quiet: float = QUIET_SECONDS, poll: float = POLL_SECONDS) -> None:
        self.store = store
        self.embedder = embedder
        self.quiet = quiet
        self.poll = poll
        self.id = queue.worker_id()
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._loop, name="analysis-worker", daemon=True)
        self._thread.start()

    def stop(self, wait: float = 5.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=wait)

    def wake(self) -> None:
        """Look for work now (a run was just requested) instead of at the next poll."""
        self._wake.set()

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                self.step()
            except Exception:  # noqa: BLE001 - a broken poll must not end the thread
                log.exception("analysis worker: poll failed")
            self._wake.wait(self.poll)
            self._wake.clear()

    def step(self) -> int | None:
        """Queue what is due, then run one claimed run; its id, or None if idle."""
        for study_id in queue.due_studies(self.store, timedelta(seconds=self.quiet)):
            queue.request_run(self.store, study_id, trigger="interview")
        run_id = queue.claim(self.store, self.id)
        if run_id is not None:
            self.execute(run_id)
        return run_id

    def execute(self, run_id: int) -> None:
        from jobstory.store.tables import AnalysisRun

        with self.store.read() as session:
            row = session.get(AnalysisRun, run_id)
            assert row is not None
            study_id = row.study_id
        lost = threading.Event()
        beating = threading.Event()

        def beat() -> None:
            while not beating.wait(queue.HEARTBEAT_SECONDS):
                try:
                    if not queue.heartbeat(self.store, run_id, self.id):
                        lost.set()
                        return
                except Exception:  # noqa: BLE001 - the next beat tries again
                    log.warning("analysis run %s: heartbeat failed", run_id, exc_info=True)

        last = [0.0, ""]

        def progress(step: str, done: int, total: int) -> None:
            if self._stop.is_set() or lost.is_set():
                raise Stopped
            moment = time.monotonic()
            if step != last[1] or moment - last[0] >= PROGRESS_SECONDS or done == total:
                last[:] = [moment, step]
                if not queue.heartbeat(self.store, run_id, self.id, step=step, done=done,
                                       total=total):
                    lost.set()
                    raise Stopped

        pulse = threading.Thread(target=beat, name=f"analysis-{run_id}-lease", daemon=True)
        pulse.start()
        try:
            interviews, through = included_interviews(self.store, study_id)
            queue.mark_inputs(self.store, run_id, len(interviews), through)
            previous = last_good_run(self.store, study_id)
            outputs = run_analysis(
                self.store, study_id, interviews=interviews,
                previous=previous.result if previous else None,
                embedder=self.embedder() if self.embedder else None, progress=progress)
            queue.finish(self.store, run_id, self.id, result=outputs.result,
                         report_html=outputs.report_html, report_md=outputs.report_md)
        except Stopped:
            if not lost.is_set():
                queue.release(self.store, run_id, self.id)
        except Exception as error:  # noqa: BLE001 - the run fails, the worker goes on
            log.exception("analysis run %s failed", run_id)
            queue.fail(self.store, run_id, self.id, f"{type(error).__name__}: {error}")
        finally:
            beating.set()
            pulse.join(timeout=2)
