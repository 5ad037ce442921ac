"""Running LLM tasks for synthesis: a cache keyed by the prompt's hash, bounded concurrency,
a deadline per call, one retry when a reply fails its schema, and a tally of calls and tokens.

A task is one prompt (system instructions + a user message that is data only) and the
pydantic schema its reply must fit. `run_tasks` answers each from the cache when it can, so
a rerun with the same inputs, model and prompt versions makes no calls and gives the same
bytes. A reply that fails its schema is asked for once more; if that fails too, the task has
no result and the caller keeps its embedded (computed) result. Transport failures (timeouts,
HTTP errors) are not cached, so a rerun tries again; schema failures are, so a rerun does
not pay for the same bad answer twice.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar
from urllib.parse import urlparse

from pydantic import BaseModel, ValidationError

from jobstory.llm import LLM, LLMError, json_object

M = TypeVar("M", bound=BaseModel)

ENV_CACHE = "JOBSTORY_LLM_CACHE"
ENV_DEADLINE = "JOBSTORY_LLM_SYNTHESIS_DEADLINE"
DEFAULT_DEADLINE = 120.0  # seconds per synthesis call: a long interview on a local model
DEFAULT_CONCURRENCY = 4


def default_cache_dir() -> Path:
    """`JOBSTORY_LLM_CACHE`, else `llm/` in jobstory's cache (beside the embeddings)."""
    configured = os.environ.get(ENV_CACHE, "").strip()
    if configured:
        return Path(configured)
    from jobstory.synthesis.embed import cache_root

    return cache_root() / "llm"


def deadline_from_env() -> float:
    raw = os.environ.get(ENV_DEADLINE, "").strip()
    if not raw:
        return DEFAULT_DEADLINE
    try:
        value = float(raw)
    except ValueError:
        raise ValueError(f"{ENV_DEADLINE} must be a number of seconds, got {raw!r}") from None
    if not value > 0:
        raise ValueError(f"{ENV_DEADLINE} must be positive, got {raw!r}")
    return value


@dataclass(frozen=True)
class Task(Generic[M]):
    """One prompt. `name` says what it makes ("summary", "timeline: Ana")."""

    name: str
    prompt_version: str
    system: str
    user: str
    schema: type[M]
    max_tokens: int = 1200


@dataclass(frozen=True)
class Outcome(Generic[M]):
    """A task's result: `value` (None when it failed) and how it was made."""

    task: Task[M]
    value: M | None
    cache_key: str
    cached: bool
    problem: str | None = None


@dataclass
class Tally:
    """Calls made, tokens spent and answers read from the cache."""

    calls: int = 0
    tokens: int = 0
    cached: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(self, calls: int = 0, tokens: int = 0, cached: int = 0) -> None:
        with self.lock:
            self.calls += calls
            self.tokens += tokens
            self.cached += cached


def endpoint_host(llm: LLM) -> str:
    """The endpoint's host (and port): what `methods` records; never the key or path."""
    return urlparse(llm.config.base_url).netloc


def cache_key(llm: LLM, task: Task[Any]) -> str:
    """sha256 of everything that decides the answer: model, endpoint, prompt version, both
    messages and the token limit."""
    recipe = {"model": llm.config.model, "endpoint": endpoint_host(llm),
              "prompt_version": task.prompt_version, "system": task.system, "user": task.user,
              "max_tokens": task.max_tokens, "temperature": 0.0}
    return hashlib.sha256(json.dumps(recipe, sort_keys=True, ensure_ascii=False)
                          .encode("utf-8")).hexdigest()


class ResponseCache:
    """Replies on disk, one JSON file per cache key (written atomically)."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def get(self, key: str) -> dict[str, Any] | None:
        try:
            data = json.loads(self._path(key).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) else None

    def put(self, key: str, entry: dict[str, Any]) -> None:
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
            temporary.write_text(json.dumps(entry, ensure_ascii=False), encoding="utf-8")
            os.replace(temporary, path)
        except OSError:
            pass  # a cache that cannot be written costs a call next time, nothing more


def _parse(text: str, schema: type[M]) -> M:
    try:
        return schema.model_validate(json_object(text))
    except ValidationError as exc:
        raise LLMError(f"the reply does not fit {schema.__name__}: "
                       f"{exc.error_count()} error(s)") from exc


def _run_one(llm: LLM, task: Task[M], cache: ResponseCache, tally: Tally,
             deadline: float) -> Outcome[M]:
    key = cache_key(llm, task)
    hit = cache.get(key)
    if hit is not None:
        tally.add(cached=1)
        if "reply" in hit:
            try:
                return Outcome(task, _parse(hit["reply"], task.schema), key, cached=True)
            except LLMError:
                pass  # a schema changed under an old entry: ask again
        else:
            return Outcome(task, None, key, cached=True, problem=str(hit.get("problem")))
    problem = None
    for _attempt in range(2):  # a reply that fails its schema is asked for once more
        try:
            completion = llm.chat(task.system, task.user, deadline=deadline,
                                  max_tokens=task.max_tokens, temperature=0.0)
        except LLMError as exc:
            tally.add(calls=1)
            return Outcome(task, None, key, cached=False, problem=str(exc))
        tally.add(calls=1, tokens=completion.prompt_tokens + completion.completion_tokens)
        try:
            value = _parse(completion.text, task.schema)
        except LLMError as exc:
            problem = str(exc)
            continue
        cache.put(key, {"reply": completion.text, "prompt_version": task.prompt_version})
        return Outcome(task, value, key, cached=False)
    cache.put(key, {"problem": problem, "prompt_version": task.prompt_version})
    return Outcome(task, None, key, cached=False, problem=problem)


Progress = Callable[[str, int, int], None]


def run_tasks(llm: LLM, tasks: Sequence[Task[Any]], *, cache: ResponseCache,
              progress: Progress, deadline: float = DEFAULT_DEADLINE,
              concurrency: int = DEFAULT_CONCURRENCY) -> tuple[list[Outcome[Any]], Tally]:
    """Every task's outcome, in the order given (whatever order they finish in)."""
    tally = Tally()
    done = 0
    lock = threading.Lock()
    progress("llm", 0, len(tasks))

    def one(task: Task[Any]) -> Outcome[Any]:
        nonlocal done
        outcome = _run_one(llm, task, cache, tally, deadline)
        with lock:
            done += 1
            progress("llm", done, len(tasks))
        return outcome

    with ThreadPoolExecutor(max_workers=max(1, concurrency),
                            thread_name_prefix="jobstory-assist") as pool:
        outcomes = list(pool.map(one, tasks))
    return outcomes, tally
