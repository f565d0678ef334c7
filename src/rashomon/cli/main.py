"""The `rashomon` command. Each feature registers its commands from its own module, which
is imported when one of its commands runs or its --help is asked (Click's lazy loading of
subcommands): `rashomon graph` never imports the analysis, training or server commands."""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Iterator, MutableMapping
from typing import Any

import typer
from typer.core import TyperGroup

from rashomon.errors import UserError
from rashomon.store import StoreError

# command -> the cli modules that register it, in the order `rashomon --help` lists them
COMMANDS: dict[str, tuple[str, ...]] = {
    "analyze": ("analyze",), "export": ("export",),
    **dict.fromkeys(("graph", "contradictions", "compare", "timeline", "blocs", "balance"),
                    ("graph",)),
    "narratives": ("narratives",), "serve": ("web",), "report": ("web",),
    "actors": ("actors",), "eval": ("evaluate",), "train": ("narratives", "claims"),
    "semeval": ("narratives",),
}
SETTINGS: dict[str, Any] = {"rich_markup_mode": "rich", "pretty_exceptions_enable": False}
_features = typer.Typer(**SETTINGS)  # the feature modules register here, each once
_registered: set[str] = set()


def _load(name: str) -> dict[str, Any]:
    """The click commands of the modules that register ``name`` (imported on first use)."""
    for module in COMMANDS[name]:
        if module not in _registered:
            importlib.import_module(f"rashomon.cli.{module}").register(_features)
            _registered.add(module)
    return dict(typer.main.get_group(_features).commands)


class Commands(MutableMapping[str, Any]):
    """The app's commands by name; a command is built when it is first asked for."""

    def __init__(self) -> None:
        self._built: dict[str, Any] = {}

    def __getitem__(self, name: str) -> Any:
        if name not in self._built and name in COMMANDS:
            ready = {n: c for n, c in _load(name).items() if set(COMMANDS.get(n, ())) <= _registered}
            self._built.update(ready)  # `train` waits for `claims`, which adds to it
        return self._built[name]

    def __setitem__(self, name: str, command: Any) -> None:
        self._built[name] = command

    def __delitem__(self, name: str) -> None:
        del self._built[name]

    def __iter__(self) -> Iterator[str]:
        return iter({**dict.fromkeys(COMMANDS), **self._built})

    def __len__(self) -> int:
        return len(set(COMMANDS) | set(self._built))


class LazyGroup(TyperGroup):
    """A group whose commands load from their modules when used (see ``Commands``)."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self.commands = Commands()


app = typer.Typer(
    name="rashomon",
    cls=LazyGroup,
    callback=lambda: None,  # a group even though no command is registered on it directly
    help=(
        "Rashomon: who stands with whom, according to whom.\n\n"
        "Turns news articles into a source-attributed, time-aware map of alliances and\n"
        "conflicts between actors, with the evidence sentence for every claim.\n\n"
        "Start with:  rashomon analyze examples/   then   rashomon graph --actor Russia"
    ),
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    **SETTINGS,
)


# the commands' context object when main() runs them (a copy per run); a command that has
# closed its store and left nothing to clean up sets "exit_now" in it (see main)
FRESH: dict[str, bool] = {"fresh_process": True}


def main() -> None:
    """Entry point: user errors become one line on stderr and a non-zero exit. Commands
    see a copy of ``FRESH`` as their context object: a process of its own, nothing loaded
    yet (so `analyze` may start a helper process to load the models; see rashomon.engine).
    A command that sets ``exit_now`` there (its store closed, its output written) ends the
    process at once, without the interpreter's teardown of the loaded libraries (DuckDB,
    pandas...: a quarter of a second and more)."""
    obj = dict(FRESH)
    try:
        app(obj=obj)
    except SystemExit as e:
        if obj.get("exit_now") and (e.code is None or isinstance(e.code, int)):
            exit_now(e.code or 0)
        raise
    except (UserError, StoreError) as e:
        print(f"rashomon: error: {e}", file=sys.stderr)
        sys.exit(2)
    except KeyboardInterrupt:
        print("rashomon: interrupted", file=sys.stderr)
        sys.exit(130)
    except Exception as e:  # a bug: one line for users, the traceback on request
        if os.environ.get("RASHOMON_DEBUG", "") not in ("", "0"):
            raise
        print(f"rashomon: internal error: {type(e).__name__}: {e} "
              "(run again with RASHOMON_DEBUG=1 for the traceback, and please report it)",
              file=sys.stderr)
        sys.exit(1)


def exit_now(code: int) -> None:
    """End this process with ``code`` now: standard output and error flushed, no atexit
    handlers, no teardown."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(code)


if __name__ == "__main__":
    main()
