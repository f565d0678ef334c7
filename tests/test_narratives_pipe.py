"""The narratives component's batched pipe() gives the same labels as one call per doc."""

from __future__ import annotations

from rashomon.nlp.narratives.codebook import OTHER
from rashomon.nlp.narratives.tasks import make_doc

TEXTS = [
    "NATO provoked Russia by expanding east. The West wants this war to go on. Ukraine is a puppet "
    "of Washington. Sanctions only hurt Europe. The war in Ukraine continues.",
    "The local bakery opened a new shop on Main Street. Customers liked the bread and the cakes.",
]


def test_pipe_matches_call() -> None:
    from rashomon.registry import get_component

    info = get_component("narratives")
    comp = info.factory(dict(info.default_config))
    one = [comp(make_doc(str(i), t)) for i, t in enumerate(TEXTS)]
    many = list(comp.pipe(make_doc(str(i), t) for i, t in enumerate(TEXTS)))
    assert len(many) == len(TEXTS)
    for a, b in zip(one, many, strict=True):
        la = [(lb.kind, lb.value) for lb in a.labels]
        assert la and la == [(lb.kind, lb.value) for lb in b.labels]


def test_featurize_encodes_each_sentence_once_beyond_the_cache(monkeypatch) -> None:  # noqa: ANN001
    """Many articles: their sentences are encoded ahead in chunks the embedding cache holds, so
    the features read them back (one encode call for all was evicted first: every sentence was
    encoded twice), with the same features as one article at a time."""
    import numpy as np

    from rashomon.nlp.narratives import builtin, classify
    from rashomon.nlp.text import embed as embed_mod

    clf = classify.CodebookClassifier(None)
    words = ["grain", "ports", "talks", "prices", "floods", "turbines", "sanctions", "tankers"]
    texts = [" ".join(f"Officials said the {w} report number {i} was published on day {k}." for k in range(3))
             for i, w in enumerate(words)]
    arts = [builtin.Article(f"a{i}", "en", "g", "wire", make_doc(f"a{i}", t), [OTHER], [OTHER])
            for i, t in enumerate(texts)]
    alone = [clf.features(make_doc(a.id, t)) for a, t in zip(arts, texts, strict=True)]
    model = embed_mod.load_model()
    encoded: list[str] = []
    real = model.encode

    def counting(batch, **kw):  # noqa: ANN001, ANN003, ANN202
        encoded.extend(batch)
        return real(batch, **kw)

    monkeypatch.setattr(model, "encode", counting)
    monkeypatch.setattr(embed_mod, "_CACHE", type(embed_mod._CACHE)())  # empty, and small:
    monkeypatch.setattr(embed_mod, "_CACHE_MAX", 10)  # fewer than the 24 sentences
    monkeypatch.setattr(classify, "PREFETCH", 6)
    feats = builtin.featurize(arts, clf)
    assert sorted(encoded) == sorted(s.text for a in arts for s in a.doc.sentences)  # each once
    for a, f in zip(arts, alone, strict=True):
        assert np.array_equal(feats[a.id].sims, f.sims) and feats[a.id].sent_index == f.sent_index
