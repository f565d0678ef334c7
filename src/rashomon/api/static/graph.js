// A small canvas renderer for the signed graph: force layout with grid-based repulsion,
// batched drawing (one path per colour and width), pan, zoom, hover and click.
"use strict";
(function () {
  const COLORS = { pos: "#1a9850", neg: "#d73027", neu: "#8c8c8c" };
  const WIDTHS = [1, 1.8, 2.8, 4, 6];

  function widthBucket(w) {
    const v = Math.log2(1 + Math.max(0, w || 0));
    if (v < 1) return 0;
    if (v < 2) return 1;
    if (v < 3) return 2;
    if (v < 4.5) return 3;
    return 4;
  }

  // Barnes-Hut repulsion (force k2/d between every pair, far groups as one mass): O(n log n).
  let T = null; // reusable quadtree arrays
  function repulse(x, y, n, k2, dx, dy) {
    const cap = 4 * n + 64;
    if (!T || T.cap < cap) {
      T = { cap, cx: new Float64Array(cap), cy: new Float64Array(cap), m: new Float64Array(cap),
        x0: new Float64Array(cap), y0: new Float64Array(cap), sz: new Float64Array(cap),
        kid: new Int32Array(cap * 4), body: new Int32Array(cap), stack: new Int32Array(cap) };
    }
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (let i = 0; i < n; i++) { if (x[i] < x0) x0 = x[i]; if (x[i] > x1) x1 = x[i]; if (y[i] < y0) y0 = y[i]; if (y[i] > y1) y1 = y[i]; }
    let used = 1;
    T.x0[0] = x0; T.y0[0] = y0; T.sz[0] = Math.max(x1 - x0, y1 - y0) + 1e-3;
    T.m[0] = 0; T.cx[0] = 0; T.cy[0] = 0; T.body[0] = -1; T.kid.fill(-1, 0, 4);
    for (let i = 0; i < n; i++) {
      let c = 0, depth = 0;
      for (;;) {
        // accumulate mass on the way down
        T.cx[c] += x[i]; T.cy[c] += y[i]; T.m[c] += 1;
        const h = T.sz[c] / 2;
        if (T.m[c] === 1) { T.body[c] = i; break; } // empty leaf: take the body
        if (depth > 40) break; // coincident points: share the cell
        if (T.body[c] >= 0) { // split a leaf: push its body down one level
          const j = T.body[c]; T.body[c] = -1;
          const q = (x[j] >= T.x0[c] + h ? 1 : 0) + (y[j] >= T.y0[c] + h ? 2 : 0);
          const nc = used++;
          T.x0[nc] = T.x0[c] + (q & 1 ? h : 0); T.y0[nc] = T.y0[c] + (q & 2 ? h : 0); T.sz[nc] = h;
          T.cx[nc] = x[j]; T.cy[nc] = y[j]; T.m[nc] = 1; T.body[nc] = j; T.kid.fill(-1, nc * 4, nc * 4 + 4);
          T.kid[c * 4 + q] = nc;
        }
        const q = (x[i] >= T.x0[c] + h ? 1 : 0) + (y[i] >= T.y0[c] + h ? 2 : 0);
        let nc = T.kid[c * 4 + q];
        if (nc < 0) {
          nc = used++;
          T.x0[nc] = T.x0[c] + (q & 1 ? h : 0); T.y0[nc] = T.y0[c] + (q & 2 ? h : 0); T.sz[nc] = h;
          T.cx[nc] = 0; T.cy[nc] = 0; T.m[nc] = 0; T.body[nc] = -1; T.kid.fill(-1, nc * 4, nc * 4 + 4);
          T.kid[c * 4 + q] = nc;
        }
        c = nc; depth++;
        if (used >= T.cap - 1) return; // cannot happen with distinct points; be safe
      }
    }
    for (let c = 0; c < used; c++) { T.cx[c] /= T.m[c]; T.cy[c] /= T.m[c]; }
    const theta2 = 0.81, st = T.stack;
    for (let i = 0; i < n; i++) {
      let sp = 0; st[sp++] = 0;
      let fx = 0, fy = 0;
      while (sp) {
        const c = st[--sp];
        let ddx = x[i] - T.cx[c], ddy = y[i] - T.cy[c];
        let d2 = ddx * ddx + ddy * ddy;
        const leaf = T.body[c] >= 0;
        if (leaf && T.body[c] === i) continue;
        if (leaf || T.sz[c] * T.sz[c] < theta2 * d2) {
          if (d2 < 0.01) { ddx = Math.random() - 0.5; ddy = Math.random() - 0.5; d2 = 0.5; }
          const f = k2 * T.m[c] / d2;
          fx += ddx * f; fy += ddy * f;
        } else {
          for (let q = 0; q < 4; q++) { const kc = T.kid[c * 4 + q]; if (kc >= 0) st[sp++] = kc; }
        }
      }
      dx[i] += fx; dy[i] += fy;
    }
  }

  class GraphView {
    constructor(canvas, opts) {
      this.canvas = canvas;
      this.ctx = canvas.getContext("2d");
      this.opts = opts || {};
      this.nodes = [];
      this.edges = [];
      this.x = new Float32Array(0);
      this.y = new Float32Array(0);
      this.lane = new Float32Array(0);
      this.radius = new Float32Array(0);
      this.adj = [];
      this.labelOrder = [];
      this.saved = new Map(); // id -> [x, y]: positions kept across filter changes
      this.scale = 1; this.tx = 0; this.ty = 0;
      this.selected = -1; this.hover = -1;
      this.neighbours = new Set();
      this.iter = 0; this.maxIter = 0; this.temp = 0;
      this.running = false;
      this.dpr = window.devicePixelRatio || 1;
      this._bind();
      this.resize();
    }

    // ---- data and layout -------------------------------------------------------------
    setData(nodes, edges) {
      this._savePositions();
      this.nodes = nodes; this.edges = edges;
      const n = nodes.length;
      this.x = new Float32Array(n); this.y = new Float32Array(n);
      this.radius = new Float32Array(n);
      this.adj = Array.from({ length: n }, () => []);
      edges.forEach((e, i) => { this.adj[e.source].push(i); this.adj[e.target].push(i); });
      // parallel edges (one pair, several relations) are drawn side by side
      this.lane = new Float32Array(edges.length);
      const seen = new Map();
      edges.forEach((e, i) => {
        const key = e.source < e.target ? e.source * n + e.target : e.target * n + e.source;
        const k = seen.get(key) || 0; seen.set(key, k + 1);
        const lane = k === 0 ? 0 : (k % 2 ? 1 : -1) * Math.ceil(k / 2);
        this.lane[i] = e.source < e.target ? lane : -lane;
      });
      const order = [...nodes.keys()].sort((a, b) => nodes[b].weight - nodes[a].weight);
      this.labelOrder = order;
      const k = this.k = 28;
      let fresh = 0;
      order.forEach((i, rank) => {
        const p = this.saved.get(nodes[i].id);
        this.radius[i] = Math.min(14, 3 + Math.sqrt(nodes[i].weight || 0));
        if (p) { this.x[i] = p[0]; this.y[i] = p[1]; return; }
        const r = k * 0.8 * Math.sqrt(rank + 0.5);
        const a = rank * 2.39996323;
        this.x[i] = r * Math.cos(a); this.y[i] = r * Math.sin(a);
        fresh++;
      });
      this.selected = this.opts.selectedId ? this.indexOf(this.opts.selectedId) : -1;
      this._neighbours();
      this.iter = 0;
      this.maxIter = fresh > n / 2 ? (n > 2000 ? 220 : 300) : 80;
      this.temp = fresh > n / 2 ? k * 4 : k;
      if (n <= 400) { while (this.iter < this.maxIter) this._step(); }
      this.fit();
      this.draw();
      this._run();
    }

    indexOf(id) { return this.nodes.findIndex((n) => n.id === id); }

    _savePositions() {
      for (let i = 0; i < this.nodes.length; i++) this.saved.set(this.nodes[i].id, [this.x[i], this.y[i]]);
    }

    _step() {
      const n = this.nodes.length, k = this.k, x = this.x, y = this.y;
      if (!n) return;
      const dx = new Float32Array(n), dy = new Float32Array(n);
      repulse(x, y, n, k * k, dx, dy);
      const edges = this.edges;
      for (let t = 0; t < edges.length; t++) {
        const a = edges[t].source, b = edges[t].target; if (a === b) continue;
        const ddx = x[a] - x[b], ddy = y[a] - y[b];
        const d = Math.sqrt(ddx * ddx + ddy * ddy) + 0.01;
        const f = d / k;
        dx[a] -= ddx * f / this.adj[a].length ** 0.5; dy[a] -= ddy * f / this.adj[a].length ** 0.5;
        dx[b] += ddx * f / this.adj[b].length ** 0.5; dy[b] += ddy * f / this.adj[b].length ** 0.5;
      }
      const g = 0.3, temp = this.temp; // strong gravity keeps small components near the rest
      for (let i = 0; i < n; i++) {
        dx[i] -= x[i] * g; dy[i] -= y[i] * g;
        const d = Math.sqrt(dx[i] * dx[i] + dy[i] * dy[i]);
        if (d > 0) { const m = Math.min(d, temp) / d; x[i] += dx[i] * m; y[i] += dy[i] * m; }
      }
      this.temp = Math.max(0.5, temp * 0.985);
      this.iter++;
    }

    _run() {
      if (this.running) return;
      this.running = true;
      // big graphs: layout in 40 ms slices, redrawn a few times a second (rasterising
      // 20k lines is the costly part); small ones: animated every frame
      const big = this.edges.length > 3000 || this.nodes.length > 1500;
      let lastDraw = performance.now();
      const tick = () => {
        if (this.iter >= this.maxIter) {
          this.running = false;
          if (!this.userMoved) this.fit();
          this.draw();
          return;
        }
        const t0 = performance.now();
        while (this.iter < this.maxIter && performance.now() - t0 < (big ? 40 : 14)) this._step();
        if (!big || performance.now() - lastDraw > 600) {
          if (!this.userMoved) this.fit();
          this.draw();
          lastDraw = performance.now();
        }
        if (big) setTimeout(tick, 0); else requestAnimationFrame(tick);
      };
      if (big) setTimeout(tick, 0); else requestAnimationFrame(tick);
    }

    // ---- view ------------------------------------------------------------------------
    resize() {
      const r = this.canvas.parentElement.getBoundingClientRect();
      this.w = Math.max(200, r.width); this.h = Math.max(200, r.height);
      this.canvas.width = Math.round(this.w * this.dpr); this.canvas.height = Math.round(this.h * this.dpr);
      this.canvas.style.width = this.w + "px"; this.canvas.style.height = this.h + "px";
    }

    fit() {
      const n = this.nodes.length; if (!n) return;
      let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
      for (let i = 0; i < n; i++) {
        x0 = Math.min(x0, this.x[i]); x1 = Math.max(x1, this.x[i]);
        y0 = Math.min(y0, this.y[i]); y1 = Math.max(y1, this.y[i]);
      }
      const pad = 40;
      this.scale = Math.min(4, Math.min((this.w - 2 * pad) / (x1 - x0 || 1), (this.h - 2 * pad) / (y1 - y0 || 1)));
      this.tx = this.w / 2 - this.scale * (x0 + x1) / 2;
      this.ty = this.h / 2 - this.scale * (y0 + y1) / 2;
    }

    toWorld(sx, sy) { return [(sx - this.tx) / this.scale, (sy - this.ty) / this.scale]; }

    draw() {
      const ctx = this.ctx, s = this.scale, x = this.x, y = this.y;
      ctx.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
      ctx.clearRect(0, 0, this.w, this.h);
      ctx.setTransform(this.dpr * s, 0, 0, this.dpr * s, this.dpr * this.tx, this.dpr * this.ty);
      const sel = this.selected, big = this.edges.length > 3000;
      const paths = {};
      const hi = [];
      for (let t = 0; t < this.edges.length; t++) {
        const e = this.edges[t];
        if (sel >= 0 && (e.source === sel || e.target === sel)) { hi.push(t); continue; }
        const key = (e.sign > 0 ? "pos" : e.sign < 0 ? "neg" : "neu") + (big ? 0 : widthBucket(e.weight));
        let p = paths[key]; if (!p) { p = paths[key] = new Path2D(); }
        const [ox, oy] = this._offset(e, t);
        p.moveTo(x[e.source] + ox, y[e.source] + oy); p.lineTo(x[e.target] + ox, y[e.target] + oy);
      }
      ctx.globalAlpha = sel >= 0 ? 0.12 : big ? 0.35 : 0.6;
      for (const key in paths) {
        ctx.strokeStyle = COLORS[key.slice(0, 3)];
        ctx.lineWidth = (big ? 0.6 : WIDTHS[+key.slice(3)]) / s;
        ctx.stroke(paths[key]);
      }
      ctx.globalAlpha = 1;
      for (const t of hi) {
        const e = this.edges[t];
        const [ox, oy] = this._offset(e, t);
        ctx.strokeStyle = COLORS[e.sign > 0 ? "pos" : e.sign < 0 ? "neg" : "neu"];
        ctx.lineWidth = (WIDTHS[widthBucket(e.weight)] + 1) / s;
        ctx.beginPath(); ctx.moveTo(x[e.source] + ox, y[e.source] + oy); ctx.lineTo(x[e.target] + ox, y[e.target] + oy); ctx.stroke();
        if (hi.length < 400) this._arrow(e, 1, ox, oy);
      }
      if (!big && sel < 0) {
        this.edges.forEach((e, t) => { const [ox, oy] = this._offset(e, t); this._arrow(e, 0.6, ox, oy); });
      }
      // nodes: one path for the ordinary ones, then the highlighted ones
      const n = this.nodes.length, minR = 1.5 / s, shrink = Math.max(1, s / 1.5);
      const plain = new Path2D();
      for (let i = 0; i < n; i++) {
        if (i === sel || this.neighbours.has(i)) continue;
        const r = Math.max(minR, this.radius[i] / shrink);
        plain.moveTo(x[i] + r, y[i]); plain.arc(x[i], y[i], r, 0, 6.2832);
      }
      ctx.fillStyle = sel >= 0 ? "#b8c2cc" : "#3b5b7a";
      ctx.fill(plain);
      ctx.fillStyle = "#2b6cb0";
      for (const i of this.neighbours) { ctx.beginPath(); ctx.arc(x[i], y[i], this.radius[i] / shrink + 1 / s, 0, 6.2832); ctx.fill(); }
      if (sel >= 0) {
        ctx.fillStyle = "#f0a500"; ctx.strokeStyle = "#1f2933"; ctx.lineWidth = 2 / s;
        ctx.beginPath(); ctx.arc(x[sel], y[sel], this.radius[sel] / shrink + 3 / s, 0, 6.2832); ctx.fill(); ctx.stroke();
      }
      this._labels();
      if (this.opts.onDraw) this.opts.onDraw();
    }

    rad(i) { return this.radius[i] / Math.max(1, this.scale / 1.5); }

    _offset(e, t) {
      const lane = this.lane[t];
      if (!lane) return [0, 0];
      const dx = this.x[e.target] - this.x[e.source], dy = this.y[e.target] - this.y[e.source];
      const d = Math.hypot(dx, dy) || 1, w = lane * 3.5 / this.scale;
      return [-dy / d * w, dx / d * w];
    }

    _arrow(e, alpha, ox, oy) {
      const ctx = this.ctx, s = this.scale, x = this.x, y = this.y;
      if (e.source === e.target || e.relation === "ally" || e.relation === "cooperate") return;
      ox = ox || 0; oy = oy || 0;
      const ax = x[e.source] + ox, ay = y[e.source] + oy, bx = x[e.target] + ox, by = y[e.target] + oy;
      const d = Math.hypot(bx - ax, by - ay); if (d < 1e-3) return;
      const ux = (bx - ax) / d, uy = (by - ay) / d, r = this.rad(e.target) + 2 / s, L = 7 / s;
      const px = bx - ux * r, py = by - uy * r;
      ctx.globalAlpha = alpha || 1;
      ctx.fillStyle = COLORS[e.sign > 0 ? "pos" : e.sign < 0 ? "neg" : "neu"];
      ctx.beginPath(); ctx.moveTo(px, py);
      ctx.lineTo(px - ux * L - uy * L * 0.5, py - uy * L + ux * L * 0.5);
      ctx.lineTo(px - ux * L + uy * L * 0.5, py - uy * L - ux * L * 0.5);
      ctx.closePath(); ctx.fill(); ctx.globalAlpha = 1;
    }

    _labels() {
      const ctx = this.ctx, s = this.scale;
      ctx.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
      ctx.font = "12px system-ui, sans-serif"; ctx.textBaseline = "middle"; ctx.lineJoin = "round";
      const want = new Set();
      const budget = Math.min(250, Math.round(25 * Math.max(1, s * s)));
      for (let r = 0; r < this.labelOrder.length && want.size < budget; r++) {
        const i = this.labelOrder[r];
        const sx = this.x[i] * s + this.tx, sy = this.y[i] * s + this.ty;
        if (sx >= 0 && sy >= 0 && sx <= this.w && sy <= this.h) want.add(i);
      }
      if (this.selected >= 0) { want.add(this.selected); for (const i of this.neighbours) want.add(i); }
      if (this.hover >= 0) want.add(this.hover);
      const boxes = [];
      for (const i of want) {
        const name = this.nodes[i].name; const label = name.length > 32 ? name.slice(0, 31) + "…" : name;
        const sx = this.x[i] * s + this.tx + this.rad(i) * s + 4, sy = this.y[i] * s + this.ty;
        const wdt = ctx.measureText(label).width;
        const strong = i === this.selected || i === this.hover;
        if (!strong && boxes.some((b) => sx < b[2] && sx + wdt > b[0] && sy - 7 < b[3] && sy + 7 > b[1])) continue;
        boxes.push([sx, sy - 7, sx + wdt, sy + 7]);
        ctx.font = (strong ? "bold " : "") + "12px system-ui, sans-serif";
        ctx.strokeStyle = "rgba(255,255,255,0.9)"; ctx.lineWidth = 3; ctx.strokeText(label, sx, sy);
        ctx.fillStyle = "#1f2933"; ctx.fillText(label, sx, sy);
      }
    }

    _neighbours() {
      this.neighbours = new Set();
      const sel = this.selected; if (sel < 0) return;
      for (const t of this.adj[sel]) { const e = this.edges[t]; this.neighbours.add(e.source === sel ? e.target : e.source); }
      this.neighbours.delete(sel);
    }

    select(id) {
      this.selected = id == null ? -1 : this.indexOf(id);
      this.opts.selectedId = id;
      this._neighbours();
      if (this.selected >= 0 && this.userMoved) {
        this.tx = this.w / 2 - this.scale * this.x[this.selected];
        this.ty = this.h / 2 - this.scale * this.y[this.selected];
      }
      this.draw();
    }

    nodeAt(sx, sy) {
      const [wx, wy] = this.toWorld(sx, sy);
      let best = -1, bd = Infinity;
      for (let i = 0; i < this.nodes.length; i++) {
        const d = Math.hypot(this.x[i] - wx, this.y[i] - wy);
        const r = Math.max(this.rad(i), 6 / this.scale);
        if (d <= r && d < bd) { bd = d; best = i; }
      }
      return best;
    }

    _bind() {
      const c = this.canvas;
      let drag = null;
      c.addEventListener("mousedown", (ev) => { drag = { x: ev.offsetX, y: ev.offsetY, tx: this.tx, ty: this.ty, moved: false }; });
      window.addEventListener("mouseup", (ev) => {
        if (drag && !drag.moved && ev.target === c) {
          const i = this.nodeAt(ev.offsetX, ev.offsetY);
          if (this.opts.onSelect) this.opts.onSelect(i >= 0 ? this.nodes[i] : null);
        }
        drag = null;
      });
      c.addEventListener("mousemove", (ev) => {
        if (drag) {
          const mx = ev.offsetX - drag.x, my = ev.offsetY - drag.y;
          if (Math.abs(mx) + Math.abs(my) > 3) drag.moved = true;
          if (drag.moved) { this.userMoved = true; this.tx = drag.tx + mx; this.ty = drag.ty + my; this.draw(); }
          return;
        }
        const i = this.nodeAt(ev.offsetX, ev.offsetY);
        if (i !== this.hover) { this.hover = i; c.style.cursor = i >= 0 ? "pointer" : "grab"; this.draw(); }
        if (this.opts.onHover) this.opts.onHover(i >= 0 ? this.nodes[i] : null, ev.offsetX, ev.offsetY);
      });
      c.addEventListener("mouseleave", () => { if (this.hover >= 0) { this.hover = -1; this.draw(); } if (this.opts.onHover) this.opts.onHover(null); });
      c.addEventListener("wheel", (ev) => {
        ev.preventDefault();
        const f = Math.exp(-ev.deltaY * 0.0015);
        const [wx, wy] = this.toWorld(ev.offsetX, ev.offsetY);
        this.scale = Math.min(40, Math.max(0.02, this.scale * f));
        this.tx = ev.offsetX - wx * this.scale; this.ty = ev.offsetY - wy * this.scale;
        this.userMoved = true; this.draw();
      }, { passive: false });
      new ResizeObserver(() => { this.resize(); if (!this.userMoved) this.fit(); this.draw(); }).observe(c.parentElement);
    }
  }

  window.GraphView = GraphView;
})();
