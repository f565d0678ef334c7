"""Issue 18: no module of src/rashomon imports a project module (``rashomon.*``) inside a
function; heavy third-party libraries may load lazily, project modules may not. Modules that
must stay out of start-up load on first use through explicit tables instead (a package's
``lazy_loader.attach`` list, ``cli.main.COMMANDS``, ``registry.BUILTIN``)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"


def imports_inside_functions(source: str) -> list[tuple[int, str]]:
    """(line, module) of every ``rashomon`` import inside a function or method body."""
    found: list[tuple[int, str]] = []

    def visit(node: ast.AST, inside: bool) -> None:
        for child in ast.iter_child_nodes(node):
            here = inside or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
            if here and isinstance(child, ast.Import):
                found.extend((child.lineno, a.name) for a in child.names
                             if a.name.split(".")[0] == "rashomon")
            elif here and isinstance(child, ast.ImportFrom) and (
                    child.level or (child.module or "").split(".")[0] == "rashomon"):
                found.append((child.lineno, "." * child.level + (child.module or "")))
            visit(child, here)

    visit(ast.parse(source), False)
    return found


def test_no_project_import_inside_a_function() -> None:
    files = sorted((SRC / "rashomon").rglob("*.py"))
    assert len(files) > 150  # the walk sees the whole package
    bad = [f"{p.relative_to(SRC)}:{line}: {mod}" for p in files
           for line, mod in imports_inside_functions(p.read_text("utf-8"))]
    assert bad == []


def test_the_walk_finds_one() -> None:
    code = ("import os\nfrom rashomon import doc\n"
            "def f():\n    import json\n    from rashomon.graph import edges\n"
            "class C:\n    def m(self):\n        import rashomon.store\n        from . import x\n")
    assert imports_inside_functions(code) == [(5, "rashomon.graph"), (8, "rashomon.store"),
                                              (9, ".")]


LAZY = """
import sys
from rashomon.nlp import actors
assert "rashomon.nlp.actors.kb" not in sys.modules
assert "kb" in dir(actors)
assert actors.kb.load_kb is sys.modules["rashomon.nlp.actors.kb"].load_kb
try:
    actors.nope
except AttributeError as e:
    print(e)
"""


def test_a_lazy_package_loads_its_module_on_first_use() -> None:
    """``from rashomon.nlp import actors`` costs nothing; ``actors.kb`` imports the KB module."""
    out = subprocess.run([sys.executable, "-c", LAZY], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "No rashomon.nlp.actors attribute nope"  # lazy_loader's AttributeError
