"""Statistics of structured answers: scale, single choice, multiple choice, ranking, yes/no.

Pure functions, no I/O. `summarise(question, answers)` turns one question's answers into a
JSON-ready dict: floats rounded to 4 decimal places, keys always in the same order, so the
same answers give a byte-identical `analysis.json`.

Rules, in plain English:

- One vote per participant. If a participant answered a question more than once (a re-ask,
  a corrected answer), their last usable answer counts. `n` is the number of distinct
  participants with a usable answer; `skipped` counts answers that were set aside (empty,
  outside the scale, an option the question does not offer, or superseded by a later answer
  from the same participant).
- Distributions list every option of the question, in the guide's order, even when nobody
  chose it. When the question carries no option list, the options seen are listed by count,
  then by name. `share` is count / n (share of respondents), so for multiple choice the
  shares can add up to more than 1.
- Proportions carry a 95% Wilson score interval, which behaves well for small n and for
  shares near 0 or 1 (unlike the normal approximation).
- Scale answers get a mean and a median, each with a 95% percentile-bootstrap interval:
  `resamples` resamples (default 2,000) drawn with `numpy.random.default_rng(seed)`, so the
  interval is the same on every run.
- Rankings use a Borda count. With k options in total, the option ranked first earns k-1
  points, the second k-2, and so on. A partial ranking (a participant ranked only their top
  few) gives its ranked options the same points they would get in a full ranking, and the
  options left out earn nothing: not ranking something is read as ranking it below all the
  ranked ones. When the question carries no option list, k is the number of distinct
  options seen across all rankings. `mean_rank` (1 = best) is averaged over the participants
  who ranked the option. Options are ordered by Borda points (high first), then by name.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

Z95 = 1.959963984540054  # two-sided 95% normal quantile
DEFAULT_RESAMPLES = 2000
DEFAULT_SEED = 0

SCALE = "scale"
SINGLE_CHOICE = "single_choice"
MULTIPLE_CHOICE = "multiple_choice"
RANKING = "ranking"
YES_NO = "yes_no"
KINDS = (SCALE, SINGLE_CHOICE, MULTIPLE_CHOICE, RANKING, YES_NO)

_YES = frozenset({"yes", "y", "true", "1", "ja", "oui", "si", "sí"})
_NO = frozenset({"no", "n", "false", "0", "nein", "non"})


def r4(value: float | None) -> float | None:
    """Round to 4 decimal places for JSON; None stays None, -0.0 becomes 0.0."""
    if value is None:
        return None
    rounded = round(float(value), 4)
    return 0.0 if rounded == 0 else rounded


def wilson(successes: int, n: int, z: float = Z95) -> tuple[float, float] | None:
    """Wilson score interval for a proportion successes / n; None when n is 0."""
    if n <= 0:
        return None
    if not 0 <= successes <= n:
        raise ValueError("successes must lie between 0 and n")
    p = successes / n
    z2 = z * z
    denominator = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denominator
    low = 0.0 if successes == 0 else max(0.0, centre - half)  # exact at the edges
    high = 1.0 if successes == n else min(1.0, centre + half)
    return low, high


def bootstrap_ci(
    values: Sequence[float],
    statistic: str = "mean",
    *,
    resamples: int = DEFAULT_RESAMPLES,
    seed: int = DEFAULT_SEED,
    level: float = 0.95,
) -> tuple[float, float] | None:
    """Percentile bootstrap interval of the mean or median; None for no values."""
    data = np.asarray(values, dtype=float)
    if data.size == 0:
        return None
    if statistic not in ("mean", "median"):
        raise ValueError("statistic must be 'mean' or 'median'")
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, data.size, size=(resamples, data.size))
    samples = data[idx]
    stats = samples.mean(axis=1) if statistic == "mean" else np.median(samples, axis=1)
    tail = (1 - level) / 2 * 100
    low, high = np.percentile(stats, [tail, 100 - tail])
    return float(low), float(high)


def summarise(
    question: dict[str, Any],
    answers: Sequence[tuple[str, Any]],
    *,
    resamples: int = DEFAULT_RESAMPLES,
    seed: int = DEFAULT_SEED,
) -> dict[str, Any]:
    """Summarise one structured question's answers, given as (participant, value) pairs.

    `question` is `{"id", "text", "kind", "options"?, "min"?, "max"?}`; `kind` is one of
    scale, single_choice, multiple_choice, ranking, yes_no (open questions have no
    statistics here and raise ValueError).
    """
    kind = str(question.get("kind", ""))
    if kind not in KINDS:
        raise ValueError(f"cannot summarise a question of kind {kind!r}")
    head: dict[str, Any] = {
        "id": str(question.get("id", "")),
        "text": str(question.get("text", "")),
        "kind": kind,
    }
    if kind == SCALE:
        return head | _scale(question, answers, resamples=resamples, seed=seed)
    if kind == RANKING:
        return head | _ranking(question, answers)
    return head | _choices(question, answers, kind)


# --- helpers -----------------------------------------------------------------------------


def _last_per_participant(
    answers: Sequence[tuple[str, Any]], parse: Any
) -> tuple[dict[str, Any], int]:
    """Parse each answer; keep each participant's last usable one. Returns (kept, skipped)."""
    kept: dict[str, Any] = {}
    for participant, raw in answers:
        value = parse(raw)
        if value is None:
            continue
        key = str(participant)
        kept.pop(key, None)  # re-insert so order follows the last answer
        kept[key] = value
    return kept, len(answers) - len(kept)


