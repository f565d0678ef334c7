"""The parse step against stock spaCy: same annotations, less time.

    python bench/parse.py [--docs 100] [--batch-size 64]

Over the first N English SemEval-2025 training articles (../shared), after "sentences"
and "gazetteer":

1. time: stock ``nlp.pipe`` (all six components) on the sentences the parse gate keeps,
   against the "parse" step (cached attribute_ruler + lemmatizer, NER gated); then NER on
   demand for every parsed sentence, as the claims step would at worst;
2. identity: every token's tag, pos, morph, lemma, dep and head, and every sentence's
   entities (through ``ents``), equal to stock spaCy's;
3. results: the mentions of "entities" and the claims, with the NER gate on and off.

Prints the figures (CPU seconds of this process: the machine's other load disturbs them
less than wall time) and the number of differences (0 expected in 2).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from needs import need
from rashomon.doc import Doc
from rashomon.registry import Pipeline

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT.parent / "shared" / "corpus" / "semeval2025-train" / "EN" / "raw-documents"


def run(docs: list[Doc], names: list[str], config: dict) -> list[Doc]:
    pipe = Pipeline(names, config)
    for _, step in pipe.steps:
        docs = list(step.pipe(docs)) if hasattr(step, "pipe") else [step(d) for d in docs]
    return docs


def load(n: int) -> list[Doc]:
    files = sorted(SOURCE.glob("*.txt"))[:n]
    return [Doc(id=f.stem, text=f.read_text(encoding="utf-8"), language="en") for f in files]


def token_rows(parse: object) -> list[tuple]:
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i) for t in parse]


def main() -> None:
    from rashomon.nlp.parse import annotator, ents, load_spacy

    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=100)
    ap.add_argument("--batch-size", type=int, default=64)
    args = ap.parse_args()
    need(SOURCE)
    nlp = load_spacy()
    cfg = {"parse": {"batch_size": args.batch_size}}

    # warm-up: models and the annotation cache see these docs once (as a long run would)
    run(load(args.docs), ["sentences", "gazetteer", "parse"], cfg)
    cache = len(annotator(nlp).cache)
    docs = run(load(args.docs), ["sentences", "gazetteer"], cfg)
    step = Pipeline(["parse"], cfg, given=("text", "sentences")).steps[0][1]
    t0 = time.process_time()
    docs = list(step.pipe(docs))
    t_new = time.process_time() - t0
    parsed = [s for d in docs for s in d.sentences if s.parse is not None]
    nered = sum(s.parse.has_annotation("ENT_IOB") for s in parsed)
    t0 = time.process_time()
    stock = list(nlp.pipe([s.text for s in parsed], batch_size=args.batch_size))
    t_stock = time.process_time() - t0
    t0 = time.process_time()
    for s in parsed:
        ents(s.parse)
    t_lazy = time.process_time() - t0
    print(f"{len(docs)} docs, {len(parsed)} parsed sentences, annotation cache {cache:,} keys")
    print(f"  stock spaCy (6 components): {t_stock:6.2f} s CPU")
    print(f"  parse step:                 {t_new:6.2f} s  ({t_new / t_stock:.0%} of stock), "
          f"NER at parse time on {nered}/{len(parsed)} sentences ({nered / max(1, len(parsed)):.0%})")
    print(f"  NER on demand for the rest: {t_lazy:6.2f} s")

    tok_diff = sum(token_rows(s.parse) != token_rows(p) for s, p in zip(parsed, stock, strict=True))
    ent_diff = sum([(e.start, e.end, e.label_) for e in s.parse.ents]
                   != [(e.start, e.end, e.label_) for e in p.ents]
                   for s, p in zip(parsed, stock, strict=True))
    print(f"identity: sentences with a token annotation unlike stock {tok_diff}, "
          f"with other entities {ent_diff}")

    names = ["sentences", "gazetteer", "parse", "entities", "claims"]
    on = run(load(args.docs), names, cfg)
    off = run(load(args.docs), names, {"parse": {**cfg["parse"], "ner_gate": False}})

    def mentions(ds: list[Doc]) -> list[tuple]:
        return [(d.id, m.start, m.end, m.actor, m.kind) for d in ds for m in d.mentions]

    def claims(ds: list[Doc]) -> list[tuple]:
        return [(d.id, c.subject_id, c.relation, c.object_id, c.negated, c.hedged, c.source_id,
                 c.time, c.evidence.start) for d in ds for c in d.claims]

    for label, f in (("mentions", mentions), ("claims", claims)):
        a, b = set(f(on)), set(f(off))
        print(f"{label}: {len(b)} with NER everywhere, {len(a)} gated; "
              f"only without gate {len(b - a)}, only with gate {len(a - b)}")
        for row in sorted(b - a)[:10]:
            print("   lost  ", row)
        for row in sorted(a - b)[:10]:
            print("   gained", row)


if __name__ == "__main__":
    main()
