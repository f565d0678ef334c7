"""Components registered by name, and the few plugin hooks, in one place.

A component is a factory ``make(config) -> callable(doc) -> doc`` registered with
the layers it reads and writes and a default config::

    @component("claims", reads=("sentences.parse", "mentions"), writes=("claims",),
               default_config={"min_confidence": 0.3})
    def make_claims(config: dict) -> Callable[[Doc], Doc]: ...

A component object may also define ``pipe(docs)`` for batched work and a module
level ``score(examples)`` scorer registered with ``scorer(name)``.
"""

from __future__ import annotations

import importlib
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from rashomon.doc import Doc


@dataclass
class ComponentInfo:
    name: str
    factory: Callable[[dict[str, Any]], Any]
    reads: tuple[str, ...]
    writes: tuple[str, ...]
    default_config: dict[str, Any] = field(default_factory=dict)
    module: str = ""


_COMPONENTS: dict[str, ComponentInfo] = {}
_SCORERS: dict[str, Callable[..., dict[str, Any]]] = {}

# Where each built-in component lives: imported lazily, so that importing rashomon
# stays cheap and a component's heavy dependencies load only when it is used.
BUILTIN = {
    "sentences": "rashomon.nlp.sentences",
    "gazetteer": "rashomon.nlp.actors.component",
    "parse": "rashomon.nlp.parse",
    "entities": "rashomon.nlp.actors.component",
    "claims": "rashomon.nlp.claims.component",
    "framing": "rashomon.nlp.framing.component",
    "narratives": "rashomon.nlp.narratives.component",
}
DEFAULT_PIPELINE = ("sentences", "gazetteer", "parse", "entities", "claims", "framing", "narratives")


def component(
    name: str,
    *,
    reads: Iterable[str] = (),
    writes: Iterable[str] = (),
    default_config: dict[str, Any] | None = None,
) -> Callable[[Callable[[dict[str, Any]], Any]], Callable[[dict[str, Any]], Any]]:
    def deco(factory: Callable[[dict[str, Any]], Any]) -> Callable[[dict[str, Any]], Any]:
        _COMPONENTS[name] = ComponentInfo(
            name, factory, tuple(reads), tuple(writes), dict(default_config or {}),
            factory.__module__,
        )
        return factory

    return deco


def scorer(name: str) -> Callable[[Callable[..., dict[str, Any]]], Callable[..., dict[str, Any]]]:
    def deco(fn: Callable[..., dict[str, Any]]) -> Callable[..., dict[str, Any]]:
        _SCORERS[name] = fn
        return fn

    return deco


def get_component(name: str) -> ComponentInfo:
    if name not in _COMPONENTS and name in BUILTIN:
        importlib.import_module(BUILTIN[name])
    if name not in _COMPONENTS:
        raise KeyError(f"unknown component {name!r}; known: {sorted(set(_COMPONENTS) | set(BUILTIN))}")
    return _COMPONENTS[name]


def get_scorer(name: str) -> Callable[..., dict[str, Any]]:
    get_component(name)
    return _SCORERS[name]


def components() -> dict[str, ComponentInfo]:
    for name in BUILTIN:
        try:
            get_component(name)
        except ImportError:
            pass
    return dict(_COMPONENTS)


class Pipeline:
    """Runs named components in order over docs, in batches. ``seconds`` adds up the
    wall time spent in each component (for benchmarks and profiling)."""

    def __init__(
        self,
        names: Iterable[str] = DEFAULT_PIPELINE,
        config: dict[str, dict[str, Any]] | None = None,
    ) -> None:
        config = config or {}
        self.names = list(names)
        self.steps: list[tuple[str, Any]] = []
        self.seconds: dict[str, float] = dict.fromkeys(self.names, 0.0)
        for name in self.names:
            info = get_component(name)
            cfg = {**info.default_config, **config.get(name, {})}
            self.steps.append((name, info.factory(cfg)))

    def __call__(self, doc: Doc) -> Doc:
        for name, step in self.steps:
            t0 = time.perf_counter()
            doc = step(doc)
            self.seconds[name] += time.perf_counter() - t0
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 16) -> Iterator[Doc]:
        batch: list[Doc] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= batch_size:
                yield from self._run_batch(batch)
                batch = []
        if batch:
            yield from self._run_batch(batch)

    def _run_batch(self, batch: list[Doc]) -> list[Doc]:
        for name, step in self.steps:
            t0 = time.perf_counter()
            if hasattr(step, "pipe"):
                batch = list(step.pipe(batch))
            else:
                batch = [step(d) for d in batch]
            self.seconds[name] += time.perf_counter() - t0
        for d in batch:  # parses are transient: free them before storing
            for s in d.sentences:
                s.parse = None
        return batch


# ---- plugin hooks (Datasette-style): small, named, in one place ----------------------
# Plugins are modules listed in the entry-point group "rashomon.plugins"; each may define
# any of these functions. Hooks are looked up by name, so a plugin defines only what it needs.
HOOKS = (
    "register_components",  # () -> None: call @component for new components
    "actor_kb_files",  # () -> list[Path]: extra knowledge-base YAML files
    "claim_lexicon_files",  # () -> list[Path]: extra relation lexicons
    "register_routes",  # (app) -> None: add HTTP routes
    "register_commands",  # (typer_app) -> None: add CLI commands
    "export_formats",  # () -> dict[str, Callable[[rows, path], None]]
)


@lru_cache(maxsize=1)
def plugins() -> tuple[Any, ...]:
    """The installed plugin modules, found once per process: reading the installed
    distributions' entry points costs milliseconds, and the actor KB asks on every load."""
    from importlib.metadata import entry_points  # a slow import, for start-up

    mods = []
    for ep in entry_points(group="rashomon.plugins"):
        try:
            mods.append(ep.load())
        except Exception:  # a broken plugin must not break the tool
            continue
    return tuple(mods)


def call_hook(name: str, *args: Any) -> list[Any]:
    assert name in HOOKS, name
    return [getattr(m, name)(*args) for m in plugins() if hasattr(m, name)]
