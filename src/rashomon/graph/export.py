"""Export the edge table: GraphML, GEXF (Gephi), CSV, JSON node-link, Parquet, Neo4j bundle.

Each edge carries its pair's ``state`` (agreed, contested, mixed; see ``voices``).

GraphML and GEXF hold only strings and numbers (Gephi rejects None and lists): list
attributes become "; "-joined strings with a count beside them, missing dates "".
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Unpack

from rashomon.errors import UserError
from rashomon.graph.edges import edges
from rashomon.graph.load import KB_ERRORS, FilterArgs, Filters
from rashomon.graph.voices import pairs, with_states
from rashomon.hooks import call_hook
from rashomon.nlp import actors
from rashomon.store.base import Store

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd

FORMATS = ("graphml", "gexf", "csv", "json", "parquet", "neo4j")


def _join(values: Any) -> str:
    return "; ".join("(outlet)" if v is None else str(v) for v in (values or []))


def _text(v: Any) -> str:
    import pandas as pd  # noqa: PLC0415 - heavy

    return "" if v is None or (isinstance(v, float) and pd.isna(v)) else str(v)


def actor_types(store: Store, names: set[str]) -> dict[str, str]:
    """name -> actor type, from the store's actors table, else the KB, else "unknown"."""
    types = {r["name"]: r["type"] for r in store.query("SELECT name, type FROM actors")
             if r["type"]}
    missing = [n for n in names if n not in types]
    if missing:
        try:
            kb = actors.kb.load_kb()
            for n in missing:
                a = kb.by_name(n)
                if a is not None and a.type:
                    types[n] = a.type
        except KB_ERRORS:  # no usable KB: types stay unknown
            pass
    return {n: types.get(n) or "unknown" for n in names}


def flat_edges(df: pd.DataFrame) -> pd.DataFrame:
    """The edge table with lists as joined strings plus counts (for CSV and Neo4j)."""
    df = df.copy()
    df["n_outlets"] = df["outlets"].map(len)
    df["n_speakers"] = df["speakers"].map(len)
    df["outlets"] = df["outlets"].map(_join)
    df["speakers"] = df["speakers"].map(_join)
    for col in ("first_seen", "last_seen"):
        df[col] = df[col].map(_text)
    return df


def to_networkx(df: pd.DataFrame, types: dict[str, str]) -> nx.MultiDiGraph:
    import networkx as nx  # noqa: PLC0415 - heavy

    g = nx.MultiDiGraph()
    for name in sorted(types):
        g.add_node(name, name=name, type=types[name])
    for r in flat_edges(df).itertuples():
        g.add_edge(r.subject, r.object, key=r.relation, relation=r.relation, sign=int(r.sign),
                   weight=float(r.weight), claims=int(r.claims), outlets=r.outlets,
                   n_outlets=int(r.n_outlets), speakers=r.speakers,
                   negated=int(r.negated), hedged=int(r.hedged), state=r.state,
                   first_seen=r.first_seen, last_seen=r.last_seen)
    return g


def _node_link(df: pd.DataFrame, types: dict[str, str]) -> dict[str, Any]:
    links = []
    for r in df.to_dict("records"):
        links.append({
            "source": r["subject"], "target": r["object"], "key": r["relation"],
            "relation": r["relation"], "sign": int(r["sign"]), "weight": float(r["weight"]),
            "claims": int(r["claims"]), "positive": int(r["positive"]),
            "negated": int(r["negated"]), "hedged": int(r["hedged"]),
            "outlets": list(r["outlets"]), "speakers": list(r["speakers"]),
            "state": r["state"], "first_seen": r["first_seen"] or None, "last_seen": r["last_seen"] or None,
        })
    return {
        "directed": True, "multigraph": True, "graph": {"name": "rashomon"},
        "nodes": [{"id": n, "name": n, "type": t} for n, t in sorted(types.items())],
        "links": links,
    }


