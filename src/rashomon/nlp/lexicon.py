"""One lexicon format: word lists, numbers and tables in YAML, read by one cached loader.

A lexicon file is a YAML mapping. Each top-level key holds one of:

- a **word list**: ``negators: [not, never, "n't"]``;
- a **number**: ``distance_penalty: 0.1`` (strengths, penalties, thresholds);
- a **table**: a mapping of entries (``verbs: {arm: {relation: support}}``), read by the
  module that owns the file.

Scalars are read as strings (YAML's base loader), so "no", "on" and "off" stay words; a
top-level scalar must be a number. Later files extend word lists and override numbers
and table entries (plugins and users add files in the same format).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from rashomon.errors import UserError


@dataclass(frozen=True)
class Lexicon:
    """The word lists, numbers and tables of one or more lexicon files."""

    origin: str
    lists: Mapping[str, frozenset[str]] = field(default_factory=dict)
    numbers: Mapping[str, float] = field(default_factory=dict)
    tables: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    def words(self, name: str) -> frozenset[str]:
        """The word list ``name``; a clear error when the file has none."""
        try:
            return self.lists[name]
        except KeyError:
            raise UserError(f"lexicon {self.origin} has no word list {name!r}") from None

    def number(self, name: str) -> float:
        try:
            return self.numbers[name]
        except KeyError:
            raise UserError(f"lexicon {self.origin} has no number {name!r}") from None

    def table(self, name: str) -> Mapping[str, Any]:
        """The table ``name`` (empty when absent: tables are optional sections)."""
        return self.tables.get(name, {})


def _norm(word: object, fold: bool) -> str:
    text = str(word).strip()
    return text.lower().replace("ё", "е") if fold else text


def _parse(data: object, origin: str, fold: bool) -> Lexicon:
    if not isinstance(data, dict):
        raise UserError(f"lexicon {origin} must be a YAML mapping of lists, numbers and tables")
    lists: dict[str, frozenset[str]] = {}
    numbers: dict[str, float] = {}
    tables: dict[str, Mapping[str, Any]] = {}
    for key, value in data.items():
        name = str(key)
        if isinstance(value, list):
            if any(isinstance(w, dict | list) for w in value):
                raise UserError(f"lexicon {origin}: list {name!r} must hold words only")
            lists[name] = frozenset(_norm(w, fold) for w in value)
        elif isinstance(value, dict):
            tables[name] = value
        elif value is None or value == "":
            lists[name] = frozenset()
        else:
            try:
                numbers[name] = float(value)
            except ValueError:
                raise UserError(f"lexicon {origin}: {name!r} must be a list, a table or a number, "
                                f"not {value!r}") from None
    return Lexicon(origin, lists, numbers, tables)


@lru_cache(maxsize=64)
def load(path: str | Path, fold: bool = True) -> Lexicon:
    """One lexicon file, cached. ``fold`` lower-cases words (and ё -> е)."""
    import yaml  # noqa: PLC0415 - heavy

    p = Path(path)
    try:
        # libyaml's loader when built in: the same data, six times faster (start-up)
        loader = getattr(yaml, "CBaseLoader", yaml.BaseLoader)
        data = yaml.load(p.read_text(encoding="utf-8"), Loader=loader) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as e:
        raise UserError(f"cannot read lexicon {p}: {e}") from e
    return _parse(data, str(p), fold)


def merge(lexicons: Iterable[Lexicon]) -> Lexicon:
    """Files in order: later ones extend word lists and override numbers and table entries."""
    lists: dict[str, frozenset[str]] = {}
    numbers: dict[str, float] = {}
    tables: dict[str, dict[str, Any]] = {}
    origins = []
    for lex in lexicons:
        origins.append(lex.origin)
        for name, words in lex.lists.items():
            lists[name] = lists.get(name, frozenset()) | words
        numbers.update(lex.numbers)
        for name, table in lex.tables.items():
            tables.setdefault(name, {}).update(table)
    return Lexicon(" + ".join(origins), lists, numbers, tables)
