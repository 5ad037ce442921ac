"""Load benchmark: many participants answering interviews at once over real HTTP.

Starts the web app under uvicorn in a subprocess on 127.0.0.1 (a temporary SQLite file; and
PostgreSQL, from `--pg URL` or a throwaway local cluster when initdb/pg_ctl are installed),
creates one study and N participants with invitations straight through the store, then runs N
simulated participants concurrently (asyncio + httpx). Each completes the whole `jtbd-switch`
guide with a mix of vague and specific answers (so probes and follow-ups happen), pauses to
"think" between answers (2-6 s by default: people need far longer to read and type, so this is
a harsher load than 200 real participants; `--think-max-ms 0` measures saturation instead), and
resends about 5% of its answers with the same idempotency key, as a client does after a lost
response.

It reports answers/s and p50/p95/p99 latency from sending the POST to the first byte of the
moderator's next turn, separately for the SSE mode (`Accept: text/event-stream`) and plain JSON,
and the server's CPU time per request, which unlike latency hardly moves when other work shares
the machine (the load average before each run is printed for that reason).
Afterwards it checks the database: every acknowledged answer is stored exactly once (zero lost,
zero doubled), and every interview is complete. Loopback only; bounded in count and time.

    python benchmarks/load_interviews.py                        # SQLite, plus local PostgreSQL
    python benchmarks/load_interviews.py --participants 200 --engines sqlite
    python benchmarks/load_interviews.py --pg postgresql://user@127.0.0.1:5432/db
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

SPECIFIC = [
    "Last March, two days before the quarterly close, our invoicing spreadsheet crashed and I "
    "spent six hours on a Sunday re-typing 140 invoices with my colleague Maria.",
    "In January my accountant emailed at 9pm saying three VAT returns were wrong; I lost the "
    "whole next morning matching 60 receipts to bank lines by hand.",
    "When we hired our fourth engineer in May, payroll took me a full Friday afternoon because "
    "the old tool could not handle two pay schedules, and Tom was paid a week late.",
    "The first week of April I tried a free trial on my phone at the school gate, imported last "
    "year's 200 invoices in ten minutes and sent our first reminder that evening.",
    "My business partner Sara showed me her dashboard at a conference in Berlin last autumn; "
    "her overdue invoices were down from 30 to 4 within two months.",
]
VAGUE = ["I don't know, it was fine.", "Not sure really.", "It was ok I guess.",
         "Things were just annoying.", "Hard to say."]


# --------------------------------------------------------------------------- the server


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def build_app(store: Any, kind: str) -> Any:
    """The real app (`jobstory.web.app.create_app`) or just the participant router."""
    if kind in {"auto", "real"}:
        try:
            from jobstory.web.app import create_app
        except ImportError:
            if kind == "real":
                raise
        else:
            return create_app(store)
    from fastapi import FastAPI

    from jobstory.interview.session import InterviewService
    from jobstory.web import participant

    app = FastAPI()
    app.state.store = store
    app.state.service = InterviewService(store)
    app.include_router(participant.router)
    return app


def serve(url: str, port: int, app_kind: str) -> None:
    """The subprocess: serve the app on 127.0.0.1:port until terminated."""
    import uvicorn

    from jobstory.store.db import open_store

    store = open_store(url, migrate_schema=False)
    uvicorn.run(build_app(store, app_kind), host="127.0.0.1", port=port, log_level="warning",
                access_log=False, lifespan="on")


@dataclass
class ServerUsage:
    """CPU seconds the server used while serving (start-up excluded): unlike wall-clock
    latency, this barely moves when other work shares the machine."""

    pid: int = 0
    start_s: float = 0.0
    cpu_s: float = 0.0

    def read(self) -> float:
        try:
            fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return 0.0
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def begin(self) -> None:
        self.start_s = self.read()

    def end(self) -> None:
        self.cpu_s = self.read() - self.start_s


@contextmanager
def server(url: str, app_kind: str, usage: ServerUsage) -> Iterator[str]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, __file__, "--serve", url, "--port", str(port), "--app", app_kind],
        stdout=subprocess.DEVNULL, stderr=None,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"the server exited with {process.returncode}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("the server did not start within 60 s") from None
                time.sleep(0.1)
        usage.pid = process.pid
        yield f"http://127.0.0.1:{port}"
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# --------------------------------------------------------------------------- PostgreSQL


def _pg_bin() -> Path | None:
    for candidate in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (candidate / "initdb").exists():
            return candidate
    found = shutil.which("initdb")
    return Path(found).parent if found else None


@contextmanager
def local_postgres(fsync: bool) -> Iterator[str | None]:
    """A throwaway cluster on 127.0.0.1 (as tests/conftest.py's pg_server); None if absent."""
    bindir = _pg_bin()
    if bindir is None:
        yield None
        return
    root = Path(tempfile.mkdtemp(prefix="jobstory-bench-pg-"))
    os.chmod(root, 0o755)
    data = root / "data"
    run_as: list[str] = []
    if os.geteuid() == 0:  # initdb refuses to run as root
        shutil.chown(root, "postgres")
        run_as = ["runuser", "-u", "postgres", "--"]
    port = free_port()
    try:
        subprocess.run([*run_as, str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U",
                        "jobstory", "--no-sync"], check=True, capture_output=True)
        options = (f"-h 127.0.0.1 -p {port} -k {root} -c max_connections=300 "
                   f"-c fsync={'on' if fsync else 'off'}")
        subprocess.run([*run_as, str(bindir / "pg_ctl"), "-D", str(data), "-o", options, "-l",
                        str(root / "log"), "-w", "start"], check=True, capture_output=True)
        import psycopg

        with psycopg.connect(f"postgresql://jobstory@127.0.0.1:{port}/postgres",
                             autocommit=True) as conn:
            conn.execute('CREATE DATABASE "bench"')
        yield f"postgresql://jobstory@127.0.0.1:{port}/bench"
    finally:
        subprocess.run([*run_as, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate",
                        "stop"], capture_output=True)
        shutil.rmtree(root, ignore_errors=True)


# --------------------------------------------------------------------------- seeding


def seed(store: Any, participants: int) -> list[str]:
    from jobstory.guides import load_guide
    from jobstory.store.tables import Invitation, ParticipantRow, Study

    now = datetime.now(UTC)
    tokens = [secrets.token_urlsafe(24) for _ in range(participants)]
    with store.session() as session:
        study = Study(title="Load benchmark", created_at=now,
                      guide=load_guide("jtbd-switch").model_dump(mode="json"))
        session.add(study)
        session.flush()
        people = [ParticipantRow(study_id=study.id, name=f"Person {i}",
                                 email=f"p{i}@bench.invalid", fields={"product": "Acme Books"},
                                 created_at=now) for i in range(participants)]
        session.add_all(people)
        session.flush()
        session.add_all([Invitation(participant_id=p.id, token=t, created_at=now)
                         for p, t in zip(people, tokens, strict=True)])
    return tokens


# --------------------------------------------------------------------------- participants


@dataclass
class Results:
    latencies: dict[str, list[float]] = field(default_factory=lambda: {"sse": [], "json": []})
    acknowledged: dict[str, set[str]] = field(default_factory=dict)  # token -> keys
    retries: int = 0
    network_retries: int = 0
    retry_mismatches: int = 0
    errors: list[str] = field(default_factory=list)
    completed: int = 0
    client_cpu_s: float = 0.0


def answer_for(turn: dict[str, Any], rng: random.Random, vague_share: float) -> Any:
    question = turn.get("question") or {}
    match turn["widget"]:
        case "scale":
            return rng.randint(question["min"], question["max"])
        case "single_choice":
            return rng.choice(question["options"])
        case "multiple_choice":
            return rng.sample(question["options"], rng.randint(1, len(question["options"])))
        case "ranking":
            return rng.sample(question["options"], len(question["options"]))
        case "yes_no":
            return rng.choice(["yes", "no"])
        case _:
            return rng.choice(VAGUE) if rng.random() < vague_share else rng.choice(SPECIFIC)


async def send(client: Any, token: str, answer: Any, key: str, reply_to: int, mode: str,
               results: Results) -> tuple[float, dict[str, Any]]:
    """POST one answer as the page does; returns (ms to the reply's first byte, reply JSON).

    Like the page, a network error is retried with the same key (a kept-alive connection that
    the server closed while the participant was "thinking" fails that way); the time counts
    from the first attempt.
    """
    import httpx

    headers = {"Accept": "text/event-stream"} if mode == "sse" else {"Accept": "application/json"}
    body = json.dumps({"answer": answer, "idempotency_key": key, "reply_to": reply_to}).encode()
    start = time.perf_counter()
    for attempt in range(4):
        try:
            async with client.stream("POST", f"/api/interviews/{token}/answers", content=body,
                                     headers={**headers, "Content-Type": "application/json"}
                                     ) as response:
                raw = b""
                first: float | None = None
                async for chunk in response.aiter_raw():
                    if first is None:
                        first = time.perf_counter()
                    raw += chunk
            break
        except httpx.TransportError:
            if attempt == 3:
                raise
            results.network_retries += 1
    if response.status_code != 200:
        raise RuntimeError(f"HTTP {response.status_code}: {raw[:300]!r}")
    assert first is not None
    if mode == "sse":
        block = raw.decode().rstrip("\n").split("\n\n")[-1]
        assert block.startswith("event: turn\n"), block[:80]
        result = json.loads(block.split("data: ", 1)[1])
    else:
        result = json.loads(raw)
    return (first - start) * 1000, result


async def participant(client: Any, token: str, seed_value: int, args: argparse.Namespace,
                      results: Results, deadline: float) -> None:
    rng = random.Random(seed_value)
    keys = results.acknowledged.setdefault(token, set())
    response = await client.get(f"/api/interviews/{token}")
    turn = response.json()["next"]
    await asyncio.sleep(rng.uniform(0, args.think_max_ms / 1000))  # arrivals spread out
    for _ in range(80):
        if turn["kind"] == "closing" or time.monotonic() > deadline:
            break
        answer = answer_for(turn, rng, args.vague_share)
        key = str(uuid.uuid4())
        mode = "sse" if rng.random() < args.sse_share else "json"
        try:
            ms, result = await send(client, token, answer, key, turn["seq"], mode, results)
            results.latencies[mode].append(ms)
            keys.add(key)
            if rng.random() < args.retry_share:  # the response "was lost": same key again
                results.retries += 1
                _, again = await send(client, token, answer, key, turn["seq"], mode, results)
                if again != result:
                    results.retry_mismatches += 1
        except Exception as error:  # noqa: BLE001 - a benchmark reports, it does not stop
            results.errors.append(f"{type(error).__name__}: {error}")
            return
        turn = result["turn"]
        await asyncio.sleep(rng.uniform(args.think_min_ms, args.think_max_ms) / 1000)
    if turn["kind"] == "closing":
        results.completed += 1


async def drive(url: str, tokens: list[str], args: argparse.Namespace) -> tuple[Results, float]:
    """Run every participant; at most `concurrency` at once, each on its own connection.

    One small client per participant, not one shared pool: httpcore's pool scans its
    connections on every request, and with hundreds of them the *client* becomes the
    bottleneck and its delays would be counted as server latency.
    """
    import httpx

    results = Results()
    semaphore = asyncio.Semaphore(args.concurrency)
    deadline = time.monotonic() + args.max_seconds
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    transport_options = {"retries": 0, "verify": False}  # plain HTTP on loopback

    async def bounded(index: int, token: str) -> None:
        async with semaphore:
            transport = httpx.AsyncHTTPTransport(limits=limits, **transport_options)
            async with httpx.AsyncClient(base_url=url, transport=transport, timeout=120) as client:
                await participant(client, token, args.seed * 100_003 + index, args, results,
                                  deadline)

    start = time.perf_counter()
    cpu = time.process_time()
    await asyncio.gather(*(bounded(i, t) for i, t in enumerate(tokens)))
    elapsed = time.perf_counter() - start
    results.client_cpu_s = time.process_time() - cpu
    return results, elapsed


# --------------------------------------------------------------------------- verification


def verify(store: Any, results: Results) -> dict[str, int]:
    """Every acknowledged answer stored exactly once; nothing stored that was not acknowledged."""
    from sqlalchemy import func, select

    from jobstory.store.tables import Invitation, InterviewRow, TurnRow

    with store.read() as session:
        rows = session.execute(
            select(Invitation.token, TurnRow.idempotency_key)
            .join(InterviewRow, InterviewRow.participant_id == Invitation.participant_id)
            .join(TurnRow, TurnRow.interview_id == InterviewRow.id)
            .where(TurnRow.role == "participant")
        ).all()
        incomplete = session.scalar(
            select(func.count()).select_from(InterviewRow)
            .where(InterviewRow.status != "completed")) or 0
    stored: dict[tuple[str, str], int] = {}
    for token, key in rows:
        stored[(token, key)] = stored.get((token, key), 0) + 1
    acknowledged = {(t, k) for t, keys in results.acknowledged.items() for k in keys}
    return {
        "acknowledged": len(acknowledged),
        "stored_rows": len(rows),
        "lost": sum(1 for pair in acknowledged if pair not in stored),
        "doubled": sum(count - 1 for count in stored.values() if count > 1),
        "unacknowledged_stored": sum(1 for pair in stored if pair not in acknowledged),
        "incomplete_interviews": incomplete,
    }


# --------------------------------------------------------------------------- report


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def run_engine(name: str, url: str, args: argparse.Namespace) -> dict[str, Any]:
    from jobstory.store.db import open_store

    store = open_store(url)
    load_before = " ".join(f"{x:.1f}" for x in os.getloadavg())
    try:
        tokens = seed(store, args.participants)
        usage = ServerUsage()
        with server(url, args.app, usage) as base:
            usage.begin()
            results, elapsed = asyncio.run(drive(base, tokens, args))
            usage.end()
        check = verify(store, results)
    finally:
        store.close()
    everything = results.latencies["sse"] + results.latencies["json"]
    answers = len(everything)
    print(f"\n== {name}: {args.participants} participants, concurrency {args.concurrency}, "
          f"think {args.think_min_ms}-{args.think_max_ms} ms ==")
    print(f"answers acknowledged: {answers} in {elapsed:.1f} s = {answers / elapsed:.1f} answers/s "
          f"(+{results.retries} deliberate and {results.network_retries} after-network-error "
          f"same-key retries); interviews completed: "
          f"{results.completed}/{args.participants}")
    requests = answers + results.retries + results.network_retries + args.participants
    print(f"server CPU: {usage.cpu_s:.1f} s = {usage.cpu_s * 1000 / max(requests, 1):.1f} ms per "
          f"request (single process); client CPU: {results.client_cpu_s:.1f} s; "
          f"load average before the run: {load_before}")
    print("latency, POST -> first byte of the next turn (ms):")
    for mode in ("sse", "json"):
        values = results.latencies[mode]
        if values:
            print(f"  {mode:<4} n={len(values):<6} p50={percentile(values, 50):7.1f}  "
                  f"p95={percentile(values, 95):7.1f}  p99={percentile(values, 99):7.1f}  "
                  f"max={max(values):7.1f}  mean={statistics.fmean(values):6.1f}")
    print(f"  all  n={answers:<6} p50={percentile(everything, 50):7.1f}  "
          f"p95={percentile(everything, 95):7.1f}  p99={percentile(everything, 99):7.1f}")
    ok = (check["lost"] == 0 and check["doubled"] == 0 and check["unacknowledged_stored"] == 0
          and results.retry_mismatches == 0 and not results.errors)
    print(f"durability: {check['acknowledged']} acknowledged, {check['stored_rows']} stored rows, "
          f"lost={check['lost']}, doubled={check['doubled']}, "
          f"stored-but-unacknowledged={check['unacknowledged_stored']}, "
          f"retry mismatches={results.retry_mismatches}, errors={len(results.errors)}, "
          f"interviews left incomplete in the DB={check['incomplete_interviews']} -> "
          f"{'OK: every acknowledged answer stored exactly once' if ok else 'FAILED'}")
    for error in results.errors[:5]:
        print(f"  error: {error}")
    return {"engine": name, "answers": answers, "seconds": elapsed, "ok": ok,
            "server_cpu_s": usage.cpu_s,
            "p95_all": percentile(everything, 95), **check}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=None,
                        help="participants in flight at once (default: all of them)")
    parser.add_argument("--think-min-ms", type=int, default=2000,
                        help="pause between answers, drawn uniformly (people take far longer)")
    parser.add_argument("--think-max-ms", type=int, default=6000)
    parser.add_argument("--vague-share", type=float, default=0.3)
    parser.add_argument("--retry-share", type=float, default=0.05)
    parser.add_argument("--sse-share", type=float, default=0.5)
    parser.add_argument("--max-seconds", type=float, default=300,
                        help="stop sending new answers after this long")
    parser.add_argument("--engines", default="sqlite,postgresql")
    parser.add_argument("--pg", help="a PostgreSQL URL (an empty database) to use")
    parser.add_argument("--pg-fsync", choices=["on", "off"], default="on",
                        help="fsync for the throwaway local cluster")
    parser.add_argument("--app", choices=["auto", "real", "router"], default="auto")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", help="also write the summary as JSON to this file")
    parser.add_argument("--serve", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve:
        serve(args.serve, args.port, args.app)
        return 0
    args.participants = max(1, min(args.participants, 5000))
    args.concurrency = max(1, min(args.concurrency or args.participants, args.participants))
    args.max_seconds = min(args.max_seconds, 1800)
    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    summaries = []
    with tempfile.TemporaryDirectory(prefix="jobstory-bench-") as tmp:
        if "sqlite" in engines:
            summaries.append(run_engine("SQLite", f"sqlite:///{Path(tmp) / 'bench.sqlite'}", args))
        if "postgresql" in engines:
            if args.pg:
                summaries.append(run_engine("PostgreSQL", args.pg, args))
            else:
                with local_postgres(args.pg_fsync == "on") as url:
                    if url is None:
                        print("\n== PostgreSQL: skipped (no --pg URL and no initdb/pg_ctl) ==")
                    else:
                        summaries.append(run_engine(f"PostgreSQL (local, fsync={args.pg_fsync})",
                                                    url, args))
    if args.json:
        Path(args.json).write_text(json.dumps(summaries, indent=2))
    return 0 if all(s["ok"] for s in summaries) else 1


if __name__ == "__main__":
    sys.exit(main())
