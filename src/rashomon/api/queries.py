"""Read queries for the HTTP API: documents, claims, actors. Parameterised SQL only.

Everything here runs on any ``Store`` (portable SQL, ``?`` placeholders). Aggregation
into edges, stances and contradictions is the graph module's job (see ``graphapi``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from typing import Any

from rashomon.doc import SIGN
from rashomon.graph import cache
from rashomon.graph.load import WHEN, check_date
from rashomon.records import CLAIM_COLUMNS, claim_record
from rashomon.store import Store

CLAIM_FIELDS = CLAIM_COLUMNS  # rows become ``graph.claims.claim_record``s
DOC_LIST_FIELDS = "d.id, d.title, d.source AS outlet, d.published, d.url, d.language, d.duplicate_of"


@dataclass
class ClaimFilter:
    """Filters shared by the claim and graph endpoints. ``source`` is the speaker."""

    actor: str | None = None
    relation: str | None = None
    source: str | None = None
    outlet: str | None = None
    since: str | None = None
    until: str | None = None
    doc: str | None = None

    def where(self) -> tuple[str, list[Any]]:
        """A WHERE clause over ``claims c`` (and ``documents d`` for outlet and dates)."""
        parts: list[str] = []
        params: list[Any] = []
        if self.actor:  # (claims() pages actors through indexed lookups instead)
            parts.append("(c.subject = ? OR c.object = ?)")
            params += [self.actor] * 2
        rels = [r.strip() for r in (self.relation or "").split(",") if r.strip()]
        if rels:
            parts.append(f"c.relation IN ({','.join('?' * len(rels))})")
            params += rels
        if self.source and self.source.lower() in ("none", "null", "-", "outlet"):
            parts.append("c.source IS NULL")  # the outlet's own voice, as in rashomon.graph
        elif self.source:
            parts.append("(LOWER(c.source) = LOWER(?) OR c.source_id = ?)")
            params += [self.source] * 2
        if self.doc:
            parts.append("c.doc = ?")
            params.append(self.doc)
        doc_parts, doc_params = replace(self, since=None, until=None).doc_where()
        if doc_parts:
            parts.append(f"c.doc IN (SELECT d.id FROM documents d WHERE {doc_parts})")
            params += doc_params
        since, until = check_date(self.since, "since"), check_date(self.until, "until")
        for value, op in ((since, ">="), (until and until + "~", "<=")):
            if value:  # by the claim's date, as in rashomon.graph (``load.WHEN``)
                parts.append(f"EXISTS (SELECT 1 FROM documents d WHERE d.id = c.doc "
                             f"AND {WHEN} {op} ?)")
                params.append(value)
        return (" AND ".join(parts) or "1=1"), params

    def doc_where(self) -> tuple[str, list[Any]]:
        self.since = check_date(self.since, "since")
        self.until = check_date(self.until, "until")
        parts: list[str] = []
        params: list[Any] = []
        if self.outlet:
            parts.append("LOWER(d.source) = LOWER(?)")
            params.append(self.outlet)
        if self.since:
            parts.append("d.published >= ?")
            params.append(self.since)
        if self.until:
            parts.append("d.published <= ?")
            params.append(self.until + "~")  # '~' sorts after digits: the prefix is inclusive
        return " AND ".join(parts), params


def claims(
    store: Store, f: ClaimFilter, limit: int, offset: int, counts: dict[Any, int] | None = None,
) -> tuple[int, list[dict[str, Any]]]:
    """(total, one page of claims) with each claim's outlet and date.

    One actor's claims are paged as those where it is the subject, then those where it is
    the object, each part counted by an equality lookup on an indexed column (a claim with
    the actor on both sides, which the graph ignores, shows in both parts). ``counts``
    memoises the counts, so paging through a big actor counts once. A busy actor (see
    ``busy``) is counted in one pass instead. A part with more than ``PAGE_SCAN`` claims
    is paged by a scan that stops at the page's end: fetching that many rows through the
    index costs more (DuckDB reads each row's column blocks).
    """
    counts = {} if counts is None else counts

    def count(where: str, params: list[Any]) -> int:
        key = (where, tuple(params))
        if key not in counts:
            if len(counts) > 10_000:  # a memo, not a store: keep it small
                counts.clear()
            counts[key] = int(store.query(f"SELECT count(*) AS n FROM claims c WHERE {where}", params)[0]["n"])
        return counts[key]

    if not f.actor:
        where, params = f.where()
        return count(where, params), _page(store, where, params, limit, offset, ordered=True)
    rest, rest_params = replace(f, actor=None).where()
    filtered = rest != "1=1"
    names = actor_names(store, f.actor)
    sides = [(side, name) for side in ("subject", "object") for name in names]
    ns: list[int | None] = [None] * len(sides)
    if busy(store, names):
        key = ("busy", tuple(sides), rest, tuple(rest_params))
        ns = [counts.get((key, i)) for i in range(len(sides))]
        if None in ns:
            ns = list(_counted(store, sides, rest, rest_params))
            if len(counts) > 10_000:
                counts.clear()
            counts.update({(key, i): n for i, n in enumerate(ns)})
    total, rows = 0, []
    for (side, name), known in zip(sides, ns, strict=True):
        cond = f" AND {rest}" if filtered else ""
        params = [name, *rest_params]
        n = known if known is not None else count(f"c.{side} = ?{cond}", params)
        if n and len(rows) < limit and offset < total + n:
            skip = max(0, offset - total)
            # `|| ''` keeps a big part off the index; either way the rows come in table
            # order (sorting would fetch them all)
            col = f"c.{side} || ''" if n > PAGE_SCAN else f"c.{side}"
            rows += _page(store, f"{col} = ?{cond}", params, limit - len(rows), skip,
                          ordered=filtered)
        total += n
    return total, rows


PAGE_SCAN = 1000  # claims in a part beyond which its page is read by a scan
BUSY = 20_000  # claims touching an actor beyond which they are scanned, not looked up


def busy(store: Store, names: list[str]) -> bool:
    """True when the fresh graph cache says ``names`` touch more than ``BUSY`` claims
    (False without a fresh cache: then the index lookups serve)."""
    v = cache.versions(store) or {}
    if "by_actor" not in v or v.get("edge_cache") != v.get("data"):
        return False
    n = store.query("SELECT sum(claims) AS n FROM edge_by_actor "
                    f"WHERE actor IN ({','.join('?' * len(names))})", names)[0]["n"]
    return int(n or 0) > BUSY


def _counted(store: Store, sides: list[tuple[str, str]], rest: str,
             rest_params: list[Any]) -> list[int]:
    """Claims per (side, name) of ``sides``, counted in one pass."""
    sums = ", ".join(f"sum(CASE WHEN c.{side} = ? THEN 1 ELSE 0 END) AS n{i}"
                     for i, (side, _) in enumerate(sides))
    names = sorted({name for _, name in sides})
    marks = ",".join("?" * len(names))
    row = store.query(
        f"SELECT {sums} FROM claims c WHERE (c.subject IN ({marks}) OR c.object IN ({marks}))"
        f" AND {rest}", [*(name for _, name in sides), *names, *names, *rest_params])[0]
    return [int(row[f"n{i}"] or 0) for i in range(len(sides))]


def _page(store: Store, where: str, params: list[Any], limit: int, offset: int,
          ordered: bool) -> list[dict[str, Any]]:
    order = " ORDER BY c.doc, c.idx" if ordered else ""
    rows = store.query(
        f"SELECT {CLAIM_FIELDS} FROM claims c WHERE {where}{order} LIMIT ? OFFSET ?",
        [*params, limit, offset],
    )
    docs = sorted({r["doc"] for r in rows})
    info: dict[str, dict[str, Any]] = {}
    for i in range(0, len(docs), 500):
        chunk = docs[i:i + 500]
        for d in store.query(
            "SELECT id, source AS outlet, published, title FROM documents "
            f"WHERE id IN ({','.join('?' * len(chunk))})", chunk,
        ):
            info[d.pop("id")] = d
    empty = {"outlet": None, "published": None, "title": None}
    return [claim_record({**r, **info.get(r["doc"], empty)}) for r in rows]


def actor_names(store: Store, key: str) -> list[str]:
    """The canonical names claims use for an actor given by name or id."""
    names = {key}
    for r in store.query("SELECT name FROM actors WHERE id = ?", [key]):
        names.add(r["name"])
    for r in store.query("SELECT DISTINCT name FROM mentions WHERE actor = ?", [key]):
        names.add(r["name"])
    return sorted(names)


def documents(
    store: Store, q: str | None, outlet: str | None, since: str | None, until: str | None,
    actor: str | None, limit: int, offset: int,
) -> tuple[int, list[dict[str, Any]]]:
    f = ClaimFilter(outlet=outlet, since=since, until=until)
    where, params = f.doc_where()
    parts = [where] if where else []
    if q:
        parts.append("(lower(d.title) LIKE ? ESCAPE '\\' OR lower(d.id) LIKE ? ESCAPE '\\')")
        params += [like(q)] * 2
    if actor:
        parts.append("d.id IN (SELECT m.doc FROM mentions m WHERE m.actor = ? OR m.name = ?)")
        params += [actor, actor]
    sql_where = " AND ".join(parts) or "1=1"
    total = store.query(f"SELECT count(*) AS n FROM documents d WHERE {sql_where}", params)[0]["n"]
    rows = store.query(
        f"SELECT {DOC_LIST_FIELDS}, "
        "(SELECT count(*) FROM claims c WHERE c.doc = d.id) AS claims, "
        "(SELECT count(*) FROM mentions m WHERE m.doc = d.id) AS mentions "
        f"FROM documents d WHERE {sql_where} "
        "ORDER BY d.published DESC NULLS LAST, d.id LIMIT ? OFFSET ?",
        [*params, limit, offset],
    )
    return int(total), rows


def like(q: str) -> str:
    esc = q.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{esc}%"


def document(store: Store, doc_id: str) -> dict[str, Any] | None:
    rows = store.query(
        "SELECT id, title, source AS outlet, published, url, author, language, duplicate_of, "
        "text FROM documents WHERE id = ?", [doc_id],
    )
    if not rows:
        return None
    doc = rows[0]
    doc["mentions"] = store.query(
        "SELECT idx, actor, name, text, start_char AS start, end_char AS \"end\", kind, type "
        "FROM mentions WHERE doc = ? ORDER BY start_char", [doc_id],
    )
    doc["claims"] = [claim_record({**r, "outlet": doc["outlet"], "published": doc["published"],
                                   "title": doc["title"]}) for r in store.query(
        f"SELECT {CLAIM_FIELDS} FROM claims c WHERE c.doc = ? ORDER BY c.ev_start, c.idx", [doc_id],
    )]
    labels = store.query(
        "SELECT idx, kind, value, score, actor, target_start, target_end, target_text, fine, "
        "evidence, model FROM labels WHERE doc = ? ORDER BY idx", [doc_id],
    )
    for lb in labels:
        lb["fine"] = _json_list(lb["fine"])
        lb["evidence"] = _json_list(lb["evidence"])
    doc["labels"] = labels
    return doc


def _json_list(v: Any) -> list[Any]:
    if not v:
        return []
    try:
        out = json.loads(v)
    except (TypeError, ValueError):
        return []
    return out if isinstance(out, list) else []


def actors(store: Store, q: str | None, limit: int, offset: int) -> tuple[int, list[dict[str, Any]]]:
    """Actors seen in mentions or claims, most mentioned first."""
    params: list[Any] = []
    where = ""
    if q:
        where = "WHERE lower(name) LIKE ? ESCAPE '\\'"
        params.append(like(q))
    base = (
        "SELECT id, max(name) AS name, sum(mentions) AS mentions, sum(claims) AS claims FROM ("
        " SELECT actor AS id, name, count(*) AS mentions, 0 AS claims FROM mentions GROUP BY actor, name"
        " UNION ALL SELECT coalesce(subject_id, subject), subject, 0, count(*) FROM claims"
        " GROUP BY coalesce(subject_id, subject), subject"
        " UNION ALL SELECT coalesce(object_id, object), object, 0, count(*) FROM claims"
        " GROUP BY coalesce(object_id, object), object"
        f") u {where} GROUP BY id"
    )
    total = store.query(f"SELECT count(*) AS n FROM ({base}) t", params)[0]["n"]
    rows = store.query(
        f"SELECT t.id, t.name, a.type, t.mentions, t.claims FROM ({base}) t "
        "LEFT JOIN actors a ON a.id = t.id "
        "ORDER BY t.mentions + t.claims DESC, t.name LIMIT ? OFFSET ?",
        [*params, limit, offset],
    )
    return int(total), rows


def resolve_actor(store: Store, key: str) -> dict[str, Any] | None:
    """The actor named (or identified) by ``key``: {"id", "name", "type"} or None."""
    rows = store.query("SELECT id, name, type FROM actors WHERE id = ? OR name = ? LIMIT 1", [key, key])
    if rows:
        return rows[0]
    rows = store.query(
        "SELECT actor AS id, name, max(type) AS type FROM mentions WHERE actor = ? OR name = ? "
        "GROUP BY actor, name ORDER BY count(*) DESC LIMIT 1", [key, key],
    )
    if rows:
        return rows[0]
    for side in ("subject", "object"):
        rows = store.query(
            f"SELECT coalesce({side}_id, {side}) AS id, {side} AS name FROM claims "
            f"WHERE {side} = ? OR {side}_id = ? LIMIT 1", [key, key],
        )
        if rows:
            return {**rows[0], "type": None}
    return None


def _signed_count(sign: int) -> str:
    """SQL: the actor's un-negated claims whose relation has this sign (``doc.SIGN``)."""
    rels = ",".join(f"'{r}'" for r, s in SIGN.items() if s == sign)
    return f"sum(CASE WHEN c.relation IN ({rels}) AND NOT c.negated THEN 1 ELSE 0 END)"


_POSITIVE, _NEGATIVE = _signed_count(1), _signed_count(-1)
_INVOLVES = "(c.subject = ? OR c.object = ? OR c.subject_id = ? OR c.object_id = ?)"


def _involves(actor: dict[str, Any]) -> list[Any]:
    return [actor["name"], actor["name"], actor["id"], actor["id"]]


def speakers_timeline(store: Store, actor: dict[str, Any]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(``speakers``, ``actor_timeline``) from one pass over the actor's claims: both
    group the same rows (GROUPING SETS), so a busy actor's claims are read and joined to
    their documents once."""
    sets = f"""SELECT coalesce(c.source, '(the outlet)') AS speaker, d.source AS outlet,
               substr(d.published, 1, 7) AS month, GROUPING(substr(d.published, 1, 7)) AS by_speaker,
               count(*) AS claims, {_POSITIVE} AS positive, {_NEGATIVE} AS negative
        FROM claims c LEFT JOIN documents d ON d.id = c.doc WHERE {_INVOLVES}
        GROUP BY GROUPING SETS ((coalesce(c.source, '(the outlet)'), d.source),
                                (substr(d.published, 1, 7)))"""
    rows = store.query(
        f"""WITH g AS MATERIALIZED ({sets}),
        s AS (SELECT speaker, outlet, claims, positive, negative, ROW_NUMBER() OVER (
                ORDER BY claims DESC, speaker, outlet) AS k FROM g WHERE by_speaker = 1)
        SELECT 1 AS part, speaker, outlet, NULL AS month, claims, positive, negative, k
        FROM s WHERE k <= 100
        UNION ALL SELECT 0, NULL, NULL, month, claims, positive, negative, 0 FROM g
        WHERE by_speaker = 0 AND month IS NOT NULL""", _involves(actor))
    spk = sorted((r for r in rows if r["part"] == 1), key=lambda r: r["k"])
    months = sorted((r for r in rows if r["part"] == 0), key=lambda r: r["month"])
    return ([{k: r[k] for k in ("speaker", "outlet", "claims", "positive", "negative")} for r in spk],
            [{k: r[k] for k in ("month", "positive", "negative", "claims")} for r in months])


def speakers(store: Store, actor: dict[str, Any]) -> list[dict[str, Any]]:
    """Who says what about the actor: per speaker and outlet, claims by sign (the 100
    with most claims)."""
    return speakers_timeline(store, actor)[0]


def actor_timeline(store: Store, actor: dict[str, Any]) -> list[dict[str, Any]]:
    """Claims involving the actor per month of publication, by sign."""
    return speakers_timeline(store, actor)[1]


def actor_framing(store: Store, actor: dict[str, Any]) -> list[dict[str, Any]]:
    """How each outlet frames the actor: role labels per outlet."""
    return store.query(
        "SELECT d.source AS outlet, l.value AS role, count(*) AS n "
        "FROM labels l JOIN documents d ON d.id = l.doc "
        "WHERE l.kind = 'role' AND (l.actor = ? OR l.actor = ?) "
        "GROUP BY d.source, l.value ORDER BY d.source, n DESC",
        [actor["id"], actor["name"]],
    )


def facets(store: Store) -> dict[str, Any]:
    """What the page's filters offer: outlets, relations, speakers, the date range."""
    # the time slider spans the claims' dates (the date the text gives, else publication)
    rng = store.query(f"SELECT min({WHEN}) AS lo, max({WHEN}) AS hi FROM claims c "
                      "JOIN documents d ON d.id = c.doc")[0]
    if not rng["lo"]:
        rng = store.query("SELECT min(published) AS lo, max(published) AS hi FROM documents")[0]
    lo, hi = rng["lo"], rng["hi"]
    rng = {"lo": lo + "-01" if lo and len(lo) == 4 else lo,
           "hi": hi + "-12" if hi and len(hi) == 4 else hi}
    return {
        "documents": store.count("documents"),
        "claims": store.count("claims"),
        "outlets": [r["o"] for r in store.query(
            "SELECT source AS o, count(*) AS n FROM documents WHERE source IS NOT NULL "
            "GROUP BY source ORDER BY n DESC, source LIMIT 500")],
        "relations": [r["relation"] for r in store.query(
            "SELECT DISTINCT relation FROM claims ORDER BY relation")],
        "since": rng["lo"],
        "until": rng["hi"],
    }
