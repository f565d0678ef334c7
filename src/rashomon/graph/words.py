"""Relations in words, for tables and reports: "denied opposition (2 claims)", never
"not oppose x2"."""

from __future__ import annotations

NOUNS = {"ally": "alliance", "cooperate": "cooperation", "support": "support",
         "oppose": "opposition", "attack": "attack", "part_of": "membership",
         "accuse": "accusation"}


def relation_phrase(name: str, n: int) -> str:
    """'not oppose', 2 -> 'denied opposition (2 claims)'; 'support', 1 -> 'support (1 claim)'."""
    neg = name.startswith("not ")
    noun = NOUNS.get(name.removeprefix("not "), name.removeprefix("not "))
    return f"{'denied ' + noun if neg else noun} ({n} claim{'s' if n != 1 else ''})"


def relations_phrase(relations: dict[str, int]) -> str:
    """A pair's relation counts, most claims first: "support (2 claims), denied opposition (1 claim)"."""
    return ", ".join(relation_phrase(k, int(v)) for k, v in
                     sorted(relations.items(), key=lambda x: (-x[1], x[0])))
