"""`rashomon actors ...`: list, show, unknown, add, alias, merge."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer
from rich.table import Table

from rashomon.cli.output import Console
from rashomon.errors import UserError
from rashomon.nlp import actors
from rashomon.store import open_store

DB_HELP = "DuckDB file or postgresql:// URL."
KB_HELP = "User knowledge-base YAML file (default: $RASHOMON_KB or ./rashomon_actors.yaml)."
out = Console(highlight=False)


def register(app: typer.Typer) -> None:
    """Add the `actors` command group to the `rashomon` app."""
    sub = typer.Typer(
        help="The actor knowledge base: look actors up, review unknown actors, add your own.\n\n"
        "Example:  rashomon actors show Kremlin",
        no_args_is_help=True,
    )
    sub.command("list", help="List known actors.\n\nExample:  rashomon actors list --type state")(list_actors)
    sub.command("show", help="Show one actor: id, type, parent chain, aliases, mention counts.\n\n"
                "Example:  rashomon actors show Houthis --db news.duckdb")(show)
    sub.command("unknown", help="Actors found by NER that the KB does not know, most frequent first.\n\n"
                "Example:  rashomon actors unknown --db news.duckdb --limit 20")(unknown)
    sub.command("add", help="Add an actor to your user KB file.\n\n"
                "Example:  rashomon actors add \"Wagner Group\" --type armed_group --alias Wagner "
                "--parent Russia")(add)
    sub.command("alias", help="Add an alias to a known actor (written to your user KB file).\n\n"
                "Example:  rashomon actors alias Houthis \"Ansarullah\"")(alias)
    sub.command("merge", help="Merge an unknown actor (or a name) into a known actor, as an alias.\n\n"
                "Example:  rashomon actors merge unk:ansarullah Houthis --db news.duckdb")(merge)
    app.add_typer(sub, name="actors")


def _user_file(kb_file: Path | None) -> Path:
    return kb_file or actors.kb.user_kb_path()


def _kb(kb_file: Path | None) -> Any:
    extra = (kb_file,) if kb_file is not None and kb_file.exists() else ()
    return actors.kb.load_kb(extra)


def _store(db: str, must_exist: bool) -> Any:
    if not db.startswith(("postgresql://", "postgres://")) and not Path(db).exists():
        if must_exist:
            raise UserError(f"no database at {db}: run `rashomon analyze` first (or pass --db)")
        return None
    return open_store(db)


def list_actors(
    type_: str | None = typer.Option(None, "--type", help="Only this type (state, person, armed_group...)."),
    kb_file: Path | None = typer.Option(None, "--kb", help=KB_HELP),
    db: str = typer.Option("rashomon.duckdb", "--db", envvar="RASHOMON_DB", help=DB_HELP),
    derived: bool = typer.Option(False, "--derived", help="Also list derived state institutions "
                                 "(\"Russian intelligence\", \"Iranian parliament\"...)."),
) -> None:
    kb = _kb(kb_file)
    table = Table(show_header=True, header_style="bold")
    for col in ("id", "name", "type", "parent", "aliases"):
        table.add_column(col)
    n = 0
    for a in sorted(kb.actors, key=lambda a: (a.type, a.name)):
        if (type_ and a.type != type_) or (a.origin == "derived" and not derived):
            continue
        par = kb.get(a.parent).name if a.parent and kb.get(a.parent) else ""
        table.add_row(a.id, a.name, a.type, par, ", ".join(a.aliases[:4]))
        n += 1
    if not n:
        raise UserError(f"no actors of type {type_!r}" if type_ else "the knowledge base is empty")
    out.print(table)


def show(
    name: str = typer.Argument(..., help="Actor id, name, alias or any surface form."),
    kb_file: Path | None = typer.Option(None, "--kb", help=KB_HELP),
    db: str = typer.Option("rashomon.duckdb", "--db", envvar="RASHOMON_DB", help=DB_HELP),
) -> None:
    kb = _kb(kb_file)
    a = kb.get(name) or actors.resolve.resolve(kb, name)
    if a is None and not name.startswith("unk:"):
        raise UserError(f"no actor matches {name!r}; try: rashomon actors unknown")
    lines: list[tuple[str, str]] = []
    if a is not None:
        chain = " -> ".join(f"{p.name} ({p.id})" for p in kb.ancestors(a.id)) or "-"
        lines += [("id", a.id), ("name", a.name), ("type", a.type), ("origin", a.origin),
                  ("country", a.country or "-"), ("parent chain", chain),
                  ("role", a.role or "-"), ("aliases", ", ".join(a.aliases) or "-")]
        for f in ("metonyms", "demonyms", "adjectives"):
            if getattr(a, f):
                lines.append((f, ", ".join(getattr(a, f))))
        for lang, ns in sorted(a.names.items()):
            lines.append((f"names[{lang}]", ", ".join(ns)))
    aid = a.id if a is not None else name
    store = _store(db, must_exist=False)
    if store is not None:
        with store:
            rows = store.query("SELECT count(*) AS n, count(DISTINCT doc) AS d FROM mentions WHERE actor = ?",
                               [aid])
            kinds = store.query("SELECT kind, count(*) AS n FROM mentions WHERE actor = ? GROUP BY kind "
                                "ORDER BY n DESC", [aid])
        lines.append(("mentions", f"{rows[0]['n']} in {rows[0]['d']} documents"
                      + (" (" + ", ".join(f"{k['kind']} {k['n']}" for k in kinds) + ")" if kinds else "")))
    if a is None and (store is None or not rows[0]["n"]):
        raise UserError(f"no actor matches {name!r}")
    from rich.markup import escape  # noqa: PLC0415 - start-up: rich parts load on use

    for k, v in lines:
        out.print(f"[bold]{escape(k):>14}[/bold]  {escape(v)}")


def unknown(
    db: str = typer.Option("rashomon.duckdb", "--db", envvar="RASHOMON_DB", help=DB_HELP),
    limit: int = typer.Option(30, "--limit", min=1, help="How many to list."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
) -> None:
    store = _store(db, must_exist=True)
    with store:
        clusters = actors.unknown.unknown_clusters(store, limit)
    if as_json:
        print(json.dumps(clusters, ensure_ascii=False, indent=1))
        return
    if not clusters:
        out.print("no unknown actors")
        return
    table = Table(show_header=True, header_style="bold")
    for col in ("id", "type", "mentions", "docs", "surface forms"):
        table.add_column(col, justify="right" if col in ("mentions", "docs") else "left")
    for c in clusters:
        table.add_row(c["id"], c["type"] or "", str(c["mentions"]), str(c["docs"]), " | ".join(c["forms"]))
    out.print(table)
    out.print("add one with: rashomon actors merge <id> <actor>  or  rashomon actors add <name> --type <t>")


def add(
    name: str = typer.Argument(..., help="Canonical name."),
    type_: str = typer.Option(..., "--type", help="state, person, armed_group, organisation, party, agency..."),
    aliases: list[str] = typer.Option([], "--alias", help="Another name (repeatable)."),
    parent: str | None = typer.Option(None, "--parent", help="Parent actor id or name."),
    kb_file: Path | None = typer.Option(None, "--kb", help=KB_HELP),
    db: str = typer.Option("rashomon.duckdb", "--db", envvar="RASHOMON_DB", help=DB_HELP),
) -> None:
    path = _user_file(kb_file)
    aid = actors.userkb.add_actor(path, _kb(kb_file), name, type_, aliases, parent)
    out.print(f"added {name} ({aid}) to {path}")


def alias(
    actor: str = typer.Argument(..., help="Actor id or name."),
    new_alias: str = typer.Argument(..., metavar="ALIAS", help="The new alias."),
    kb_file: Path | None = typer.Option(None, "--kb", help=KB_HELP),
    db: str = typer.Option("rashomon.duckdb", "--db", envvar="RASHOMON_DB", help=DB_HELP),
) -> None:
    path = _user_file(kb_file)
    kb = _kb(kb_file)
    a = actors.userkb.find_actor(kb, actor)
    if actors.userkb.add_aliases(path, kb, a, [new_alias]):
        out.print(f"{new_alias!r} -> {a.name} ({a.id}), written to {path}")
    else:
        out.print(f"{new_alias!r} already names {a.name}")


def merge(
    source: str = typer.Argument(..., metavar="UNKNOWN_OR_ALIAS", help="unk:<name> id, user actor or a name."),
    into: str = typer.Argument(..., metavar="INTO_ACTOR", help="Known actor id or name."),
    kb_file: Path | None = typer.Option(None, "--kb", help=KB_HELP),
    db: str = typer.Option("rashomon.duckdb", "--db", envvar="RASHOMON_DB", help=DB_HELP),
) -> None:
    path = _user_file(kb_file)
    kb = _kb(kb_file)
    target = actors.userkb.find_actor(kb, into)
    forms: list[str] = []
    old_id = source
    if source.startswith("unk:"):
        forms.append(source[4:])
    else:
        known = kb.get(source) or kb.by_name(source)
        if known is not None and known.id == target.id:
            raise UserError(f"{source!r} already names {target.name}")
        if known is not None and known.origin == "user":
            rec = actors.userkb.remove_user_actor(path, known.id) or {}
            forms += [known.name, *(rec.get("aliases") or [])]
            old_id = known.id
        elif known is not None:
            raise UserError(f"{source!r} is the packaged actor {known.name} ({known.id}); "
                            "packaged actors cannot be merged")
        else:
            forms.append(source)
            old_id = "unk:" + source.casefold()
    store = _store(db, must_exist=False)
    moved = 0
    if store is not None:
        with store:
            rows = store.query("SELECT DISTINCT text FROM mentions WHERE actor = ?", [old_id])
            forms += [r["text"] for r in rows]
            moved = int(store.query("SELECT count(*) AS n FROM mentions WHERE actor = ?", [old_id])[0]["n"])
            with store.transaction():
                store.execute("UPDATE mentions SET actor = ?, name = ?, type = ? WHERE actor = ?",
                              [target.id, target.name, target.type, old_id])
                store.execute("DELETE FROM actors WHERE id = ?", [old_id])
    kb = _kb(kb_file)
    forms = [f for f in dict.fromkeys(forms) if kb.by_name(f) is None or kb.by_name(f).id == target.id]
    new = actors.userkb.add_aliases(path, kb, target, forms)
    out.print(f"merged {source} into {target.name} ({target.id}); new aliases: {', '.join(new) or '-'}"
              + (f"; {moved} stored mentions moved" if store is not None else ""))
