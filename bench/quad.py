"""Cooperation/conflict (CAMEO quad class) benchmark on hand-written wire sentences.

    python bench/quad.py [--split dev|held|all] [--errors] [--claims-model DIR|none]
                         [--file tests/fixtures/quad_sentences.jsonl]

Each line of the fixture is one sentence with its CAMEO root category ("01".."20" or "none")
and the expected claims: ``subject`` / ``object`` may list alternatives ("Xi Jinping|China"),
``relation`` too, with "!" for a negated claim ("!support"). Runs the pipeline up to claims
and prints:

- coverage: share of sentences with claims whose every expected pair was found (either order)
- quad accuracy: on found pairs, the predicted relation's quad class is an expected one
- relation accuracy: relation, direction and negation as expected
- false claims: predicted claims (part_of aside) between pairs nobody expected
- CAMEO agreement: predicted quad class vs the quad class of the sentence's CAMEO root
- a table per CAMEO root category
"""

from __future__ import annotations

import argparse
import json
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from rashomon.doc import QUAD, SYMMETRIC, Claim, Doc
from rashomon.eval.claims import load_kb, norm
from rashomon.nlp.actors.resolve import resolve
from rashomon.registry import Pipeline

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "quad_sentences.jsonl"
COMPONENTS = ("sentences", "gazetteer", "parse", "entities", "claims")
Row = dict[str, Any]


def cameo_quad(root: str) -> str | None:
    """CAMEO root -> quad class: 01-05 verbal coop., 06-08 material coop., 09-13 verbal
    conflict, 14-20 material conflict."""
    if not root.isdigit():
        return None
    n = int(root)
    return ("verbal_cooperation" if n <= 5 else "material_cooperation" if n <= 8
            else "verbal_conflict" if n <= 13 else "material_conflict")


def load(path: Path = FIXTURE, split: str = "all") -> list[Row]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [r for r in rows if split == "all" or r["split"] == split]


def analyse(rows: list[Row], model: str = "default") -> list[Doc]:
    pipe = Pipeline(COMPONENTS, {"claims": {"model": "" if model == "none" else model}})
    docs = [Doc(id=r["id"], text=r["text"], language="en") for r in rows]
    return list(pipe.pipe(docs))


class Keys:
    """Actor names and ids -> comparable keys (KB id when the KB knows the name)."""

    def __init__(self) -> None:
        self.kb = load_kb()
        self.cache: dict[str, str] = {}

    def of(self, name: str | None) -> str:
        if not name:
            return ""
        if name not in self.cache:
            actor = resolve(self.kb, name) if self.kb is not None else None
            self.cache[name] = f"id:{actor.id}" if actor is not None else norm(name)
        return self.cache[name]

    def expected(self, names: str) -> set[str]:
        return {self.of(n.strip()) for n in names.split("|")}

    def predicted(self, c: Claim, side: str) -> set[str]:
        ident, name = getattr(c, f"{side}_id"), getattr(c, side)
        keys = {self.of(name)}
        if ident and not ident.startswith("unk:"):
            keys.add(f"id:{ident}")
        return keys


def _relations(spec: str) -> set[tuple[str, bool]]:
    return {(r.lstrip("!"), r.startswith("!")) for r in spec.split("|")}


def _matches(keys: Keys, exp: Row, c: Claim) -> tuple[bool, bool]:
    """(pair found in either order, found in the expected order)."""
    es, eo = keys.expected(exp["subject"]), keys.expected(exp["object"])
    ps, po = keys.predicted(c, "subject"), keys.predicted(c, "object")
    forward = bool(es & ps) and bool(eo & po)
    backward = bool(es & po) and bool(eo & ps)
    return forward or backward, forward or (backward and c.relation in SYMMETRIC)


def judge(row: Row, doc: Doc, keys: Keys) -> Row:
    """Per sentence: expected claims found / right quad / right relation, false claims."""
    claims = [c for c in doc.claims if c.relation != "part_of"]
    used: set[int] = set()
    out: Row = {"found": 0, "quad": 0, "relation": 0, "cameo": 0, "expected": len(row["claims"])}
    for exp in row["claims"]:
        rels = _relations(exp["relation"])
        quads = {QUAD[r] for r, _ in rels}
        hits = [(i, c) for i, c in enumerate(claims) if _matches(keys, exp, c)[0]]
        if not hits and "part_of" in {r for r, _ in rels}:
            hits = [(i, c) for i, c in enumerate(doc.claims) if c.relation == "part_of"
                    and _matches(keys, exp, c)[0]]
        if not hits:
            continue
        used.update(i for i, _ in hits)
        out["found"] += 1
        out["quad"] += any(QUAD[c.relation] in quads for _, c in hits)
        out["relation"] += any((c.relation, c.negated) in rels and _matches(keys, exp, c)[1]
                               for _, c in hits)
        out["cameo"] += any(QUAD[c.relation] == cameo_quad(row["cameo"]) for _, c in hits)
    out["false"] = [c for i, c in enumerate(claims) if i not in used]
    out["covered"] = out["found"] == out["expected"]
    return out


