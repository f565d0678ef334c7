"""The relation lexicon: trigger words -> relation, PLOVER type and argument roles.

The built-in lexicon is ``lexicon.yaml`` next to this file; plugins add files through the
``claim_lexicon_files`` hook and users with ``extra_files`` (same format; later files
override earlier entries and extend the word lists).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from rashomon.doc import RELATIONS
from rashomon.errors import UserError
from rashomon.nlp import lexicon
from rashomon.registry import call_hook

BUILTIN = Path(__file__).with_name("lexicon.yaml")
KINDS = ("verbs", "nouns", "adjectives")
LISTS = ("light_verbs", "carriers", "titles", "report_nouns", "hedge_adverbs", "hedge_modals",
         "hedge_adjectives", "hedge_passives", "negators", "negating_verbs", "negating_nouns", "countering_verbs", "harm_nouns",
         "evaluative_verbs", "negative_labels", "positive_labels", "hedge_report_nouns",
         "receive_verbs", "aid_goods", "relation_nouns", "worsening_words", "improving_words",
         "source_nouns", "peer_titles")


@dataclass(frozen=True, slots=True)
class Trigger:
    """One lexicon entry: a head lemma, optionally with a required child word."""

    lemma: str
    pos: str  # verb | noun | adj
    relation: str
    plover: str | None = None
    child: str | None = None  # required child word ("side *with*", "*close* ties")
    preps: tuple[str, ...] = ()
    subj_preps: tuple[str, ...] = ()
    entity: str | None = None  # subj | obj: the noun names that argument
    both: bool = False
    participant: bool = False  # nouns: "during a visit to X, Y ...": the clause subject takes part
    strength: float = 0.75


@dataclass
class Lexicon:
    triggers: dict[tuple[str, str], list[Trigger]] = field(default_factory=dict)
    report_verbs: dict[str, dict[str, Any]] = field(default_factory=dict)
    lists: dict[str, frozenset[str]] = field(default_factory=dict)

    def lookup(self, pos: str, lemma: str) -> list[Trigger]:
        """Entries for a head lemma, those with a required child first."""
        return self.triggers.get((pos, lemma), [])

    def has(self, name: str, word: str) -> bool:
        return word in self.lists.get(name, frozenset())


def _flag(value: Any) -> bool:
    return str(value or "").lower() in ("true", "yes", "1")


def _entry(pos: str, key: str, spec: dict[str, Any], origin: str) -> Trigger:
    words = key.lower().split()
    if spec.get("relation") not in RELATIONS:
        raise UserError(f"{origin}: {key!r} has relation {spec.get('relation')!r}; use one of {RELATIONS}")
    if pos == "noun":  # "close ties": modifier + head
        lemma, child = words[-1], (" ".join(words[:-1]) or None)
    else:  # "side with": head + particle/preposition
        lemma, child = words[0], (" ".join(words[1:]) or None)
    plover = spec.get("plover")
    try:
        strength = float(spec.get("strength", 0.75))
    except ValueError as e:
        raise UserError(f"{origin}: {key!r} has a strength that is not a number") from e
    return Trigger(
        lemma=lemma, pos=pos, relation=spec["relation"],
        plover=None if plover in (None, "null", "~", "") else plover, child=child,
        preps=tuple(spec.get("preps") or ()), subj_preps=tuple(spec.get("subj_preps") or ()),
        entity=spec.get("entity"), both=_flag(spec.get("both")),
        participant=_flag(spec.get("participant")),
        strength=strength,
    )


def _merge(lex: Lexicon, data: lexicon.Lexicon, origin: str) -> None:
    for kind in KINDS:
        pos = {"verbs": "verb", "nouns": "noun", "adjectives": "adj"}[kind]
        for key, spec in data.table(kind).items():
            t = _entry(pos, str(key), spec or {}, origin)
            entries = [e for e in lex.triggers.get((pos, t.lemma), []) if e.child != t.child]
            entries.append(t)
            entries.sort(key=lambda e: e.child is None)  # specific entries first
            lex.triggers[(pos, t.lemma)] = entries
    for key, spec in data.table("report_verbs").items():
        flags = {k: str(v).lower() in ("true", "yes", "1") for k, v in dict(spec or {}).items()}
        lex.report_verbs[str(key).lower()] = flags
    for name in LISTS:
        lex.lists[name] = lex.lists.get(name, frozenset()) | data.lists.get(name, frozenset())


def load_lexicon(extra_files: tuple[str, ...] = ()) -> Lexicon:
    """The built-in lexicon plus plugin and user files."""
    return _load(tuple(str(p) for p in extra_files))


@lru_cache(maxsize=8)
def _load(extra_files: tuple[str, ...]) -> Lexicon:
    files: list[Path] = [BUILTIN]
    for paths in call_hook("claim_lexicon_files"):
        files.extend(Path(p) for p in paths)
    files.extend(Path(p) for p in extra_files)
    lex = Lexicon()
    for path in files:
        _merge(lex, lexicon.load(path), str(path))
    return lex
