"""Themes from sentence embeddings: kNN-denoised Ward clustering, refined by spherical k-means.

The pipeline, chosen by measurement (see ``benchmarks/README.md`` for the figures):

1. L2-normalise the vectors and put them in a canonical order (by a hash of each row's bytes),
   so the result does not depend on the order the caller passed them in.
2. Exact k nearest neighbours by cosine, in row batches (sparse result, no n x n matrix).
3. Denoise: replace each vector by the normalised sum of itself and its 5 nearest neighbours.
   This pulls paraphrases together and lifts NMI by 2-3 points on every labelled set tried.
4. Ward agglomerative clustering of the denoised vectors, constrained to the symmetric
   10-nearest-neighbour graph (sparse, so it scales to tens of thousands of rows); built by
   merging mutual nearest neighbours in rounds (``ward.py`` says why).
5. The number of themes: the caller's ``k`` or, when ``k`` is None, the cut of the Ward tree
   of highest modularity on the kNN graph when the cut for separate groups below finds fewer
   than half as many themes (overlapping groups, as in real feedback, make that cut collapse
   to a handful or one), else the cut for separate groups: the coarser of two cuts of
   the Ward tree: the finest cut in which 85% of each item's nearest neighbours share its
   theme ("kNN purity"; it can only fall as the tree is cut finer, so a binary search finds
   it), and the top-down cut that splits a group only where its two sides share under a
   quarter of the kNN links a random split would (this stops purity from halving compact
   groups; purity stops the split test from shredding large sets).
6. Spherical k-means on the denoised vectors, started from the tree's centroids (no random
   restarts needed, so the result is deterministic).
7. Outliers, labelled -1 and never more than 5% of the items: members of themes too small to
   be one (automatic k only) and items none of whose nearest neighbours share their theme.

Clusters are numbered 0..k-1 by descending size, then by their smallest member's input index.
"""

from __future__ import annotations

import hashlib
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from jobstory.synthesis.ward import ward_children

DENOISE_NEIGHBOURS = 5
GRAPH_NEIGHBOURS = 10
PURITY_NEIGHBOURS = 10
PURITY_TARGET = 0.85
SPLIT_RATIO = 0.25
FAR_OUT = 3.0  # Tukey's fence for "far out" values
MAX_OUTLIER_SHARE = 0.05
KMEANS_MAX_ITER = 100
#: The purity/split cut has collapsed when modularity finds this many times as many themes.
OVERLAP_FACTOR = 2
CURVE_MAX_K = 300  # the modularity curve kept for charts
_BATCH_BYTES = 1 << 27  # similarity block per kNN batch (128 MiB)


@dataclass(frozen=True)
class Clustering:
    labels: np.ndarray  # int, -1 = outlier, clusters 0..k-1 by descending size, then first member
    k: int
    centroids: np.ndarray  # (k, d) L2-normalised means of the members' input vectors
    method: str  # human-readable description of what ran
    #: (k, modularity of the Ward cut into k themes) for k = 1.. : what the automatic count
    #: weighs, for a chart that lets a researcher pick another k knowingly
    criterion: tuple[tuple[int, float], ...] = ()

    @property
    def outliers(self) -> np.ndarray:
        """Indices of the items left unassigned."""
        return np.flatnonzero(self.labels < 0)

    def members(self, cluster: int) -> np.ndarray:
        return np.flatnonzero(self.labels == cluster)