def _option_lookup(question: dict[str, Any]) -> tuple[list[str] | None, dict[str, str]]:
    options = question.get("options")
    if not options:
        return None, {}
    canonical = [str(o).strip() for o in options]
    return canonical, {o.casefold(): o for o in canonical}


def _match(value: Any, lookup: dict[str, str], known: bool) -> str | None:
    if value is None or isinstance(value, bool):
        return None
    text = str(value).strip()
    if not text:
        return None
    if not known:
        return text
    return lookup.get(text.casefold())


def _proportion(option: str, count: int, n: int) -> dict[str, Any]:
    interval = wilson(count, n)
    return {
        "option": option,
        "count": count,
        "share": r4(count / n) if n else None,
        "ci_low": r4(interval[0]) if interval else None,
        "ci_high": r4(interval[1]) if interval else None,
    }


def _order_options(counts: dict[str, int], known: list[str] | None) -> list[str]:
    if known is not None:
        return list(known)
    return sorted(counts, key=lambda o: (-counts[o], o.casefold(), o))


# --- kinds ---------------------------------------------------------------------------------


def _scale_bounds(question: dict[str, Any]) -> tuple[int, int]:
    low = question.get("min")
    high = question.get("max")
    return (1 if low is None else int(low)), (5 if high is None else int(high))


def _scale(
    question: dict[str, Any], answers: Sequence[tuple[str, Any]], *, resamples: int, seed: int
) -> dict[str, Any]:
    low, high = _scale_bounds(question)

    def parse(raw: Any) -> int | None:
        if raw is None or isinstance(raw, bool):
            return None
        try:
            number = float(str(raw).strip()) if isinstance(raw, str) else float(raw)
        except (TypeError, ValueError):
            return None
        if not number.is_integer() or not low <= number <= high:
            return None
        return int(number)

    kept, skipped = _last_per_participant(answers, parse)
    values = list(kept.values())
    n = len(values)
    counts = {point: 0 for point in range(low, high + 1)}
    for value in values:
        counts[value] += 1
    mean = median = None
    if n:
        mean_ci = bootstrap_ci(values, "mean", resamples=resamples, seed=seed)
        median_ci = bootstrap_ci(values, "median", resamples=resamples, seed=seed)
        assert mean_ci is not None and median_ci is not None
        mean = {
            "estimate": r4(float(np.mean(values))),
            "ci_low": r4(mean_ci[0]),
            "ci_high": r4(mean_ci[1]),
        }
        median = {
            "estimate": r4(float(np.median(values))),
            "ci_low": r4(median_ci[0]),
            "ci_high": r4(median_ci[1]),
        }
    return {
        "n": n,
        "skipped": skipped,
        "scale": {"min": low, "max": high},
        "distribution": [
            {"value": point, "count": count, "share": r4(count / n) if n else None}
            for point, count in counts.items()
        ],
        "mean": mean,
        "median": median,
        "ci": {
            "level": 0.95,
            "method": "percentile bootstrap",
            "resamples": resamples,
            "seed": seed,
        },
    }


