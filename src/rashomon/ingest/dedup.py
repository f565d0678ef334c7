"""Exact duplicates by content hash; near-duplicates by MinHash LSH over word 5-shingles."""

from __future__ import annotations

import re
from typing import Any

import numpy as np

NUM_PERM = 128
SHINGLE = 5
THRESHOLD = 0.8
SCHEME = "affine32"  # fixed, so stored signatures stay comparable across datasketch versions
_WORD = re.compile(r"\w+")


def shingles(text: str, k: int = SHINGLE) -> set[bytes]:
    words = _WORD.findall(text.lower())
    if len(words) < k:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i : i + k]).encode("utf-8") for i in range(len(words) - k + 1)}


def minhash(text: str) -> Any:
    from datasketch import MinHash

    m = MinHash(num_perm=NUM_PERM, scheme=SCHEME)
    m.update_batch(list(shingles(text)))
    return m


def to_hex(m: Any) -> str:
    return np.asarray(m.hashvalues, dtype=np.uint64).astype(">u8").tobytes().hex()


def from_hex(s: str) -> Any:
    from datasketch import MinHash

    values = np.frombuffer(bytes.fromhex(s), dtype=">u8").astype(np.uint64)
    return MinHash(num_perm=len(values), hashvalues=values, scheme=SCHEME)


class NearDuplicates:
    """An LSH index of documents; finds the original a new document nearly repeats."""

    def __init__(self, threshold: float = THRESHOLD) -> None:
        from datasketch import MinHashLSH

        self.lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self.threshold = threshold
        self.sigs: dict[str, Any] = {}
        self.rank: dict[str, tuple[str, int]] = {}  # id -> (published or "~", arrival order)
        self.original: dict[str, str | None] = {}  # id -> its own duplicate_of

    def __contains__(self, doc_id: str) -> bool:
        return doc_id in self.sigs

    def add(self, doc_id: str, sig: Any, published: str | None, duplicate_of: str | None) -> None:
        if doc_id in self.sigs:
            self.remove(doc_id)
        self.lsh.insert(doc_id, sig)
        self.sigs[doc_id] = sig
        self.rank[doc_id] = (published or "~", len(self.rank))
        self.original[doc_id] = duplicate_of

    def remove(self, doc_id: str) -> None:
        if doc_id in self.sigs:
            self.lsh.remove(doc_id)
            del self.sigs[doc_id]
            self.original.pop(doc_id, None)

    def find(self, doc_id: str, sig: Any) -> str | None:
        """The earliest original among indexed documents similar to ``sig`` (not ``doc_id``)."""
        roots = set()
        for other in self.lsh.query(sig):
            if other == doc_id or sig.jaccard(self.sigs[other]) < self.threshold:
                continue
            root = other
            seen = {doc_id}
            while self.original.get(root) and root not in seen and self.original[root] in self.sigs:
                seen.add(root)
                root = self.original[root]  # type: ignore[assignment]
            if root != doc_id:
                roots.add(root)
        if not roots:
            return None
        return min(roots, key=lambda r: self.rank.get(r, ("~", 1 << 62)))
