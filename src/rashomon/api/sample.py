"""Small corpora for the web's tests, demos and benchmarks.

``sample_docs()``: a few hand-written articles with actor mentions, claims (exact
evidence spans) and labels, including a hostile title and a non-BMP character.
``synthetic_store(store, actors, edges)``: a random signed graph bulk-loaded via ``insert``.
"""

from __future__ import annotations

import random
from typing import Any

from rashomon.doc import Claim, Doc, Label, Mention, Span
from rashomon.store import Store

HOSTILE_TITLE = "<script>alert(1)</script>"


def _doc(doc_id: str, title: str, outlet: str, published: str, sentences: list[tuple[str, list[Any]]],
         actors: list[str]) -> Doc:
    """A doc from sentences, each with claims (subject, relation, object, options)."""
    text = ""
    claims: list[Claim] = []
    for i, (sent, specs) in enumerate(sentences):
        start = len(text)
        text += sent + " "
        for s, rel, o, *rest in specs:
            opts = rest[0] if rest else {}
            claims.append(Claim(
                subject=s, relation=rel, object=o, evidence=Span(start, start + len(sent), sent),
                negated=opts.get("negated", False), hedged=opts.get("hedged", False),
                source=opts.get("source"), confidence=0.9, sentence=i,
                subject_text=s, object_text=o,
            ))
    text = text.rstrip()
    mentions = []
    for name in actors:
        pos = text.find(name)
        while pos >= 0:
            mentions.append(Mention(pos, pos + len(name), name, "rsh:" + name.lower().replace(" ", "-"),
                                    name, sentence=-1))
            pos = text.find(name, pos + len(name))
    mentions.sort(key=lambda m: m.start)
    doc = Doc(id=doc_id, text=text, title=title, source=outlet, published=published)
    doc.claims = claims
    doc.mentions = mentions
    return doc


def sample_docs() -> list[Doc]:
    a = _doc("a1", "Moscow and Tehran deepen ties", "Daily Planet", "2024-01-10", [
        ("Russia and Iran signed a new partnership deal.", [("Iran", "cooperate", "Russia")]),
        ("Officials say Russia supplies Hamas with weapons 🚀 through Iran.",
         [("Russia", "support", "Hamas", {"source": "Officials"}), ("Iran", "support", "Hamas")]),
        ("Ukraine condemned the deal.", [("Ukraine", "oppose", "Russia")]),
    ], ["Russia", "Iran", "Hamas", "Ukraine"])
    b = _doc("b1", "Kremlin denies arming militants", "Morning Star", "2024-02-05", [
        ("Russia does not support Hamas, the Kremlin said.",
         [("Russia", "support", "Hamas", {"negated": True, "source": "Russia"})]),
        ("Russia attacked Ukraine again overnight.", [("Russia", "attack", "Ukraine")]),
    ], ["Russia", "Hamas", "Ukraine"])
    c = _doc("c1", HOSTILE_TITLE, "Morning Star", "2024-03-01", [
        ("Hamas reportedly opposes Russia on <b>Syria</b>.",
         [("Hamas", "oppose", "Russia", {"hedged": True})]),
        ("Iran is allied with Russia.", [("Iran", "ally", "Russia")]),
    ], ["Russia", "Hamas", "Iran"])
    d = _doc("d/2", "A quiet day", "Daily Planet", "2024-03-20", [
        ("Nothing happened between Ukraine and Iran.", []),
    ], ["Ukraine", "Iran"])
    a.labels = [
        Label(kind="narrative", value="URW: Praise of Russia", score=0.7,
              evidence=[a.span(0, 46)]),
        Label(kind="role", value="Protagonist", actor="rsh:russia", target=a.span(0, 6),
              fine=["Guardian"]),
        Label(kind="explanation", value="The article presents the deal as a success."),
    ]
    b.labels = [Label(kind="role", value="Antagonist", actor="rsh:russia",
                      target=b.span(0, 6), fine=["Instigator"])]
    return [a, b, c, d]


def synthetic_store(store: Store, actors: int = 5000, edges: int = 20000, claims: int | None = None,
                    docs: int = 1000, seed: int = 7) -> None:
    """Bulk-load a random signed graph: ``edges`` distinct pairs, ``claims`` claims in all."""
    rng = random.Random(seed)
    names = [f"Actor {i:05d}" for i in range(actors)]
    rels = ["ally", "cooperate", "support", "oppose", "attack"]
    outlets = [f"Outlet {i}" for i in range(12)]
    doc_rows = []
    for i in range(docs):
        month = 1 + i % 12
        doc_rows.append((f"s{i}", f"Story {i}", outlets[i % len(outlets)], f"2023-{month:02d}-{1 + i % 28:02d}",
                         None, None, "en", None, None, f"h{i}", "Synthetic story.", None, None))
    pairs: list[tuple[int, int, str]] = []
    seen: set[tuple[int, int]] = set()
    while len(pairs) < edges:
        # preferential: low ids are hubs, so the graph has structure worth drawing
        x = min(int(rng.paretovariate(1.1)) - 1, actors - 1) if rng.random() < 0.5 else rng.randrange(actors)
        y = rng.randrange(actors)
        if x == y or (x, y) in seen:
            continue
        seen.add((x, y))
        pairs.append((x, y, rng.choice(rels)))
    n_claims = claims or edges
    rows = []
    for k in range(n_claims):
        x, y, rel = pairs[k % len(pairs)]
        text = f"{names[x]} {rel} {names[y]}."
        rows.append((f"s{k % docs}", k // docs, names[x], rel, names[y], rng.random() < 0.05,
                     rng.random() < 0.1, None, 0.8, None, None, None, names[x], names[y],
                     0, len(text), text, None, None, "synthetic", 0))
    with store.transaction():
        store.insert("documents", doc_rows)
        for i in range(0, len(rows), 200_000):
            store.insert("claims", rows[i:i + 200_000])
