"""Codebook classifier: domain -> narratives -> sub-narratives, from sentence embeddings
compared to the codebook's definitions and examples, cue phrases, and the doc's claims.

Works without any training data. A document is read in one domain (the one its cue phrases
name most, or, with ``domain_by_similarity``, the closest of those named); narratives are ranked
contrastively among the domain's siblings, plus cue hits and claims, and the document gets
the first one when it is close enough in absolute terms (else "Other"). The global settings
below are a handful of numbers (no per-document statistics), calibrated once; the English
decision's alternatives are measured by grouped CV on the project's narratives set
(``calibrate.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import yaml

from rashomon.doc import Doc, Sentence
from rashomon.errors import UserError
from rashomon.ingest.language import detect
from rashomon.nlp.actors.kb import KB, load_kb
from rashomon.nlp.narratives import multilingual as ml
from rashomon.nlp.narratives.codebook import OTHER
from rashomon.nlp.narratives.prototypes import Prototypes, default_cues, prototypes
from rashomon.nlp.sentences import split
from rashomon.nlp.text.cues import cue_index
from rashomon.nlp.text.e5 import embed_e5
from rashomon.nlp.text.embed import embed, informative

# Global settings, calibrated once on development data (see bench/narratives.py). The English
# decision has switches that grouped CV on data/narratives prefers (calibrate.py; with the
# set's hard "Other" and subtle narrative parts: min_domain_hits 1, gate_top 1,
# narrative_threshold 0.45, neutral_gate 1 at neutral_margin 0.25, ``calibrate.SUBTLE_CHOICE``;
# with the hard part only: the same with narrative_threshold 0.55; without either:
# min_domain_hits 1, domain_by_similarity 1, gate_top 1, narrative_threshold 0.50); they are
# off because all three settings lost to these on the SemEval articles, a release gate
# (data/narratives/README.md).
DEFAULTS: dict[str, float] = {
    "min_domain_hits": 4,  # English: cue hits a domain needs before it is considered at all
    "foreign_min_domain_hits": 4,  # the same for other languages
    # English: of the domains with enough cue hits, the one whose best narrative is closest
    # (0: the one with the most cue hits, as for other languages)
    "domain_by_similarity": 0,
    # English: the bar applies to the absolute score of the narrative ranked first (0: to
    # the best absolute score of any narrative of the domain, as for other languages)
    "gate_top": 0,
    "narrative_threshold": 0.60,  # English: absolute similarity a narrative needs (else Other)
    "narrative_margin": 0.04,  # on the ranking score, below the best narrative
    "sub_threshold": 0.20,  # absolute similarity a sub-narrative needs
    "sub_margin": 0.03,  # on the ranking score, below the best sibling
    "contrast": 1.0,  # share of the mean sibling similarity subtracted per sentence
    "cue_weight": 0.08,  # per log(1 + distinct cue hits) of a label and its children
    "foreign_cue_weight": 0.05,  # non-English text: cue hits lower the bar a little
    # non-English text: absolute similarity the best narrative needs, on the calibrated scale
    # (0 = half way from the typical unrelated to the typical related codebook score)
    "foreign_threshold": 0.0,
    "max_narratives": 2,
    "max_subs": 2,
    "top_k": 2,  # sentences averaged per label
    "max_sentences": 24,  # embedding budget per document (see select_sentences)
    # English: the narrative the bar is on must also be closer to its best sentences than
    # neutral reporting on the same topics is (``reporting.yaml``): per sentence, similarity to
    # the narrative minus the best similarity to a reporting sentence, top-k mean, at least
    # ``neutral_margin`` (``neutral_gate`` 0: off)
    "neutral_gate": 0,
    "neutral_margin": 0.25,  # CV's margin, used when the gate is switched on
}

# Claims that put the blame on the West or Ukraine (actor groups by canonical name).
WEST = ("nato", "united states", "usa", "u.s.", "european union", "the west", "west",
        "united kingdom", "uk", "britain", "washington", "pentagon", "cia", "biden", "germany",
        "france", "brussels", "london")
UKRAINE = ("ukraine", "kyiv", "kiev", "zelensky", "zelenskyy", "armed forces of ukraine")
RUSSIA = ("russia", "moscow", "kremlin", "putin", "russian federation")
HOSTILE = ("attack", "oppose")


@dataclass
class Scored:
    label: str
    score: float
    sentences: list[int] = field(default_factory=list)  # evidence: indexes into doc.sentences


@dataclass
class Prediction:
    domain: str | None
    narratives: list[Scored]
    subnarratives: list[Scored]

    def labels(self) -> tuple[list[str], list[str]]:
        return [n.label for n in self.narratives], [s.label for s in self.subnarratives]


@dataclass
class DocFeatures:
    """What the classifiers read from one document."""

    sent_index: list[int]  # doc.sentences indexes that were embedded
    vectors: np.ndarray  # (n, 384)
    sims: np.ndarray  # (n, entries): per sentence, best similarity to each entry's prototypes
    cues: np.ndarray  # (entries,): distinct-cue hit counts
    domain_hits: dict[str, int]
    claim_boost: np.ndarray  # (entries,)
    english: bool = True


def doc_sentences(doc: Doc, max_sentences: int, cues: tuple[str, ...] | None = None) -> list[int]:
    """The sentences narratives embed: the informative ones, at most ``max_sentences``
    (chosen by ``select_sentences``; ``cues`` default to the default codebook's)."""
    if not doc.sentences:
        doc.sentences = [Sentence(s, e, doc.text[s:e]) for s, e in split(doc.text)]
    idx = [i for i, s in enumerate(doc.sentences) if informative(s.text)]
    if len(idx) > max_sentences:
        idx = select_sentences(doc, idx, max_sentences, cues=cues)
    return idx or list(range(min(len(doc.sentences), max_sentences)))


def select_sentences(doc: Doc, idx: list[int], cap: int, lead: int = 4,
                     cues: tuple[str, ...] | None = None) -> list[int]:
    """At most ``cap`` of ``idx``, in document order: the lead sentences first, then those
    with the most codebook cue phrases, then the ones naming actors, then the rest in order.
    (Cue sentences first: same narratives F1 as embedding all, with a budget of 24.)"""
    held = set(idx)
    index = cue_index(cues if cues is not None else default_cues())
    hits = {i: index.distinct(doc.sentences[i].text)[0] for i in idx[lead:]}
    cued = sorted((i for i in hits if hits[i]), key=lambda i: -hits[i])
    with_actor = [i for i in dict.fromkeys(m.sentence for m in doc.mentions) if i in held]
    order = list(dict.fromkeys([*idx[:lead], *cued, *with_actor, *idx]))
    return sorted(order[:cap])


def doc_language(doc: Doc) -> str:
    """"en" for English text, else the detected language code ("xx" when unknown)."""
    if doc.language:
        return doc.language
    if looks_english(doc.text):
        return "en"
    return detect(doc.text) or "xx"


def features(doc: Doc, protos: Prototypes, max_sentences: int = 24) -> DocFeatures:
    idx = doc_sentences(doc, max_sentences, protos.cues)
    lang = doc_language(doc)
    n, m = len(idx), len(protos.entries)
    sims = np.full((n, m), -1.0, dtype=np.float32)
    if lang != "en" and ml.enabled():  # other languages: multilingual-e5, calibrated per language
        vecs = embed_e5([doc.sentences[i].text for i in idx])
        if n:
            sims[:] = ml.multilingual(protos).sims(vecs, lang)
    else:
        vecs = embed([doc.sentences[i].text for i in idx])
        if n:
            raw = vecs @ protos.matrix.T  # (n, prototypes)
            sims[:] = np.maximum.reduceat(raw, protos.starts, axis=1)
    cues, dom = cue_counts(doc, protos)
    english = lang == "en"
    boost = claim_boost(doc, protos) + stance_boost(doc, protos)
    return DocFeatures(idx, vecs, sims, cues, dom, boost, english)


# sentences encoded ahead per chunk by ``featurize``: well below the encoders' in-memory caches
# (embed: 2048 vectors, e5: 4096), so the features read them back instead of encoding again
PREFETCH = 1024


def featurize(docs: list[Doc], clf: CodebookClassifier, english: list[bool] | None = None) -> list[DocFeatures]:
    """``clf.features`` of many documents, their sentences encoded ahead in chunks of at most
    ``PREFETCH`` (one encode call per chunk and encoder). One call for all would be evicted
    from the cache before the features read it when there are more sentences than the cache
    holds (a 200-article bench: every sentence encoded twice). ``english``: per document,
    read by the English encoder (default: ``doc_language``). Same vectors either way: the int8
    encoder reads one sentence at a time."""
    cap = int(clf.cfg["max_sentences"])
    if english is None:
        english = [doc_language(d) == "en" or not ml.enabled() for d in docs]
    picked = [doc_sentences(d, cap, clf.protos.cues) for d in docs]
    out: list[DocFeatures] = []
    start = 0
    while start < len(docs):
        end, size = start + 1, len(picked[start])
        while end < len(docs) and size + len(picked[end]) <= PREFETCH:
            size += len(picked[end])
            end += 1
        for want, encode in ((True, embed), (False, embed_e5)):
            texts = [docs[i].sentences[j].text for i in range(start, end) if english[i] == want for j in picked[i]]
            if texts:
                encode(texts)
        out += [clf.features(docs[i]) for i in range(start, end)]
        start = end
    return out


def cue_counts(doc: Doc, protos: Prototypes) -> tuple[np.ndarray, dict[str, int]]:
    """Per codebook entry, its distinct cue phrases in the document (title and text); per
    domain, its cue hits."""
    text = doc.text if not doc.title else f"{doc.title}\n{doc.text}"
    hits = protos.cue_index.hits(text)
    n_entries = len(protos.entries)
    cues = np.zeros(n_entries, dtype=np.float32)
    for j, spans in hits.items():
        if j < n_entries:
            cues[j] = len({text[a:b].lower() for a, b in spans})
    return cues, {d: len(hits.get(n_entries + k, [])) for k, d in enumerate(protos.cb.domains)}


def looks_english(text: str) -> bool:
    letters = [c for c in text[:3000] if c.isalpha()]
    return bool(letters) and sum(c.isascii() for c in letters) / len(letters) > 0.9


def _group(name: str | None, group: tuple[str, ...]) -> bool:
    n = (name or "").lower()
    return any(n == g or n.startswith(g + " ") for g in group)


# Mirror narratives: pro-Kremlin narratives and the fine roles that point to each of them.
PRO_KREMLIN = ("URW: Blaming the war on others rather than the invader", "URW: Discrediting Ukraine",
               "URW: Russia is the Victim", "URW: Praise of Russia", "URW: Discrediting the West, Diplomacy")
BLAMING_FINE = frozenset({"Instigator", "Conspirator", "Terrorist"})
DISCREDIT_FINE = frozenset({"Corrupt", "Incompetent", "Deceiver", "Bigot", "Traitor", "Tyrant"})
STANCE_WEIGHT = 0.05


def _kb() -> KB | None:
    """The actor KB, or None when it does not load (names then come from the ids)."""
    try:
        return load_kb()
    except (UserError, OSError, ValueError, LookupError, yaml.YAMLError):
        return None


def _side(actor: str | None, kb: KB | None) -> str:
    """"russia", "ukraine", "west" or "" for an actor id (via the KB's canonical name)."""
    if not actor:
        return ""
    name = actor.split(":", 1)[1].replace("-", " ") if ":" in actor else actor
    hit = kb.get(actor) if kb is not None else None
    name = hit.name if hit is not None else name
    for side, group in (("russia", RUSSIA), ("ukraine", UKRAINE), ("west", WEST)):
        if _group(name, group):
            return side
    return ""


def stance(doc: Doc) -> tuple[float, dict[str, float]]:
    """The article's stance from the roles it casts (framing labels) and its hostile claims:
    > 0 when Russia's side is the aggressor and Ukraine or the West the victim or hero, < 0
    for the reverse; and, for the reverse, how much Ukraine/the West is cast as the
    instigator (-> "Blaming the war on others") or as corrupt, incompetent, deceitful (->
    "Discrediting Ukraine")."""
    score = 0.0
    mirror = {"blaming": 0.0, "discrediting": 0.0}
    sign = {"Antagonist": 1.0, "Protagonist": -1.0, "Innocent": -1.0}
    roles = [lb for lb in doc.labels if lb.kind == "role" and lb.value in sign]
    kb = _kb() if any(lb.actor for lb in roles) else None  # once per document: it checks its files
    for lb in roles:
        side = _side(lb.actor, kb)
        if side == "russia":
            score += sign[lb.value]
        elif side in ("ukraine", "west"):
            score -= sign[lb.value]
            if lb.value == "Antagonist":
                fine = set(lb.fine or [])
                mirror["blaming"] += bool(fine & BLAMING_FINE) or side == "west"
                mirror["discrediting"] += bool(fine & DISCREDIT_FINE) and side == "ukraine"
    for c in doc.claims:
        if c.negated or c.relation not in HOSTILE:
            continue
        if _group(c.subject, RUSSIA) and (_group(c.object, UKRAINE) or _group(c.object, WEST)):
            score += 0.5
        elif (_group(c.subject, UKRAINE) or _group(c.subject, WEST)) and _group(c.object, RUSSIA):
            score -= 0.5
    return score, mirror


def stance_boost(doc: Doc, protos: Prototypes) -> np.ndarray:
    """Ranking bonus from the stance: an article that casts Russia's side as the aggressor
    does not push pro-Kremlin narratives; one that casts Ukraine or the West as the
    aggressor is pointed to the mirror narrative its roles fit."""
    boost = np.zeros(len(protos.entries), dtype=np.float32)
    score, mirror = stance(doc)
    idx = [protos.index[n] for n in PRO_KREMLIN if n in protos.index]
    if score >= 1:
        boost[idx] -= STANCE_WEIGHT
    elif score <= -1:
        blame, disc = (protos.index.get(n) for n in PRO_KREMLIN[:2])
        if blame is not None and mirror["blaming"] > mirror["discrediting"]:
            boost[blame] += STANCE_WEIGHT
        elif disc is not None and mirror["discrediting"] > mirror["blaming"]:
            boost[disc] += STANCE_WEIGHT
    return boost


def claim_boost(doc: Doc, protos: Prototypes) -> np.ndarray:
    """Extra score from who is cast as the aggressor in the doc's claims."""
    boost = np.zeros(len(protos.entries), dtype=np.float32)
    rules = {
        "URW: Blaming the war on others rather than the invader: The West are the aggressors":
            lambda c: _group(c.subject, WEST) and _group(c.object, RUSSIA),
        "URW: Blaming the war on others rather than the invader: Ukraine is the aggressor":
            lambda c: _group(c.subject, UKRAINE) and _group(c.object, RUSSIA),
        "URW: Amplifying war-related fears: Russia will also attack other countries":
            lambda c: _group(c.subject, RUSSIA) and not _group(c.object, UKRAINE)
            and c.relation == "attack",
    }
    for label, rule in rules.items():
        j = protos.index.get(label)
        if j is None:
            continue
        n = sum(1 for c in doc.claims if c.relation in HOSTILE and not c.negated and rule(c))
        boost[j] = 0.03 * min(n, 3)
    return boost


def _top_mean(col: np.ndarray, k: int) -> float:
    if col.size == 0:
        return 0.0
    k = max(1, min(k, col.size))
    return float(np.sort(col)[-k:].mean())


def _evidence(col: np.ndarray, idx: list[int], k: int = 2) -> list[int]:
    order = np.argsort(-col)[:k]
    return sorted(idx[int(o)] for o in order)


class CodebookClassifier:
    """Narratives and sub-narratives of a document from the codebook alone."""

    def __init__(self, codebook: str | None = None, **settings: float) -> None:
        self.path = codebook
        self.cfg = {**DEFAULTS, **{k: v for k, v in settings.items() if v is not None}}
        self.protos = prototypes(codebook)

    def features(self, doc: Doc) -> DocFeatures:
        return features(doc, self.protos, int(self.cfg["max_sentences"]))

    def entry_scores(self, f: DocFeatures) -> np.ndarray:
        k = int(self.cfg["top_k"])
        emb = np.array([_top_mean(f.sims[:, j], k) for j in range(len(self.protos.entries))])
        w = self.cfg["cue_weight"] if f.english else self.cfg["foreign_cue_weight"]
        return emb + w * np.log1p(f.cues) + f.claim_boost

    def domain(self, f: DocFeatures) -> str | None:
        """The domain a document is read in, or None ("Other"): of the domains with enough cue
        hits, the one with the most hits, or (English, ``domain_by_similarity``) the one whose
        best narrative family is closest to the document's sentences."""
        need = self.cfg["min_domain_hits"] if f.english else self.cfg["foreign_min_domain_hits"]
        hits = f.domain_hits
        cands = [d for d in hits if hits[d] >= need]
        if not cands:
            return None
        if f.english and self.cfg["domain_by_similarity"] and len(cands) > 1 and len(f.sent_index):
            return max(cands, key=lambda d: self.closeness(f, d))
        return max(cands, key=lambda d: hits[d])

    def closeness(self, f: DocFeatures, dom: str) -> float:
        """The best top-k similarity of any narrative family of a domain to the document."""
        _, _, per = self.families(f, dom)
        if not per.shape[1]:
            return -1.0
        return max(_top_mean(per[:, i], int(self.cfg["top_k"])) for i in range(per.shape[1]))

    def families(self, f: DocFeatures, dom: str) -> tuple[list[str], list[list[int]], np.ndarray]:
        """The domain's narratives, each one's family (the narrative and its real
        sub-narratives: prototype rows) and, per sentence, each family's best similarity."""
        labels = [n.label for n in self.protos.cb.narratives if n.domain == dom]
        groups = [[self.protos.index[n], *self.protos.kids[n]] for n in labels]
        per = (np.stack([f.sims[:, g].max(axis=1) for g in groups], axis=1) if groups
               else np.zeros((len(f.sims), 0), dtype=f.sims.dtype))
        return labels, groups, per

    def predict(self, doc: Doc, f: DocFeatures | None = None) -> Prediction:
        f = f or self.features(doc)
        return self.decide(f)

    def decide(self, f: DocFeatures) -> Prediction:
        cfg = self.cfg
        dom = self.domain(f)
        if dom is None or not len(f.sent_index):
            return Prediction(None, [Scored(OTHER, 1.0)], [Scored(OTHER, 1.0)])
        labels, groups, per = self.families(f, dom)
        absolute, rank = self.rank(f, per, groups)
        gated = int(np.argmax(rank)) if f.english and cfg["gate_top"] else int(np.argmax(absolute))
        top = float(absolute[gated])
        if top < self.threshold(f) + self.gate_bonus(f, labels) or not self.beyond_reporting(f, per[:, gated]):
            return Prediction(dom, [Scored(OTHER, round(1.0 - top, 4))], [Scored(OTHER, round(1.0 - top, 4))])
        order = np.argsort(-rank)
        chosen = [int(i) for i in order if rank[i] >= rank[order[0]] - cfg["narrative_margin"]]
        narrs, subs = [], []
        for i in chosen[: int(cfg["max_narratives"])]:
            ev = _evidence(per[:, i], f.sent_index)
            narrs.append(Scored(labels[i], round(float(absolute[i]), 4), ev))
            subs += self.subs(f, labels[i], narrs[-1])
        return Prediction(dom, narrs, subs)

    def beyond_reporting(self, f: DocFeatures, col: np.ndarray) -> bool:
        """English, ``neutral_gate``: whether a narrative's best sentences (``col``: per
        sentence, its family's similarity) are closer to it than to neutral reporting by
        ``neutral_margin`` (top-k mean of the per-sentence difference). True when off."""
        if not (f.english and self.cfg["neutral_gate"]) or not len(col):
            return True
        near = (f.vectors @ self.protos.reporting.T).max(axis=1)
        return _top_mean(col - near, int(self.cfg["top_k"])) >= self.cfg["neutral_margin"]

    def threshold(self, f: DocFeatures) -> float:
        """The absolute similarity a narrative needs: the English setting, or for other
        languages ``foreign_threshold`` (0: the multilingual calibration's midpoint)."""
        if f.english:
            return float(self.cfg["narrative_threshold"])
        if self.cfg["foreign_threshold"]:
            return float(self.cfg["foreign_threshold"])
        return ml.multilingual(self.protos).midpoint

    def rank(self, f: DocFeatures, per: np.ndarray, groups: list[list[int]]
             ) -> tuple[np.ndarray, np.ndarray]:
        """Absolute and ranking scores of sibling labels from ``per`` (sentences x labels,
        best similarity to each label's prototypes). The ranking score is contrastive: per
        sentence, the mean similarity to the siblings is subtracted (a sentence that is close
        to every label says little), then the top-k sentences are averaged; the labels' cue
        hits and claim boosts are added."""
        k = int(self.cfg["top_k"])
        absolute = np.array([_top_mean(per[:, i], k) for i in range(per.shape[1])])
        con = per - self.cfg["contrast"] * per.mean(axis=1, keepdims=True)
        w = self.cfg["cue_weight"] if f.english else max(self.cfg["cue_weight"], self.cfg["foreign_cue_weight"])
        extra = np.array([w * np.log1p(f.cues[g].sum()) + f.claim_boost[g].max() for g in groups])
        return absolute, np.array([_top_mean(con[:, i], k) for i in range(per.shape[1])]) + extra

    def gate_bonus(self, f: DocFeatures, labels: list[str]) -> float:
        """Non-English text: cue hits lower the bar (the embeddings are English-only)."""
        if f.english:
            return 0.0
        hits = sum(f.cues[[self.protos.index[n], *self.protos.kids[n]]].sum() for n in labels)
        return -self.cfg["foreign_cue_weight"] * float(np.log1p(hits))

    def subs(self, f: DocFeatures, narrative: str, parent: Scored) -> list[Scored]:
        """The sub-narratives of a chosen narrative, ranked contrastively among siblings;
        "<narrative>: Other" when none is close enough."""
        cfg, protos = self.cfg, self.protos
        kids = protos.kids[narrative]
        if kids:
            per = f.sims[:, kids]
            absolute, rank = self.rank(f, per, [[j] for j in kids])
            order = np.argsort(-rank)
            picked = [int(i) for i in order if rank[i] >= rank[order[0]] - cfg["sub_margin"]
                      and absolute[i] >= cfg["sub_threshold"]][: int(cfg["max_subs"])]
            if picked:
                return [Scored(protos.entries[kids[i]].label, round(float(absolute[i]), 4),
                               _evidence(per[:, i], f.sent_index)) for i in picked]
        return [Scored(f"{narrative}: {OTHER}", parent.score, parent.sentences)]


def explanation(doc: Doc, pred: Prediction, f: DocFeatures, protos: Prototypes,
                max_words: int = 80) -> tuple[str, list[int]]:
    """An extractive explanation of the dominant narrative: its best evidence sentences,
    in document order, within ``max_words`` words."""
    if not pred.narratives or pred.narratives[0].label == OTHER or not f.sent_index:
        return "", []
    dom = pred.narratives[0].label
    subs = [s.label for s in pred.subnarratives if s.label.startswith(dom + ":")]
    cols = [protos.index[x] for x in [dom, *subs] if x in protos.index]
    if not cols:  # a label the codebook does not have
        return "", []
    col = f.sims[:, cols].max(axis=1)
    picked: list[int] = []
    words = 0
    for o in np.argsort(-col):
        i = f.sent_index[int(o)]
        n = len(doc.sentences[i].text.split())
        if picked and words + n > max_words:
            continue
        picked.append(i)
        words += n
        if len(picked) >= 3 or words >= max_words * 0.8:
            break
    picked.sort()
    text = " ".join(" ".join(doc.sentences[i].text.split()) for i in picked)
    return truncate_words(text, max_words), picked


def truncate_words(text: str, max_words: int) -> str:
    w = text.split()
    if len(w) <= max_words:
        return text
    return " ".join(w[:max_words]).rstrip(",;:") + "…"
