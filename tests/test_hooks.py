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
                                "register_routes", "export_formats"}
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


def data_plugin(folder: Path) -> types.ModuleType:
    """A plugin that adds a component, an actor and a relation verb."""
    (folder / "actors.yaml").write_text(
        "- id: user:plugin-guild\n  name: Plugin Guild\n  type: organisation\n", encoding="utf-8")
    (folder / "lexicon.yaml").write_text(
        "verbs:\n  plugify: {relation: ally, plover: COOPERATE}\n", encoding="utf-8")
    mod = types.ModuleType("data_plugin")

    def register_components() -> None:
        @registry.component("plugin_shout", writes=("text",))
        def shout() -> Any:
            return lambda doc: doc

    mod.register_components = register_components  # type: ignore[attr-defined]
    mod.actor_kb_files = lambda: [folder / "actors.yaml"]  # type: ignore[attr-defined]
    mod.claim_lexicon_files = lambda: [folder / "lexicon.yaml"]  # type: ignore[attr-defined]
    return mod


def test_every_hook_reaches_its_consumer(monkeypatch, tmp_path) -> None:
    """Each hook is called by the code it extends: components, KB files, lexicon files
    (routes and export formats: the test above)."""
    from rashomon.nlp.actors import kb
    from rashomon.nlp.claims import lexicon

    def fresh() -> None:
        hooks.manager.cache_clear()
        lexicon._load.cache_clear()
        registry._COMPONENTS.pop("plugin_shout", None)

    monkeypatch.setattr(hooks, "entry_points", lambda group: [])
    fresh()
    try:
        with pytest.raises(KeyError, match="unknown component 'plugin_shout'"):
            registry.get_component("plugin_shout")
        assert not lexicon.load_lexicon().lookup("verb", "plugify")
        assert tmp_path / "actors.yaml" not in kb.user_files()
        plugin = data_plugin(tmp_path)
        monkeypatch.setattr(hooks, "entry_points", lambda group: [EntryPoint("data", lambda: plugin)])
        fresh()
        assert registry.get_component("plugin_shout").writes == ("text",)
        assert [t.relation for t in lexicon.load_lexicon().lookup("verb", "plugify")] == ["ally"]
        assert tmp_path / "actors.yaml" in kb.user_files()
        assert kb.load_kb([]).by_name("Plugin Guild").id == "user:plugin-guild"
    finally:
        fresh()
