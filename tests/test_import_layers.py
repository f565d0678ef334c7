"""Import layering of the nlp packages: no import circle among the modules of nlp/actors,
nlp/claims (English), nlp/text, parse, sentences and the registry, and no project module
imported inside a function there (the walk reads the source; nothing is imported)."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
OWNED = ("rashomon.nlp.actors", "rashomon.nlp.claims", "rashomon.nlp.text", "rashomon.nlp.parse",
         "rashomon.nlp.sentences", "rashomon.nlp.lexicon", "rashomon.registry",
         "rashomon.envconfig")
EXCLUDED = ("rashomon.nlp.claims.ru",)  # the Russian path has its own owner


def _modules() -> dict[str, Path]:
    out = {}
    for p in (SRC / "rashomon").rglob("*.py"):
        parts = list(p.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = p
    return out


def _owned(name: str) -> bool:
    return name.startswith(OWNED) and not name.startswith(EXCLUDED)


def _imports(tree: ast.AST, mods: dict[str, Path]) -> list[tuple[str, bool]]:
    """(module imported, inside a function) for every project import of a module."""
    out: list[tuple[str, bool]] = []

    def visit(node: ast.AST, in_def: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                visit(child, True)
                continue
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                continue  # annotations only
            if isinstance(child, ast.ImportFrom) and child.module and not child.level:
                names = [f"{child.module}.{a.name}" for a in child.names]
                out.extend((n, in_def) for n in [child.module, *names] if n in mods)
            elif isinstance(child, ast.Import):
                out.extend((a.name, in_def) for a in child.names if a.name in mods)
            visit(child, in_def)

    visit(tree, False)
    return out


def _graph() -> tuple[dict[str, set[str]], list[str]]:
    mods = _modules()
    graph: dict[str, set[str]] = {m: set() for m in mods if _owned(m)}
    inside: list[str] = []
    for m in graph:
        for target, in_def in _imports(ast.parse(mods[m].read_text("utf-8")), mods):
            if in_def:
                inside.append(f"{m} imports {target} inside a function")
            elif _owned(target) and target != m:
                graph[m].add(target)
    return graph, inside


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def walk(m: str) -> list[str] | None:
        state[m] = 1
        stack.append(m)
        for t in sorted(graph.get(m, ())):
            if state.get(t) == 1:
                return stack[stack.index(t):] + [t]
            if t not in state and (found := walk(t)):
                return found
        stack.pop()
        state[m] = 2
        return None

    for m in sorted(graph):
        if m not in state and (found := walk(m)):
            return found
    return None


def test_no_import_circle_in_the_nlp_layers() -> None:
    graph, _ = _graph()
    assert len(graph) > 30  # the walk sees the packages
    assert _cycle(graph) is None, " -> ".join(_cycle(graph) or [])


def test_the_walk_finds_a_circle() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


def test_no_project_import_inside_a_function() -> None:
    _, inside = _graph()
    assert inside == []


def test_actors_and_the_text_layer_import_no_later_component() -> None:
    """The pipeline's order in imports: actors and the shared text layer run before claims,
    framing and narratives, so they import none of them."""
    mods = _modules()
    later = ("rashomon.nlp.claims", "rashomon.nlp.framing", "rashomon.nlp.narratives")
    early = [m for m in mods if m.startswith(("rashomon.nlp.actors", "rashomon.nlp.text"))]
    assert len(early) > 10
    wrong = [f"{m} imports {t}" for m in early
             for t, _ in _imports(ast.parse(mods[m].read_text("utf-8")), mods) if t.startswith(later)]
    assert wrong == []
