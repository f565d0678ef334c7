"""The `rashomon` command. Each feature registers its commands from its own module."""

from __future__ import annotations

import os
import sys

import typer

from rashomon.cli import actors, analyze, claims, evaluate, export, graph, narratives, web
from rashomon.errors import UserError
from rashomon.store import StoreError

app = typer.Typer(
    name="rashomon",
    help=(
        "Rashomon: who stands with whom, according to whom.\n\n"
        "Turns news articles into a source-attributed, time-aware map of alliances and\n"
        "conflicts between actors, with the evidence sentence for every claim.\n\n"
        "Start with:  rashomon analyze examples/   then   rashomon graph --actor Russia"
    ),
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

for module in (analyze, export, actors, evaluate, graph, narratives, claims, web):
    module.register(app)


def main() -> None:
    """Entry point: user errors become one line on stderr and a non-zero exit."""
    try:
        app()
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


if __name__ == "__main__":
    main()
