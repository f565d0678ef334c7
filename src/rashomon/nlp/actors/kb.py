"""The actor knowledge base: packaged YAML files plus user files, validated and indexed.

A KB file is a YAML list of actor records (or a mapping with an ``actors`` list)::

    - id: Q159
      name: Russia
      type: state
      aliases: [Russian Federation]
      metonyms: [Moscow, the Kremlin]
      demonyms: [Russians]
      adjectives: [Russian]
      names: {ru: [Россия], uk: Росія}

A user record whose id is already known extends that actor (its aliases, metonyms and
names are added; other given fields replace the old ones).
"""

from __future__ import annotations

import os
import re
import unicodedata
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from rashomon.errors import UserError
from rashomon.nlp.actors import kbcache
from rashomon.nlp.actors.actor import Actor
from rashomon.nlp.actors.derived import institutions
from rashomon.nlp.actors.words import WORDS
from rashomon.registry import call_hook

USER_KB_DEFAULT = "rashomon_actors.yaml"
LIST_FIELDS = ("aliases", "metonyms", "demonyms", "adjectives")
# priority of a surface form when two actors claim it (lower wins)
PRIORITY = {"name": 0, "alias": 1, "names": 2, "metonym": 3, "demonym": 4, "adjective": 5}

TITLES = WORDS.words("name_titles")
_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")
_SPACE = re.compile(r"\s+")


def slug(text: str) -> str:
    s = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    s = re.sub(r"[^a-z0-9]+", "-", s).strip("-")
    return s or re.sub(r"\s+", "-", text.casefold())


def normalise_name(text: str) -> str:
    """'President Trump's' -> 'trump'; 'the Houthis' -> 'houthis' (casefolded, no titles)."""
    s = _SPACE.sub(" ", text.replace("’", "'")).strip(" \t\"'“”«»()[],.;:")
    s = _POSSESSIVE.sub("", s)
    words = s.split(" ")
    while len(words) > 1 and (words[0].casefold() in TITLES or words[0].casefold() == "the"):
        words = words[1:]
    return " ".join(words).casefold()


class KB:
    """Actors by id, with a name index (canonical names, aliases, names in every language)."""

    def __init__(self, actors: list[Actor], problems: list[str] | None = None,
                 institutions: dict[tuple[str, str], str] | None = None) -> None:
        self._by_id: dict[str, Actor] = {a.id: a for a in actors}
        # (state id, category) -> actor id: "Russian intelligence" and the like (derived.py)
        self._institutions = dict(institutions or {})
        self.problems: list[str] = list(problems or [])
        self.cache_key: str | None = None  # set when loaded through load_kb (see kbcache.py)
        self._index: dict[str, tuple[int, str]] = {}
        for a in actors:
            for form, kind in a.surface_forms():
                key = normalise_name(form)
                if not key:
                    continue
                prio = PRIORITY[kind]
                old = self._index.get(key)
                if old is None or prio < old[0]:
                    self._index[key] = (prio, a.id)
                elif prio == old[0] and old[1] != a.id and kind in ("name", "alias"):
                    self.problems.append(f"{form!r} names both {old[1]} and {a.id}")

    @property
    def actors(self) -> list[Actor]:
        return list(self._by_id.values())

    def __len__(self) -> int:
        return len(self._by_id)

    def __contains__(self, actor_id: object) -> bool:
        return actor_id in self._by_id

    def get(self, actor_id: str) -> Actor | None:
        return self._by_id.get(actor_id)

    def by_name(self, name: str) -> Actor | None:
        """Exact lookup of a canonical name, alias, name in any language, metonym or demonym."""
        hit = self._index.get(normalise_name(name))
        return self._by_id[hit[1]] if hit else None

    def institution(self, state_id: str, category: str) -> Actor | None:
        """The KB or derived actor of a state's institution ("intelligence", "parliament"...)."""
        aid = self._institutions.get((state_id, category))
        return self._by_id.get(aid) if aid else None

    def parent(self, actor_id: str) -> Actor | None:
        a = self._by_id.get(actor_id)
        return self._by_id.get(a.parent) if a and a.parent else None

    def ancestors(self, actor_id: str) -> list[Actor]:
        out: list[Actor] = []
        seen = {actor_id}
        p = self.parent(actor_id)
        while p and p.id not in seen:
            out.append(p)
            seen.add(p.id)
            p = self.parent(p.id)
        return out

    def index_items(self) -> list[tuple[str, str]]:
        """(normalised form, actor id) of the name index."""
        return [(k, v[1]) for k, v in self._index.items()]


