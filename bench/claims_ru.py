"""Russian claims benchmark: the Russian dev gold as a TEST set, CV on our corpus, speed.

    python bench/claims_ru.py [--set gold|ours]
                              [--gold ../shared/gold/claims-dev-ru.jsonl]
                              [--docs ../shared/corpus/semeval2025-train/RU/raw-documents]
                              [--speed 40] [--cv CORPUS.jsonl] [--misses] [--model FILE]

``--set ours`` scores the same runs, with the same scorer, on the project's own
document-level Russian dev set (data/devdocs/ru: whole articles we wrote, never trained
on), which may guide decisions; the default ``--set gold`` is the shared TEST gold.

Prints exact/coarse P/R/F1, attribution and hedging accuracy of the rules alone and of
rules + the shipped pair model (with and without the Russian coreference mentions) on the
gold (never used to choose anything), the shipped
model's cross-validation figures on the project's corpus (``--cv FILE`` reruns the CV),
and documents/second of the pipeline up to claims per SemEval language. ``--misses`` counts
why gold claims are missed (a diagnosis by category, never used to choose anything).
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from pathlib import Path

from needs import need
from rashomon.doc import Doc
from rashomon.eval.claims import (
    Resolver,
    claim_rows,
    find_docs,
    format_table,
    load_jsonl,
    load_kb,
    score,
)
from rashomon.registry import Pipeline

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEMEVAL = SHARED / "corpus" / "semeval2025-train"
OURS = ROOT / "data" / "devdocs" / "ru"
# --set: (gold file, text folders, how the figures may be used)
SETS = {
    "gold": (SHARED / "gold" / "claims-dev-ru.jsonl", [SEMEVAL / "RU" / "raw-documents"],
             "gold (test only)"),
    "ours": (OURS / "claims.jsonl", [OURS / "texts"], "our dev set (data/devdocs/ru, may guide decisions)"),
}
PRE = ("sentences", "gazetteer", "parse", "entities")


def read(paths: dict[str, Path], language: str) -> list[Doc]:
    return [Doc(id=n, text=p.read_text("utf-8", errors="replace"), path=str(p), language=language)
            for n, p in sorted(paths.items())]


def _actor_state(doc: Doc, res: Resolver, aliases: list[str], name: str, lo: int, hi: int) -> str:
    """Why a gold actor is (not) among the mentions of the text ``lo:hi``."""
    key = res.key(doc.id, name)
    here = [m for m in doc.mentions if m.start < hi and lo < m.end]
    if any(res.key(doc.id, m.name) == key for m in here):
        return "found"
    aliases = [name, *aliases]
    low = doc.text[lo:hi].lower()
    at = next((low.find(a.lower()) for a in aliases if len(a) > 2 and a.lower() in low), -1)
    if at >= 0:
        n = len(next(a for a in aliases if len(a) > 2 and a.lower() in low))
        inside = [m for m in here if m.start < lo + at + n and lo + at < m.end]
        return "named, another actor" if inside else "named, no mention"
    if any(res.key(doc.id, m.name) == key for m in doc.mentions):
        return "not named here (elsewhere in the document)"
    return "not named in the document"


def misses(docs: list[Doc], gold: list[dict], kb: object) -> None:
    """Per gold claim: are both actors among the mentions of its evidence sentence(s)?
    If not, why; if so, did the extractor give a claim for the pair."""
    res = Resolver(gold, kb)
    by_id = {d.id: d for d in docs}
    counts: Counter = Counter()
    for g in gold:
        d = by_id[g["doc"]]
        at = d.text.find(g["evidence"][:40])
        if at < 0:
            counts["evidence not found in the text"] += 1
            continue
        end = at + len(g["evidence"])
        sents = [s for s in d.sentences if s.start < end and at < s.end]
        lo, hi = sents[0].start, sents[-1].end
        states = [_actor_state(d, res, (g.get("aliases") or {}).get(g[r], []), g[r], lo, hi)
                  for r in ("subject", "object")]
        if states != ["found", "found"]:
            for st in states:
                if st != "found":
                    counts[f"an actor {st}"] += 1
            continue
        keys = {res.key(d.id, g["subject"]), res.key(d.id, g["object"])}
        pair = [c for c in d.claims if {res.key(d.id, c.subject), res.key(d.id, c.object)} == keys]
        if len(sents) > 1:
            counts["both found, evidence across sentences"] += 1
        if not pair:
            counts["both found, no claim for the pair"] += 1
        elif any(c.relation == g["relation"] for c in pair):
            counts["both found, relation given"] += 1
        else:
            counts["both found, another relation"] += 1
    print("\nwhy gold claims are missed (counts; an unfound actor counts once per actor):")
    for k, v in sorted(counts.items()):
        print(f"  {v:4d}  {k}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--set", choices=sorted(SETS), default="gold",
                    help="gold: the shared Russian dev gold, a TEST set (default); ours: the "
                         "project's own document-level dev set in data/devdocs/ru")
    ap.add_argument("--gold", help="gold claims file (default: the --set's)")
    ap.add_argument("--docs", nargs="*", help="folders holding its texts (default: the --set's)")
    ap.add_argument("--speed", type=int, default=40, help="documents per language for speed")
    ap.add_argument("--cv", nargs="*", default=[],
                    help="rerun the CV on these corpus files or globs (slow: minutes)")
    ap.add_argument("--model", help="a pair model file to score instead of the shipped one")
    ap.add_argument("--misses", action="store_true",
                    help="count why gold claims are missed (diagnosis by category)")
    args = ap.parse_args()
    gold_file, folders, role = SETS[args.set]
    args.gold = args.gold or str(gold_file)
    args.docs = args.docs or [str(f) for f in folders]
    need(args.gold, *args.docs)

    from rashomon.nlp.claims.ru.extract import RussianClaims
    from rashomon.nlp.claims.ru.model import load_model

    gold = load_jsonl(args.gold)
    paths = find_docs({g["doc"] for g in gold}, args.docs)
    kb = load_kb()
    print(f"{role}: {len(gold)} claims in {len(paths)} documents")
    docs = list(Pipeline(list(PRE)).pipe(read(paths, "ru")))
    # the same documents without coreference ("Альянс", "украинский лидер", "он")
    plain = list(Pipeline(list(PRE), {"entities": {"coref": False}}).pipe(read(paths, "ru")))
    n_coref = sum(m.kind == "coref" for d in docs for m in d.mentions)
    print(f"coreference mentions in these documents: {n_coref}")
    model = load_model(args.model) if args.model else load_model()
    runs = [("rules only", RussianClaims(use_model=False), docs)]
    if model is not None:
        name = f"rules + pair model ({model.embed or 'features'})"
        with_model = RussianClaims()
        with_model.model = model
        runs += [(name, with_model, docs), (name + ", without coreference", with_model, plain)]
    else:
        print("no shipped pair model (python -m rashomon.nlp.claims.ru.train)")
    for label, ext, ds in runs:
        t = time.perf_counter()
        out = [ext.extract(d) for d in ds]
        dt = time.perf_counter() - t
        result = score(claim_rows(out, name=lambda d: d.id), gold, kb)
        print(f"\n== {label}: claims step {len(out) / dt:.1f} docs/s")
        print(format_table(result))
        if args.misses and ds is docs and ext.model is not None:
            misses(out, gold, kb)
    if model is not None:
        meta = model.meta
        print(f"\nshipped model CV on our corpus ({meta.get('sentences')} sentences of "
              f"{', '.join(meta.get('files', [])) or 'ru-news.jsonl'}; {meta.get('folds')} "
              f"grouped folds; trained on {meta.get('source', 'given')} mentions, "
              f"{'with navec word vectors' if model.embed == 'navec' else 'with e5 vectors' if model.embed else 'features only'}, "
              f"threshold {model.threshold}; figures of the training run: --cv reruns them "
              f"with today's pipeline mentions):")
        for label, cv in (("end to end (pipeline mentions)", meta.get("cv", {})),
                          ("given mentions", meta.get("cv_given", {}))):
            if cv:
                print(f"  {label:32} exact F1 {cv.get('exact_f1', 0):.3f}, coarse F1 "
                      f"{cv.get('coarse_f1', 0):.3f}, attribution {cv.get('attribution', 0):.3f}")
    if args.cv:
        from rashomon.nlp.claims.ru.train import main as train_main

        train_main(["--corpus", *args.cv, "--cv-only"])

    print(f"\nspeed: pipeline up to claims, first {args.speed} SemEval documents per language")
    full = Pipeline([*PRE, "claims"])
    for lang in ("EN", "RU", "BG", "PT", "HI"):
        folder = SEMEVAL / lang / "raw-documents"
        files = sorted(folder.glob("*.txt"))[: args.speed]
        if not files:
            continue
        batch = read({p.name: p for p in files}, lang.lower())
        list(full.pipe(batch[:2]))  # warm-up: models load here
        batch = read({p.name: p for p in files}, lang.lower())
        t = time.perf_counter()
        done = list(full.pipe(batch))
        dt = time.perf_counter() - t
        n_claims = sum(len(d.claims) for d in done)
        print(f"  {lang}: {len(done) / dt:6.2f} docs/s  ({len(done)} docs, {n_claims} claims)")


if __name__ == "__main__":
    main()