def _neo4j(df: pd.DataFrame, types: dict[str, str], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "nodes.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id:ID", "name", "type", ":LABEL"])
        for n, t in sorted(types.items()):
            w.writerow([n, n, t, "Actor"])
    flat = flat_edges(df)
    with open(folder / "relationships.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow([":START_ID", ":END_ID", ":TYPE", "relation", "sign:int", "weight:float",
                    "claims:int", "negated:int", "hedged:int", "outlets", "n_outlets:int",
                    "speakers", "state", "first_seen", "last_seen"])
        for r in flat.itertuples():
            w.writerow([r.subject, r.object, r.relation.upper(), r.relation, int(r.sign),
                        float(r.weight), int(r.claims), int(r.negated), int(r.hedged),
                        r.outlets, int(r.n_outlets), r.speakers, r.state, r.first_seen,
                        r.last_seen])
    cypher = [
        "// Alternative to neo4j-admin: copy nodes.csv and relationships.csv into Neo4j's",
        "// import folder, then run this script (e.g. cypher-shell -f import.cypher).",
        "CREATE CONSTRAINT actor_id IF NOT EXISTS FOR (a:Actor) REQUIRE a.id IS UNIQUE;",
        "LOAD CSV WITH HEADERS FROM 'file:///nodes.csv' AS row",
        "MERGE (a:Actor {id: row.`id:ID`}) SET a.name = row.name, a.type = row.type;",
    ]
    for rel in sorted(set(df["relation"])):
        cypher += [
            "LOAD CSV WITH HEADERS FROM 'file:///relationships.csv' AS row",
            f"WITH row WHERE row.`:TYPE` = '{rel.upper()}'",
            "MATCH (s:Actor {id: row.`:START_ID`}), (o:Actor {id: row.`:END_ID`})",
            f"CREATE (s)-[:{rel.upper()} {{relation: row.relation, sign: toInteger(row.`sign:int`), "
            "weight: toFloat(row.`weight:float`), claims: toInteger(row.`claims:int`), "
            "outlets: row.outlets, state: row.state, first_seen: row.first_seen, "
            "last_seen: row.last_seen}]->(o);",
        ]
    (folder / "import.cypher").write_text("\n".join(cypher) + "\n", encoding="utf-8")
    (folder / "README.md").write_text(
        "Rashomon graph for Neo4j. Bulk import into an empty database:\n"
        "neo4j-admin database import full --nodes=nodes.csv --relationships=relationships.csv neo4j\n"
        "or, into a running database, run import.cypher (LOAD CSV) after copying the CSV files "
        "into Neo4j's import folder.\n",
        encoding="utf-8",
    )


def plugin_formats() -> dict[str, Callable[[pd.DataFrame, Path], None]]:
    """Export formats plugins add (hook ``export_formats``): name -> writer(edges, path)."""
    return {k.lower(): fn for found in call_hook("export_formats") for k, fn in (found or {}).items()}


def export_edges(
    store: Store,
    fmt: str,
    out: str | Path,
    filters: Filters | None = None,
    **kw: Unpack[FilterArgs],
) -> int:
    """Write the edge table to ``out`` (a folder for neo4j); return the number of edges."""
    import networkx as nx  # noqa: PLC0415 - heavy

    fl = Filters.of(filters, **kw)
    fmt = fmt.lower()
    extra = {} if fmt in FORMATS else plugin_formats()
    if fmt not in FORMATS and fmt not in extra:
        known = [*FORMATS, *sorted(extra)]
        raise UserError(f"unknown export format {fmt!r}; choose from {', '.join(known)}")
    out = Path(out)
    if fmt != "neo4j" and out.is_dir():
        raise UserError(f"{out} is a folder; give a file name for --format {fmt}")
    if fmt == "neo4j" and out.exists() and not out.is_dir():
        raise UserError(f"{out} is a file; --format neo4j writes a folder")
    parent = out if fmt == "neo4j" else out.parent
    if not parent.exists() and fmt != "neo4j":
        raise UserError(f"folder {parent} does not exist")
    df = with_states(edges(store, fl), pairs(store, fl))
    if fmt in extra:
        extra[fmt](df, out)
        return len(df)
    names = set(df["subject"]) | set(df["object"])
    types = actor_types(store, names) if names else {}
    if fmt == "graphml":
        nx.write_graphml(to_networkx(df, types), out)
    elif fmt == "gexf":
        nx.write_gexf(to_networkx(df, types), out)
    elif fmt == "csv":
        flat_edges(df).to_csv(out, index=False)
    elif fmt == "json":
        out.write_text(json.dumps(_node_link(df, types), ensure_ascii=False, indent=1,
                                  default=str), encoding="utf-8")
    elif fmt == "parquet":
        df.to_parquet(out, index=False)
    else:
        _neo4j(df, types, out)
    return len(df)
