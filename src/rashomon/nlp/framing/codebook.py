"""The role codebook: main roles and fine roles with definitions, cues and examples."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from rashomon.errors import UserError

DEFAULT = Path(__file__).with_name("roles.yaml")
MAIN_ROLES = ("Protagonist", "Antagonist", "Innocent")


@dataclass
class Role:
    name: str
    main: str  # its main role (itself for a main role)
    definition: str
    cues: list[str]
    examples: list[str]


@dataclass
class RoleBook:
    path: str
    main: dict[str, Role]
    fine: dict[str, Role]

    def fine_of(self, main: str) -> list[Role]:
        return [r for r in self.fine.values() if r.main == main]


def _role(name: str, node: dict, main: str | None, where: str) -> Role:
    for key in ("definition", "examples"):
        if not node.get(key):
            raise UserError(f"role codebook {where}: role {name!r} lacks {key!r}")
    m = main or str(node.get("main", ""))
    if m not in MAIN_ROLES:
        raise UserError(f"role codebook {where}: role {name!r} has unknown main role {m!r}")
    return Role(name, m, str(node["definition"]), [str(c).lower() for c in node.get("cues") or []],
                [str(e) for e in node["examples"]])


@lru_cache(maxsize=8)
def load_roles(path: str | None = None) -> RoleBook:
    """Roles from ``path`` (a YAML file with a ``roles:`` section) or the shipped codebook.
    A narrative codebook without ``roles`` falls back to the shipped roles."""
    p = Path(path) if path else DEFAULT
    if not p.is_file():
        raise UserError(f"codebook file not found: {p}")
    try:
        data = yaml.safe_load(p.read_text("utf-8")) or {}
    except yaml.YAMLError as e:
        raise UserError(f"codebook {p} is not valid YAML: {str(e).splitlines()[0]}") from None
    roles = data.get("roles") if isinstance(data, dict) else None
    if not roles:
        if path:
            return load_roles(None)
        raise UserError(f"role codebook {p}: no 'roles' section")
    main = {n: _role(n, v, n, str(p)) for n, v in (roles.get("main") or {}).items()}
    if set(main) != set(MAIN_ROLES):
        raise UserError(f"role codebook {p}: main roles must be {', '.join(MAIN_ROLES)}")
    fine = {n: _role(n, v, None, str(p)) for n, v in (roles.get("fine") or {}).items()}
    return RoleBook(str(p), main, fine)


def example_text(example: str) -> str:
    """Examples mark the entity as [X]; embed them with a neutral stand-in."""
    return example.replace("[X]", "they").replace("  ", " ")
