"""The claims training corpus: sentences the project writes, every actor pair labelled.

One JSON object a line::

    {"id": "en-wire-0001", "lang": "en", "register": "wire", "region": "east_africa",
     "topic": "security",
     "text": "Kenyan troops killed 14 al-Shabaab fighters, the army said.",
     "mentions": [["Kenyan troops", "Kenya", "state"], ["al-Shabaab", "al-Shabaab", "armed_group"]],
     "claims": [{"subject": "Kenya", "relation": "attack", "object": "al-Shabaab",
                 "negated": false, "hedged": false, "source": null}]}

``mentions`` lists every actor mention in order of appearance as ``[surface, canonical
name, type]`` (the surface exactly as in ``text``); ``claims`` follows the gold format of
the claim spec. Every pair of distinct actors in ``mentions`` that no claim names is a
labelled "none" pair. Run ``python -m rashomon.nlp.claims.corpus FILE...`` to check files.
"""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from rashomon.doc import RELATIONS, SYMMETRIC
from rashomon.errors import UserError
from rashomon.jsonl import records

TYPES = ("state", "person", "armed_group", "party", "organisation", "agency", "company",
         "media", "bloc", "sector", "other")
REGISTERS = ("wire", "oped", "state_media", "mt_garble", "headline", "long", "nested_speech",
             "analysis", "blog", "press_release")


@dataclass(slots=True)
class CorpusMention:
    start: int
    end: int
    text: str
    name: str
    type: str = "other"


@dataclass(slots=True)
class CorpusClaim:
    subject: str
    relation: str
    object: str
    negated: bool = False
    hedged: bool = False
    source: str | None = None


@dataclass(slots=True)
class Example:
    id: str
    text: str
    mentions: list[CorpusMention]
    claims: list[CorpusClaim]
    lang: str = "en"
    register: str = "wire"
    region: str = ""
    topic: str = ""
    meta: dict[str, str] = field(default_factory=dict)

    def actors(self) -> list[str]:
        return list(dict.fromkeys(m.name for m in self.mentions))

    def label(self, a: str, b: str) -> CorpusClaim | None:
        """The claim between actors ``a`` and ``b`` (either direction), if any."""
        for c in self.claims:
            if {c.subject, c.object} == {a, b}:
                return c
        return None

    def pair_claims(self, a: str, b: str) -> list[CorpusClaim]:
        """Every claim between ``a`` and ``b`` (two for a mutual relation)."""
        return [c for c in self.claims if {c.subject, c.object} == {a, b}]


class CorpusError(ValueError):
    pass


def _mentions(items: list, text: str, where: str) -> list[CorpusMention]:
    """Mentions found in order: each surface after the previous one."""
    mentions: list[CorpusMention] = []
    cursor = 0
    for item in items:
        if not isinstance(item, list) or len(item) not in (2, 3):
            raise CorpusError(f"{where}: a mention is [surface, name] or [surface, name, type]")
        surface, name = item[0], item[1]
        typ = item[2] if len(item) == 3 else "other"
        if typ not in TYPES:
            raise CorpusError(f"{where}: unknown type {typ!r} (one of {', '.join(TYPES)})")
        at = text.find(surface, cursor)
        if at < 0:
            raise CorpusError(f"{where}: mention {surface!r} not found after offset {cursor} "
                              "(list mentions in order of appearance)")
        mentions.append(CorpusMention(at, at + len(surface), surface, name, typ))
        cursor = at + len(surface)
    return mentions


