"""Plugin hooks: declared as pluggy hook specifications, each documented; plugins from the
entry-point group are loaded once, broken ones skipped with a notice."""

from __future__ import annotations

import json
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from rashomon import hooks, registry
from rashomon.api.app import create_app
from rashomon.errors import UserError
from rashomon.graph import export_edges
from rashomon.graph.synth import story
from rashomon.store import open_store


class EntryPoint:
    def __init__(self, name: str, load: Any) -> None:
        self.name, self._load = name, load

    def load(self) -> Any:
        return self._load()


def plain_plugin() -> types.ModuleType:
    """A Datasette-style plugin: plain functions named as hooks."""
    mod = types.ModuleType("plain_plugin")

    def register_routes(app: Any) -> None:
        app.add_api_route("/plugin/ping", lambda: {"pong": True}, methods=["GET"])

    def export_formats() -> dict[str, Any]:
        return {"lines": lambda df, path: Path(path).write_text(
            "\n".join(f"{s} {r} {o}" for s, r, o in
                      zip(df["subject"], df["relation"], df["object"], strict=True)))}

    mod.register_routes = register_routes  # type: ignore[attr-defined]
    mod.export_formats = export_formats  # type: ignore[attr-defined]
    mod.not_a_hook = lambda: 1  # type: ignore[attr-defined]
    return mod


class MarkedPlugin:
    @hooks.hookimpl
    def claim_lexicon_files(self) -> list[Path]:
        return [Path("extra.yaml")]


def broken() -> Any:
    raise ImportError("No module named 'missing_dependency'")


@pytest.fixture()
def installed(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    eps = [EntryPoint("plain", plain_plugin), EntryPoint("marked", MarkedPlugin),
           EntryPoint("broken", broken)]
    monkeypatch.setattr(hooks, "entry_points", lambda group: eps if group == hooks.GROUP else [])
    hooks.manager.cache_clear()
    yield
    hooks.manager.cache_clear()


def test_every_hook_is_a_documented_spec() -> None:
    assert set(hooks.HOOKS) == {"register_components", "actor_kb_files", "claim_lexicon_files",
                                "register_routes", "register_commands", "export_formats"}
    pm = hooks.manager()
    for name in hooks.HOOKS:
        spec = getattr(pm.hook, name).spec
        assert spec is not None and (spec.function.__doc__ or "").strip(), name
    assert registry.call_hook is hooks.call_hook  # the registry's name for it


def test_plugins_answer_and_a_broken_one_is_skipped(installed, capsys) -> None:
    assert hooks.call_hook("claim_lexicon_files") == [[Path("extra.yaml")]]
    assert hooks.call_hook("actor_kb_files") == []
    assert "plugin 'broken' skipped: ImportError" in capsys.readouterr().err
    assert len(hooks.plugins()) == 2
    with pytest.raises(KeyError, match="unknown hook 'nope'"):
        hooks.call_hook("nope")


def test_no_plugins_no_answers(monkeypatch) -> None:
    monkeypatch.setattr(hooks, "entry_points", lambda group: [])
    hooks.manager.cache_clear()
    try:
        assert hooks.call_hook("claim_lexicon_files") == []
        assert hooks.plugins() == []
    finally:
        hooks.manager.cache_clear()


def test_routes_and_export_formats_from_a_plugin(installed, tmp_path) -> None:
    with open_store(tmp_path / "p.duckdb") as st:
        st.save([story("d1", "AP", "2024-01-01", [("Russia", "support", "Iran")])])
        client = TestClient(create_app(st))
        assert client.get("/plugin/ping").json() == {"pong": True}
        assert client.get("/api/facets").status_code == 200
        assert export_edges(st, "lines", tmp_path / "e.txt") == 1
        assert (tmp_path / "e.txt").read_text() == "Russia support Iran"
        assert export_edges(st, "json", tmp_path / "e.json") == 1
        assert json.loads((tmp_path / "e.json").read_text())
        with pytest.raises(UserError, match="choose from graphml.*lines"):
            export_edges(st, "nope", tmp_path / "x")
