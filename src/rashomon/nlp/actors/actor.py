"""The actor record: one actor of the knowledge base (kb.py) or derived from it (derived.py)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class Actor:
    id: str
    name: str
    type: str = "unknown"
    country: str | None = None
    parent: str | None = None
    aliases: list[str] = field(default_factory=list)
    metonyms: list[str] = field(default_factory=list)
    demonyms: list[str] = field(default_factory=list)
    adjectives: list[str] = field(default_factory=list)
    names: dict[str, list[str]] = field(default_factory=dict)  # language -> names
    role: str | None = None
    origin: str = "kb"  # kb | user | derived (a state institution, see derived.py)
    until: int | None = None  # last year of a former state ("Soviet Union": 1991)

    def surface_forms(self) -> list[tuple[str, str]]:
        """(form, field) pairs: every way the KB says this actor may be written."""
        out = [(self.name, "name")] + [(a, "alias") for a in self.aliases]
        out += [(n, "names") for ns in self.names.values() for n in ns]
        out += [(m, "metonym") for m in self.metonyms]
        out += [(d, "demonym") for d in self.demonyms]
        out += [(a, "adjective") for a in self.adjectives]
        return out
