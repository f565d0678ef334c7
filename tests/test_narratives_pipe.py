"""The narratives component's batched pipe() gives the same labels as one call per doc."""

from __future__ import annotations

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
