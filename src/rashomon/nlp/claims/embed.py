"""Embedding fallback: sentences with two actors where the patterns found nothing.

The sentence, with its two actors masked as "A" and "B" (first mention = A), is compared
with prototype sentences per relation (all-MiniLM-L6-v2, shared with narratives). A claim
is emitted only when the best prototype is close enough (``threshold``) and clearly closer
than the "no relation" prototypes; its confidence stays below rule claims.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

import numpy as np

from rashomon.doc import SYMMETRIC, Claim, Doc, Mention, Span
from rashomon.nlp.text.embed import embed

# (relation, plover, prototype); "none" prototypes catch mere co-occurrence
PROTOTYPES: list[tuple[str, str | None, str]] = [
    ("support", "AID", "A supplied B with weapons and money."),
    ("support", "AID", "A sent military aid to B."),
    ("support", "AID", "A funds and trains B."),
    ("support", "SUPPORT", "A backs B."),
    ("support", "SUPPORT", "A gave B diplomatic cover at the United Nations."),
    ("support", "AID", "B receives arms from A."),
    ("ally", "COOPERATE", "A and B are close allies."),
    ("ally", "COOPERATE", "A is a strategic partner of B."),
    ("ally", "COOPERATE", "A has warm relations with B."),
    ("ally", "COOPERATE", "A and B are friends."),
    ("cooperate", "CONSULT", "A met B for talks."),
    ("cooperate", "AGREE", "A signed an agreement with B."),
    ("cooperate", "CONSULT", "A visited B."),
    ("cooperate", "CONSULT", "A negotiated with B."),
    ("cooperate", "COOPERATE", "A and B cooperate closely."),
    ("oppose", "DISAPPROVE", "A condemned B."),
    ("oppose", "ACCUSE", "A accused B of lying."),
    ("oppose", "THREATEN", "A threatened B."),
    ("oppose", "SANCTION", "A imposed sanctions on B."),
    ("oppose", "DISAPPROVE", "A is an enemy of B."),
    ("oppose", "DISAPPROVE", "A hates B."),
    ("oppose", "DISAPPROVE", "A wants to weaken B."),
    ("attack", "ASSAULT", "A attacked B."),
    ("attack", "ASSAULT", "A launched missile strikes on B."),
    ("attack", "ASSAULT", "A invaded B."),
    ("attack", "FIGHT", "A is at war with B."),
    ("attack", "ASSAULT", "A killed members of B."),
    ("attack", "ASSAULT", "A bombed B."),
    ("part_of", None, "A is a member of B."),
    ("part_of", None, "A is a branch of B."),
    ("part_of", None, "A is the leader of B."),
    ("part_of", None, "A is a minister of B."),
    ("none", None, "A and B were both mentioned in the report."),
    ("none", None, "A is located near B."),
    ("none", None, "The weather in A was colder than in B."),
    ("none", None, "A said the situation in B was calm."),
    ("none", None, "Reporters from A travelled with officials from B."),
    ("none", None, "A, B and others are countries in the region."),
]
_NEG = re.compile(r"\b(not|never|no|n't|denied|refused)\b", re.I)
_HEDGE = re.compile(r"\b(allegedly|reportedly|probably|possibly|may|might|could|suspected|"
                    r"apparently|likely|believed)\b", re.I)


MAX_PATH = 4  # dependency edges between the two actors' tokens


def path_length(sent: Any, a: list[Mention], b: list[Mention]) -> int:
    """Shortest dependency path (edges) between any token of ``a`` and any of ``b``."""
    def toks(ms: list[Mention]) -> list[Any]:
        spans = [(m.start - sent.start, m.end - sent.start) for m in ms]
        return [t for t in sent.parse if any(s <= t.idx < e for s, e in spans)]

    def chain(t: Any) -> list[int]:
        out = [t.i]
        while t.head.i != t.i:
            t = t.head
            out.append(t.i)
        return out

    best = 99
    for x in toks(a):
        cx = chain(x)
        pos = {i: k for k, i in enumerate(cx)}
        for y in toks(b):
            for k, i in enumerate(chain(y)):
                if i in pos:
                    best = min(best, pos[i] + k)
                    break
    return best


def mask(text: str, offset: int, a: list[Mention], b: list[Mention], other: list[Mention]) -> str:
    """The sentence with actor A's mentions as "A", B's as "B", the rest as "C"."""
    spans = sorted([(m.start - offset, m.end - offset, "A") for m in a]
                   + [(m.start - offset, m.end - offset, "B") for m in b]
                   + [(m.start - offset, m.end - offset, "C") for m in other])
    out, pos = [], 0
    for s, e, tag in spans:
        if s < pos:
            continue
        out.append(text[pos:s])
        out.append(tag)
        pos = e
    out.append(text[pos:])
    return "".join(out)


class EmbeddingFallback:
    def __init__(self, threshold: float = 0.55, margin: float = 0.05,
                 embed_fn: Any = None) -> None:
        self.threshold = threshold
        self.margin = margin
        self._embed = embed_fn
        self._protos: Any = None

    def embed(self, texts: list[str]) -> Any:
        if self._embed is None:
            self._embed = embed
        return self._embed(texts)

    def prototypes(self) -> Any:
        if self._protos is None:
            self._protos = self.embed([p[2] for p in PROTOTYPES])
        return self._protos

    max_path = MAX_PATH

    def _jobs(self, doc: Doc) -> Iterator[tuple[Doc, int, Mention, Mention, str]]:
        """(doc, sentence, mention A, mention B, masked text) of each silent sentence with
        exactly two actors close in the parse."""
        covered = {c.sentence for c in doc.claims}
        by_sent: dict[int, list[Mention]] = {}
        for m in doc.mentions:
            if m.kind != "adjective" and m.sentence >= 0:
                by_sent.setdefault(m.sentence, []).append(m)
        for idx, ms in by_sent.items():
            if idx in covered or idx >= len(doc.sentences):
                continue
            actors = list(dict.fromkeys(m.actor for m in ms))
            if len(actors) != 2:
                continue
            sent = doc.sentences[idx]
            a = [m for m in ms if m.actor == actors[0]]
            b = [m for m in ms if m.actor == actors[1]]
            if sent.parse is not None and path_length(sent, a, b) > self.max_path:
                continue  # no short syntactic path: the pair is likely unrelated
            yield doc, idx, a[0], b[0], mask(sent.text, sent.start, a, b, [])

    def add_claims(self, docs: Iterable[Doc], min_conf: float = 0.0) -> None:
        """Add fallback claims to ``doc.claims`` for silent two-actor sentences."""
        jobs = [job for doc in docs for job in self._jobs(doc)]
        if not jobs:
            return
        sims = np.asarray(self.embed([j[4] for j in jobs])) @ np.asarray(self.prototypes()).T
        for (doc, idx, ma, mb, _), row in zip(jobs, sims, strict=True):
            best = int(np.argmax(row))
            rel, plover, _ = PROTOTYPES[best]
            none_best = max(float(row[i]) for i, p in enumerate(PROTOTYPES) if p[0] == "none")
            score = float(row[best])
            if rel == "none" or score < self.threshold or score - none_best < self.margin:
                continue
            conf = round(min(0.5, 0.3 + (score - self.threshold)), 3)
            if conf < min_conf:
                continue
            sent = doc.sentences[idx]
            s, o = (ma, mb)
            if rel in SYMMETRIC and o.name < s.name:
                s, o = o, s
            doc.claims.append(Claim(
                subject=s.name, relation=rel, object=o.name,
                evidence=Span(sent.start, sent.end, sent.text),
                negated=bool(_NEG.search(sent.text)), hedged=bool(_HEDGE.search(sent.text)),
                confidence=conf, subject_id=s.actor, object_id=o.actor, subject_text=s.text,
                object_text=o.text, plover=plover, extractor="embeddings", sentence=idx,
            ))
