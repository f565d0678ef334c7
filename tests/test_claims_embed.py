"""The embedding fallback, with a fake embedder (fast) and the real model (slow)."""

from __future__ import annotations

import numpy as np
import pytest

from rashomon.doc import Claim, Doc, Mention, Sentence, Span
from rashomon.nlp.claims.embed import PROTOTYPES, EmbeddingFallback, mask

WORDS = ("attack", "ally", "weather")


def fake_embed(texts: list[str]) -> np.ndarray:
    """One dimension per word: texts sharing a word are similar."""
    out = np.zeros((len(texts), len(WORDS) + 1), dtype=np.float32)
    for i, t in enumerate(texts):
        low = t.lower()
        for j, w in enumerate(WORDS):
            if w in low:
                out[i, j] = 1.0
        if not out[i].any():
            out[i, -1] = 1.0
    return out / np.linalg.norm(out, axis=1, keepdims=True)


def doc_of(text: str) -> Doc:
    doc = Doc("d", text)
    doc.sentences = [Sentence(0, len(text), text)]
    a, b = text.index("Iran"), text.index("Israel")
    doc.mentions = [Mention(a, a + 4, "Iran", "Q794", "Iran", sentence=0),
                    Mention(b, b + 6, "Israel", "Q801", "Israel", sentence=0)]
    return doc


def test_mask() -> None:
    text = "Iran and Israel."
    d = doc_of(text)
    assert mask(text, 0, [d.mentions[0]], [d.mentions[1]], []) == "A and B."


def test_fallback_adds_a_low_confidence_claim() -> None:
    doc = doc_of("Iran staged an attack somewhere near Israel.")
    EmbeddingFallback(0.5, embed_fn=fake_embed).add_claims([doc])
    assert len(doc.claims) == 1
    c = doc.claims[0]
    assert (c.subject, c.relation, c.object) == ("Iran", "attack", "Israel")
    assert c.extractor == "embeddings" and c.confidence <= 0.5
    assert doc.text[c.evidence.start:c.evidence.end] == c.evidence.text


def test_fallback_is_silent_below_threshold_or_on_none() -> None:
    doc = doc_of("Iran and Israel had a nice weather.")
    EmbeddingFallback(0.5, embed_fn=fake_embed).add_claims([doc])
    assert doc.claims == []
    doc = doc_of("Iran, then Israel: nothing at all.")
    EmbeddingFallback(0.5, embed_fn=fake_embed).add_claims([doc])
    assert doc.claims == []


def test_fallback_skips_sentences_with_rule_claims() -> None:
    doc = doc_of("Iran staged an attack somewhere near Israel.")
    doc.claims = [Claim("Iran", "oppose", "Israel", Span(0, 4, "Iran"), sentence=0)]
    EmbeddingFallback(0.5, embed_fn=fake_embed).add_claims([doc])
    assert len(doc.claims) == 1 and doc.claims[0].relation == "oppose"


def test_prototypes_cover_every_relation() -> None:
    rels = {p[0] for p in PROTOTYPES}
    assert rels == {"ally", "cooperate", "support", "oppose", "attack", "part_of", "none"}


@pytest.mark.slow
def test_real_model_separates_attack_from_weather() -> None:
    fb = EmbeddingFallback(0.5)
    attack = doc_of("Iran launched missiles and drones at Israel overnight.")
    weather = doc_of("It rained in Iran while it was sunny in Israel.")
    fb.add_claims([attack, weather])
    assert [c.relation for c in attack.claims] == ["attack"]
    assert weather.claims == []


def test_path_length_between_actor_tokens() -> None:
    from rashomon.doc import Doc, Mention
    from rashomon.nlp.claims.embed import path_length
    from rashomon.registry import Pipeline

    text = "Iran armed Hamas, and later that year Chile held elections while Peru watched."
    doc = Pipeline(["sentences", "parse"], {"parse": {"gate": False}})(Doc("t", text))
    s = doc.sentences[0]

    def m(word: str) -> Mention:
        i = text.index(word)
        return Mention(i, i + len(word), word, word, word, "kb", 0)

    near = path_length(s, [m("Iran")], [m("Hamas")])
    assert 1 <= near <= 2
    assert path_length(s, [m("Iran")], [m("Peru")]) > near + 1
