"""Ingest and segmentation speed: is the front door ever the slow part of `analyze`?

Writes synthetic inputs to a temporary folder, then times `read_paths` and `segment` on them
(best of --repeat runs, one process) and prints one line per input:

- the illustrative transcripts in examples/transcripts;
- a survey CSV with --answers short answers (default 50,000; quoted cells, CRLF);
- a WebVTT file with 20,000 cues (Zoom style "Name: text");
- one 10,000-character answer, punctuated, and one unpunctuated (speech-to-text style).

    python benchmarks/ingest_segment.py
    python benchmarks/ingest_segment.py --answers 10000 --repeat 5
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from jobstory.synthesis.ingest import read_paths
from jobstory.synthesis.segment import segment
from jobstory.synthesis.sources import Parsed, Source, Utterance

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "transcripts"
PHRASES = [
    "Our accountant quit in March, and the VAT return was due in April.",
    "The spreadsheet broke when someone sorted one column.",
    'A client paid 97 days late; I wrote "polite" reminders for weeks.',
    "Yeah.",
    "Price per user, e.g. 12 pounds each, was too much for 9 people… so we waited.",
    "I still print every invoice. Old habit, I guess!",
]


def best(fn: Callable[[], object], repeat: int) -> tuple[float, object]:
    result, fastest = None, float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        fastest = min(fastest, time.perf_counter() - start)
    return fastest, result


def write_survey(folder: Path, n: int) -> None:
    rnd = random.Random(7)
    rows = ["participant,question,answer"]
    for i in range(n):
        answer = rnd.choice(PHRASES).replace('"', '""')
        rows.append(f'r{i // 3},What happened?,"{answer}"')
    (folder / "survey.csv").write_text("\r\n".join(rows) + "\r\n", encoding="utf-8", newline="")


def write_vtt(folder: Path, cues: int) -> None:
    rnd = random.Random(11)
    lines = ["WEBVTT", ""]
    for i in range(cues):
        who = "Interviewer: What happened then?" if i % 2 == 0 else f"Dana: {rnd.choice(PHRASES)}"
        lines += [str(i + 1), "00:00:01.000 --> 00:00:02.000", who, ""]
    (folder / "call.vtt").write_text("\n".join(lines), encoding="utf-8")


def one_answer(text: str) -> Parsed:
    source = Source("long.txt", "long.txt", "text", text)
    return Parsed(source, [Utterance("long.txt", "", "participant", "p", 0, len(text), text,
                                     None, None, 1)], [])


def report(name: str, read_s: float | None, parsed: list[Parsed], repeat: int) -> None:
    seg_s, segments = best(lambda: segment(parsed), repeat)
    utterances = sum(len(p.utterances) for p in parsed)
    chars = sum(len(p.source.text) for p in parsed)
    read = f"read {read_s * 1000:8.1f} ms" if read_s is not None else "read        - ms"
    print(f"{name:<34} {chars:>10,} chars {utterances:>7,} utterances  {read}  "
          f"segment {seg_s * 1000:8.1f} ms -> {len(segments):>7,} segments "
          f"({utterances / seg_s:,.0f} utterances/s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--answers", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "survey").mkdir()
        (root / "vtt").mkdir()
        write_survey(root / "survey", args.answers)
        write_vtt(root / "vtt", 20_000)
        for name, path in (("examples/transcripts", EXAMPLES),
                           (f"survey CSV, {args.answers:,} answers", root / "survey"),
                           ("WebVTT, 20,000 cues", root / "vtt")):
            read_s, (parsed, errors) = best(lambda path=path: read_paths([path]), args.repeat)
            assert not errors, errors
            report(name, read_s, parsed, args.repeat)
    sentence = "The accountant quit in March and the tax deadline was six weeks away. "
    report("one 10k-char answer, punctuated", None,
           [one_answer((sentence * 150)[:10_000])], args.repeat)
    words = "so we had this spreadsheet and it broke and nobody knew "
    report("one 10k-char answer, no punctuation", None,
           [one_answer((words * 200)[:10_000])], args.repeat)


if __name__ == "__main__":
    main()
