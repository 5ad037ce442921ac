"""JTBD coding benchmark and calibration: precision / recall / F1 per code on the labelled set.

    python benchmarks/coding.py          # figures on holdout (and tune for reference), units/s
    python benchmarks/coding.py --fit    # refit src/jobstory/synthesis/data/coding_params.json
                                         # from the tune split only, then print the figures

The labelled set is tests/data/coding.tsv (UTF-8, tab-separated:
`id  split  category  question  text  codes`). `question` is the interview question the unit
answered (empty when the unit came without one); `codes` is comma-separated from
jobstory.synthesis.code.CODES, or empty.

Split rule, fixed before any tuning: a row is `holdout` when its integer id is divisible by 3,
otherwise `tune`. Only tune rows are used to fit parameters or choose thresholds.

Labelling guideline (what counts as each code; a unit gets every code that honestly applies,
zero or more):

JTBD parts
- situation: the unit states the circumstance, trigger event or recurring moment in which the
  need arose or the struggle happens: a time ("every month-end", "tax time last year"), an
  event or change ("when our accountant quit", "after we hired our fifth person", "when the gym
  closed"), a context that sets up the job ("when I started freelancing"). Pure background
  about the person or business with no link to the need ("I run a landscaping company", "I'm
  34, two kids") is NOT situation and usually gets no code.
- motivation: what the participant wanted, needed or tried to DO, as an action or progress
  ("I wanted to send invoices from my phone", "I needed to see who hadn't paid", "we were
  trying to get follow ups to happen automatically", "the goal was getting my notes in one
  spot"). "had to X" counts when X is the job they needed done. A feature they liked is pull,
  not motivation.
- outcome: the end benefit or result they seek or now get ("so I can stop worrying at tax
  time", "I get my Sundays back", "the team trusts the numbers", "builds are seven minutes
  now", "to never be surprised by a bill again"). Results reported after switching count.

Forces of progress
- push: dissatisfaction with the old or current way that pushes them to change: pain, failure,
  effort, cost, errors, embarrassment caused by the old way ("the spreadsheet kept breaking",
  "overdraft charges", "I felt lost at the gym"). A trigger that is itself painful
  ("every month-end I'm chasing invoices") is situation AND push.
- pull: the attraction of the new solution: a feature, its promise, price, design, a demo, a
  trial, a recommendation or others using it ("the bank feed sold me", "my friend wouldn't shut
  up about it").
- anxiety: worries or doubts about switching to or using the new thing: cost, migration, data
  loss, learning curve, reliability, security, lock-in, others not adopting it, "what if".
  Short answers whose meaning comes from the question count ("The cost, mostly." answering
  "Did anything worry you?"). A denial ("I wasn't worried about the price at all", "not
  really") is NOT anxiety.
- habit: attachment to the current way, or inertia: familiarity, routine, loyalty, sunk
  setup, "we've always used spreadsheets", "my team knows it", "I kept putting it off",
  "it worked well enough".

Dimensions (only alongside a need, pain, benefit, attraction, worry or attachment, or when a
unit is only a feeling/only about others; a bare situation gets no dimension)
- functional: the practical, task-level side: time, effort, accuracy, money, capability,
  logistics, data ("half a day matching payments", "it syncs with my watch", "the monthly
  cost").
- emotional: a feeling is named or plainly expressed: stressed, relieved, embarrassed,
  anxious, worried, scared, guilty, proud, calm, dread, "sick of", "felt stupid", "I sleep now".
- social: how others see them or others' part in it: clients, boss, board, team, family,
  friends; looking professional, reputation, awkwardness, others having to agree or adopt
  ("a client said my invoice looked homemade", "my wife had to be on board", "so the team
  trusts the plan").

No code: background facts, logistics, filler, meta talk ("can you repeat the question"),
denials with nothing else, off-topic remarks.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from jobstory.synthesis import code as coding  # noqa: E402
from jobstory.synthesis.code import CODES, CodeContext  # noqa: E402
from jobstory.synthesis.embed import EMBEDDERS, make_embedder  # noqa: E402

DATA = ROOT / "tests" / "data" / "coding.tsv"
PARAMS = ROOT / "src" / "jobstory" / "synthesis" / "data" / coding.PARAMS_FILE
C_GRID = (0.03, 0.1, 0.3, 1.0, 3.0)
FOLDS = 5
SEED = 0


def load_rows(path: Path = DATA) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


def split_of(row_id: str) -> str:
    """The split rule, fixed before tuning: every third id is holdout."""
    return "holdout" if int(row_id) % 3 == 0 else "tune"


def labels(rows: list[dict[str, str]]) -> np.ndarray:
    y = np.zeros((len(rows), len(CODES)), dtype=int)
    for i, row in enumerate(rows):
        for c in filter(None, (row["codes"] or "").split(",")):
            y[i, CODES.index(c)] = 1
    return y


def contexts_of(rows: list[dict[str, str]]) -> list[CodeContext]:
    return [CodeContext(question_text=r["question"] or None) for r in rows]


def prf(y: np.ndarray, pred: np.ndarray) -> tuple[float, float, float, int]:
    tp = int((y & pred).sum())
    fp = int(((1 - y) & pred).sum())
    fn = int((y & (1 - pred)).sum())
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f, int(y.sum())


def best_threshold(y: np.ndarray, prob: np.ndarray) -> float:
    """Threshold maximising F1; the middle of the best plateau, for stability."""
    grid = np.round(np.arange(0.05, 0.951, 0.01), 2)
    scores = np.array([prf(y, (prob >= t).astype(int))[2] for t in grid])
    best = np.flatnonzero(scores >= scores.max() - 1e-9)
    return float(grid[best[len(best) // 2]])


def fit(x: np.ndarray, x_bare: np.ndarray, y: np.ndarray, embedder_name: str) -> dict:
    """Per-code logistic regression on standardised features, with context dropout.

    Every tune unit appears twice: with its question context (`x`) and without it (`x_bare`),
    so the model cannot lean on the question alone: real answers often wander from what was
    asked, and some units arrive with no question at all. Both copies of a unit always sit in
    the same cross-validation fold. C is chosen per code by out-of-fold log loss, the threshold
    by out-of-fold F1: one threshold for units with a question, one (`threshold_no_context`)
    for units without, each chosen on its own copies.
    """
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import log_loss
    from sklearn.model_selection import StratifiedKFold

    n = len(x)
    q_present = coding.feature_names().index("q_present")
    both = np.vstack([x, x_bare])
    mean = both.mean(axis=0)
    scale = both.std(axis=0)
    scale[scale < 1e-6] = 1.0
    xs = (both - mean) / scale
    out: dict = {
        "version": 1,
        "embedder": embedder_name,
        "trained_on": "tests/data/coding.tsv split=tune, each unit with and without its question",
        "n_tune": int(n),
        "features": coding.feature_names(),
        "mean": [round(float(v), 6) for v in mean],
        "scale": [round(float(v), 6) for v in scale],
        "codes": {},
    }
    for j, code in enumerate(CODES):
        yj = y[:, j]
        y2 = np.concatenate([yj, yj])
        folds = [
            (np.concatenate([tr, tr + n]), np.concatenate([te, te + n]))
            for tr, te in StratifiedKFold(FOLDS, shuffle=True, random_state=SEED).split(x, yj)
        ]
        best: tuple[float, float, np.ndarray] | None = None
        for c in C_GRID:
            oof = np.zeros(2 * n)
            for train, test in folds:
                model = LogisticRegression(C=c, max_iter=5000)
                model.fit(xs[train], y2[train])
                oof[test] = model.predict_proba(xs[test])[:, 1]
            loss = log_loss(y2, oof, labels=[0, 1])
            if best is None or loss < best[0] - 1e-9:
                best = (loss, c, oof)
        assert best is not None
        _, c, oof = best
        model = LogisticRegression(C=c, max_iter=5000).fit(xs, y2)
        asked = x[:, q_present] > 0  # units whose question is blank belong to the other regime
        bare_y = np.concatenate([yj, yj[~asked]])
        bare_p = np.concatenate([oof[n:], oof[:n][~asked]])
        threshold = best_threshold(yj[asked], oof[:n][asked])
        threshold_bare = best_threshold(bare_y, bare_p)
        out["codes"][code] = {
            "C": c,
            "coef": [round(float(v), 6) for v in model.coef_[0]],
            "intercept": round(float(model.intercept_[0]), 6),
            "threshold": threshold,
            "cv_f1": round(prf(yj[asked], (oof[:n][asked] >= threshold).astype(int))[2], 4),
            "threshold_no_context": threshold_bare,
            "cv_f1_no_context": round(prf(bare_y, (bare_p >= threshold_bare).astype(int))[2], 4),
        }
    return out


def report(name: str, y: np.ndarray, pred: np.ndarray) -> None:
    print(f"\n== {name} ({len(y)} units) ==")
    print(f"{'code':<12}{'P':>7}{'R':>7}{'F1':>7}{'n':>6}")
    fs = []
    for j, code in enumerate(CODES):
        p, r, f, n = prf(y[:, j], pred[:, j])
        fs.append(f)
        print(f"{code:<12}{p:7.3f}{r:7.3f}{f:7.3f}{n:6d}")
    p, r, f, n = prf(y.ravel(), pred.ravel())
    print(f"{'micro':<12}{p:7.3f}{r:7.3f}{f:7.3f}{n:6d}")
    print(f"{'macro F1':<12}{'':>14}{float(np.mean(fs)):7.3f}")
    exact = float((y == pred).all(axis=1).mean())
    print(f"exact-set match: {exact:.3f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fit", action="store_true", help="refit coding_params.json on tune")
    parser.add_argument("--speed-units", type=int, default=50_000)
    parser.add_argument("--embedder", choices=EMBEDDERS,
                        help="encoder to measure with (default: what analysis uses here)")
    args = parser.parse_args(argv)

    rows = load_rows()
    for row in rows:
        if row["split"] != split_of(row["id"]):
            raise SystemExit(f"row {row['id']} breaks the split rule")
    embedder = make_embedder(args.embedder)
    print(f"embedder: {embedder.name}")
    texts = [r["text"] for r in rows]
    contexts = contexts_of(rows)
    vectors = embedder.encode(texts)
    x = coding.unit_features(texts, contexts, embedder=embedder, vectors=vectors)
    y = labels(rows)
    tune = np.array([r["split"] == "tune" for r in rows])

    if args.fit:
        x_bare = coding.unit_features(texts, None, embedder=embedder, vectors=vectors)
        params = fit(x[tune], x_bare[tune], y[tune], embedder.name)
        PARAMS.write_text(json.dumps(params, indent=1) + "\n", encoding="utf-8")
        coding.load_params.cache_clear()
        print(f"wrote {PARAMS.relative_to(ROOT)}")
        for code in CODES:
            entry = params["codes"][code]
            print(f"  {code:<11} C={entry['C']:<5} threshold={entry['threshold']:.2f} "
                  f"cv_f1={entry['cv_f1']:.3f} | no context: threshold="
                  f"{entry['threshold_no_context']:.2f} cv_f1={entry['cv_f1_no_context']:.3f}")

    codings = coding.code_units(texts, contexts, embedder=embedder, vectors=vectors)
    pred = np.array([[int(c in k.codes) for c in CODES] for k in codings])
    report("holdout", y[~tune], pred[~tune])
    report("tune (fitted on; for reference)", y[tune], pred[tune])

    bare = coding.code_units(texts, None, embedder=embedder, vectors=vectors)
    pred_bare = np.array([[int(c in k.codes) for c in CODES] for k in bare])
    report("holdout without question context", y[~tune], pred_bare[~tune])

    n = args.speed_units
    reps = -(-n // len(texts))
    # Unique texts (a copy number appended) so the per-text cue cache cannot flatter the speed.
    big_texts = [f"{t} ({k // len(texts)})" for k, t in enumerate((texts * reps)[:n])]
    big_ctx = (contexts * reps)[:n]
    big_vec = np.tile(vectors, (reps, 1))[:n]
    coding.code_units(big_texts[:10], big_ctx[:10], embedder=embedder, vectors=big_vec[:10])
    start = time.perf_counter()
    coding.code_units(big_texts, big_ctx, embedder=embedder, vectors=big_vec)
    took = time.perf_counter() - start
    print(f"\nspeed: {n} units in {took:.2f}s = {n / took:,.0f} units/s (vectors precomputed)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
