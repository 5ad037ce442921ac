"""Embedders: the text-hash cache, the choice of encoder, and the int8 graph derived locally."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from jobstory.synthesis.embed import CachedEmbedder, make_embedder

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "transcripts"


class CountingEmbedder:
    """One-hot-ish vectors from a hash, recording every text it is asked to embed."""

    dimension = 8

    def __init__(self, name: str = "counting") -> None:
        self.name = name
        self.seen: list[str] = []

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.seen.extend(texts)
        rows = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for i, text in enumerate(texts):
            rows[i, sum(map(ord, text)) % self.dimension] = 1.0
        return rows


def test_cache_embeds_each_distinct_text_once_and_survives_reopening(tmp_path):
    inner = CountingEmbedder()
    path = tmp_path / "cache" / "vectors.sqlite"
    first = CachedEmbedder(inner, path).encode(["alpha", "beta", "alpha"])
    assert inner.seen == ["alpha", "beta"]
    again = CachedEmbedder(inner, path).encode(["beta", "gamma", "alpha"])
    assert inner.seen == ["alpha", "beta", "gamma"]
    assert np.array_equal(again[0], first[1]) and np.array_equal(again[2], first[0])
    assert CachedEmbedder(inner, path).encode([]).shape == (0, 8)


def test_cache_keys_include_the_model_so_encoders_never_share_vectors(tmp_path):
    path = tmp_path / "vectors.sqlite"
    CachedEmbedder(CountingEmbedder("one"), path).encode(["same text"])
    other = CountingEmbedder("two")
    CachedEmbedder(other, path).encode(["same text"])
    assert other.seen == ["same text"]


def test_cache_keys_include_the_recipe_so_a_new_recipe_never_reads_old_vectors(tmp_path):
    path = tmp_path / "vectors.sqlite"
    before = CountingEmbedder("minilm")
    before.recipe = "batched/v1"  # type: ignore[attr-defined]
    CachedEmbedder(before, path).encode(["same text"])
    after = CountingEmbedder("minilm")
    after.recipe = "one-text-per-run/v2"  # type: ignore[attr-defined]
    CachedEmbedder(after, path).encode(["same text"])
    assert after.seen == ["same text"]
    again = CountingEmbedder("minilm")
    again.recipe = "one-text-per-run/v2"  # type: ignore[attr-defined]
    CachedEmbedder(again, path).encode(["same text"])
    assert again.seen == []


def test_unknown_embedder_is_refused_with_the_choices(monkeypatch):
    with pytest.raises(ValueError, match="minilm, minilm-int8"):
        make_embedder("bert-huge")
    monkeypatch.setenv("JOBSTORY_EMBEDDER", "nope")
    with pytest.raises(ValueError, match="'nope'"):
        make_embedder()


@pytest.mark.slow
def test_int8_graph_is_derived_once_offline_and_tracks_the_float_model(tmp_path, monkeypatch):
    from jobstory.synthesis.embed import MiniLMEmbedder
    from jobstory.synthesis.quantised import QuantisedMiniLMEmbedder, graph_path

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    texts = [
        "I couldn't see which invoices were overdue until my accountant called.",
        "The old spreadsheet kept breaking every month-end.",
        "Our spreadsheet broke again at the end of the month.",
        "What sold me was the bank feed.",
        "ok",
    ]
    quantised = QuantisedMiniLMEmbedder(tmp_path)
    graph = graph_path(tmp_path)
    assert graph.parent == tmp_path / "models" and graph.stat().st_size > 1_000_000
    built = graph.stat().st_mtime_ns
    assert QuantisedMiniLMEmbedder(tmp_path).encode(texts[:1]).shape == (1, 384)
    assert graph.stat().st_mtime_ns == built, "a second load must reuse the graph"
    assert [p.name for p in graph.parent.iterdir()] == [graph.name], "no temporary files left"

    vectors = quantised.encode(texts)
    assert vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    reference = MiniLMEmbedder(device="cpu").encode(texts)
    cosine = (vectors * reference).sum(axis=1)
    assert cosine[:4].min() > 0.98, cosine  # sentences barely move
    assert cosine[4] > 0.93, cosine  # a one-word reply moves most
    assert np.array_equal(quantised.encode(texts[::-1]), vectors[::-1]), "order kept"
    similar, unrelated = vectors[1] @ vectors[2], vectors[1] @ vectors[3]
    assert similar > unrelated + 0.2
    assert quantised.encode([]).shape == (0, 384)


@pytest.mark.slow
def test_cpu_default_is_the_int8_graph(monkeypatch):
    import torch

    if torch.cuda.is_available():
        pytest.skip("with CUDA the float model is the default")  # no such box in CI
    monkeypatch.delenv("JOBSTORY_EMBEDDER", raising=False)
    assert make_embedder().name == "all-MiniLM-L6-v2-int8"
    assert make_embedder("minilm").name == "all-MiniLM-L6-v2"


@pytest.mark.slow
def test_default_falls_back_to_the_float_model_when_the_graph_cannot_be_built(
        monkeypatch, tmp_path, caplog):
    import torch

    if torch.cuda.is_available():
        pytest.skip("with CUDA the float model is the default anyway")
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("the cache root is a file, so no graph can be written under it")
    monkeypatch.setenv("JOBSTORY_CACHE_DIR", str(blocker))
    monkeypatch.delenv("JOBSTORY_EMBEDDER", raising=False)
    with caplog.at_level("WARNING"):
        embedder = make_embedder()
    assert embedder.name == "all-MiniLM-L6-v2"
    assert "using the float model" in caplog.text
    with pytest.raises(OSError):
        make_embedder("minilm-int8")  # asked for by name: the error is the answer


TEXT = "I couldn't see which invoices were overdue until my accountant called."
SHORT = ["ok", "yes", "no, not really", ""]
LONG = [" ".join(["We moved the invoices over from the old spreadsheet at the end of the "
                  "month, and the reminders started going out on their own after that."] * 6)]


@pytest.fixture(scope="module")
def int8_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cache root holding the derived int8 graph, built once for this module."""
    from jobstory.synthesis.quantised import QuantisedMiniLMEmbedder

    root = tmp_path_factory.mktemp("int8")
    QuantisedMiniLMEmbedder(root)
    return root


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["minilm-int8", "minilm", "minilm-fixed-shape"])
def test_a_texts_vector_does_not_depend_on_its_batch(kind, int8_root, monkeypatch):
    """`minilm-fixed-shape` is the GPU's batching, run here on the CPU."""
    from jobstory.synthesis.embed import MiniLMEmbedder
    from jobstory.synthesis.quantised import QuantisedMiniLMEmbedder

    embedders = ([QuantisedMiniLMEmbedder(int8_root), QuantisedMiniLMEmbedder(int8_root, workers=1)]
                 if kind == "minilm-int8"
                 else [MiniLMEmbedder(device="cpu", fixed_shape=kind == "minilm-fixed-shape")])
    alone = embedders[0].encode([TEXT])[0]
    for embedder in embedders:  # int8: on every core, and on one
        assert np.array_equal(embedder.encode([TEXT])[0], alone)
        assert np.array_equal(embedder.encode([*SHORT, TEXT])[len(SHORT)], alone), "short"
        assert np.array_equal(embedder.encode([TEXT, *LONG])[0], alone), "long"
        mixed = embedder.encode([*LONG, *SHORT, TEXT, *SHORT[::-1]])
        first, second = mixed[1:1 + len(SHORT)], mixed[2 + len(SHORT):][::-1]
        assert np.array_equal(mixed[1 + len(SHORT)], alone), "among both"
        assert np.array_equal(first, second), "a repeated text, elsewhere in the batch"
        assert np.array_equal(embedder.encode(SHORT), first)
    if kind == "minilm":
        import torch

        before = torch.get_num_threads()
        embedders[0].encode(SHORT)
        assert torch.get_num_threads() == before, "torch's thread count is given back"


