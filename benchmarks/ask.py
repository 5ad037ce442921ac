"""Benchmark the insights chat (`jobstory ask`) on its own illustrative question set.

    python benchmarks/ask.py                 # figures
    python benchmarks/ask.py --show          # also each answer and its misses
    python benchmarks/ask.py --interviews 200 --repeat 5

Data: tests/data/ask_questions.json: questions about examples/transcripts (fictional
interviews), each with the participants whose own words answer it, read from the
transcripts by hand. Split: `tune` (the first set; the retrieval cut-offs were chosen while
looking at its answers) and `fresh` (written after the cut-offs were frozen, never tuned on).
A question whose `expected` is null is not about who; it counts only for quotes.

Prints, per split: micro and macro precision / recall of the participants each answer names
(for count and who questions, everyone counted; for a named participant, whose quotes came
back), and the share of answers with at least one quote checked verbatim against its source
file. Then latency: the examples' interviews copied under new participant names up to
`--interviews` (200 by default: segments, timelines and themes copied alike, texts unchanged
so the embedding cache serves the index; latency depends on how many passages are searched,
not on their words), the index built once, and every question asked `--repeat` times with
the question itself embedded afresh each time (MiniLM loaded, no cached question vector):
p50 / p95 wall milliseconds and CPU milliseconds of the process (robust to a busy machine),
and the machine's load average beside them, since the development machine is shared.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
try:
    import jobstory  # noqa: F401
except ImportError:  # not installed: run from a checkout
    sys.path.insert(0, str(ROOT / "src"))

from jobstory.delivery.ask import ask
from jobstory.delivery.ask.index import build_index
from jobstory.delivery.analysis_source import source_texts
from jobstory.synthesis.embed import default_embedder

QUESTIONS = ROOT / "tests" / "data" / "ask_questions.json"
EXAMPLES = ROOT / "examples" / "transcripts"


def analyse_examples() -> dict[str, Any]:
    from jobstory.synthesis.ingest import read_paths
    from jobstory.synthesis.pipeline import Inputs, analyse

    parsed, errors = read_paths([EXAMPLES])
    return analyse(Inputs(parsed, errors), paths=[str(EXAMPLES)])


def scaled(analysis: dict[str, Any], interviews: int) -> dict[str, Any]:
    """`analysis` with its interview sources copied under new names up to `interviews`."""
    sources = [s for s in analysis["sources"] if len(s.get("participants") or []) == 1]
    out = copy.deepcopy(analysis)
    out["segments"], out["timelines"], out["participants"] = [], [], []
    copies = 0
    while copies < interviews:
        for source in sources:
            if copies >= interviews:
                break
            person = source["participants"][0]
            tag = f"~{copies // len(sources)}"
            rename = {person: person + tag}
            for segment in analysis["segments"]:
                if segment["source"] == source["id"]:
                    out["segments"].append({**segment, "source": source["id"] + tag,
                                            "participant": rename[person]})
            for timeline in analysis["timelines"]:
                if timeline["participant"] == person:
                    out["timelines"].append(json.loads(json.dumps(timeline).replace(
                        json.dumps(source["id"]), json.dumps(source["id"] + tag))) | {
                        "participant": rename[person]})
            out["participants"].append({"id": rename[person], "sources": [source["id"] + tag]})
            copies += 1
    return out


def score(index: Any, questions: list[dict[str, Any]], show: bool) -> dict[str, float]:
    tp = fp = fn = 0
    precisions, recalls, quoted = [], [], 0
    for item in questions:
        answer = ask(index, item["q"])
        verified = [q for q in answer.quotes if q.checked == "source"]
        quoted += bool(verified)
        named = set(answer.participants)
        if show:
            print(f"\n## {item['q']}\n{answer.text}")
            for q in answer.quotes[:3]:
                print(f"   - {q.participant}: \u201c{' '.join(q.text.split())[:100]}\u201d "
                      f"[{q.link}]")
        if item["expected"] is None:
            continue
        expected = set(item["expected"])
        hit = len(named & expected)
        tp, fp, fn = tp + hit, fp + len(named - expected), fn + len(expected - named)
        precisions.append(hit / len(named) if named else 0.0)
        recalls.append(hit / len(expected))
        if show and (named ^ expected):
            print(f"   missed {sorted(expected - named)}; extra {sorted(named - expected)}")
    return {"questions": len(questions), "scored": len(precisions),
            "micro_p": tp / (tp + fp) if tp + fp else 0.0,
            "micro_r": tp / (tp + fn) if tp + fn else 0.0,
            "macro_p": statistics.mean(precisions) if precisions else 0.0,
            "macro_r": statistics.mean(recalls) if recalls else 0.0,
            "quoted": quoted / len(questions) if questions else 0.0}


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(round(0.95 * len(ordered))) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--interviews", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--show", action="store_true")
    args = parser.parse_args()

    data = json.loads(QUESTIONS.read_text(encoding="utf-8"))
    embedder = default_embedder()
    analysis = analyse_examples()
    index = build_index(analysis, embedder, texts=source_texts(analysis, ROOT))
    print(f"examples: {len(index.participants)} participants, {len(index.passages)} passages")
    for split in ("tune", "fresh"):
        questions = [q for q in data["questions"] if q.get("split", "tune") == split]
        if not questions:
            continue
        figures = score(index, questions, args.show)
        print(f"{split:>5}: {figures['questions']} questions ({figures['scored']} about who): "
              f"participants micro P {figures['micro_p']:.2f} R {figures['micro_r']:.2f}, "
              f"macro P {figures['macro_p']:.2f} R {figures['macro_r']:.2f}; answers with "
              f">= 1 verified quote {figures['quoted']:.0%}")

    big = build_index(scaled(analysis, args.interviews), embedder)
    big.embed = getattr(embedder, "inner", embedder)  # each question embedded afresh
    questions = [q["q"] for q in data["questions"]]
    for question in questions[:2]:
        ask(big, question)  # warm: first calls allocate
    timings, cpu = [], []
    for _ in range(args.repeat):
        for question in questions:
            started, started_cpu = time.perf_counter(), time.process_time()
            ask(big, question)
            timings.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
    load = os.getloadavg()
    print(f"latency, {args.interviews} interviews ({len(big.passages)} passages), embedded, "
          f"warm, {len(timings)} asks on {os.cpu_count()} cores: wall p50 "
          f"{statistics.median(timings):.0f} ms, p95 {p95(timings):.0f} ms, max "
          f"{max(timings):.0f} ms; CPU p50 {statistics.median(cpu):.0f} ms, p95 "
          f"{p95(cpu):.0f} ms (load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}: the "
          "CPU time is what a quiet machine would take, the wall time what this one did)")


if __name__ == "__main__":
    main()
