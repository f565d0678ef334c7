"""The Russian relation lexicon (``lexicon.yaml`` next to this file) as lookup tables."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from rashomon.doc import RELATIONS
from rashomon.errors import UserError

BUILTIN = Path(__file__).with_name("lexicon.yaml")
LISTS = ("titles", "light_verbs", "negating_verbs", "denial_verbs", "negators", "hedges",
         "hedge_verbs", "attribution_nouns", "attribution_preps")


@dataclass(frozen=True, slots=True)
class RuTrigger:
    lemma: str
    pos: str  # verb | noun
    relation: str
    plover: str | None
    obj: tuple[str, ...]  # object markers: obj, dat, gen, ins or a preposition
    both: bool = False
    strength: float = 0.75


@dataclass
class RuLexicon:
    triggers: dict[tuple[str, str], RuTrigger] = field(default_factory=dict)
    report_verbs: dict[str, bool] = field(default_factory=dict)  # lemma -> hedges
    lists: dict[str, frozenset[str]] = field(default_factory=dict)

    def trigger(self, pos: str, lemma: str) -> RuTrigger | None:
        return self.triggers.get((pos, lemma))


def _norm(word: object) -> str:
    return str(word).lower().replace("ё", "е")


@lru_cache(maxsize=4)
def load_ru_lexicon(path: str = str(BUILTIN)) -> RuLexicon:
    try:
        data = yaml.safe_load(Path(path).read_text("utf-8")) or {}
    except (OSError, yaml.YAMLError) as e:
        raise UserError(f"cannot read Russian claim lexicon {path}: {e}") from e
    lex = RuLexicon()
    for kind, pos in (("verbs", "verb"), ("nouns", "noun")):
        for key, spec in (data.get(kind) or {}).items():
            spec = spec or {}
            if spec.get("relation") not in RELATIONS:
                raise UserError(f"{path}: {key!r} has relation {spec.get('relation')!r}")
            default = ("obj",) if pos == "verb" else ("gen",)
            lex.triggers[(pos, _norm(key))] = RuTrigger(
                _norm(key), pos, spec["relation"], spec.get("plover"),
                tuple(_norm(x) for x in spec.get("obj") or default), bool(spec.get("both")),
                float(spec.get("strength", 0.75)))
    lex.report_verbs = {_norm(k): bool((v or {}).get("hedge")) for k, v in
                        (data.get("report_verbs") or {}).items()}
    for name in LISTS:
        lex.lists[name] = frozenset(_norm(w) for w in data.get(name) or ())
    return lex
