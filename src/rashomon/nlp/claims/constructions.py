"""The word lists, trigger strengths, argument penalties and pattern bonuses of the rule
constructions (patterns/, rules.py, attribution.py, component.py), from
``constructions.yaml`` through the one lexicon loader, checked once at import."""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path

from rashomon.nlp import lexicon

DATA = lexicon.load(Path(__file__).with_name("constructions.yaml"))
PATTERNS = ("verb", "noun", "entity", "adjective", "side_of", "receive", "title", "counter",
            "trend")


@dataclass(frozen=True, slots=True)
class Strengths:
    aid_source: float
    title_noun: float
    receive: float
    label_negative: float
    label_positive: float
    side_of: float
    title: float
    counter: float
    trend: float
    relation_act: float


@dataclass(frozen=True, slots=True)
class Penalties:
    carrier: float
    including: float
    pronoun: float
    apposition: float
    relative_head: float
    controller: float
    inherited: float
    gerund_owner: float
    gerund_clause_subject: float
    target_place: float
    object_owner: float
    attack_place: float
    addressee: float
    governor_subject: float
    participant_subject: float
    participant_object: float
    hedged: float


@dataclass(frozen=True, slots=True)
class Scores:
    adjective_mention: float
    title_mention: float
    pronoun_factor: float


def _numbers(cls: type, prefix: str) -> dict[str, float]:
    return {f.name: DATA.number(prefix + f.name) for f in fields(cls)}


STRENGTH = Strengths(**_numbers(Strengths, "strength_"))
PENALTY = Penalties(**_numbers(Penalties, "penalty_"))
SCORE = Scores(**_numbers(Scores, "score_"))
PATTERN_BONUS = {p: DATA.number("bonus_" + p) for p in PATTERNS}


def words(name: str) -> frozenset[str]:
    return DATA.words(name)
