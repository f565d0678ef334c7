"""Every export format written and read back."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

from rashomon.graph import export_edges
from rashomon.graph.synth import story
from rashomon.store import open_store


@pytest.fixture()
def store(tmp_path: Path):
    st = open_store(tmp_path / "e.duckdb")
    st.save([
        story("d1", "AP", "2021-01-01", [("Russia", "support", "Hamas", {"source": "Kyiv"}),
                                        ("ISIS-K", "attack", "Russia")]),
        story("d2", "BBC", None, [("Russia", "cooperate", "Hamas")]),
    ])
    st.upsert_actors([("Q159", "Russia", "state", None, None, "[]", "kb")])
    yield st
    st.close()


@pytest.mark.parametrize("fmt,reader", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_graph_formats(store, tmp_path, fmt, reader):
    out = tmp_path / f"g.{fmt}"
    assert export_edges(store, fmt, out) == 3
    g = reader(out)
    assert g.number_of_nodes() == 3 and g.number_of_edges() == 3
    nodes = {d.get("name", n): d for n, d in g.nodes(data=True)}
    assert nodes["Russia"]["type"] == "state"
    assert nodes["Hamas"]["type"]  # never None
    data = [d for _, _, d in g.edges(data=True)]
    sup = next(d for d in data if d["relation"] == "support")
    assert sup["outlets"] == "AP" and int(sup["sign"]) == 1 and float(sup["weight"]) == 1.0
    coop = next(d for d in data if d["relation"] == "cooperate")
    assert coop["first_seen"] == ""  # an undated edge: an empty string, not None
    for d in data:
        assert all(v is not None and not isinstance(v, list) for v in d.values())


def test_csv_json_parquet(store, tmp_path):
    export_edges(store, "csv", tmp_path / "e.csv")
    df = pd.read_csv(tmp_path / "e.csv")
    assert set(df["relation"]) == {"support", "attack", "cooperate"}
    assert df.loc[df["relation"] == "support", "speakers"].item() == "Kyiv"
    export_edges(store, "json", tmp_path / "e.json")
    data = json.loads((tmp_path / "e.json").read_text())
    g = nx.node_link_graph(data, edges="links")
    assert g.number_of_edges() == 3 and g.is_multigraph()
    export_edges(store, "parquet", tmp_path / "e.parquet", relation="attack")
    pq = pd.read_parquet(tmp_path / "e.parquet")
    assert list(pq["subject"]) == ["ISIS-K"] and list(pq["outlets"][0]) == ["AP"]


def test_neo4j_bundle(store, tmp_path):
    folder = tmp_path / "neo"
    export_edges(store, "neo4j", folder)
    with open(folder / "nodes.csv") as f:
        nodes = list(csv.DictReader(f))
    assert {"id:ID", ":LABEL"} <= set(nodes[0]) and len(nodes) == 3
    with open(folder / "relationships.csv") as f:
        rels = list(csv.DictReader(f))
    assert {r[":TYPE"] for r in rels} == {"SUPPORT", "ATTACK", "COOPERATE"}
    ids = {n["id:ID"] for n in nodes}
    assert all(r[":START_ID"] in ids and r[":END_ID"] in ids for r in rels)
    cypher = (folder / "import.cypher").read_text()
    assert "LOAD CSV" in cypher and ":SUPPORT" in cypher
    assert "neo4j-admin" in (folder / "README.md").read_text()


def test_bad_format_and_paths(store, tmp_path):
    with pytest.raises(Exception, match="unknown export format"):
        export_edges(store, "xlsx", tmp_path / "x")
    with pytest.raises(Exception, match="is a folder"):
        export_edges(store, "csv", tmp_path)
    with pytest.raises(Exception, match="does not exist"):
        export_edges(store, "csv", tmp_path / "nope" / "e.csv")
