"""The document object: one record that carries every annotation layer.

Every layer is tied to character offsets into ``Doc.text``. Components read and
write these fields (see ``rashomon.registry``); the store persists them.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any

RELATIONS = ("ally", "cooperate", "support", "oppose", "attack", "part_of")
SYMMETRIC = frozenset({"ally", "cooperate"})
SIGN = {"ally": 1, "cooperate": 1, "support": 1, "oppose": -1, "attack": -1, "part_of": 0}
QUAD = {
    "ally": "verbal_cooperation",
    "cooperate": "verbal_cooperation",
    "support": "material_cooperation",
    "oppose": "verbal_conflict",
    "attack": "material_conflict",
    "part_of": None,
}


@dataclass(slots=True)
class Span:
    """A stretch of ``Doc.text``: ``text == doc.text[start:end]`` always."""

    start: int
    end: int
    text: str


@dataclass(slots=True)
class Sentence:
    start: int
    end: int
    text: str
    # transient: a spaCy Doc parsed from ``text`` (token.idx + start = offset in Doc.text)
    parse: Any = field(default=None, repr=False, compare=False)


@dataclass(slots=True)
class Mention:
    """An actor mention. ``actor`` is the actor id (KB id, or ``unk:<norm>`` for unknowns)."""

    start: int
    end: int
    text: str
    actor: str
    name: str  # canonical actor name
    kind: str = "kb"  # kb | metonym | demonym | fuzzy | ner | coref | adjective
    sentence: int = -1
    score: float = 1.0
    type: str | None = None  # actor type (state, person, armed_group, ...)


@dataclass(slots=True)
class Claim:
    """``subject -relation-> object`` stated in one sentence, with who says so."""

    subject: str  # canonical actor name
    relation: str  # one of RELATIONS
    object: str
    evidence: Span  # the sentence (or clause) that supports the claim
    negated: bool = False
    hedged: bool = False
    source: str | None = None  # speaker's canonical name; None = the article's own voice
    confidence: float = 0.5
    subject_id: str | None = None
    object_id: str | None = None
    source_id: str | None = None
    subject_text: str | None = None  # surface form in the text
    object_text: str | None = None
    plover: str | None = None  # finer PLOVER event type (AGREE, SUPPORT, ASSAULT, ...)
    time: str | None = None
    extractor: str = "rules"
    sentence: int = -1


@dataclass(slots=True)
class Label:
    """A document- or mention-level label (narrative, subnarrative, role, explanation)."""

    kind: str  # narrative | subnarrative | role | explanation
    value: str  # label text; for role: main role; for explanation: the text
    score: float = 1.0
    actor: str | None = None  # actor id, for roles
    target: Span | None = None  # the mention a role is about
    fine: list[str] = field(default_factory=list)  # fine roles
    evidence: list[Span] = field(default_factory=list)
    model: str = "codebook"


@dataclass(slots=True)
class Doc:
    id: str
    text: str
    title: str | None = None
    source: str | None = None  # the outlet
    published: str | None = None  # ISO date (YYYY-MM-DD) or None
    url: str | None = None
    author: str | None = None
    language: str | None = None
    path: str | None = None  # where it came from
    duplicate_of: str | None = None  # near-duplicate original's id
    content_hash: str = ""
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    labels: list[Label] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.content_hash:
            self.content_hash = content_hash(self.text)

    def span(self, start: int, end: int) -> Span:
        return Span(start, end, self.text[start:end])

    def sentence_at(self, offset: int) -> int:
        """Index of the sentence holding ``offset`` (-1 if none)."""
        lo, hi = 0, len(self.sentences) - 1
        while lo <= hi:
            mid = (lo + hi) // 2
            s = self.sentences[mid]
            if offset < s.start:
                hi = mid - 1
            elif offset >= s.end:
                lo = mid + 1
            else:
                return mid
        return -1

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able dict (without transient parses)."""
        d = asdict(self)
        for s in d["sentences"]:
            s.pop("parse", None)
        return d


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
