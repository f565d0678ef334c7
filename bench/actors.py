"""Actor recognition benchmark on ../shared: gold-actor recall, alias resolution, speed.

    python bench/actors.py [--shared ../shared] [--no-parse]

(a) recall: share of (doc, gold actor) pairs with at least one mention of that actor;
(b) alias accuracy: for each gold surface form found in the article, does the mention
    there resolve to the same actor as the gold canonical name (a form inside a longer
    gold form of another actor, "British" in "British intelligence", is not counted);
(c) matcher speed (sentences + gazetteer) on the 200 English SemEval articles.
"""

from __future__ import annotations

import argparse
import json
import re
import time
from collections import Counter, defaultdict
from pathlib import Path

from needs import need
from rashomon.doc import Doc, Mention
from rashomon.nlp.actors.kb import KB, load_kb, normalise_name
from rashomon.nlp.actors.resolve import resolve
from rashomon.registry import Pipeline

ROOT = Path(__file__).resolve().parents[1]


def article(shared: Path, name: str) -> Path:
    seed = shared / "corpus" / "seeds" / name
    return seed if seed.exists() else shared / "corpus/semeval2025-train/EN/raw-documents" / name


def target(kb: KB, canonical: str, aliases: list[str]) -> str:
    """The actor id the gold name means (KB), else 'name:<normalised canonical>'."""
    for n in [canonical, *aliases]:
        a = resolve(kb, n)
        if a is not None:
            return a.id
    return "name:" + normalise_name(canonical)


def hits(m: Mention, tgt: str, canonical: str, aliases: list[str]) -> bool:
    if m.actor == tgt:
        return True
    if tgt.startswith("name:"):
        names = {normalise_name(x) for x in [canonical, *aliases]}
        surname = normalise_name(canonical).split()[-1:]
        got = {normalise_name(m.name), normalise_name(m.text)}
        return bool(got & names) or (m.type == "person" and got & set(surname) != set())
    return False


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    ap.add_argument("--no-parse", action="store_true", help="gazetteer only (no NER, no coref)")
    ap.add_argument("--errors", type=int, default=15, help="examples of misses to print")
    args = ap.parse_args()
    shared = Path(args.shared)
    need(shared / "gold" / "claims-dev.jsonl")
    kb = load_kb(include_user=False)

    gold: dict[str, dict[str, set[str]]] = defaultdict(dict)
    for line in (shared / "gold" / "claims-dev.jsonl").read_text("utf-8").splitlines():
        if not line.strip():
            continue
        g = json.loads(line)
        for role in ("subject", "object", "source"):
            if g.get(role):
                gold[g["doc"]].setdefault(g[role], set())
        for name, forms in (g.get("aliases") or {}).items():
            gold[g["doc"]].setdefault(name, set()).update(forms)

    names = ["sentences", "gazetteer"] + ([] if args.no_parse else ["parse", "entities"])
    nlp = Pipeline(names)
    docs = {d: nlp(Doc(d, article(shared, d).read_text("utf-8"))) for d in gold}

    found = total = ok = seen = 0
    misses: Counter[str] = Counter()
    wrong: Counter[str] = Counter()
    for d, actors in gold.items():
        doc = docs[d]
        # occurrences of every gold form: a form inside a longer form of another actor
        # ("British" in "British intelligence") is that other actor's, not counted here
        spans = [(m.start(), m.end(), c) for c, fs in actors.items() for f in {c, *fs}
                 for m in re.finditer(r"(?<![\w-])" + re.escape(f) + r"(?![\w-])", doc.text)]
        for canonical, forms in actors.items():
            al = sorted(forms)
            tgt = target(kb, canonical, al)
            total += 1
            if any(hits(m, tgt, canonical, al) for m in doc.mentions):
                found += 1
            else:
                misses[f"{canonical} ({tgt})"] += 1
            for form in [canonical, *al]:
                for m in re.finditer(r"(?<![\w-])" + re.escape(form) + r"(?![\w-])", doc.text):
                    if any(c != canonical and a <= m.start() and m.end() <= b and b - a > len(form)
                           for a, b, c in spans):
                        continue
                    seen += 1
                    at = [x for x in doc.mentions if x.start < m.end() and m.start() < x.end]
                    if any(hits(x, tgt, canonical, al) for x in at):
                        ok += 1
                    else:
                        got = ",".join(f"{x.name}/{x.kind}" for x in at) or "-"
                        wrong[f"{form!r} -> {canonical}: got {got}"] += 1

    # speed: matcher on the 200 English SemEval articles (warm)
    raw = sorted((shared / "corpus/semeval2025-train/EN/raw-documents").glob("*.txt"))[:200]
    texts = [p.read_text("utf-8") for p in raw]
    fast = Pipeline(["sentences", "gazetteer"])
    fast(Doc("warm", texts[0]))
    t = time.perf_counter()
    n_m = sum(len(fast(Doc(str(i), tx)).mentions) for i, tx in enumerate(texts))
    dt = time.perf_counter() - t
    words = sum(len(tx.split()) for tx in texts)

    print(f"{'measure':<34}{'value':>12}")
    print(f"{'docs / gold actors':<34}{len(gold):>6} / {total:<5}")
    print(f"{'(a) gold actor recall':<34}{found / max(total, 1):>12.3f}")
    print(f"{'(b) alias resolution accuracy':<34}{ok / max(seen, 1):>12.3f}   ({ok}/{seen} occurrences)")
    print(f"{'(c) matcher words/s':<34}{words / dt:>12,.0f}")
    print(f"{'(c) matcher mentions/s':<34}{n_m / dt:>12,.0f}   ({len(texts)} articles, {words} words)")
    if args.errors:
        print("\nmissed actors:")
        for k, v in misses.most_common(args.errors):
            print(f"  {v:>3}  {k}")
        print("\nwrong alias resolutions:")
        for k, v in wrong.most_common(args.errors):
            print(f"  {v:>3}  {k}")


if __name__ == "__main__":
    main()