def cluster(vectors: np.ndarray, k: int | None = None, *, seed: int = 0,
            min_k: int = 1) -> Clustering:
    """Group the rows of ``vectors`` into themes; see the module docstring for how.

    ``k`` fixes the number of themes (capped at the number of distinct rows); None chooses it
    from the data, but never fewer than ``min_k``. ``seed`` picks the canonical processing order; every step is deterministic,
    so the same vectors and seed give the same labels in any input order.
    """
    x = np.asarray(vectors, dtype=np.float32)
    if x.ndim != 2:
        raise ValueError(f"vectors must be a 2-D array, got shape {x.shape}")
    if k is not None and k < 1:
        raise ValueError(f"k must be at least 1, got {k}")
    n, d = x.shape
    if n == 0:
        return Clustering(np.zeros(0, dtype=np.int64), 0, np.zeros((0, d), np.float32), "empty")
    if not np.all(np.isfinite(x)):
        raise ValueError("vectors contain NaN or infinite values")
    x = _normalise(x)

    order, keys = _canonical_order(x, seed)
    xs = x[order]
    # Exact duplicates are clustered once and share a label (ties can't split them).
    _, first, inverse = np.unique(keys[order], return_index=True, return_inverse=True)
    unique_rows = np.sort(first)  # canonical positions of each distinct row's first copy
    remap = np.empty(len(first), dtype=np.int64)
    remap[np.argsort(first)] = np.arange(len(first))
    dup_of = remap[inverse.ravel()]  # canonical row -> index into unique_rows
    u = xs[unique_rows]
    weight = np.bincount(dup_of, minlength=len(unique_rows))

    labels_u, method, criterion = _cluster_unique(u, weight, k, n, min_k)

    labels_sorted = labels_u[dup_of]
    labels = np.empty(n, dtype=np.int64)
    labels[order] = labels_sorted
    labels, count = _renumber(labels)
    centroids = _centroids(x, labels, count)
    return Clustering(labels, count, centroids, method, criterion)


# --- pipeline ---------------------------------------------------------------------------------


