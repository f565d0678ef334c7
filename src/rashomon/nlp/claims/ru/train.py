"""Train the Russian pair model on the project's Russian claims corpus, choosing the
variant by cross-validation on that corpus only, and write ``ru_pairs.npz``.

    python -m rashomon.nlp.claims.ru.train [--corpus data/claims/ru-news.jsonl] [--folds 5]
                                           [--seed 13] [--out PATH] [--cv-only] [--embeddings]

Variants: the rules alone, and logistic regressions over the pair features (with
``--embeddings`` also with e5 vectors of the sentence with the pair marked and of the words
between the pair: one or two encoder calls per pair at analysis time), for a few
regularisation strengths and claim thresholds, with or without the rules' claims standing
where the model gives none. Each is scored with the claims scorer
(exact and coarse F1, attribution) on held-out folds, sentences as documents; the best
exact F1 is refitted on the whole corpus. Seeded: the same corpus gives the same file.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from rashomon.doc import Claim, Mention
from rashomon.nlp.claims.corpus import Example, load_corpus
from rashomon.nlp.claims.ru.extract import sentence_claims
from rashomon.nlp.claims.ru.features import NONE, Encoder, Pair, label_of, pair_features, pairs
from rashomon.nlp.claims.ru.lexicon import load_ru_lexicon
from rashomon.nlp.claims.ru.model import MODEL_FILE, PairModel
from rashomon.nlp.claims.ru.parse import parse_texts
from rashomon.nlp.claims.ru.rules import RuCandidate, View, candidates

EMBEDS = ("", "marked", "marked+between")
CS = (0.3, 1.0, 3.0)
THRESHOLDS = (0.3, 0.4, 0.5, 0.6)
KEEP_RULES = (False, True)
# a costlier variant (e5 vectors cost one or two encoder calls per pair) must beat the
# best cheaper one by more than this exact F1 to be chosen
MARGIN = 0.01
VECTORS: dict[str, dict[str, np.ndarray]] = {}


@dataclass
class Item:
    ex: Example
    view: View
    pairs: list[Pair]
    labels: list[str]
    cands: list[RuCandidate]


def views(examples: list[Example]) -> list[Item]:
    """Each corpus sentence parsed, with its mentions as actors and every pair labelled."""
    lex = load_ru_lexicon()
    out = []
    for ex, toks in zip(examples, parse_texts([e.text for e in examples]), strict=True):
        ms = [Mention(m.start, m.end, m.text, m.name, m.name, kind="kb", type=m.type)
              for m in ex.mentions]
        view = View(toks, ms, 0, ex.text, lex)
        cands = candidates(view)
        ps = [pair_features(view, a, b, cands) for a, b in pairs(view)]
        labels = []
        for p in ps:
            c = ex.label(ms[p.a].name, ms[p.b].name)
            labels.append(NONE if c is None else label_of(c.relation, c.subject == ms[p.a].name))
        out.append(Item(ex, view, ps, labels, cands))
    return out


def gold_rows(items: list[Item]) -> list[dict[str, Any]]:
    return [{"doc": it.ex.id, "subject": c.subject, "relation": c.relation, "object": c.object,
             "negated": c.negated, "hedged": c.hedged, "source": c.source, "evidence": ""}
            for it in items for c in it.ex.claims]


def rows(item: Item, claims: list[Claim]) -> list[dict[str, Any]]:
    return [{"doc": item.ex.id, "subject": c.subject, "relation": c.relation,
             "object": c.object, "negated": c.negated, "hedged": c.hedged, "source": c.source,
             "evidence": c.evidence.text} for c in claims]


def corpus_score(pred: list[dict[str, Any]], gold: list[dict[str, Any]],
                 ids: list[str]) -> dict[str, float]:
    """The claims scorer's measures over every sentence (those without gold claims too)."""
    from rashomon.eval.claims import Resolver, _prf, _tuples, coarse_tp

    res = Resolver(gold)
    P, G = _tuples(pred, res), _tuples(gold, res)
    Pc, Gc = _tuples(pred, res, True), _tuples(gold, res, True)
    tp = n_p = n_g = ctp = cn_p = cn_g = a_ok = a_n = h_ok = 0
    for d in ids:
        p, g = P.get(d, {}), G.get(d, {})
        both = set(p) & set(g)
        tp, n_p, n_g = tp + len(both), n_p + len(p), n_g + len(g)
        for t in both:
            a_n += 1
            a_ok += bool({res.key(d, r["source"]) for r in g[t]} & {res.key(d, r["source"]) for r in p[t]})
            h_ok += bool({r["hedged"] for r in g[t]} & {r["hedged"] for r in p[t]})
        pc, gc = Pc.get(d, {}), Gc.get(d, {})
        ctp, cn_p, cn_g = ctp + coarse_tp(pc, gc), cn_p + len(pc), cn_g + len(gc)
    e, c = _prf(tp, n_p, n_g), _prf(ctp, cn_p, cn_g)
    return {"exact_p": e["precision"], "exact_r": e["recall"], "exact_f1": e["f1"],
            "coarse_f1": c["f1"], "attribution": a_ok / a_n if a_n else 0.0,
            "hedging": h_ok / a_n if a_n else 0.0}


