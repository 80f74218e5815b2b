/* gongkai: the header search box, over the Pagefind index (pagefind/, served by this site).
 *
 * Nothing loads until a reader types: then Pagefind's loader, its WebAssembly and the index
 * shards the query's words fall in. The index holds Chinese text as overlapping character
 * pairs, each an ASCII word of its code points (行政复议 -> 行政 政复 复议 -> u884c653f
 * u653f590d u590d8bae; gongkai/site/pagefind.py), so a query is turned into such words the
 * same way, and the excerpts Pagefind returns are decoded and joined back into plain text
 * here, with the query's words highlighted. Results keep Material's classes (its look); the count is
 * announced through a role=status element; Escape closes the search, "/" or "s" opens it.
 */
(function () {
  "use strict";
  var HAN = /[\u4e00-\u9fff]+/g;
  var HAN_ONE = /[\u4e00-\u9fff]/;
  var MAX_RESULTS = 10;
  var REPORTS_FIRST = 5;
  var pagefind = null;

  var WORD = /^u((?:[4-9][0-9a-f]{3}){1,2})$/;

  function word(chars) {
    var out = "u";
    for (var i = 0; i < chars.length; i++) out += chars.charCodeAt(i).toString(16);
    return out;
  }

  function pairs(run) {
    if (run.length === 1) return word(run);
    var out = [];
    for (var i = 0; i < run.length - 1; i++) out.push(word(run.slice(i, i + 2)));
    return out.join(" ");
  }

  function decode(token) {
    var m = WORD.exec(token);
    if (!m) return token;
    var out = "";
    for (var i = 0; i < m[1].length; i += 4) {
      out += String.fromCharCode(parseInt(m[1].slice(i, i + 4), 16));
    }
    return out;
  }

  function indexQuery(q) {
    return q.replace(HAN, function (run) { return " " + pairs(run) + " "; })
      .replace(/\s+/g, " ").trim();
  }

  /* Pairs back into text: u884c653f u653f590d u590d8bae -> 行政复议; spaces the pairing
   * added are dropped. */
  function joinPairs(text) {
    var tokens = text.split(/\s+/).filter(Boolean).map(decode);
    var out = "";
    var prev = "";
    tokens.forEach(function (t) {
      var pair = t.length === 2 && HAN_ONE.test(t[0]) && HAN_ONE.test(t[1]);
      if (pair && prev.length === 2 && prev[1] === t[0] && HAN_ONE.test(prev[0])) {
        out += t[1];
      } else if (out && !HAN_ONE.test(out[out.length - 1]) && !HAN_ONE.test(t[0])
                 && /[\w)）.,;:%]$/.test(out)) {
        out += " " + t;
      } else {
        out += t;
      }
      prev = pair ? t : "";
    });
    return out;
  }

  function escapeHtml(s) {
    return s.replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function highlight(text, query) {
    var words = query.split(/\s+/).filter(Boolean)
      .map(function (w) { return w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); });
    var html = escapeHtml(text);
    if (!words.length) return html;
    words.sort(function (a, b) { return b.length - a.length; });
    return html.replace(new RegExp("(" + words.map(escapeHtml).join("|") + ")", "gi"),
                        "<mark>$1</mark>");
  }

  function plain(excerpt) {
    var div = document.createElement("div");
    div.innerHTML = excerpt;
    return div.textContent || "";
  }

  var src = null;
  var base = null;

  function load() {
    if (!pagefind) {
      pagefind = import(src).then(function (pf) {
        return pf.options({ baseUrl: base, excerptLength: 40 }).then(function () { return pf; });
      });
      pagefind.catch(function () { pagefind = null; });
    }
    return pagefind;
  }

  function setup(root) {
    var input = root.querySelector(".md-search__input");
    var form = root.querySelector(".md-search__form");
    var meta = root.querySelector(".md-search-result__meta");
    var list = root.querySelector(".md-search-result__list");
    var toggle = document.getElementById("__search");
    var placeholder = meta.textContent;
    var seq = 0;
    var timer = null;

    function open(on) {
      if (toggle && toggle.checked !== on) {
        toggle.checked = on;
        toggle.dispatchEvent(new Event("change"));
      }
    }

    function render(query, results) {
      list.innerHTML = "";
      list.setAttribute("data-query", query); // what these results answer
      results.forEach(function (r) {
        var li = document.createElement("li");
        li.className = "md-search-result__item";
        var a = document.createElement("a");
        a.className = "md-search-result__link";
        a.href = r.url;
        var article = document.createElement("article");
        article.className = "md-search-result__article md-typeset";
        var h = document.createElement("h1");
        h.innerHTML = highlight(joinPairs((r.meta && r.meta.title) || r.url), query);
        var p = document.createElement("p");
        p.innerHTML = highlight(joinPairs(plain(r.excerpt)), query);
        article.appendChild(h);
        article.appendChild(p);
        a.appendChild(article);
        li.appendChild(a);
        list.appendChild(li);
      });
    }

    function run() {
      var query = input.value.trim();
      var mine = ++seq;
      if (!query) {
        list.innerHTML = "";
        list.removeAttribute("data-query");
        meta.textContent = placeholder;
        return;
      }
      meta.textContent = "正在搜索…";
      load().then(function (pf) {
        var q = indexQuery(query);
        /* report pages first (a report's page before its data files' pages), then the rest */
        return Promise.all([pf.search(q, { filters: { kind: "report" } }), pf.search(q)]);
      }).then(function (found) {
        var reports = found[0] ? found[0].results.slice(0, REPORTS_FIRST) : [];
        var all = found[1] ? found[1].results : [];
        var seen = {};
        reports.forEach(function (r) { seen[r.id] = true; });
        var shown = reports.concat(all.filter(function (r) { return !seen[r.id]; }))
          .slice(0, MAX_RESULTS);
        return Promise.all(shown.map(function (r) { return r.data(); }))
          .then(function (data) { return { total: all.length, data: data }; });
      }).then(function (res) {
        if (mine !== seq) return;
        render(query, res.data);
        meta.textContent = res.total ? "找到 " + res.total + " 个页面"
          + (res.total > MAX_RESULTS ? "，显示前 " + MAX_RESULTS + " 个" : "")
          : "没有找到页面";
      }).catch(function (err) {
        if (mine !== seq) return;
        meta.textContent = "搜索暂时不可用";
        if (window.console) console.warn("search:", err);
      });
    }

    input.addEventListener("focus", function () { open(true); });
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(run, 150);
    });
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var first = list.querySelector("a");
      if (first) first.focus();
      else run();
    });
    form.addEventListener("reset", function () {
      window.setTimeout(run, 0);
    });
    root.addEventListener("keydown", function (e) {
      if (e.key === "Escape") {
        open(false);
        input.blur();
      }
    });
    if (toggle) {
      toggle.addEventListener("change", function () {
        if (toggle.checked && document.activeElement !== input) input.focus();
      });
    }
    document.addEventListener("keydown", function (e) {
      var t = e.target;
      var typing = t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
      if (!typing && (e.key === "/" || e.key === "s") && !e.ctrlKey && !e.metaKey && !e.altKey) {
        e.preventDefault();
        open(true);
        input.focus();
      }
    });
  }

  function init() {
    var root = document.querySelector("[data-gk-search]");
    if (root && !root.hasAttribute("data-gk-ready")) {
      root.setAttribute("data-gk-ready", "");
      /* resolved now: instant navigation later changes the location, not the header */
      src = new URL(root.getAttribute("data-gk-search"), window.location.href).href;
      base = new URL(root.getAttribute("data-gk-base"), window.location.href).pathname;
      setup(root);
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
