"""Entity framing: the role an article casts an entity in (Protagonist / Antagonist /
Innocent, plus fine roles).

Antagonist is the default: most entities news articles frame are cast as antagonists, and a
classifier that leans to the other roles loses to that baseline wherever antagonists are
even more common. A mention switches to Innocent or Protagonist only on explicit evidence
(``evidence.py``: the harm it suffers, the help it gives, the words it is called, the claims
it takes part in). Embedding similarity of the context to the role codebook chooses fine
roles and, when configured (``emb_switch``), may switch the main role on a wide margin."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import lru_cache

import numpy as np

from rashomon.doc import Doc
from rashomon.nlp.framing.codebook import MAIN_ROLES, RoleBook, example_text, load_roles
from rashomon.nlp.framing.evidence import Cue, cues, fine_hints, votes
from rashomon.nlp.framing.finehead import FineExamples, FineHead, shipped_examples
from rashomon.nlp.framing.lexicon import GENERIC_FINE, NEEDS_EVIDENCE
from rashomon.nlp.text.cues import CueIndex
from rashomon.nlp.text.embed import embed, embed_persistent

# Calibrated global settings (see bench/narratives.py).
DEFAULTS: dict[str, float] = {
    "bias_Protagonist": 0.0,
    "bias_Antagonist": 0.10,
    "bias_Innocent": -0.05,
    "emb_weight": 1.0,
    "cue_weight": 0.03,
    "evidence_weight": 0.2,  # per unit of explicit evidence (evidence.cues) for the role
    "window": 80,  # characters either side of the mention for cue matching
    "masked_weight": 0.0,  # weight of the mention-centred context (mention -> "they")
    "min_evidence": 0.5,  # cue weight needed to leave the Antagonist default
    "emb_switch": 9.0,  # embedding margin that alone switches the main role (9 = never)
    # fine-role similarity lead needed over the generic fine role (0.2: grouped CV on the
    # framing set's English mentions, data/framing/README.md)
    "generic_margin": 0.2,
    # factor on the weight of "speaks" (the mention is a speaker: 0.5) in the main-role
    # decision; at 1 speaking alone reaches min_evidence and switches to Protagonist, below
    # 1 it never does. Grouped CV on the framing set's English mentions favours 0.5 (their
    # speakers are as often quoted villains), the SemEval English articles do not
    # (data/framing/README.md)
    "speak_scale": 1.0,
    # weight of the closeness of the mention's sentence to the framing set's examples of each
    # fine role (finehead.FineExamples: the mean similarity of the ``near_k`` nearest) added
    # to its similarity to the role's prototypes; 0: prototypes alone. Grouped CV on the
    # framing set's English mentions favours NEAR_WEIGHT, the SemEval English articles do
    # not (data/framing/README.md): off
    "near_weight": 0.0,
    "near_k": 3,
}
NEAR_WEIGHT = 2.0  # the weight grouped CV chose (with near_k 3), not the default


@dataclass
class RoleScores:
    main: dict[str, float]
    fine: dict[str, float]
    evidence: list[int] = field(default_factory=list)  # sentence indexes
    cues: list[Cue] = field(default_factory=list)
    x: np.ndarray | None = None  # the fine-role head's features (``fine_features``)
    hints: list[str] = field(default_factory=list)  # fine roles its deeds imply (evidence.fine_hints)
    hits: dict[str, float] = field(default_factory=dict)  # fine role -> its cue words in the window
    vecs: np.ndarray | None = None  # its mentions' sentence vectors, one row each

    def votes(self) -> dict[str, float]:
        """Total cue weight per main role."""
        return votes(self.cues)


def fine_features(sims: np.ndarray, hits: list[int], found: list[Cue], fine_names: list[str]) -> np.ndarray:
    """The fine-role head's features of a mention: its sentence's similarity to every role
    (main roles, then fine roles), the role cue words in its window, the weight of the
    explicit evidence implying each fine role, and its evidence votes per main role."""
    implied = np.zeros(len(fine_names), np.float32)
    pos = {f: i for i, f in enumerate(fine_names)}
    for c in found:
        if c.fine in pos:
            implied[pos[c.fine]] += c.weight
    v = votes(found)
    return np.concatenate([np.asarray(sims, np.float32), np.asarray(hits, np.float32), implied,
                           np.log1p(np.array([v[m] for m in MAIN_ROLES], np.float32))])


class TopTwo:
    """Per block of prototype rows: the mean of the two rows most similar to a vector (the
    one row's similarity for a block of one), as ``np.sort(block @ v)[-2:].mean()``, for all
    blocks with one product and one sort of a (blocks x most rows) grid padded with -inf."""

    def __init__(self, blocks: list[np.ndarray]) -> None:
        self.matrix = np.vstack(blocks)
        sizes = [len(b) for b in blocks]
        pad = len(self.matrix)  # the -inf appended after the similarities
        starts = np.cumsum([0, *sizes[:-1]])
        self.slots = np.array([[a + k if k < n else pad for k in range(max(sizes))]
                               for a, n in zip(starts, sizes, strict=True)])
        self.single = np.array(sizes) < 2

    def __call__(self, v: np.ndarray) -> np.ndarray:
        sims = self.matrix @ v
        sims = np.concatenate([sims, np.full(1, -np.inf, dtype=sims.dtype)])
        top = np.sort(sims[self.slots], axis=1)[:, -2:]
        out = top.mean(axis=1)
        out[self.single] = top[self.single, -1]
        return out


class RolePrototypes:
    def __init__(self, book: RoleBook) -> None:
        self.book = book
        self.main_names = list(MAIN_ROLES)
        self.fine_names = list(book.fine)
        self.main_vecs = [embed_persistent([book.main[m].definition, *map(example_text, book.main[m].examples)])
                          for m in self.main_names]
        self.fine_vecs = [embed_persistent([book.fine[f].definition, *map(example_text, book.fine[f].examples)])
                          for f in self.fine_names]
        # similarities and cue hits of every role (main roles, then fine roles) at once
        self.top2 = TopTwo([*self.main_vecs, *self.fine_vecs])
        self.cue_index = CueIndex([*(book.main[m].cues for m in self.main_names),
                                   *(book.fine[f].cues for f in self.fine_names)])


@lru_cache(maxsize=4)
def role_prototypes(path: str | None = None) -> RolePrototypes:
    return RolePrototypes(load_roles(path))


def masked_context(doc: Doc, start: int, end: int) -> str:
    """The mention's sentence with the mention replaced by the stand-in the role examples use."""
    si = doc.sentence_at(start)
    if si < 0:
        return doc.text[max(0, start - 200): start] + "they" + doc.text[end: end + 200]
    sent = doc.sentences[si]
    return (sent.text[: start - sent.start] + "they" + sent.text[end - sent.start:]).strip()


class RoleClassifier:
    def __init__(self, codebook: str | None = None, **settings: float) -> None:
        self.cfg = {**DEFAULTS, **{k: v for k, v in settings.items() if v is not None}}
        self.protos = role_prototypes(codebook)
        self.book = self.protos.book
        self.head: FineHead | None = None  # a learned fine-role head (finehead.py), if given
        self.needs_evidence = NEEDS_EVIDENCE  # fine roles never chosen by similarity alone
        self.deeds = True  # the fine roles a mention's deeds imply (RoleScores.hints) count
        # the labelled examples of fine roles (default: the shipped ones, finehead.py)
        self.examples: FineExamples | None = shipped_examples() if self.cfg["near_weight"] else None

    def score(self, doc: Doc, start: int, end: int, actor: str | None = None,
              vec: np.ndarray | None = None) -> RoleScores:
        """Scores for one mention at ``doc.text[start:end]``."""
        cfg = self.cfg
        si = doc.sentence_at(start)
        sent = doc.sentences[si] if si >= 0 else None
        ctx = sent.text if sent else doc.text[max(0, start - 200): end + 200]
        v = vec if vec is not None else embed([ctx])[0]
        w = int(cfg["window"])
        window = doc.text[max(0, start - w): start] + " " + doc.text[end: end + w]
        main: dict[str, float] = {}
        found = cues(doc, start, end, actor)  # the explicit evidence (evidence.py)
        ev = votes(found)
        mv = embed([masked_context(doc, start, end)])[0] if cfg["masked_weight"] else None
        protos = self.protos
        n_main = len(protos.main_names)
        sims = protos.top2(v)
        masked = protos.top2(mv) if mv is not None else None
        hits = protos.cue_index.counts(window)
        for i, m in enumerate(protos.main_names):
            s = cfg["emb_weight"] * float(sims[i]) + cfg[f"bias_{m}"]
            s += cfg["cue_weight"] * hits[i] + cfg["evidence_weight"] * ev[m]
            if masked is not None:
                s += cfg["masked_weight"] * float(masked[i])
            main[m] = s
        fine: dict[str, float] = {}
        for j, f in enumerate(protos.fine_names, n_main):
            fine[f] = float(sims[j]) + cfg["cue_weight"] * 2 * hits[j]
        x = fine_features(sims, hits, found, protos.fine_names)
        fine_hits = {f: float(hits[j]) for j, f in enumerate(protos.fine_names, n_main) if hits[j]}
        return RoleScores(main, fine, [si] if si >= 0 else [], found, x, fine_hints(doc, start, end), fine_hits,
                          np.asarray(v, np.float32)[None, :])

    def votes(self, rs: RoleScores) -> dict[str, float]:
        """Cue weight per main role as the decision counts it: speaking times ``speak_scale``."""
        k = self.cfg["speak_scale"]
        return votes([replace(c, weight=c.weight * k) if c.kind == "speak" and k != 1 else c
                      for c in rs.cues])

    def main_role(self, rs: RoleScores) -> str:
        """Antagonist unless the cues (or, if enabled, a wide embedding margin) point elsewhere."""
        v = self.votes(rs)
        best = max(MAIN_ROLES, key=lambda m: (v[m], rs.main[m]))
        if best != "Antagonist" and v[best] >= self.cfg["min_evidence"] and v[best] > v["Antagonist"]:
            return best
        emb = max(rs.main, key=lambda m: rs.main[m])
        others = max(v for m, v in rs.main.items() if m != emb)
        if emb != "Antagonist" and v["Antagonist"] == 0 and rs.main[emb] - others > self.cfg["emb_switch"]:
            return emb
        return "Antagonist"

    def evidenced(self, rs: RoleScores, main: str) -> list[str]:
        """The fine roles of ``main`` the explicit evidence implies, most often implied
        first (a tie: the first read): the parse and claim cues, else the deeds
        (``RoleScores.hints``)."""
        found = [c.fine for c in rs.cues if c.role == main and c.fine]
        if self.deeds and not found:
            found = [f for f in rs.hints if f in self.book.fine and self.book.fine[f].main == main]
        return sorted(dict.fromkeys(found), key=lambda f: -found.count(f))

    def fine_scores(self, rs: RoleScores, main: str) -> dict[str, float]:
        """The similarity of each fine role of ``main``: to its prototypes, plus
        ``near_weight`` times the closeness to its labelled examples (``examples``)."""
        names = [r.name for r in self.book.fine_of(main)]
        w = self.cfg["near_weight"]
        near = (self.examples.near(rs.vecs, names, int(self.cfg["near_k"]))
                if w and self.examples is not None and rs.vecs is not None else {})
        return {f: rs.fine[f] + w * near.get(f, 0.0) for f in names}

    def decide(self, rs: RoleScores, max_fine: int = 1, fine_margin: float = 0.0) -> tuple[str, list[str]]:
        """(main role, fine roles). One fine role: the one the evidence implies, else the
        most similar one (``fine_scores``: prototypes and labelled examples;
        ``needs_evidence`` roles only with one of their cue words in the window). A second
        fine role (``max_fine``) when within ``fine_margin``: under CV any second role
        lowered the exact match of the set (data/framing/README.md)."""
        main = self.main_role(rs)
        if self.head is not None and rs.x is not None:
            learned = self.head.fine(rs.x, main)
            if learned in self.book.fine:
                return main, [learned]
        implied = self.evidenced(rs, main)
        if implied:
            return main, implied[:1]
        sim = self.fine_scores(rs, main)
        cands = sorted(((s, f) for f, s in sim.items() if f not in self.needs_evidence or rs.hits.get(f)),
                       reverse=True)
        if not cands:
            return main, []
        top = cands[0][0]
        generic = GENERIC_FINE.get(main)
        if generic in sim and top - sim[generic] <= self.cfg["generic_margin"]:
            return main, [generic]
        fine = [n for s, n in cands if s >= top - fine_margin][:max_fine]
        return main, fine

    def predict(self, doc: Doc, start: int, end: int, actor: str | None = None) -> tuple[str, list[str]]:
        return self.decide(self.score(doc, start, end, actor))


def merge(scores: list[RoleScores]) -> RoleScores:
    """One actor's scores over several mentions: the mean, evidence pooled."""
    n = len(scores)  # (sequential sums, as np.mean's for fewer than 8 values)
    main = {m: sum(s.main[m] for s in scores) / n for m in scores[0].main}
    fine = {f: sum(s.fine[f] for s in scores) / n for f in scores[0].fine}
    ev = sorted({i for s in scores for i in s.evidence})
    xs = [s.x for s in scores if s.x is not None]
    x = np.mean(xs, axis=0).astype(np.float32) if len(xs) == n else None
    hits: dict[str, float] = {}
    for s in scores:
        for f, k in s.hits.items():
            hits[f] = hits.get(f, 0.0) + k
    vs = [s.vecs for s in scores if s.vecs is not None]
    vecs = np.vstack(vs) if len(vs) == n else None
    return RoleScores(main, fine, ev, [c for s in scores for c in s.cues], x,
                      [h for s in scores for h in s.hints], hits, vecs)
