"""`rashomon actors ...` commands, the user KB file and syncing actors into the store."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from rashomon.cli.main import app
from rashomon.doc import Doc, Mention
from rashomon.errors import UserError
from rashomon.nlp.actors.kb import load_kb
from rashomon.nlp.actors.table import sync_actors
from rashomon.nlp.actors.unknown import unknown_clusters
from rashomon.store import open_store

runner = CliRunner()


@pytest.fixture()
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("RASHOMON_KB", raising=False)
    db = tmp_path / "t.duckdb"
    with open_store(db) as store:
        docs = []
        for i, forms in enumerate([["Wagner Group", "Wagner Group"], ["the Wagner Group"], ["Orla Quennet"]]):
            text = " ".join(forms)
            ms, pos = [], 0
            for f in forms:
                s = text.index(f, pos)
                ms.append(Mention(s, s + len(f), f, "unk:wagner group" if "Wagner" in f else "unk:orla quennet",
                                  f, kind="ner", type="organisation"))
                pos = s + len(f)
            docs.append(Doc(f"d{i}", text, mentions=ms))
        store.save(docs)
    return db


def run(*args: str) -> str:
    r = runner.invoke(app, list(args))
    if r.exception and not isinstance(r.exception, SystemExit):
        raise r.exception
    return r.output


def test_unknown_clusters(env: Path) -> None:
    with open_store(env) as store:
        cl = unknown_clusters(store)
    assert [c["id"] for c in cl] == ["unk:wagner group", "unk:orla quennet"]
    assert cl[0]["mentions"] == 3 and cl[0]["docs"] == 2 and "the Wagner Group" in cl[0]["forms"]
    out = run("actors", "unknown", "--db", str(env))
    assert out.index("unk:wagner group") < out.index("unk:orla quennet")


def test_add_alias_show(env: Path) -> None:
    run("actors", "add", "Sable Front Brigade", "--type", "armed_group", "--alias", "Sable Front",
        "--parent", "Russia", "--db", str(env))
    recs = yaml.safe_load(Path("rashomon_actors.yaml").read_text("utf-8"))
    assert recs[0]["id"] == "user:sable-front-brigade" and recs[0]["parent"] == "Q159"
    kb = load_kb()
    assert kb.by_name("Sable Front").id == "user:sable-front-brigade"
    run("actors", "alias", "Russia", "Rashka")
    assert load_kb().by_name("Rashka").id == "Q159"
    out = run("actors", "show", "Sable Front", "--db", str(env))
    assert "user:sable-front-brigade" in out and "Russia" in out
    with pytest.raises(UserError, match="already"):
        run("actors", "add", "Russia", "--type", "state")
    with pytest.raises(UserError, match="already names"):
        run("actors", "alias", "Iran", "Rashka")


def test_merge_unknown(env: Path, tmp_path: Path) -> None:
    kbfile = tmp_path / "other.yaml"
    run("actors", "merge", "unk:orla quennet", "Russia", "--kb", str(kbfile), "--db", str(env))
    assert load_kb((kbfile,)).by_name("Orla Quennet").id == "Q159"
    assert not Path("rashomon_actors.yaml").exists()  # --kb chose the file
    with open_store(env) as store:
        assert store.query("SELECT count(*) AS n FROM mentions WHERE actor = 'unk:orla quennet'")[0]["n"] == 0
        assert store.query("SELECT count(*) AS n FROM mentions WHERE actor = 'Q159'")[0]["n"] == 1


def test_bad_kb_file_is_one_line(env: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("- name: X\n  names: [oops]\n", "utf-8")
    with pytest.raises(UserError, match="names"):
        run("actors", "list", "--kb", str(bad))


def test_sync_actors(env: Path) -> None:
    kb = load_kb(include_user=False)
    with open_store(env) as store:
        n = sync_actors(store, kb, None)
        rows = store.query("SELECT origin, count(*) AS n FROM actors GROUP BY origin ORDER BY origin")
    assert n == len(kb) + 2
    assert {r["origin"]: r["n"] for r in rows}["unknown"] == 2


def test_list_hides_derived_institutions(env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from rich.console import Console

    monkeypatch.setattr("rashomon.cli.actors.out", Console(width=300, highlight=False))
    plain = run("actors", "list", "--type", "agency")
    assert "intelligence:Q159" not in plain and "rsh:fsb" in plain
    assert "intelligence:Q159" in run("actors", "list", "--type", "agency", "--derived")
