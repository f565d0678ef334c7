"""Plugin hooks, declared as pluggy hook specifications.

A plugin is a module listed in the entry-point group ``rashomon.plugins``; it implements
any of the hooks below by defining a function of the same name (marked with ``hookimpl``
or plain, Datasette-style)::

    # my_plugin.py                       # pyproject.toml of the plugin:
    from rashomon.hooks import hookimpl  # [project.entry-points."rashomon.plugins"]
                                         # mine = "my_plugin"
    @hookimpl
    def actor_kb_files():
        return [Path(__file__).with_name("actors.yaml")]

``call_hook(name, *args)`` calls every plugin's implementation and returns their answers
(``None`` answers left out). A plugin that fails to load is skipped with a one-line
notice on stderr: a broken plugin never breaks the tool.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pluggy

GROUP = "rashomon.plugins"
PROJECT = "rashomon"


class Hooks:
    """The hooks a plugin may implement (pluggy hook specifications once plugins load)."""

    def register_components(self) -> None:
        """Register new pipeline components (call ``registry.component``); called once,
        when plugins are loaded (``registry.get_component`` loads them for a name it does
        not know)."""

    def actor_kb_files(self) -> list[Path]:
        """Extra knowledge-base YAML files, merged after the built-in ones."""
        raise NotImplementedError

    def claim_lexicon_files(self) -> list[Path]:
        """Extra relation lexicons (the ``nlp.lexicon`` format), merged after the built-in one."""
        raise NotImplementedError

    def register_routes(self, app: Any) -> None:
        """Add HTTP routes to the FastAPI ``app`` (called by ``api.app.create_app``)."""

    def export_formats(self) -> dict[str, Callable[[Any, Path], None]]:
        """Extra ``export_edges`` formats: name -> function(edge DataFrame, path)."""
        raise NotImplementedError


HOOKS = tuple(n for n in vars(Hooks) if not n.startswith("_"))
# what importing or registering a broken plugin can raise (and pluggy.PluginValidationError)
PLUGIN_ERRORS = (ImportError, AttributeError, SyntaxError, TypeError, ValueError, OSError)


def entry_points(group: str) -> Any:
    """The installed entry points of ``group`` (importlib.metadata loads on first use)."""
    from importlib import metadata  # noqa: PLC0415 - start-up: reads every installed package's metadata

    return metadata.entry_points(group=group)


def _pluggy() -> ModuleType:
    """pluggy, imported when plugins are first loaded or ``hookimpl`` is first asked for
    (start-up: most commands never call a hook)."""
    import pluggy  # noqa: PLC0415 - loaded on first use, for start-up

    return pluggy


def __getattr__(name: str) -> Any:
    """``hookimpl`` (pluggy's marker for this project), made when a plugin asks for it."""
    if name == "hookimpl":
        return _pluggy().HookimplMarker(PROJECT)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _specs() -> type:
    """``Hooks`` with each hook marked as a pluggy hook specification."""
    mark = _pluggy().HookspecMarker(PROJECT)
    for name in HOOKS:
        mark(getattr(Hooks, name))
    return Hooks


def _manager_class() -> type:
    """A plugin manager that accepts plain functions named as a hook, as well as
    ``hookimpl``-marked ones."""

    class Manager(_pluggy().PluginManager):
        def parse_hookimpl_opts(self, plugin: Any, name: str) -> Any:
            opts = super().parse_hookimpl_opts(plugin, name)
            if opts is None and name in HOOKS and callable(getattr(plugin, name, None)):
                return {}
            return opts

    return Manager


@lru_cache(maxsize=1)
def manager() -> pluggy.PluginManager:
    """The plugin manager, with every installed plugin loaded (once per process)."""
    pm = _manager_class()(PROJECT)
    pm.add_hookspecs(_specs())
    errors = (*PLUGIN_ERRORS, _pluggy().PluginValidationError)
    for ep in entry_points(group=GROUP):
        try:
            register(ep.load(), pm, ep.name)
        except errors as e:
            print(f"rashomon: plugin {ep.name!r} skipped: {type(e).__name__}: {e}",
                  file=sys.stderr)
    pm.hook.register_components()
    return pm


def register(plugin: ModuleType | object, pm: pluggy.PluginManager | None = None,
             name: str | None = None) -> None:
    """Register a plugin object or module by hand (tests, embedding applications)."""
    (pm or manager()).register(plugin, name=name)


def plugins() -> list[Any]:
    """The loaded plugins."""
    return list(manager().get_plugins())


def call_hook(name: str, *args: Any) -> list[Any]:
    """Every plugin's answer to hook ``name`` (positional ``args`` in the spec's order)."""
    if name not in HOOKS:
        raise KeyError(f"unknown hook {name!r}; hooks: {', '.join(HOOKS)}")
    caller = getattr(manager().hook, name)
    return caller(**dict(zip(caller.spec.argnames, args, strict=True)))
