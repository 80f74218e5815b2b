/* gongkai: the compare tool (compare/). Static: it reads the site's own JSON files.
 *
 * compare/data/index.json lists the publishers (names, other names, pinyin initials, level,
 * years with a report) and the measures (comparable figures of the template and indicators);
 * compare/data/m/<measure>/<k>.json holds one measure for the k-th chunk of publishers, so a
 * view loads only the chunks of the publishers it shows. The choice (publishers, years,
 * measure) lives in the query string (?p=…&y=…&m=…): a link reproduces the view.
 *
 * The page's script runs again on every instant navigation to the page: each run initialises
 * the .gk-compare element that is in the page and not yet set up.
 */
(function () {
  "use strict";

  var MAX_OPTIONS = 30;
  var NO_REPORT = "无报告";
  var BLANK_TITLE = "报告此格空白（未填写），不作为0处理";
  var COLOURS = ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#000000", "#8c6d31"];
  var SHAPES = ["circle", "square", "diamond", "triangle"];

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }

  var SVG_NS = "http://www.w3.org/2000/svg";
  function svg(tag, attrs, text) {
    var e = document.createElementNS(SVG_NS, tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }

  function norm(s) {
    return String(s || "").normalize("NFKC").toLowerCase().replace(/\s+/g, "");
  }

  function yearsText(years) {
    if (!years.length) return "";
    var run = years.every(function (y, i) { return i === 0 || y === years[i - 1] + 1; });
    if (run && years.length > 2) return years[0] + "—" + years[years.length - 1] + "年";
    return years.join("、") + "年";
  }

  // "2021-2025" -> [2021, …, 2025]; a list stays as it is
  function expandYears(y) {
    if (typeof y !== "string") return y;
    var ends = y.split("-").map(Number), out = [];
    for (var i = ends[0]; i <= ends[1]; i++) out.push(i);
    return out;
  }

  function Compare(root) {
    this.root = root;
    this.base = window.location.href;
    this.indexUrl = new URL(root.getAttribute("data-index"), this.base).href;
    this.dataUrl = new URL(root.getAttribute("data-measures"), this.base).href;
    this.reportsUrl = new URL(root.getAttribute("data-reports"), this.base).href;
    this.defaults = JSON.parse(root.getAttribute("data-default"));
    this.q = root.querySelector("#gk-compare-q");
    this.list = root.querySelector("#gk-compare-options");
    this.chosenList = root.querySelector("#gk-compare-chosen");
    this.select = root.querySelector("#gk-compare-m");
    this.boxes = Array.prototype.slice.call(root.querySelectorAll(".gk-compare-years input"));
    this.status = root.querySelector("#gk-compare-status");
    this.result = root.querySelector("#gk-compare-result");
    this.files = {}; // url -> Promise of the parsed file
    this.options = [];
    this.active = -1;
    this.model = null;
    this.seq = 0;
  }

  Compare.prototype.say = function (text) {
    this.status.textContent = text;
  };

  Compare.prototype.fetchJson = function (url) {
    if (!this.files[url]) {
      var self = this;
      this.files[url] = fetch(url).then(function (r) {
        if (!r.ok) throw new Error(url + ": HTTP " + r.status);
        return r.json();
      }).catch(function (err) { delete self.files[url]; throw err; });
    }
    return this.files[url];
  };

  // ------------------------------------------------------------------ state and URL

  Compare.prototype.readState = function () {
    var params = new URLSearchParams(window.location.search);
    var d = this.defaults;
    var has = params.has("p") || params.has("y") || params.has("m");
    var split = function (s) { return (s || "").split(",").filter(Boolean); };
    var p = has ? split(params.get("p")) : d.p.slice();
    var y = has && params.has("y") ? split(params.get("y")).map(Number) : d.y.slice();
    var m = has && params.get("m") ? params.get("m") : d.m;
    var self = this;
    var unknown = p.filter(function (id) { return !self.byId[id]; });
    p = p.filter(function (id, i) { return self.byId[id] && p.indexOf(id) === i; });
    if (!this.measures[m]) { unknown.push(m); m = d.m; }
    this.state = { p: p, y: y, m: m };
    this.boxes.forEach(function (b) { b.checked = y.indexOf(Number(b.value)) >= 0; });
    this.select.value = m;
    return unknown;
  };

  Compare.prototype.readForm = function () {
    this.state.y = this.boxes.filter(function (b) { return b.checked; })
      .map(function (b) { return Number(b.value); });
    this.state.m = this.select.value;
  };

  Compare.prototype.query = function () {
    var s = this.state;
    return "?p=" + s.p.map(encodeURIComponent).join(",") + "&y=" + s.y.join(",") +
      "&m=" + encodeURIComponent(s.m);
  };

  Compare.prototype.writeUrl = function () {
    var url = window.location.pathname + this.query() + window.location.hash;
    if (url !== window.location.pathname + window.location.search + window.location.hash) {
      window.history.replaceState(window.history.state, "", url);
    }
    this.root.querySelector("#gk-compare-link").href = window.location.href;
  };

  // ------------------------------------------------------------------ publishers

  Compare.prototype.match = function (text) {
    var q = norm(text);
    if (!q) return [];
    var chosen = this.state.p;
    var found = [];
    this.index.publishers.forEach(function (p, i) {
      var name = norm(p.name), rank = -1, via = "";
      if (name === q) rank = 0;
      else if (name.indexOf(q) === 0) rank = 1;
      else if (name.indexOf(q) > 0) rank = 2;
      else {
        (p.aliases || []).some(function (a) {
          if (norm(a).indexOf(q) >= 0) { rank = 3; via = a; return true; }
          return false;
        });
      }
      if (rank < 0) {
        (p.initials || []).some(function (s) {
          if (s.indexOf(q) === 0) { rank = 4; return true; }
          if (s.indexOf(q) > 0) { rank = 5; return true; }
          return false;
        });
      }
      if (rank < 0 && norm(p.id).indexOf(q) >= 0) rank = 6;
      if (rank >= 0) found.push({ p: p, rank: rank, via: via, i: i, chosen: chosen.indexOf(p.id) >= 0 });
    });
    found.sort(function (a, b) { return a.rank - b.rank || a.i - b.i; });
    return found;
  };

  Compare.prototype.levelLabel = function (p) {
    return this.index.levels[p.level] || p.level;
  };

  Compare.prototype.showOptions = function () {
    var found = this.match(this.q.value);
    var list = this.list, self = this;
    list.textContent = "";
    this.options = found.slice(0, MAX_OPTIONS);
    this.active = -1;
    this.q.removeAttribute("aria-activedescendant");
    if (!norm(this.q.value)) { this.close(); return; }
    found.slice(0, MAX_OPTIONS).forEach(function (f, i) {
      var p = f.p;
      var li = el("li", { id: "gk-compare-opt-" + i, role: "option", "aria-selected": "false",
        "class": "gk-compare-option" + (f.chosen ? " gk-compare-taken" : "") });
      if (f.chosen) li.setAttribute("aria-disabled", "true");
      li.appendChild(el("span", { "class": "gk-compare-opt-name" }, p.name));
      var extra = self.levelLabel(p) + " · " + yearsText(p.years.slice().sort());
      if (f.via) extra = "别名：" + f.via + " · " + extra;
      if (f.chosen) extra = "已选 · " + extra;
      li.appendChild(el("span", { "class": "gk-compare-opt-meta" }, extra));
      li.addEventListener("mousedown", function (e) { e.preventDefault(); });
      li.addEventListener("click", function () { self.pick(f); });
      list.appendChild(li);
    });
    if (!found.length) {
      list.appendChild(el("li", { "class": "gk-compare-option gk-compare-none", role: "option",
        "aria-disabled": "true", "aria-selected": "false", id: "gk-compare-opt-none" },
        "没有匹配的发布机关"));
    } else if (found.length > MAX_OPTIONS) {
      list.appendChild(el("li", { "class": "gk-compare-option gk-compare-none", role: "option",
        "aria-disabled": "true", "aria-selected": "false", id: "gk-compare-opt-more" },
        "另有 " + (found.length - MAX_OPTIONS) + " 个匹配，请输入更多文字"));
    }
    list.hidden = false;
    this.q.setAttribute("aria-expanded", "true");
    this.say(found.length ? found.length + " 个发布机关匹配，用上下方向键选择" : "没有匹配的发布机关");
  };

  Compare.prototype.close = function () {
    this.list.hidden = true;
    this.list.textContent = "";
    this.options = [];
    this.active = -1;
    this.q.setAttribute("aria-expanded", "false");
    this.q.removeAttribute("aria-activedescendant");
  };

  Compare.prototype.move = function (delta) {
    if (this.list.hidden) this.showOptions();
    var n = this.options.length;
    if (!n) return;
    this.active = this.active < 0 ? (delta > 0 ? 0 : n - 1) : (this.active + delta + n) % n;
    var items = this.list.querySelectorAll("[role=option]");
    for (var i = 0; i < items.length; i++) {
      items[i].setAttribute("aria-selected", i === this.active ? "true" : "false");
      items[i].classList.toggle("gk-active", i === this.active);
    }
    var cur = items[this.active];
    this.q.setAttribute("aria-activedescendant", cur.id);
    if (cur.scrollIntoView) cur.scrollIntoView({ block: "nearest" });
  };

  Compare.prototype.pick = function (f) {
    if (f.chosen) { this.say(f.p.name + " 已在所选之中。"); return; }
    this.add(f.p);
  };

  Compare.prototype.add = function (p) {
    if (this.state.p.indexOf(p.id) < 0) this.state.p.push(p.id);
    this.q.value = "";
    this.close();
    this.q.focus();
    this.renderChosen();
    this.update("已添加 " + p.name + "。");
  };

  Compare.prototype.remove = function (id) {
    var i = this.state.p.indexOf(id);
    if (i < 0) return;
    this.state.p.splice(i, 1);
    this.renderChosen();
    var buttons = this.chosenList.querySelectorAll("button");
    (buttons[Math.min(i, buttons.length - 1)] || this.q).focus();
    this.update("已移除 " + this.byId[id].name + "。");
  };

  Compare.prototype.renderChosen = function () {
    var self = this;
    this.chosenList.textContent = "";
    this.state.p.forEach(function (id) {
      var p = self.byId[id];
      var li = el("li", { "class": "gk-compare-chip" });
      li.appendChild(el("span", {}, p.name));
      var b = el("button", { type: "button", "aria-label": "移除 " + p.name, title: "移除" }, "×");
      b.addEventListener("click", function () { self.remove(id); });
      li.appendChild(b);
      self.chosenList.appendChild(li);
    });
    if (!this.state.p.length) {
      this.chosenList.appendChild(el("li", { "class": "gk-compare-empty" }, "（尚未选择）"));
    }
  };

  Compare.prototype.bindCombo = function () {
    var self = this, q = this.q;
    q.addEventListener("input", function () { self.showOptions(); });
    q.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown" || e.key === "Down") { e.preventDefault(); self.move(1); }
      else if (e.key === "ArrowUp" || e.key === "Up") { e.preventDefault(); self.move(-1); }
      else if (e.key === "Enter") {
        e.preventDefault();
        var pick = self.active >= 0 ? self.options[self.active]
          : self.options.filter(function (f) { return !f.chosen; })[0];
        if (pick && !self.list.hidden) self.pick(pick);
      } else if (e.key === "Escape" || e.key === "Esc") {
        if (!self.list.hidden) { e.preventDefault(); e.stopPropagation(); self.close(); }
        else if (q.value) { e.preventDefault(); q.value = ""; }
      } else if (e.key === "Tab") {
        self.close();
      }
    });
    q.addEventListener("blur", function () { window.setTimeout(function () { self.close(); }, 150); });
  };

  // ------------------------------------------------------------------ the table's data

  Compare.prototype.chunkOf = function (id) {
    return Math.floor(this.position[id] / this.index.chunk);
  };

  Compare.prototype.measureUrl = function (m, k) {
    return this.dataUrl + m.replace(/:/g, ".") + "/" + k + ".json";
  };

  Compare.prototype.reportUrl = function (p, year, measure) {
    var id = (p.other && p.other[year]) || p.id + "-" + year;
    var anchor = measure.kind === "indicator" ? "#indicator-" + measure.id : "";
    return this.reportsUrl + encodeURIComponent(id) + "/" + anchor;
  };

  Compare.prototype.buildModel = function (files) {
    var self = this, s = this.state, m = this.measures[s.m];
    var values = {};
    files.forEach(function (f) {
      Object.keys(f.v).forEach(function (k) { values[k] = f.v[k]; });
    });
    var years = s.y.slice().sort();
    var rows = s.p.map(function (id) {
      var p = self.byId[id], series = values[id] || {};
      return { p: p, cells: years.map(function (y) {
        var has = p.years.indexOf(y) >= 0;
        var v = series[String(y)];
        if (!has || v === undefined) return { kind: "none", text: NO_REPORT };
        if (v === null) return { kind: "blank", text: "", href: self.reportUrl(p, y, m) };
        if (v === self.index.small) return { kind: "small", text: v, href: self.reportUrl(p, y, m) };
        return { kind: "value", text: String(v), value: Number(v), href: self.reportUrl(p, y, m) };
      }) };
    });
    var unit = m.unit ? "（" + m.unit + "）" : "";
    return { measure: m, years: years, rows: rows, title: m.label + unit,
      caption: m.label + unit + "：" + yearsText(years) };
  };

  Compare.prototype.update = function (prefix) {
    var self = this;
    this.readForm();
    this.writeUrl();
    var s = this.state, seq = ++this.seq;
    if (!s.p.length || !s.y.length) {
      this.result.hidden = true;
      this.say((prefix || "") + (!s.p.length ? "请至少选择一个发布机关。" : "请至少选择一个年度。"));
      return Promise.resolve();
    }
    var chunks = [];
    s.p.forEach(function (id) {
      var k = self.chunkOf(id);
      if (chunks.indexOf(k) < 0) chunks.push(k);
    });
    this.root.setAttribute("aria-busy", "true");
    return Promise.all(chunks.map(function (k) { return self.fetchJson(self.measureUrl(s.m, k)); }))
      .then(function (files) {
        if (seq !== self.seq) return;
        self.model = self.buildModel(files);
        self.result.hidden = false; // before drawing: the chart takes the width it is given
        self.renderTable();
        self.renderChart();
        self.root.removeAttribute("aria-busy");
        self.root.setAttribute("data-ready", "yes");
        self.say((prefix || "") + "表格已更新：" + self.model.caption + "，" +
          s.p.length + " 个发布机关。");
      }).catch(function (err) {
        if (seq !== self.seq) return;
        self.root.removeAttribute("aria-busy");
        self.say("数据文件无法读取：" + err.message);
        if (window.console) console.warn(err);
      });
  };

  // ------------------------------------------------------------------ table and CSV

  Compare.prototype.renderTable = function () {
    var model = this.model, table = this.root.querySelector("#gk-compare-table");
    table.querySelector("caption").textContent = model.caption;
    var head = table.querySelector("thead"), body = table.querySelector("tbody");
    head.textContent = "";
    body.textContent = "";
    var tr = el("tr");
    tr.appendChild(el("th", { scope: "col" }, "发布机关"));
    model.years.forEach(function (y) { tr.appendChild(el("th", { scope: "col" }, String(y))); });
    head.appendChild(tr);
    model.rows.forEach(function (row) {
      var r = el("tr");
      r.appendChild(el("th", { scope: "row" }, row.p.name));
      row.cells.forEach(function (c) {
        var td = el("td", { "class": "gk-num gk-compare-" + c.kind });
        if (c.kind === "blank") {
          td.setAttribute("title", BLANK_TITLE);
        } else if (c.href) {
          td.appendChild(el("a", { href: c.href }, c.text));
        } else {
          td.textContent = c.text;
        }
        r.appendChild(td);
      });
      body.appendChild(r);
    });
    var m = model.measure, note = this.root.querySelector("#gk-compare-note");
    note.textContent = m.kind === "indicator"
      ? "公式：" + m.formula + "；分母小于 " + m.min + " 时显示“" + this.index.small + "”。点数字查看报告中的分子和分母。"
      : (m.note ? m.note + "。" : "") + "点数字查看所在的报告。空白表示报告此格空白（不作为0）。";
  };

  function csvField(text) {
    return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }

  Compare.prototype.csv = function () {
    var model = this.model;
    var lines = [["发布机关"].concat(model.years.map(String))];
    model.rows.forEach(function (row) {
      lines.push([row.p.name].concat(row.cells.map(function (c) { return c.text; })));
    });
    return "\ufeff" + lines.map(function (l) { return l.map(csvField).join(","); }).join("\r\n") + "\r\n";
  };

  Compare.prototype.download = function () {
    if (!this.model) return;
    var blob = new Blob([this.csv()], { type: "text/csv;charset=utf-8" });
    var url = URL.createObjectURL(blob);
    var y = this.model.years;
    var a = el("a", { href: url, download: "gongkai-compare-" + this.model.measure.id.replace(/:/g, "-") +
      "-" + y[0] + (y.length > 1 ? "-" + y[y.length - 1] : "") + ".csv" });
    a.hidden = true;
    document.body.appendChild(a);
    a.click();
    document.body.removeChild(a);
    window.setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
    this.say("已下载此表（CSV，UTF-8）。");
  };

  // ------------------------------------------------------------------ chart

  // Axis ticks: 0 and three or four steps of 1, 2 or 5 × 10^k up to the largest value.
  function ticks(max) {
    if (!(max > 0)) return [0, 1];
    var raw = max / 4, p = Math.pow(10, Math.floor(Math.log10(raw)));
    var step = [1, 2, 2.5, 5, 10].map(function (k) { return k * p; })
      .filter(function (s) { return s >= raw; })[0];
    var out = [];
    for (var v = 0; v < max + step / 2; v += step) out.push(v);
    if (out[out.length - 1] < max) out.push(out[out.length - 1] + step);
    return out;
  }

  // A tick's label: 万 and 亿 for large numbers, as Chinese readers count.
  function tickLabel(v) {
    var trim = function (x) { return String(Number(x.toFixed(2))); };
    if (Math.abs(v) >= 1e8) return trim(v / 1e8) + "亿";
    if (Math.abs(v) >= 1e4) return trim(v / 1e4) + "万";
    return trim(v);
  }

  function marker(shape, x, y, colour) {
    var r = 4.5;
    if (shape === "square") {
      return svg("rect", { x: x - r, y: y - r, width: 2 * r, height: 2 * r, fill: colour });
    }
    if (shape === "diamond") {
      return svg("path", { d: "M" + x + " " + (y - r - 1) + "L" + (x + r + 1) + " " + y + "L" + x + " " +
        (y + r + 1) + "L" + (x - r - 1) + " " + y + "Z", fill: colour });
    }
    if (shape === "triangle") {
      return svg("path", { d: "M" + x + " " + (y - r - 1) + "L" + (x + r + 1) + " " + (y + r) + "L" +
        (x - r - 1) + " " + (y + r) + "Z", fill: colour });
    }
    return svg("circle", { cx: x, cy: y, r: r, fill: colour });
  }

  Compare.prototype.renderChart = function () {
    var model = this.model, plot = this.root.querySelector("#gk-compare-plot");
    var legend = this.root.querySelector("#gk-compare-legend");
    this.root.querySelector("#gk-compare-chart-title").textContent = model.caption;
    plot.textContent = "";
    legend.textContent = "";
    var width = Math.max(260, Math.floor(plot.clientWidth || 600));
    var height = width < 500 ? 220 : 280;
    var m = { l: 60, r: 16, t: 14, b: 30 };
    var all = [];
    model.rows.forEach(function (r) { r.cells.forEach(function (c) { if (c.kind === "value") all.push(c.value); }); });
    var marks = ticks(all.length ? Math.max.apply(null, all) : 1), top = marks[marks.length - 1];
    var n = model.years.length;
    var pad = 14; // the first and last years' points clear the axes
    var x = function (i) {
      return m.l + pad + (n === 1 ? (width - m.l - m.r - 2 * pad) / 2 : i * (width - m.l - m.r - 2 * pad) / (n - 1));
    };
    var y = function (v) { return m.t + (height - m.t - m.b) * (1 - v / top); };
    var desc = model.rows.map(function (r) {
      var vals = r.cells.map(function (c, i) { return model.years[i] + "年 " + (c.text || "空白"); });
      return r.p.name + "：" + vals.join("，");
    }).join("；");
    var root = svg("svg", { viewBox: "0 0 " + width + " " + height, width: width, height: height,
      role: "img", "aria-label": "折线图，" + model.caption + "。" + desc, "class": "gk-compare-svg" });
    root.appendChild(svg("title", {}, model.caption));
    var axis = svg("g", { "class": "gk-compare-axis", "aria-hidden": "true" });
    marks.forEach(function (v, t) {
      var yy = y(v);
      axis.appendChild(svg("line", { x1: m.l, x2: width - m.r, y1: yy, y2: yy, "class": t ? "gk-grid" : "gk-base" }));
      axis.appendChild(svg("text", { x: m.l - 6, y: yy + 4, "text-anchor": "end" }, tickLabel(v)));
    });
    var every = Math.ceil(n / Math.max(1, Math.floor((width - m.l - m.r) / 48)));
    model.years.forEach(function (yr, i) {
      if (i % every) return;
      axis.appendChild(svg("text", { x: x(i), y: height - m.b + 18, "text-anchor": "middle" }, String(yr)));
    });
    root.appendChild(axis);
    model.rows.forEach(function (r, k) {
      var colour = COLOURS[k % COLOURS.length], shape = SHAPES[k % SHAPES.length];
      var g = svg("g", { "class": "gk-compare-series", "data-publisher": r.p.id, "aria-hidden": "true" });
      var d = "", open = false;
      r.cells.forEach(function (c, i) {
        if (c.kind !== "value") { open = false; return; }
        d += (open ? "L" : "M") + x(i).toFixed(1) + " " + y(c.value).toFixed(1);
        open = true;
      });
      if (d) g.appendChild(svg("path", { d: d, fill: "none", stroke: colour, "stroke-width": 2.5 }));
      r.cells.forEach(function (c, i) {
        if (c.kind !== "value") return;
        var mk = marker(shape, x(i), y(c.value), colour);
        mk.setAttribute("class", "gk-compare-point");
        mk.appendChild(svg("title", {}, r.p.name + " " + model.years[i] + "年：" + c.text));
        g.appendChild(mk);
      });
      root.appendChild(g);
      var li = el("li", {});
      var key = svg("svg", { width: 26, height: 14, viewBox: "0 0 26 14", "aria-hidden": "true" });
      key.appendChild(svg("line", { x1: 1, x2: 25, y1: 7, y2: 7, stroke: colour, "stroke-width": 2.5 }));
      key.appendChild(marker(shape, 13, 7, colour));
      li.appendChild(key);
      li.appendChild(document.createTextNode(r.p.name));
      legend.appendChild(li);
    });
    plot.appendChild(root);
    plot.setAttribute("data-points", String(all.length));
  };

  // ------------------------------------------------------------------ start

  Compare.prototype.start = function () {
    var self = this;
    return this.fetchJson(this.indexUrl).then(function (index) {
      self.index = index;
      self.byId = {};
      self.position = {};
      var levelList = index.levels, levels = {};
      levelList.forEach(function (l) { levels[l[0]] = l[1]; });
      index.levels = levels;
      index.publishers = index.publishers.map(function (row, i) {
        var p = {};
        index.fields.forEach(function (f, j) { p[f] = row[j]; });
        p.level = levelList[p.level][0];
        p.years = expandYears(p.years);
        p.other = p.other || {};
        self.byId[p.id] = p;
        self.position[p.id] = i;
        return p;
      });
      self.measures = {};
      index.measures.forEach(function (m) { self.measures[m.id] = m; });
      var unknown = self.readState();
      self.renderChosen();
      self.bindCombo();
      self.q.disabled = false;
      self.boxes.forEach(function (b) { b.addEventListener("change", function () { self.update(); }); });
      self.select.addEventListener("change", function () { self.update(); });
      self.root.querySelector("#gk-compare-csv").addEventListener("click", function () { self.download(); });
      self.root.querySelector("#gk-compare-form").addEventListener("submit", function (e) { e.preventDefault(); });
      var width = 0;
      if (window.ResizeObserver) {
        new ResizeObserver(function (entries) {
          var w = Math.floor(entries[0].contentRect.width);
          if (self.model && Math.abs(w - width) > 8) { width = w; self.renderChart(); }
        }).observe(self.root.querySelector("#gk-compare-plot"));
      }
      return self.update(unknown.length ? "网址中的 " + unknown.join("、") + " 不在数据中，已略去。" : "");
    }).catch(function (err) {
      self.say("比较工具的数据无法读取：" + err.message);
      if (window.console) console.warn(err);
    });
  };

  var roots = document.querySelectorAll(".gk-compare:not([data-started])");
  Array.prototype.forEach.call(roots, function (root) {
    root.setAttribute("data-started", "yes");
    new Compare(root).start();
  });
})();
