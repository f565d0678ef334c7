"""Claims benchmark: the learned model's cross-validated figures on the project's own corpus
(from its training run), then the dev gold as a *test* set: rules alone, rules + the learned
model, rules + embedding fallback, co-occurrence baseline. Nothing here trains or tunes on
the gold.

    python bench/claims.py [--gold ../shared/gold/claims-dev.jsonl] [--docs DIR ...]
                           [--claims-model DIR] [--errors] [--misses] [--no-embeddings]

Prints exact/coarse P/R/F1, attribution and hedging accuracy, the quad-class (CAMEO
verbal/material cooperation/conflict) accuracy and confusion on actor pairs both sides
relate, the per-relation table and throughput (sentences/s of the claims step and of the whole pipeline).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from needs import need
from rashomon.eval.claims import (
    analyse_files,
    claim_rows,
    cooccurrence_baseline,
    find_docs,
    format_table,
    load_jsonl,
    load_kb,
    most_frequent_relation,
    score,
)
from rashomon.registry import Pipeline

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--gold", default=str(SHARED / "gold" / "claims-dev.jsonl"))
    ap.add_argument("--docs", nargs="*", default=[str(SHARED / "corpus" / "seeds"),
                                                  str(SHARED / "corpus" / "semeval2025-train" / "EN" / "raw-documents")])
    ap.add_argument("--no-embeddings", action="store_true", help="skip the embedding run")
    ap.add_argument("--errors", action="store_true", help="print false positives/negatives")
    ap.add_argument("--misses", action="store_true",
                    help="print each missed gold claim with its sentence, its actor mentions and "
                         "whether both actors were found there (BOTH / NO_S / NO_O / NONE)")
    ap.add_argument("--claims-model", default="default",
                    help="the learned model to test (default: the shipped one)")
    ap.add_argument("--thresholds", type=float, nargs="*", default=[0.55],
                    help="embedding-fallback thresholds to try")
    args = ap.parse_args()
    need(args.gold, *args.docs)

    _cv(args.claims_model)
    gold = load_jsonl(args.gold)
    paths = find_docs({g["doc"] for g in gold}, args.docs)
    kb = load_kb()
    print(f"gold: {len(gold)} claims in {len(paths)} documents")

    t0 = time.perf_counter()
    docs = analyse_files(paths, components=("sentences", "gazetteer", "parse", "entities"),
                         keep_parses=True)
    t_pre = time.perf_counter() - t0
    n_sent = sum(len(d.sentences) for d in docs)

    base = cooccurrence_baseline(docs, most_frequent_relation(gold))
    print("\n== co-occurrence baseline (every actor pair in a sentence -> "
          f"{most_frequent_relation(gold)})")
    print(format_table(score(base, gold, kb)))

    variants = [("rules", {"embeddings": False, "model": ""}),
                ("rules + learned model", {"embeddings": False, "model": args.claims_model})]
    if not args.no_embeddings:
        for th in args.thresholds:
            variants.append((f"rules + embeddings (threshold {th})",
                             {"embeddings": True, "embedding_threshold": th, "model": ""}))
    for label, cfg in variants:
        step = Pipeline(["claims"], {"claims": cfg},
                        given=("text", "sentences", "sentences.parse", "mentions")).steps[0][1]
        list(step.pipe(docs))  # warm-up: lazy KB indexes and the embedding model load here
        t1 = time.perf_counter()
        out = list(step.pipe(docs))
        t_claims = time.perf_counter() - t1
        rows = claim_rows(out, name=lambda d: d.id)
        result = score(rows, gold, kb)
        print(f"\n== {label}")
        print(format_table(result))
        print("quad classes (gold -> predicted, actor pairs related by both):")
        for pair, n in result["quad"]["confusion"].items():
            print(f"  {pair:48} {n:4d}")
        print(f"claims step: {n_sent / t_claims:.0f} sentences/s; pipeline up to claims: "
              f"{n_sent / (t_pre + t_claims):.0f} sentences/s ({n_sent} sentences)")
        if args.errors:
            _errors(rows, gold)
        if args.misses:
            _misses(out, rows, gold)


def _cv(spec: str) -> None:
    """The model's cross-validated figures on the corpus it was trained on (its meta.json)."""
    from rashomon.nlp.claims import model
    from rashomon.nlp.claims.train import format_report

    folder = None if spec == "default" else spec
    if not model.available(folder):
        print("no learned model: `rashomon train claims` makes one")
        return
    meta = model.load(folder).meta
    print(f"== learned model: {meta['sentences']} corpus sentences, {meta['pairs']} pairs, "
          f"corpus {meta['corpus']}, seed {meta['seed']}")
    if "cv" in meta:
        cv = {k: tuple(v) if isinstance(v, list) else v for k, v in meta["cv"].items()}
        print(format_report(cv, meta["threshold"]))
    print()


