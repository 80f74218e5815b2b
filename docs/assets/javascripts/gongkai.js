/* gongkai: render the charts of a page with Vega-Embed.
 *
 * Every chart is already in the page as a static SVG; the live chart (tooltips, the page's
 * width) replaces it. The Vega bundle (Vega, Vega-Lite, Vega-Embed; served by this site, about
 * 300 KB gzipped) is loaded only on pages that have a chart, only once per page load (loading
 * it twice throws), and lazily: when a chart comes within a screen of the viewport, or else
 * once the page has loaded and the browser is idle for a moment, so that the first paint and
 * the first taps never wait for it. With Material's instant navigation the page body changes
 * without a reload, so charts are rendered on every emission of `document$`.
 */
(function () {
  "use strict";
  var loading = null;
  var IDLE_DELAY = 3000; // ms after the load event before the idle fallback starts

  function loadVega(src) {
    if (window.vegaEmbed) return Promise.resolve(window.vegaEmbed);
    if (loading) return loading;
    loading = new Promise(function (resolve, reject) {
      var s = document.createElement("script");
      s.src = src;
      s.async = true;
      s.onload = function () { resolve(window.vegaEmbed); };
      s.onerror = function () { loading = null; reject(new Error("cannot load " + src)); };
      document.head.appendChild(s);
    });
    return loading;
  }

  function pending() {
    return document.querySelectorAll(".gk-chart-view:not([data-rendered])");
  }

  function renderPending() {
    var views = pending();
    if (!views.length) return;
    var src = new URL(views[0].getAttribute("data-vega"), window.location.href).href;
    loadVega(src).then(function (vegaEmbed) {
      pending().forEach(function (view) {
        view.setAttribute("data-rendered", "pending");
        var spec = JSON.parse(view.getAttribute("data-spec"));
        var live = view.querySelector(".gk-chart-live");
        vegaEmbed(live, spec, { renderer: "svg", actions: false, tooltip: { theme: "light" } })
          .then(function () {
            view.setAttribute("data-rendered", "yes");
            view.classList.add("gk-live");
          })
          .catch(function (err) {
            view.setAttribute("data-rendered", "error");
            if (window.console) console.warn("chart not rendered, showing the static image", err);
          });
      });
    }).catch(function (err) {
      if (window.console) console.warn(err.message);
    });
  }

  function whenIdle(fn) {
    function later() {
      window.setTimeout(function () {
        if (window.requestIdleCallback) window.requestIdleCallback(fn, { timeout: 2000 });
        else fn();
      }, IDLE_DELAY);
    }
    if (document.readyState === "complete") later();
    else window.addEventListener("load", later, { once: true });
  }

  var observer = null;

  function renderAll() {
    if (observer) { observer.disconnect(); observer = null; }
    var views = pending();
    if (!views.length) return;
    if (!("IntersectionObserver" in window)) { renderPending(); return; }
    observer = new IntersectionObserver(function (entries) {
      if (entries.some(function (e) { return e.isIntersecting; })) {
        if (observer) { observer.disconnect(); observer = null; }
        renderPending();
      }
    }, { rootMargin: "100% 0px" });
    views.forEach(function (v) { observer.observe(v); });
    whenIdle(renderPending);
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(renderAll);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", renderAll);
  } else {
    renderAll();
  }
})();
