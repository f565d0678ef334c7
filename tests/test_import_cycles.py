"""No import circle between the project's modules: a walk over every ``import`` of
src/rashomon (at the top or inside a function; not those under ``TYPE_CHECKING``)."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
# no circle is known: the test fails when one appears
KNOWN: set[frozenset[str]] = set()


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in (SRC / "rashomon").rglob("*.py")}


def _type_checking(node: ast.If) -> bool:
    t = node.test
    return (isinstance(t, ast.Name) and t.id == "TYPE_CHECKING") or (
        isinstance(t, ast.Attribute) and t.attr == "TYPE_CHECKING")


def imports(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The project modules ``name`` imports (``from pkg import sub`` counts as ``pkg.sub``
    when that is a module)."""
    tree = ast.parse(path.read_text("utf-8"))
    skip = {id(n) for node in ast.walk(tree) if isinstance(node, ast.If) and _type_checking(node)
            for part in node.body for n in ast.walk(part)}
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name.startswith("rashomon"))
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(up + ([base] if base else []))
            if not base.startswith("rashomon"):
                continue
            for a in node.names:
                sub = f"{base}.{a.name}"
                out.add(sub if sub in known else base)
    out |= lazy_uses(tree, skip, known)
    return {m for m in out if m in known and m != name}


def lazy_modules(path: Path) -> set[str]:
    """The modules a package's ``__init__`` loads on first use
    (``lazy_loader.attach(__name__, submodules=[...])``)."""
    if path.name != "__init__.py":
        return set()
    return {c.value for node in ast.walk(ast.parse(path.read_text("utf-8")))
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr == "attach" and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "lazy_loader"
            for kw in node.keywords if kw.arg == "submodules"
            for c in ast.walk(kw.value) if isinstance(c, ast.Constant) and isinstance(c.value, str)}


def lazy_uses(tree: ast.AST, skip: set[int], known: dict[str, Path]) -> set[str]:
    """``pkg.module`` for every ``alias.module`` a module reads from a lazy package it
    imported as ``alias``: the import it makes when that line runs."""
    bound: dict[str, str] = {}
    for node in ast.walk(tree):
        if id(node) in skip or not isinstance(node, ast.Import | ast.ImportFrom):
            continue
        for a in node.names:
            full = f"{node.module}.{a.name}" if isinstance(node, ast.ImportFrom) else a.name
            if full in known and lazy_modules(known[full]):
                bound[a.asname or a.name] = full
    return {f"{bound[n.value.id]}.{n.attr}" for n in ast.walk(tree)
            if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name) and n.value.id in bound
            and n.attr in lazy_modules(known[bound[n.value.id]])}


def cycles(graph: dict[str, set[str]]) -> list[frozenset[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[frozenset[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = set()
            while True:
                w = stack.pop()
                on.discard(w)
                comp.add(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(frozenset(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def import_graph() -> dict[str, set[str]]:
    known = modules()
    return {name: imports(name, path, known) for name, path in known.items()}


def test_no_import_circle_between_modules() -> None:
    found = set(cycles(import_graph()))
    new = [sorted(c) for c in found - KNOWN]
    assert not new, f"import circles: {new}"
    assert not KNOWN - found, f"circles gone, remove them from KNOWN: {KNOWN - found}"


def test_the_walk_finds_a_circle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [frozenset({"a", "b", "c"})]
    known = modules()
    g = import_graph()
    assert "rashomon.graph.sql" in g["rashomon.graph.cache"]  # a real edge is seen
    assert "rashomon.doc" in g["rashomon.store.base"]
    assert "rashomon.nlp.actors.kb" in g["rashomon.cli.actors"]  # loaded on first use
    assert "rashomon.nlp.claims.model" in g["rashomon.nlp.claims.component"]
    assert "rashomon.engine" in g["rashomon.cli.analyze"]  # import rashomon; rashomon.engine.run
    assert "rashomon.graph.sql" in known
