"""Components registered by name (the plugin hooks are declared in ``rashomon.hooks``).

A component is a factory with typed keyword settings, registered with the layers it reads
and writes (as spaCy's factories); its defaults are its default config::

    @component("claims", reads=("sentences", "mentions"), uses=("sentences.parse",),
               writes=("claims",), scorer="rashomon.eval.claims")
    def make_claims(*, min_confidence: float = 0.3, model: str = "default") -> Claims: ...

``ComponentInfo.factory(config)`` checks a config against the factory's settings (an
unknown name or a value of the wrong type is a one-line error) and builds the component.
A ``Pipeline`` checks, when it is built, that every layer a component reads is written by
an earlier component or given with the documents. A component object is a callable
``doc -> doc`` and may define ``pipe(docs)`` for batched work; its scorer, a function
registered with ``scorer(name)`` in the module named by ``scorer=``, is loaded on demand.
Components never read the environment: the edges (CLI, API) read it once and pass config.
"""

from __future__ import annotations

import importlib
import inspect
import time
import types
import typing
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from rashomon.doc import Doc
from rashomon.errors import UserError
from rashomon.hooks import HOOKS, call_hook, plugins  # noqa: F401  (hooks: see rashomon.hooks)

Factory = Callable[..., Any]
INPUT_LAYERS = ("text",)  # what every document brings


@dataclass
class ComponentInfo:
    name: str
    function: Factory  # the registered factory: keyword settings with defaults
    reads: tuple[str, ...]
    writes: tuple[str, ...]
    default_config: dict[str, Any] = field(default_factory=dict)
    module: str = ""
    settings: dict[str, Any] = field(default_factory=dict)  # setting -> its type
    open_settings: bool = False  # the factory takes **settings it checks itself
    scorer: str | None = None  # the module that registers this component's scorer
    uses: tuple[str, ...] = ()  # layers read when present (no earlier writer needed)

    def factory(self, config: Mapping[str, Any] | None = None) -> Any:
        """The component, built from its defaults and ``config`` (checked first)."""
        cfg = {**self.default_config, **(config or {})}
        check_config(self, cfg)
        return self.function(**cfg)


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


def _settings(name: str, fn: Factory) -> tuple[dict[str, Any], dict[str, Any], bool]:
    """(defaults, types, takes **settings) of a factory; every setting is keyword-only
    with a default."""
    try:
        sig = inspect.signature(fn, eval_str=True)
    except (NameError, TypeError) as e:
        raise TypeError(f"component {name!r}: cannot read the factory's settings: {e}") from e
    defaults: dict[str, Any] = {}
    kinds: dict[str, Any] = {}
    open_settings = False
    for p in sig.parameters.values():
        if p.kind is p.VAR_KEYWORD:
            open_settings = True
            continue
        if p.kind is not p.KEYWORD_ONLY or p.default is p.empty:
            raise TypeError(f"component {name!r}: setting {p.name!r} must be keyword-only "
                            "with a default (def make(*, {p.name}: type = default))")
        defaults[p.name] = p.default
        kinds[p.name] = p.annotation
    return defaults, kinds, open_settings


def component(
    name: str,
    *,
    reads: Iterable[str] = (),
    writes: Iterable[str] = (),
    uses: Iterable[str] = (),
    scorer: str | None = None,
) -> Callable[[Factory], Factory]:
    """Register a factory. ``reads``: layers it needs, written by an earlier component or
    given with the documents; ``uses``: layers it reads when present (a later writer is
    an ordering error); ``writes``: layers it sets; ``scorer``: its scorer's module."""

    def deco(factory: Factory) -> Factory:
        defaults, kinds, open_settings = _settings(name, factory)
        _COMPONENTS[name] = ComponentInfo(
            name, factory, tuple(reads), tuple(writes), defaults, factory.__module__,
            kinds, open_settings, scorer, tuple(uses),
        )
        return factory

    return deco


