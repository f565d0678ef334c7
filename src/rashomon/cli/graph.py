"""`rashomon graph`, `contradictions`, `compare`, `timeline`, `blocs`, `balance`."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import typer
from rich.table import Table

from rashomon import graph as g
from rashomon.cli.output import Console
from rashomon.doc import SYMMETRIC
from rashomon.errors import UserError
from rashomon.graph.load import parent_map, roots
from rashomon.graph.neighbourhood import records
from rashomon.graph.words import relations_phrase
from rashomon.store import open_store

if TYPE_CHECKING:  # the CLI starts without the store (start-up)
    from rashomon.store.base import Store

DB_HELP = "DuckDB file or postgresql:// URL."
EXAMPLES = "\n\nExamples:\n\n"


def _open(db: str) -> Any:
    if db.startswith(("postgresql://", "postgres://")):
        return open_store(db)
    return open_store(db, read_only=True, migrate=False)


def _filters(since: str | None, until: str | None, relation: str | None, outlet: str | None,
             source: str | None, rollup: bool) -> dict[str, Any]:
    return {"since": since, "until": until, "relation": relation, "outlet": outlet,
            "source": source, "rollup": rollup}


def _json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=1, default=str))


def _fmt(value: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise UserError(f"--format must be one of {', '.join(allowed)}, got {value!r}")
    return value


def _names(values: list[Any], n: int = 4) -> str:
    vals = ["(own voice)" if v is None else str(v) for v in values]
    return ", ".join(vals[:n]) + (f" +{len(vals) - n}" if len(vals) > n else "")


def _rels(rel: dict[str, int]) -> str:
    return relations_phrase(rel)


# common options
DB = typer.Option("rashomon.duckdb", "--db", envvar="RASHOMON_DB", help=DB_HELP)
SINCE = typer.Option(None, "--since", metavar="DATE", help="Only claims dated on or after DATE (YYYY[-MM[-DD]]): the date the text gives, else publication.")
UNTIL = typer.Option(None, "--until", metavar="DATE", help="Only claims dated up to DATE, inclusive (the date the text gives, else publication).")
RELATION = typer.Option(None, "--relation", metavar="R", help="Only these relations (comma list): ally, cooperate, support, oppose, attack, part_of.")
OUTLET = typer.Option(None, "--outlet", metavar="O", help="Only what this outlet published.")
SOURCE = typer.Option(None, "--source", metavar="S", help="Only claims attributed to this speaker ('none': the outlets' own voice).")
ROLLUP = typer.Option(False, "--rollup/--no-rollup", help="Roll people and agencies up to their state or group (Putin -> Russia).")

CONTESTED = typer.Option(False, "--contested", help="Count contested and mixed pairs too (default: only what independent sources agree on).")
LENSES = (
    "Lenses: the record overall (default), one outlet (--outlet O), one speaker "
    "(--source S) or the articles' own voice (--source none). Pairs are agreed (two "
    "independent outlets and voices say so), contested (one side only, or denied) or "
    "mixed (strong evidence both ways)."
)

NEIGHBOURS = 50  # allies and enemies shown per actor unless --all

GRAPH_HELP = (
    "Who stands with whom: an actor's allies and enemies, or the whole map.\n\n"
    "With --actor: its allies and enemies (stance from -1 to 1, evidence weight), the "
    "outlets and speakers that say so, and how the strongest ties changed over time. "
    "Without: the strongest alliances and enmities, the blocs, and the number of "
    "unbalanced triads. Names resolve through the knowledge base (Kremlin -> Russia). "
    f"An actor shows its strongest {NEIGHBOURS} allies and {NEIGHBOURS} enemies (by net "
    "evidence); --all shows every one (slower for a hub with thousands).\n\n" + LENSES
    + EXAMPLES
    + "  rashomon graph --actor Russia\n\n"
    "  rashomon graph --actor Kremlin --since 2022 --rollup\n\n"
    "  rashomon graph --relation support,attack --format json"
)


def graph_cmd(
    actor: str | None = typer.Option(None, "--actor", "-a", help="Actor name (any alias)."),
    depth: int = typer.Option(1, "--depth", min=1, max=3, help="Neighbourhood depth (edges among neighbours at 2+)."),
    db: str = DB, since: str | None = SINCE, until: str | None = UNTIL,
    relation: str | None = RELATION, outlet: str | None = OUTLET, source: str | None = SOURCE,
    rollup: bool = ROLLUP,
    fmt: str = typer.Option("table", "--format", "-f", help="table or json."),
    top: int = typer.Option(10, "--top", min=1, help="Rows per table."),
    show_all: bool = typer.Option(False, "--all", help=f"With --actor: every ally and enemy, not the strongest {NEIGHBOURS}."),
    contested: bool = CONTESTED,
) -> None:
    _fmt(fmt, ("table", "json"))
    f = _filters(since, until, relation, outlet, source, rollup)
    with _open(db) as store:
        if actor:
            limit = None if show_all else max(NEIGHBOURS, top)
            return _actor_cmd(store, actor, depth, limit, not contested, f, fmt, top)
        st = g.pairs(store, **f)
        agreed = st if contested or st.empty else st[st["state"] == "agreed"]
        bl = g.blocs_from_stances(agreed) if not agreed.empty else []
        bal = (g.balance_from_stances(agreed) if not agreed.empty
               else {"balanced": 0, "unbalanced": 0})
    _overview(st, bl, bal, top, fmt)


def _actor_cmd(store: Store, actor: str, depth: int, limit: int | None, separate: bool,
               f: dict[str, Any], fmt: str, top: int) -> None:
    """``rashomon graph --actor``: the neighbourhood and timelines of the strongest ties."""
    name = g.resolve_actor(store, actor)
    if f.get("rollup"):
        name = roots(parent_map(store)).get(name, name)
    nb = g.neighbourhood(store, name, depth=depth, limit=limit, separate=separate, **f)
    hl = []
    for other in [x["actor"] for x in (nb["allies"][:3] + nb["enemies"][:3])]:
        t = g.timeline(store, name, other, **f)
        if len(t) > 1:
            hl.append({"actor": other, "timeline": g.describe_timeline(t)})
    nb["timeline"] = hl
    if fmt == "json":
        _json(nb)
        return
    _print_neighbourhood(nb, top)
    if limit and limit in (len(nb[k]) for k in ("allies", "enemies", "contested", "mixed")):
        Console().print(f"(the strongest {limit} of each; --all for every one)")


def _overview(st: Any, bl: list[dict[str, Any]], bal: dict[str, Any], top: int, fmt: str) -> None:
    """``rashomon graph`` without --actor: the strongest pairs per state, blocs, balance."""
    if not st.empty:
        ok = st["state"] == "agreed"
        pos, neg = st[ok & (st["stance"] > 0)].head(top), st[ok & (st["stance"] < 0)].head(top)
        cont = st[st["state"] == "contested"].head(top)
        mixed = st[st["state"] == "mixed"].head(top)
    else:
        pos = neg = cont = mixed = st
    if fmt == "json":
        _json({"alliances": records(pos), "enmities": records(neg),
               "contested": records(cont), "mixed": records(mixed), "blocs": bl,
               "balance": {k: bal[k] for k in ("balanced", "unbalanced")}})
        return
    con = Console()
    if st.empty:
        con.print("No claims match. Run `rashomon analyze` first, or widen the filters.")
        return
    for title, part, style in (("Strongest alliances (agreed)", pos, "green"),
                               ("Strongest enmities (agreed)", neg, "red"),
                               ("Contested (one side only, or denied)", cont, "yellow"),
                               ("Mixed (strong evidence both ways)", mixed, "magenta")):
        if part.empty:
            continue
        t = Table(title=title, title_style=f"bold {style}")
        for col in ("actor", "actor", "stance", "weight", "sources +/-", "relations", "outlets"):
            t.add_column(col, justify="right" if col in ("stance", "weight") else "left")
        for r in part.itertuples():
            t.add_row(r.a, r.b, f"{r.stance:+.2f}", f"{r.weight:g}",
                      f"{r.sources_for}/{r.sources_against}", _rels(r.relations),
                      _names(r.outlets))
        con.print(t)
    if bl:
        t = Table(title="Blocs (positive ties inside, negative between)", title_style="bold")
        t.add_column("#", justify="right")
        t.add_column("size", justify="right")
        t.add_column("actors")
        for b in bl[:top]:
            t.add_row(str(b["bloc"]), str(b["size"]), _names(b["actors"], 12))
        con.print(t)
    con.print(f"Triads: {bal['balanced']} balanced, {bal['unbalanced']} unbalanced "
              "(see `rashomon balance`).")

def _edge_label(actor: str, e: dict[str, Any]) -> str:
    """'support ->' (the actor does it), '<- attack' (done to it); with denials counted."""
    rel = e["relation"]
    if rel not in SYMMETRIC:
        rel = f"{rel} ->" if e["subject"] == actor else f"<- {rel}"
    if e["negated"]:
        rel += f" ({e['negated']} denied)" if e["negated"] < e["claims"] else " (denied)"
    return rel


def _print_neighbourhood(nb: dict[str, Any], top: int) -> None:
    con = Console()
    con.print(f"[bold]{nb['actor']}[/bold]: {len(nb['allies'])} allies, {len(nb['enemies'])} enemies, "
              f"{len(nb.get('contested', []))} contested, {len(nb.get('mixed', []))} mixed")
    sections = (("Allies (agreed by independent sources)", nb["allies"], "green"),
                ("Enemies (agreed by independent sources)", nb["enemies"], "red"),
                ("Contested (one side only, or denied)", nb.get("contested", []), "yellow"),
                ("Mixed (strong evidence both ways)", nb.get("mixed", []), "magenta"))
    for title, items, style in sections:
        if not items:
            continue
        more = f" (the strongest {top}; --top N for more)" if len(items) > top else ""
        t = Table(title=title + more, title_style=f"bold {style}")
        for col in ("actor", "stance", "weight", "sources +/-", "relations", "outlets",
                    "speakers", "seen"):
            t.add_column(col, justify="right" if col in ("stance", "weight") else "left")
        for x in items[:top]:
            rels = ", ".join(_edge_label(nb["actor"], e) for e in x["relations"])
            first, last = str(x["first_seen"] or "?")[:4], str(x["last_seen"] or "?")[:4]
            seen = first if first == last else f"{first}-{last}"
            t.add_row(x["actor"], f"{x['stance']:+.2f}", f"{x['weight']:g}",
                      f"{x.get('sources_for', 0)}/{x.get('sources_against', 0)}", rels,
                      _names(x["outlets"]), _names(x["speakers"]) or "(own voice)", seen)
        con.print(t)
    if not any(items for _, items, _ in sections):
        con.print("No signed claims about this actor match the filters.")
    for h in nb.get("timeline", []):
        con.print(f"  {nb['actor']} / {h['actor']}: {h['timeline']}")


CONTRA_HELP = (
    "Pairs of actors on which outlets or speakers disagree.\n\n"
    "Flags a pair when one voice puts it on one side and another voice on the other "
    "('Britain supports ISIS' vs 'Britain fights ISIS'), or one asserts what another "
    "denies. Ranked by the evidence on the weaker side; a pair only one voice describes "
    "both ways scores lower. Each item lists its claims with the evidence sentence."
    + EXAMPLES
    + "  rashomon contradictions --actor Britain\n\n"
    "  rashomon contradictions --format jsonl --limit 100 > contradictions.jsonl"
)


def contradictions_cmd(
    actor: str | None = typer.Option(None, "--actor", "-a", help="Only pairs with this actor."),
    db: str = DB, since: str | None = SINCE, until: str | None = UNTIL,
    relation: str | None = RELATION, outlet: str | None = OUTLET, source: str | None = SOURCE,
    rollup: bool = ROLLUP,
    fmt: str = typer.Option("table", "--format", "-f", help="table or jsonl (one item a line)."),
    limit: int = typer.Option(20, "--limit", "-n", min=1, help="Most items shown."),
) -> None:
    _fmt(fmt, ("table", "jsonl"))
    with _open(db) as store:
        name = g.resolve_actor(store, actor) if actor else None
        items = g.contradictions(store, actor=name, limit=limit,
                                 **_filters(since, until, relation, outlet, source, rollup))
    if fmt == "jsonl":
        for x in items:
            print(json.dumps(x, ensure_ascii=False, default=str))
        return
    con = Console()
    if not items:
        con.print("No contradictions: every pair is described alike by all voices.")
        return
    t = Table(title="Contradictions", title_style="bold")
    for col in ("pair", "score", "kind", "says +", "says -", "evidence"):
        t.add_column(col, justify="right" if col == "score" else "left", overflow="fold")
    for x in items:
        def side(s: list[dict[str, Any]]) -> str:
            return "; ".join(f"{v['outlet'] or '?'}" + (f" ({v['speaker']})" if v["speaker"] else "")
                             + f": {', '.join(v['relations'])}" for v in s[:3])
        ev = x["claims"][0]["evidence"]["text"] if x["claims"] else ""
        kind = x["kind"] + (" (same voice)" if x["same_voice"] else "")
        t.add_row(f"{x['a']} / {x['b']}", f"{x['score']:g}", kind, side(x["sides"]["+"]),
                  side(x["sides"]["-"]), ev[:120])
    con.print(t)


COMPARE_HELP = (
    "How two outlets describe the actor pairs they both write about.\n\n"
    "For each shared pair: each outlet's stance (-1..1) and relations; pairs on which the "
    "two take opposite sides come first." + EXAMPLES
    + "  rashomon compare RT BBC\n\n  rashomon compare 'Al Jazeera' Reuters --format json"
)


def compare_cmd(
    outlet_a: str = typer.Argument(..., metavar="OUTLET_A"),
    outlet_b: str = typer.Argument(..., metavar="OUTLET_B"),
    db: str = DB, since: str | None = SINCE, until: str | None = UNTIL,
    relation: str | None = RELATION, rollup: bool = ROLLUP,
    fmt: str = typer.Option("table", "--format", "-f", help="table or json."),
) -> None:
    _fmt(fmt, ("table", "json"))
    with _open(db) as store:
        a, b = g.resolve_outlet(store, outlet_a), g.resolve_outlet(store, outlet_b)
        out = g.compare(store, a, b, since=since, until=until, relation=relation, rollup=rollup)
    if fmt == "json":
        _json(out)
        return
    con = Console()
    if not out:
        con.print(f"{a} and {b} describe no pair in common.")
        return
    t = Table(title=f"{a} vs {b}", title_style="bold")
    for col in ("pair", a, b, "disagree"):
        t.add_column(col)
    for x in out:
        sa, sb = x["sides"][a], x["sides"][b]
        t.add_row(f"{x['a']} / {x['b']}", f"{sa['stance']:+.2f} {_rels(sa['relations'])}",
                  f"{sb['stance']:+.2f} {_rels(sb['relations'])}",
                  "[bold red]yes[/bold red]" if x["disagree"] else "")
    con.print(t)


TIMELINE_HELP = (
    "How the relation between two actors changed over time, year by year (or by month)."
    + EXAMPLES + "  rashomon timeline Russia Turkey\n\n  rashomon timeline Kremlin Hamas --period month"
)


def timeline_cmd(
    a: str = typer.Argument(..., metavar="A"),
    b: str = typer.Argument(..., metavar="B"),
    db: str = DB, period: str = typer.Option("year", "--period", help="year or month."),
    outlet: str | None = OUTLET, source: str | None = SOURCE, rollup: bool = ROLLUP,
    fmt: str = typer.Option("table", "--format", "-f", help="table or json."),
) -> None:
    _fmt(fmt, ("table", "json"))
    if period not in ("year", "month"):
        raise UserError(f"--period must be year or month, got {period!r}")
    with _open(db) as store:
        na, nb = g.resolve_actor(store, a), g.resolve_actor(store, b)
        t = g.timeline(store, na, nb, period=period, outlet=outlet, source=source, rollup=rollup)
    phrase = g.describe_timeline(t)
    if fmt == "json":
        _json({"a": na, "b": nb, "periods": t, "summary": phrase})
        return
    con = Console()
    tab = Table(title=f"{na} / {nb}: {phrase}", title_style="bold")
    for col in ("period", "stance", "weight", "main relation", "relations", "outlets"):
        tab.add_column(col)
    for p in t:
        tab.add_row(p["period"], f"{p['stance']:+.2f}", f"{p['weight']:g}", p["label"],
                    _rels(p["relations"]), _names(p["outlets"]))
    con.print(tab)


BLOCS_HELP = (
    "Groups of actors tied positively inside and negatively to each other (signed clustering), "
    "on the pairs independent sources agree on (--contested adds the rest).\n\n" + LENSES
    + EXAMPLES + "  rashomon blocs\n\n  rashomon blocs --since 2022 --rollup --format json"
)


def blocs_cmd(
    db: str = DB, since: str | None = SINCE, until: str | None = UNTIL,
    relation: str | None = RELATION, outlet: str | None = OUTLET, source: str | None = SOURCE,
    rollup: bool = ROLLUP, contested: bool = CONTESTED,
    min_weight: float = typer.Option(0.0, "--min-weight", help="Ignore pairs with less evidence."),
    fmt: str = typer.Option("table", "--format", "-f", help="table or json."),
) -> None:
    _fmt(fmt, ("table", "json"))
    with _open(db) as store:
        bl = g.blocs(store, since=since, until=until, relation=relation, outlet=outlet,
                     source=source, rollup=rollup, min_weight=min_weight, contested=contested)
    if fmt == "json":
        _json(bl)
        return
    con = Console()
    if not bl:
        con.print("No blocs: no group of two or more actors with positive ties"
                  + ("." if contested else " that independent sources agree on (--contested adds the rest)."))
        return
    t = Table(title="Blocs", title_style="bold")
    for col in ("#", "size", "actors", "ties inside (+/-)", "ties outside (+/-)"):
        t.add_column(col, overflow="fold")
    for b in bl:
        t.add_row(str(b["bloc"]), str(b["size"]), _names(b["actors"], 15),
                  f"{b['internal']['positive']:g} / {b['internal']['negative']:g}",
                  f"{b['external']['positive']:g} / {b['external']['negative']:g}")
    con.print(t)


BALANCE_HELP = (
    "Structural balance: counts balanced and unbalanced signed triads and lists the "
    "unbalanced ones ('surprising': two allies of one actor at war with each other). "
    "A flag to read, not an inference. On agreed pairs (--contested adds the rest)."
    + EXAMPLES + "  rashomon balance\n\n  rashomon balance --rollup --format json"
)


def balance_cmd(
    db: str = DB, since: str | None = SINCE, until: str | None = UNTIL,
    relation: str | None = RELATION, outlet: str | None = OUTLET, source: str | None = SOURCE,
    rollup: bool = ROLLUP, contested: bool = CONTESTED,
    fmt: str = typer.Option("table", "--format", "-f", help="table or json."),
    limit: int = typer.Option(20, "--limit", "-n", min=1, help="Most surprising triads shown."),
) -> None:
    _fmt(fmt, ("table", "json"))
    with _open(db) as store:
        bal = g.balance(store, since=since, until=until, relation=relation, outlet=outlet,
                        source=source, rollup=rollup, contested=contested)
    bal["surprising"] = bal["surprising"][:limit]
    if fmt == "json":
        _json(bal)
        return
    con = Console()
    con.print(f"Triads: {bal['balanced']} balanced, {bal['unbalanced']} unbalanced.")
    if not bal["surprising"]:
        return
    t = Table(title="Surprising (unbalanced) triads", title_style="bold")
    t.add_column("actors")
    t.add_column("edges", overflow="fold")
    for s in bal["surprising"]:
        edges = "; ".join(f"{e['a']}-{e['b']} {e['stance']:+.2f} ({_rels(e['relations'])})"
                          for e in s["edges"])
        t.add_row(", ".join(s["actors"]), edges)
    con.print(t)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the `rashomon` app."""
    app.command("graph", help=GRAPH_HELP)(graph_cmd)
    app.command("contradictions", help=CONTRA_HELP)(contradictions_cmd)
    app.command("compare", help=COMPARE_HELP, no_args_is_help=True)(compare_cmd)
    app.command("timeline", help=TIMELINE_HELP, no_args_is_help=True)(timeline_cmd)
    app.command("blocs", help=BLOCS_HELP)(blocs_cmd)
    app.command("balance", help=BALANCE_HELP)(balance_cmd)
