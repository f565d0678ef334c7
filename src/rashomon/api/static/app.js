// The Rashomon page: views over the JSON API. State lives in the URL hash so links are
// shareable. Article text, titles and names are untrusted: they only ever become text nodes.
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);
  const POS = new Set(["ally", "cooperate", "support"]);
  const NEG = new Set(["oppose", "attack"]);
  let facets = null;
  let graph = null;
  let graphKey = null;
  let months = [];

  // ---- small helpers -----------------------------------------------------------------
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v == null || v === false) continue;
      if (k === "class") e.className = v;
      else if (k === "text") e.textContent = v;
      else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
      else if (k === "dataset") Object.assign(e.dataset, v);
      else e.setAttribute(k, v);
    }
    for (const c of children.flat()) {
      if (c == null || c === false) continue;
      e.appendChild(typeof c === "string" || typeof c === "number" ? document.createTextNode(String(c)) : c);
    }
    return e;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); return node; }
  function hashFor(params) {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v != null && v !== "" && v !== false) p.set(k, v);
    return "#" + p.toString();
  }
  function state() { return Object.fromEntries(new URLSearchParams(location.hash.slice(1))); }
  function go(params) { location.hash = hashFor(params).slice(1); }
  function filters(s) {
    const out = {};
    for (const k of ["relation", "outlet", "source", "since", "until", "rollup", "state"]) if (s[k]) out[k] = s[k];
    return out;
  }
  function actorLink(name, s) {
    return el("a", { href: hashFor({ view: "map", ...filters(s || state()), actor: name }), class: "actor-link" }, name);
  }
  function docLink(id, label, claim, at) {
    return el("a", { href: hashFor({ view: "doc", id, claim, at }), class: "doc-link" }, label || id);
  }
  function safeUrl(u) {
    try { const x = new URL(u); return x.protocol === "http:" || x.protocol === "https:" ? x.href : null; } catch (e) { return null; }
  }
  async function api(path, params) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params || {})) if (v != null && v !== "") q.set(k, v);
    const url = path + (q.toString() ? "?" + q : "");
    const r = await fetch(url, { headers: { Accept: "application/json" } });
    let body = null;
    try { body = await r.json(); } catch (e) { body = null; }
    if (!r.ok) { const err = new Error((body && body.detail) || r.statusText); err.status = r.status; throw err; }
    return body;
  }
  function message(container, text, cls) { clear(container).appendChild(el("p", { class: cls || "hint" }, text)); }
  function stance(c) {
    const s = POS.has(c.relation) ? 1 : NEG.has(c.relation) ? -1 : 0;
    return c.negated ? -s : s;
  }
  function relText(c) {
    return (c.negated ? "not " : "") + (c.hedged ? "maybe " : "") + c.relation.replace("_", " ");
  }

  // ---- claims: the evidence, everywhere ------------------------------------------------
  function quote(text, words) {
    // the evidence sentence, with the subject's and object's words in bold (text nodes only)
    const q = el("blockquote", { class: "evidence" });
    const marks = [];
    for (const w of words) {
      if (!w) continue;
      const i = text.indexOf(w);
      if (i >= 0 && !marks.some(([a, b]) => i < b && i + w.length > a)) marks.push([i, i + w.length]);
    }
    marks.sort((a, b) => a[0] - b[0]);
    let pos = 0;
    for (const [a, b] of marks) {
      q.appendChild(document.createTextNode(text.slice(pos, a)));
      q.appendChild(el("strong", {}, text.slice(a, b)));
      pos = b;
    }
    q.appendChild(document.createTextNode(text.slice(pos)));
    return q;
  }
  function claimCard(c, opts) {
    const s = stance(c);
    const meta = el("div", { class: "meta" },
      el("span", { class: "who" }, c.source ? "according to " + c.source : "in the outlet's own voice"),
      c.outlet ? el("span", {}, " · " + c.outlet) : null,
      c.published ? el("span", {}, " · " + c.published) : null,
      (opts && opts.noDoc) ? null : el("span", {}, " · ", docLink(c.doc, c.title || c.doc, c.idx, c.evidence.start)));
    return el("div", { class: "claim " + (s > 0 ? "pos" : s < 0 ? "neg" : "neu") },
      el("div", { class: "triple" },
        (opts && opts.plain) ? el("b", {}, c.subject) : actorLink(c.subject),
        el("span", { class: "rel" }, " " + relText(c) + " "),
        (opts && opts.plain) ? el("b", {}, c.object) : actorLink(c.object)),
      quote(c.evidence.text || "", [c.subject_text, c.object_text]),
      meta);
  }

  // ---- the map -------------------------------------------------------------------------
  function fillSelect(sel, values, first) {
    clear(sel).appendChild(el("option", { value: "" }, first));
    for (const v of values) sel.appendChild(el("option", { value: v }, v));
  }
  function monthRange(a, b) {
    if (!a || !b) return [];
    const out = []; let [y, m] = a.slice(0, 7).split("-").map(Number); const [y1, m1] = b.slice(0, 7).split("-").map(Number);
    if (!y || !y1) return [];
    while ((y < y1 || (y === y1 && m <= m1)) && out.length < 1200) {
      out.push(y + "-" + String(m).padStart(2, "0")); m++; if (m > 12) { m = 1; y++; }
    }
    return out;
  }
  function syncFilters(s) {
    $("f-relation").value = s.relation || "";
    $("f-outlet").value = s.outlet || "";
    $("f-source").value = s.source || "";
    $("f-state").value = s.state || "";
    $("f-minw").value = s.min_weight || "0";
    $("f-rollup").checked = !!s.rollup;
    if (months.length) {
      const i = s.since ? months.indexOf(s.since.slice(0, 7)) : 0;
      const j = s.until ? months.indexOf(s.until.slice(0, 7)) : months.length - 1;
      $("f-since").value = i < 0 ? 0 : i; $("f-until").value = j < 0 ? months.length - 1 : j;
      $("o-since").textContent = months[+$("f-since").value];
      $("o-until").textContent = months[+$("f-until").value];
    }
  }
  function readFilters() {
    const s = state();
    const out = { view: "map", actor: s.actor };
    out.relation = $("f-relation").value; out.outlet = $("f-outlet").value;
    out.source = $("f-source").value.trim();
    out.state = $("f-state").value;
    const mw = parseFloat($("f-minw").value); if (mw > 0) out.min_weight = mw;
    if ($("f-rollup").checked) out.rollup = "true";
    if (months.length) {
      let i = +$("f-since").value, j = +$("f-until").value;
      if (i > j) [i, j] = [j, i];
      if (i > 0) out.since = months[i];
      if (j < months.length - 1) out.until = months[j];
    }
    return out;
  }
  function bindFilters() {
    for (const id of ["f-relation", "f-outlet", "f-rollup", "f-minw", "f-source", "f-state"]) $(id).addEventListener("change", () => go(readFilters()));
    for (const id of ["f-since", "f-until"]) {
      $(id).addEventListener("input", () => {
        $("o-since").textContent = months[+$("f-since").value]; $("o-until").textContent = months[+$("f-until").value];
      });
      $(id).addEventListener("change", () => go(readFilters()));
    }
  }

  async function showMap(s) {
    syncFilters(s);
    const params = { ...filters(s), min_weight: s.min_weight, limit: s.limit || 20000, compact: "true" };
    const key = JSON.stringify(params);
    if (!graph) {
      graph = new window.GraphView($("graph"), {
        onSelect: (n) => go({ ...state(), view: "map", actor: n ? n.id : null }),
        onHover: (n, x, y) => {
          const t = $("tooltip");
          if (!n) { t.hidden = true; return; }
          t.textContent = n.name + " — " + n.degree + " link" + (n.degree === 1 ? "" : "s");
          t.style.left = (x + 14) + "px"; t.style.top = (y + 10) + "px"; t.hidden = false;
        },
      });
    }
    if (key !== graphKey) {
      graphKey = key;
      const note = $("graph-note");
      note.textContent = "Loading the map…";
      try {
        const g = unpack(await api("/api/graph", params));
        if (key !== graphKey) return;
        graph.opts.selectedId = s.actor || null;
        graph.setData(g.nodes, g.edges);
        if (!window.__rashomon.firstRender) {
          // after the frame holding the map has been painted
          const painted = () => graph.drawn ? (window.__rashomon.firstRender = performance.now()) : requestAnimationFrame(painted);
          requestAnimationFrame(painted);
        }
        window.__rashomon.graph = { nodes: g.nodes.length, edges: g.edges.length };
        note.textContent = g.nodes.length ? g.nodes.length + " actors, " + g.edges.length + " links" +
          (g.truncated ? " (the heaviest " + g.edges.length + " of " + g.total_edges + ")" : "") :
          "No links match these filters.";
      } catch (e) {
        note.textContent = "The map is not available: " + e.message;
        graphKey = null;
      }
    }
    if (graph) graph.select(s.actor || null);
    if (s.actor) showActor(s.actor, s); else message($("actor-panel"), "Click an actor on the map, or search for one, to see its allies, enemies and the evidence.");
  }

  function unpack(g) {
    // the compact answer holds columns; the renderer wants one object per node and edge
    const N = g.nodes, E = g.edges;
    const nodes = N.name.map((name, i) => ({ id: name, name, weight: N.weight[i], degree: N.degree[i], x: N.x[i], y: N.y[i], bloc: N.bloc[i] }));
    const edges = E.source.map((a, i) => ({ source: a, target: E.target[i], sign: E.sign[i], weight: E.weight[i], relation: E.relation[i], claims: E.claims[i], state: E.state[i] }));
    return { ...g, nodes, edges };
  }

  function nameOf(x) {
    if (x == null) return "";
    if (typeof x !== "object") return String(x);
    return String(x.actor ?? x.name ?? x.b ?? x.id ?? x.object ?? "");
  }
  function weightOf(x) { return x && typeof x === "object" ? (x.weight ?? x.claims ?? x.n ?? "") : ""; }

  // one neighbour: stance, evidence counts, and the evidence itself one click away
  function neighbourItem(actor, it, s) {
    const other = nameOf(it);
    const claims = (it.relations || []).reduce((n, r) => n + (+r.claims || 0), 0);
    const st = +it.stance || 0;
    const li = el("li", { "data-state": it.state || "" }, actorLink(other, s),
      el("span", { class: "stance " + (st > 0 ? "pos" : st < 0 ? "neg" : "neu") }, " " + (st > 0 ? "+" : "") + st.toFixed(2)),
      el("span", { class: "num evidence-count" }, " " + claims + " claim" + (claims === 1 ? "" : "s") + ", " +
        (+it.sources_for || 0) + "/" + (+it.sources_against || 0) + " sources"));
    const box = el("div", { class: "pair-evidence" });
    li.appendChild(el("button", { class: "mini ev-btn", title: "the claims about this pair", onclick: async () => {
      if (box.childNodes.length) { clear(box); return; }
      message(box, "Loading…");
      try {
        const r = await api("/api/claims", { ...filters(s), actor, limit: 500 });
        const mine = (r.items || []).filter((c) => c.subject === other || c.object === other);
        clear(box);
        for (const c of mine.slice(0, 20)) box.appendChild(claimCard(c));
        if (!mine.length) message(box, "Stated only as an accusation: see the speaker's claims.", "hint");
      } catch (e) { message(box, e.message, "error"); }
    } }, "evidence"));
    li.appendChild(el("button", { class: "mini", title: "how this changed over time", onclick: () => pairTimeline(li, actor, other, s) }, "over time"));
    li.appendChild(box);
    return li;
  }

  let actorToken = 0;
  async function showActor(name, s) {
    const panel = $("actor-panel");
    const token = ++actorToken;
    message(panel, "Loading " + name + "…");
    let a;
    try { a = await api("/api/actors/" + encodeURIComponent(name), filters(s)); } catch (e) {
      if (token === actorToken) message(panel, e.status === 404 ? "No actor called “" + name + "” in this database." : e.message, "error");
      return;
    }
    if (token !== actorToken) return;
    clear(panel);
    panel.appendChild(el("h2", { id: "actor-name" }, a.name));
    panel.appendChild(el("p", { class: "meta" }, [a.type, a.id !== a.name ? a.id : null].filter(Boolean).join(" · "),
      " ", el("a", { href: hashFor({ view: "documents", actor: a.name }) }, "documents"),
      " · ", el("a", { href: "/api/claims.csv?" + new URLSearchParams({ actor: a.name, limit: 5000 }) }, "claims as CSV")));
    const lists = el("div", { class: "two" });
    const sections = [["Allies", a.allies, "pos", "independent sources agree"], ["Enemies", a.enemies, "neg", "independent sources agree"],
      ["Contested", a.contested, "contested", "one side only, or denied"], ["Mixed", a.mixed, "mixed", "strong evidence both ways"]];
    for (const [title, items, cls, hint] of sections) {
      if (cls !== "pos" && cls !== "neg" && !(items || []).length) continue;
      const ul = el("ul", { class: "plain " + cls });
      for (const it of (items || []).slice(0, 25)) ul.appendChild(neighbourItem(a.name, it, s));
      if (!(items || []).length) ul.appendChild(el("li", { class: "hint" }, "none found"));
      lists.appendChild(el("div", {}, el("h3", { class: cls, title: hint }, title), ul));
    }
    panel.appendChild(lists);
    if (a.graph_error) panel.appendChild(el("p", { class: "hint" }, a.graph_error));

    if (a.speakers && a.speakers.length) {
      panel.appendChild(el("h3", {}, "Who says so"));
      panel.appendChild(table(a.speakers.slice(0, 12), ["speaker", "outlet", "claims", "positive", "negative"]));
    }
    if (a.timeline && a.timeline.length) {
      panel.appendChild(el("h3", {}, "Over time"));
      panel.appendChild(timeline(a.timeline));
    }
    if (a.framing && a.framing.length) {
      panel.appendChild(el("h3", {}, "How outlets frame " + a.name));
      panel.appendChild(table(a.framing, ["outlet", "role", "n"]));
    }
    panel.appendChild(el("h3", {}, "Evidence (" + a.claims_total + " claim" + (a.claims_total === 1 ? "" : "s") + ")"));
    const list = el("div", { class: "claims", id: "actor-claims" });
    for (const c of a.claims) list.appendChild(claimCard(c));
    panel.appendChild(list);
    if (a.claims_total > a.claims.length) {
      panel.appendChild(el("p", { class: "hint" }, "Showing " + a.claims.length + "; all of them: ",
        el("a", { href: "/api/claims.csv?" + new URLSearchParams({ actor: a.name, limit: 5000 }) }, "CSV")));
    }
  }

  async function pairTimeline(li, a, b, s) {
    const old = li.querySelector(".pair-time");
    if (old) { old.remove(); return; }
    const box = el("div", { class: "pair-time" }, "…");
    li.appendChild(box);
    try {
      const r = await api("/api/timeline", { a, b, period: "month", ...filters(s) });
      clear(box);
      if (!r.items.length) { box.appendChild(el("span", { class: "hint" }, "no dated evidence")); return; }
      for (const p of r.items) {
        const st = +p.stance || 0;
        const bar = el("span", { class: "tick " + (st > 0 ? "pos" : st < 0 ? "neg" : "neu"), title: p.period + ": stance " + st.toFixed(2) + (p.label ? " (" + p.label + ")" : "") });
        bar.style.height = (4 + 14 * Math.abs(st)) + "px";
        box.appendChild(el("span", { class: "tickcol" }, bar, el("span", { class: "tlabel2" }, p.period.slice(2))));
      }
    } catch (e) { clear(box).appendChild(el("span", { class: "error" }, e.message)); }
  }

  function table(rows, cols) {
    const t = el("table", { class: "grid" });
    t.appendChild(el("thead", {}, el("tr", {}, cols.map((c) => el("th", {}, c)))));
    const tb = el("tbody");
    for (const r of rows) tb.appendChild(el("tr", {}, cols.map((c) => el("td", {}, r[c] == null ? "" : render(r[c])))));
    t.appendChild(tb);
    return t;
  }
  function render(v) {
    if (v == null) return "";
    if (typeof v === "number") return Number.isInteger(v) ? String(v) : v.toFixed(2);
    if (typeof v === "object") return JSON.stringify(v);
    return String(v);
  }
  function timeline(rows) {
    const max = Math.max(1, ...rows.map((r) => Math.max(r.positive || 0, r.negative || 0)));
    const box = el("div", { class: "timeline" });
    for (const r of rows) {
      const col = el("div", { class: "tcol", title: r.month + ": " + (r.positive || 0) + " positive, " + (r.negative || 0) + " negative" });
      const up = el("div", { class: "bar pos" }); up.style.height = (24 * (r.positive || 0) / max) + "px";
      const dn = el("div", { class: "bar neg" }); dn.style.height = (24 * (r.negative || 0) / max) + "px";
      col.append(el("div", { class: "half up" }, up), el("div", { class: "half" }, dn), el("span", { class: "tlabel" }, r.month.slice(2)));
      box.appendChild(col);
    }
    return box;
  }

  // ---- a document with its mentions and claims highlighted -----------------------------
  function offsets(text) {
    // Python offsets count code points; JavaScript strings count UTF-16 units.
    if (!/[\uD800-\uDFFF]/.test(text)) return (i) => i;
    const map = []; let u = 0;
    for (const ch of text) { map.push(u); u += ch.length; }
    map.push(u);
    return (i) => map[Math.max(0, Math.min(i, map.length - 1))];
  }
  function highlighted(text, mentions, claims) {
    const at = offsets(text);
    const spans = [];
    mentions.forEach((m) => spans.push({ s: at(m.start), e: at(m.end), m }));
    claims.forEach((c) => spans.push({ s: at(c.evidence.start), e: at(c.evidence.end), c }));
    const cuts = new Set([0, text.length]);
    for (const sp of spans) { if (sp.e > sp.s) { cuts.add(Math.max(0, Math.min(text.length, sp.s))); cuts.add(Math.max(0, Math.min(text.length, sp.e))); } }
    const b = [...cuts].sort((x, y) => x - y);
    const frag = document.createDocumentFragment();
    for (let i = 0; i + 1 < b.length; i++) {
      const s = b[i], e = b[i + 1];
      const cover = spans.filter((sp) => sp.s <= s && sp.e >= e && sp.e > sp.s);
      let node = document.createTextNode(text.slice(s, e));
      const m = cover.find((sp) => sp.m);
      if (m) {
        const span = el("span", { class: "mention", title: m.m.name + (m.m.kind ? " (" + m.m.kind + ")" : ""), dataset: { actor: m.m.name } });
        span.appendChild(node); node = span;
      }
      const cs = cover.filter((sp) => sp.c).map((sp) => sp.c.idx);
      if (cs.length) {
        const mark = el("mark", { class: "ev", dataset: { claims: " " + cs.join(" ") + " " } });
        mark.appendChild(node); node = mark;
      }
      frag.appendChild(node);
    }
    return frag;
  }
  function focusClaim(idx) {
    const art = $("doc-article");
    let first = null;
    for (const m of art.querySelectorAll("mark.ev")) {
      const on = m.dataset.claims.includes(" " + idx + " ");
      m.classList.toggle("active", on);
      if (on && !first) first = m;
    }
    for (const c of $("doc-side").querySelectorAll(".claim")) c.classList.toggle("active", c.dataset.idx === String(idx));
    if (first) first.scrollIntoView({ block: "center", behavior: "smooth" });
  }

  async function showDoc(s) {
    const art = $("doc-article"), side = $("doc-side");
    message(art, "Loading…"); clear(side);
    let d;
    try { d = await api("/api/documents/" + encodeURIComponent(s.id)); } catch (e) {
      message(art, e.status === 404 ? "No document with this id." : e.message, "error"); return;
    }
    clear(art);
    art.appendChild(el("h1", { id: "doc-title" }, d.title || d.id));
    const url = d.url && safeUrl(d.url);
    art.appendChild(el("p", { class: "meta" }, [d.outlet, d.published, d.language].filter(Boolean).join(" · "),
      url ? el("span", {}, " · ", el("a", { href: url, rel: "noopener noreferrer nofollow", target: "_blank" }, "original")) : null,
      d.duplicate_of ? el("span", {}, " · near-duplicate of ", docLink(d.duplicate_of)) : null));
    const body = el("div", { class: "doc-text", id: "doc-text" });
    body.appendChild(highlighted(d.text, d.mentions, d.claims));
    body.addEventListener("click", (ev) => {
      const m = ev.target.closest("mark.ev");
      if (m) { const first = m.dataset.claims.trim().split(" ")[0]; focusClaim(first); }
    });
    art.appendChild(body);

    side.appendChild(el("h2", {}, "Claims (" + d.claims.length + ")"));
    const list = el("div", { class: "claims" });
    for (const c of d.claims) {
      const card = claimCard(c, { noDoc: true });
      card.dataset.idx = String(c.idx);
      card.addEventListener("click", (ev) => { if (!ev.target.closest("a")) focusClaim(c.idx); });
      list.appendChild(card);
    }
    if (!d.claims.length) list.appendChild(el("p", { class: "hint" }, "No claims found in this article."));
    side.appendChild(list);
    const actors = new Map();
    for (const m of d.mentions) actors.set(m.name, (actors.get(m.name) || 0) + 1);
    side.appendChild(el("h2", {}, "Actors mentioned"));
    side.appendChild(el("ul", { class: "plain chips" }, [...actors].sort((a, b) => b[1] - a[1]).map(([n, k]) => el("li", {}, actorLink(n, {}), el("span", { class: "num" }, " " + k)))));
    const labels = d.labels.filter((l) => l.kind !== "role");
    if (labels.length) {
      side.appendChild(el("h2", {}, "Narratives"));
      side.appendChild(el("ul", { class: "plain" }, labels.map((l) => el("li", { class: "label-" + l.kind }, el("b", {}, l.kind + ": "), l.value))));
    }
    if (s.claim != null) focusClaim(s.claim);
    else if (s.at != null) { const c = d.claims.find((x) => String(x.evidence.start) === s.at); if (c) focusClaim(c.idx); }
  }

  // ---- contradictions, comparison, documents -----------------------------------------
  async function showContradictions(s) {
    const box = $("contra-list");
    message(box, "Loading…");
    let data;
    try { data = await api("/api/contradictions", { ...filters(s), actor: s.actor, limit: 200 }); } catch (e) { message(box, e.message, "error"); return; }
    clear(box);
    if (!data.items.length) { message(box, "No contradictions found: the sources agree, or there is too little evidence."); return; }
    data.items.forEach((it, i) => {
      const yes = it.claims.filter((c) => stance(c) > 0), no = it.claims.filter((c) => stance(c) < 0);
      const other = it.claims.filter((c) => stance(c) === 0);
      const item = el("section", { class: "contra", id: "contra-" + i },
        el("h2", {}, actorLink(String(it.a), s), el("span", { class: "rel" }, " and "), actorLink(String(it.b), s),
          el("span", { class: "num" }, "  score " + render(it.score))),
        el("div", { class: "sides" },
          el("div", { class: "side-col" }, el("h3", { class: "pos" }, "Friendly, or denies hostility (" + yes.length + ")"), yes.map((c) => claimCard(c))),
          el("div", { class: "side-col" }, el("h3", { class: "neg" }, "Hostile, or denies support (" + no.length + ")"), no.map((c) => claimCard(c)))),
        other.length ? el("div", {}, el("h3", {}, "Other"), other.map((c) => claimCard(c))) : null);
      box.appendChild(item);
    });
  }

  function renderValue(v, depth) {
    depth = depth || 0;
    if (Array.isArray(v)) {
      if (v.length && v.every((x) => x && typeof x === "object" && !Array.isArray(x))) {
        const cols = [...new Set(v.slice(0, 50).flatMap((x) => Object.keys(x)))].slice(0, 12);
        return table(v.slice(0, 200), cols);
      }
      return el("ul", { class: "plain" }, v.slice(0, 200).map((x) => el("li", {}, renderValue(x, depth + 1))));
    }
    if (v && typeof v === "object") {
      const dl = el("div", { class: "kv" });
      for (const [k, x] of Object.entries(v)) dl.appendChild(el("div", {}, el(depth ? "h4" : "h3", {}, k.replace(/_/g, " ")), renderValue(x, depth + 1)));
      return dl;
    }
    return el("span", {}, render(v));
  }

  function stanceCell(side) {
    if (!side) return el("td", { class: "hint" }, "—");
    const st = +side.stance || 0;
    const rels = Object.entries(side.relations || {}).map(([k, n]) => k + (n > 1 ? " ×" + n : "")).join(", ");
    return el("td", {}, el("span", { class: "stance " + (st > 0 ? "pos" : st < 0 ? "neg" : "neu") }, (st > 0 ? "+" : "") + st.toFixed(2)),
      el("span", { class: "num" }, " " + rels));
  }
  function compareTable(items, s) {
    if (!Array.isArray(items) || !items.length) return el("p", { class: "hint" }, "The two outlets write about no pair in common.");
    const names = Object.keys(items[0].sides || {});
    const t = el("table", { class: "grid compare" });
    t.appendChild(el("thead", {}, el("tr", {}, el("th", {}, "Pair"), names.map((n) => el("th", {}, n)), el("th", {}, "Gap"))));
    const tb = el("tbody");
    for (const it of items) {
      tb.appendChild(el("tr", { class: it.disagree ? "disagree" : null },
        el("td", {}, actorLink(String(it.a), s), " – ", actorLink(String(it.b), s), it.disagree ? el("span", { class: "badge" }, "disagree") : null),
        names.map((n) => stanceCell(it.sides[n])), el("td", { class: "num" }, render(it.gap))));
    }
    t.appendChild(tb);
    return t;
  }

  async function showCompare(s) {
    const outlets = (facets && facets.outlets) || [];
    fillSelect($("cmp-a"), outlets, "choose…"); fillSelect($("cmp-b"), outlets, "choose…");
    $("cmp-a").value = s.a || outlets[0] || ""; $("cmp-b").value = s.b || outlets[1] || "";
    const out = $("compare-out");
    if (s.a && s.b) {
      message(out, "Loading…");
      try { const r = await api("/api/compare", { a: s.a, b: s.b }); clear(out).appendChild(compareTable(r.comparison, s)); } catch (e) { message(out, e.message, "error"); }
    } else message(out, "Choose two outlets.");
    const nar = $("narratives-out");
    if (!(s.a && s.b)) { message(nar, "Choose two outlets to see their narratives."); return; }
    try { const r = await api("/api/narratives", { by: "outlet", outlets: s.a + "," + s.b }); clear(nar).appendChild(renderValue(r.items || r.summary)); } catch (e) { message(nar, e.message, "hint"); }
  }

  async function showDocuments(s) {
    const box = $("docs-list"), pager = $("docs-pager");
    $("docs-q").value = s.q || "";
    const offset = +s.offset || 0, limit = 50;
    $("docs-csv").href = "/api/documents.csv?" + new URLSearchParams({ q: s.q || "", limit: 1000 });
    let r;
    try { r = await api("/api/documents", { q: s.q, outlet: s.outlet, actor: s.actor, limit, offset }); } catch (e) { message(box, e.message, "error"); return; }
    clear(box);
    if (s.actor) box.appendChild(el("p", { class: "hint" }, "Documents mentioning ", actorLink(s.actor, {}), " · ", el("a", { href: "#view=documents" }, "all documents")));
    const t = el("table", { class: "grid docs" });
    t.appendChild(el("thead", {}, el("tr", {}, ["Title", "Outlet", "Published", "Claims", "Mentions"].map((h) => el("th", {}, h)))));
    const tb = el("tbody");
    for (const d of r.items) tb.appendChild(el("tr", {}, el("td", {}, docLink(d.id, d.title || d.id)), el("td", {}, d.outlet || ""), el("td", {}, d.published || ""), el("td", { class: "num" }, String(d.claims)), el("td", { class: "num" }, String(d.mentions))));
    t.appendChild(tb); box.appendChild(t);
    clear(pager).appendChild(el("span", {}, (r.total ? offset + 1 : 0) + "–" + Math.min(r.total, offset + limit) + " of " + r.total + " "));
    if (offset > 0) pager.appendChild(el("a", { href: hashFor({ ...s, offset: Math.max(0, offset - limit) }) }, "← previous"));
    if (offset + limit < r.total) pager.appendChild(el("a", { href: hashFor({ ...s, offset: offset + limit }) }, "next →"));
  }

  function showUpload() {
    const on = !!(facets && facets.upload);
    $("upload-state").textContent = on
      ? "Uploads are enabled on this server: enter the token it was started with."
      : "Uploads are disabled on this server (start it with --token to enable them).";
    $("upload-form").querySelector("button").disabled = !on;
  }
  async function submitUpload(ev) {
    ev.preventDefault();
    const out = $("upload-result");
    const token = $("up-token").value.trim();
    const file = $("up-file").files[0];
    const headers = { Authorization: "Bearer " + token };
    let body;
    if (file) { body = new FormData(); body.append("file", file, file.name); } else {
      const text = $("up-text").value;
      if (!text.trim()) { message(out, "Paste a text or choose a file.", "error"); return; }
      headers["Content-Type"] = "application/json";
      body = JSON.stringify({ text, title: $("up-title").value || null, source: $("up-source").value || null, published: $("up-published").value || null });
    }
    message(out, "Analysing…");
    let r, data = null;
    try { r = await fetch("/api/documents", { method: "POST", headers, body }); data = await r.json().catch(() => null); } catch (e) { message(out, "Upload failed: " + e.message, "error"); return; }
    if (!r.ok) {
      const why = { 401: "Wrong or missing token.", 403: "Uploads are disabled on this server.", 413: "The upload is too large." }[r.status];
      message(out, (why || "Upload failed.") + (data && data.detail ? " (" + data.detail + ")" : ""), "error");
      return;
    }
    clear(out).appendChild(el("p", { class: "ok" }, "Stored " + data.documents.length + " document" + (data.documents.length === 1 ? "" : "s") + ":"));
    out.appendChild(el("ul", { class: "plain" }, data.documents.map((d) => el("li", {}, docLink(d.id, d.title || d.id), " — " + d.claims + " claims, " + d.mentions + " mentions"))));
    graphKey = null; loadFacets();
  }

  // ---- routing ---------------------------------------------------------------------------
  const VIEWS = { map: "view-map", doc: "view-doc", contradictions: "view-contradictions", compare: "view-compare", documents: "view-documents", upload: "view-upload" };
  function route() {
    const s = state();
    const view = VIEWS[s.view] ? s.view : "map";
    for (const [k, id] of Object.entries(VIEWS)) $(id).hidden = k !== view;
    for (const a of $("nav").querySelectorAll("a")) a.classList.toggle("on", a.dataset.view === view || (view === "doc" && a.dataset.view === "documents"));
    document.title = "Rashomon" + (s.actor && view === "map" ? " — " + s.actor : "");
    ({ map: showMap, doc: showDoc, contradictions: showContradictions, compare: showCompare, documents: showDocuments, upload: showUpload })[view](s);
  }
  function fromPath() {
    // /documents/{id} and /actors/{name} open the app with that view
    const p = location.pathname;
    if (location.hash.length > 1) return;
    let m;
    if ((m = p.match(/^\/documents\/(.+)$/))) location.replace("#" + hashFor({ view: "doc", id: decodeURIComponent(m[1]) }).slice(1));
    else if ((m = p.match(/^\/actors\/(.+)$/))) location.replace("#" + hashFor({ view: "map", actor: decodeURIComponent(m[1]) }).slice(1));
    else if ((m = p.match(/^\/(contradictions|compare|upload)\/?$/))) location.replace("#view=" + m[1]);
  }
  async function loadFacets() {
    try { facets = await api("/api/facets"); } catch (e) { facets = { outlets: [], relations: [], documents: 0, claims: 0 }; }
    fillSelect($("f-relation"), facets.relations, "all"); fillSelect($("f-outlet"), facets.outlets, "all");
    months = monthRange(facets.since, facets.until);
    for (const id of ["f-since", "f-until"]) { $(id).max = Math.max(0, months.length - 1); $(id).disabled = months.length < 2; }
    $("stats").textContent = facets.documents + " documents · " + facets.claims + " claims";
  }
  function bindSearch() {
    let timer = null;
    $("search-input").addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(async () => {
        const q = $("search-input").value.trim(); if (q.length < 2) return;
        try {
          const r = await api("/api/actors", { q, limit: 15 });
          clear($("actor-list"));
          for (const a of r.items) $("actor-list").appendChild(el("option", { value: a.name }));
        } catch (e) { /* suggestions are optional */ }
      }, 150);
    });
    $("search").addEventListener("submit", (ev) => {
      ev.preventDefault();
      const q = $("search-input").value.trim(); if (q) go({ ...filters(state()), view: "map", actor: q });
    });
  }

  window.__rashomon = {
    start: performance.now(),
    // where an actor's node is drawn, in canvas pixels (for tests and automation)
    nodeScreen: (name) => {
      const i = graph ? graph.indexOf(name) : -1;
      return i < 0 ? null : graph.screenOf(i);
    },
    settled: () => !!graph && graph.drawn && !graph.pending,
    // edges on the map now (a big map's lighter edges arrive right after the first frame)
    drawnEdges: () => (graph && graph.visEdges ? graph.visEdges.length : 0),
    // the names on the map as vis-network drew them: {name, x, y, w, h} in screen pixels
    labelBoxes: () => (graph ? graph.boxes : []),
    view: () => graph,
  };
  document.addEventListener("DOMContentLoaded", async () => {
    fromPath();
    bindFilters(); bindSearch();
    $("upload-form").addEventListener("submit", submitUpload);
    $("docs-form").addEventListener("submit", (ev) => { ev.preventDefault(); go({ view: "documents", q: $("docs-q").value.trim() }); });
    $("compare-form").addEventListener("submit", (ev) => { ev.preventDefault(); go({ view: "compare", a: $("cmp-a").value, b: $("cmp-b").value }); });
    await loadFacets();
    window.addEventListener("hashchange", route);
    route();
  });
})();
