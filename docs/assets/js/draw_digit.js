/* "Draw a digit": the reader's own digit through the trained MNIST networks of the chapter
 * "신경망의 내부 / Looking inside a neural network".
 *
 *   <div class="demo draw-digit" data-src="…/draw_digit_demo.ko.json">(fallback text)</div>
 *
 * The JSON (figures_src/inside.py, book/demos/digit_demo.py) holds the float32 weights of the
 * 784→10 and 784→10→10 networks exactly as PyTorch trained them, real test digits for the
 * "next test digit" button, a colour map and the sentences of one language. The drawing is
 * preprocessed as MNIST was made (crop to the ink, fit into 20×20 keeping the aspect ratio,
 * area-averaged grey levels, centre of mass at the centre of 28×28), then both networks run
 * here in double precision. window.bookDrawDigit exposes the pure parts for the tests.
 * Needs docs/assets/js/demos.js (loaded before it).
 */
(function () {
  "use strict";

  var SIZE = 28, BOX = 20, PAD = 280, PEN = 24;

  /* ------------------------------------------------------------ numbers */

  function bytes(b64) {
    var s = atob(b64), out = new Uint8Array(s.length);
    for (var i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
    return out;
  }

  function floats(b64) {  // little-endian float32, whatever the machine's byte order
    var raw = bytes(b64), view = new DataView(raw.buffer), out = new Float32Array(raw.length / 4);
    for (var i = 0; i < out.length; i++) out[i] = view.getFloat32(4 * i, true);
    return out;
  }

  function network(layers) {
    return layers.map(function (l) { return { rows: l.rows, cols: l.cols, w: floats(l.w), b: floats(l.b) }; });
  }

  /* Linear layers with ReLU between them, softmax at the end. Returns every layer's output. */
  function forward(net, x) {
    var outs = [], input = x;
    net.forEach(function (l, k) {
      var out = new Float64Array(l.rows), last = k === net.length - 1;
      for (var r = 0; r < l.rows; r++) {
        var s = l.b[r], base = r * l.cols;
        for (var c = 0; c < l.cols; c++) s += l.w[base + c] * input[c];
        out[r] = last || s > 0 ? s : 0;
      }
      outs.push(out);
      input = out;
    });
    var z = outs[outs.length - 1], top = Math.max.apply(null, z), sum = 0;
    var probs = Array.prototype.map.call(z, function (v) { var e = Math.exp(v - top); sum += e; return e; });
    return { hidden: outs.slice(0, -1), logits: z, probs: probs.map(function (e) { return e / sum; }) };
  }

  function argmax(values) {
    var best = 0;
    for (var i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
    return best;
  }

  /* For each of `count` target pixels of width 1/scale source pixels from `start`, the source
   * pixels it covers and by how much (an area average; ink beyond `length` counts as empty). */
  function coverage(start, length, count, scale) {
    var out = [];
    for (var k = 0; k < count; k++) {
      var a = start + k / scale, b = Math.min(start + (k + 1) / scale, start + length), parts = [];
      for (var s = Math.floor(a); s < b; s++) {
        var overlap = Math.min(s + 1, b) - Math.max(s, a);
        if (overlap > 0) parts.push([s, overlap * scale]);
      }
      out.push(parts);
    }
    return out;
  }

  /* The w×h ink (0..255) inside the box (x0, y0, bw, bh), area-averaged onto tw×th pixels of
   * 1/scale source pixels each, as values in [0, 1]. */
  function resample(ink, w, box, scale, tw, th) {
    var cols = coverage(box[0], box[2], tw, scale), rows = coverage(box[1], box[3], th, scale);
    var out = new Float64Array(tw * th);
    rows.forEach(function (rparts, ty) {
      cols.forEach(function (cparts, tx) {
        var v = 0;
        rparts.forEach(function (rp) {
          cparts.forEach(function (cp) { v += ink[rp[0] * w + cp[0]] * rp[1] * cp[1]; });
        });
        out[ty * tw + tx] = Math.min(1, v / 255);
      });
    });
    return out;
  }

  /* ink: w×h values in 0..255. The 784 inputs as MNIST was made, or null if blank. */
  function preprocess(ink, w, h) {
    var x0 = w, y0 = h, x1 = -1, y1 = -1, x, y;
    for (y = 0; y < h; y++) for (x = 0; x < w; x++) if (ink[y * w + x] > 0) {
      if (x < x0) x0 = x; if (x > x1) x1 = x; if (y < y0) y0 = y; if (y > y1) y1 = y;
    }
    if (x1 < 0) return null;
    var bw = x1 - x0 + 1, bh = y1 - y0 + 1, scale = BOX / Math.max(bw, bh);
    var tw = Math.max(1, Math.ceil(bw * scale - 1e-9)), th = Math.max(1, Math.ceil(bh * scale - 1e-9));
    var small = resample(ink, w, [x0, y0, bw, bh], scale, tw, th), mass = 0, mx = 0, my = 0;
    for (y = 0; y < th; y++) for (x = 0; x < tw; x++) {
      var v = small[y * tw + x];
      mass += v; mx += v * x; my += v * y;
    }
    var centre = (SIZE - 1) / 2;
    var dx = Math.max(0, Math.min(SIZE - tw, Math.round(centre - mx / mass)));
    var dy = Math.max(0, Math.min(SIZE - th, Math.round(centre - my / mass)));
    var out = new Float64Array(SIZE * SIZE);
    for (y = 0; y < th; y++) for (x = 0; x < tw; x++) out[(y + dy) * SIZE + x + dx] = small[y * tw + x];
    return out;
  }

  /* Without the MNIST steps: the whole w×h pad shrunk to 28×28, wherever and however big the
   * digit is (to see why the steps matter). */
  function shrink(ink, w, h) {
    for (var i = 0; i < w * h; i++) if (ink[i] > 0) return resample(ink, w, [0, 0, w, h], SIZE / w, SIZE, SIZE);
    return null;
  }

  /* ------------------------------------------------------------ page */

  var el = window.bookDemos.el, fill = window.bookDemos.fill;  // docs/assets/js/demos.js

  function pct(p) { return p > 0.999 ? ">99.9%" : (100 * p).toFixed(1) + "%"; }

  function signed(v) { return (v < 0 ? "\u2212" : "+") + Math.abs(v).toFixed(2); }

  /* A list of labelled bars. mode "share": values in [0, 1]; "scaled": non-negative, the
   * largest fills the track; "signed": bars grow left (negative) or right from the middle. */
  function barList(label, n, names, mode) {
    var signedBars = mode === "signed";
    var list = el("ol", { class: "dd-bars" + (signedBars ? " dd-signed" : ""), "aria-label": label });
    var items = names.slice(0, n).map(function (name) {
      var bar = el("span", { class: "dd-fill" }), value = el("span", { class: "dd-value" });
      list.appendChild(el("li", {}, [el("span", { class: "dd-name", text: name }),
                                     el("span", { class: "dd-track" }, [bar]), value]));
      return { bar: bar, value: value, li: bar.parentNode.parentNode };
    });
    list.update = function (values, format, winner) {
      var lim = mode === "share" ? 1 : Math.max.apply(null, values.map(Math.abs)) || 1;
      items.forEach(function (it, i) {
        var share = Math.abs(values[i]) / lim * (signedBars ? 50 : 100);
        it.bar.style.width = share.toFixed(2) + "%";
        it.bar.style.left = signedBars && values[i] < 0 ? (50 - share).toFixed(2) + "%" : signedBars ? "50%" : "0";
        it.bar.className = "dd-fill" + (values[i] < 0 ? " dd-neg" : " dd-pos");
        it.value.textContent = format(values[i]);
        it.li.classList.toggle("dd-win", i === winner);
      });
    };
    return list;
  }

  function paint(canvas, x, colour) {
    var ctx = canvas.getContext("2d"), img = ctx.createImageData(SIZE, SIZE);
    for (var i = 0; i < SIZE * SIZE; i++) {
      var c = colour(x ? x[i] : 0, i);
      img.data[4 * i] = c[0]; img.data[4 * i + 1] = c[1]; img.data[4 * i + 2] = c[2]; img.data[4 * i + 3] = 255;
    }
    ctx.putImageData(img, 0, 0);
  }

  function drawDigit(root, data) {
    var T = data.text, classes = data.classes;
    var nets = { linear: network(data.linear), hidden: network(data.hidden) };
    var examples = bytes(data.examples.images), nextExample = 0;
    var lut = data.colormap.match(/.{6}/g).map(function (h) {
      return [0, 2, 4].map(function (k) { return parseInt(h.substr(k, 2), 16); });
    });
    var input = null, chosen = null, pending = false, drawn = false, steps = true;

    var pad = el("canvas", { width: PAD, height: PAD, class: "dd-pad", role: "img", "aria-label": T.canvas });
    var pen = pad.getContext("2d");
    var source = el("p", { class: "dd-source", text: T.empty });
    var loadButton = el("button", { type: "button", class: "dd-button dd-load", text: T.load });
    var clearButton = el("button", { type: "button", class: "dd-button dd-clear", text: T.clear });
    var stepsButton = el("button", { type: "button", class: "dd-pick dd-steps", "aria-pressed": "true", text: T.steps });
    var processed = el("canvas", { width: SIZE, height: SIZE, class: "dd-grid dd-processed", role: "img",
                                   "aria-label": T.processed });
    var processedLabel = el("p", { class: "demo-label", text: T.processed });
    var status = el("p", { class: "dd-status", role: "status", "aria-live": "polite" });

    var linHead = el("p", { class: "demo-count" }), hidHead = el("p", { class: "demo-count" });
    var linBars = barList(T.linear + ": " + T.probs, 10, classes, "share");
    var hidBars = barList(T.hidden + ": " + T.probs, 10, classes, "share");
    var hNames = Array.from({ length: nets.hidden[0].rows }, function (_, j) { return "h" + (j + 1); });
    var actBars = barList(T.activations, hNames.length, hNames, "scaled");
    var pushLabel = el("p", { class: "demo-label" });
    var pushBars = barList(T.activations, hNames.length, hNames, "signed");
    var product = el("canvas", { width: SIZE, height: SIZE, class: "dd-grid dd-product", role: "img",
                                 "aria-label": T.pick });
    var productLabel = el("p", { class: "demo-label" }), logit = el("p", { class: "dd-logit" });
    var pickers = classes.map(function (c, i) {
      return el("button", { type: "button", class: "dd-pick", "aria-pressed": "false", "data-i": i, text: c });
    });

    function update(announce) {
      var lin = input && forward(nets.linear, input), hid = input && forward(nets.hidden, input);
      paint(processed, input, function (v) { var g = Math.round(255 * (1 - v)); return [g, g, g]; });
      root.classList.toggle("dd-blank", !input);
      if (!input) {
        delete root.dataset.linear; delete root.dataset.hidden;
        linHead.textContent = T.linear; hidHead.textContent = T.hidden;
        status.textContent = announce ? T.empty : status.textContent;
        return;
      }
      var a = argmax(lin.probs), b = argmax(hid.probs), c = chosen === null ? a : chosen;
      root.dataset.linear = a; root.dataset.hidden = b;
      linHead.textContent = fill(T.says, { net: T.linear, d: classes[a], p: pct(lin.probs[a]) });
      hidHead.textContent = fill(T.says, { net: T.hidden, d: classes[b], p: pct(hid.probs[b]) });
      linBars.update(lin.probs, pct, a);
      hidBars.update(hid.probs, pct, b);
      // input × weights of class c, on the colour scale of the chapter's "rolled" figure
      var w = nets.linear[0].w, base = c * SIZE * SIZE, limit = 0, sum = 0;
      for (var i = 0; i < SIZE * SIZE; i++) { limit = Math.max(limit, Math.abs(w[base + i])); sum += w[base + i] * input[i]; }
      paint(product, input, function (v, i) {
        return lut[Math.max(0, Math.min(255, Math.round((v * w[base + i] / limit + 1) / 2 * 255)))];
      });
      product.setAttribute("aria-label", fill(T.product, { c: classes[c] }));
      productLabel.textContent = fill(T.product, { c: classes[c] });
      logit.textContent = fill(T.logit, { b: signed(nets.linear[0].b[c]), s: signed(sum),
                                          z: signed(nets.linear[0].b[c] + sum) });
      pickers.forEach(function (p, i) { p.setAttribute("aria-pressed", String(i === c)); });
      // the hidden layer, and what each hidden neuron adds to the hidden net's winner
      var h = hid.hidden[0], w2 = nets.hidden[1];
      actBars.update(Array.from(h), function (v) { return v.toFixed(2); }, -1);
      var push = Array.from(h).map(function (v, j) { return w2.w[b * w2.cols + j] * v; });
      pushLabel.textContent = fill(T.push, { c: classes[b] });
      pushBars.setAttribute("aria-label", pushLabel.textContent);
      pushBars.update(push, signed, -1);
      if (announce) status.textContent = fill(T.announce, { a: classes[a], p: pct(lin.probs[a]),
                                                            b: classes[b], q: pct(hid.probs[b]) });
    }

    function describeInput(text) {
      processedLabel.textContent = text;
      processed.setAttribute("aria-label", text);
    }

    function fromPad(announce) {
      var rgba = pen.getImageData(0, 0, PAD, PAD).data, ink = new Uint8Array(PAD * PAD);
      for (var i = 0; i < ink.length; i++) ink[i] = rgba[4 * i + 3];
      input = (steps ? preprocess : shrink)(ink, PAD, PAD);
      drawn = true;
      describeInput(steps ? T.processed : T.shrunk);
      update(announce);
    }

    function clear() {
      pen.clearRect(0, 0, PAD, PAD);
      input = null;
      drawn = false;
      source.textContent = T.empty;
      update(true);
    }

    function load() {
      var k = nextExample, n = data.examples.index.length;
      nextExample = (k + 1) % n;
      var pixels = examples.subarray(k * SIZE * SIZE, (k + 1) * SIZE * SIZE);
      var small = document.createElement("canvas");
      small.width = small.height = SIZE;
      var sctx = small.getContext("2d"), img = sctx.createImageData(SIZE, SIZE);
      for (var i = 0; i < SIZE * SIZE; i++) img.data[4 * i + 3] = pixels[i];
      sctx.putImageData(img, 0, 0);
      pen.clearRect(0, 0, PAD, PAD);
      pen.imageSmoothingEnabled = true;
      pen.drawImage(small, 0, 0, PAD, PAD);
      // the test image is already an MNIST input: use it as it is, not the enlarged copy
      input = Float64Array.from(pixels, function (v) { return v / 255; });
      drawn = false;
      describeInput(T.processed);
      source.textContent = fill(T.loaded, { i: data.examples.index[k], d: classes[data.examples.labels[k]] });
      update(true);
    }

    /* Drawing: pointer events cover mouse, pen and touch; the network reruns once a frame. */
    var last = null;
    function point(e) {
      var r = pad.getBoundingClientRect();
      return [(e.clientX - r.left) * PAD / r.width, (e.clientY - r.top) * PAD / r.height];
    }
    pad.addEventListener("pointerdown", function (e) {
      e.preventDefault();
      pad.setPointerCapture(e.pointerId);
      last = point(e);
      pen.fillStyle = pen.strokeStyle = "#000";
      pen.lineWidth = PEN; pen.lineCap = pen.lineJoin = "round";
      pen.beginPath(); pen.arc(last[0], last[1], PEN / 2, 0, 2 * Math.PI); pen.fill();
      source.textContent = T.drawn;
      fromPad(false);
    });
    pad.addEventListener("pointermove", function (e) {
      if (!last) return;
      var p = point(e);
      pen.beginPath(); pen.moveTo(last[0], last[1]); pen.lineTo(p[0], p[1]); pen.stroke();
      last = p;
      if (!pending) {
        pending = true;
        requestAnimationFrame(function () { pending = false; fromPad(false); });
      }
    });
    function end() { if (last) { last = null; fromPad(true); } }
    pad.addEventListener("pointerup", end);
    pad.addEventListener("pointercancel", end);
    loadButton.addEventListener("click", load);
    clearButton.addEventListener("click", clear);
    stepsButton.addEventListener("click", function () {
      steps = !steps;
      stepsButton.setAttribute("aria-pressed", String(steps));
      if (drawn) fromPad(true);
    });

    /* The class buttons: one tab stop, arrows move (a toolbar of toggle buttons). */
    pickers.forEach(function (b, i) {
      b.tabIndex = i === 0 ? 0 : -1;
      b.addEventListener("click", function () {
        chosen = i;
        pickers.forEach(function (o) { o.tabIndex = o === b ? 0 : -1; });
        update(false);
      });
      b.addEventListener("keydown", function (e) {
        var j = { ArrowRight: i + 1, ArrowDown: i + 1, ArrowLeft: i - 1, ArrowUp: i - 1, Home: 0,
                  End: pickers.length - 1 }[e.key];
        if (j === undefined) return;
        e.preventDefault();
        j = (j + pickers.length) % pickers.length;
        pickers.forEach(function (o) { o.tabIndex = -1; });
        pickers[j].tabIndex = 0;
        pickers[j].focus();
      });
    });

    root.appendChild(el("p", { class: "demo-hint", text: T.hint }));
    root.appendChild(el("div", { class: "dd-row" }, [
      el("div", { class: "dd-cell" }, [pad, el("div", { class: "dd-buttons" }, [loadButton, clearButton]), source]),
      el("div", { class: "dd-cell" }, [processedLabel, processed, stepsButton])]));
    root.appendChild(status);
    root.appendChild(el("div", { class: "dd-row dd-nets" }, [
      el("section", { class: "dd-net dd-linear", "aria-label": T.linear }, [
        linHead, linBars,
        el("div", { class: "dd-picker", role: "toolbar", "aria-label": T.pick }, pickers),
        productLabel, product, logit]),
      el("section", { class: "dd-net dd-hidden", "aria-label": T.hidden }, [
        hidHead, hidBars, el("p", { class: "demo-label", text: T.activations }), actBars, pushLabel, pushBars])]));
    update(false);
  }

  window.bookDrawDigit = { bytes: bytes, floats: floats, network: network, forward: forward, preprocess: preprocess,
                           shrink: shrink };

  window.bookDemos.start({ "draw-digit": drawDigit });
})();
