"""Framed entities found as actors, per SemEval language (a TEST set: never tuned on).

    python bench/framed_actors.py [--langs EN RU BG PT HI] [--docs N] [--misses 15]

For each entity span of ``subtask-1-annotations.txt`` (the entities a SemEval annotator
gave a role), does any actor mention of the pipeline (sentences, gazetteer, parse,
entities) overlap it? Prints the share per language, with the mentions by kind, and the
most frequent missed surfaces.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from pathlib import Path

from needs import need
from rashomon.doc import Doc
from rashomon.nlp.narratives.semeval import locate, read_docs, read_st1
from rashomon.registry import Pipeline

ROOT = Path(__file__).resolve().parents[1]
SEMEVAL = ROOT.parent / "shared" / "corpus" / "semeval2025-train"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--langs", nargs="*", default=["EN", "RU", "BG", "PT", "HI"])
    ap.add_argument("--docs", type=int, default=0, help="first N annotated documents (0 = all)")
    ap.add_argument("--misses", type=int, default=12, help="missed surfaces to print")
    args = ap.parse_args()
    need(*(SEMEVAL / lang for lang in args.langs))
    nlp = Pipeline(["sentences", "gazetteer", "parse", "entities"])
    print(f"{'lang':5} {'found':>7} {'spans':>6} {'docs':>5} {'docs/s':>7}  mentions by kind")
    for lang in args.langs:
        root = SEMEVAL / lang
        texts = read_docs(root)
        rows = [r for r in read_st1(root / "subtask-1-annotations.txt") if r.doc in texts]
        names = sorted({r.doc for r in rows})
        if args.docs:
            names = names[: args.docs]
        t = time.perf_counter()
        docs = {d.id: d for d in nlp.pipe([Doc(n, texts[n], language=lang.lower()) for n in names])}
        dt = time.perf_counter() - t
        found = total = 0
        kinds: Counter[str] = Counter()
        missed: Counter[str] = Counter()
        for r in rows:
            d = docs.get(r.doc)
            if d is None:
                continue
            s, e = locate(d.text, r)
            total += 1
            hit = [m for m in d.mentions if m.start < e and s < m.end]
            if hit:
                found += 1
                kinds[hit[0].kind] += 1
            else:
                missed[r.mention] += 1
        share = found / max(total, 1)
        print(f"{lang:5} {share:7.3f} {total:6d} {len(docs):5d} {len(docs) / dt:7.1f}  "
              + ", ".join(f"{k} {v}" for k, v in kinds.most_common()))
        if args.misses:
            print("      missed: " + "; ".join(f"{k} ({v})" for k, v in missed.most_common(args.misses)))


if __name__ == "__main__":
    main()
