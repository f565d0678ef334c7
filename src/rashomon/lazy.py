"""Packages whose modules load on first use (PEP 562, the pattern of SciPy and of
scientific-python's SPEC 1).

A package's ``__init__`` names its modules once::

    __getattr__, __dir__ = lazy.modules(__name__, ("kb", "resolve"))

so ``from rashomon.nlp import actors`` at the top of a module costs nothing, and
``actors.kb.load_kb()`` imports ``rashomon.nlp.actors.kb`` when it first runs. Start-up
(``rashomon --help``, ``rashomon graph``) then loads no KB, model or data-frame library
that the command does not use, while every import statement stays at the top of its module.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from types import ModuleType


def modules(package: str, names: Iterable[str]) -> tuple[Callable[[str], ModuleType],
                                                           Callable[[], list[str]]]:
    """``__getattr__`` and ``__dir__`` for ``package``: its modules ``names`` load on use."""
    known = frozenset(names)

    def __getattr__(name: str) -> ModuleType:
        if name in known:
            return importlib.import_module(f"{package}.{name}")  # sets the attribute: once
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    def __dir__() -> list[str]:
        return sorted(known | set(vars(importlib.import_module(package))))

    return __getattr__, __dir__
