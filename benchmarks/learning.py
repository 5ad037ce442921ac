"""Does the coder learn from corrections? Coding F1 on held-out units before and after N
simulated researcher corrections (N = 10, 25, 50), each the mean over 5 random draws.

    python benchmarks/learning.py                  # tests/data/coding.tsv (all ten codes)
    python benchmarks/learning.py --tuning DIR     # also a folder like
                                                   # ../shared/data/jtbd_interviews_tuning

A correction is a unit whose true labels the researcher gave (moved into the right theme,
taken out of a wrong one, or confirmed by accepting a story); the study's next runs let the
nearest such examples vote beside the prototypes (`jobstory.learning.examples`).

- coding.tsv: corrections drawn from the `tune` split, F1 on the `holdout` split.
- a tuning folder (transcripts/ + key.json): the units are the participant segments of every
  transcript; a unit is labelled with a force (push, pull, anxiety, habit) when it overlaps a
  sentence key.json lists for that force in its file, else none. Corrections are drawn from
  the odd-numbered interviews, F1 (micro, over the four forces) on the even-numbered ones.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from coding import contexts_of, labels, load_rows, split_of  # noqa: E402

from jobstory.learning.examples import Example, learned_coder  # noqa: E402
from jobstory.learning.nearest import MIN_SIMILARITY, nearness, question_rows  # noqa: E402
from jobstory.synthesis.code import CODES, FORCES, LEARNED, CodeContext, code_units  # noqa: E402
from jobstory.synthesis.embed import default_embedder  # noqa: E402

SIZES = (0, 10, 25, 50)
DRAWS = 5


def micro_f1(y: np.ndarray, pred: np.ndarray) -> float:
    tp = float((y & pred).sum())
    denominator = float(y.sum() + pred.sum())
    return 2 * tp / denominator if denominator else 0.0


def predict(texts: Sequence[str], contexts: Sequence[CodeContext], vectors: np.ndarray,
            embedder: object, examples: list[Example]) -> np.ndarray:
    token = LEARNED.set(learned_coder(examples, embedder))  # type: ignore[arg-type]
    try:
        codings = code_units(list(texts), list(contexts), embedder=embedder,  # type: ignore
                             vectors=vectors)
    finally:
        LEARNED.reset(token)
    return np.array([[c in coding.codes for c in CODES] for coding in codings], dtype=bool)


def near_units(vectors: np.ndarray, contexts: Sequence[CodeContext], chosen: list[Example],
               embedder: object) -> np.ndarray:
    """Held-out units like a corrected one: as near to some chosen example as the learned
    coder lets an example reach (by what they say and what they answered, never by labels)."""
    encode = embedder.encode  # type: ignore[attr-defined]
    said = np.asarray(encode([e.text for e in chosen]), dtype=np.float64)
    said /= np.linalg.norm(said, axis=1, keepdims=True)
    units = np.asarray(vectors, dtype=np.float64)
    units = units / np.linalg.norm(units, axis=1, keepdims=True)
    near = nearness(units @ said.T,
                    question_rows([c.question_text for c in contexts], encode, units.shape[1]),
                    question_rows([e.question for e in chosen], encode, units.shape[1]))
    return near.max(axis=1) > MIN_SIMILARITY


def curve(name: str, pool: list[Example], pool_contexts: list[CodeContext], texts: list[str],
          contexts: list[CodeContext], truth: np.ndarray, columns: list[int],
          embedder: object) -> None:
    """F1 after N examples drawn from the whole pool (confirmations and corrections alike)
    and after N drawn from the units the coder got wrong (what a researcher corrects); then,
    on the held-out units like one of those corrected (`near_units`), F1 before and after."""
    vectors = embedder.encode(texts)  # type: ignore[attr-defined]
    pool_vectors = embedder.encode([e.text for e in pool])  # type: ignore[attr-defined]
    coded = predict([e.text for e in pool], pool_contexts, pool_vectors, embedder, [])
    wrong = [e for e, row in zip(pool, coded)
             if {CODES[c] for c in columns if row[c]} != set(e.codes) & {CODES[c]
                                                                        for c in columns}]
    base = predict(texts, contexts, vectors, embedder, [])
    y = truth[:, columns]
    print(f"{name}: {len(pool)} units to correct from ({len(wrong)} miscoded), "
          f"{len(texts)} held-out units")
    for label, source in (("any units", pool), ("miscoded units", wrong)):
        for size in SIZES:
            scores, near, before, after = [], [], [], []
            for draw in range(DRAWS if size else 1):
                chosen = random.Random(draw).sample(source, min(size, len(source)))
                pred = predict(texts, contexts, vectors, embedder, chosen)
                scores.append(micro_f1(y, pred[:, columns]))
                if chosen:
                    mask = near_units(vectors, contexts, chosen, embedder)
                    near.append(int(mask.sum()))
                    before.append(micro_f1(y[mask], base[mask][:, columns]))
                    after.append(micro_f1(y[mask], pred[mask][:, columns]))
            spread = f" (min {min(scores):.3f}, max {max(scores):.3f})" if size else ""
            like = (f"; on the {np.mean(near):.0f} units like them "
                    f"{np.mean(before):.3f} -> {np.mean(after):.3f}") if size else ""
            print(f"  {label:<14} N={size:>2}  micro-F1 {np.mean(scores):.3f}{spread}{like}")


def labelled_set(embedder: object) -> None:
    rows = load_rows()
    tune = [r for r in rows if split_of(r["id"]) == "tune"]
    hold = [r for r in rows if split_of(r["id"]) == "holdout"]
    y_tune = labels(tune)
    pool = [Example(r["text"], tuple(c for c, on in zip(CODES, y) if on), r["question"] or None)
            for r, y in zip(tune, y_tune)]
    curve("tests/data/coding.tsv", pool, contexts_of(tune), [r["text"] for r in hold],
          contexts_of(hold), labels(hold).astype(bool), list(range(len(CODES))), embedder)


def _overlaps(unit: str, sentence: str) -> bool:
    a, b = " ".join(unit.split()), " ".join(sentence.split())
    return bool(a) and bool(b) and (a in b or b in a)


def tuning_set(folder: Path, embedder: object) -> None:
    from jobstory.synthesis.ingest import read_paths
    from jobstory.synthesis.segment import segment

    key = json.loads((folder / "key.json").read_text(encoding="utf-8"))
    parsed, _errors = read_paths([folder / "transcripts"])
    units = segment(parsed)
    columns = [CODES.index(f) for f in FORCES]
    pool: list[Example] = []
    pool_contexts: list[CodeContext] = []
    texts, contexts, truth = [], [], []
    for unit in units:
        name = Path(unit.source_id).name
        forces = key["forces"].get(name, {})
        true = {f for f in FORCES if any(_overlaps(unit.text, s) for s in forces.get(f, []))}
        number = int("".join(ch for ch in name if ch.isdigit()) or 0)
        if number % 2:
            pool.append(Example(unit.text, tuple(c for c in CODES if c in true),
                                unit.question_text))
            pool_contexts.append(CodeContext(question_text=unit.question_text))
        else:
            texts.append(unit.text)
            contexts.append(CodeContext(question_text=unit.question_text))
            truth.append([c in true for c in CODES])
    curve(f"{folder.name} (forces)", pool, pool_contexts, texts, contexts,
          np.array(truth, dtype=bool), columns, embedder)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tuning", type=Path, help="a folder with transcripts/ and key.json")
    args = parser.parse_args(argv)
    embedder = default_embedder()
    print(f"embedder: {embedder.name}")
    labelled_set(embedder)
    if args.tuning:
        tuning_set(args.tuning, embedder)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
