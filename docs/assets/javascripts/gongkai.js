/* gongkai: make the charts of a page interactive with Vega-Embed, when a reader asks.
 *
 * Every chart is already in the page as a static SVG, which is what a first visit shows. The
 * live chart (tooltips, the page's width) replaces it only when a reader asks for it: each
 * chart gets a button (交互图表) which loads the Vega bundle (Vega, Vega-Lite, Vega-Embed;
 * served by this site, about 300 KB gzipped) and renders every chart of the page. The bundle
 * is loaded at most once per page load (loading it twice throws); once it is there, the charts
 * of the next pages (Material's instant navigation changes the page body without a reload,
 * and emits `document$`) are rendered at once.
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
        var live = view.querySelector(".gk-chart-live");
        var url = new URL(view.getAttribute("data-spec-url"), window.location.href).href;
        fetch(url)
          .then(function (r) {
            if (!r.ok) throw new Error("chart spec " + url + ": HTTP " + r.status);
            return r.json();
          })
          .then(function (spec) {
            delete spec.title; // the figure's caption is the title
            return vegaEmbed(live, spec, { renderer: "svg", actions: false,
                                           tooltip: { theme: "light" } });
          })
          .then(function () {
            view.setAttribute("data-rendered", "yes");
            view.classList.add("gk-live");
            var figure = view.closest("figure");
            var button = figure && figure.querySelector(".gk-chart-activate");
            if (button) button.remove();
          })
          .catch(function (err) {
            view.setAttribute("data-rendered", "error");
            if (window.console) console.warn("chart not rendered, showing the static image", err);
          });
      });
    }).catch(function (err) {
      document.querySelectorAll(".gk-chart-activate").forEach(function (b) {
        b.disabled = false;
        b.textContent = BUTTON_LABEL;
      });
      if (window.console) console.warn(err.message);
    });
  }

  var BUTTON_LABEL = "交互图表";

  function addButtons() {
    pending().forEach(function (view) {
      var figure = view.closest("figure") || view.parentNode;
      if (figure.querySelector(".gk-chart-activate")) return;
      var title = figure.querySelector("figcaption");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "md-button gk-chart-activate";
      button.textContent = BUTTON_LABEL;
      button.setAttribute("aria-label", BUTTON_LABEL + "：" + (title ? title.textContent.trim() : ""));
      button.title = "加载交互式图表（提示框、随页面宽度缩放）";
      button.addEventListener("click", function () {
        button.disabled = true;
        button.textContent = "正在加载…";
        renderPending();
      });
      var links = figure.querySelector(".gk-chart-links");
      if (links) links.insertBefore(button, links.firstChild);
      else view.parentNode.insertBefore(button, view.nextSibling);
    });
  }

  function renderAll() {
    if (!pending().length) return;
    if (window.vegaEmbed) renderPending(); // the reader already asked on an earlier page
    else addButtons();
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(renderAll);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", renderAll);
  } else {
    renderAll();
  }
})();