def _cluster_unique(
    u: np.ndarray, weight: np.ndarray, k: int | None, n_total: int, min_k: int = 1
) -> tuple[np.ndarray, str, tuple[tuple[int, float], ...]]:
    """Labels for distinct rows ``u`` (each standing for ``weight`` input rows)."""
    m = len(u)
    given = k is not None
    if m == 1 or (given and k == 1):
        label = "given" if given else "automatic"
        why = "one distinct item" if m == 1 else "k=1"
        return np.zeros(m, dtype=np.int64), f"single theme ({why}, {label})", ()

    neighbours = knn(u, min(max(DENOISE_NEIGHBOURS, GRAPH_NEIGHBOURS, PURITY_NEIGHBOURS), m - 1))
    denoised = _denoise(u, neighbours[:, :DENOISE_NEIGHBOURS])
    graph = neighbours[:, :GRAPH_NEIGHBOURS]
    children = _ward_children(denoised, graph)
    graph_links = _tree_links(children, m, graph)
    curve = modularity_by_k(children, m, graph, graph_links[1])
    criterion = tuple((i + 1, round(float(q), 4)) for i, q in enumerate(curve[:CURVE_MAX_K]))

    if given:
        assert k is not None
        k_eff = min(k, m)
        note = f"k={k_eff} (given" + (f", capped from {k} at the distinct items" if k > m else "")
        note += ")"
    else:
        p_neighbours = neighbours[:, : _purity_neighbours(n_total, m)]
        k_pure = _largest_pure_cut(children, m, p_neighbours, weight)
        # With few items, fewer neighbours: 10 of 12 items would link every group to every other.
        s_neighbours = neighbours[:, : max(2, min(GRAPH_NEIGHBOURS, m // 5))]
        s_links = (graph_links if s_neighbours.shape == graph.shape
                   else _tree_links(children, m, s_neighbours))
        k_split = _significant_splits(children, m, s_links, _peel_size(n_total, m))
        k_modular = int(np.argmax(curve)) + 1
        k_separate = min(k_pure, k_split)
        # Separate groups: the purity/split cut (measured the better of the two there). Groups
        # that overlap make it collapse (one theme for 3,000 mixed comments): modularity then.
        collapsed = k_separate * OVERLAP_FACTOR < k_modular
        k_eff = max(k_modular if collapsed else k_separate, min(min_k, m))
        note = (
            f"k={k_eff} (automatic: the Ward cut of highest kNN-graph modularity, "
            f"k={k_modular}, where the cut for separate groups finds under 1/{OVERLAP_FACTOR} "
            f"as many, else that cut: the coarser of the finest cut where "
            f"{PURITY_TARGET:.0%} of each item's {p_neighbours.shape[1]} nearest neighbours "
            f"share its theme, k={k_pure}, and the splits whose sides share under "
            f"{SPLIT_RATIO:.0%} of the kNN links a random split would, k={k_split}"
            + (f"; at least {min_k}" if min_k > 1 else "") + ")"
        )

    labels = cut_tree(children, m, k_eff)
    labels = _spherical_kmeans(denoised, labels, k_eff)
    labels = _flag_outliers(u, labels, weight, neighbours, automatic=not given, n_total=n_total)
    kept = len(np.unique(labels[labels >= 0]))
    if kept != k_eff:
        note += f", {kept} kept"
    return labels, f"kNN-denoised Ward + spherical k-means, {note}", criterion


def _normalise(x: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    out = x / np.where(norms > 0, norms, 1.0)
    return out.astype(np.float32, copy=False)


def _canonical_order(x: np.ndarray, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """A permutation that depends only on the rows' content (and the seed), plus each row's key."""
    salt = int(seed).to_bytes(8, "little", signed=True)
    rows = np.ascontiguousarray(np.round(x, 6) + 0.0)  # + 0.0 folds -0.0 into 0.0
    keys = np.array(
        [hashlib.blake2b(r.tobytes(), digest_size=8, key=salt).hexdigest() for r in rows]
    )
    return np.argsort(keys, kind="stable"), keys


def knn(x: np.ndarray, m: int) -> np.ndarray:
    """Indices (n, m) of each row's m most cosine-similar other rows, most similar first.

    Exact, by batched dot products: memory stays O(batch * n) instead of O(n^2). Batches run
    on a thread per core (numpy's partition releases the GIL; it, not the product, is most
    of the time). Ties are broken by the lower index, so the result is deterministic.
    """
    n = len(x)
    m = max(0, min(m, n - 1))
    out = np.empty((n, m), dtype=np.int64)
    if m == 0:
        return out
    workers = max(1, min(4, os.cpu_count() or 1))
    batch = max(1, min(n, _BATCH_BYTES // workers // (4 * n)))

    def rows_from(start: int) -> None:
        sims = x[start : start + batch] @ x.T
        rows = np.arange(sims.shape[0])
        sims[rows, start + rows] = -np.inf
        part = np.argpartition(sims, n - m, axis=1)[:, n - m :]
        part_sims = np.take_along_axis(sims, part, axis=1)
        # Sort by similarity descending, then index ascending.
        order = np.lexsort((part, -part_sims), axis=1)
        out[start : start + batch] = np.take_along_axis(part, order, axis=1)

    starts = range(0, n, batch)
    if len(starts) == 1:  # interview-sized: a pool would cost more than it saves
        rows_from(0)
        return out
    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(rows_from, starts))
    return out


def _denoise(x: np.ndarray, neighbours: np.ndarray) -> np.ndarray:
    summed = x + x[neighbours].sum(axis=1) if neighbours.shape[1] else x.copy()
    return _normalise(summed)


def _ward_children(x: np.ndarray, neighbours: np.ndarray) -> np.ndarray:
    """Merge list (n-1, 2) of Ward clustering restricted to the symmetric kNN graph."""
    n, m = neighbours.shape
    return ward_children(x, np.column_stack((np.repeat(np.arange(n), m), neighbours.ravel())))


def cut_tree(children: np.ndarray, n: int, k: int) -> np.ndarray:
    """Labels (0..k-1, arbitrary order) of the Ward tree cut into k clusters."""
    return np.unique(group_nodes(children, n, k), return_inverse=True)[1].ravel()


def group_nodes(children: np.ndarray, n: int, k: int) -> np.ndarray:
    """For each leaf, the tree node that is its group when the tree is cut into k (the node
    made by the last of the first n - k merges above it, or the leaf itself); `cut_tree`
    numbers the groups in the order of these nodes."""
    parent = np.arange(2 * n - 1)
    merged = children[: n - k]
    parent[merged[:, 0]] = parent[merged[:, 1]] = n + np.arange(len(merged))
    while True:  # pointer jumping: O(n log depth)
        grand = parent[parent]
        if np.array_equal(grand, parent):
            break
        parent = grand
    return parent[:n]


def _purity_neighbours(n_total: int, m: int) -> int:
    # A theme should be more than a handful of items: with fewer items, fewer neighbours count.
    return int(max(1, min(PURITY_NEIGHBOURS, n_total // 20, m - 1)))


def _purity(labels: np.ndarray, neighbours: np.ndarray, weight: np.ndarray) -> float:
    same = (labels[neighbours] == labels[:, None]).mean(axis=1)
    return float(np.average(same, weights=weight))


def _largest_pure_cut(
    children: np.ndarray, n: int, neighbours: np.ndarray, weight: np.ndarray
) -> int:
    """Largest k whose tree cut keeps kNN purity >= PURITY_TARGET (purity falls as k grows)."""
    low, high = 1, n
    while low < high:
        mid = (low + high + 1) // 2
        if _purity(cut_tree(children, n, mid), neighbours, weight) >= PURITY_TARGET:
            low = mid
        else:
            high = mid - 1
    return low


def _peel_size(n_total: int, m: int) -> int:
    """Splits that cut off fewer items than this are peeling noise, not separating themes."""
    return int(max(_min_theme_size(n_total), min(GRAPH_NEIGHBOURS, m // 10)))


def _significant_splits(
    children: np.ndarray, n: int, links: tuple[np.ndarray, np.ndarray, np.ndarray], peel: int
) -> int:
    """Number of themes when the Ward tree is split top-down only where the split is real.

    A split of node P into A and B is real when the kNN links between A and B are fewer than
    SPLIT_RATIO times what a random split of P into parts of the same sizes would cut
    (2|A||B|/|P|^2 of P's internal links). Splits that peel off fewer than ``peel`` items are
    stepped through (the small side is left to the k-means step) without counting as themes.
    This scale-free test stops Ward from halving a compact group whose halves would still look
    "pure", which the purity criterion alone allows. ``links`` is ``_tree_links``'s answer.
    """
    size, cross, internal = links
    themes = 0
    stack = [2 * n - 2]
    while stack:
        node = stack.pop()
        if node < n:
            themes += 1
            continue
        a, b = (int(c) for c in children[node - n])
        small, big = sorted((a, b), key=lambda c: (size[c], c))
        if size[small] < peel:
            stack.append(big)
            continue
        expected = 2.0 * size[a] * size[b] / float(size[node]) ** 2
        links = internal[node]
        if links and cross[node - n] / links < SPLIT_RATIO * expected:
            stack.extend((a, b))
        else:
            themes += 1
    return max(1, themes)


def _tree_links(
    children: np.ndarray, n: int, neighbours: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per tree node: size, kNN links between its two children, and links inside it.

    Bottom-up over the merges with small-into-large merging of each cluster's link counts,
    O(E log n) for E kNN links.
    """
    links: list[dict[int, int] | None] = [{} for _ in range(2 * n - 1)]
    for i, row in enumerate(neighbours.tolist()):
        for j in row:
            if j != i:
                links[i][j] = links[i].get(j, 0) + 1  # type: ignore[index]
                links[j][i] = links[j].get(i, 0) + 1  # type: ignore[index]
    size = np.ones(2 * n - 1, dtype=np.int64)
    internal = np.zeros(2 * n - 1, dtype=np.int64)
    cross = np.zeros(max(0, n - 1), dtype=np.int64)
    for t, (a, b) in enumerate(children.tolist()):
        la, lb = links[a], links[b]
        assert la is not None and lb is not None
        shared = la.pop(b, 0)
        lb.pop(a, 0)
        big, small = (la, lb) if len(la) >= len(lb) else (lb, la)
        for other, count in small.items():
            big[other] = big.get(other, 0) + count
        new = n + t
        for other, count in big.items():
            theirs = links[other]
            assert theirs is not None
            theirs.pop(a, None)
            theirs.pop(b, None)
            theirs[new] = count
        links[new], links[a], links[b] = big, None, None
        cross[t] = shared
        size[new] = size[a] + size[b]
        internal[new] = internal[a] + internal[b] + shared
    return size, cross, internal


def modularity_by_k(
    children: np.ndarray, n: int, neighbours: np.ndarray, cross: np.ndarray
) -> np.ndarray:
    """Newman modularity of every cut of the Ward tree on the kNN graph: entry k-1 is the cut
    into k themes.

    The graph links each item to its nearest neighbours (a link counts once per direction).
    Modularity is the share of links inside themes minus the share expected if links fell at
    random between items of the same degrees: 0 for one theme, negative for singletons, and
    highest where themes hold together more than chance says, however much they overlap. One
    pass up the merge list: merging A and B changes it by l_AB/m - 2 d_A d_B/(2m)^2, where
    ``cross`` (from ``_tree_links``) holds each merge's l_AB.
    """
    degree = np.zeros(2 * n - 1)
    degree[:n] = (np.full(n, neighbours.shape[1])
                  + np.bincount(neighbours.ravel(), minlength=n)[:n])
    two_m = float(degree[:n].sum())
    curve = np.zeros(n)
    if two_m == 0:
        return curve
    q = -float(np.sum((degree[:n] / two_m) ** 2))
    curve[n - 1] = q
    for t, (a, b) in enumerate(children.tolist()):
        degree[n + t] = degree[a] + degree[b]
        q += 2.0 * cross[t] / two_m - 2.0 * degree[a] * degree[b] / two_m**2
        curve[n - 2 - t] = q
    return curve


def _one_hot(labels: np.ndarray, k: int) -> sp.csr_matrix:
    n = len(labels)
    return sp.csr_matrix((np.ones(n), (labels, np.arange(n))), shape=(k, n))


def _spherical_kmeans(x: np.ndarray, labels: np.ndarray, k: int) -> np.ndarray:
    """Lloyd iterations by cosine from the given partition; empty clusters keep their centre."""
    centres = _normalise(np.asarray(_one_hot(labels, k) @ x))
    for _ in range(KMEANS_MAX_ITER):
        new = np.argmax(x @ centres.T, axis=1)
        if np.array_equal(new, labels):
            break
        labels = new
        sums = np.asarray(_one_hot(labels, k) @ x)
        filled = np.linalg.norm(sums, axis=1) > 0
        centres[filled] = _normalise(sums[filled])
    return labels


def _min_theme_size(n_total: int) -> int:
    return int(min(10, max(2, -(-n_total // 500))))


def _flag_outliers(
    x: np.ndarray,
    labels: np.ndarray,
    weight: np.ndarray,
    neighbours: np.ndarray,
    *,
    automatic: bool,
    n_total: int,
) -> np.ndarray:
    """-1 for members of too-small themes (automatic k) and for items that don't fit theirs.

    An item doesn't fit its theme when none of its nearest neighbours share the theme, or when
    its similarity to the theme's centroid is below the theme's lower Tukey fence for "far
    out" values (Q1 - 3 IQR of its members' similarities). At most MAX_OUTLIER_SHARE of the
    items are flagged: the worst-fitting first.
    """
    labels = labels.copy()
    k = int(labels.max()) + 1
    centres = _normalise(np.asarray(_one_hot(labels, k) @ x))
    fit = np.einsum("ij,ij->i", x, centres[labels])  # similarity to own centroid
    isolated = np.zeros(len(labels), dtype=bool)
    if neighbours.shape[1]:
        isolated = ~(labels[neighbours] == labels[:, None]).any(axis=1)
    stray = np.zeros(len(labels), dtype=bool)
    for c in range(k):
        members = np.flatnonzero(labels == c)
        if len(members) >= 4:
            q1, q3 = np.percentile(fit[members], [25, 75])
            stray[members] = fit[members] < q1 - FAR_OUT * (q3 - q1)
    sizes = np.bincount(labels, weights=weight, minlength=k)
    candidate = (isolated | stray) & (weight == 1)
    if automatic:
        candidate |= sizes[labels] < _min_theme_size(n_total)
    budget = int(MAX_OUTLIER_SHARE * n_total)
    chosen = np.flatnonzero(candidate)
    if weight[chosen].sum() > budget:
        # Keep the budget for the items that fit their theme worst (ties: lower index first).
        ranked = chosen[np.lexsort((chosen, fit[chosen]))]
        keep = np.cumsum(weight[ranked]) <= budget
        chosen = ranked[keep]
    labels[chosen] = -1
    return labels


def _renumber(labels: np.ndarray) -> tuple[np.ndarray, int]:
    """Clusters 0..k-1 by descending size, then by smallest member index; -1 stays -1."""
    assigned = labels >= 0
    if not assigned.any():
        return labels, 0
    ids, firsts = np.unique(labels[assigned], return_index=True)
    firsts = np.flatnonzero(assigned)[firsts]
    sizes = np.bincount(labels[assigned])[ids]
    order = np.lexsort((firsts, -sizes))
    mapping = np.full(int(ids.max()) + 1, -1, dtype=np.int64)
    mapping[ids[order]] = np.arange(len(ids))
    out = np.where(assigned, mapping[np.where(assigned, labels, 0)], -1)
    return out.astype(np.int64), len(ids)


def _centroids(x: np.ndarray, labels: np.ndarray, k: int) -> np.ndarray:
    if k == 0:
        return np.zeros((0, x.shape[1]), dtype=np.float32)
    assigned = labels >= 0
    sums = np.asarray(_one_hot(labels[assigned], k) @ x[assigned])
    return _normalise(sums)
