"""A fake OpenAI-compatible server for tests: a real HTTP server on 127.0.0.1.

It speaks the OpenAI wire format on a free port:

    POST /v1/chat/completions   scripted per test (see the reply helpers below)
    GET  /v1/models             one model, FAKE_MODEL
    POST /v1/embeddings         deterministic unit vectors (hash of the text), `dimensions`
                                honoured, default 16

Use it through the `fake_llm` fixture. In a test module:

    from tests.fake_llm import fake_llm  # noqa: F401  (pytest finds the fixture by name)

or, for every test, `pytest_plugins = ["tests.fake_llm"]` in the root conftest.py.

    def test_x(fake_llm):
        fake_llm.script(text("What happened next?"), status(500), delay(5))
        llm = LLM(fake_llm.config(deadline=0.5))        # or monkeypatch.setenv(**fake_llm.env())
        ...
        fake_llm.requests[0].system, fake_llm.requests[0].user   # what the client sent

Chat replies are taken from the queue in order; `script(fn)` instead answers every chat request
with `fn(request) -> Reply`; with both empty the server answers `default` (a neutral probe).
"""

from __future__ import annotations

import hashlib
import json
import math
import struct
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

FAKE_MODEL = "fake-model"
DEFAULT_PROBE = 'What happened right before you "looked around"?'


# --------------------------------------------------------------------------- scripted replies


@dataclass(frozen=True)
class Reply:
    """One scripted answer to a chat completion request."""

    status: int = 200
    content: str | None = None  # the assistant's text (a normal completion)
    body: bytes | None = None  # raw body instead of a completion (malformed, error JSON)
    choices: list[Any] | None = None  # override the choices array (e.g. empty)
    delay: float = 0.0  # seconds to wait before answering
    trickle: float = 0.0  # seconds between single bytes of the body (headers sent at once)


def text(content: str, *, delay: float = 0.0) -> Reply:
    """A normal completion whose assistant message is `content`."""
    return Reply(content=content, delay=delay)


def delay(seconds: float, then: str = DEFAULT_PROBE) -> Reply:
    """Wait `seconds`, then answer normally (longer than the deadline = a hung server)."""
    return Reply(content=then, delay=seconds)


def trickle(content: str = DEFAULT_PROBE, *, every: float = 0.2) -> Reply:
    """Send headers at once, then the body one byte every `every` seconds."""
    return Reply(content=content, trickle=every)


def status(code: int = 500, message: str = "internal error") -> Reply:
    """An HTTP error with an OpenAI-style error body."""
    err = {"error": {"message": message, "type": "server_error", "code": code}}
    return Reply(status=code, body=json.dumps(err).encode())


def malformed() -> Reply:
    """200 with a JSON content type and a body that is not JSON."""
    return Reply(body=b'{"id": "chatcmpl-broken", "choices": [ {"message": ')


def empty_choices() -> Reply:
    """A well-formed completion with no choices."""
    return Reply(choices=[])


def empty_content() -> Reply:
    """A completion whose message content is empty."""
    return Reply(content="")


def leading() -> Reply:
    """A leading tag question, which must be rejected."""
    return text("You loved how fast it was, right?")


def injected_echo() -> Reply:
    """A reply that obeys an instruction injected in the participant's answer."""
    return text("You loved it, right?")


# --------------------------------------------------------------------------- recording


@dataclass
class RecordedRequest:
    method: str
    path: str
    headers: dict[str, str]
    body: Any  # parsed JSON, or None
    raw: bytes = b""
    at: float = field(default_factory=time.monotonic)

    def _message(self, role: str) -> str | None:
        if not isinstance(self.body, dict):
            return None
        for message in self.body.get("messages") or []:
            if message.get("role") == role:
                content = message.get("content")
                return content if isinstance(content, str) else json.dumps(content)
        return None

    @property
    def system(self) -> str | None:
        return self._message("system")

    @property
    def user(self) -> str | None:
        return self._message("user")


def embedding(text_: str, dimensions: int = 16) -> list[float]:
    """A deterministic unit vector for `text_` (same text, same vector, any process)."""
    values: list[float] = []
    counter = 0
    while len(values) < dimensions:
        digest = hashlib.sha256(f"{counter}:{text_}".encode()).digest()
        values.extend(v / 2**31 for v in struct.unpack(">8i", digest))
        counter += 1
    values = values[:dimensions]
    norm = math.sqrt(sum(v * v for v in values)) or 1.0
    return [round(v / norm, 8) for v in values]


# --------------------------------------------------------------------------- the server


