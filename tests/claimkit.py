"""The claim tests' shared helper: claims from hand-made mentions (no KB, no NER), so a
test pins the rule extractor alone (the learned model is off unless a test asks for it)."""

from __future__ import annotations

import re

from rashomon.doc import Claim, Doc, Mention
from rashomon.nlp.claims.component import ClaimExtractor

# surface form -> (actor id, canonical name, actor type), or (id, name, mention kind)
Actors = dict[str, tuple[str, str, str]]


def extract_with(actors: Actors, text: str, *, kinds: bool = False, **config: object) -> list[Claim]:
    """Parse every sentence, mark each surface form of ``actors`` as a mention (longest
    first, no overlaps), run the claim extractor with ``config``, and check that every
    evidence span is exact. ``kinds``: the third field is the mention kind, not the type."""
    from rashomon.registry import Pipeline

    doc = Doc("t", text)
    Pipeline(["sentences", "parse"], {"parse": {"gate": False}})(doc)
    mentions: list[Mention] = []
    for surface in sorted(actors, key=len, reverse=True):
        aid, name, third = actors[surface]
        kind, typ = (third, None) if kinds else ("kb", third)
        for m in re.finditer(r"(?<!\w)" + re.escape(surface) + r"(?!\w)", text):
            if any(x.start <= m.start() < x.end for x in mentions):
                continue
            mentions.append(Mention(m.start(), m.end(), surface, aid, name, kind,
                                    doc.sentence_at(m.start()), 1.0, typ))
    doc.mentions = sorted(mentions, key=lambda m: m.start)
    ClaimExtractor(**{"use_kb": False, "model": "", **config})(doc)
    for c in doc.claims:  # evidence offsets are exact
        assert doc.text[c.evidence.start:c.evidence.end] == c.evidence.text
    return doc.claims


def triples(claims: list[Claim]) -> set[tuple[str, str, str]]:
    return {(c.subject, c.relation, c.object) for c in claims}
