"""Clustering quality and speed on labelled public data, side by side with the usual baselines.

For each data set: embed once with MiniLM (`--embedder`: the float model by default, as the
issue's anchors were measured; `minilm-int8` for the CPU default; cached on disk by text hash),
then cluster the same vectors with

- ``cluster(k=true k)``   jobstory.synthesis.cluster.cluster, number of themes given
- ``cluster(k=None)``     the same, number of themes chosen automatically
- ``kmeans``              sklearn KMeans(k=true k, n_init=10, random_state=0)
- ``bertopic``            BERTopic defaults (UMAP 15 neighbours/5 dims, seeded with
                          random_state=42; HDBSCAN min_cluster_size=10; c-TF-IDF) on the same
                          precomputed embeddings; skipped with a note if not installed

and print NMI, ARI (outliers, label -1, count as one more cluster), ACC (Hungarian matching via
scipy's linear_sum_assignment; outliers count as wrong), the number of clusters, the share of
outliers and the clustering seconds (embeddings precomputed; BERTopic's numba code is compiled
on a small warm-up first, so its compile time is not counted against it).

The airline tweets (``--data airline``: 7,988 negative tweets to US airlines with a
crowd-coded reason other than "Can't Tell") run through what ``jobstory cluster`` runs
(:func:`jobstory.synthesis.feedback_themes.feedback_themes`: statements read for meaning,
clustered, each tweet scored by its main theme) for k=10 and automatic k, and print the largest
theme's share of tweets (by main theme, and counting every tweet that has a statement in it),
the number of themes and any theme label that is an @handle or an addressee's name alone.
Beside them: ``cluster``, k-means and BERTopic on one vector per tweet (the cleaned tweet), so
the three are timed on the same embeddings. Then the sentiment of all 14,640 tweets
(:func:`jobstory.synthesis.sentiment.polarity`) against the crowd's negative/neutral/positive.

    python benchmarks/clustering.py                        # banking77 + stackoverflow20
    python benchmarks/clustering.py --data banking77 --skip bertopic   # quick
    python benchmarks/clustering.py --data airline         # feedback themes + sentiment
    python benchmarks/clustering.py --scale 50000          # time cluster(k=None) on 50k rows
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import numpy as np
from scipy.optimize import linear_sum_assignment
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

sys.path.insert(0, str(Path(__file__).resolve().parent))
import datasets  # noqa: E402

from jobstory.synthesis.cluster import cluster  # noqa: E402
from jobstory.synthesis.embed import EMBEDDERS  # noqa: E402

METHODS = ("cluster-k", "cluster-auto", "kmeans", "bertopic")
NO_BERTOPIC = ("  (BERTopic not installed: .venv/bin/pip install -c constraints.txt -e "
               "'.[bench]' -- skipped)")


def accuracy(truth: np.ndarray, labels: np.ndarray) -> float:
    """Best one-to-one matching of clusters to classes; outliers (-1) are always wrong."""
    assigned = labels >= 0
    clusters = np.unique(labels[assigned])
    classes = np.unique(truth)
    counts = np.zeros((len(clusters), len(classes)))
    ci = np.searchsorted(clusters, labels[assigned])
    ti = np.searchsorted(classes, truth[assigned])
    np.add.at(counts, (ci, ti), 1)
    rows, cols = linear_sum_assignment(-counts)
    return float(counts[rows, cols].sum() / len(truth))


def scores(truth: np.ndarray, labels: np.ndarray) -> dict[str, float]:
    return {
        "nmi": float(normalized_mutual_info_score(truth, labels)),
        "ari": float(adjusted_rand_score(truth, labels)),
        "acc": accuracy(truth, labels),
        "clusters": int(len(np.unique(labels[labels >= 0]))),
        "outliers_pct": float(100 * np.mean(labels < 0)),
    }


def run_cluster(vectors: np.ndarray, k: int | None) -> tuple[np.ndarray, str]:
    result = cluster(vectors, k)
    return result.labels, result.method


def run_kmeans(vectors: np.ndarray, k: int) -> tuple[np.ndarray, str]:
    from sklearn.cluster import KMeans
    from threadpoolctl import threadpool_limits

    # sklearn's OpenMP threads and BLAS threads fight on small machines (10x slower on 2 cores):
    # one BLAS thread keeps the baseline's timing honest.
    with threadpool_limits(limits=1, user_api="blas"):
        labels = KMeans(n_clusters=k, n_init=10, random_state=0).fit_predict(vectors)
    return labels, f"sklearn KMeans k={k}, n_init=10, random_state=0"


def bertopic_available() -> bool:
    try:
        import bertopic  # noqa: F401
        import hdbscan  # noqa: F401
        import umap  # noqa: F401
    except ImportError:
        return False
    return True


def _bertopic_model():  # type: ignore[no-untyped-def]
    from bertopic import BERTopic
    from umap import UMAP

    umap_model = UMAP(n_neighbors=15, n_components=5, min_dist=0.0, metric="cosine",
                      random_state=42)
    return BERTopic(umap_model=umap_model)


def warm_bertopic(texts: list[str], vectors: np.ndarray) -> None:
    n = min(600, len(texts))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        _bertopic_model().fit_transform(texts[:n], vectors[:n])


def run_bertopic(texts: list[str], vectors: np.ndarray) -> tuple[np.ndarray, str]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        topics, _ = _bertopic_model().fit_transform(texts, vectors)
    return np.asarray(topics), "BERTopic defaults (UMAP seeded, HDBSCAN, c-TF-IDF)"


def timed(fn: Callable[[], tuple[np.ndarray, str]]) -> tuple[np.ndarray, str, float]:
    start = time.perf_counter()
    labels, method = fn()
    return labels, method, time.perf_counter() - start


def evaluate(name: str, skip: set[str], embedder: str) -> list[dict[str, object]]:
    data = datasets.load(name)
    start = time.perf_counter()
    vectors = datasets.embed(data, embedder)
    print(f"\n{data.name}: {len(data.texts)} texts, {data.k} labels, {embedder} "
          f"(embedded/cached in {time.perf_counter() - start:.1f}s)", flush=True)
    runs: list[tuple[str, Callable[[], tuple[np.ndarray, str]]]] = [
        ("cluster-k", lambda: run_cluster(vectors, data.k)),
        ("cluster-auto", lambda: run_cluster(vectors, None)),
        ("kmeans", lambda: run_kmeans(vectors, data.k)),
    ]
    if "bertopic" not in skip:
        if bertopic_available():
            warm_bertopic(data.texts, vectors)
            runs.append(("bertopic", lambda: run_bertopic(data.texts, vectors)))
        else:
            print(NO_BERTOPIC)
    rows = []
    header = f"  {'method':<14}{'NMI':>7}{'ARI':>7}{'ACC':>7}{'k':>6}{'outl%':>7}{'secs':>8}"
    print(header)
    for method, fn in runs:
        if method in skip:
            continue
        labels, description, seconds = timed(fn)
        row: dict[str, object] = {"data": data.name, "method": method, **scores(data.labels, labels),
                                  "seconds": seconds, "description": description}
        rows.append(row)
        print(f"  {method:<14}{row['nmi']:>7.3f}{row['ari']:>7.3f}{row['acc']:>7.3f}"
              f"{row['clusters']:>6}{row['outliers_pct']:>7.1f}{seconds:>8.1f}", flush=True)
    for row in rows:
        print(f"    {row['method']}: {row['description']}")
    return rows


def evaluate_airline(skip: set[str], embedder: str) -> list[dict[str, object]]:
    from jobstory.synthesis.embed import CachedEmbedder, cache_path, make_embedder
    from jobstory.synthesis.feedback_text import clean
    from jobstory.synthesis.feedback_themes import addressee_words, feedback_themes

    data = datasets.load("airline")
    cached = CachedEmbedder(make_embedder(embedder), cache_path())
    n = len(data.texts)
    print(f"\n{data.name}: {n} tweets, {data.k} reasons, {embedder}", flush=True)
    header = (f"  {'method':<22}{'NMI':>7}{'ARI':>7}{'k':>6}{'largest':>9}{'any-stmt':>9}"
              f"{'outl%':>7}{'secs':>8}")
    print(header)
    rows: list[dict[str, object]] = []
    addressees = addressee_words(data.texts)

    def report(method: str, labels: np.ndarray, seconds: float, largest_any: float | None,
               description: str) -> None:
        row: dict[str, object] = {"data": data.name, "method": method,
                                  **scores(data.labels, labels), "seconds": seconds,
                                  "largest_share": float(np.bincount(labels[labels >= 0]).max()
                                                         / n),
                                  "largest_share_any_statement": largest_any,
                                  "description": description}
        rows.append(row)
        any_text = "" if largest_any is None else f"{largest_any:.1%}"
        print(f"  {method:<22}{row['nmi']:>7.3f}{row['ari']:>7.3f}{row['clusters']:>6}"
              f"{row['largest_share']:>9.1%}{any_text:>9}{row['outliers_pct']:>7.1f}"
              f"{seconds:>8.1f}", flush=True)

    for k in (10, None):
        start = time.perf_counter()
        found = feedback_themes(data.texts, cached, k)
        seconds = time.perf_counter() - start
        labels = np.asarray(found.main)
        largest_any = max(len(t.rows) for t in found.themes) / n
        name = f"feedback(k={k or 'auto'})"
        report(name, labels, seconds, largest_any, found.clustering.method)
        bad = [t.label for t in found.themes
               if t.label.startswith("@") or t.label.casefold() in addressees]
        print(f"    labels that are an @handle or an addressee alone: {bad or 'none'}")
        for t in found.themes[:12]:
            print(f"    {len(t.rows):>5} {len(t.main_rows):>5}  {t.label}")

    whole = cached.encode([clean(t).text or t for t in data.texts])
    runs: list[tuple[str, Callable[[], tuple[np.ndarray, str]]]] = [
        ("cluster(k=10), tweets", lambda: run_cluster(whole, 10)),
        ("cluster(auto), tweets", lambda: run_cluster(whole, None)),
        ("kmeans(k=10), tweets", lambda: run_kmeans(whole, 10)),
    ]
    if "bertopic" not in skip:
        if bertopic_available():
            warm_bertopic(data.texts, whole)
            runs.append(("bertopic, tweets", lambda: run_bertopic(data.texts, whole)))
        else:
            print(NO_BERTOPIC)
    for method, fn in runs:
        labels, description, seconds = timed(fn)
        report(method, labels, seconds, None, description)
    rows.append(sentiment_agreement())
    return rows


def sentiment_agreement() -> dict[str, object]:
    """polarity() on every airline tweet against the crowd's three classes."""
    from jobstory.synthesis.sentiment import LABELS, polarity

    data = datasets.airline_sentiment()
    start = time.perf_counter()
    found = [s.label for s in polarity(data.texts)]
    seconds = time.perf_counter() - start
    truth = [data.label_names[i] for i in data.labels]
    accuracy_ = float(np.mean([a == b for a, b in zip(found, truth)]))
    print(f"\nairline sentiment: {len(truth)} tweets, accuracy {accuracy_:.3f} "
          f"({seconds:.1f}s); rows = crowd label, columns = polarity()")
    print("  " + "".join(f"{label:>10}" for label in ("", *LABELS)))
    confusion = {}
    for gold in LABELS:
        counts = [sum(1 for a, b in zip(found, truth) if b == gold and a == p) for p in LABELS]
        confusion[gold] = counts
        print("  " + f"{gold:>10}" + "".join(f"{c:>10}" for c in counts))
    return {"data": "airline-sentiment", "method": "sentiment.polarity", "accuracy": accuracy_,
            "seconds": seconds, "confusion": confusion}


