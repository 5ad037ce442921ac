"""Embedding and analysis throughput on the machine's accelerator (CUDA when torch sees one).

Three figures, each printed:

1. texts/s of the float MiniLM over real interview turns, one text per forward pass against
   fixed-shape batches (`MiniLMEmbedder(fixed_shape=...)`), and the largest difference
   between the two paths' vectors;
2. whether a text's vector is byte-identical alone, among other texts, and in another order
   (the promise that the cache's history never changes an analysis);
3. seconds of `jobstory analyze` with a cold cache and a warm one on the given folders or
   files, and whether both runs wrote the same `analysis.json` bytes.

    python benchmarks/embedding_device.py --texts ../shared/data/anthropic_interviewer_creatives/creatives_transcripts.csv \\
        --analyze ../shared/data/jtbd_interviews_tuning/transcripts
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

csv.field_size_limit(10_000_000)


def turns(path: Path, limit: int) -> list[str]:
    """Distinct speaker turns (the text after `Speaker:`) of a transcripts CSV or text file."""
    if path.suffix == ".csv":
        with path.open(newline="", encoding="utf-8") as handle:
            text = "\n".join(cell for row in csv.reader(handle) for cell in row)
    else:
        text = path.read_text(encoding="utf-8")
    lines = [line.split(":", 1)[1].strip() if ":" in line[:40] else line.strip()
             for line in text.splitlines()]
    return list(dict.fromkeys(line for line in lines if len(line.split()) >= 3))[:limit]


def throughput(texts: list[str], device: str) -> None:
    import torch

    from jobstory.synthesis.embed import MiniLMEmbedder

    per_text = MiniLMEmbedder(device=device, fixed_shape=False)
    fixed = MiniLMEmbedder(device=device, fixed_shape=True)
    fixed.encode(texts[:64])  # kernels compiled and chosen before the clock starts
    per_text.encode(texts[:64])
    rows = {}
    for name, embedder in (("one text per pass", per_text), ("fixed-shape batches", fixed)):
        if device.startswith("cuda"):
            torch.cuda.synchronize()
        start = time.perf_counter()
        rows[name] = embedder.encode(texts)
        seconds = time.perf_counter() - start
        print(f"  {name:22s} {len(texts)} texts in {seconds:7.2f} s = {len(texts) / seconds:8.0f} texts/s")
    cosine = (rows["one text per pass"] * rows["fixed-shape batches"]).sum(axis=1)
    print(f"  cosine between the two paths: min {cosine.min():.5f}, mean {cosine.mean():.5f}")

    sample = texts[:200]
    alone = fixed.encode(sample)
    shuffled = list(range(len(texts)))
    random.Random(7).shuffle(shuffled)
    among = fixed.encode([texts[i] for i in shuffled])
    where = {index: position for position, index in enumerate(shuffled)}
    again = np.stack([among[where[i]] for i in range(len(sample))])
    singles = np.stack([fixed.encode([text])[0] for text in sample[:50]])
    print(f"  fixed-shape, byte-identical alone / among {len(texts)} shuffled: "
          f"{alone.tobytes() == again.tobytes()}; one by one: "
          f"{singles.tobytes() == alone[:50].tobytes()}")


def analyze_twice(target: Path, keep: Path | None) -> None:
    with tempfile.TemporaryDirectory() as work:
        env = {**os.environ, "JOBSTORY_CACHE_DIR": str(Path(work) / "cache")}
        written = []
        for run in ("cold", "warm"):
            out = Path(work) / run
            start = time.perf_counter()
            result = subprocess.run([sys.executable, "-m", "jobstory", "analyze", str(target),
                                     "--out", str(out)], env=env, capture_output=True, text=True)
            seconds = time.perf_counter() - start
            if result.returncode != 0:
                print(f"  {target.name}: analyze failed ({result.returncode}): "
                      f"{result.stderr.strip().splitlines()[-1:]}")
                return
            written.append((out / "analysis.json").read_bytes())
            if keep and run == "cold":
                keep.mkdir(parents=True, exist_ok=True)
                (keep / f"{target.stem}.analysis.json").write_bytes(written[0])
            print(f"  {target.name}: {run} {seconds:6.1f} s")
        print(f"  {target.name}: cold and warm analysis.json byte-identical: "
              f"{written[0] == written[1]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--texts", type=Path, required=True,
                        help="a transcripts CSV or text file whose turns are embedded")
    parser.add_argument("--limit", type=int, default=5000)
    parser.add_argument("--analyze", type=Path, nargs="*", default=[])
    parser.add_argument("--keep", type=Path, help="copy each cold analysis.json here")
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import torch

    device = "cuda" if torch.cuda.is_available() else "cpu"
    name = torch.cuda.get_device_name(0) if device == "cuda" else f"CPU, {os.cpu_count()} cores"
    print(f"device: {name}; torch {torch.__version__}")
    texts = turns(args.texts, args.limit)
    print(f"1-2. embedding {len(texts)} distinct turns of {args.texts.name}")
    throughput(texts, device)
    print("3. jobstory analyze (default embedder on this machine)")
    for target in args.analyze:
        analyze_twice(target, args.keep)


if __name__ == "__main__":
    main()
