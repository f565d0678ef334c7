"""The opt-in int8 embedding model stays close to the float32 one."""

from __future__ import annotations

import numpy as np
import pytest

from rashomon.nlp.narratives import embed as E


def test_int8_embeddings_are_close_to_float32(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = ["Russia launched missiles at Kyiv overnight.", "The EU agreed new sanctions on Iran.",
             "Glaciers are melting faster than expected."]
    monkeypatch.delenv("RASHOMON_EMBED_INT8", raising=False)
    E.load_model.cache_clear()
    full = E.load_model().encode(texts, normalize_embeddings=True)
    monkeypatch.setenv("RASHOMON_EMBED_INT8", "1")
    E.load_model.cache_clear()
    try:
        fast = E.load_model().encode(texts, normalize_embeddings=True)
    finally:  # later tests in this process get the float32 model again
        monkeypatch.delenv("RASHOMON_EMBED_INT8")
        E.load_model.cache_clear()
    cos = (np.asarray(full) * np.asarray(fast)).sum(1)
    assert cos.min() > 0.8 and not np.allclose(full, fast)  # quantised for real, still close
    sims_full, sims_fast = np.asarray(full) @ np.asarray(full).T, np.asarray(fast) @ np.asarray(fast).T
    assert np.argmin(sims_full[0]) == np.argmin(sims_fast[0])  # the unrelated text stays apart