def _yes_no(raw: Any) -> str | None:
    if isinstance(raw, bool):
        return "yes" if raw else "no"
    if raw is None:
        return None
    text = str(raw).strip().casefold()
    if text in _YES:
        return "yes"
    if text in _NO:
        return "no"
    return None


def _choices(
    question: dict[str, Any], answers: Sequence[tuple[str, Any]], kind: str
) -> dict[str, Any]:
    if kind == YES_NO:
        known: list[str] | None = ["yes", "no"]
        parse: Any = _yes_no
    else:
        known, lookup = _option_lookup(question)
        is_known = known is not None
        if kind == SINGLE_CHOICE:

            def parse(raw: Any) -> str | None:
                return _match(raw, lookup, is_known)

        else:

            def parse(raw: Any) -> tuple[str, ...] | None:
                items = [raw] if isinstance(raw, str) else raw
                if not isinstance(items, (list, tuple)):
                    return None
                chosen: list[str] = []
                for item in items:
                    option = _match(item, lookup, is_known)
                    if option is not None and option not in chosen:
                        chosen.append(option)
                return tuple(chosen) or None

    kept, skipped = _last_per_participant(answers, parse)
    n = len(kept)
    counts: dict[str, int] = {option: 0 for option in known or []}
    for value in kept.values():
        for option in value if isinstance(value, tuple) else (value,):
            counts[option] = counts.get(option, 0) + 1
    return {
        "n": n,
        "skipped": skipped,
        "distribution": [
            _proportion(option, counts.get(option, 0), n)
            for option in _order_options(counts, known)
        ],
        "ci": {"level": 0.95, "method": "wilson"},
    }


def _ranking(question: dict[str, Any], answers: Sequence[tuple[str, Any]]) -> dict[str, Any]:
    known, lookup = _option_lookup(question)
    is_known = known is not None

    def parse(raw: Any) -> tuple[str, ...] | None:
        if not isinstance(raw, (list, tuple)):
            return None
        order: list[str] = []
        for item in raw:
            option = _match(item, lookup, is_known)
            if option is not None and option not in order:
                order.append(option)
        return tuple(order) or None

    kept, skipped = _last_per_participant(answers, parse)
    options: list[str] = list(known or [])
    for ranking in kept.values():
        for option in ranking:
            if option not in options:
                options.append(option)
    k = len(options)
    points = {option: 0 for option in options}
    ranks: dict[str, list[int]] = {option: [] for option in options}
    firsts = {option: 0 for option in options}
    for ranking in kept.values():
        for position, option in enumerate(ranking):
            points[option] += k - 1 - position
            ranks[option].append(position + 1)
        firsts[ranking[0]] += 1
    ordered = sorted(options, key=lambda o: (-points[o], o.casefold(), o))
    return {
        "n": len(kept),
        "skipped": skipped,
        "options_count": k,
        "ranking": [
            {
                "option": option,
                "borda": points[option],
                "mean_rank": r4(sum(ranks[option]) / len(ranks[option])) if ranks[option] else None,
                "ranked_by": len(ranks[option]),
                "first": firsts[option],
            }
            for option in ordered
        ],
        "method": (
            "Borda count: with k options the first place earns k-1 points, the last 0; "
            "options a participant did not rank earn 0 from them"
        ),
    }
