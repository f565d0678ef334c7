"""`rashomon export`: claims, mentions, actors, documents, edges or labels as JSONL, CSV or Parquet."""

from __future__ import annotations

import csv
import json
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import typer

from rashomon.errors import UserError
from rashomon.graph.export import export_edges as graph_export
from rashomon.records import CLAIM_COLUMNS, CLAIM_KEYS, claim_record
from rashomon.store import open_store

if TYPE_CHECKING:  # the CLI starts without the store (start-up)
    from rashomon.store.base import Store

KEYS = {
    "claims": CLAIM_KEYS,
    "mentions": ("doc", "actor", "text", "start", "end", "name", "kind"),
    "documents": ("doc", "title", "source", "published", "language", "duplicate_of"),
    "actors": ("id", "name", "type", "parent", "aliases", "mentions"),
    "labels": ("doc", "kind", "value", "score", "actor", "target", "fine", "evidence", "model"),
}
WHAT = ("claims", "mentions", "actors", "documents", "edges", "labels")
FORMATS = ("jsonl", "csv", "parquet")
GRAPH_FORMATS = ("graphml", "gexf", "json", "neo4j")  # edges only

HELP = """Export stored results as JSONL, CSV or Parquet (to stdout, or to -o FILE).

WHAT is one of: claims, mentions, actors, documents, edges, labels.
Edges may also be written as graphml, gexf, json or neo4j (a folder; needs -o).
In CSV, nested fields are flattened (evidence -> evidence_start, evidence_end,
evidence_text); lists are written as JSON. Parquet needs -o.

Examples:

  rashomon export claims --format jsonl > claims.jsonl

  rashomon export mentions --db news.duckdb --format csv -o mentions.csv

  rashomon export documents --format parquet -o documents.parquet
"""

CLAIMS_SQL = f"""
SELECT {CLAIM_COLUMNS}, d.published, d.source AS outlet
FROM claims c JOIN documents d ON d.id = c.doc
ORDER BY c.doc, c.idx
"""
MENTIONS_SQL = """
SELECT doc, actor, text, start_char, end_char, name, kind FROM mentions ORDER BY doc, idx
"""
DOCUMENTS_SQL = """
SELECT id, title, source, published, language, duplicate_of FROM documents ORDER BY id
"""
ACTORS_SQL = """
SELECT a.id, a.name, a.type, a.parent, a.aliases, COALESCE(m.n, 0) AS n
FROM actors a LEFT JOIN (SELECT actor, count(*) AS n FROM mentions GROUP BY actor) m
  ON m.actor = a.id
ORDER BY a.id
"""
UNLISTED_ACTORS_SQL = """
SELECT actor, min(name) AS name, min(type) AS type, count(*) AS n FROM mentions
WHERE actor NOT IN (SELECT id FROM actors) GROUP BY actor ORDER BY actor
"""
LABELS_SQL = """
SELECT doc, kind, value, score, actor, target_start, target_end, target_text, fine, evidence, model
FROM labels ORDER BY doc, idx
"""


def register(app: typer.Typer) -> None:
    """Add `export` to the `rashomon` app."""
    app.command("export", help=HELP, no_args_is_help=True)(export)


def export(
    what: str = typer.Argument(..., metavar="WHAT", help=" | ".join(WHAT)),
    db: str = typer.Option("rashomon.duckdb", "--db", envvar="RASHOMON_DB",
                           help="DuckDB file or postgresql:// URL."),
    fmt: str = typer.Option("jsonl", "--format", "-f", metavar="jsonl|csv|parquet", help="Output format."),
    out: Path | None = typer.Option(None, "--output", "-o", help="Output file (default: stdout)."),
) -> None:
    if what not in WHAT:
        raise UserError(f"cannot export {what!r}: choose one of {', '.join(WHAT)}")
    allowed = FORMATS + GRAPH_FORMATS if what == "edges" else FORMATS
    if fmt not in allowed:
        raise UserError(f"unknown format {fmt!r} for {what}: choose one of {', '.join(allowed)}")
    if fmt in ("parquet", "neo4j") and out is None:
        raise UserError(f"{fmt} output needs a file: add -o FILE")
    if out is not None and out.parent and not out.parent.exists():
        raise UserError(f"folder {out.parent} does not exist")
    store = open_store(db, read_only=True)
    try:
        if what == "edges":
            export_edges(store, fmt, out)
        else:
            write(list(records(store, what)), fmt, out, KEYS[what])
    finally:
        store.close()


