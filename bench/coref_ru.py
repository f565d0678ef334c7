"""Russian coreference benchmark on the project's own set (data/coref/ru.jsonl).

    python bench/coref_ru.py [--file data/coref/ru.jsonl] [--show] [--range 130-147]

Runs the pipeline up to "entities" on each passage and scores its coref mentions against
the written anaphors, per split (dev: the half the rules were looked at against; test: the
other half) and for the English coreference on the same passages (what Russian documents
had before). A predicted coref mention is right when it overlaps a gold anaphor and names
the actor the pipeline found at the gold antecedent's span (or the KB actor the anaphor's
``resolves_to`` names: "противник", "наши войска" stand for a state the passage may not name); any other prediction (an
anaphor with no antecedent, a wrong actor, a span no anaphor covers) is wrong. Recall is
over anaphors that have an antecedent or a ``resolves_to``. ``--range`` scores only the
passages whose number is in it ("130-147", "148-"): the sets added by one session.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from rashomon.doc import Doc, Mention
from rashomon.nlp.actors.component import sort_mentions
from rashomon.nlp.actors.coref import coref_mentions
from rashomon.nlp.actors.kb import KB, load_kb
from rashomon.nlp.actors.resolve import resolve
from rashomon.registry import Pipeline

ROOT = Path(__file__).resolve().parents[1]
PRE = ["sentences", "gazetteer", "parse", "entities"]


def _overlaps(m: Mention, span: dict[str, Any]) -> bool:
    return m.start < span["end"] and span["start"] < m.end


def _wanted(g: dict[str, Any], others: list[Mention], kb: KB) -> set[str]:
    """The actor ids a prediction for gold anaphor ``g`` may name."""
    if g.get("resolves_to"):
        a = resolve(kb, g["resolves_to"])
        return {a.id} if a is not None else set()
    ante = g["antecedent"]
    return {m.actor for m in others if ante and _overlaps(m, ante)}


def score(items: list[dict[str, Any]], docs: list[Doc], kb: KB, show: bool = False) -> dict[str, float]:
    tp = n_pred = n_gold = 0
    for it, d in zip(items, docs, strict=True):
        pred = [m for m in d.mentions if m.kind == "coref"]
        others = [m for m in d.mentions if m.kind != "coref"]
        n_pred += len(pred)
        for g in it["anaphors"]:
            ante = g["antecedent"]
            want = _wanted(g, others, kb)
            got = [m for m in pred if _overlaps(m, g)]
            n_gold += ante is not None or bool(g.get("resolves_to"))
            ok = bool(want) and any(m.actor in want for m in got)
            tp += ok
            if show and (got or ante or g.get("resolves_to")) and not ok:
                print(f"  {it['id']} {g['text']!r} -> {[m.name for m in got]} (gold "
                      f"{ante and ante['text']!r} {g.get('resolves_to') or ''}: {sorted(want)})")
        if show:
            for m in pred:
                if not any(_overlaps(m, g) for g in it["anaphors"]):
                    print(f"  {it['id']} unannotated {m.text!r} -> {m.name}")
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return {"tp": tp, "pred": n_pred, "gold": n_gold, "p": p, "r": r,
            "f1": 2 * p * r / (p + r) if p + r else 0.0}


def _number(item: dict[str, Any]) -> int:
    """A passage's number ("ru-coref-148" -> 148)."""
    return int(item["id"].rsplit("-", 1)[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--file", default=str(ROOT / "data" / "coref" / "ru.jsonl"))
    ap.add_argument("--show", action="store_true", help="print every miss and wrong answer")
    ap.add_argument("--range", default="", help="passage numbers to score, e.g. 130-147 or 148-")
    args = ap.parse_args()
    items = [json.loads(line) for line in Path(args.file).read_text("utf-8").splitlines() if line.strip()]
    if args.range:
        lo, _, hi = args.range.partition("-")
        items = [it for it in items if int(lo or 0) <= _number(it) <= int(hi or 10**9)]
    pre = Pipeline(PRE)
    docs = list(pre.pipe([Doc(id=it["id"], text=it["text"], language="ru") for it in items]))
    plain = Pipeline(PRE, {"entities": {"coref": False}})
    kb = load_kb()
    english = []
    for d in plain.pipe([Doc(id=it["id"], text=it["text"], language="ru") for it in items]):
        d.mentions = sort_mentions(d.mentions + coref_mentions(d, d.mentions, kb))
        english.append(d)
    print(f"{len(items)} passages, {sum(len(it['anaphors']) for it in items)} anaphors")
    for label, ds in (("English coref (before)", english), ("Russian coref", docs)):
        for split in ("dev", "test", None):
            idx = [k for k, it in enumerate(items) if split is None or it["split"] == split]
            if args.show and split is not None and ds is docs:
                print(f"-- {split} errors")
            r = score([items[k] for k in idx], [ds[k] for k in idx], kb,
                      args.show and split is not None and ds is docs)
            print(f"{label:24} {split or 'all':5} P {r['p']:.3f} R {r['r']:.3f} F1 {r['f1']:.3f}"
                  f"  (tp {r['tp']}, predicted {r['pred']}, gold {r['gold']})")


if __name__ == "__main__":
    main()