def fit(items: list[Item], vecs: dict[str, np.ndarray], embed: str, c: float,
        seed: int) -> PairModel:
    """A logistic regression over the pair features seen at least twice (and the vectors)."""
    from collections import Counter

    from scipy import sparse
    from sklearn.linear_model import LogisticRegression

    pairs_ = [p for it in items for p in it.pairs]
    seen = Counter(k for p in pairs_ for k in p.feats)
    vocab = {n: i for i, n in enumerate(sorted(k for k, v in seen.items() if v >= 2))}
    r, col, val = [], [], []
    for i, p in enumerate(pairs_):
        for k, v in p.feats.items():
            if k in vocab:
                r.append(i)
                col.append(vocab[k])
                val.append(v)
    x = sparse.csr_matrix((val, (r, col)), shape=(len(pairs_), len(vocab)), dtype=np.float64)
    x = sparse.hstack([x, *[sparse.csr_matrix(b) for b in _embedded(items, vecs, embed)]],
                      format="csr")
    y = [lab for it in items for lab in it.labels]
    clf = LogisticRegression(C=c, max_iter=1000, class_weight="balanced", random_state=seed)
    clf.fit(x, y)
    return PairModel([str(k) for k in clf.classes_], vocab, clf.coef_, clf.intercept_, embed,
                     0.5, {})


def _embedded(items: list[Item], vecs: dict[str, np.ndarray], embed: str) -> list[np.ndarray]:
    keys = [f"{it.ex.id}:{p.a}:{p.b}" for it in items for p in it.pairs]
    blocks = []
    if embed:
        blocks.append(np.stack([vecs["m:" + k] for k in keys]) if keys else np.zeros((0, 384)))
    if embed == "marked+between":
        blocks.append(np.stack([vecs["b:" + k] for k in keys]) if keys else np.zeros((0, 384)))
    return blocks


class _Cached:
    """An encoder that answers from precomputed vectors (cross-validation)."""

    def __init__(self, table: dict[str, np.ndarray]) -> None:
        self.table = table

    def __call__(self, texts: list[str]) -> np.ndarray:
        return np.stack([self.table[t] for t in texts]) if texts else np.zeros((0, 384))


def encode_all(items: list[Item]) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """Vectors per pair key ("m:"/"b:" + id:a:b) and per text, computed once."""
    enc = Encoder()
    texts = sorted({t for it in items for p in it.pairs for t in (p.marked, p.between)})
    by_text = dict(zip(texts, enc(texts), strict=True)) if texts else {}
    vecs = {}
    for it in items:
        for p in it.pairs:
            k = f"{it.ex.id}:{p.a}:{p.b}"
            vecs["m:" + k], vecs["b:" + k] = by_text[p.marked], by_text[p.between]
    return vecs, by_text