class FakeLLM:
    """The server and its script. `url` is the base URL (ends in /v1)."""

    def __init__(self, default: Reply | None = None) -> None:
        self.default = default or text(DEFAULT_PROBE)
        self.requests: list[RecordedRequest] = []
        self._queue: deque[Reply] = deque()
        self._responder: Callable[[RecordedRequest], Reply] | None = None
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._completions = 0

    # -- script
    def script(self, *replies: Reply | str | Callable[[RecordedRequest], Reply]) -> FakeLLM:
        """Queue replies (a str is a normal text reply), or set one callable for all."""
        with self._lock:
            for reply in replies:
                if callable(reply) and not isinstance(reply, Reply):
                    self._responder = reply
                else:
                    self._queue.append(text(reply) if isinstance(reply, str) else reply)
        return self

    @property
    def chat_requests(self) -> list[RecordedRequest]:
        return [r for r in self.requests if r.path.endswith("/chat/completions")]

    def _next_reply(self, request: RecordedRequest) -> Reply:
        with self._lock:
            if self._queue:
                return self._queue.popleft()
            responder = self._responder
        return responder(request) if responder else self.default

    # -- configuration helpers
    @property
    def url(self) -> str:
        assert self._server is not None, "server not started"
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/v1"

    def env(self, deadline: float | None = None, api_key: str | None = None) -> dict[str, str]:
        """Environment variables that point jobstory at this server."""
        env = {"JOBSTORY_LLM_BASE_URL": self.url, "JOBSTORY_LLM_MODEL": FAKE_MODEL}
        if deadline is not None:
            env["JOBSTORY_LLM_DEADLINE"] = str(deadline)
        if api_key is not None:
            env["JOBSTORY_LLM_API_KEY"] = api_key
        return env

    def config(self, deadline: float = 1.5, api_key: str = "not-needed") -> Any:
        from jobstory.llm import LLMConfig

        return LLMConfig(base_url=self.url, model=FAKE_MODEL, api_key=api_key,
                         deadline=deadline)

    # -- lifecycle
    def start(self) -> FakeLLM:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            server_version = "FakeLLM/1.0"

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                pass  # keep test output clean

            def do_GET(self) -> None:  # noqa: N802
                fake._record(self, b"")
                if self.path.rstrip("/") == "/v1/models":
                    self._json(200, {"object": "list", "data": [
                        {"id": FAKE_MODEL, "object": "model", "created": 0,
                         "owned_by": "fake"}]})
                else:
                    self._json(404, {"error": {"message": "not found", "type": "not_found"}})

            def do_POST(self) -> None:  # noqa: N802
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                request = fake._record(self, raw)
                path = self.path.rstrip("/")
                if path == "/v1/chat/completions":
                    self._chat(request)
                elif path == "/v1/embeddings":
                    self._embeddings(request)
                else:
                    self._json(404, {"error": {"message": "not found", "type": "not_found"}})

            def _chat(self, request: RecordedRequest) -> None:
                reply = fake._next_reply(request)
                if reply.delay and fake._stopping.wait(reply.delay):
                    return
                if reply.body is not None:
                    body = reply.body
                else:
                    with fake._lock:
                        fake._completions += 1
                        n = fake._completions
                    model = request.body.get("model") if isinstance(request.body, dict) else None
                    choices = reply.choices if reply.choices is not None else [{
                        "index": 0,
                        "message": {"role": "assistant", "content": reply.content},
                        "finish_reason": "stop",
                        "logprobs": None,
                    }]
                    body = json.dumps({
                        "id": f"chatcmpl-fake-{n}",
                        "object": "chat.completion",
                        "created": 1700000000,
                        "model": model or FAKE_MODEL,
                        "choices": choices,
                        "usage": {"prompt_tokens": 1, "completion_tokens": 1,
                                  "total_tokens": 2},
                    }).encode()
                self._send(reply.status, body, trickle=reply.trickle)

            def _embeddings(self, request: RecordedRequest) -> None:
                body = request.body if isinstance(request.body, dict) else {}
                inputs = body.get("input", [])
                if isinstance(inputs, str):
                    inputs = [inputs]
                dims = int(body.get("dimensions") or 16)
                self._json(200, {
                    "object": "list",
                    "data": [{"object": "embedding", "index": i,
                              "embedding": embedding(str(t), dims)}
                             for i, t in enumerate(inputs)],
                    "model": body.get("model") or FAKE_MODEL,
                    "usage": {"prompt_tokens": len(inputs), "total_tokens": len(inputs)},
                })

            def _json(self, code: int, payload: Any) -> None:
                self._send(code, json.dumps(payload).encode())

            def _send(self, code: int, body: bytes, trickle: float = 0.0) -> None:
                try:
                    self.send_response(code)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    if not trickle:
                        self.wfile.write(body)
                        return
                    self.wfile.flush()
                    for i in range(len(body)):
                        if fake._stopping.wait(trickle):
                            return
                        self.wfile.write(body[i:i + 1])
                        self.wfile.flush()
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (deadline); that is the point of the test

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        server.block_on_close = False  # a handler sleeping in a delay must not block stop()
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, name="fake-llm",
                                        kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()
        return self

    def _record(self, handler: BaseHTTPRequestHandler, raw: bytes) -> RecordedRequest:
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = None
        request = RecordedRequest(method=handler.command, path=handler.path,
                                  headers={k.lower(): v for k, v in handler.headers.items()},
                                  body=body, raw=raw)
        with self._lock:
            self.requests.append(request)
        return request

    def stop(self) -> None:
        self._stopping.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> FakeLLM:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


@pytest.fixture
def fake_llm() -> Iterator[FakeLLM]:
    """A started FakeLLM, stopped after the test."""
    with FakeLLM() as server:
        yield server
