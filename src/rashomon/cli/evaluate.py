"""`rashomon eval ...`: score components against gold files."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from rashomon import eval as scorers
from rashomon.errors import UserError
from rashomon.store import open_store

eval_app = typer.Typer(help="Score Rashomon against gold annotations.", no_args_is_help=True)


@eval_app.command("claims")
def eval_claims(
    gold: Path = typer.Option(..., "--gold", help="gold claims (JSON Lines, spec/claims.md)"),
    docs: list[Path] = typer.Option([], "--docs", help="folder(s) holding the gold documents (searched recursively)"),
    pred: Path | None = typer.Option(None, "--pred", help="predicted claims (JSON Lines, same schema)"),
    db: str | None = typer.Option(None, "--db", help="score the claims stored in this database"),
    fmt: str = typer.Option("table", "--format", help="table | json"),
    embeddings: bool = typer.Option(False, "--embeddings/--no-embeddings", help="use the embedding fallback"),
    baseline: bool = typer.Option(False, "--baseline", help="also score the co-occurrence baseline"),
) -> None:
    """Score relation claims: exact and coarse P/R/F1, attribution and hedging accuracy.

    Example: rashomon eval claims --gold ../shared/gold/claims-dev.jsonl --docs ../shared/corpus
    """
    if fmt not in ("table", "json"):
        raise UserError(f"--format must be table or json, not {fmt!r}")
    gold_rows = scorers.claims.load_jsonl(gold)
    if not gold_rows:
        raise UserError(f"{gold} holds no gold claims")
    names = {g["doc"] for g in gold_rows}
    doc_objs = None
    if pred is not None:
        rows = scorers.claims.load_jsonl(pred)
    elif db is not None:
        rows = _rows_from_db(db, names)
    else:
        if not docs:
            raise UserError("give --docs DIR (to run the pipeline), --pred FILE or --db DB")
        paths = scorers.claims.find_docs(names, docs)
        missing = sorted(names - set(paths))
        if len(missing) == len(names):
            raise UserError(f"none of the {len(names)} gold documents was found under {', '.join(map(str, docs))}")
        doc_objs = scorers.claims.analyse_files(paths, {"claims": {"embeddings": embeddings}})
        rows = scorers.claims.claim_rows(doc_objs, name=lambda d: d.id)
    kb = scorers.claims.load_kb()
    result = scorers.claims.score(rows, gold_rows, kb)
    out = {"rashomon": result}
    if baseline:
        if doc_objs is None:
            paths = scorers.claims.find_docs(names, docs) if docs else {}
            doc_objs = scorers.claims.analyse_files(paths, components=("sentences", "gazetteer")) if paths else []
        base = scorers.claims.cooccurrence_baseline(doc_objs, scorers.claims.most_frequent_relation(gold_rows),
                                        name=lambda d: d.id)
        out["baseline"] = scorers.claims.score(base, gold_rows, kb)
    if fmt == "json":
        for r in out.values():
            r.pop("documents", None)
        typer.echo(json.dumps(out, indent=2))
        return
    for label, r in out.items():
        typer.echo(f"== {label}")
        typer.echo(scorers.claims.format_table(r))
        typer.echo("")


def _rows_from_db(db: str, names: set[str]) -> list[dict]:
    store = open_store(db)
    rows = store.query(
        "SELECT c.subject, c.relation, c.object, c.negated, c.hedged, c.source, c.ev_text, "
        "d.id AS doc_id, d.path AS doc_path FROM claims c JOIN documents d ON c.doc = d.id"
    )
    out = []
    for r in rows:
        path_name = Path(r["doc_path"]).name if r.get("doc_path") else None
        doc = path_name if path_name in names else r["doc_id"]
        out.append({"doc": doc, "subject": r["subject"], "relation": r["relation"],
                    "object": r["object"], "negated": bool(r["negated"]),
                    "hedged": bool(r["hedged"]), "source": r["source"], "evidence": r["ev_text"]})
    return out


def register(app: typer.Typer) -> None:
    """Add `rashomon eval` (and its sub-commands) to the app."""
    app.add_typer(eval_app, name="eval")
