"""How alike one person's wording of a story part is to what the others said for it.

A situation is shared by people, not by sentences, and so are its parts: the motivation and
outcome of a job story are the wordings its members said most alike, not one person's
particulars. Pure: vectors in, scores out.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

__all__ = ["alike_to_others"]


def alike_to_others(vectors: np.ndarray, owners: Sequence[str]) -> list[float]:
    """For each wording (a row of `vectors`, said by `owners[k]`), the mean over the other
    people who gave a wording of the cosine to their nearest one; 0 when nobody else did.
    Rounded to 6 places, so that ties fall to whatever order the caller gives them."""
    if len(owners) == 0:
        return []
    rows = np.asarray(vectors, dtype=np.float64)
    rows = rows / np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-12)
    by_person: dict[str, list[int]] = {}
    for k, owner in enumerate(owners):
        by_person.setdefault(owner, []).append(k)
    out = []
    for k, owner in enumerate(owners):
        others = [float(np.max(rows[ks] @ rows[k])) for person, ks in by_person.items()
                  if person != owner]
        out.append(round(float(np.mean(others)), 6) if others else 0.0)
    return out
