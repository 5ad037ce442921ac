"""Crash benchmark: kill -9 the server again and again while people answer; lose nothing.

Runs `jobstory serve` as a subprocess on 127.0.0.1 over a temporary SQLite file, and over
PostgreSQL (from `--pg URL`, or a throwaway local cluster started as the load benchmark does),
with N invited participants. Each participant is a thread with its own httpx client that goes
through the whole `jtbd-switch` guide the way the participant page does: every answer gets a
fresh idempotency key; the answer counts as acknowledged when a 200 status line arrives (for
the page, headers mean "durably stored"), and after a connection error, a 5xx or a broken reply
stream it sends the *same* answer with the *same* key again until it has the reply. Half the
answers ask for the SSE stream, half for plain JSON. Meanwhile the server gets SIGKILL
`--kills` times, each after `--min-gap`..`--max-gap` seconds of uptime and, when one comes
along within 2 s, while an answer is in flight; then it is started again on the same port.

Then, with the server up, it checks the store: every acknowledged answer is stored exactly once
(lost: acknowledged but missing; doubled: a key stored twice), nothing is stored that was never
acknowledged, every interview's turns run 1..n without gaps with moderator and participant
taking turns, and nobody is stuck: every interview reads back as completed over HTTP.

    python benchmarks/crash.py --kills 10 --participants 20
    python benchmarks/crash.py --engines sqlite --kills 30 --participants 40
    python benchmarks/crash.py --pg postgresql://user@127.0.0.1:5432/empty_db
"""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from load_interviews import (  # noqa: E402 - the load benchmark's seeding and checks
    Results,
    answer_for,
    free_port,
    local_postgres,
    seed,
    verify,
)

RETRY_STATUSES = {408, 425, 429, 500, 502, 503, 504}


# --------------------------------------------------------------------------- the server


class Server:
    """`jobstory serve` on one port, killed with SIGKILL and started again on demand."""

    def __init__(self, url: str, workdir: Path) -> None:
        self.url = url
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = (workdir / "server.log").open("ab")
        self.env = {**os.environ, "XDG_DATA_HOME": str(workdir / "data"),
                    "JOBSTORY_SECRET": secrets.token_urlsafe(32), "JOBSTORY_SMTP_URL": ""}
        self.process: subprocess.Popen[bytes] | None = None
        self.restart_seconds: list[float] = []

    def start(self) -> None:
        began = time.monotonic()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "jobstory", "serve", "--db", self.url, "--port",
             str(self.port)], stdout=subprocess.DEVNULL, stderr=self.log, env=self.env)
        deadline = began + 60
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited with {self.process.returncode}; "
                                   f"see {self.log.name}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("the server did not start within 60 s") from None
                time.sleep(0.05)
        self.restart_seconds.append(time.monotonic() - began)

    def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()
        self.log.close()


# --------------------------------------------------------------------------- participants


