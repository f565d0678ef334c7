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
    from datasketch import MinHash  # noqa: PLC0415 - heavy, loaded on use

    m = MinHash(num_perm=NUM_PERM, scheme=SCHEME)
    m.update_batch(list(shingles(text)))
    return m


def to_hex(m: Any) -> str:
    return np.asarray(m.hashvalues, dtype=np.uint64).astype(">u8").tobytes().hex()


def from_hex(s: str) -> Any:
    from datasketch import MinHash  # noqa: PLC0415 - heavy, loaded on use

    values = np.frombuffer(bytes.fromhex(s), dtype=">u8").astype(np.uint64)
    return MinHash(num_perm=len(values), hashvalues=values, scheme=SCHEME)


def values(sig: Any) -> np.ndarray:
    """A signature's hash values as uint32 (a MinHash, or its values already)."""
    v = np.asarray(getattr(sig, "hashvalues", sig))
    if v.size and int(v.max()) >= 1 << 32:
        raise ValueError("signature values exceed 32 bits: not an affine32 MinHash")
    return v.astype(np.uint32)


def values_from_hex(s: str) -> np.ndarray:
    """``from_hex`` without building a MinHash (whose constructor draws its permutations)."""
    return np.frombuffer(bytes.fromhex(s), dtype=">u8").astype(np.uint32)


# one fixed odd multiplier per row of a band: a band's key is its rows' weighted sum
_MULT = np.random.default_rng(20240607).integers(1, 1 << 63, size=64, dtype=np.uint64) | np.uint64(1)


class Buckets:
    """One LSH band: key -> slots, as sorted numpy arrays plus a dict of recent additions
    merged into them in bulk (about 12 bytes per entry instead of a dict entry's 100+)."""

    MERGE_AT = 32_768

    def __init__(self) -> None:
        self.keys = np.zeros(0, dtype=np.uint64)
        self.slots = np.zeros(0, dtype=np.int64)
        self.recent: dict[int, list[int]] = {}
        self.pending = 0

    def add(self, key: int, slot: int, alive: np.ndarray) -> None:
        self.recent.setdefault(key, []).append(slot)
        self.pending += 1
        if self.pending >= self.MERGE_AT:
            self.merge(alive)

    def merge(self, alive: np.ndarray) -> None:
        """Fold the recent additions into the sorted arrays, dropping removed slots."""
        ks = [k for k, ss in self.recent.items() for _ in ss]
        ss = [s for v in self.recent.values() for s in v]
        keys = np.concatenate([self.keys, np.array(ks, dtype=np.uint64)])
        slots = np.concatenate([self.slots, np.array(ss, dtype=np.int64)])
        keep = alive[slots]
        keys, slots = keys[keep], slots[keep]
        order = np.argsort(keys, kind="stable")
        self.keys, self.slots = keys[order], slots[order]
        self.recent, self.pending = {}, 0

    def get(self, key: int) -> list[int]:
        k = np.uint64(key)
        lo, hi = np.searchsorted(self.keys, k, "left"), np.searchsorted(self.keys, k, "right")
        return [*self.slots[lo:hi].tolist(), *self.recent.get(key, ())]


class NearDuplicates:
    """An LSH index of documents; finds the original a new document nearly repeats.

    Banding as datasketch's MinHashLSH (the same bands for the same threshold, so the same
    candidates), stored compactly: signatures in one uint32 matrix and each band's keys in
    sorted arrays, about 0.7 KB per document (the datasketch index held 5.7 KB), so a run
    over hundreds of thousands of stored documents stays small."""

    def __init__(self, threshold: float = THRESHOLD, num_perm: int = NUM_PERM) -> None:
        from datasketch.lsh import _optimal_param  # noqa: PLC0415 - heavy, loaded on use

        self.threshold = threshold
        self.b, self.r = _optimal_param(threshold, num_perm, 0.5, 0.5)
        self.sigs = np.zeros((1024, num_perm), dtype=np.uint32)
        self.alive = np.zeros(1024, dtype=bool)
        self.ids: list[str] = []  # slot -> id (slots in arrival order)
        self.slot: dict[str, int] = {}  # indexed id -> its slot
        self.published: list[str] = []  # slot -> published date, "~" if unknown
        self.original: list[str | None] = []  # slot -> that document's own duplicate_of
        self.bands = [Buckets() for _ in range(self.b)]

    def __contains__(self, doc_id: str) -> bool:
        return doc_id in self.slot

    def __len__(self) -> int:
        return len(self.slot)

    def keys(self, v: np.ndarray) -> list[int]:
        rows = v[: self.b * self.r].reshape(self.b, self.r).astype(np.uint64)
        return (rows * _MULT[: self.r]).sum(axis=1).tolist()  # wraps modulo 2**64

    def add(self, doc_id: str, sig: Any, published: str | None, duplicate_of: str | None) -> None:
        if doc_id in self.slot:
            self.remove(doc_id)
        v = values(sig)
        n = len(self.ids)
        if n == len(self.sigs):  # grow by half
            extra = max(1024, n // 2)
            self.sigs = np.concatenate([self.sigs, np.zeros((extra, self.sigs.shape[1]), np.uint32)])
            self.alive = np.concatenate([self.alive, np.zeros(extra, dtype=bool)])
        self.sigs[n] = v
        self.alive[n] = True
        self.ids.append(doc_id)
        self.published.append(published or "~")
        self.original.append(duplicate_of)
        self.slot[doc_id] = n
        for band, key in zip(self.bands, self.keys(v), strict=True):
            band.add(key, n, self.alive)

    def remove(self, doc_id: str) -> None:
        n = self.slot.pop(doc_id, None)
        if n is not None:
            self.alive[n] = False  # its band entries go at the next merge
            self.original[n] = None

    def _original(self, doc_id: str) -> str | None:
        n = self.slot.get(doc_id)
        return None if n is None else self.original[n]

    def find(self, doc_id: str, sig: Any) -> str | None:
        """The earliest original among indexed documents similar to ``sig`` (not ``doc_id``)."""
        v = values(sig)
        cands = {s for band, key in zip(self.bands, self.keys(v), strict=True) for s in band.get(key)}
        roots: set[str] = set()
        for s in sorted(cands):
            other = self.ids[s]
            if not self.alive[s] or other == doc_id:
                continue
            if np.count_nonzero(self.sigs[s] == v) / len(v) < self.threshold:
                continue
            root, seen = other, {doc_id}
            while (up := self._original(root)) and root not in seen and up in self.slot:
                seen.add(root)
                root = up
            if root != doc_id:
                roots.add(root)
        if not roots:
            return None
        return min(roots, key=lambda r: (self.published[self.slot[r]], self.slot[r]))