# ---- loading ----------------------------------------------------------------------------
def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list | tuple):
        return [str(v) for v in value if v is not None and str(v).strip()]
    raise ValueError(f"expected a string or a list, got {type(value).__name__}")


def _records(data: Any) -> list[dict[str, Any]]:
    if data is None:
        return []
    if isinstance(data, dict) and "actors" in data:
        data = data["actors"]
    if isinstance(data, dict):  # id -> record
        data = [{"id": k, **(v or {})} for k, v in data.items()]
    if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
        raise ValueError("expected a list of actor records")
    return data


def _actor(rec: dict[str, Any], origin: str) -> Actor:
    if not rec.get("name") and not rec.get("id"):
        raise ValueError("an actor record needs a name")
    name = str(rec.get("name") or "")
    aid = str(rec.get("id") or (("user:" if origin == "user" else "rsh:") + slug(name)))
    names_raw = rec.get("names") or {}
    if not isinstance(names_raw, dict):
        raise ValueError(f"{aid}: 'names' must map a language to names")
    return Actor(
        id=aid,
        name=name,
        type=str(rec.get("type") or "unknown"),
        country=rec.get("country"),
        parent=rec.get("parent"),
        aliases=_as_list(rec.get("aliases")),
        metonyms=_as_list(rec.get("metonyms")),
        demonyms=_as_list(rec.get("demonyms")),
        adjectives=_as_list(rec.get("adjectives")),
        names={str(k): _as_list(v) for k, v in names_raw.items()},
        role=rec.get("role"),
        origin=origin,
        until=_year(rec.get("until")),
    )