def summary(rows: list[Row], docs: list[Doc], keys: Keys | None = None) -> dict[str, Any]:
    keys = keys or Keys()
    per = [judge(r, d, keys) for r, d in zip(rows, docs, strict=True)]
    with_claims = [(r, p) for r, p in zip(rows, per, strict=True) if r["claims"]]
    found = sum(p["found"] for _, p in with_claims)
    cameo_n = sum(p["found"] for r, p in with_claims if cameo_quad(r["cameo"]))
    return {
        "sentences": len(rows),
        "coverage": sum(p["covered"] for _, p in with_claims) / max(1, len(with_claims)),
        "pair_recall": found / max(1, sum(p["expected"] for _, p in with_claims)),
        "quad_accuracy": sum(p["quad"] for _, p in with_claims) / max(1, found),
        "relation_accuracy": sum(p["relation"] for _, p in with_claims) / max(1, found),
        "cameo_agreement": sum(p["cameo"] for _, p in with_claims) / max(1, cameo_n),
        "false_claims": sum(len(p["false"]) for p in per),
        "clean_none": sum(not p["false"] for r, p in zip(rows, per, strict=True) if not r["claims"]),
        "none_sentences": sum(not r["claims"] for r in rows),
        "per": per,
    }


def category_table(rows: list[Row], per: list[Row]) -> str:
    groups: dict[str, list[Row]] = defaultdict(list)
    for r, p in zip(rows, per, strict=True):
        groups[r["cameo"]].append({**p, "has": bool(r["claims"])})
    lines = [f"{'cameo':6} {'n':>3} {'cover':>6} {'quad':>6} {'rel':>6} {'false':>6}"]
    for cat in sorted(groups):
        g = groups[cat]
        has = [p for p in g if p["has"]]
        found = sum(p["found"] for p in has)
        cover = sum(p["covered"] for p in has) / len(has) if has else float("nan")
        quad = sum(p["quad"] for p in has) / found if found else float("nan")
        rel = sum(p["relation"] for p in has) / found if found else float("nan")
        false = sum(len(p["false"]) for p in g)
        lines.append(f"{cat:6} {len(g):3d} {cover:6.2f} {quad:6.2f} {rel:6.2f} {false:6d}")
    return "\n".join(lines)


def _fmt(c: Claim) -> str:
    neg = "!" if c.negated else ""
    return f"{c.subject} -{neg}{c.relation}-> {c.object}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--split", default="dev", choices=("dev", "held", "all"))
    ap.add_argument("--file", default=str(FIXTURE))
    ap.add_argument("--errors", action="store_true", help="print each sentence that is not right")
    ap.add_argument("--claims-model", default="default",
                    help="the learned relation model ('none': rules only; default: the shipped one)")
    args = ap.parse_args()

    rows = load(Path(args.file), args.split)
    t0 = time.perf_counter()
    docs = analyse(rows, args.claims_model)
    secs = time.perf_counter() - t0
    res = summary(rows, docs)
    print(f"split {args.split}: {res['sentences']} sentences "
          f"({res['none_sentences']} that must give no claim), {secs:.1f} s")
    print(f"coverage (all expected pairs found)  {res['coverage']:.3f}")
    print(f"pair recall                          {res['pair_recall']:.3f}")
    print(f"quad-class accuracy (found pairs)    {res['quad_accuracy']:.3f}")
    print(f"relation accuracy (found pairs)      {res['relation_accuracy']:.3f}")
    print(f"agreement with the CAMEO root quad   {res['cameo_agreement']:.3f}")
    print(f"false claims                         {res['false_claims']}")
    print(f"no-claim sentences left clean        {res['clean_none']}/{res['none_sentences']}")
    print()
    print(category_table(rows, res["per"]))
    if args.errors:
        print()
        for r, d, p in zip(rows, docs, res["per"], strict=True):
            if p["covered"] and p["relation"] == p["expected"] and not p["false"]:
                continue
            exp = "; ".join(f"{c['subject']} -{c['relation']}-> {c['object']}" for c in r["claims"]) or "-"
            got = "; ".join(_fmt(c) for c in d.claims) or "-"
            ments = ", ".join(f"{m.text}={m.name}" for m in d.mentions)
            print(f"[{r['id']} {r['cameo']}] {r['text']}\n   want {exp}\n   got  {got}\n   mentions {ments}")


if __name__ == "__main__":
    main()
