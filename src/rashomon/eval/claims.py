"""The claims scorer, as specified in spec/claims.md ("How claims are scored").

Per document, the sets of unique ``(subject, relation, object, negated)`` tuples are
compared (symmetric relations unordered); precision, recall and F1 are micro-averaged
over documents. Attribution (source) and hedging are accuracies on matched tuples. A
coarse score compares ``(subject, sign, object)`` (see ``coarse_tp``). Actor names are compared after
resolution: the gold line's ``aliases`` map and the knowledge base (when available) turn
any alias into one key, otherwise names are compared casefolded.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from rashomon.doc import RELATIONS, SIGN, SYMMETRIC, Claim, Doc
from rashomon.errors import UserError
from rashomon.ingest.language import detect
from rashomon.jsonl import records
from rashomon.nlp.actors.kb import load_kb as _load
from rashomon.nlp.actors.resolve import resolve
from rashomon.registry import Pipeline, scorer

Row = dict[str, Any]
# Coarse classes: the relation's sign. part_of has no sign (and no quad class in the spec):
# it is kept as a class of its own, so coarse and exact count the same gold claims.
SIGN_NAME = {1: "+", -1: "-", 0: "part_of"}
# CAMEO/PLOVER quad classes (spec table); part_of has none.
QUAD = {"ally": "verbal cooperation", "cooperate": "verbal cooperation",
        "support": "material cooperation", "oppose": "verbal conflict",
        "attack": "material conflict", "part_of": None}


def norm(name: str | None) -> str:
    """A name as compared: casefolded, without "the" and quotation marks (a name and the
    same name in quotes, «Ляохэ Петрохим», are one name)."""
    if not name:
        return ""
    s = re.sub(r"[\u2019`']", "'", name.casefold())
    s = re.sub(r"[«»“”„\"]", " ", s).strip()
    s = re.sub(r"^the\s+", "", s)
    return re.sub(r"\s+", " ", s)


def load_jsonl(path: str | Path) -> list[Row]:
    return [row for _, row in records(path)]


def claim_rows(docs: Iterable[Doc], name: Callable[[Doc], str] | None = None) -> list[Row]:
    """Claims of analysed docs as rows in the gold schema (``doc`` = file name)."""
    name = name or (lambda d: Path(d.path).name if d.path else d.id)
    out = []
    for d in docs:
        for c in d.claims:
            out.append(claim_row(name(d), c))
    return out


def claim_row(doc: str, c: Claim) -> Row:
    return {"doc": doc, "subject": c.subject, "relation": c.relation, "object": c.object,
            "negated": c.negated, "hedged": c.hedged, "source": c.source,
            "evidence": c.evidence.text, "confidence": c.confidence}


class Resolver:
    """Maps any alias of an actor to one key, per document."""

    def __init__(self, gold: list[Row], kb: Any = None) -> None:
        self.kb = kb
        self.alias: dict[str, dict[str, str]] = defaultdict(dict)
        for row in gold:
            doc = row["doc"]
            for canon, aliases in (row.get("aliases") or {}).items():
                for a in [canon, *aliases]:
                    self.alias[doc].setdefault(norm(a), norm(canon))
        self._cache: dict[tuple[str, str], str] = {}

    def key(self, doc: str, name: str | None) -> str | None:
        if name is None:
            return None
        k = (doc, name)
        if k not in self._cache:
            n = norm(name)
            n = self.alias.get(doc, {}).get(n, n)
            actor = None
            if self.kb is not None:
                try:
                    actor = resolve(self.kb, n) or resolve(self.kb, name)
                except (LookupError, ValueError, AttributeError):  # a KB problem: the name alone
                    actor = None
            self._cache[k] = f"id:{actor.id}" if actor is not None else n
        return self._cache[k]


def _tuples(rows: list[Row], res: Resolver, coarse: bool = False) -> dict[str, dict[tuple, list[Row]]]:
    """Per document: unique tuples -> the rows that give them.

    Exact: ``(s, relation, o, negated)``, the pair sorted for symmetric relations.
    Coarse: ``(s, sign, o, symmetric)``; a symmetric tuple's pair is sorted and matches
    either direction (``coarse_tp``); negation is not part of a coarse tuple.
    """
    out: dict[str, dict[tuple, list[Row]]] = defaultdict(lambda: defaultdict(list))
    for r in rows:
        rel = r.get("relation")
        if rel not in RELATIONS:
            continue
        s, o = res.key(r["doc"], r.get("subject")), res.key(r["doc"], r.get("object"))
        if not s or not o:
            continue
        if rel in SYMMETRIC:
            s, o = sorted((s, o))
        if coarse:
            t: tuple = (s, SIGN_NAME[SIGN[rel]], o, rel in SYMMETRIC)
        else:
            t = (s, rel, o, bool(r.get("negated", False)))
        out[r["doc"]][t].append(r)
    return out


def _prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
            "tp": tp, "pred": n_pred, "gold": n_gold}


def _coarse_fits(p: tuple, g: tuple) -> bool:
    if p[1] != g[1]:
        return False
    if (p[0], p[2]) == (g[0], g[2]):
        return True
    return (p[3] or g[3]) and (p[2], p[0]) == (g[0], g[2])


def coarse_tp(pt: Iterable[tuple], gt: Iterable[tuple]) -> int:
    """Size of a maximum one-to-one matching of coarse tuples ``(s, sign, o, symmetric)``:
    a pair fits with the same sign and the same ordered pair, or the same unordered pair
    when either side is symmetric. Augmenting paths (Kuhn), so no order of the tuples
    can lose a match."""
    preds, gold = sorted(set(pt)), sorted(set(gt))
    fits = [[j for j, g in enumerate(gold) if _coarse_fits(p, g)] for p in preds]
    owner: dict[int, int] = {}  # gold index -> pred index

    def augment(i: int, seen: set[int]) -> bool:
        for j in fits[i]:
            if j not in seen:
                seen.add(j)
                if j not in owner or augment(owner[j], seen):
                    owner[j] = i
                    return True
        return False

    return sum(augment(i, set()) for i in range(len(preds)))


def _quad_pairs(p: dict[tuple, list[Row]], g: dict[tuple, list[Row]]) -> list[tuple[str, str]]:
    """(gold quad class, predicted quad class) for actor pairs both sides relate."""
    def by_pair(tuples: dict[tuple, list[Row]]) -> dict[tuple, set[str]]:
        out: dict[tuple, set[str]] = defaultdict(set)
        for t in tuples:
            q = QUAD[t[1]]
            if q is not None:
                out[(t[0], t[2])].add(q)
                if t[1] in SYMMETRIC:
                    out[(t[2], t[0])].add(q)
        return out

    pp, gp = by_pair(p), by_pair(g)
    pairs = []
    for pair, gq in gp.items():
        pq = pp.get(pair)
        if pq:
            for q in sorted(gq):
                pairs.append((q, q if q in pq else sorted(pq)[0]))
    return pairs


def score(pred: list[Row], gold: list[Row], kb: Any = None) -> dict[str, Any]:
    """Exact and coarse P/R/F1, attribution and hedging accuracy, per-relation table."""
    res = Resolver(gold, kb)
    docs = sorted({g["doc"] for g in gold})
    pred = [p for p in pred if p.get("doc") in set(docs)]
    P, G = _tuples(pred, res), _tuples(gold, res)
    Pc, Gc = _tuples(pred, res, True), _tuples(gold, res, True)
    tp = n_pred = n_gold = 0
    ctp = cn_pred = cn_gold = 0
    rel_counts: dict[str, Counter] = {r: Counter() for r in RELATIONS}
    attr_ok = attr_n = hedge_ok = hedge_n = 0
    quad: Counter = Counter()
    per_doc = {}
    for d in docs:
        p, g = P.get(d, {}), G.get(d, {})
        matched = set(p) & set(g)
        tp += len(matched)
        n_pred += len(p)
        n_gold += len(g)
        per_doc[d] = _prf(len(matched), len(p), len(g))
        for t in p:
            rel_counts[t[1]]["pred"] += 1
        for t in g:
            rel_counts[t[1]]["gold"] += 1
        for t in matched:
            rel_counts[t[1]]["tp"] += 1
            gs = {res.key(d, r.get("source")) for r in g[t]}
            ps = {res.key(d, r.get("source")) for r in p[t]}
            attr_n += 1
            attr_ok += bool(gs & ps)
            gh = {bool(r.get("hedged")) for r in g[t]}
            ph = {bool(r.get("hedged")) for r in p[t]}
            hedge_n += 1
            hedge_ok += bool(gh & ph)
        quad.update(_quad_pairs(p, g))
        pc, gc = Pc.get(d, {}), Gc.get(d, {})
        ctp += coarse_tp(pc, gc)
        cn_pred += len(pc)
        cn_gold += len(gc)
    return {
        "exact": _prf(tp, n_pred, n_gold),
        "coarse": _prf(ctp, cn_pred, cn_gold),
        "attribution": {"accuracy": round(attr_ok / attr_n, 4) if attr_n else 0.0, "n": attr_n},
        "hedging": {"accuracy": round(hedge_ok / hedge_n, 4) if hedge_n else 0.0, "n": hedge_n},
        "relations": {r: _prf(c["tp"], c["pred"], c["gold"]) for r, c in rel_counts.items()},
        "quad": _quad_summary(quad),
        "documents": per_doc,
    }


def _quad_summary(quad: Counter) -> dict[str, Any]:
    """Quad-class accuracy on actor pairs found by both sides, with the confusion table."""
    n = sum(quad.values())
    ok = sum(v for (g, p), v in quad.items() if g == p)
    return {"accuracy": round(ok / n, 4) if n else 0.0, "n": n,
            "confusion": {f"{g} -> {p}": v for (g, p), v in sorted(quad.items())}}


@scorer("claims")
def score_claims(pred: list[Row], gold: list[Row], kb: Any = None) -> dict[str, Any]:
    return score(pred, gold, kb)


def cooccurrence_baseline(docs: Iterable[Doc], relation: str = "oppose",
                          name: Callable[[Doc], str] | None = None) -> list[Row]:
    """Every pair of actors in a sentence -> ``relation`` (the most frequent one)."""
    name = name or (lambda d: Path(d.path).name if d.path else d.id)
    out = []
    for d in docs:
        by_sent: dict[int, dict[str, str]] = defaultdict(dict)
        for m in d.mentions:
            if m.kind != "adjective":
                by_sent[m.sentence][m.actor] = m.name
        for actors in by_sent.values():
            names = sorted(set(actors.values()))
            for i, a in enumerate(names):
                for b in names[i + 1:]:
                    out.append({"doc": name(d), "subject": a, "relation": relation, "object": b,
                                "negated": False, "hedged": False, "source": None})
    return out


def most_frequent_relation(gold: list[Row]) -> str:
    c = Counter(g["relation"] for g in gold if g.get("relation") in RELATIONS)
    return c.most_common(1)[0][0] if c else "oppose"


def load_kb() -> Any:
    """The actor KB when the actors package provides it, else None."""
    import yaml  # noqa: PLC0415 - heavy

    try:
        return _load()
    except (UserError, OSError, ValueError, LookupError, yaml.YAMLError):  # names alone then
        return None


def format_table(result: dict[str, Any]) -> str:
    lines = [f"{'':12} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'pred':>5} {'gold':>5}"]
    for key in ("exact", "coarse"):
        m = result[key]
        lines.append(f"{key:12} {m['precision']:6.3f} {m['recall']:6.3f} {m['f1']:6.3f} "
                     f"{m['tp']:5d} {m['pred']:5d} {m['gold']:5d}")
    lines.append("")
    for key in ("attribution", "hedging"):
        m = result[key]
        lines.append(f"{key + ' accuracy':22} {m['accuracy']:.3f}  (n={m['n']})")
    q = result.get("quad")
    if q:
        lines.append(f"{'quad class accuracy':22} {q['accuracy']:.3f}  (n={q['n']} related pairs)")
    lines.append("")
    lines.append(f"{'relation':12} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'pred':>5} {'gold':>5}")
    for rel, m in result["relations"].items():
        lines.append(f"{rel:12} {m['precision']:6.3f} {m['recall']:6.3f} {m['f1']:6.3f} "
                     f"{m['tp']:5d} {m['pred']:5d} {m['gold']:5d}")
    return "\n".join(lines)


def find_docs(names: Iterable[str], dirs: Iterable[str | Path]) -> dict[str, Path]:
    """Gold document names -> files found (recursively) under ``dirs``."""
    wanted = set(names)
    found: dict[str, Path] = {}
    for d in dirs:
        root = Path(d)
        if not root.exists():
            raise UserError(f"no such directory: {root}")
        for p in root.rglob("*"):
            if p.name in wanted and p.name not in found and p.is_file():
                found[p.name] = p
    return found


def analyse_files(paths: dict[str, Path], pipeline_config: dict[str, dict[str, Any]] | None = None,
                  components: tuple[str, ...] = ("sentences", "gazetteer", "parse", "entities",
                                                 "claims"),
                  keep_parses: bool = False) -> list[Doc]:
    """Run the pipeline (up to claims) over gold documents; Doc.id = file name."""
    pipe = Pipeline(components, pipeline_config or {})
    texts = {name: p.read_text(encoding="utf-8", errors="replace") for name, p in paths.items()}
    docs = [Doc(id=name, text=texts[name], path=str(p), language=detect(texts[name]) or "en")
            for name, p in sorted(paths.items())]
    if not keep_parses:
        return list(pipe.pipe(docs))
    for _, step in pipe.steps:  # like Pipeline.pipe, without freeing the parses
        docs = list(step.pipe(docs)) if hasattr(step, "pipe") else [step(d) for d in docs]
    return docs
