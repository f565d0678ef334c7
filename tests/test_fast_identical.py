"""The fast paths of the claims model and the sentence vectors give exactly the results of
the plain ones: the lower encoder layers compiled and computed once per sentence for the
claims model and the sentence vectors (``MiniLM.states``), and no model run for a sentence
whose pairs the rules decide. Claims, roles and narrative labels are compared on the
example articles, each path from empty caches."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from rashomon.doc import Doc
from rashomon.nlp.claims.learned import PairClassifier
from rashomon.nlp.text import embed as E
from rashomon.registry import DEFAULT_PIPELINE, Pipeline

torch = pytest.importorskip("torch")
from rashomon.nlp.text import minilm  # noqa: E402
from rashomon.nlp.text.minilm import MiniLM, Single, token_vectors  # noqa: E402

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
SENTENCES = ["Russia accused the United States of arming Ukraine, the Kremlin said on Monday.",
             "Short.", " ".join(["Kyiv"] * 300),
             "NATO and the European Union pledged more support to Kyiv after talks in Brussels."]


def example_docs() -> list[Doc]:
    return [Doc(id=f.name, text=f.read_text(encoding="utf-8"), language="en")
            for f in sorted(EXAMPLES.glob("*.txt"))[:3]]


def forget(model: Any) -> None:
    """Empty the vector and lower-layer caches (each path starts from nothing)."""
    E._CACHE.clear()
    model.__dict__.pop("_states", None)


def plain_states(self: MiniLM, ids: list[int], k: int) -> Any:
    with torch.inference_mode():
        return token_vectors(self.embeddings, self.encoder.layer[:k],
                             torch.tensor([ids], dtype=torch.long), None)


def whole_encoder(model: MiniLM) -> Any:
    """``Single`` (the whole encoder in one piece) compiled as the encoder parts are."""
    return minilm.compile_once(model.__dict__, "single", lambda: Single(model),
                               torch.tensor([minilm.SAMPLE_IDS]))


def plain_one(self: MiniLM, ids: list[int]) -> Any:
    with torch.inference_mode():
        return Single(self)(torch.tensor([ids], dtype=torch.long))[0]


def outputs(docs: list[Doc]) -> dict[str, tuple[list[Any], list[Any]]]:
    return {d.id: ([repr(c) for c in d.claims],
                   [(lb.kind, lb.value, lb.score, repr(lb.evidence), lb.actor, lb.fine)
                    for lb in d.labels]) for d in docs}


@pytest.mark.parametrize("compile_after", [0, 10_000])
def test_states_then_upper_layers_give_the_whole_encoder_vector(
        compile_after: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(minilm, "COMPILE_AFTER", compile_after)  # compiled / eager
    model = E.load_model()
    forget(model)
    for text in SENTENCES:
        ids = model.tokenizer.encode(text).ids
        whole = whole_encoder(model)(torch.tensor([ids]))[0]
        assert torch.equal(model._one(ids), whole)  # nothing kept yet: the whole encoder
        states = model.states(ids, 5)
        assert torch.equal(states, plain_states(model, ids, 5))
        assert tuple(ids) in model.__dict__["_states"]
        assert torch.equal(model._one(ids), whole)  # from the kept states: the same numbers
    assert not torch.equal(model._one(model.tokenizer.encode(SENTENCES[0]).ids),
                           model._one(model.tokenizer.encode(SENTENCES[3]).ids))
    forget(model)


def test_fast_pipeline_gives_the_plain_pipeline_results(monkeypatch: pytest.MonkeyPatch) -> None:
    pipe = Pipeline(DEFAULT_PIPELINE)
    model = E.load_model()
    skipped: list[bool] = []
    decide = PairClassifier.rules_decide

    def counting(self: PairClassifier, *a: Any) -> bool:
        skipped.append(decide(self, *a))
        return skipped[-1]

    with monkeypatch.context() as m:
        m.setattr(PairClassifier, "rules_decide", counting)
        forget(model)
        fast = outputs(list(pipe.pipe(example_docs())))
    assert any(skipped) and not all(skipped)  # both paths ran
    assert model.__dict__["_uses"]["upper5"] > 0  # vectors finished from claims' states
    with monkeypatch.context() as m:
        m.setattr(MiniLM, "states", plain_states)
        m.setattr(MiniLM, "_one", plain_one)
        m.setattr(PairClassifier, "rules_decide", lambda self, *a: False)
        forget(model)
        plain = outputs(list(pipe.pipe(example_docs())))
    forget(model)
    assert sum(len(c) for c, _ in plain.values()) > 30  # real claims were compared
    assert any(kind == "narrative" for _, labels in plain.values() for kind, *_ in labels)
    assert fast == plain


def test_vectors_do_not_depend_on_what_was_kept() -> None:
    model = E.load_model()
    forget(model)
    alone = E.embed(SENTENCES)
    forget(model)
    for text in SENTENCES[:2]:
        model.states(model.tokenizer.encode(text).ids, 5)
    assert np.array_equal(E.embed(SENTENCES), alone)
    forget(model)
