// Topology chapter: a playground that trains a small MLP on the chapter's 2-D sets in the page.
// Markup: <div class="demo playground" data-src="figdata:topology/playground"> (see the chapter's
// last section) holding the settings, the buttons, three canvases and the message templates
// (data-msg-*, in the page's language). The JSON holds the data sets and each chapter network's
// initial weights, exported by figures_src/topology.py, so the defaults start where PyTorch did.
// Training is full batch with mean cross-entropy, as in book/nets/toys.py; SGD and Adam follow
// torch.optim's update rules. tests/test_playground.py replays PyTorch's first 50 steps.
(function () {
  "use strict";

  // ------------------------------------------------------------------ network
  // Derivatives are written in terms of the activation's output, which the forward pass keeps.
  var ACTS = {
    tanh: { f: Math.tanh, d: function (a) { return 1 - a * a; } },
    relu: { f: function (z) { return z > 0 ? z : 0; }, d: function (a) { return a > 0 ? 1 : 0; } },
    sigmoid: { f: function (z) { return 1 / (1 + Math.exp(-z)); }, d: function (a) { return a * (1 - a); } }
  };

  function rng(seed) { // mulberry32: a seeded uniform generator for networks no preset covers
    return function () {
      seed = (seed + 0x6D2B79F5) | 0;
      var t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  // sizes = [2, hidden..., 2]; weights = [{w: out×in row-major, b}] or null for a seeded
  // initialisation with nn.Linear's default range, U(-1/√fan_in, 1/√fan_in).
  function Net(sizes, act, weights, seed) {
    this.sizes = sizes;
    this.act = ACTS[act];
    this.W = []; this.b = []; this.gW = []; this.gb = [];
    this.mW = []; this.mb = []; this.vW = []; this.vb = [];
    this.t = 0;
    this.bufs = {};
    var rand = rng(seed || 1);
    for (var l = 0; l + 1 < sizes.length; l++) {
      var n = sizes[l + 1] * sizes[l], bound = 1 / Math.sqrt(sizes[l]);
      var W = new Float64Array(n), b = new Float64Array(sizes[l + 1]);
      if (weights) { W.set(weights[l].w); b.set(weights[l].b); } else {
        for (var i = 0; i < n; i++) W[i] = (2 * rand() - 1) * bound;
        for (i = 0; i < b.length; i++) b[i] = (2 * rand() - 1) * bound;
      }
      this.W.push(W); this.b.push(b);
      [this.gW, this.mW, this.vW].forEach(function (a) { a.push(new Float64Array(n)); });
      [this.gb, this.mb, this.vb].forEach(function (a) { a.push(new Float64Array(sizes[l + 1])); });
    }
  }

  // Activations of every layer for n points (x: n×2); the last entry holds the logits.
  Net.prototype.forward = function (x, n) {
    var s = this.sizes, L = s.length - 1, key = n, A = this.bufs[key];
    if (!A) { A = this.bufs[key] = s.map(function (w) { return new Float64Array(n * w); }); }
    A[0] = x;
    for (var l = 0; l < L; l++) {
      var W = this.W[l], b = this.b[l], fin = s[l], fout = s[l + 1], a = A[l], z = A[l + 1];
      var f = l < L - 1 ? this.act.f : null;
      for (var p = 0; p < n; p++) {
        for (var o = 0; o < fout; o++) {
          var v = b[o], row = o * fin, col = p * fin;
          for (var i = 0; i < fin; i++) v += W[row + i] * a[col + i];
          z[p * fout + o] = f ? f(v) : v;
        }
      }
    }
    return A;
  };

  // Mean cross-entropy of the logits against labels y; fills this.gW/this.gb when grad is set.
  Net.prototype.loss = function (x, y, n, grad) {
    var A = this.forward(x, n), L = this.sizes.length - 1, out = A[L], total = 0;
    var G = grad ? (this.bufs["g" + n] = this.bufs["g" + n] || new Float64Array(n * 2)) : null;
    for (var p = 0; p < n; p++) {
      var z0 = out[2 * p], z1 = out[2 * p + 1], m = Math.max(z0, z1);
      var e0 = Math.exp(z0 - m), e1 = Math.exp(z1 - m), lse = m + Math.log(e0 + e1);
      total += lse - (y[p] ? z1 : z0);
      if (G) { G[2 * p] = (e0 / (e0 + e1) - (y[p] ? 0 : 1)) / n; G[2 * p + 1] = (e1 / (e0 + e1) - (y[p] ? 1 : 0)) / n; }
    }
    if (G) this.backward(A, G, n);
    return total / n;
  };

  Net.prototype.backward = function (A, G, n) {
    var s = this.sizes;
    for (var l = s.length - 2; l >= 0; l--) {
      var fin = s[l], fout = s[l + 1], a = A[l], W = this.W[l], gW = this.gW[l], gb = this.gb[l];
      gW.fill(0); gb.fill(0);
      var prev = l > 0 ? (this.bufs["d" + n + "_" + l] = this.bufs["d" + n + "_" + l] || new Float64Array(n * fin)) : null;
      if (prev) prev.fill(0);
      for (var p = 0; p < n; p++) {
        for (var o = 0; o < fout; o++) {
          var g = G[p * fout + o];
          if (g === 0) continue;
          gb[o] += g;
          var row = o * fin, col = p * fin;
          for (var i = 0; i < fin; i++) {
            gW[row + i] += g * a[col + i];
            if (prev) prev[col + i] += g * W[row + i];
          }
        }
      }
      if (prev) { for (var k = 0; k < prev.length; k++) prev[k] *= this.act.d(a[k]); G = prev; }
    }
  };

  // One step of torch.optim.SGD (no momentum) or torch.optim.Adam (betas 0.9/0.999, eps 1e-8).
  Net.prototype.update = function (optimizer, lr) {
    this.t += 1;
    var bc1 = 1 - Math.pow(0.9, this.t), bc2 = Math.sqrt(1 - Math.pow(0.999, this.t));
    function apply(p, g, m, v) {
      for (var i = 0; i < p.length; i++) {
        if (optimizer === "sgd") { p[i] -= lr * g[i]; continue; }
        m[i] = 0.9 * m[i] + 0.1 * g[i];
        v[i] = 0.999 * v[i] + 0.001 * g[i] * g[i];
        p[i] -= (lr / bc1) * m[i] / (Math.sqrt(v[i]) / bc2 + 1e-8);
      }
    }
    for (var l = 0; l < this.W.length; l++) {
      apply(this.W[l], this.gW[l], this.mW[l], this.vW[l]);
      apply(this.b[l], this.gb[l], this.mb[l], this.vb[l]);
    }
  };

  Net.prototype.accuracy = function (x, y, n) {
    var out = this.forward(x, n)[this.sizes.length - 1], right = 0;
    for (var p = 0; p < n; p++) right += ((out[2 * p + 1] > out[2 * p]) ? 1 : 0) === y[p] ? 1 : 0;
    return right / n;
  };

  function split(s) { return { x: Float64Array.from(s.x), y: Int32Array.from(s.y), n: s.y.length }; }

  // Losses before each of `steps` full-batch steps and after the last (what the test replays).
  function trace(dataset, preset, act, optimizer, lr, steps) {
    var d = split(dataset.train), net = new Net([2].concat(preset.hidden, [2]), act, preset.weights);
    var out = [];
    for (var k = 0; k < steps; k++) { out.push(net.loss(d.x, d.y, d.n, true)); net.update(optimizer, lr); }
    out.push(net.loss(d.x, d.y, d.n, false));
    return out;
  }
  window.BookPlayground = { Net: Net, trace: trace };

  // ------------------------------------------------------------------ drawing
  var GRID_LINES = 11, LINE_SAMPLES = 101, RES = 48;

  function css(name, fallback) {
    var v = getComputedStyle(document.body).getPropertyValue(name).trim();
    return v || fallback;
  }

  function rgb(ctx, colour) { // any CSS colour → [r, g, b] (the canvas normalises it to #rrggbb)
    ctx.fillStyle = "#000"; ctx.fillStyle = colour;
    var h = ctx.fillStyle;
    if (h[0] === "#") return [1, 3, 5].map(function (i) { return parseInt(h.slice(i, i + 2), 16); });
    return h.match(/[\d.]+/g).slice(0, 3).map(Number);
  }

  function prepare(canvas) {
    var ctx = canvas.getContext("2d"), dpr = window.devicePixelRatio || 1;
    var w = canvas.clientWidth || 300, h = canvas.clientHeight || w;
    if (canvas.width !== Math.round(w * dpr)) { canvas.width = Math.round(w * dpr); canvas.height = Math.round(h * dpr); }
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, w, h);
    return { ctx: ctx, w: w, h: h };
  }

  function marker(ctx, x, y, c) {
    ctx.beginPath();
    if (c === 0) ctx.arc(x, y, 2.6, 0, 2 * Math.PI);
    else { ctx.moveTo(x, y - 3.2); ctx.lineTo(x + 3, y + 2.2); ctx.lineTo(x - 3, y + 2.2); ctx.closePath(); }
    ctx.fill(); ctx.stroke();
  }

  function points(ctx, xy, y, n, X, Y, colours) {
    ctx.lineWidth = 0.6; ctx.strokeStyle = css("--md-default-bg-color", "#fff");
    for (var p = 0; p < n; p++) { ctx.fillStyle = colours[y[p]]; marker(ctx, X(xy[2 * p]), Y(xy[2 * p + 1]), y[p]); }
  }

  // Input-space grid lines, densely sampled so that bent lines stay smooth: n × 2 points.
  function gridLines(lim) {
    var pts = new Float64Array(2 * GRID_LINES * LINE_SAMPLES * 2), k = 0;
    for (var dir = 0; dir < 2; dir++) {
      for (var i = 0; i < GRID_LINES; i++) {
        var fixed = -lim + 2 * lim * i / (GRID_LINES - 1);
        for (var j = 0; j < LINE_SAMPLES; j++) {
          var run = -lim + 2 * lim * j / (LINE_SAMPLES - 1);
          pts[k++] = dir ? fixed : run; pts[k++] = dir ? run : fixed;
        }
      }
    }
    return pts;
  }

  // A fixed projection of width-dimensional points to 2-D: two orthonormal random directions
  // (seeded by the width), so the picture moves only when the network does.
  function projection(width) {
    if (width <= 2) return null;
    var r = rng(1000 + width), u = [], v = [], i;
    for (i = 0; i < width; i++) { u.push(2 * r() - 1); v.push(2 * r() - 1); }
    function norm(a) { var s = Math.hypot.apply(null, a); return a.map(function (t) { return t / s; }); }
    u = norm(u);
    var dot = u.reduce(function (s, t, k) { return s + t * v[k]; }, 0);
    v = norm(v.map(function (t, k) { return t - dot * u[k]; }));
    return [u, v];
  }

  function project(h, width, n, P) {
    if (!P) return h;
    var out = new Float64Array(2 * n);
    for (var p = 0; p < n; p++) {
      var a = 0, b = 0;
      for (var i = 0; i < width; i++) { a += P[0][i] * h[p * width + i]; b += P[1][i] * h[p * width + i]; }
      out[2 * p] = a; out[2 * p + 1] = b;
    }
    return out;
  }

  function Playground(root, data) {
    this.root = root; this.data = data;
    this.ui = {};
    var self = this;
    ["preset", "data", "depth", "width", "act", "optimizer", "lr", "train", "step", "reset",
     "stats", "status", "regions", "hidden", "loss", "note"].forEach(function (name) {
      self.ui[name] = root.querySelector("[data-pg=" + name + "]");
    });
    this.msg = function (key, values) {
      return (root.getAttribute("data-msg-" + key) || key).replace(/\{(\w+)\}/g, function (_, k) { return values[k]; });
    };
    this.reduced = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)");
    this.running = false; this.frames = 0; this.lastDraw = 0;
    this.applyPreset(root.getAttribute("data-default"));
  }

  Playground.prototype.settings = function () {
    var u = this.ui, depth = Number(u.depth.value), width = Number(u.width.value), hidden = [];
    for (var i = 0; i < depth; i++) hidden.push(width);
    return { data: u.data.value, hidden: hidden, act: u.act.value, optimizer: u.optimizer.value, lr: Number(u.lr.value) };
  };

  Playground.prototype.applyPreset = function (id) {
    var p = this.data.presets.filter(function (q) { return q.id === id; })[0];
    if (!p) return;
    var u = this.ui;
    u.data.value = p.data; u.depth.value = String(p.hidden.length);
    if (p.hidden.length) u.width.value = String(p.hidden[0]);
    u.act.value = p.act; u.optimizer.value = p.optimizer; u.lr.value = String(p.lr);
    this.base = p;
    this.reset();
  };

  function same(a, b) { return a.length === b.length && a.every(function (v, i) { return v === b[i]; }); }

  // The preset whose settings are all the current ones, or "custom".
  Playground.prototype.matchPreset = function () {
    var s = this.settings();
    var p = this.data.presets.filter(function (q) {
      return q.data === s.data && same(q.hidden, s.hidden) && q.act === s.act && q.optimizer === s.optimizer && q.lr === s.lr;
    })[0];
    this.ui.preset.value = p ? p.id : "custom";
    return p;
  };

  // Start again from the initial weights: the last chosen experiment's while its layer sizes
  // are kept (whatever the data set, activation or optimiser), a seeded draw otherwise.
  Playground.prototype.reset = function () {
    this.pause(true);
    var s = this.settings(), base = this.matchPreset() || this.base;
    if (base) this.base = base;
    var weights = this.base && same(this.base.hidden, s.hidden) ? this.base.weights : null;
    this.s = s;
    this.net = new Net([2].concat(s.hidden, [2]), s.act, weights, 1);
    var ds = this.data.datasets[s.data];
    this.train = split(ds.train); this.test = split(ds.test); this.lim = ds.lim;
    this.grid = gridLines(ds.lim);
    this.width = s.hidden.length ? s.hidden[s.hidden.length - 1] : 2;
    this.proj = projection(this.width);
    this.steps = 0; this.losses = [];
    this.target = this.matchPreset() ? this.matchPreset().steps : Infinity; // own settings: until paused
    this.currentLoss = this.net.loss(this.train.x, this.train.y, this.train.n, false);
    this.ui.note.hidden = !(this.proj || !s.hidden.length);
    this.ui.note.textContent = this.proj ? this.msg("projection", { width: this.width }) : s.hidden.length ? "" : this.msg("nohidden", {});
    this.draw();
    if (this.started) this.announce(); // not on page load: nothing has happened yet
    this.started = true;
  };

  Playground.prototype.step = function () {
    var t = this.train;
    this.currentLoss = this.net.loss(t.x, t.y, t.n, true);
    this.losses.push(this.currentLoss);
    this.net.update(this.s.optimizer, this.s.lr);
    this.steps += 1;
  };

  // Advance n steps without waiting for frames (the Step button, and tests).
  Playground.prototype.advance = function (n) {
    for (var i = 0; i < n; i++) this.step();
    this.currentLoss = this.net.loss(this.train.x, this.train.y, this.train.n, false);
    this.draw();
    this.announce(this.diverged() ? this.msg("diverged", {}) : "");
  };

  // A two-class cross-entropy starts near ln 2; past a million (or NaN) training has blown up.
  Playground.prototype.diverged = function () { return !(this.currentLoss < 1e6); };

  Playground.prototype.state = function () {
    return { step: this.steps, loss: this.currentLoss, frames: this.frames, running: this.running,
             train: this.net.accuracy(this.train.x, this.train.y, this.train.n),
             test: this.net.accuracy(this.test.x, this.test.y, this.test.n), preset: this.ui.preset.value };
  };

  Playground.prototype.statsText = function () {
    var st = this.state(), lang = document.documentElement.lang || "en";
    var pct = function (v) { return (100 * v).toLocaleString(lang, { maximumFractionDigits: 1 }) + "%"; };
    return this.msg("stats", { step: st.step.toLocaleString(lang), loss: st.loss.toPrecision(3),
                               train: pct(st.train), test: pct(st.test) });
  };

  Playground.prototype.announce = function (extra) {
    this.ui.status.textContent = (extra ? extra + " " : "") + this.statsText();
  };

  Playground.prototype.play = function () {
    if (this.running) return;
    this.running = true;
    this.ui.train.textContent = this.msg("pause", {});
    var self = this;
    var frame = function (now) {
      if (!self.running) return;
      var start = performance.now(), k = 0;
      // Up to 10 steps a frame within 20 ms: a few hundred steps a second, still smooth.
      while (k < 10 && (k === 0 || performance.now() - start < 20)) { self.step(); k++; }
      if (self.diverged()) { self.draw(); self.pause(false, self.msg("diverged", {})); return; }
      if (self.steps >= self.target) {
        self.target = Infinity; self.draw(); self.pause(false, self.msg("stopped", { steps: self.steps })); return;
      }
      // Under prefers-reduced-motion the panels change once a second instead of moving.
      if (!(self.reduced && self.reduced.matches) || now - self.lastDraw > 1000) { self.draw(); self.lastDraw = now; }
      self.raf = requestAnimationFrame(frame);
    };
    this.raf = requestAnimationFrame(frame);
  };

  Playground.prototype.pause = function (quiet, extra) {
    var was = this.running;
    this.running = false;
    if (this.raf) cancelAnimationFrame(this.raf);
    this.ui.train.textContent = this.msg("train", {});
    if (was && !quiet) { this.draw(); this.announce(extra); }
  };

  Playground.prototype.draw = function () {
    this.frames += 1;
    this.drawnWidth = this.ui.regions.clientWidth;
    var colours = [css("--topo-class-a", "#0072B2"), css("--topo-class-b", "#E69F00")];
    this.drawRegions(colours);
    this.drawHidden(colours);
    this.drawLoss();
    var now = performance.now(); // while training, the numbers change 4 times a second: readable, and cheaper
    if (!this.running || !(now - this.statsAt < 250)) { this.ui.stats.textContent = this.statsText(); this.statsAt = now; }
  };

  Playground.prototype.drawRegions = function (colours) {
    var c = prepare(this.ui.regions), ctx = c.ctx, lim = this.lim, net = this.net;
    var xs = this.bufRegion || (this.bufRegion = new Float64Array(RES * RES * 2));
    for (var r = 0; r < RES; r++) for (var q = 0; q < RES; q++) {
      xs[2 * (r * RES + q)] = -lim + 2 * lim * (q + 0.5) / RES;
      xs[2 * (r * RES + q) + 1] = lim - 2 * lim * (r + 0.5) / RES;
    }
    var out = net.forward(xs, RES * RES)[net.sizes.length - 1];
    var a = rgb(ctx, colours[0]), b = rgb(ctx, colours[1]), bg = rgb(ctx, css("--md-default-bg-color", "#fff"));
    var img = this.img || (this.img = ctx.createImageData(RES, RES));
    for (var k = 0; k < RES * RES; k++) {
      var p1 = 1 / (1 + Math.exp(out[2 * k] - out[2 * k + 1])), col = p1 > 0.5 ? b : a;
      var mix = 0.45 * Math.abs(2 * p1 - 1); // how sure the network is, as colour strength
      for (var ch = 0; ch < 3; ch++) img.data[4 * k + ch] = Math.round(bg[ch] + (col[ch] - bg[ch]) * mix);
      img.data[4 * k + 3] = 255;
    }
    var off = this.offscreen;
    if (!off) { off = this.offscreen = document.createElement("canvas"); off.width = RES; off.height = RES; }
    off.getContext("2d").putImageData(img, 0, 0);
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(off, 0, 0, c.w, c.h);
    var X = function (v) { return (v + lim) / (2 * lim) * c.w; }, Y = function (v) { return (lim - v) / (2 * lim) * c.h; };
    points(ctx, this.train.x, this.train.y, this.train.n, X, Y, colours);
  };

  Playground.prototype.drawHidden = function (colours) {
    var c = prepare(this.ui.hidden), ctx = c.ctx, net = this.net, depth = this.s.hidden.length;
    var w = this.width, ng = this.grid.length / 2, t = this.train;
    function rep(x, n) { return depth ? net.forward(x, n)[depth] : x; } // n × w, in the net's buffers
    var g = project(rep(this.grid, ng), w, ng, this.proj), d = project(rep(t.x, t.n), w, t.n, this.proj);
    var lo = [Infinity, Infinity], hi = [-Infinity, -Infinity];
    [g, d].forEach(function (arr) {
      for (var i = 0; i < arr.length; i++) { lo[i % 2] = Math.min(lo[i % 2], arr[i]); hi[i % 2] = Math.max(hi[i % 2], arr[i]); }
    });
    var side = Math.max(hi[0] - lo[0], hi[1] - lo[1], 1e-6) * 1.08, cx = (lo[0] + hi[0]) / 2, cy = (lo[1] + hi[1]) / 2;
    var X = function (v) { return (v - cx + side / 2) / side * c.w; }, Y = function (v) { return (cy + side / 2 - v) / side * c.h; };
    ctx.strokeStyle = css("--md-default-fg-color--lighter", "rgba(0,0,0,.32)");
    ctx.lineWidth = 1;
    for (var line = 0; line < 2 * GRID_LINES; line++) {
      ctx.beginPath();
      for (var j = 0; j < LINE_SAMPLES; j++) {
        var k = line * LINE_SAMPLES + j;
        if (j === 0) ctx.moveTo(X(g[2 * k]), Y(g[2 * k + 1])); else ctx.lineTo(X(g[2 * k]), Y(g[2 * k + 1]));
      }
      ctx.stroke();
    }
    points(ctx, d, t.y, t.n, X, Y, colours);
    if (!this.proj) { // the output layer's boundary, a line in this plane: (w1 − w0)·h + b1 − b0 = 0
      var Wl = net.W[net.W.length - 1], bl = net.b[net.b.length - 1];
      var A = Wl[2] - Wl[0], B = Wl[3] - Wl[1], C = bl[1] - bl[0], x0 = cx - side / 2, x1 = cx + side / 2;
      var y0 = cy - side / 2, y1 = cy + side / 2;
      ctx.strokeStyle = css("--md-default-fg-color", "#000"); ctx.lineWidth = 2; ctx.setLineDash([6, 4]);
      ctx.beginPath();
      if (Math.abs(B) > Math.abs(A)) { ctx.moveTo(X(x0), Y(-(A * x0 + C) / B)); ctx.lineTo(X(x1), Y(-(A * x1 + C) / B)); }
      else if (A !== 0) { ctx.moveTo(X(-(B * y0 + C) / A), Y(y0)); ctx.lineTo(X(-(B * y1 + C) / A), Y(y1)); }
      ctx.stroke(); ctx.setLineDash([]);
    }
  };

  Playground.prototype.drawLoss = function () {
    var c = prepare(this.ui.loss), ctx = c.ctx, L = this.losses, pad = 44;
    var fg = css("--md-default-fg-color--light", "#555");
    ctx.fillStyle = fg; ctx.strokeStyle = fg; ctx.lineWidth = 1;
    ctx.font = "11px " + css("--md-text-font-family", "sans-serif");
    var top = 1, bottom = -4; // log10 of the loss range shown: 10 … 0.0001
    var X = function (i) { return pad + (c.w - pad - 6) * i / Math.max(L.length, this.target === Infinity ? L.length : this.target, 1); }.bind(this);
    var Y = function (v) { return 6 + (c.h - pad) * (top - Math.log10(Math.max(v, 1e-4))) / (top - bottom); };
    ctx.beginPath(); ctx.moveTo(pad, 6); ctx.lineTo(pad, c.h - pad + 6); ctx.lineTo(c.w - 6, c.h - pad + 6); ctx.stroke();
    ctx.textAlign = "right"; ctx.textBaseline = "middle";
    for (var e = top; e >= bottom; e--) ctx.fillText(String(Math.pow(10, e)), pad - 4, Y(Math.pow(10, e)));
    ctx.textAlign = "center"; ctx.textBaseline = "top";
    ctx.fillText(this.msg("lossaxis", { steps: this.steps.toLocaleString() }), (pad + c.w) / 2, c.h - pad + 12);
    if (!L.length) return;
    ctx.strokeStyle = css("--topo-class-a", "#0072B2"); ctx.lineWidth = 1.5;
    ctx.beginPath();
    var every = Math.max(1, Math.floor(L.length / (c.w - pad))); // at most one point a pixel
    for (var i = 0; i < L.length; i += every) { if (i === 0) ctx.moveTo(X(i), Y(L[i])); else ctx.lineTo(X(i), Y(L[i])); }
    ctx.lineTo(X(L.length - 1), Y(L[L.length - 1]));
    ctx.stroke();
  };

  // ------------------------------------------------------------------ wiring
  function setup(root) {
    root.setAttribute("data-ready", "loading");
    fetch(root.getAttribute("data-src")).then(function (r) {
      if (!r.ok) throw new Error("playground data: HTTP " + r.status);
      return r.json();
    }).then(function (data) {
      var ui = root.querySelector(".playground-ui"), fallback = root.querySelector(".playground-fallback");
      ui.hidden = false;
      if (fallback) fallback.hidden = true;
      var pg = new Playground(root, data), u = pg.ui;
      root.playground = pg;
      u.preset.addEventListener("change", function () {
        if (u.preset.value !== "custom") pg.applyPreset(u.preset.value);
      });
      ["data", "depth", "width", "act", "optimizer"].forEach(function (name) {
        u[name].addEventListener("change", function () { pg.reset(); });
      });
      u.lr.addEventListener("change", function () { pg.s.lr = Number(u.lr.value); pg.matchPreset(); });
      u.train.addEventListener("click", function () { if (pg.running) pg.pause(); else pg.play(); });
      u.step.addEventListener("click", function () { pg.pause(true); pg.advance(1); });
      u.reset.addEventListener("click", function () { pg.reset(); });
      new MutationObserver(function () { pg.draw(); }).observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });
      // Redraw when the panels change size (window, fonts, sidebar), not on the observer's first call.
      new ResizeObserver(function () { if (u.regions.clientWidth !== pg.drawnWidth) pg.draw(); }).observe(root.querySelector(".playground-panels"));
      root.setAttribute("data-ready", "true");
    }).catch(function (err) {
      root.setAttribute("data-ready", "error");
      console.error(err);
    });
  }

  function init() {
    document.querySelectorAll(".playground:not([data-ready])").forEach(setup);
  }
  if (window.document$) window.document$.subscribe(init); else document.addEventListener("DOMContentLoaded", init);
})();
