"""The Russian relation lexicon (``lexicon.yaml`` next to this file) as lookup tables."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rashomon.doc import RELATIONS
from rashomon.errors import UserError
from rashomon.nlp import lexicon
from rashomon.nlp.actors.words import WORDS

BUILTIN = Path(__file__).with_name("lexicon.yaml")
LISTS = ("light_verbs", "negating_verbs", "denial_verbs", "negators", "hedges",
         "hedge_verbs", "attribution_nouns", "attribution_preps", "membership_topics",
         "copulas", "predicate_verbs", "ally_topics", "response_verbs",
         "receiving_verbs", "designating_verbs", "hostile_designations", "nonviolent",
         "intent_verbs", "friendly_designations",
         "praise_designations", "quantity_nouns", "announce_verbs",
         "dative_light_verbs", "undergo_verbs",
         "argument_preps", "exchange_objects",
         "negating_phrases", "unrealised")


@dataclass(frozen=True, slots=True)
class RuTrigger:
    lemma: str
    pos: str  # verb | noun
    relation: str
    plover: str | None
    obj: tuple[str, ...]  # object markers: obj, dat, gen, ins or a preposition
    both: bool = False
    strength: float = 0.75
    converse: bool = False  # the marked object is the doer: "Y получил от X помощь"
    negated: bool = False  # the relation no longer holds: "X вышел из Y"
    direct: bool = False  # the marked object is an actor itself, not its thing


@dataclass
class RuLexicon:
    triggers: dict[tuple[str, str], RuTrigger] = field(default_factory=dict)
    report_verbs: dict[str, bool] = field(default_factory=dict)  # lemma -> hedges
    lists: dict[str, frozenset[str]] = field(default_factory=dict)

    def trigger(self, pos: str, lemma: str) -> RuTrigger | None:
        """The trigger of a lemma; a compound takes its last part's ("прокси-война": война)."""
        t = self.triggers.get((pos, lemma))
        if t is None and "-" in lemma:
            t = self.triggers.get((pos, lemma.rsplit("-", 1)[1]))
        return t


def _none(value: object) -> str | None:
    return None if value in (None, "null", "~", "") else str(value)


def _flag(value: object) -> bool:
    return str(value or "").lower() in ("true", "yes", "1")


def _norm(word: object) -> str:
    return str(word).lower().replace("ё", "е")


@lru_cache(maxsize=4)
def load_ru_lexicon(path: str = str(BUILTIN)) -> RuLexicon:
    data = lexicon.load(path)
    lex = RuLexicon()
    for kind, pos in (("verbs", "verb"), ("nouns", "noun"), ("adjectives", "adj")):
        for key, spec in data.table(kind).items():
            spec = spec or {}
            if spec.get("relation") not in RELATIONS:
                raise UserError(f"{path}: {key!r} has relation {spec.get('relation')!r}")
            default = ("obj",) if pos == "verb" else ("gen",)
            lex.triggers[(pos, _norm(key))] = RuTrigger(
                _norm(key), pos, spec["relation"], _none(spec.get("plover")),
                tuple(_norm(x) for x in spec.get("obj") or default), _flag(spec.get("both")),
                float(spec.get("strength", 0.75)), _flag(spec.get("converse")),
                _flag(spec.get("negated")), _flag(spec.get("direct")))
    lex.report_verbs = {_norm(k): _flag((v or {}).get("hedge")) for k, v in
                        data.table("report_verbs").items()}
    for name in LISTS:
        lex.lists[name] = data.lists.get(name, frozenset())
    lex.lists["titles"] = WORDS.words("ru_titles")  # the actors' list: one list of titles
    strengths = data.table("title_strengths")
    if unknown := sorted(set(map(_norm, strengths)) - lex.lists["titles"]):
        raise UserError(f"{path}: title_strengths names no title: {', '.join(unknown)}")
    default = data.numbers.get("title_strength", 0.65)
    for title in sorted(lex.lists["titles"]):  # a title: part_of of a genitive or adjective
        lex.triggers.setdefault(("noun", title), RuTrigger(
            title, "noun", "part_of", None, ("gen",),
            strength=float(strengths.get(title, default))))
    return lex
