"""`rashomon` loads a command's module only when that command runs or its --help is asked
(cli.main.COMMANDS, Click's lazy loading of subcommands)."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys

import typer

from rashomon.cli.main import COMMANDS

PROBE = """
import json, sys
from rashomon.cli.main import app
try:
    app(sys.argv[1:], standalone_mode=False)
except SystemExit:
    pass
print(json.dumps(sorted(m for m in sys.modules if m.startswith("rashomon.cli."))))
"""


def loaded(*args: str) -> list[str]:
    out = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True,
                         check=True, timeout=300)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_the_table_names_every_command_its_modules_register() -> None:
    modules = sorted({m for mods in COMMANDS.values() for m in mods})
    app = typer.Typer()
    for m in modules:
        importlib.import_module(f"rashomon.cli.{m}").register(app)
    assert list(typer.main.get_group(app).commands) != []
    assert set(typer.main.get_group(app).commands) == set(COMMANDS)
    for name, mods in COMMANDS.items():  # each command from the modules the table names
        one = typer.Typer()
        for m in mods:
            importlib.import_module(f"rashomon.cli.{m}").register(one)
        assert name in typer.main.get_group(one).commands, name


def test_a_command_loads_only_its_own_module() -> None:
    assert loaded("graph", "--help") == ["rashomon.cli.graph", "rashomon.cli.main",
                                         "rashomon.cli.output"]
    assert "rashomon.cli.analyze" not in loaded("serve", "--help")
    assert len(loaded("--help")) == 2 + len({m for mods in COMMANDS.values() for m in mods})
