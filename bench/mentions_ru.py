"""Russian actor mentions against our claims corpus (data/claims/ru-*.jsonl).

    python bench/mentions_ru.py [--files 'data/claims/ru-*.jsonl'] [--show 8] [--top 25]

Runs the pipeline's mention finding ("sentences", "gazetteer", "parse", "entities", no
coreference: what the Russian claims read end to end) over every corpus sentence and
compares its mentions with the corpus's own ``[surface, canonical name, type]`` mentions.
A gold mention is

- found: a pipeline mention overlaps it and names its actor (the KB actor whose canonical
  name or form the corpus name is, else the unknown actor of the same normalised name);
- missed: no pipeline mention overlaps it;
- mis-resolved: the overlapping mention names another actor. A gold actor the KB does not
  know that the pipeline finds as some unknown actor (a Cyrillic name read otherwise than
  the corpus's Latin canonical name) is counted apart ("unknown, other spelling"): it does
  not change which actor it is.

Misses and mis-resolutions are grouped by the kind of surface (description: no capital;
Latin script; abbreviation; name) and whether the KB knows the actor, with the most
frequent surfaces (lemmatised) and pipeline readings of each group.
"""

from __future__ import annotations

import argparse
import glob
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

from rashomon.doc import Doc, Mention
from rashomon.nlp.actors.kb import KB, load_kb, normalise_name
from rashomon.nlp.claims.corpus import CorpusMention, Example, load_corpus
from rashomon.nlp.text.morph import lemma
from rashomon.registry import Pipeline

ROOT = Path(__file__).resolve().parents[1]
PRE = ("sentences", "gazetteer", "parse", "entities")
_LATIN = re.compile(r"[A-Za-z]")
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")


def pipeline_mentions(texts: list[str]) -> list[list[Mention]]:
    pre = Pipeline(list(PRE), config={"entities": {"coref": False}})
    out: list[list[Mention]] = []
    for at in range(0, len(texts), 500):
        chunk = texts[at:at + 500]
        docs = pre.pipe([Doc(id=str(at + k), text=t, language="ru") for k, t in enumerate(chunk)])
        out += [list(d.mentions) for d in docs]
        print(f"  {at + len(chunk)}/{len(texts)} sentences", file=sys.stderr)
    return out


def kind_of(surface: str) -> str:
    letters = [c for c in surface if c.isalpha()]
    if _LATIN.search(surface) and not _CYRILLIC.search(surface):
        return "latin"
    if letters and all(c.isupper() for c in letters) or re.search(r"\b[А-ЯЁA-Z]{2,}\b", surface):
        return "abbreviation"
    if surface[:1].islower() or not any(w[:1].isupper() for w in surface.split()):
        return "description"
    return "name"


def lemmas(surface: str) -> str:
    return " ".join(lemma(w) if _CYRILLIC.search(w) else w for w in surface.split())


def gold_id(kb: KB, name: str) -> str:
    """The KB actor the corpus name is a name or form of, else the unknown actor."""
    a = kb.by_name(name)
    return a.id if a is not None else "unk:" + normalise_name(name)


def compare(examples: list[Example], found: list[list[Mention]], kb: KB) -> dict[str, list]:
    """Each gold mention's outcome: found, missed, misresolved, unknown_spelling."""
    out: dict[str, list] = defaultdict(list)
    for ex, ms in zip(examples, found, strict=True):
        for g in ex.mentions:
            want = gold_id(kb, g.name)
            over = [m for m in ms if m.start < g.end and g.start < m.end]
            if not over:
                out["missed"].append((ex, g, None))
                continue
            if any(m.actor == want for m in over):
                out["found"].append((ex, g, None))
                continue
            best = max(over, key=lambda m: min(m.end, g.end) - max(m.start, g.start))
            if not kb.get(want) and best.actor.startswith("unk:"):
                out["unknown_spelling"].append((ex, g, best))
            else:
                out["misresolved"].append((ex, g, best))
    return out


def group(g: CorpusMention, kb: KB) -> str:
    return f"{kind_of(g.text)}, {'KB' if kb.get(gold_id(kb, g.name)) else 'not in KB'}"


def report(res: dict[str, list], kb: KB, top: int, show: int) -> None:
    total = sum(len(v) for v in res.values())
    print(f"gold mentions {total}: found {len(res['found'])}, missed {len(res['missed'])}, "
          f"mis-resolved {len(res['misresolved'])}, unknown read otherwise "
          f"{len(res['unknown_spelling'])}")
    for what in ("missed", "misresolved"):
        groups: dict[str, list] = defaultdict(list)
        for row in res[what]:
            groups[group(row[1], kb)].append(row)
        print(f"\n== {what}: {len(res[what])}")
        for name, rows in sorted(groups.items(), key=lambda kv: -len(kv[1])):
            print(f"-- {name}: {len(rows)}")
            if what == "missed":
                c = Counter((lemmas(g.text), g.name) for _, g, _ in rows)
            else:
                c = Counter((lemmas(g.text), g.name, f"{m.text!r}->{m.name}") for _, g, m in rows)
            for k, n in c.most_common(top):
                print(f"   {n:4d}  " + " | ".join(k))
            for ex, g, m in rows[:show]:
                got = "" if m is None else f"  [pipeline: {m.text!r} -> {m.name}]"
                print(f"      e.g. {ex.id}: {g.text!r} = {g.name}{got}: {ex.text[:150]}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--files", default=str(ROOT / "data/claims/ru-*.jsonl"))
    ap.add_argument("--top", type=int, default=25, help="surfaces shown per group")
    ap.add_argument("--show", type=int, default=3, help="example sentences per group")
    args = ap.parse_args(argv)
    examples = [e for e in load_corpus(sorted(glob.glob(args.files))) if e.lang == "ru"]
    kb = load_kb()
    found = pipeline_mentions([e.text for e in examples])
    report(compare(examples, found, kb), kb, args.top, args.show)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
