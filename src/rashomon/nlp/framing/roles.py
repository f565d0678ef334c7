"""Entity framing: the role an article casts an entity in (Protagonist / Antagonist /
Innocent, plus fine roles).

Antagonist is the default: most entities news articles frame are cast as antagonists, and a
classifier that leans to the other roles loses to that baseline wherever antagonists are
even more common. A mention switches to Innocent or Protagonist only on explicit evidence
(``evidence.py``: the harm it suffers, the help it gives, the words it is called, the claims
it takes part in). Embedding similarity of the context to the role codebook chooses fine
roles and, when configured (``emb_switch``), may switch the main role on a wide margin."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np

from rashomon.doc import Doc
from rashomon.nlp.framing.codebook import MAIN_ROLES, RoleBook, example_text, load_roles
from rashomon.nlp.framing.evidence import Cue, covering, innocent_noun, mention_cues
from rashomon.nlp.text.cues import CueIndex
from rashomon.nlp.text.embed import embed, embed_persistent

# Calibrated global settings (see bench/narratives.py).
DEFAULTS: dict[str, float] = {
    "bias_Protagonist": 0.0,
    "bias_Antagonist": 0.10,
    "bias_Innocent": -0.05,
    "emb_weight": 1.0,
    "cue_weight": 0.03,
    "syntax_weight": 0.2,
    "claim_weight": 0.08,
    "noun_weight": 0.25,
    "window": 80,  # characters either side of the mention for cue matching
    "masked_weight": 0.0,  # weight of the mention-centred context (mention -> "they")
    "speaker_weight": 0.2,  # subject of a speech/accusation verb (measured +3 points)
    "min_evidence": 0.5,  # cue weight needed to leave the Antagonist default
    "emb_switch": 9.0,  # embedding margin that alone switches the main role (9 = never)
    "generic_margin": 0.1,  # fine-role similarity lead needed over the generic fine role
}
# the fine role chosen when nothing points to a more specific one
GENERIC_FINE = {"Protagonist": "Guardian", "Innocent": "Victim"}

AGGRESSIVE = frozenset("""attack invade bomb shell strike kill murder destroy threaten occupy
provoke seize annex blame accuse lie deceive steal oppress repress crush sabotage target
massacre terrorize terrorise capture force ban punish sanction escalate arm fund blackmail
loot rape torture deport execute launch fire hit arrest detain jail imprison persecute
harass censor abduct kidnap starve shoot raid storm ambush assassinate poison exploit
manipulate mislead smear betray""".split())
HELPFUL = frozenset("""help support defend protect aid save rescue liberate free praise
welcome negotiate mediate broker donate feed shelter heal rebuild resist deliver provide
send offer evacuate treat release honour honor supply provide assist equip finance shield
guard secure restore reconstruct""".split())
SUFFER = frozenset("""suffer die flee lose starve mourn endure""".split())
# verbs of speaking out against others: their subject usually tells the article's own story
SPEAK = frozenset("""say tell warn condemn denounce accuse criticise criticize call urge
demand insist stress note explain argue claim state declare reject slam""".split())
SUBJ = ("nsubj", "csubj", "agent")
OBJ = ("dobj", "nsubjpass", "pobj", "obj", "iobj", "dative")


@dataclass
class RoleScores:
    main: dict[str, float]
    fine: dict[str, float]
    evidence: list[int] = field(default_factory=list)  # sentence indexes
    cues: list[Cue] = field(default_factory=list)

    def votes(self) -> dict[str, float]:
        """Total cue weight per main role."""
        out = dict.fromkeys(MAIN_ROLES, 0.0)
        for c in self.cues:
            out[c.role] += c.weight
        return out


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


def _token_dep(parse: Any, start: int, end: int) -> tuple[str, str, str] | None:
    """(dependency, head lemma, head's preposition or '') of the mention's syntactic head."""
    toks = covering(parse, start, end)
    if not toks:
        return None
    root = next((t for t in toks if t.head not in toks or t.head == t), toks[-1])
    dep, head = root.dep_, root.head
    if dep == "conj":  # "Russia and Iran attacked": inherit the first conjunct's role
        dep, head = head.dep_, head.head
    prep = ""
    if dep == "pobj" and head.dep_ in ("prep", "agent"):
        prep = head.lemma_.lower()
        dep = "agent" if head.dep_ == "agent" or prep == "by" else "pobj"
        head = head.head
    if dep == "poss" or dep == "compound":
        dep, head = head.dep_, head.head
    return dep, head.lemma_.lower(), prep


def syntax_votes(parse: Any, start: int, end: int, text: str | None = None) -> dict[str, float]:
    """Votes from the mention's grammatical position next to aggressive/helpful verbs
    (``text``: the parse's text when known)."""
    votes = dict.fromkeys(MAIN_ROLES, 0.0)
    got = _token_dep(parse, start, end)
    if not got:
        return votes
    dep, verb, _ = got
    if verb in AGGRESSIVE:
        if dep in SUBJ:
            votes["Antagonist"] += 1
        elif dep in OBJ:
            votes["Innocent"] += 1
    elif verb in HELPFUL:
        if dep in SUBJ:
            votes["Protagonist"] += 1
        elif dep in OBJ:
            # the side that is helped is cast sympathetically: people as victims,
            # a state or party as the (underdog) protagonist
            votes["Innocent" if innocent_noun((parse.text if text is None else text)[start:end])
                  else "Protagonist"] += 0.5
    elif verb in SUFFER and dep in SUBJ:
        votes["Innocent"] += 1
    elif verb in SPEAK and dep in ("nsubj", "agent"):
        votes["speaker"] = 1.0
    return votes


def masked_context(doc: Doc, start: int, end: int) -> str:
    """The mention's sentence with the mention replaced by the stand-in the role examples use."""
    si = doc.sentence_at(start)
    if si < 0:
        return doc.text[max(0, start - 200): start] + "they" + doc.text[end: end + 200]
    sent = doc.sentences[si]
    return (sent.text[: start - sent.start] + "they" + sent.text[end - sent.start:]).strip()


def claim_votes(doc: Doc, start: int, end: int, actor: str | None) -> dict[str, float]:
    """Votes from claims the mention (or its actor) takes part in."""
    votes = dict.fromkeys(MAIN_ROLES, 0.0)
    for c in doc.claims:
        if c.negated:
            continue
        ev = c.evidence
        same_sentence = ev.start <= start < ev.end
        is_subj = (actor and c.subject_id == actor) or (same_sentence and c.subject_text
                                                         and doc.text[start:end] in c.subject_text)
        is_obj = (actor and c.object_id == actor) or (same_sentence and c.object_text
                                                       and doc.text[start:end] in c.object_text)
        if not (is_subj or is_obj) or (actor and not same_sentence and not actor.startswith("Q")):
            continue
        w = 1.0 if same_sentence else 0.3
        if c.relation == "attack":
            votes["Antagonist" if is_subj else "Innocent"] += w
        elif c.relation == "oppose" and is_subj:
            votes["Antagonist"] += 0.5 * w
        elif c.relation == "support":
            votes["Protagonist" if is_subj else "Innocent"] += 0.5 * w
    return {k: min(v, 3.0) for k, v in votes.items()}


def claim_cues(doc: Doc, start: int, end: int, actor: str | None) -> list[Cue]:
    """Cues from claims in the mention's sentence: the doer of an attack, and its target."""
    cues = []
    surface = doc.text[start:end]
    for c in doc.claims:
        ev = c.evidence
        if c.negated or c.hedged or c.relation != "attack" or not ev.start <= start < ev.end:
            continue
        if (actor and c.subject_id == actor) or (c.subject_text and surface in c.subject_text):
            cues.append(Cue("Antagonist", 1.0, f"attacks {c.object} (claim)"))
        elif (actor and c.object_id == actor) or (c.object_text and surface in c.object_text):
            cues.append(Cue("Innocent", 1.0, f"attacked by {c.subject} (claim)", "Victim"))
    return cues


class RoleClassifier:
    def __init__(self, codebook: str | None = None, **settings: float) -> None:
        self.cfg = {**DEFAULTS, **{k: v for k, v in settings.items() if v is not None}}
        self.protos = role_prototypes(codebook)
        self.book = self.protos.book

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
        syn = syntax_votes(sent.parse, start - sent.start, end - sent.start, sent.text) \
            if sent is not None and sent.parse is not None else dict.fromkeys(MAIN_ROLES, 0.0)
        cl = claim_votes(doc, start, end, actor)
        mv = embed([masked_context(doc, start, end)])[0] if cfg["masked_weight"] else None
        is_innocent_noun = innocent_noun(doc.text[start:end])
        protos = self.protos
        n_main = len(protos.main_names)
        sims = protos.top2(v)
        masked = protos.top2(mv) if mv is not None else None
        hits = protos.cue_index.counts(window)
        for i, m in enumerate(protos.main_names):
            s = cfg["emb_weight"] * float(sims[i]) + cfg[f"bias_{m}"]
            s += cfg["cue_weight"] * hits[i]
            s += cfg["syntax_weight"] * syn[m] + cfg["claim_weight"] * cl[m]
            if masked is not None:
                s += cfg["masked_weight"] * float(masked[i])
            if m == "Protagonist":
                s += cfg["speaker_weight"] * syn.get("speaker", 0.0)
            if m == "Innocent" and is_innocent_noun:
                s += cfg["noun_weight"]
            main[m] = s
        fine: dict[str, float] = {}
        for j, f in enumerate(protos.fine_names, n_main):
            fine[f] = float(sims[j]) + cfg["cue_weight"] * 2 * hits[j]
        cues = claim_cues(doc, start, end, actor)
        if sent is not None and sent.parse is not None:
            cues += mention_cues(sent.parse, start - sent.start, end - sent.start, sent.text)
        return RoleScores(main, fine, [si] if si >= 0 else [], cues)

    def main_role(self, rs: RoleScores) -> str:
        """Antagonist unless the cues (or, if enabled, a wide embedding margin) point elsewhere."""
        votes = rs.votes()
        best = max(MAIN_ROLES, key=lambda m: (votes[m], rs.main[m]))
        if best != "Antagonist" and votes[best] >= self.cfg["min_evidence"] and votes[best] > votes["Antagonist"]:
            return best
        emb = max(rs.main, key=lambda m: rs.main[m])
        others = max(v for m, v in rs.main.items() if m != emb)
        if emb != "Antagonist" and votes["Antagonist"] == 0 and rs.main[emb] - others > self.cfg["emb_switch"]:
            return emb
        return "Antagonist"

    def decide(self, rs: RoleScores, max_fine: int = 1, fine_margin: float = 0.0) -> tuple[str, list[str]]:
        main = self.main_role(rs)
        hints = [c.fine for c in rs.cues if c.role == main and c.fine]
        if hints:
            return main, [max(set(hints), key=hints.count)]
        cands = sorted(((rs.fine[r.name], r.name) for r in self.book.fine_of(main)), reverse=True)
        if not cands:
            return main, []
        top = cands[0][0]
        generic = GENERIC_FINE.get(main)
        if generic in rs.fine and top - rs.fine[generic] <= self.cfg["generic_margin"]:
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
    return RoleScores(main, fine, ev, [c for s in scores for c in s.cues])
