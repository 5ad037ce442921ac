"""Run the `jobstory` command with a fast bag-of-words embedder instead of MiniLM.

    python -m tests.fake_embedder analyze examples/transcripts --out report

For CLI tests about files, locks, progress and exit codes, where what the model says does
not matter but a real process, real pipes and real files do. Loading MiniLM costs ~10 s per
process on a shared CPU; this costs nothing.

`JOBSTORY_TEST_EMBED_DELAY` (seconds per encode call) makes a run slow enough for another
process to watch it. `JOBSTORY_TEST_UNITS_REPORTED` replaces the unit count the
pipeline reports for "embedding", to exercise the large-run warning without 50,000 units.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Sequence

import numpy as np


class SlowHashingEmbedder:
    """tests.test_cluster.HashingEmbedder, optionally slowed down per call."""

    name = "hashing-test"
    dimension = 64

    def __init__(self, delay: float) -> None:
        from tests.test_cluster import HashingEmbedder

        self.inner = HashingEmbedder()
        self.delay = delay

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if self.delay:
            time.sleep(self.delay)
        return self.inner.encode(list(texts))


def main(argv: list[str]) -> None:
    from jobstory.synthesis import embed

    delay = float(os.environ.get("JOBSTORY_TEST_EMBED_DELAY", "0"))
    embed.make_embedder = lambda kind=None: SlowHashingEmbedder(delay)  # type: ignore[assignment]
    embed.default_embedder.cache_clear()
    embed.default_embedder = lambda: SlowHashingEmbedder(delay)  # type: ignore[assignment]
    reported = os.environ.get("JOBSTORY_TEST_UNITS_REPORTED")
    if reported:
        from jobstory.synthesis import pipeline

        real = pipeline.analyse

        def analyse(*args, progress=None, **kwargs):  # type: ignore[no-untyped-def]
            def relabelled(step: str, done: int, total: int) -> None:
                if step == "embedding":
                    done, total = done * int(reported) // total, int(reported)
                progress(step, done, total)

            return real(*args, progress=relabelled, **kwargs)

        pipeline.analyse = analyse  # type: ignore[assignment]
    from jobstory.cli import app

    sys.argv = ["jobstory", *argv]
    app()


if __name__ == "__main__":
    main(sys.argv[1:])
