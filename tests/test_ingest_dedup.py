"""Language identification and near-duplicate detection."""

from __future__ import annotations

from rashomon.ingest import dedup
from rashomon.ingest.language import detect

BASE = (
    "The foreign ministers of Brazil and India met in New Delhi on Monday and agreed to expand "
    "cooperation on trade, energy and defence, officials from both countries said after the talks. "
    "They also discussed reform of the United Nations Security Council and the war in Ukraine, "
    "and promised to meet again before the end of the year in Brasilia."
)


def test_detect_languages() -> None:
    assert detect("The ministers agreed to expand cooperation on trade and energy.") == "en"
    assert detect("Министры договорились расширить сотрудничество в области торговли.") == "ru"
    assert detect("Die Minister vereinbarten, die Zusammenarbeit im Handel auszubauen.") == "de"
    assert detect("Міністри домовилися розширити співпрацю у сфері торгівлі та енергетики.") == "uk"
    assert detect("12345 -- !!!") is None


def test_signature_hex_round_trip() -> None:
    m = dedup.minhash(BASE)
    back = dedup.from_hex(dedup.to_hex(m))
    assert len(dedup.to_hex(m)) == dedup.NUM_PERM * 16
    assert back.jaccard(m) == 1.0


def test_near_duplicate_found_and_distinct_text_not() -> None:
    near = dedup.NearDuplicates()
    near.add("orig", dedup.minhash(BASE), "2024-01-02", None)
    edited = BASE.replace("Brasilia.", "Brasilia, a spokesman said.")
    assert near.find("copy", dedup.minhash(edited)) == "orig"
    other = ("Heavy rain flooded several districts of the city on Tuesday, closing schools and "
             "roads, and the weather service warned that more storms were expected this week.")
    assert near.find("other", dedup.minhash(other)) is None
    assert near.find("orig", dedup.minhash(BASE)) is None  # never a duplicate of itself


def test_near_duplicate_links_to_the_earliest_original() -> None:
    near = dedup.NearDuplicates()
    near.add("later", dedup.minhash(BASE + " Extra one."), "2024-05-01", None)
    near.add("earlier", dedup.minhash(BASE + " Extra two."), "2024-01-01", None)
    assert near.find("new", dedup.minhash(BASE + " Extra three.")) == "earlier"
    # a copy of a copy points at the root original
    near2 = dedup.NearDuplicates()
    near2.add("root", dedup.minhash(BASE), "2024-01-01", None)
    near2.add("copy", dedup.minhash(BASE + " Copy."), "2024-02-01", "root")
    assert near2.find("copy2", dedup.minhash(BASE + " Copy two.")) == "root"


def _corpus(n: int, seed: int = 7) -> list[str]:
    """Texts in families: each family's members differ by a few words (near-duplicates)."""
    import random

    rnd = random.Random(seed)
    words = [f"w{i}" for i in range(400)]
    out = []
    for _ in range(n // 4):
        base = [rnd.choice(words) for _ in range(120)]
        for _ in range(4):
            t = list(base)
            for _ in range(rnd.choice([0, 1, 3, 30])):  # some copies barely edited, some rewritten
                t[rnd.randrange(len(t))] = rnd.choice(words)
            out.append(" ".join(t))
    return out


class Reference:
    """The index as it was, on datasketch's MinHashLSH: the compact one must agree."""

    def __init__(self) -> None:
        from datasketch import MinHashLSH

        self.lsh = MinHashLSH(threshold=dedup.THRESHOLD, num_perm=dedup.NUM_PERM)
        self.sigs: dict = {}
        self.rank: dict = {}
        self.original: dict = {}

    def add(self, doc_id: str, sig, published, duplicate_of) -> None:  # type: ignore[no-untyped-def]
        self.lsh.insert(doc_id, sig)
        self.sigs[doc_id] = sig
        self.rank[doc_id] = (published or "~", len(self.rank))
        self.original[doc_id] = duplicate_of

    def find(self, doc_id: str, sig):  # type: ignore[no-untyped-def]
        roots = set()
        for other in self.lsh.query(sig):
            if other == doc_id or sig.jaccard(self.sigs[other]) < dedup.THRESHOLD:
                continue
            root, seen = other, {doc_id}
            while self.original.get(root) and root not in seen and self.original[root] in self.sigs:
                seen.add(root)
                root = self.original[root]
            if root != doc_id:
                roots.add(root)
        return min(roots, key=lambda r: self.rank[r]) if roots else None


def test_compact_index_agrees_with_the_datasketch_index(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import random

    monkeypatch.setattr(dedup.Buckets, "MERGE_AT", 7)  # exercise the merge path too
    texts = _corpus(80)
    dates = [random.Random(i).choice([None, "2024-01-02", "2024-01-01", "2023-12-31"]) for i in range(80)]
    near, ref = dedup.NearDuplicates(), Reference()
    found = 0
    for i, text in enumerate(texts):
        sig = dedup.minhash(text)
        got = near.find(str(i), sig)
        assert got == ref.find(str(i), sig)
        found += got is not None
        near.add(str(i), sig, dates[i], got)
        ref.add(str(i), sig, dates[i], got)
    assert found >= 20  # the corpus has real near-duplicates
    assert len(near) == 80 and all(b.pending < 7 for b in near.bands)


def test_compact_index_removal_and_hex_values() -> None:
    near = dedup.NearDuplicates()
    sig = dedup.minhash(BASE)
    near.add("orig", dedup.values_from_hex(dedup.to_hex(sig)), None, None)
    assert near.find("copy", sig) == "orig"
    near.remove("orig")
    assert "orig" not in near and near.find("copy", sig) is None
    near.add("orig", sig, None, None)  # re-added: found again
    assert near.find("copy", sig) == "orig"


def test_compact_index_memory_per_document() -> None:
    import numpy as np

    near = dedup.NearDuplicates()
    rng = np.random.default_rng(0)
    for i in range(5000):
        near.add(f"doc-{i}", rng.integers(0, 1 << 32, dedup.NUM_PERM, dtype=np.uint64), None, None)
    for b in near.bands:
        b.merge(near.alive)
    arrays = near.sigs.nbytes + sum(b.keys.nbytes + b.slots.nbytes for b in near.bands)
    assert arrays / 5000 < 1200  # datasketch's index took ~5,700 bytes per document in all
