"""``rashomon report``: one self-contained HTML file (inline CSS, JS and data; no network).

The lists are rendered here with every value escaped; the map is drawn by vis-network (from
the installed pyvis package, inlined) from JSON embedded with :func:`script_json`.
"""

from __future__ import annotations

from datetime import UTC, datetime
from html import escape
from importlib import resources
from pathlib import Path
from typing import Any

from rashomon.api import graphapi
from rashomon.api.respond import script_json
from rashomon.api.routes.page import VIS_NETWORK
from rashomon.graph.claims import FIELDS
from rashomon.graph.load import where
from rashomon.graph.words import relations_phrase
from rashomon.records import claim_record
from rashomon.store import Store

STATIC = resources.files("rashomon.api").joinpath("static")
CSP = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
       "img-src data:; base-uri 'none'; form-action 'none'")
EVIDENCE_PER_PAIR = 3


def _e(v: Any) -> str:
    return escape("" if v is None else str(v), quote=True)


def _evidence(store: Store, a: str, b: str, n: int = EVIDENCE_PER_PAIR,
              lens: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    cond, params = where(**(lens or {}))
    return [claim_record(r) for r in store.query(
        f"SELECT {FIELDS} FROM claims c "
        "LEFT JOIN documents d ON d.id = c.doc "
        f"WHERE ((c.subject = ? AND c.object = ?) OR (c.subject = ? AND c.object = ?)){cond} "
        "ORDER BY d.published DESC NULLS LAST, c.doc, c.idx LIMIT ?",
        [a, b, b, a, *params, n],
    )]


def _claim_html(c: dict[str, Any]) -> str:
    verb = {"part_of": "part of"}.get(str(c.get("relation")), str(c.get("relation")))
    rel = ("does not " if c.get("negated") else "") + ("may " if c.get("hedged") else "") + verb
    who = f"according to {_e(c.get('source'))}" if c.get("source") else "in the outlet's own voice"
    ev = (c.get("evidence") or {}).get("text")
    where = " · ".join(_e(x) for x in (c.get("outlet"), c.get("published"), c.get("title") or c.get("doc")) if x)
    sign = 1 if c.get("relation") in ("ally", "cooperate", "support") else (
        -1 if c.get("relation") in ("oppose", "attack") else 0)
    sign = -sign if c.get("negated") else sign
    cls = "pos" if sign > 0 else "neg" if sign < 0 else "neu"
    return (f'<div class="claim {cls}"><div class="triple"><b>{_e(c.get("subject"))}</b> '
            f'<span class="rel">{_e(rel)}</span> <b>{_e(c.get("object"))}</b></div>'
            f'<blockquote>{_e(ev)}</blockquote><div class="meta">{who} · {where}</div></div>')


def _pairs_html(store: Store, rows: list[dict[str, Any]], cls: str,
                lens: dict[str, Any] | None = None) -> str:
    if not rows:
        return '<p class="hint">None found.</p>'
    out = []
    for r in rows:
        rels = _e(relations_phrase(r.get("relations") or {}))
        claims = "".join(_claim_html(c) for c in _evidence(store, r["a"], r["b"], lens=lens))
        state = r.get("state", "")
        srcs = (f'; sources for {_e(r.get("sources_for"))}, against {_e(r.get("sources_against"))}'
                if "sources_for" in r else "")
        out.append(
            f'<details class="pair {cls}" data-state="{_e(state)}"><summary><b>{_e(r["a"])}</b> – '
            f'<b>{_e(r["b"])}</b> <span class="state">{_e(state)}</span> '
            f'<span class="num">stance {float(r["stance"]):+.2f}, weight {float(r["weight"]):.1f}{srcs}: {rels}</span>'
            f'</summary>{claims}</details>')
    return "\n".join(out)


def _contradictions_html(items: list[dict[str, Any]]) -> str:
    if not items:
        return '<p class="hint">No contradictions found.</p>'
    pos = {"ally", "cooperate", "support"}
    neg = {"oppose", "attack"}

    def stance(c: dict[str, Any]) -> int:
        s = 1 if c.get("relation") in pos else -1 if c.get("relation") in neg else 0
        return -s if c.get("negated") else s

    out = []
    for it in items:
        claims = it.get("claims") or []
        yes = "".join(_claim_html(c) for c in claims if stance(c) > 0)
        no = "".join(_claim_html(c) for c in claims if stance(c) < 0)
        out.append(
            f'<section class="contra"><h3>{_e(it.get("a"))} and {_e(it.get("b"))} '
            f'<span class="num">score {_e(it.get("score"))}</span></h3><div class="sides">'
            f'<div><h4 class="pos">Friendly, or denies hostility</h4>{yes}</div><div><h4 class="neg">Hostile, or denies support</h4>{no}</div>'
            "</div></section>")
    return "\n".join(out)


def build_report(store: Store, top: int = 25, max_edges: int = 1500,
                 outlet: str | None = None, source: str | None = None) -> tuple[str, int]:
    """The report's HTML and the number of edges on its map; ``outlet``/``source``: the
    lens (one outlet, one speaker or "none" for the articles' own voice)."""
    lens = {"outlet": outlet, "source": source}
    edges = graphapi.edges_with_states(store, **lens)
    graph = graphapi.graph_payload(edges, 0.0, max_edges, compact=True)
    st = graphapi.call("pairs", store, **lens)
    agreed = [r for r in st if r["state"] == "agreed"]
    allies = sorted((r for r in agreed if r["stance"] > 0), key=lambda r: -r["weight"] * r["stance"])[:top]
    enemies = sorted((r for r in agreed if r["stance"] < 0), key=lambda r: r["weight"] * r["stance"])[:top]
    contested = [r for r in st if r["state"] == "contested"][:top]
    mixed = [r for r in st if r["state"] == "mixed"][:top]
    contra = graphapi.call("contradictions", store, **lens)[:top]
    seen = ("through " + ("the articles' own voice" if source and source.lower() == "none" else
                          f"{source}'s words" if source else f"{outlet}'s articles")
            if outlet or source else "the record overall")
    n_docs, n_claims = store.count("documents"), store.count("claims")
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    css = STATIC.joinpath("style.css").read_text("utf-8") + REPORT_CSS
    js = VIS_NETWORK.read_text("utf-8") + "\n" + STATIC.joinpath("graph.js").read_text("utf-8")
    html = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Rashomon report</title>
<style>{_style(css)}</style></head>
<body class="report">
<header class="top"><span class="brand">Rashomon report</span>
<span class="stats">{n_docs:,} documents · {n_claims:,} claims · {_e(seen)} · {_e(stamp)}</span></header>
<main class="report-main">
<h2>The map</h2>
<p class="hint">Green: allies, red: enemies, purple: mixed, grey: part of; dashed: contested; width: evidence. Drag to pan, scroll to zoom, click an actor.
{_e(len(graph["edges"]["source"]))} heaviest links of {_e(graph["total_edges"])}.</p>
<div class="report-map"><div class="canvas-wrap"><div id="graph" class="graph-box"></div><div id="picked" class="graph-note"></div></div></div>
<p class="hint">Agreed: two independent sources (different outlets and speakers) say so.
Contested: one side only, or asserted and denied. Mixed: strong evidence both ways.</p>
<div class="two-col"><div><h2 class="pos">Top alliances (agreed)</h2>{_pairs_html(store, allies, "pos", lens)}</div>
<div><h2 class="neg">Top rivalries (agreed)</h2>{_pairs_html(store, enemies, "neg", lens)}</div></div>
<div class="two-col"><div><h2>Contested</h2>{_pairs_html(store, contested, "neu", lens)}</div>
<div><h2>Mixed</h2>{_pairs_html(store, mixed, "neu", lens)}</div></div>
<h2>Contradictions between sources</h2>{_contradictions_html(contra)}
</main>
<script type="application/json" id="data">{script_json(graph)}</script>
<script>{_script(js)}</script>
<script>{REPORT_JS}</script>
</body></html>
"""
    return html, len(graph["edges"]["source"])


def _style(css: str) -> str:
    return css.replace("</", "<\\/")


def _script(js: str) -> str:
    return js.replace("</script", "<\\/script")


def write_report(store: Store, path: str | Path, top: int = 25, max_edges: int = 1500,
                 outlet: str | None = None, source: str | None = None) -> int:
    html, n = build_report(store, top=top, max_edges=max_edges, outlet=outlet, source=source)
    Path(path).write_text(html, encoding="utf-8")
    return n


REPORT_CSS = """
body.report { display: block; height: auto; }
.report-main { padding: 8px 24px 40px; max-width: 1400px; margin: 0 auto; }
.report-map { height: 560px; display: flex; border: 1px solid var(--line); border-radius: 6px; overflow: hidden; }
.report-map .canvas-wrap { flex: 1; }
.two-col { display: grid; grid-template-columns: 1fr 1fr; gap: 24px; }
details.pair { background: var(--card); border: 1px solid var(--line); border-left: 4px solid var(--neu); border-radius: 4px; padding: 6px 10px; margin: 6px 0; }
details.pair.pos { border-left-color: var(--pos); } details.pair.neg { border-left-color: var(--neg); }
details.pair summary { cursor: pointer; }
.claim blockquote { margin: 4px 0; padding-left: 8px; border-left: 2px solid var(--line); font-style: italic; }
h2.pos, h4.pos { color: var(--pos); } h2.neg, h4.neg { color: var(--neg); }
"""

REPORT_JS = """
(function () {
  var g = JSON.parse(document.getElementById("data").textContent);
  var N = g.nodes, E = g.edges;
  var nodes = N.name.map(function (n, i) { return { id: n, name: n, weight: N.weight[i], degree: N.degree[i], x: N.x[i], y: N.y[i], bloc: N.bloc[i] }; });
  var edges = E.source.map(function (a, i) { return { source: a, target: E.target[i], sign: E.sign[i], weight: E.weight[i], relation: E.relation[i], state: E.state[i] }; });
  var view = new window.GraphView(document.getElementById("graph"), {
    onSelect: function (n) {
      view.select(n ? n.id : null);
      document.getElementById("picked").textContent = n ? n.name + ": " + n.degree + " links" : "";
    }
  });
  view.setData(nodes, edges);
})();
"""
