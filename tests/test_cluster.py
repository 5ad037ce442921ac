"""Theme finding on synthetic vectors: no model needed, all fast."""

from __future__ import annotations

import csv
import hashlib
import re
from pathlib import Path

import numpy as np
import pytest
from sklearn.metrics import normalized_mutual_info_score as nmi

from jobstory.synthesis.cluster import Clustering, cluster, cut_tree, knn
from jobstory.synthesis.cluster_csv import ClusterCsvError, cluster_csv
from jobstory.synthesis.keyphrases import key_phrases, phrases, representative
from jobstory.synthesis.theme_ids import content_id, theme_ids


def blobs(
    sizes: list[int], dim: int = 32, spread: float = 0.25, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """Gaussian blobs around random unit centres, projected back onto the sphere."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(len(sizes), dim))
    centres /= np.linalg.norm(centres, axis=1, keepdims=True)
    x = np.concatenate(
        [c + spread * rng.normal(size=(s, dim)) / np.sqrt(dim) for c, s in zip(centres, sizes)]
    )
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    y = np.repeat(np.arange(len(sizes)), sizes)
    perm = rng.permutation(len(y))
    return x[perm].astype(np.float32), y[perm]


def canonical(labels: np.ndarray) -> list[frozenset[int]]:
    return sorted(
        (frozenset(np.flatnonzero(labels == c).tolist()) for c in set(labels.tolist())),
        key=min,
    )


# --- cluster ----------------------------------------------------------------------------------


@pytest.mark.parametrize("k", [5, None])
def test_finds_planted_clusters(k: int | None) -> None:
    x, y = blobs([60, 50, 40, 30, 20])
    result = cluster(x, k)
    assert isinstance(result, Clustering)
    assert result.k == 5
    assert nmi(y, result.labels) > 0.98
    assert result.centroids.shape == (5, x.shape[1])
    np.testing.assert_allclose(np.linalg.norm(result.centroids, axis=1), 1.0, rtol=1e-5)
    assert "k=5" in result.method


def test_min_k_floors_the_automatic_count_only() -> None:
    x, y = blobs([60, 50])
    floored = cluster(x, min_k=6)
    assert floored.k == 6 and "at least 6" in floored.method
    # every theme stays inside one planted cluster: the floor splits, it never mixes
    for theme in range(floored.k):
        assert len(set(y[floored.labels == theme].tolist())) == 1
    assert cluster(x, min_k=1).k == 2
    assert cluster(x, k=3, min_k=6).k == 3


def test_labels_numbered_by_size_then_first_member() -> None:
    x, _ = blobs([10, 40, 25, 25], seed=3)
    result = cluster(x, 4)
    sizes = np.bincount(result.labels[result.labels >= 0])
    assert list(sizes) == sorted(sizes, reverse=True)
    firsts = [np.flatnonzero(result.labels == c)[0] for c in range(result.k)]
    for a in range(result.k - 1):
        if sizes[a] == sizes[a + 1]:
            assert firsts[a] < firsts[a + 1]


def test_deterministic_across_runs() -> None:
    x, _ = blobs([30, 30, 30, 30], spread=0.9, seed=1)  # overlapping: ties matter
    first = cluster(x)
    for _ in range(2):
        again = cluster(x)
        np.testing.assert_array_equal(first.labels, again.labels)
        np.testing.assert_array_equal(first.centroids, again.centroids)
        assert first.method == again.method


@pytest.mark.parametrize("k", [4, None])
def test_independent_of_input_order(k: int | None) -> None:
    x, _ = blobs([30, 30, 30, 30], spread=0.9, seed=2)
    base = cluster(x, k)
    perm = np.random.default_rng(7).permutation(len(x))
    shuffled = cluster(x[perm], k)
    # Same partition of the same items (numbers may differ: they follow input positions).
    restored = np.empty_like(shuffled.labels)
    restored[perm] = shuffled.labels
    assert canonical(restored) == canonical(base.labels)


def test_seed_is_accepted_and_result_still_valid() -> None:
    x, y = blobs([20, 20, 20])
    for seed in (0, 1, 42):
        assert nmi(y, cluster(x, 3, seed=seed).labels) > 0.98


@pytest.mark.parametrize("n", [1, 2, 3, 5, 7, 12, 50])
@pytest.mark.parametrize("k", [None, 1, 3, 10])
def test_small_inputs_never_crash(n: int, k: int | None) -> None:
    x, _ = blobs([n], seed=n)
    result = cluster(x, k)
    assert len(result.labels) == n
    assert 1 <= result.k <= (n if k is None else min(n, k))
    assert set(result.labels.tolist()) <= set(range(result.k)) | {-1}
    assert result.centroids.shape == (result.k, x.shape[1])


def test_empty_input() -> None:
    result = cluster(np.zeros((0, 8), np.float32))
    assert result.k == 0 and len(result.labels) == 0 and result.centroids.shape == (0, 8)


def test_k_larger_than_distinct_items_is_capped() -> None:
    x, _ = blobs([3, 3], seed=4)
    result = cluster(x, 20)
    assert result.k <= 6
    assert "capped" in result.method


def test_duplicates_share_a_theme() -> None:
    x, _ = blobs([15, 15, 15], seed=5)
    doubled = np.concatenate([x, x[:10], x[:10]])
    result = cluster(doubled, 3)
    for i in range(10):
        assert result.labels[i] == result.labels[45 + i] == result.labels[55 + i]
    all_same = cluster(np.repeat(x[:1], 9, axis=0))
    assert all_same.k == 1 and set(all_same.labels.tolist()) == {0}


def test_zero_vector_and_bad_input() -> None:
    x, _ = blobs([10, 10])
    x[0] = 0.0
    assert len(cluster(x).labels) == 20
    with pytest.raises(ValueError):
        cluster(np.ones(5))
    with pytest.raises(ValueError):
        cluster(x, 0)
    bad = x.copy()
    bad[1, 1] = np.nan
    with pytest.raises(ValueError):
        cluster(bad)


def test_outliers_flagged() -> None:
    x, _ = blobs([100, 100, 100, 100], spread=0.2, seed=6)
    rng = np.random.default_rng(8)
    noise = rng.normal(size=(8, x.shape[1])).astype(np.float32)
    noise /= np.linalg.norm(noise, axis=1, keepdims=True)
    data = np.concatenate([x, noise])
    result = cluster(data)
    assert result.k == 4
    flagged = set(result.outliers.tolist())
    assert len(flagged) <= 0.05 * len(data)
    assert len(flagged & set(range(400, 408))) >= 6  # most planted strays found
    assert len(flagged - set(range(400, 408))) <= 2  # few false alarms
    assert (result.labels[400:] == -1).sum() == len(flagged & set(range(400, 408)))


def test_outliers_never_exceed_five_percent() -> None:
    rng = np.random.default_rng(9)
    noise = rng.normal(size=(300, 16)).astype(np.float32)  # no structure at all
    for k in (None, 10):
        result = cluster(noise, k)
        assert (result.labels == -1).mean() <= 0.05


def test_knn_exact_and_tie_stable() -> None:
    x, _ = blobs([20, 20], seed=10)
    idx = knn(x, 5)
    sims = x @ x.T
    np.fill_diagonal(sims, -np.inf)
    expected = np.argsort(-sims, axis=1, kind="stable")[:, :5]
    np.testing.assert_array_equal(idx, expected)
    assert knn(x[:1], 5).shape == (1, 0)


def test_cut_tree_counts() -> None:
    children = np.array([[0, 1], [2, 3], [4, 5]])  # ((0,1),(2,3))
    assert len(set(cut_tree(children, 4, 2).tolist())) == 2
    assert len(set(cut_tree(children, 4, 4).tolist())) == 4
    assert set(cut_tree(children, 4, 1).tolist()) == {0}


# --- key phrases ------------------------------------------------------------------------------


def test_key_phrases_distinctive() -> None:
    clusters = [
        ["My credit card was declined at the shop", "credit card declined again",
         "why is my credit card declined", "the card got declined online"],
        ["The delivery was late", "late delivery of my parcel", "parcel delivery took weeks",
         "delivery was late and the parcel damaged"],
        ["Great customer support", "support team was helpful", "customer support answered fast",
         "helpful customer support"],
    ]
    result = key_phrases(clusters, top_n=3)
    assert len(result) == 3
    assert any("declined" in p or "credit card" in p for p in result[0])
    assert any("delivery" in p or "parcel" in p for p in result[1])
    assert any("support" in p for p in result[2])
    flat = [p for ps in result for p in ps]
    assert not any(p.split()[0] in {"the", "my", "was"} for p in flat)
    assert key_phrases(clusters, top_n=3) == result  # deterministic
    assert all(len(ps) <= 3 for ps in result)


def test_phrases_skip_stop_word_edges() -> None:
    found = phrases("The cost of living is too high")
    assert "cost of living" in found
    assert not any(p.split()[0] == "the" or p.split()[-1] == "is" for p in found)


def test_key_phrases_edge_cases() -> None:
    assert key_phrases([]) == []
    assert key_phrases([[], ["a the of"]]) == [[], []]
    assert key_phrases([["single answer about pricing"]]) != [[]]


def test_key_phrases_fold_plurals_and_contractions() -> None:
    texts = ["I need disposable cards", "a disposable card please",
             "disposable cards couldn't load", "more disposable card options"]
    (result,) = key_phrases([texts, ["other things entirely", "unrelated words here"]], top_n=5)[:1]
    stems = [p.rstrip("s") for p in result]
    assert len(stems) == len(set(stems))
    assert not any(p.endswith("n't") or p.startswith("couldn") for p in result)


def test_representative_is_most_central() -> None:
    v = np.array([[1, 0], [0.8, 0.6], [0.6, 0.8]], dtype=np.float32)
    assert representative(v, np.array([0.6, 0.8])) == 2
    assert representative(v, np.array([1.0, 0.0])) == 0
    assert representative(np.array([[1.0, 0.0], [1.0, 0.0]]), np.array([1.0, 0.0])) == 0
    with pytest.raises(ValueError):
        representative(np.zeros((0, 2)), np.array([1.0, 0.0]))


# --- theme ids --------------------------------------------------------------------------------


def test_theme_ids_content_derived_and_unique() -> None:
    members = [["s1", "s2", "s3"], ["s4", "s5"], ["s6"]]
    ids = theme_ids(members)
    assert ids == theme_ids(members)
    assert len(set(ids)) == 3
    assert all(re.fullmatch(r"t-[0-9a-f]{8}", i) for i in ids)
    assert ids[0] == content_id(["s1", "s2", "s3"])
    # Same core members in another order: same id.
    assert theme_ids([["s3", "s1", "s2"]])[0] == ids[0]
    # Identical member lists still get distinct ids.
    twins = theme_ids([["a", "b"], ["a", "b"], []])
    assert len(set(twins)) == 3


def test_theme_ids_inherit_from_previous() -> None:
    previous = {
        "t-aaaaaaaa": [f"a{i}" for i in range(10)],
        "t-bbbbbbbb": [f"b{i}" for i in range(10)],
        "t-cccccccc": [f"c{i}" for i in range(10)],
    }
    members = [
        [f"b{i}" for i in range(10)] + ["new1"],  # grew by one
        [f"a{i}" for i in range(6)],  # lost some
        ["a7", "a8"],  # a splinter of a: a keeps its id elsewhere
        [f"d{i}" for i in range(5)],  # brand new
    ]
    ids = theme_ids(members, previous)
    assert ids[0] == "t-bbbbbbbb"
    assert ids[1] == "t-aaaaaaaa"
    assert ids[2] not in previous and ids[3] not in previous
    assert len(set(ids)) == 4
    assert "t-cccccccc" not in ids  # vanished theme: its id is not reused


def test_theme_ids_one_to_one_when_theme_splits() -> None:
    previous = {"t-old": [f"x{i}" for i in range(10)]}
    ids = theme_ids([[f"x{i}" for i in range(4)], [f"x{i}" for i in range(4, 10)]], previous)
    assert ids[1] == "t-old"  # the larger share keeps it
    assert ids[0] != "t-old"


# --- cluster_csv ------------------------------------------------------------------------------


class HashingEmbedder:
    """Deterministic bag-of-words hashing embedder: texts sharing words end up close."""

    name = "hashing-test"
    dimension = 64

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def encode(self, texts: list[str]) -> np.ndarray:
        self.calls.append(list(texts))
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for i, text in enumerate(texts):
            for word in re.findall(r"\w+", text.lower()):
                h = int(hashlib.md5(word.encode()).hexdigest(), 16)
                out[i, h % self.dimension] += 1.0 if (h >> 8) % 2 else -1.0
            norm = np.linalg.norm(out[i])
            out[i] = out[i] / norm if norm else out[i]
            if not norm:
                out[i, 0] = 1.0
        return out


TOPICS = {
    "price": ["price too high", "expensive price plan", "the price went up", "price is steep"],
    "login": ["cannot login account", "login password reset", "account login fails",
              "login broken again"],
    "speed": ["app speed slow", "slow loading speed", "speed is terrible", "slow app speed"],
}


def write_csv(path: Path, encoding: str = "utf-8") -> list[dict[str, str]]:
    rows = []
    n = 0
    for topic, texts in TOPICS.items():
        for t in texts * 2:
            rows.append({"id": str(n), "comment": t, "topic": topic})
            n += 1
    rows.insert(3, {"id": "e1", "comment": "", "topic": ""})
    rows.insert(9, {"id": "e2", "comment": "   ", "topic": ""})
    with path.open("w", encoding=encoding, newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=["id", "comment", "topic"])
        writer.writeheader()
        writer.writerows(rows)
    return rows


def test_cluster_csv_end_to_end(tmp_path: Path) -> None:
    src = tmp_path / "feedback.csv"
    rows = write_csv(src, encoding="utf-8-sig")  # with BOM
    stages: list[str] = []
    embedder = HashingEmbedder()
    result = cluster_csv(
        src, "comment", embedder=embedder, progress=lambda s, f: stages.append(s)
    )
    assert result.out == tmp_path / "feedback.clustered.csv"
    assert result.themes_out == tmp_path / "feedback.clustered.themes.csv"
    assert result.rows == len(rows) and result.clustered == len(rows) - 2
    assert result.empty == [3, 9]
    assert {"read", "embed", "cluster", "label", "write"} <= set(stages)
    # Each distinct text embedded once.
    assert sorted(embedder.calls[0]) == sorted({r["comment"] for r in rows if r["comment"].strip()})

    with result.out.open(encoding="utf-8") as fh:
        written = list(csv.DictReader(fh))
    assert [r["id"] for r in written] == [r["id"] for r in rows]
    assert list(written[0]) == ["id", "comment", "topic", "theme_id", "theme_label", "theme_ids",
                                "theme_labels", "sentiment"]
    assert written[3]["theme_id"] == "" and written[3]["theme_label"] == ""
    assert written[3]["sentiment"] == ""
    assert all(r["theme_ids"] == r["theme_id"] for r in written if r["topic"])  # one topic each
    by_topic: dict[str, set[str]] = {}
    for r in written:
        if r["topic"]:
            by_topic.setdefault(r["topic"], set()).add(r["theme_id"])
    assert all(len(ids) == 1 for ids in by_topic.values())  # each topic one theme
    assert len({next(iter(ids)) for ids in by_topic.values()}) == 3

    with result.themes_out.open(encoding="utf-8") as fh:
        summary = list(csv.DictReader(fh))
    assert list(summary[0]) == ["theme_id", "label", "respondents", "main", "mentions",
                                "negative", "neutral", "positive", "key_phrases",
                                "representative"]
    assert sum(int(s["main"]) for s in summary) + len(result.outliers) == result.clustered
    for theme in summary:
        topic = next(t for t, ids in by_topic.items() if theme["theme_id"] in ids)
        assert topic in theme["label"]
        assert theme["representative"] in TOPICS[topic]

    # Same input, same output, byte for byte; another row order, same theme ids.
    again = cluster_csv(src, "comment", embedder=HashingEmbedder(), out=tmp_path / "b.csv")
    assert again.out.read_bytes() == result.out.read_bytes()
    assert [t.id for t in again.themes] == [t.id for t in result.themes]


def test_cluster_csv_row_order_keeps_ids(tmp_path: Path) -> None:
    src = tmp_path / "a.csv"
    rows = write_csv(src)
    first = cluster_csv(src, "comment", embedder=HashingEmbedder())
    rev = tmp_path / "rev.csv"
    with rev.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=["id", "comment", "topic"])
        writer.writeheader()
        writer.writerows(reversed(rows))
    second = cluster_csv(rev, "comment", embedder=HashingEmbedder())
    assert {t.id: t.size for t in first.themes} == {t.id: t.size for t in second.themes}


def test_cluster_csv_k_and_out(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    write_csv(src)
    out = tmp_path / "sub" / "result.csv"
    result = cluster_csv(src, "comment", k=2, out=out, embedder=HashingEmbedder())
    assert result.out == out and out.exists()
    assert (tmp_path / "sub" / "result.themes.csv").exists()
    assert len(result.themes) <= 2
    # Clustering the output again replaces, not duplicates, the theme columns.
    twice = cluster_csv(out, "comment", out=tmp_path / "twice.csv", embedder=HashingEmbedder())
    header = twice.out.read_text(encoding="utf-8").splitlines()[0]
    assert header == "id,comment,topic,theme_id,theme_label,theme_ids,theme_labels,sentiment"


def test_cluster_csv_bad_column_lists_columns(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    write_csv(src)
    with pytest.raises(ClusterCsvError) as info:
        cluster_csv(src, "Comments", embedder=HashingEmbedder())
    message = str(info.value)
    assert "'Comments'" in message and "'id'" in message and "'comment'" in message
    with pytest.raises(ClusterCsvError, match="Did you mean 'comment'"):
        cluster_csv(src, "COMMENT", embedder=HashingEmbedder())


def test_cluster_csv_input_problems(tmp_path: Path) -> None:
    with pytest.raises(ClusterCsvError, match="no such file"):
        cluster_csv(tmp_path / "missing.csv", "x", embedder=HashingEmbedder())
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(ClusterCsvError, match="empty"):
        cluster_csv(empty, "x", embedder=HashingEmbedder())
    binary = tmp_path / "binary.csv"
    binary.write_bytes(b"comment\ncaf\x00\x9d au lait\n")
    with pytest.raises(ClusterCsvError, match="binary.csv:2: not UTF-8 text"):
        cluster_csv(binary, "comment", embedder=HashingEmbedder())
    windows = tmp_path / "excel.csv"  # Excel's plain "CSV" on Windows
    windows.write_bytes("comment\ncafé au lait was cold\nthe crème brûlée was lovely\n"
                        .encode("cp1252"))
    read = cluster_csv(windows, "comment", embedder=HashingEmbedder())
    assert read.warnings[0] == ("excel.csv:2: not UTF-8: read as Windows-1252; save it as "
                                "UTF-8 to be sure")
    with open(read.out, encoding="utf-8", newline="") as written:
        assert "crème brûlée" in written.read()
    src = tmp_path / "in.csv"
    write_csv(src)
    with pytest.raises(ClusterCsvError, match="input"):
        cluster_csv(src, "comment", out=src, embedder=HashingEmbedder())


def test_cluster_csv_all_empty_and_single(tmp_path: Path) -> None:
    src = tmp_path / "blank.csv"
    src.write_text("id,comment\n1,\n2,\n", encoding="utf-8")
    result = cluster_csv(src, "comment", embedder=HashingEmbedder())
    assert result.themes == [] and result.empty == [0, 1]
    one = tmp_path / "one.csv"
    one.write_text("comment\nonly one answer\n", encoding="utf-8")
    single = cluster_csv(one, "comment", embedder=HashingEmbedder())
    assert len(single.themes) == 1 and single.themes[0].representative == "only one answer"


def test_cluster_csv_semicolon_separated(tmp_path: Path) -> None:
    src = tmp_path / "semi.csv"
    lines = ["id;comment"] + [f"{i};{t}" for i, t in enumerate(sum(TOPICS.values(), []))]
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = cluster_csv(src, "comment", embedder=HashingEmbedder())
    assert result.clustered == 12


def test_theme_labels_hold_no_names_dates_or_contractions() -> None:
    from jobstory.synthesis.keyphrases import label_words

    said = [("ana", "Then Fiona moved the late shift on a Tuesday and she'd not told me."),
            ("ben", "The late shift moved again, Fiona said, and nobody told me."),
            ("cy", "I use WhatsApp for the late shift."), ("dee", "Swaps happen on WhatsApp."),
            ("eve", "We put the late shift on WhatsApp.")]
    excluded = label_words(said)
    assert {"fiona", "tuesday", "said"} <= excluded
    assert "whatsapp" not in excluded, "a brand three people use is not a person's name"
    (labels,) = key_phrases([[t for _, t in said]], top_n=6, exclude=excluded)
    assert labels and not any(w in excluded or "'" in w for p in labels for w in p.split())
    assert "late shift" in labels
