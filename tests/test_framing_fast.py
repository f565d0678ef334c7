"""The vectorised framing helpers give what the per-role / per-token loops they replace gave."""

from __future__ import annotations

import random

import numpy as np
import pytest

from rashomon.nlp.framing.codebook import load_roles
from rashomon.nlp.framing.evidence import innocent_noun
from rashomon.nlp.framing.lexicon import INNOCENT_NOUNS
from rashomon.nlp.framing.roles import TopTwo
from rashomon.nlp.narratives.codebook import load_codebook
from rashomon.nlp.text.cues import CueIndex, cue_regex
from rashomon.nlp.text.spans import covering


def old_innocent_noun(text: str) -> bool:
    noun = text.lower().rstrip(".,;:!?")
    return any(noun == n or noun.endswith(" " + n) or noun.endswith(n + "s") or noun == n + "s"
               for n in INNOCENT_NOUNS)


def test_innocent_noun_as_before() -> None:
    words = ["civilian", "Civilians.", "the children", "childrens", "kids!", "people", "peoples",
             "Russia", "the Kremlin", "workers", "coworker", "co-workers", "s", "", "families,",
             "farmer's", "students?", "NATO", "the elderly", "babies", "baby", "citizenship"]
    rng = random.Random(5)
    words += [rng.choice(INNOCENT_NOUNS) + rng.choice(["", "s", "es", "x", ".", " a"]) for _ in range(200)]
    for w in words:
        assert innocent_noun(w) == old_innocent_noun(w), w
    assert innocent_noun("Ukrainian civilians") and not innocent_noun("Moscow")


def test_top_two_as_per_role_sort() -> None:
    rng = np.random.default_rng(1)
    blocks = [rng.standard_normal((n, 16)).astype(np.float32) for n in (1, 2, 5, 3, 1, 7)]
    top2 = TopTwo(blocks)
    for _ in range(20):
        v = rng.standard_normal(16).astype(np.float32)
        got = top2(v)
        want = [float(np.sort(b @ v)[-2:].mean()) for b in blocks]
        assert np.allclose(got, want, atol=1e-6, rtol=0)
    # a block of one row is its similarity, not pulled down by the padding
    assert got[0] == pytest.approx(float(blocks[0][0] @ v), abs=1e-6)


@pytest.fixture(scope="module")
def nlp():  # noqa: ANN201
    from rashomon.nlp.parse import load_spacy

    return load_spacy()


def test_covering_as_token_scan(nlp) -> None:  # noqa: ANN001
    texts = ["Russia's  army attacked Kyiv on Monday, officials said.",
             "The U.S.-backed forces (and NATO) rejected it.\nThen they left."]
    for text in texts:
        parse = nlp(text)
        n = len(text)
        for start in range(-1, n + 2):
            for end in range(start - 1, min(n + 3, start + 14)):
                want = [t.i for t in parse if t.idx < end and t.idx + len(t.text) > start]
                assert [t.i for t in covering(parse, start, end)] == want, (text, start, end)


def test_real_cue_sets_on_codebook_texts() -> None:
    """The shipped narrative and role cue sets, on the codebooks' own sentences."""
    cb = load_codebook(None)
    roles = load_roles(None)
    entries = [*cb.narratives, *cb.subnarratives]
    groups = [e.all_cues() for e in entries] + [r.cues for r in [*roles.main.values(), *roles.fine.values()]]
    texts = [t for e in entries[:40] for t in [e.definition, *e.examples]]
    texts += [t.upper() for t in texts[:20]] + ["  \n ".join(texts[:8])]
    index = CueIndex(groups)
    for text in texts:
        hits = index.hits(text)
        for g, cues in enumerate(groups):
            rx = cue_regex(tuple(cues))
            want = [m.span() for m in rx.finditer(text)] if rx else []
            assert hits.get(g, []) == want
    assert any(index.hits(t) for t in texts)  # the texts do contain cues