def export_edges(store: Store, fmt: str, out: Path | None) -> None:
    """Edges from the graph package: its own formats as they are; jsonl/csv through Parquet."""
    if fmt == "parquet" or (fmt in GRAPH_FORMATS and out is not None):
        graph_export(store, fmt, out)
        return
    with tempfile.TemporaryDirectory() as tmp:
        if fmt in GRAPH_FORMATS:  # a text format to stdout
            f = Path(tmp) / f"edges.{fmt}"
            graph_export(store, fmt, f)
            sys.stdout.write(f.read_text(encoding="utf-8"))
            return
        import pyarrow.parquet as pq  # noqa: PLC0415 - heavy

        f = Path(tmp) / "edges.parquet"
        graph_export(store, "parquet", f)
        table = pq.read_table(f)
        write(table.to_pylist(), fmt, out, tuple(table.column_names))


def records(store: Store, what: str) -> Iterator[dict[str, Any]]:
    """The exported records of one kind, as plain dicts (nested where the format says so)."""
    if what == "claims":
        for r in store.query(CLAIMS_SQL):
            yield claim_record(r, extra=False)
    elif what == "mentions":
        for r in store.query(MENTIONS_SQL):
            yield {"doc": r["doc"], "actor": r["actor"], "text": r["text"], "start": r["start_char"],
                   "end": r["end_char"], "name": r["name"], "kind": r["kind"]}
    elif what == "documents":
        for r in store.query(DOCUMENTS_SQL):
            yield {"doc": r["id"], "title": r["title"], "source": r["source"],
                   "published": r["published"], "language": r["language"],
                   "duplicate_of": r["duplicate_of"]}
    elif what == "actors":
        yield from _actors(store)
    elif what == "labels":
        yield from (_label(r) for r in store.query(LABELS_SQL))


def _actors(store: Store) -> Iterator[dict[str, Any]]:
    for r in store.query(ACTORS_SQL):
        yield {"id": r["id"], "name": r["name"], "type": r["type"], "parent": r["parent"],
               "aliases": _json_list(r["aliases"]), "mentions": int(r["n"])}
    for r in store.query(UNLISTED_ACTORS_SQL):
        yield {"id": r["actor"], "name": r["name"], "type": r["type"], "parent": None,
               "aliases": [], "mentions": int(r["n"])}


def _label(r: dict[str, Any]) -> dict[str, Any]:
    target = None
    if r["target_start"] is not None:
        target = {"start": r["target_start"], "end": r["target_end"], "text": r["target_text"]}
    return {"doc": r["doc"], "kind": r["kind"], "value": r["value"], "score": r["score"],
            "actor": r["actor"], "target": target, "fine": _json_list(r["fine"]),
            "evidence": _json_list(r["evidence"]), "model": r["model"]}


def _json_list(value: str | None) -> list[Any]:
    if not value:
        return []
    try:
        v = json.loads(value)
    except json.JSONDecodeError:
        return [value]
    return v if isinstance(v, list) else [v]


def flatten(rec: dict[str, Any]) -> dict[str, Any]:
    """One CSV row: {start, end, text} dicts become key_start/key_end/key_text; lists become JSON."""
    row: dict[str, Any] = {}
    for k, v in rec.items():
        if isinstance(v, dict) or (v is None and k in ("evidence", "target")):
            for sub in ("start", "end", "text"):
                row[f"{k}_{sub}"] = v.get(sub) if v else None
        elif isinstance(v, list):
            row[k] = json.dumps(v, ensure_ascii=False)
        else:
            row[k] = v
    return row


def write(recs: list[dict[str, Any]], fmt: str, out: Path | None, keys: tuple[str, ...] = ()) -> None:
    """Records to JSONL/CSV (a file, or stdout) or Parquet (a file); empty output keeps the columns."""
    if fmt == "parquet":
        import pyarrow as pa  # noqa: PLC0415 - heavy
        import pyarrow.parquet as pq  # noqa: PLC0415 - heavy

        assert out is not None
        table = pa.Table.from_pylist(recs) if recs else pa.table({k: pa.array([]) for k in keys})
        pq.write_table(table, out)
        return
    stream: TextIO = open(out, "w", encoding="utf-8", newline="") if out else sys.stdout
    try:
        if fmt == "jsonl":
            for rec in recs:
                stream.write(json.dumps(rec, ensure_ascii=False) + "\n")
        else:
            rows = [flatten(r) for r in recs]
            fields = list(rows[0]) if rows else list(flatten(dict.fromkeys(keys)))
            w = csv.DictWriter(stream, fieldnames=fields)
            w.writeheader()
            w.writerows(rows)
    finally:
        if out:
            stream.close()
        else:
            stream.flush()