@dataclass
class Tally:
    """What the participants saw; one lock, since every thread counts into it."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    in_flight: int = 0
    resent: Counter[str] = field(default_factory=Counter)  # why an answer was sent again
    gave_up: list[str] = field(default_factory=list)

    def add(self, name: str, value: int = 1) -> None:
        with self.lock:
            setattr(self, name, getattr(self, name) + value)

    def resend(self, why: str) -> None:
        with self.lock:
            self.resent[why] += 1


def _reply(response: httpx.Response, sse: bool) -> dict[str, Any]:
    """The turn JSON from a plain reply, or from the last `turn` event of a stream."""
    body = response.read()
    if not sse:
        return json.loads(body)
    block = body.decode().rstrip("\n").split("\n\n")[-1]
    if not block.startswith("event: turn\n"):
        raise ValueError("the reply stream ended before its turn event")
    return json.loads(block.split("data: ", 1)[1])


def _answer(client: httpx.Client, token: str, body: dict[str, Any], sse: bool, tally: Tally,
            acknowledged: set[str], deadline: float) -> dict[str, Any]:
    """Send one answer until its reply arrives, the same key every time, as the page does."""
    accept = "text/event-stream" if sse else "application/json"
    pause = 0.05
    while time.monotonic() < deadline:
        tally.add("in_flight")
        try:
            with client.stream("POST", f"/api/interviews/{token}/answers", json=body,
                               headers={"Accept": accept}) as response:
                if response.status_code == 200:
                    acknowledged.add(body["idempotency_key"])  # headers: durably stored
                    return _reply(response, sse)
                if response.status_code not in RETRY_STATUSES:
                    raise RuntimeError(f"HTTP {response.status_code}: {response.read()[:200]!r}")
                tally.resend(f"HTTP {response.status_code}")
        except httpx.ConnectError:
            tally.resend("connection refused (server down)")
        except (httpx.TransportError, ValueError):
            tally.resend("connection lost mid-answer")
        finally:
            tally.add("in_flight", -1)
        time.sleep(pause)
        pause = min(pause * 2, 1.0)
    raise TimeoutError("no reply before the deadline")


def _state(client: httpx.Client, token: str, deadline: float) -> dict[str, Any]:
    while True:
        try:
            response = client.get(f"/api/interviews/{token}")
            if response.status_code == 200:
                return response.json()
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline:
            raise TimeoutError("the interview could not be read before the deadline")
        time.sleep(0.1)


def participant(base: str, token: str, rng: random.Random, args: argparse.Namespace,
                tally: Tally, acknowledged: set[str], deadline: float) -> None:
    transport = httpx.HTTPTransport(retries=0)
    with httpx.Client(base_url=base, transport=transport, timeout=20) as client:
        try:
            turn = _state(client, token, deadline)["next"]
            while turn is not None and turn["kind"] != "closing":
                time.sleep(rng.uniform(args.think_min_ms, args.think_max_ms) / 1000)
                body = {"answer": answer_for(turn, rng, args.vague_share),
                        "idempotency_key": str(uuid.uuid4()), "reply_to": turn["seq"]}
                turn = _answer(client, token, body, rng.random() < 0.5, tally, acknowledged,
                               deadline)["turn"]
        except Exception as error:  # noqa: BLE001 - a benchmark reports, it does not stop
            with tally.lock:
                tally.gave_up.append(f"{type(error).__name__}: {error}")


# --------------------------------------------------------------------------- the store


def broken_sequences(store: Any) -> int:
    """Interviews whose turns are not 1..n, moderator first, then taking turns."""
    from sqlalchemy import select

    from jobstory.store.tables import TurnRow

    turns: dict[int, list[tuple[int, str]]] = {}
    with store.read() as session:
        for interview_id, seq, role in session.execute(
                select(TurnRow.interview_id, TurnRow.seq, TurnRow.role)
                .order_by(TurnRow.interview_id, TurnRow.seq)):
            turns.setdefault(interview_id, []).append((seq, role))
    broken = 0
    for rows in turns.values():
        expected = [(i, "moderator" if i % 2 else "participant") for i in range(1, len(rows) + 1)]
        broken += int(rows != expected)
    return broken


def stuck(base: str, tokens: list[str]) -> int:
    """Participants whose interview does not read back as completed over HTTP."""
    with httpx.Client(base_url=base, timeout=20) as client:
        return sum(_state(client, token, time.monotonic() + 30)["status"] != "completed"
                   for token in tokens)


# --------------------------------------------------------------------------- one engine


def run_engine(name: str, url: str, args: argparse.Namespace, workdir: Path) -> dict[str, Any]:
    from jobstory.store.db import open_store
    from jobstory.web.accounts import create_user

    store = open_store(url)
    # A user exists, so `serve` seeds no demo study whose interviews would count as ours.
    create_user(store, "crash@bench.invalid", secrets.token_urlsafe(18))
    tokens = seed(store, args.participants)
    results = Results()
    tally = Tally()
    rng = random.Random(args.seed)
    server = Server(url, workdir)
    killed_with_answers_in_flight = 0
    started = time.monotonic()
    deadline = started + args.max_seconds
    try:
        server.start()
        threads = []
        for index, token in enumerate(tokens):
            keys = results.acknowledged.setdefault(token, set())
            thread = threading.Thread(target=participant, daemon=True, args=(
                server.base, token, random.Random(args.seed * 100_003 + index), args, tally,
                keys, deadline))
            threads.append(thread)
            thread.start()
        kills = 0
        while kills < args.kills and any(t.is_alive() for t in threads):
            time.sleep(rng.uniform(args.min_gap, args.max_gap))
            aim = time.monotonic() + 2  # kill mid-answer when one comes along soon
            while tally.in_flight == 0 and time.monotonic() < aim:
                time.sleep(0.001)
            killed_with_answers_in_flight += tally.in_flight > 0
            server.kill()
            kills += 1
            server.start()
        for thread in threads:
            thread.join(max(0.0, deadline - time.monotonic()) + 30)
        elapsed = time.monotonic() - started
        left_stuck = stuck(server.base, tokens)
    finally:
        server.stop()
    check = verify(store, results)
    broken = broken_sequences(store)
    store.close()
    restarts = server.restart_seconds[1:]
    ok = (check["lost"] == 0 and check["doubled"] == 0 and check["unacknowledged_stored"] == 0
          and broken == 0 and left_stuck == 0 and check["incomplete_interviews"] == 0
          and not tally.gave_up)
    print(f"\n== {name}: {args.participants} participants, {kills} kills ==")
    print(f"kills: {kills}, {killed_with_answers_in_flight} with answers in flight; "
          f"restart {sum(restarts) / max(len(restarts), 1):.1f} s on average; "
          f"run {elapsed:.0f} s")
    resent = ", ".join(f"{n} after {why}" for why, n in tally.resent.most_common()) or "none"
    print(f"answers: {check['acknowledged']} acknowledged, {check['stored_rows']} stored; "
          f"sent again with the same key: {resent}")
    print(f"check: lost={check['lost']}, doubled={check['doubled']}, "
          f"stored-but-unacknowledged={check['unacknowledged_stored']}, "
          f"broken turn sequences={broken}, stuck={left_stuck} "
          f"(incomplete interviews in the store: {check['incomplete_interviews']}) -> "
          f"{'OK' if ok else 'FAILED'}")
    for problem in tally.gave_up[:5]:
        print(f"  gave up: {problem}")
    return {"engine": name, "kills": kills, "in_flight_kills": killed_with_answers_in_flight,
            "resent": dict(tally.resent), "broken": broken, "stuck": left_stuck,
            "gave_up": len(tally.gave_up), "ok": ok, **check}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kills", type=int, default=10)
    parser.add_argument("--participants", type=int, default=20)
    parser.add_argument("--min-gap", type=float, default=0.5,
                        help="seconds of uptime before a kill, drawn uniformly")
    parser.add_argument("--max-gap", type=float, default=2.5)
    parser.add_argument("--think-min-ms", type=int, default=300)
    parser.add_argument("--think-max-ms", type=int, default=2500)
    parser.add_argument("--vague-share", type=float, default=0.3)
    parser.add_argument("--max-seconds", type=float, default=600,
                        help="participants give up (and count as stuck) after this long")
    parser.add_argument("--engines", default="sqlite,postgresql")
    parser.add_argument("--pg", help="a PostgreSQL URL (an empty database) to use")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", help="also write the summary as JSON to this file")
    args = parser.parse_args(argv)
    args.kills = max(0, min(args.kills, 1000))
    args.participants = max(1, min(args.participants, 500))
    args.max_seconds = min(args.max_seconds, 3600)
    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    summaries = []
    with tempfile.TemporaryDirectory(prefix="jobstory-crash-") as tmp:
        workdir = Path(tmp)
        if "sqlite" in engines:
            summaries.append(run_engine("SQLite", f"sqlite:///{workdir / 'crash.sqlite'}",
                                        args, workdir))
        if "postgresql" in engines:
            if args.pg:
                summaries.append(run_engine("PostgreSQL", args.pg, args, workdir))
            else:
                with local_postgres(fsync=True) as url:
                    if url is None:
                        print("\n== PostgreSQL: skipped (no --pg URL and no initdb/pg_ctl) ==")
                    else:
                        summaries.append(run_engine("PostgreSQL (local, fsync=on)", url, args,
                                                    workdir))
    if args.json:
        Path(args.json).write_text(json.dumps(summaries, indent=2))
    return 0 if all(s["ok"] for s in summaries) else 1


if __name__ == "__main__":
    sys.exit(main())
