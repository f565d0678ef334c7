"""CueIndex finds exactly what one ``cue_regex`` per cue set finds."""

from __future__ import annotations

import random

import pytest

from rashomon.nlp.text.cues import CueIndex, cue_hits, cue_regex, fold

TEXTS = [
    "Sanctions backfired on Europe; the sanctioned banks and unsanctioned ones.",
    "the proxy  war,\nproxy\n\twar and PROXY WARFARE: a proxy-war. proxy",
    "NATO-led war-crimes; anti-NATO rhetoric, nato_base and (nato) #NATO",
    "Ядерный удар и ядерного оружия. ЯДЕРНАЯ угроза\u00a0ядерн",
    "Der Straße STRASSE straße; ſanctions; Kelvin \u212aiev kiev KIEV; İstanbul istanbul",
    "ΣΟΦΙΑ σοφία σοφίας; ὈΔΥΣΣΕΎΣ; θ ϑ ϴ Θ",
    "शांति वार्ता और युद्ध अपराध; युद्ध\u3000अपराध",
    "war war-war warwar 1war _war war_ the war  crimes war crimes tribunal",
    "",
    "   ",
    "climate change climate-change climatechange CLIMATE\r\nCHANGE",
]
CUE_SETS = [
    ("sanction",),
    ("sanction", "sanctioned bank", "unsanction"),
    ("proxy war", "proxy", "proxy warfare", "war"),
    ("nato", "anti-nato", "-led", "(nato", "#nato", "_base"),
    ("ядерн", "ядерная угроза", "удар"),
    ("straße", "strasse", "sanction", "kiev", "istanbul", "i̇stanbul"),
    ("σοφία", "σοφι", "οδυσσευς", "ὀδυσσεύς", "θ", "ϑ"),
    ("युद्ध", "युद्ध अपराध", "शांति वार्ता"),
    ("war", "war crimes", "war crimes tribunal", "war-", "warwar"),
    ("climate change", "climate", "change"),
    ("a", "an", "and", "e"),
    ("", "  ", "war  crimes"),
]


def reference(text: str, cues: tuple[str, ...]) -> list[tuple[int, int]]:
    rx = cue_regex(cues)
    return [m.span() for m in rx.finditer(text)] if rx else []


@pytest.mark.parametrize("cues", CUE_SETS)
def test_single_set_matches_regex(cues: tuple[str, ...]) -> None:
    for text in TEXTS:
        assert cue_hits(text, list(cues)) == reference(text, cues), (text, cues)


def test_many_groups_in_one_pass_match_each_regex() -> None:
    index = CueIndex(CUE_SETS)
    for text in TEXTS:
        hits = index.hits(text)
        for g, cues in enumerate(CUE_SETS):
            assert hits.get(g, []) == reference(text, cues), (text, cues)
        counts = index.distinct(text)
        for g, cues in enumerate(CUE_SETS):
            assert counts[g] == len({text[a:b].lower() for a, b in reference(text, cues)})


def test_known_hits_and_misses() -> None:
    assert cue_hits("Sanctions backfired on Europe", ["sanction"]) == [(0, 8)]
    assert cue_hits("unsanctioned", ["sanction"]) == []  # not at a word start
    assert cue_hits("the proxy \n war", ["proxy war"]) == [(4, 15)]  # any whitespace run
    assert cue_hits("the proxy war", ["proxy", "proxy war"]) == [(4, 13)]  # longest cue
    assert cue_hits("proxywar", ["proxy war"]) == []
    assert cue_hits("ЯДЕРНЫЙ удар", ["ядерн"]) == [(0, 5)]
    assert CueIndex([]).hits("war") == {}
    assert CueIndex([[], ["war"]]).counts("war, war") == [0, 2]


def test_random_texts_match_regex() -> None:
    rng = random.Random(7)
    alphabet = list("abAB -_\n\t.'") + ["ß", "ſ", "İ", "ı", "Σ", "ς", "\u00a0", "д", "Д"]
    cue_pool = ["a", "ab", "a b", "ab ab", "b-a", "ba", "s", "ss", "i", "σ", "д", "дa", "_a", "-"]
    for _ in range(400):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        cues = tuple(rng.sample(cue_pool, rng.randint(1, 5)))
        assert cue_hits(text, list(cues)) == reference(text, cues), (text, cues)


def test_fold_agrees_with_regex_ignorecase() -> None:
    import re

    every = (chr(cp) for cp in range(0x20000) if not 0xD800 <= cp < 0xE000)
    changed = {ch for ch in every if fold(ch) != ch and not ch.isspace()}
    chars = changed | {fold(ch) for ch in changed}
    assert {"A", "ſ", "İ", "Σ", "σ"} <= changed and len(changed) > 1000
    for ch in sorted(chars):
        rep = fold(ch)
        assert len(rep) == 1
        assert re.fullmatch(re.escape(rep), ch, re.IGNORECASE), hex(ord(ch))
    # characters with different folds never match each other
    rng = random.Random(3)
    pool = sorted(chars)
    for _ in range(3000):
        a, b = rng.choice(pool), rng.choice(pool)
        same = fold(a) == fold(b)
        assert same == bool(re.fullmatch(re.escape(a), b, re.IGNORECASE)), (hex(ord(a)), hex(ord(b)))
