/* Interactive demos of the chapter "신경망의 내부 / Looking inside a neural network".
 *
 *   <div class="demo inside-confusion" data-src="…/confusion_demo.ko.json"></div>
 *   <div class="demo inside-confusion" data-src="…/confusion_cifar_demo.ko.json"></div>
 *   <div class="demo inside-hidden" data-src="…/hidden_demo.ko.json"></div>
 *
 * The JSON files are written by figures_src/inside.py (one per language, with the labels
 * and sentences of that language). No library; every control is a button, reachable with
 * Tab, and the arrow keys move within a group (one tab stop per group). Colours come from
 * Material's CSS variables so both the light and the dark palette read well.
 */
(function () {
  "use strict";

  var el = window.bookDemos.el, fill = window.bookDemos.fill;  // docs/assets/js/demos.js

  function pct(p) { return Math.round(100 * p) + "%"; }

  function signed(v) { return (v >= 0 ? "+" : "\u2212") + Math.abs(v).toFixed(2); }

  /* Roving tabindex: `buttons` is a list of rows (arrays); arrows move, Home/End jump. */
  function rove(rows, onFocus) {
    var flat = [];
    rows.forEach(function (row, r) {
      row.forEach(function (b, c) {
        flat.push(b);
        b.tabIndex = r === 0 && c === 0 ? 0 : -1;
        b.addEventListener("focus", function () {
          flat.forEach(function (o) { o.tabIndex = -1; });
          b.tabIndex = 0;
          onFocus(b);
        });
        b.addEventListener("mouseenter", function () { onFocus(b); });
        b.addEventListener("click", function () { onFocus(b); });
        b.addEventListener("keydown", function (e) {
          var nr = r, nc = c;
          if (e.key === "ArrowRight") nc++;
          else if (e.key === "ArrowLeft") nc--;
          else if (e.key === "ArrowDown") nr++;
          else if (e.key === "ArrowUp") nr--;
          else if (e.key === "Home") nc = 0;
          else if (e.key === "End") nc = rows[r].length - 1;
          else return;
          e.preventDefault();
          nr = Math.max(0, Math.min(rows.length - 1, nr));
          nc = Math.max(0, Math.min(rows[nr].length - 1, nc));
          rows[nr][nc].focus();
        });
      });
    });
  }

  /* ------------------------------------------------------------ confusion matrix */

  /* A real table: column headers are the predicted classes, row headers the true ones, and
   * every cell is a button whose name is its visible count. Screen readers announce the
   * row and column headers on entering a cell, and the cell's description (a hidden sentence
   * next to the button) gives the count in words and the confidence of its most confident
   * sample; the detail panel (a polite live region) shows the samples themselves. */
  function confusionDemo(root, data) {
    var n = data.labels.length, T = data.text, size = String(data.px || 56);
    var max = 0;
    data.counts.forEach(function (row) { row.forEach(function (v) { max = Math.max(max, v); }); });
    var uid = "ic" + (++confusionDemo.count);
    var headRow = el("tr", {}, [el("th", { scope: "col", class: "ic-corner",
                                           text: T.true + " \u2193 / " + T.pred + " \u2192" })]);
    data.labels.forEach(function (l) {
      headRow.appendChild(el("th", { scope: "col", class: "ic-head" },
        [el("span", { class: "ic-sr", text: T.pred + " " }), document.createTextNode(l)]));
    });
    var body = el("tbody");
    var detail = el("div", { class: "demo-detail", "aria-live": "polite" });
    var rows = [];
    function describe(t, p) {
      var count = data.counts[t][p], samples = data.cells[t][p];
      var text = fill(T.cell, { t: data.labels[t], p: data.labels[p], n: count.toLocaleString() });
      if (!samples.length) return text;
      var best = Math.max.apply(null, samples.map(function (s) { return s.p; }));
      return text + ". " + fill(T.prob, { q: pct(best) });
    }
    for (var t = 0; t < n; t++) {
      var tr = el("tr", {}, [el("th", { scope: "row", class: "ic-head ic-rowhead" },
        [el("span", { class: "ic-sr", text: T.true + " " }), document.createTextNode(data.labels[t])])]);
      var row = [];
      for (var p = 0; p < n; p++) {
        var count = data.counts[t][p], id = uid + "-" + t + "-" + p;
        var b = el("button", { type: "button", class: "ic-cell" + (t === p ? " ic-diag" : ""),
                               "aria-describedby": id, "data-t": t, "data-p": p,
                               text: count.toLocaleString() });
        var share = count ? Math.log(1 + count) / Math.log(1 + max) : 0;
        b.style.setProperty("--ic-share", (4 + 40 * share).toFixed(1) + "%");
        tr.appendChild(el("td", {}, [b, el("span", { id: id, hidden: "", text: describe(t, p) })]));
        row.push(b);
      }
      body.appendChild(tr);
      rows.push(row);
    }
    /* Class names longer than a digit (CIFAR-10) run upwards, so the columns stay narrow. */
    var long = data.labels.some(function (l) { return l.length > 2; });
    var table = el("table", { class: "ic-table" + (long ? " ic-long" : "") }, [el("thead", {}, [headRow]), body]);
    function show(b) {
      var t = +b.dataset.t, p = +b.dataset.p, count = data.counts[t][p];
      rows.forEach(function (r) { r.forEach(function (o) { o.classList.toggle("ic-active", o === b); }); });
      detail.innerHTML = "";
      detail.appendChild(el("p", { class: "demo-count",
        text: fill(T.cell, { t: data.labels[t], p: data.labels[p], n: count.toLocaleString() }) }));
      var samples = data.cells[t][p];
      if (!samples.length) { detail.appendChild(el("p", { text: T.none })); return; }
      var strip = el("div", { class: "ic-samples" });
      samples.forEach(function (s) {
        var q = fill(T.prob, { q: pct(s.p) });
        strip.appendChild(el("figure", { class: "ic-sample" }, [
          el("img", { src: "data:" + (data.mime || "image/png") + ";base64," + s.png, width: size, height: size,
                      alt: fill(T.cell, { t: data.labels[t], p: data.labels[p], n: 1 }) + ", " + q }),
          el("figcaption", { text: q, "aria-hidden": "true" })]));
      });
      detail.appendChild(strip);
    }
    rove(rows, show);
    root.appendChild(el("p", { class: "demo-hint", text: T.hint }));
    root.appendChild(el("div", { class: "ic-wrap" }, [table, detail]));
    show(rows[0][0]);
  }
  confusionDemo.count = 0;

  /* ------------------------------------------------------------ hidden layer */

  var SVG = "http://www.w3.org/2000/svg";

  function bars(values, labels, title) {
    var w = 340, h = 150, pad = 18, n = values.length, bw = (w - 2 * pad) / n;
    var lim = Math.max.apply(null, values.map(Math.abs)) || 1;
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("viewBox", "0 0 " + w + " " + h);
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", title + ": " + values.map(function (v, i) {
      return labels[i] + " " + signed(v); }).join(", "));
    var mid = (h - 18) / 2;
    var axis = document.createElementNS(SVG, "line");
    [["x1", pad], ["x2", w - pad], ["y1", mid], ["y2", mid]].forEach(function (a) { axis.setAttribute(a[0], a[1]); });
    axis.setAttribute("class", "ih-axis");
    svg.appendChild(axis);
    values.forEach(function (v, i) {
      var r = document.createElementNS(SVG, "rect"), len = Math.abs(v) / lim * (mid - 16);
      r.setAttribute("x", pad + i * bw + bw * 0.2);
      r.setAttribute("width", bw * 0.6);
      r.setAttribute("y", v >= 0 ? mid - len : mid);
      r.setAttribute("height", Math.max(len, 0.5));
      r.setAttribute("class", v >= 0 ? "ih-pos" : "ih-neg");
      svg.appendChild(r);
      /* the value itself at the end of its bar: the bars' scale, readable without an axis */
      var val = document.createElementNS(SVG, "text");
      val.setAttribute("x", pad + (i + 0.5) * bw);
      val.setAttribute("y", v >= 0 ? mid - len - 3 : mid + len + 10);
      val.setAttribute("text-anchor", "middle");
      val.setAttribute("class", "ih-value");
      val.textContent = signed(v);
      svg.appendChild(val);
      var t = document.createElementNS(SVG, "text");
      t.setAttribute("x", pad + (i + 0.5) * bw);
      t.setAttribute("y", h - 4);
      t.setAttribute("text-anchor", "middle");
      t.textContent = labels[i];
      svg.appendChild(t);
    });
    return svg;
  }

  function hiddenDemo(root, data) {
    var T = data.text, H = data.hidden.length;
    var hLabels = data.hidden.map(function (_, j) { return "h" + (j + 1); });
    var hidden = data.hidden.map(function (png, j) {
      return el("button", { type: "button", class: "ih-neuron", "data-kind": "h", "data-i": j,
                            "aria-label": T.neuron + " " + hLabels[j] }, [
        el("img", { src: "data:image/png;base64," + png, width: "56", height: "56", alt: "" }),
        el("span", { text: hLabels[j] })]);
    });
    var classes = data.classes.map(function (c, i) {
      return el("button", { type: "button", class: "ih-class", "data-kind": "c", "data-i": i,
                            "aria-label": T.class + " " + c, text: c });
    });
    var detail = el("div", { class: "demo-detail", "aria-live": "polite" });
    function mark(buttons, values) {
      var lim = Math.max.apply(null, values.map(Math.abs)) || 1;
      buttons.forEach(function (b, i) {
        b.classList.toggle("ih-plus", values[i] > 0);
        b.classList.toggle("ih-minus", values[i] < 0);
        b.style.setProperty("--ih-strength", (Math.abs(values[i]) / lim).toFixed(2));
      });
    }
    function clear(buttons) {
      buttons.forEach(function (b) { b.classList.remove("ih-plus", "ih-minus", "ih-active"); });
    }
    function show(b) {
      var i = +b.dataset.i, values, labels, title, targets;
      clear(hidden); clear(classes);
      b.classList.add("ih-active");
      if (b.dataset.kind === "c") {
        values = data.w2[i]; labels = hLabels; targets = hidden;
        title = fill(T.class_detail, { c: data.classes[i] });
      } else {
        values = data.w2.map(function (row) { return row[i]; }); labels = data.classes; targets = classes;
        title = fill(T.neuron_detail, { h: hLabels[i] });
      }
      mark(targets, values);
      var top = 0, bottom = 0;
      values.forEach(function (v, k) { if (v > values[top]) top = k; if (v < values[bottom]) bottom = k; });
      detail.innerHTML = "";
      detail.appendChild(el("p", { class: "demo-count", text: title }));
      detail.appendChild(bars(values, labels, title));
      detail.appendChild(el("p", { class: "ih-summary",
        text: T.prefers + ": " + labels[top] + " (" + signed(values[top]) + ") \u00b7 " +
              T.avoids + ": " + labels[bottom] + " (" + signed(values[bottom]) + ")" }));
    }
    rove([hidden], show);
    rove([classes], show);
    root.appendChild(el("p", { class: "demo-label", text: T.neuron }));
    root.appendChild(el("div", { class: "ih-row", role: "group", "aria-label": T.neuron }, hidden));
    root.appendChild(el("p", { class: "demo-label", text: T.class }));
    root.appendChild(el("div", { class: "ih-row", role: "group", "aria-label": T.class }, classes));
    root.appendChild(detail);
    show(classes[0]);
  }

  window.bookDemos.start({ "inside-confusion": confusionDemo, "inside-hidden": hiddenDemo });
})();
