"""Stable theme ids: a theme keeps its id across runs while it keeps (most of) its members.

A new cluster inherits an earlier theme's id when they overlap enough: Jaccard >= 0.5, or
containment (shared members over the smaller of the two) >= 0.5. Matching is one-to-one and
greedy: pairs are taken by Jaccard, then shared-member count (both descending), then old id and
new position, so a theme that merely grew keeps its id ahead of a small splinter of it. Clusters
that inherit nothing get an id derived from content: "t-" + 8 hex digits of SHA-256 over the
sorted ids of their most central members (the first ``CENTRAL`` of ``members``, which callers
list most central first), so the same input always yields the same id, and a theme that gains
or loses peripheral members keeps it even without the previous run at hand.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence

MATCH_THRESHOLD = 0.5
CENTRAL = 5


def content_id(members: Sequence[str], central: int = CENTRAL) -> str:
    core = sorted(str(m) for m in members[:central])
    return "t-" + hashlib.sha256("\x1f".join(core).encode("utf-8")).hexdigest()[:8]


def theme_ids(
    members: Sequence[Sequence[str]], previous: Mapping[str, Sequence[str]] | None = None
) -> list[str]:
    """One id per new cluster, in order; never two clusters with one id."""
    new_sets = [frozenset(str(m) for m in ms) for ms in members]
    ids: list[str | None] = [None] * len(new_sets)
    taken: set[str] = set()

    if previous:
        old_sets = {str(tid): frozenset(str(m) for m in ms) for tid, ms in previous.items()}
        pairs: list[tuple[float, int, str, int]] = []
        for old_id, old in old_sets.items():
            if not old:
                continue
            for i, new in enumerate(new_sets):
                shared = len(old & new)
                if not shared:
                    continue
                jaccard = shared / len(old | new)
                containment = shared / min(len(old), len(new))
                if jaccard >= MATCH_THRESHOLD or containment >= MATCH_THRESHOLD:
                    pairs.append((-jaccard, -shared, old_id, i))
        pairs.sort()
        for _, _, old_id, i in pairs:
            if ids[i] is None and old_id not in taken:
                ids[i] = old_id
                taken.add(old_id)
        # Ids of earlier themes that found no successor stay reserved: a content-derived id must
        # not silently take over an id that meant something else before.
        taken.update(old_sets)

    for i, ms in enumerate(members):
        if ids[i] is not None:
            continue
        candidate = content_id(list(ms))
        if candidate in taken:  # same core as another theme (or an old id): widen, then count
            candidate = content_id(list(ms), central=len(ms))
        base, n = candidate, 2
        while candidate in taken:
            candidate = f"{base}-{n}"
            n += 1
        ids[i] = candidate
        taken.add(candidate)
    return [i for i in ids if i is not None]