def cross_validate(items: list[Item], folds: int, seed: int, embeds: tuple[str, ...] = EMBEDS,
                   log: Any = lambda m: print(m, file=sys.stderr, flush=True)
                   ) -> list[dict[str, Any]]:
    from sklearn.model_selection import KFold

    log(f"encoding {sum(len(it.pairs) for it in items)} pairs ...")
    vecs, by_text = encode_all(items) if any(embeds) else ({}, {})
    VECTORS["pairs"] = vecs  # the final fit reuses them
    gold = gold_rows(items)
    splits = list(KFold(folds, shuffle=True, random_state=seed).split(items))
    results = []
    variants: list[tuple[str, float, float, bool]] = [("rules", 0.0, 0.0, False)]
    variants += [(e, c, t, k) for e in embeds for c in CS for t in THRESHOLDS for k in KEEP_RULES]
    preds: dict[tuple[str, float, float, bool], list[dict[str, Any]]] = {v: [] for v in variants}
    for fold, (train_idx, test_idx) in enumerate(splits, 1):
        log(f"fold {fold}/{folds} ...")
        train = [items[i] for i in train_idx]
        test = [items[i] for i in test_idx]
        for it in test:
            preds[variants[0]] += rows(it, sentence_claims(it.ex.text, it.view, 0, None,
                                                           cands=it.cands))
        for embed in embeds:
            for c in CS:
                m = fit(train, vecs, embed, c, seed)
                m.encoder = _Cached(by_text)  # type: ignore[assignment]
                probs = m.proba([p for it in test for p in it.pairs])
                at = 0
                for it in test:
                    mine = probs[at:at + len(it.pairs)]
                    at += len(it.pairs)
                    for t in THRESHOLDS:
                        for keep in KEEP_RULES:
                            m.threshold, m.keep_rules = t, keep
                            preds[(embed, c, t, keep)] += rows(it, sentence_claims(
                                it.ex.text, it.view, 0, m, cands=it.cands, ps=it.pairs,
                                probs=mine))
    for v in variants:
        results.append({"variant": (v[0] or "features") + (" +rules" if v[3] else ""),
                        "C": v[1], "threshold": v[2], "key": v,
                        **corpus_score(preds[v], gold, [it.ex.id for it in items])})
    results.sort(key=lambda r: -r["exact_f1"])
    return results


def choose(results: list[dict[str, Any]]) -> dict[str, Any]:
    """The best exact F1, except that a variant with costlier vectors must beat every
    cheaper one by more than MARGIN."""
    best: dict[str, Any] | None = None
    for embed in ("rules", "", "marked", "marked+between"):
        top = max((r for r in results if r["key"][0] == embed), key=lambda r: r["exact_f1"],
                  default=None)
        if top is not None and (best is None or top["exact_f1"] > best["exact_f1"] + MARGIN):
            best = top
    assert best is not None
    return best


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", nargs="+", default=["data/claims/ru-news.jsonl"])
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--out", default=str(MODEL_FILE))
    ap.add_argument("--cv-only", action="store_true", help="print the CV table, write nothing")
    ap.add_argument("--embeddings", action="store_true",
                    help="also try e5 vector variants (slow to train and to run)")
    args = ap.parse_args(argv)
    examples = [e for e in load_corpus(args.corpus) if e.lang == "ru"]
    if len(examples) < args.folds * 4:
        print(f"only {len(examples)} Russian sentences: too few to train", file=sys.stderr)
        return 1
    items = views(examples)
    embeds = EMBEDS if args.embeddings else ("",)
    results = cross_validate(items, args.folds, args.seed, embeds)
    n_pairs = sum(len(it.pairs) for it in items)
    print(f"{len(examples)} sentences, {n_pairs} actor pairs; {args.folds}-fold CV (seed {args.seed})")
    print(f"{'variant':16} {'C':>5} {'thr':>5} {'exact P':>8} {'R':>6} {'F1':>6} {'coarse':>7} "
          f"{'attrib':>7} {'hedge':>6}")
    for r in results:
        print(f"{r['variant']:16} {r['C']:5.1f} {r['threshold']:5.2f} {r['exact_p']:8.3f} "
              f"{r['exact_r']:6.3f} {r['exact_f1']:6.3f} {r['coarse_f1']:7.3f} "
              f"{r['attribution']:7.3f} {r['hedging']:6.3f}")
    best = choose(results)
    print(f"chosen: {best['variant']} C={best['C']} threshold={best['threshold']}")
    if args.cv_only:
        return 0
    if best["key"][0] == "rules":
        print("the rules alone beat every model in CV: no model written")
        Path(args.out).unlink(missing_ok=True)
        return 0
    embed, c, t, keep = best["key"]
    model = fit(items, VECTORS.get("pairs", {}) if embed else {}, embed, c, args.seed)
    model.threshold, model.keep_rules = t, keep
    digest = hashlib.sha256(b"".join(Path(p).read_bytes() for p in args.corpus)).hexdigest()[:16]
    model.meta = {"sentences": len(examples), "pairs": n_pairs, "seed": args.seed,
                  "folds": args.folds, "corpus_sha256_16": digest,
                  "cv": {k: best[k] for k in ("exact_f1", "coarse_f1", "attribution")}}
    model.save(Path(args.out))
    print(f"wrote {args.out}: {best['variant']} C={c} threshold={t} "
          f"(CV exact F1 {best['exact_f1']:.3f}, coarse {best['coarse_f1']:.3f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
