"""Loaders for the labelled public data sets under ``../shared/data`` (see its SOURCES.md).

Each loader returns a :class:`Dataset`: the texts, their integer gold labels and the label
names, in file order. The data root is found from ``JOBSTORY_DATA`` or by walking up from this
file to a ``shared/data`` folder, so the benchmarks run from any checkout beside ``shared/``.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np


@dataclass(frozen=True)
class Dataset:
    name: str
    texts: list[str]
    labels: np.ndarray  # int, one per text
    label_names: list[str]

    @property
    def k(self) -> int:
        return len(self.label_names)


def data_root() -> Path:
    env = os.environ.get("JOBSTORY_DATA")
    if env:
        return Path(env)
    here = Path(__file__).resolve().parent
    for parent in [here, *here.parents]:
        for candidate in (parent / "shared" / "data", parent.parent / "shared" / "data"):
            if candidate.is_dir():
                return candidate
    raise FileNotFoundError("no shared/data folder found; set JOBSTORY_DATA=/path/to/shared/data")


def _encode(name: str, texts: list[str], names: list[str]) -> Dataset:
    order = sorted(set(names))
    index = {n: i for i, n in enumerate(order)}
    return Dataset(name, texts, np.array([index[n] for n in names], dtype=np.int64), order)


def banking77(split: str = "test") -> Dataset:
    path = data_root() / "banking77" / f"{split}.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return _encode(f"banking77-{split}", [r["text"] for r in rows], [r["category"] for r in rows])


def stackoverflow20() -> Dataset:
    root = data_root() / "stackoverflow20"
    texts = (root / "title_StackOverflow.txt").read_text(encoding="utf-8").splitlines()
    labels = (root / "label_StackOverflow.txt").read_text(encoding="utf-8").split()
    if len(texts) != len(labels):
        raise ValueError(f"stackoverflow20: {len(texts)} titles but {len(labels)} labels")
    return _encode("stackoverflow20", [t.strip() for t in texts], labels)


def hwu64() -> Dataset:
    path = data_root() / "hwu64" / "hwu64_cv_testfolds_union.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return _encode("hwu64", [r["text"] for r in rows], [r["label"] for r in rows])


def _airline_rows() -> list[dict[str, str]]:
    path = data_root() / "airline_tweets" / "tweets.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def airline_tweets() -> Dataset:
    """Negative tweets to US airlines labelled by the crowd-coded complaint (10 reasons; rows
    whose reason is "Can't Tell" are left out): themes should follow the complaint, not the
    airline addressed."""
    rows = [r for r in _airline_rows()
            if r["sentiment"] == "negative" and r["negativereason"] not in ("", "Can't Tell")]
    return _encode("airline-tweets", [r["text"] for r in rows], [r["negativereason"] for r in rows])


def airline_sentiment() -> Dataset:
    """Every airline tweet with its crowd-coded sentiment: negative, neutral or positive."""
    rows = _airline_rows()
    return _encode("airline-sentiment", [r["text"] for r in rows], [r["sentiment"] for r in rows])


LOADERS: dict[str, Callable[[], Dataset]] = {
    "banking77": banking77,
    "stackoverflow20": stackoverflow20,
    "hwu64": hwu64,
    "airline": airline_tweets,
}


def load(name: str) -> Dataset:
    try:
        return LOADERS[name]()
    except KeyError:
        raise SystemExit(f"unknown data set {name!r}; choose from {', '.join(LOADERS)}") from None


def embed(dataset: Dataset, kind: str | None = None) -> np.ndarray:
    """MiniLM vectors for the data set's texts, through the project's text-hash cache.

    `kind` is an embedder name from jobstory.synthesis.embed.EMBEDDERS; None means the default
    analysis uses on this machine.
    """
    from jobstory.synthesis.embed import CachedEmbedder, cache_path, make_embedder

    return CachedEmbedder(make_embedder(kind), cache_path()).encode(dataset.texts)
