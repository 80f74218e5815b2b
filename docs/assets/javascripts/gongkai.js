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

/* gongkai: the filter box of the long lists (all reports, a year's reports, the publishers).
 *
 * Each list page shows a page of rows as static HTML, with links to the next pages: that works
 * without JavaScript. The filter box (hidden in the HTML, shown here) loads the site's short
 * list of every report (lists/reports.json, one row per report) when it is first used, and
 * lists the reports, or the publishers, whose name holds what was typed, in the year and at
 * the level chosen, in a table like the page's own. The result count is announced (role
 * status); emptying the box brings the page's own rows back.
 */
(function () {
  "use strict";
  var lists = {}; // list URL -> promise of the list, fetched once per page load

  function load(url) {
    if (!lists[url]) {
      lists[url] = fetch(url).then(function (r) {
        if (!r.ok) throw new Error("HTTP " + r.status);
        return r.json();
      }).catch(function (err) { delete lists[url]; throw err; });
    }
    return lists[url];
  }

  function grouped(n) {
    if (n === null || n === undefined) return "—";
    var parts = String(n).split(".");
    parts[0] = parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    return parts.join(".");
  }

  function cell(tr, text, href, cls) {
    var td = document.createElement("td");
    if (cls) td.className = cls;
    if (href) {
      var a = document.createElement("a");
      a.href = href;
      a.textContent = text;
      td.appendChild(a);
    } else {
      td.textContent = text;
    }
    tr.appendChild(td);
  }

  function records(list) {
    var f = {};
    list.fields.forEach(function (name, i) { f[name] = i; });
    return list.rows.map(function (r) {
      return { id: r[f.id], year: r[f.year], name: r[f.publisher],
               level: list.levels[r[f.level]][0], levelLabel: list.levels[r[f.level]][1],
               requests: r[f.new_requests], passed: r[f.passed], checks: r[f.checks],
               pub: r[f.publisher_id] };
    });
  }

  function publishers(reports) { // newest report first: a body's first row is its latest
    var by = {}, out = [];
    reports.forEach(function (r) {
      var p = by[r.pub];
      if (!p) {
        p = by[r.pub] = { pub: r.pub, name: r.name, level: r.level, levelLabel: r.levelLabel,
                          years: [], latest: r };
        out.push(p);
      }
      p.years.push(r.year);
    });
    return out;
  }

  function matches(item, q, year, level) {
    return (!q || item.name.toLowerCase().indexOf(q) >= 0 || item.pub.indexOf(q) >= 0)
      && (!level || item.level === level)
      && (!year || (item.years ? item.years.indexOf(year) >= 0 : item.year === year));
  }

  function reportRow(r, root) {
    var tr = document.createElement("tr");
    cell(tr, String(r.year));
    cell(tr, r.name, new URL("reports/" + r.id + "/", root).href);
    cell(tr, r.levelLabel);
    cell(tr, grouped(r.requests), null, "gk-num");
    cell(tr, r.passed + "/" + r.checks);
    cell(tr, "数据集", new URL("datasets/" + r.id + "/", root).href);
    return tr;
  }

  function publisherRow(p, root) {
    var tr = document.createElement("tr");
    var first = Math.min.apply(null, p.years), last = Math.max.apply(null, p.years);
    cell(tr, p.name, new URL("publishers/" + p.pub + "/", root).href);
    cell(tr, p.levelLabel);
    cell(tr, first === last ? String(first) : first + "—" + last);
    cell(tr, String(p.years.length), null, "gk-num");
    cell(tr, grouped(p.latest.requests) + "（" + p.latest.year + "）", null, "gk-num");
    return tr;
  }

  function setup(box) {
    if (box.getAttribute("data-ready")) return;
    box.setAttribute("data-ready", "yes");
    box.hidden = false;
    var form = box.querySelector("form");
    var q = box.querySelector("input[name=q]");
    var year = box.querySelector("select[name=year]");
    var level = box.querySelector("select[name=level]");
    var status = box.querySelector(".gk-filter-status");
    var results = box.querySelector(".gk-filter-results");
    var staticList = document.querySelector(".gk-list-static");
    var root = new URL(box.getAttribute("data-root") || "./", window.location.href);
    var mode = box.getAttribute("data-mode");
    var unit = mode === "publishers" ? "个发布机关" : "份报告";
    var startYear = box.getAttribute("data-year") || "";
    var max = parseInt(box.getAttribute("data-max"), 10) || 200;
    var timer = null, asked = 0;

    function showStatic() {
      results.hidden = true;
      results.textContent = "";
      if (staticList) staticList.hidden = false;
      status.textContent = "";
    }

    function show(items) {
      var table = staticList && staticList.querySelector("table");
      table = table ? table.cloneNode(true) : document.createElement("table");
      var body = table.querySelector("tbody") || table.appendChild(document.createElement("tbody"));
      body.textContent = "";
      items.slice(0, max).forEach(function (it) {
        body.appendChild(mode === "publishers" ? publisherRow(it, root) : reportRow(it, root));
      });
      results.textContent = "";
      if (items.length) results.appendChild(table);
      results.hidden = !items.length;
      if (staticList) staticList.hidden = true;
      status.textContent = !items.length ? "没有符合条件的" + unit.slice(1) + "。"
        : items.length > max ? "找到 " + items.length + " " + unit + "，列出前 " + max
          + " " + unit.charAt(0) + "；再输入几个字或选择年度、层级可缩小范围。"
        : "找到 " + items.length + " " + unit + "。";
    }

    function run() {
      var text = q.value.trim().toLowerCase();
      if (!text && year.value === startYear && !level.value) { asked++; showStatic(); return; }
      var mine = ++asked;
      status.textContent = "正在加载列表…";
      load(new URL(box.getAttribute("data-list"), window.location.href).href).then(function (list) {
        if (mine !== asked) return; // a newer query is on its way
        var items = records(list);
        if (mode === "publishers") items = publishers(items);
        var y = year.value ? parseInt(year.value, 10) : 0;
        show(items.filter(function (it) { return matches(it, text, y, level.value); }));
      }).catch(function (err) {
        if (mine !== asked) return;
        showStatic();
        status.textContent = "列表未能加载（" + err.message + "）：请用下方的分页列表。";
      });
    }

    form.addEventListener("submit", function (e) { e.preventDefault(); run(); });
    q.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(run, 150);
    });
    q.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && q.value) { q.value = ""; run(); }
    });
    year.addEventListener("change", run);
    level.addEventListener("change", run);
  }

  function setupAll() {
    document.querySelectorAll(".gk-filter").forEach(setup);
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(setupAll);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setupAll);
  } else {
    setupAll();
  }
})();
