/* gongkai: render the charts of a page with Vega-Embed.
 *
 * The Vega bundle (Vega, Vega-Lite, Vega-Embed; served by this site) is loaded only on pages
 * that have a chart, and only once per page load: loading it twice throws. With Material's
 * instant navigation the page body changes without a reload, so charts are rendered on every
 * emission of `document$`.
 */
(function () {
  "use strict";
  var loading = null;

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

  function renderAll() {
    var views = document.querySelectorAll(".gk-chart-view:not([data-rendered])");
    if (!views.length) return;
    var src = new URL(views[0].getAttribute("data-vega"), window.location.href).href;
    loadVega(src).then(function (vegaEmbed) {
      views.forEach(function (view) {
        if (view.hasAttribute("data-rendered")) return;
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

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(renderAll);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", renderAll);
  } else {
    renderAll();
  }
})();