def scale(n: int, embedder: str) -> dict[str, object]:
    """Time cluster(k=None) on n rows: every data set's vectors, tiled with small jitter."""
    pools = [datasets.embed(datasets.load(name), embedder) for name in datasets.LOADERS
             if name != "airline"]
    base = np.concatenate(pools)
    rng = np.random.default_rng(0)
    reps = -(-n // len(base))
    tiles = [base] + [base + rng.normal(scale=0.02, size=base.shape).astype(np.float32)
                      for _ in range(reps - 1)]
    vectors = np.concatenate(tiles)[:n]
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    start = time.perf_counter()
    result = cluster(vectors)
    seconds = time.perf_counter() - start
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    row = {"rows": n, "seconds": seconds, "clusters": result.k,
           "outliers_pct": float(100 * np.mean(result.labels < 0)), "peak_rss_mib": peak_mib}
    print(f"\nscale: cluster(k=None) on {n} rows: {seconds:.1f}s, {result.k} themes, "
          f"{row['outliers_pct']:.1f}% outliers, peak RSS {peak_mib:.0f} MiB")
    return row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", nargs="+", default=["banking77", "stackoverflow20"],
                        choices=sorted(datasets.LOADERS), help="data sets to run")
    parser.add_argument("--skip", nargs="*", default=[], choices=METHODS,
                        help="methods to leave out (e.g. bertopic for a quick run)")
    parser.add_argument("--scale", type=int, default=0,
                        help="instead: time cluster(k=None) on this many rows")
    parser.add_argument("--json", type=Path, help="also write the rows as JSON here")
    parser.add_argument("--embedder", choices=EMBEDDERS, default="minilm",
                        help="minilm: the float model the issue's anchors used (default); "
                             "minilm-int8: what analysis uses on a CPU")
    args = parser.parse_args(argv)
    if args.scale:
        rows: list[dict[str, object]] = [scale(args.scale, args.embedder)]
    else:
        rows = [row for name in args.data
                for row in (evaluate_airline(set(args.skip), args.embedder) if name == "airline"
                            else evaluate(name, set(args.skip), args.embedder))]
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
