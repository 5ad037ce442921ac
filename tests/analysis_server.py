"""A real server process with a slow fake embedder, for tests with several processes:

    python -m tests.analysis_server DATABASE_URL PORT SECONDS_PER_ENCODE
"""

from __future__ import annotations

import sys

import uvicorn

from jobstory.store.db import open_store
from jobstory.web.app import create_app
from tests.fake_embedder import SlowHashingEmbedder


def main(url: str, port: int, delay: float) -> None:
    app = create_app(open_store(url))
    worker = app.state.analysis
    worker.embedder = lambda: SlowHashingEmbedder(delay)
    worker.quiet = worker.poll = 0.2
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), float(sys.argv[3]))