def _claims(items: list[dict], names: set[str], where: str) -> list[CorpusClaim]:
    """Claims between mentioned actors, with a known relation."""
    claims: list[CorpusClaim] = []
    for c in items:
        rel = c.get("relation")
        if rel not in RELATIONS:
            raise CorpusError(f"{where}: relation {rel!r} is not one of {', '.join(RELATIONS)}")
        for role in ("subject", "object"):
            if c.get(role) not in names:
                raise CorpusError(f"{where}: {role} {c.get(role)!r} is not a mentioned actor")
        if c["subject"] == c["object"]:
            raise CorpusError(f"{where}: a claim joins two different actors")
        src = c.get("source")
        if src is not None and src not in names:
            raise CorpusError(f"{where}: source {src!r} is not a mentioned actor (or null)")
        claims.append(CorpusClaim(c["subject"], rel, c["object"], bool(c.get("negated", False)),
                                  bool(c.get("hedged", False)), src))
    return claims


def _one_claim_per_pair(claims: list[CorpusClaim], where: str) -> None:
    """One claim per pair, except a mutual support/oppose/attack given both ways."""
    seen: dict[frozenset[str], CorpusClaim] = {}
    for c in claims:
        pair = frozenset((c.subject, c.object))
        first = seen.setdefault(pair, c)
        if first is not c and not (first.relation == c.relation and first.subject == c.object
                                   and c.relation not in SYMMETRIC and c.relation != "part_of"
                                   and first.negated == c.negated):
            raise CorpusError(f"{where}: two claims for one pair ({c.subject}, {c.object}): "
                              "keep the main one (only a mutual support/oppose/attack may "
                              "be given both ways)")


def parse_line(obj: dict, where: str) -> Example:
    """One record -> Example, with mention offsets found in order; CorpusError if invalid."""
    for key in ("id", "text", "mentions", "claims"):
        if key not in obj:
            raise CorpusError(f"{where}: missing {key!r}")
    text = obj["text"]
    if not isinstance(text, str) or not text.strip():
        raise CorpusError(f"{where}: empty text")
    mentions = _mentions(obj["mentions"], text, where)
    claims = _claims(obj["claims"], {m.name for m in mentions}, where)
    _one_claim_per_pair(claims, where)
    reg = obj.get("register", "wire")
    if reg not in REGISTERS:
        raise CorpusError(f"{where}: unknown register {reg!r} (one of {', '.join(REGISTERS)})")
    return Example(str(obj["id"]), text, mentions, claims, obj.get("lang", "en"), reg,
                   obj.get("region", ""), obj.get("topic", ""))


def load_corpus(paths: list[str | Path]) -> list[Example]:
    """Every example of the given JSONL files (or folders of them); CorpusError on the first
    invalid line, or on an id used twice."""
    files: list[Path] = []
    for p in map(Path, paths):
        files.extend(sorted(p.glob("*.jsonl")) if p.is_dir() else [p])
    out: list[Example] = []
    ids: set[str] = set()
    for f in files:
        for where, obj in records(f):
            ex = parse_line(obj, where)
            if ex.id in ids:
                raise CorpusError(f"{where}: id {ex.id!r} used twice")
            ids.add(ex.id)
            out.append(ex)
    return out


def stats(examples: list[Example]) -> dict[str, Counter]:
    """Counts per relation (plus "none" pairs), register, region and language."""
    rel: Counter = Counter()
    for ex in examples:
        actors = ex.actors()
        for i, a in enumerate(actors):
            for b in actors[i + 1:]:
                c = ex.label(a, b)
                rel[c.relation if c else "none"] += 1
        rel["negated"] += sum(c.negated for c in ex.claims)
        rel["hedged"] += sum(c.hedged for c in ex.claims)
        rel["sourced"] += sum(c.source is not None for c in ex.claims)
    return {"pairs": rel, "register": Counter(e.register for e in examples),
            "region": Counter(e.region for e in examples),
            "lang": Counter(e.lang for e in examples)}


def main(argv: list[str]) -> int:
    try:
        examples = load_corpus(argv or ["data/claims"])
    except (CorpusError, UserError) as e:
        print(e, file=sys.stderr)
        return 1
    print(f"{len(examples)} sentences")
    for key, counts in stats(examples).items():
        print(f"{key}: " + ", ".join(f"{k} {v}" for k, v in counts.most_common()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
