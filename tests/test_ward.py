"""Ward's tree built by merging mutual nearest neighbours in rounds (synthesis/ward.py)."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.cluster.hierarchy import linkage
from sklearn.metrics import adjusted_rand_score

from jobstory.synthesis.cluster import cut_tree, knn
from jobstory.synthesis.ward import ward_children


def _every_pair(n: int) -> np.ndarray:
    a, b = np.triu_indices(n, 1)
    return np.column_stack((a, b))


@pytest.mark.parametrize("n", [2, 7, 60, 250])
def test_with_every_pair_linked_it_is_scipys_ward_tree_at_every_cut(n: int) -> None:
    x = np.random.default_rng(n).normal(size=(n, 12))
    ours = ward_children(x, _every_pair(n))
    theirs = linkage(x, "ward")[:, :2].astype(np.int64)
    for k in range(1, n + 1):
        assert adjusted_rand_score(cut_tree(ours, n, k), cut_tree(theirs, n, k)) == 1.0, k


def test_every_group_is_merged_once_after_its_parts() -> None:
    x = np.random.default_rng(1).normal(size=(300, 16)).astype(np.float32)
    n = len(x)
    children = ward_children(x, np.column_stack((np.repeat(np.arange(n), 8), knn(x, 8).ravel())))
    assert children.shape == (n - 1, 2)
    used = children.ravel()
    assert len(set(used.tolist())) == len(used) == 2 * n - 2  # every node but the root, once
    for t, (a, b) in enumerate(children.tolist()):
        assert a < n + t and b < n + t  # a merge only joins groups that already exist


def test_groups_the_links_keep_apart_are_joined_last() -> None:
    rng = np.random.default_rng(2)
    x = np.vstack((rng.normal(size=(20, 5)), rng.normal(size=(20, 5)) + 0.1))
    inside = [(i, j) for i in range(20) for j in range(i + 1, 20)]
    links = np.array(inside + [(i + 20, j + 20) for i, j in inside])
    labels = cut_tree(ward_children(x, links), 40, 2)
    assert len(set(labels[:20].tolist())) == len(set(labels[20:].tolist())) == 1
    assert labels[0] != labels[20]  # the two linked sets, however near, stay apart until last


def test_link_order_direction_and_repeats_do_not_change_the_tree() -> None:
    x = np.random.default_rng(3).normal(size=(120, 10))
    links = np.column_stack((np.repeat(np.arange(120), 6), knn(x.astype(np.float32), 6).ravel()))
    shuffled = np.random.default_rng(4).permutation(np.vstack((links, links[:, ::-1], links)))
    assert np.array_equal(ward_children(x, links), ward_children(x, shuffled))


def test_one_row_has_no_merges() -> None:
    assert ward_children(np.ones((1, 3)), np.zeros((0, 2), dtype=np.int64)).shape == (0, 2)