def _errors(rows: list[dict], gold: list[dict]) -> None:
    from rashomon.eval.claims import Resolver, _tuples

    res = Resolver(gold, load_kb())
    P, G = _tuples(rows, res), _tuples(gold, res)
    for d in sorted(G):
        p, g = P.get(d, {}), G[d]
        for t in sorted(set(p) - set(g)):
            print("FP", d[:12], t, "::", p[t][0]["evidence"][:110])
        for t in sorted(set(g) - set(p)):
            print("FN", d[:12], t, "::", g[t][0]["evidence"][:110])
        for t in sorted(set(p) & set(g)):
            gs = {res.key(d, r.get("source")) for r in g[t]}
            ps = {res.key(d, r.get("source")) for r in p[t]}
            if not gs & ps:
                print("SRC", d[:12], t, "gold", gs, "pred", ps, "::", p[t][0]["evidence"][:90])
            if not {r["hedged"] for r in g[t]} & {r["hedged"] for r in p[t]}:
                print("HEDGE", d[:12], t, "::", p[t][0]["evidence"][:90])


def _misses(docs: list, rows: list[dict], gold: list[dict]) -> None:
    """Missed gold claims, with the sentence and whether the mention layer found both actors
    there: BOTH = a pattern miss, NO_S / NO_O / NONE = an actor not found in that sentence
    (missed mention, pronoun, or an argument from another sentence)."""
    from collections import Counter

    from rashomon.eval.claims import Resolver, _tuples

    res = Resolver(gold, load_kb())
    P, G = _tuples(rows, res), _tuples(gold, res)
    by_id = {d.id: d for d in docs}
    tags: Counter = Counter()
    for name in sorted(G):
        d = by_id.get(name)
        for t in sorted(set(G[name]) - set(P.get(name, {}))):
            g = G[name][t][0]
            at = d.text.find(g["evidence"].strip()[:40]) if d else -1
            i = d.sentence_at(at) if at >= 0 else -1
            if i < 0:
                tags["NOSENT"] += 1
                print(f"\nNOSENT {name[:14]} {t}")
                continue
            ms = [m for m in d.mentions if m.sentence == i]
            keys = {res.key(name, m.name) for m in ms}
            has_s, has_o = t[0] in keys, t[2] in keys
            tag = {(True, True): "BOTH", (False, True): "NO_S", (True, False): "NO_O"}.get(
                (has_s, has_o), "NONE")
            tags[tag] += 1
            neg = "/NEG" if g.get("negated") else ""
            print(f"\n[{tag}] {name[:14]} s{i} {g['subject']} -{g['relation']}{neg}-> "
                  f"{g['object']} (source {g.get('source')})")
            print("   ", d.sentences[i].text[:300].replace("\n", " "))
            print("    mentions:", [(m.text, m.name, m.kind) for m in ms])
            got = [(c.subject, c.relation, c.object) for c in d.claims if c.sentence == i]
            if got:
                print("    predicted:", got)
    print("\nmissed gold claims by class:", dict(tags))


if __name__ == "__main__":
    main()
