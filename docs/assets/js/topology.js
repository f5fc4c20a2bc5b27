// Topology chapter: scrub through the continuous deformation of the plane by a tanh network.
// Markup: <div class="demo topo-viewer" data-src="figdata:topology/curves_warp"> with a
// <canvas>, an <input type="range"> and an <output> inside. The JSON holds keyframes (the
// states between the steps linear map → translation → tanh of every layer); each step is a
// straight-line interpolation between two keyframes, so interpolating here is exact.
(function () {
  "use strict";
  var STEPS = 20; // slider positions per step

  function css(name, fallback) {
    var v = getComputedStyle(document.body).getPropertyValue(name).trim();
    return v || fallback;
  }

  function lerp(a, b, t) { return a + (b - a) * t; }

  function draw(viewer, data, pos) {
    var canvas = viewer.querySelector("canvas");
    var ctx = canvas.getContext("2d");
    var dpr = window.devicePixelRatio || 1;
    var w = canvas.clientWidth || 360, h = canvas.clientHeight || w;
    if (canvas.width !== Math.round(w * dpr)) { canvas.width = Math.round(w * dpr); canvas.height = Math.round(h * dpr); }
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, w, h);
    var last = data.points.length - 1;
    var k = Math.min(Math.floor(pos), last - 1), t = pos - k;
    if (last === 0) { k = 0; t = 0; }
    var s = data.scale;
    var k1 = Math.min(k + 1, last);
    var b0 = data.boxes[k], b1 = data.boxes[k1];
    var box = [0, 1, 2, 3].map(function (i) { return lerp(b0[i], b1[i], t) / s; });
    var pad = 8, side = Math.min(w, h) - 2 * pad;
    var sx = side / (box[1] - box[0]), sy = side / (box[3] - box[2]);
    function X(v) { return pad + (v - box[0]) * sx; }
    function Y(v) { return pad + side - (v - box[2]) * sy; }
    function pt(arr0, arr1, i) { return [lerp(arr0[i][0], arr1[i][0], t) / s, lerp(arr0[i][1], arr1[i][1], t) / s]; }

    ctx.lineWidth = 1;
    ctx.strokeStyle = css("--md-default-fg-color--lighter", "rgba(0,0,0,.32)");
    data.grid[k].forEach(function (line, li) {
      var other = data.grid[k1][li];
      ctx.beginPath();
      line.forEach(function (_, j) {
        var p = pt(line, other, j);
        if (j === 0) ctx.moveTo(X(p[0]), Y(p[1])); else ctx.lineTo(X(p[0]), Y(p[1]));
      });
      ctx.stroke();
    });
    var colors = [css("--topo-class-a", "#0072B2"), css("--topo-class-b", "#E69F00")];
    var P0 = data.points[k], P1 = data.points[k1];
    for (var i = 0; i < P0.length; i++) {
      var p = pt(P0, P1, i), c = data.classes[i], x = X(p[0]), y = Y(p[1]);
      ctx.fillStyle = colors[c];
      ctx.beginPath();
      if (c === 0) ctx.arc(x, y, 2.6, 0, 2 * Math.PI);
      else { ctx.moveTo(x, y - 3.2); ctx.lineTo(x + 3, y + 2.2); ctx.lineTo(x - 3, y + 2.2); ctx.closePath(); }
      ctx.fill();
    }
    if (data.boundary && pos >= last) { // a·x + b·y + c = 0 in the last hidden layer
      var a = data.boundary[0], b = data.boundary[1], cc = data.boundary[2];
      ctx.strokeStyle = css("--md-default-fg-color", "#000");
      ctx.lineWidth = 2;
      ctx.setLineDash([6, 4]);
      ctx.beginPath();
      if (Math.abs(b) > Math.abs(a)) {
        ctx.moveTo(X(box[0]), Y(-(a * box[0] + cc) / b)); ctx.lineTo(X(box[1]), Y(-(a * box[1] + cc) / b));
      } else {
        ctx.moveTo(X(-(b * box[2] + cc) / a), Y(box[2])); ctx.lineTo(X(-(b * box[3] + cc) / a), Y(box[3]));
      }
      ctx.stroke();
      ctx.setLineDash([]);
    }
  }

  function label(data, pos) {
    var last = data.points.length - 1;
    var step = Math.min(Math.ceil(pos - 1e-9), last);
    var frac = pos === 0 ? 0 : Math.round((pos - Math.ceil(pos - 1e-9) + 1) * 100);
    return pos === 0 ? data.stages[0] : data.stages[step] + " · " + frac + "%";
  }

  // The JSON carries the input grid lines and points and the steps of the deformation
  // (matrix "m", shift "b" or "tanh"); every keyframe is the one before after one step.
  function apply(step, v) {
    if (step.m) return [step.m[0][0] * v[0] + step.m[0][1] * v[1], step.m[1][0] * v[0] + step.m[1][1] * v[1]];
    if (step.b) return [v[0] + step.b[0], v[1] + step.b[1]];
    return [Math.tanh(v[0]), Math.tanh(v[1])];
  }

  function expand(data) {
    var s = data.scale, n = data.steps.length + 1;
    function frames(p) {
      var v = [p[0] / s, p[1] / s], out = [[p[0], p[1]]];
      data.steps.forEach(function (step) { v = apply(step, v); out.push([v[0] * s, v[1] * s]); });
      return out;
    }
    function byFrame(list) {
      var per = list.map(frames), out = [];
      for (var k = 0; k < n; k++) out.push(per.map(function (f) { return f[k]; }));
      return out;
    }
    var lines = data.grid_input.map(byFrame);
    data.grid = [];
    for (var k = 0; k < n; k++) data.grid.push(lines.map(function (l) { return l[k]; }));
    data.points = byFrame(data.points_input);
    return data;
  }

  function setup(viewer) {
    var src = viewer.getAttribute("data-src");
    var slider = viewer.querySelector("input[type=range]");
    var out = viewer.querySelector("output");
    var canvas = viewer.querySelector("canvas");
    fetch(src).then(function (r) { return r.json(); }).then(expand).then(function (data) {
      var last = data.points.length - 1;
      slider.min = 0; slider.max = last * STEPS; slider.step = 1;
      slider.value = 0; slider.disabled = false;
      function update() {
        var pos = Number(slider.value) / STEPS;
        var text = label(data, pos);
        out.textContent = text;
        slider.setAttribute("aria-valuetext", text);
        canvas.setAttribute("data-pos", String(pos));
        draw(viewer, data, pos);
      }
      slider.addEventListener("input", update);
      new MutationObserver(update).observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });
      window.addEventListener("resize", update);
      update();
      viewer.setAttribute("data-ready", "true");
    });
  }

  function init() {
    document.querySelectorAll(".topo-viewer:not([data-ready])").forEach(setup);
  }
  if (window.document$) window.document$.subscribe(init); else document.addEventListener("DOMContentLoaded", init);
})();
