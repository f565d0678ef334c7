// The map: vis-network (served from the installed pyvis package) draws the signed graph at
// the positions the server computed (blocs apart, see rashomon.graph.layout). This file only
// maps our data onto it and names the actors that matter: after each frame vis-network
// draws, the heaviest actors' names are written on its canvas, each only where its box
// overlaps no name already written (screen space, so at every zoom level).
"use strict";
(function () {
  const COLORS = { pos: "#1a9850", neg: "#d73027", neu: "#9aa0a6", mix: "#8e44ad" };
  const BLOC = ["#7f8c8d", "#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22"];
  const FONT_PX = 12; // label size on screen, whatever the zoom
  const PAD = 3; // screen pixels kept free around each label
  const MAX_LABELS = 150;
  const CHUNK = 2500; // edges drawn per frame while a big map comes in
  const DASHED_MAX = 3000; // edges beyond which contested ones are drawn faint, not dashed

  function edgeColor(e) {
    if (e.state === "mixed") return COLORS.mix;
    return e.sign > 0 ? COLORS.pos : e.sign < 0 ? COLORS.neg : COLORS.neu;
  }

  class GraphView {
    constructor(container, opts) {
      this.container = container;
      this.opts = opts || {};
      this.nodes = []; this.edges = [];
      this.x = []; this.y = [];
      this.index = new Map();
      this.boxes = [];
      this.selected = -1;
      this.network = null;
      this.drawn = false;
      this.measure = document.createElement("canvas").getContext("2d");
      this.measure.font = FONT_PX + "px sans-serif";
    }

    indexOf(id) { const i = this.index.get(id); return i === undefined ? -1 : i; }

    setData(nodes, edges) {
      this.nodes = nodes; this.edges = edges;
      this.index = new Map(nodes.map((n, i) => [n.id, i]));
      this.x = nodes.map((n) => n.x || 0); this.y = nodes.map((n) => n.y || 0);
      this.width = new Array(nodes.length);
      this.order = [...nodes.keys()].sort((a, b) => (nodes[b].weight - nodes[a].weight) || (a - b));
      this.size = nodes.map((n) => Math.min(18, 3 + Math.sqrt(n.weight || 0)));
      this.visNodes = new vis.DataSet(nodes.map((n, i) => ({
        id: i, x: this.x[i], y: this.y[i], size: this.size[i],
        group: "b" + ((n.bloc || 0) % BLOC.length),
      })));
      // contested: dashed; on a big map (where dashes cost too much to draw) faint instead
      const dashed = edges.length <= DASHED_MAX;
      const visEdge = (e, i) => ({
        id: i, from: e.source, to: e.target,
        color: { color: edgeColor(e), opacity: e.state === "contested" && !dashed ? 0.3 : 0.6 },
        width: Math.min(6, 0.6 + Math.log2(1 + Math.max(0, e.weight || 0))),
        dashes: dashed && e.state === "contested",
      });
      // the heaviest edges (the server sends them first) are drawn at once, the rest
      // follow in batches right after the first frame
      const token = this.token = (this.token || 0) + 1;
      this.pending = Math.max(0, edges.length - CHUNK);
      this.visEdges = new vis.DataSet(edges.slice(0, CHUNK).map(visEdge));
      const more = (from) => {
        if (token !== this.token || from >= edges.length) return;
        this.visEdges.add(edges.slice(from, from + CHUNK).map((e, k) => visEdge(e, from + k)));
        this.pending = Math.max(0, edges.length - from - CHUNK);
        setTimeout(() => more(from + CHUNK), 0);
      };
      this.afterFirst = () => setTimeout(() => more(CHUNK), 0);
      const data = { nodes: this.visNodes, edges: this.visEdges };
      this.selected = this.opts.selectedId ? this.indexOf(this.opts.selectedId) : -1;
      if (this.network) { this.drawn = false; this.network.setData(data); this._fitted(); return; }
      this.network = new vis.Network(this.container, data, {
        physics: false,
        groups: Object.fromEntries(BLOC.map((c, k) => ["b" + k, { color: { background: c, border: "#ffffff" } }])),
        layout: { improvedLayout: false },
        nodes: { shape: "dot", borderWidth: 1, chosen: false },
        edges: { smooth: false, selectionWidth: 2, hoverWidth: 0, chosen: false },
        interaction: { hover: true, hideEdgesOnDrag: nodes.length > 2000, hideEdgesOnZoom: nodes.length > 2000, tooltipDelay: 120, multiselect: false },
      });
      this.network.on("click", (p) => {
        const i = p.nodes.length ? p.nodes[0] : -1;
        if (this.opts.onSelect) this.opts.onSelect(i >= 0 ? this.nodes[i] : null);
      });
      this.network.on("hoverNode", (p) => {
        if (this.opts.onHover) this.opts.onHover(this.nodes[p.node], p.pointer.DOM.x, p.pointer.DOM.y);
      });
      this.network.on("blurNode", () => { if (this.opts.onHover) this.opts.onHover(null); });
      this.network.on("afterDrawing", (ctx) => {
        this._labels(ctx);
        this.drawn = true;
        if (this.afterFirst) { const f = this.afterFirst; this.afterFirst = null; f(); }
      });
      this._fitted();
    }

    _fitted() {
      this.network.fit({ animation: false });
      this.select(this.opts.selectedId || null);
    }

    // names, on vis-network's canvas (ctx in canvas coordinates): heaviest first, none
    // overlapping; ``boxes`` keeps what was written, in screen pixels of the container
    _labels(ctx) {
      const scale = this.network.getScale();
      const view = this.network.getViewPosition();
      const w = this.container.clientWidth, h = this.container.clientHeight;
      const taken = [];
      const must = this.selected >= 0 ? [this.selected] : [];
      const done = new Set();
      ctx.save();
      ctx.font = (FONT_PX / scale) + "px sans-serif";
      ctx.textAlign = "center"; ctx.textBaseline = "top";
      ctx.lineWidth = 3 / scale; ctx.strokeStyle = "#ffffff"; ctx.fillStyle = "#1f2933";
      for (const i of [...must, ...this.order]) {
        if (done.has(i)) continue;
        done.add(i);
        const x = (this.x[i] - view.x) * scale + w / 2, y = (this.y[i] - view.y) * scale + h / 2;
        if (x < 0 || y < 0 || x > w || y > h) continue;
        if (this.width[i] === undefined) this.width[i] = this.measure.measureText(this.nodes[i].name).width;
        const top = y + this.size[i] * scale + 2;
        const box = { name: this.nodes[i].name, x: x - this.width[i] / 2, y: top, w: this.width[i], h: FONT_PX * 1.2 };
        if (box.x < 0 || box.x + box.w > w || box.y + box.h > h) continue;
        const hit = (b) => box.x - PAD < b.x + b.w && b.x < box.x + box.w + PAD &&
          box.y - PAD < b.y + b.h && b.y < box.y + box.h + PAD;
        if (taken.some(hit)) continue;
        taken.push(box);
        const cy = this.y[i] + this.size[i] + 2 / scale;
        ctx.strokeText(this.nodes[i].name, this.x[i], cy);
        ctx.fillText(this.nodes[i].name, this.x[i], cy);
        if (taken.length >= MAX_LABELS) break;
      }
      ctx.restore();
      this.boxes = taken;
    }

    select(id) {
      this.selected = id == null ? -1 : this.indexOf(id);
      this.opts.selectedId = id;
      if (!this.network) return;
      if (this.selected >= 0) this.network.selectNodes([this.selected]);
      else this.network.unselectAll();
    }

    screenOf(i) {
      const p = this.network.canvasToDOM({ x: this.x[i], y: this.y[i] });
      return [p.x, p.y];
    }
  }

  window.GraphView = GraphView;
})();
