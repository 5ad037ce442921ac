"""Ward clustering on a nearest-neighbour graph, merging mutual nearest neighbours in rounds.

Why not scikit-learn's ``ward_tree(connectivity=...)``: it merges one pair at a time from a
Python heap of every link ever seen, which was more than half of ``cluster()``'s seconds on
8,000 comments (429,000 heap pops). Ward's distance is *reducible* (a merged pair is never
closer to a third group than the nearer of its two parts was), so every pair of groups that
are each other's nearest neighbour can merge at once and the tree is the one the one-at-a-time
greedy would build (Murtagh's reciprocal-nearest-neighbour argument). Each round is a few
array operations over the graph's links, and a round merges a large share of the groups, so
a few dozen rounds build the whole tree.

On a graph the argument holds as long as the neighbours a group gains by a merge were not
nearer than its own nearest pair; where the graph hides a nearer group that can fail, and
then this tree and the heap's differ in that merge, as two equally valid Ward trees. The
merges are ordered by height (made monotone: a merge is never lower than the merges below
it), so cutting the first ``n - k`` merges gives ``k`` groups, as with scikit-learn's tree.
"""

from __future__ import annotations

import numpy as np

_EDGE_BLOCK = 16384  # links whose distances are computed at once (bounds temporary memory)


def ward_children(x: np.ndarray, links: np.ndarray) -> np.ndarray:
    """Merge list (n-1, 2) of Ward clustering of the rows of ``x`` along ``links``.

    ``links`` is an (E, 2) array of row pairs that may merge (in either order, repeats
    allowed). Node ``n + t`` is the group made by merge ``t``, as in scikit-learn and SciPy.
    Groups the links leave apart are joined last, by plain Ward among what remains.
    Deterministic: ties go to the lower group number.
    """
    x = np.asarray(x, dtype=np.float64)
    n = len(x)
    if n < 2:
        return np.zeros((0, 2), dtype=np.int64)
    centre = np.zeros((2 * n - 1, x.shape[1]))
    centre[:n] = x
    norm2 = np.zeros(2 * n - 1)  # squared length of each centre
    norm2[:n] = np.einsum("ij,ij->i", x, x)
    size = np.zeros(2 * n - 1)
    size[:n] = 1
    edges, _ = _tidy(np.asarray(links, dtype=np.int64).reshape(-1, 2), n)
    dist = _ward_distances(centre, norm2, size, edges)
    active = np.arange(n)
    merges: list[tuple[int, int, float]] = []  # (a, b, height), node n + index
    while len(active) > 1:
        if len(edges) == 0:  # what the links leave apart: every remaining pair may merge
            a, b = np.triu_indices(len(active), 1)
            edges = np.column_stack((active[a], active[b]))
            dist = _ward_distances(centre, norm2, size, edges)
        pairs, heights = _mutual_nearest(edges, dist)
        new = n + len(merges) + np.arange(len(pairs))
        merges.extend(zip(pairs[:, 0].tolist(), pairs[:, 1].tolist(), heights.tolist()))
        a, b = pairs.T
        size[new] = size[a] + size[b]
        centre[new] = (size[a, None] * centre[a] + size[b, None] * centre[b]) / size[new, None]
        norm2[new] = np.einsum("ij,ij->i", centre[new], centre[new])
        owner = np.arange(2 * n - 1)
        owner[pairs[:, 0]] = owner[pairs[:, 1]] = new
        merged = owner != np.arange(2 * n - 1)
        active = np.concatenate((active[~merged[active]], new))
        edges, kept = _tidy(owner[edges], n)
        dist = dist[kept]
        # Only links to a new group have a new distance.
        fresh = (edges >= new[0]).any(axis=1)
        dist[fresh] = _ward_distances(centre, norm2, size, edges[fresh])
    return _in_height_order(merges, n)


def _tidy(edges: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Each link once, lower node first, none from a group to itself; and which rows stayed."""
    edges = np.sort(edges, axis=1)
    keep = np.flatnonzero(edges[:, 0] != edges[:, 1])
    _, first = np.unique(edges[keep, 0] * (2 * n) + edges[keep, 1], return_index=True)
    kept = keep[first]
    return edges[kept], kept


def _ward_distances(centre: np.ndarray, norm2: np.ndarray, size: np.ndarray,
                    edges: np.ndarray) -> np.ndarray:
    """Increase in within-group sum of squares if each linked pair merged."""
    a, b = edges.T
    dot = np.empty(len(edges))
    for start in range(0, len(edges), _EDGE_BLOCK):
        block = slice(start, start + _EDGE_BLOCK)
        dot[block] = np.einsum("ij,ij->i", centre[a[block]], centre[b[block]])
    squared = np.maximum(norm2[a] + norm2[b] - 2 * dot, 0.0)
    return size[a] * size[b] / (size[a] + size[b]) * squared


def _mutual_nearest(edges: np.ndarray, dist: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Linked pairs that are each other's nearest (ties: lower node), nearest pairs first."""
    src = np.concatenate((edges[:, 0], edges[:, 1]))
    dst = np.concatenate((edges[:, 1], edges[:, 0]))
    both = np.concatenate((dist, dist))
    order = np.argsort(src * (int(dst.max()) + 1) + dst)  # by group, then by neighbour
    starts = np.flatnonzero(np.r_[True, src[order[1:]] != src[order[:-1]]])
    least = np.minimum.reduceat(both[order], starts)
    at_least = both[order] == np.repeat(least, np.diff(np.r_[starts, len(order)]))
    # The first neighbour at the least distance, in neighbour order: ties go to the lower.
    candidates = np.flatnonzero(at_least)
    group = np.searchsorted(starts, candidates, side="right") - 1
    first = candidates[np.r_[True, group[1:] != group[:-1]]]
    chosen = order[first]
    nearest = np.full(int(src.max()) + 1, -1)
    nearest[src[chosen]] = dst[chosen]
    mutual = (nearest[dst[chosen]] == src[chosen]) & (src[chosen] < dst[chosen])
    pairs = np.column_stack((src[chosen][mutual], dst[chosen][mutual]))
    heights = both[chosen][mutual]
    ranked = np.lexsort((pairs[:, 0], heights))
    return pairs[ranked], heights[ranked]


def _in_height_order(merges: list[tuple[int, int, float]], n: int) -> np.ndarray:
    """The merges sorted by monotone height, renumbered so node n + t is merge t."""
    height = np.zeros(2 * n - 1)
    for t, (a, b, h) in enumerate(merges):
        height[n + t] = max(h, height[a], height[b])
    order = np.lexsort((np.arange(len(merges)), height[n:]))
    rename = np.arange(2 * n - 1)
    rename[n + order] = n + np.arange(len(merges))
    pairs = np.array([(a, b) for a, b, _ in merges], dtype=np.int64)
    return np.sort(rename[pairs[order]], axis=1)
