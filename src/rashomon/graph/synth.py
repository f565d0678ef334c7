"""Small hand-written corpora of claims, for tests, demos and the benchmark.

``story(id, outlet, published, [("Russia", "support", "Hamas"), ...])`` builds a Doc
whose text holds one sentence per claim, with exact evidence spans. A claim tuple may
carry options as a fourth item: ``{"negated": True, "hedged": True, "source": "X"}``.
"""

from __future__ import annotations

from typing import Any

from rashomon.doc import Claim, Doc, Span

VERBS = {
    "ally": "is allied with", "cooperate": "cooperates with", "support": "supports",
    "oppose": "opposes", "attack": "attacks", "part_of": "is part of",
}
NOT_VERBS = {
    "ally": "is not allied with", "cooperate": "does not cooperate with",
    "support": "does not support", "oppose": "does not oppose", "attack": "does not attack",
    "part_of": "is not part of",
}

ClaimSpec = tuple[str, str, str] | tuple[str, str, str, dict[str, Any]]


def sentence(s: str, rel: str, o: str, negated: bool = False, hedged: bool = False,
             source: str | None = None) -> str:
    verb = (NOT_VERBS if negated else VERBS)[rel]
    text = f"{s} {'reportedly ' if hedged else ''}{verb} {o}."
    return f"{source} said that {text}" if source else text


def story(
    doc_id: str,
    outlet: str | None,
    published: str | None,
    claims: list[ClaimSpec],
    duplicate_of: str | None = None,
) -> Doc:
    parts: list[str] = []
    out: list[Claim] = []
    pos = 0
    for i, spec in enumerate(claims):
        s, rel, o = spec[0], spec[1], spec[2]
        opts: dict[str, Any] = dict(spec[3]) if len(spec) > 3 else {}  # type: ignore[misc]
        text = sentence(s, rel, o, bool(opts.get("negated")), bool(opts.get("hedged")),
                        opts.get("source"))
        out.append(Claim(
            subject=s, relation=rel, object=o, evidence=Span(pos, pos + len(text), text),
            negated=bool(opts.get("negated")), hedged=bool(opts.get("hedged")),
            source=opts.get("source"), confidence=float(opts.get("confidence", 0.9)),
            time=opts.get("time"), sentence=i,
        ))
        parts.append(text)
        pos += len(text) + 1
    doc = Doc(id=doc_id, text=" ".join(parts), source=outlet, published=published,
              duplicate_of=duplicate_of, title=doc_id)
    doc.claims = out
    return doc