def _year(value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise ValueError(f"'until' must be a year, not {value!r}")


def read_records(path: Path) -> list[dict[str, Any]]:
    """The raw records of one YAML file (UserError with one line when it is broken)."""
    import yaml  # noqa: PLC0415 - heavy

    try:
        return _records(yaml.safe_load(path.read_text("utf-8")))
    except FileNotFoundError as e:
        raise UserError(f"knowledge-base file not found: {path}") from e
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark else ""
        raise UserError(f"bad knowledge-base file {path}{where}: not valid YAML") from e
    except ValueError as e:
        raise UserError(f"bad knowledge-base file {path}: {e}") from e


def package_files() -> list[Path]:
    folder = resources.files("rashomon.nlp.actors").joinpath("kb")
    try:
        return sorted(Path(str(f)) for f in folder.iterdir() if f.name.endswith((".yaml", ".yml")))
    except FileNotFoundError:
        return []


def user_kb_path() -> Path:
    """Where user actors are written: $RASHOMON_KB or ./rashomon_actors.yaml."""
    return Path(os.environ.get("RASHOMON_KB") or USER_KB_DEFAULT)


def user_files() -> list[Path]:
    files = []
    p = user_kb_path()
    if p.is_file():
        files.append(p)
    try:
        for group in call_hook("actor_kb_files"):
            files.extend(Path(f) for f in group or [])
    except Exception:  # noqa: BLE001 - plugin code: a broken plugin must not break the tool
        pass
    return files


def _merge(old: Actor, rec: dict[str, Any], new: Actor) -> None:
    for f in LIST_FIELDS:
        for v in getattr(new, f):
            if v not in getattr(old, f):
                getattr(old, f).append(v)
    for lang, ns in new.names.items():
        old.names.setdefault(lang, [])
        old.names[lang] += [n for n in ns if n not in old.names[lang]]
    for f in ("name", "type", "country", "parent", "role", "until"):
        if rec.get(f):
            setattr(old, f, getattr(new, f))


def _add_package_file(actors: dict[str, Actor], path: Path, problems: list[str]) -> None:
    """A packaged file's actors; its problems are reported, never fatal."""
    try:
        recs = read_records(path)
    except UserError as e:
        problems.append(str(e))
        return
    for rec in recs:
        try:
            a = _actor(rec, "kb")
        except ValueError as e:
            problems.append(f"{path.name}: {e}")
            continue
        if a.id in actors:
            problems.append(f"{path.name}: duplicate id {a.id}")
            continue
        actors[a.id] = a


def _add_user_file(actors: dict[str, Actor], path: Path) -> None:
    """A user file's actors: new ones, or additions to known ones; a problem is a UserError."""
    seen: set[str] = set()
    for rec in read_records(path):
        try:
            a = _actor(rec, "user")
        except ValueError as e:
            raise UserError(f"bad knowledge-base file {path}: {e}") from e
        if a.id in seen:
            raise UserError(f"bad knowledge-base file {path}: duplicate id {a.id}")
        seen.add(a.id)
        if a.id in actors:
            _merge(actors[a.id], rec, a)
        elif not a.name:
            raise UserError(f"bad knowledge-base file {path}: unknown actor id {a.id}")
        else:
            actors[a.id] = a
    for aid in seen:
        par = actors[aid].parent
        if par and par not in actors:
            raise UserError(f"bad knowledge-base file {path}: {aid} has unknown parent {par}")


def build_kb(package: list[Path], users: list[Path]) -> KB:
    actors: dict[str, Actor] = {}
    problems: list[str] = []
    for path in package:
        _add_package_file(actors, path, problems)
    for path in users:
        _add_user_file(actors, path)
    for a in actors.values():
        if a.parent and a.parent not in actors:
            problems.append(f"{a.id}: unknown parent {a.parent}")
            a.parent = None
    derived, slots = institutions(list(actors.values()))
    for a in derived:
        actors.setdefault(a.id, a)
    return KB(list(actors.values()), problems, slots)


@lru_cache(maxsize=16)
def _load(files: tuple[tuple[str, int, int], ...], n_package: int) -> KB:
    paths = [Path(f) for f, _, _ in files]
    roles = ["package"] * n_package + ["user"] * (len(paths) - n_package)
    key = kbcache.kb_key(list(zip(roles, paths, strict=True)))
    if key is not None:
        cached = kbcache.read(f"kb-{key}.pickle")
        if isinstance(cached, KB):
            cached.cache_key = key
            return cached
    with kbcache.no_gc():
        kb = build_kb(paths[:n_package], paths[n_package:])
    if key is not None:
        kbcache.write(f"kb-{key}.pickle", kb)
        kb.cache_key = key
    return kb


def _stamp(p: Path) -> tuple[str, int, int]:
    try:
        st = p.stat()
        return (str(p), st.st_mtime_ns, st.st_size)
    except OSError:
        return (str(p), -1, -1)


def load_kb(extra_files: tuple[str | Path, ...] | list[str | Path] = (), include_user: bool = True,
            include_package: bool = True) -> KB:
    """The KB: cached in memory per set of files and their modification times, and on
    disk per content of the files (see kbcache.py)."""
    package = package_files() if include_package else []
    users = (user_files() if include_user else []) + [Path(f) for f in extra_files]
    for p in users:
        if not p.is_file():
            raise UserError(f"knowledge-base file not found: {p}")
    return _load(tuple(_stamp(p) for p in package + users), len(package))


def kb_or_none() -> KB | None:
    """The KB, or None when a KB file is broken (what only reads it can do without it)."""
    try:
        return load_kb()
    except UserError:
        return None