def _fits(value: Any, kind: Any) -> bool:
    """Does ``value`` have the type a setting is annotated with (unions, None, generics)?"""
    if kind is inspect.Parameter.empty or kind is Any:
        return True
    if kind is None or kind is type(None):
        return value is None
    origin = typing.get_origin(kind)
    if origin is typing.Union or origin is types.UnionType:
        return any(_fits(value, k) for k in typing.get_args(kind))
    kind = origin or kind
    if kind is float:
        return isinstance(value, int | float) and not isinstance(value, bool)
    if kind is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if kind in (list, tuple):
        return isinstance(value, list | tuple)
    return not isinstance(kind, type) or isinstance(value, kind)


def _type_name(kind: Any) -> str:
    return kind.__name__ if isinstance(kind, type) else str(kind).replace("typing.", "")


def check_config(info: ComponentInfo, config: Mapping[str, Any]) -> None:
    """One-line errors for a setting the component does not have or a value of the wrong type."""
    for key, value in config.items():
        if key not in info.settings:
            if info.open_settings:
                continue
            known = ", ".join(sorted(info.settings)) or "none"
            raise UserError(f"component {info.name!r} has no setting {key!r} (settings: {known})")
        if not _fits(value, info.settings[key]):
            raise UserError(f"component {info.name!r}: setting {key!r} must be "
                            f"{_type_name(info.settings[key])}, not {value!r}")


def scorer(name: str) -> Callable[[Callable[..., dict[str, Any]]], Callable[..., dict[str, Any]]]:
    def deco(fn: Callable[..., dict[str, Any]]) -> Callable[..., dict[str, Any]]:
        _SCORERS[name] = fn
        return fn

    return deco


def get_component(name: str) -> ComponentInfo:
    if name not in _COMPONENTS and name in BUILTIN:
        importlib.import_module(BUILTIN[name])
    if name not in _COMPONENTS:
        plugins()  # loading the plugins registers theirs (hook ``register_components``)
    if name not in _COMPONENTS:
        raise KeyError(f"unknown component {name!r}; known: {sorted(set(_COMPONENTS) | set(BUILTIN))}")
    return _COMPONENTS[name]


def get_scorer(name: str) -> Callable[..., dict[str, Any]]:
    """The scorer of a component, loaded from the module its component names."""
    info = get_component(name)
    if name not in _SCORERS and info.scorer:
        importlib.import_module(info.scorer)
    if name not in _SCORERS:
        raise KeyError(f"component {name!r} has no scorer")
    return _SCORERS[name]


def components() -> dict[str, ComponentInfo]:
    for name in BUILTIN:
        try:
            get_component(name)
        except ImportError:
            pass
    return dict(_COMPONENTS)


def check_layers(names: Iterable[str], given: Iterable[str] = INPUT_LAYERS) -> None:
    """Every layer a component reads is written by an earlier one or given with the docs,
    and no layer a component uses is written only after it."""
    names = list(names)
    infos = [get_component(n) for n in names]
    have = set(given)
    for i, info in enumerate(infos):
        missing = [layer for layer in info.reads if layer not in have]
        if missing:
            writers = sorted({n for n, c in components().items() if set(missing) & set(c.writes)})
            before = " -> ".join(names[:i]) or "nothing"
            hint = f"; add {' or '.join(writers)} before it" if writers else ""
            raise UserError(f"component {info.name!r} reads {', '.join(missing)}, which no earlier "
                            f"component writes (before it: {before}){hint}")
        for later in infos[i + 1:]:
            late = [layer for layer in info.uses if layer in later.writes and layer not in have]
            if late:
                raise UserError(f"component {info.name!r} uses {', '.join(late)}, which "
                                f"{later.name!r} writes after it; put {later.name!r} first")
        have.update(info.writes)


class Pipeline:
    """Runs named components in order over docs, in batches. ``given``: the layers the
    documents already carry (a pipeline that resumes work). ``seconds`` adds up the wall
    time spent in each component (for benchmarks and profiling)."""

    def __init__(
        self,
        names: Iterable[str] = DEFAULT_PIPELINE,
        config: Mapping[str, Mapping[str, Any]] | None = None,
        given: Iterable[str] = INPUT_LAYERS,
    ) -> None:
        config = config or {}
        self.names = list(names)
        check_layers(self.names, given)
        self.steps: list[tuple[str, Any]] = []
        self.seconds: dict[str, float] = dict.fromkeys(self.names, 0.0)
        for name in self.names:
            self.steps.append((name, get_component(name).factory(config.get(name))))

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

