"""Tables written to a pipe or a file are not cut to 80 columns."""

from __future__ import annotations

import io

import pytest
from rich.table import Table

from rashomon.cli.output import Console


def render(**kw: object) -> str:
    buf = io.StringIO()
    table = Table("subject", "relation", "object", "evidence")
    long = "The foreign ministry said the two countries would cooperate closely on security " * 2
    table.add_row("United Kingdom of Great Britain and Northern Ireland", "cooperate",
                  "Democratic Republic of the Congo", long.strip())
    Console(file=buf, **kw).print(table)
    return buf.getvalue()


def test_pipe_gets_full_width_table(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)
    out = render()
    assert "cooperate" in out and "…" not in out
    assert "on security The foreign ministry" in out  # the long cell on one line
    assert len(out.splitlines()) == 5


def test_explicit_width_and_columns_are_respected(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)
    assert max(map(len, render(width=60).splitlines())) <= 60
    monkeypatch.setenv("COLUMNS", "70")
    assert max(map(len, render().splitlines())) <= 70