def analyze(inputs: Path, out: Path, cache: Path, int8_root: Path) -> bytes:
    """`jobstory analyze` in its own process on the int8 graph, with the given cache root."""
    if not (cache / "models").exists():  # the graph is derived already; the vectors are not
        shutil.copytree(int8_root / "models", cache / "models")
    env = {**os.environ, "JOBSTORY_CACHE_DIR": str(cache), "JOBSTORY_EMBEDDER": "minilm-int8"}
    result = subprocess.run([sys.executable, "-m", "jobstory", "analyze", str(inputs), "--out",
                             str(out)], capture_output=True, text=True, timeout=600, env=env)
    assert result.returncode == 0, result.stderr
    return (out / "analysis.json").read_bytes()


@pytest.mark.slow
def test_a_cold_cache_and_a_warm_one_give_byte_identical_analyses(int8_root, tmp_path):
    """The warm cache saw one of the transcripts among others, so its vectors were embedded
    with other company, and the rest are embedded without the cached ones."""
    targets, others = tmp_path / "targets", tmp_path / "others"
    targets.mkdir()
    others.mkdir()
    for name in ("08-gary-print-shop.txt", "09-physio-clinic.txt"):
        shutil.copy(EXAMPLES / name, targets)
    for name in ("08-gary-print-shop.txt", "10-ingrid-translation-agency.md",
                 "11-rob-electrician.txt"):
        shutil.copy(EXAMPLES / name, others)
    analyze(others, tmp_path / "warming", tmp_path / "warm-cache", int8_root)
    cold = analyze(targets, tmp_path / "cold", tmp_path / "cold-cache", int8_root)
    warm = analyze(targets, tmp_path / "warm", tmp_path / "warm-cache", int8_root)
    assert warm == cold
