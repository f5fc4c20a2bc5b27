/* Helpers shared by the book's interactive demos (inside.js, draw_digit.js), which load after
 * this file:
 *
 *   var D = window.bookDemos;
 *   D.el("p", { class: "demo-hint", text: "…" }, [children]);
 *   D.fill("class {c}", { c: 3 });
 *   D.start({ "inside-hidden": buildHiddenDemo });  // every <div class="demo inside-hidden" data-src=…>
 */
window.bookDemos = (function () {
  "use strict";

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") node.textContent = attrs[k];
      else if (k === "class") node.className = attrs[k];
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { node.appendChild(c); });
    return node;
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (m, k) { return k in values ? values[k] : m; });
  }

  /* Build each `.demo.<class>` once from the JSON at its data-src; data-ready tells the tests
   * (and the accessibility check) how far it got: "waiting" (not yet near the screen),
   * "loading", "yes" or "error". The JSON is fetched only when the demo comes within a screen
   * or two of view, so a reader who never scrolls that far never downloads it (the inside
   * page's demos hold about 230 KB gzipped). Runs again on every page Material's instant
   * navigation brings in. */
  function start(builders) {
    function build(root, cls) {
      root.dataset.ready = "loading";
      fetch(root.dataset.src).then(function (r) {
        if (!r.ok) throw new Error(r.status + " " + root.dataset.src);
        return r.json();
      }).then(function (data) {
        root.innerHTML = "";
        builders[cls](root, data);
        root.dataset.ready = "yes";
      }).catch(function (err) {
        root.dataset.ready = "error";
        root.textContent = String(err);
      });
    }
    function init() {
      var near = "IntersectionObserver" in window ? new IntersectionObserver(function (entries) {
        entries.forEach(function (e) {
          if (!e.isIntersecting) return;
          near.unobserve(e.target);
          build(e.target, e.target.dataset.demoKind);
        });
      }, { rootMargin: "150% 0px" }) : null;
      Object.keys(builders).forEach(function (cls) {
        document.querySelectorAll(".demo." + cls).forEach(function (root) {
          if (root.dataset.ready) return;
          root.dataset.ready = "waiting";
          root.dataset.demoKind = cls;
          if (near) near.observe(root); else build(root, cls);
        });
      });
    }
    if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(init);
    else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
    else init();
  }

  return { el: el, fill: fill, start: start };
})();
