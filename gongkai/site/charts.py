"""Loader: the charts of every report (Altair), with static SVG/PNG, CSV and JSON beside them.

Every chart is a labelled horizontal bar chart: each bar's Chinese label sits on its own line
above the bar, so no label is ever rotated or cut, and the chart fits a phone's width
(`width: container`). Labels come from the template; figures from the package.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import html
import io
import json
import multiprocessing
import os
import re
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from importlib.metadata import version

import altair as alt
import pyvips
import vl_convert as vlc
from altair.utils.schemapi import debug_mode

from .. import template as T
from .incremental import MISS, lookup, remember
from .model import ChartInfo, SiteContext
from .util import grouped, write_bytes, write_text, write_whole
from .workers import parallel_map

FONT = '"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC", ' \
       '"Microsoft YaHei", sans-serif'
FONT_DIRS = ("/usr/share/fonts/opentype/noto", "/usr/share/fonts/truetype/noto",
             "/usr/share/fonts/opentype", "/usr/share/fonts")
STATIC_WIDTH = 640
STEP = 46  # pixels per bar row: label line + bar
PALETTE = ("#1f6f8b", "#e07a2f", "#5b8c5a", "#9c6ade", "#c4515c", "#8c8c8c")


def short(member: T.Member) -> str:
    """The shortest printed form of a row or column label (from the template's aliases)."""
    return min((member.label, *member.aliases), key=len)


@dataclass
class Bar:
    label: str  # the line above the bar
    value: float
    part: str = ""  # colour group (stacked/grouped bars)
    note: str = ""  # extra tooltip line, e.g. the report's own percentage
    order: int = 0


def _share(part, whole) -> str:
    return f"{100.0 * part / whole:.2f}%" if whole else "—"


def bar_chart(bars: list[Bar], *, title: str, description: str, unit: str = "件",
              parts: list[str] | None = None, value_title: str = "件数") -> dict:
    """A Vega-Lite spec (dict) for labelled horizontal bars, stacked when `parts` is given."""
    with debug_mode(False):  # validating every object as it is made is most of Altair's time
        return _bar_chart(bars, title=title, description=description, unit=unit,
                          parts=parts, value_title=value_title)


def _bar_chart(bars, *, title, description, unit, parts, value_title) -> dict:
    rows = []
    for i, b in enumerate(bars):
        rows.append({"label": b.label, "part": b.part or b.label, "value": b.value,
                     "text": f"{grouped(b.value)}{unit}", "note": b.note,
                     "order": b.order or i})
    totals: dict[str, float] = {}
    for r in rows:
        totals[r["label"]] = totals.get(r["label"], 0) + r["value"]
    order = list(dict.fromkeys(r["label"] for r in rows))
    data = alt.Data(values=rows)
    n = len(order)
    y = alt.Y("label:N", sort=order, axis=None, title=None,
              scale=alt.Scale(paddingInner=0, paddingOuter=0))
    tooltip = [alt.Tooltip("label:N", title="项目"), alt.Tooltip("value:Q", title=value_title,
                                                                format=",")]
    if parts:
        tooltip.insert(1, alt.Tooltip("part:N", title="类别"))
    tooltip.append(alt.Tooltip("note:N", title="说明"))
    color = (alt.Color("part:N", sort=parts, title=None,
                       scale=alt.Scale(domain=parts, range=list(PALETTE[:len(parts)])),
                       legend=alt.Legend(orient="top", direction="horizontal", columns=4,
                                         labelFontSize=12, symbolType="square"))
             if parts else alt.value(PALETTE[0]))
    bar = alt.Chart(data).mark_bar(height=14, yOffset=9, cornerRadiusEnd=2).encode(
        y=y,
        x=alt.X("sum(value):Q" if parts else "value:Q", axis=None, title=None,
                stack="zero" if parts else None,
                scale=alt.Scale(domain=[0, max(max(totals.values(), default=0), 1)],
                                nice=False)),
        color=color,
        order=alt.Order("order:Q"),
        tooltip=tooltip,
    )
    label_rows = [{"label": k, "line": f"{k}　{grouped(totals[k])}{unit}"} for k in order]
    labels = alt.Chart(alt.Data(values=label_rows)).mark_text(
        align="left", baseline="bottom", yOffset=-1, fontSize=13, color="#1f2933",
        limit=0).encode(y=y, x=alt.value(0), text="line:N")
    return finish(alt.layer(bar, labels), title=title, description=description, height=n * STEP)


@functools.lru_cache(maxsize=1)
def _config() -> dict:
    """The site's chart configuration (font, no view border), from Altair once."""
    empty = alt.Chart(alt.Data(values=[])).mark_point()
    return empty.configure(font=FONT).configure_view(stroke=None) \
        .configure_axis(labelFont=FONT).to_dict(validate=False)["config"]


def finish(chart, *, title: str, description: str, height: int) -> dict:
    """The site's look and sizing for every chart (report and trend charts): its spec.

    The top-level properties are set on the spec, not on the chart: each Altair setter
    copies the whole chart, data included, which was most of a chart's time."""
    body = chart.to_dict(validate=False)
    spec = {"config": json.loads(json.dumps(_config()))}
    spec.update((k, v) for k, v in body.items() if k not in ("config", "$schema"))
    spec.update(description=description, height=height,
                title={"text": title, "anchor": "start", "fontSize": 15},
                width="container", **{"$schema": body["$schema"]})
    spec["autosize"] = {"type": "fit-x", "contains": "padding"}
    spec["padding"] = {"left": 2, "right": 8, "top": 6, "bottom": 6}
    spec["usermeta"] = {"gongkai": {"chart": title}}
    return spec


# ------------------------------------------------------------------ the charts of a report


def _req(pkg, row: str, col: str = "total"):
    """A requests figure to draw: a blank cell (not printed) draws as no bar (0); the table
    and the table view beside the chart keep it blank."""
    value = pkg.figures[("requests", row, col)]
    return 0 if value is None else value


def _highlight(pkg, code: str):
    for h in pkg.highlights:
        if h.get("code") == code:
            return h
    return None


SHARE_OF_GROUP = {  # outcome group -> highlight code of the report's own percentage
    "withheld": "withheld_share", "unavailable": "unavailable_share",
    "unprocessed": "unprocessed_share", "other_handling": "other_handling_share",
}


def outcomes_chart(pkg) -> tuple[str, str, list[Bar], dict]:
    handled = _req(pkg, "handled_total")
    combined = _highlight(pkg, "disclosed_or_partial_share")
    bars = []
    for group, rows in pkg.form.outcome_groups.items():
        value = sum(_req(pkg, r) for r in rows)
        label = T.OUTCOME_GROUP_LABELS[group][0]
        stated = _highlight(pkg, SHARE_OF_GROUP.get(group, ""))
        if stated:
            note = f"报告所述占比 {grouped(stated['value'])}%；按表格计算 {_share(value, handled)}"
        elif group in ("disclosed", "partially_disclosed") and combined:
            note = (f"按表格计算 {_share(value, handled)}；报告所述"
                    f"{T.OUTCOME_GROUP_LABELS['disclosed'][0]}及"
                    f"{T.OUTCOME_GROUP_LABELS['partially_disclosed'][0]}合计占比 "
                    f"{grouped(combined['value'])}%")
        else:
            note = f"按表格计算 {_share(value, handled)}"
        bars.append(Bar(label, value, note=note))
    total_label = pkg.form.tables["requests"].row("handled_total")
    desc = (f"{T.OUTCOME_GROUP_LABELS['disclosed'][0]}等六类办理结果的件数，合计"
            f"{total_label.number}{total_label.label} {grouped(handled)} 件。"
            + "；".join(f"{b.label} {grouped(b.value)} 件（{b.note}）" for b in bars) + "。")
    outcomes = next(g for g in pkg.form.request_groups if g.code == "outcomes")
    return f"{outcomes.label}（六类）", desc, bars, {}


def group_chart(pkg, group: str) -> tuple[str, str, list[Bar], dict]:
    rows = [r for r in pkg.form.tables["requests"].rows if r.group == group]
    total = sum(_req(pkg, r.code) for r in rows)
    bars = [Bar(f"{r.number}{short(r)}", _req(pkg, r.code),
                note=f"占该类 {_share(_req(pkg, r.code), total)}") for r in rows]
    head = next(g for g in pkg.form.request_groups if g.code == group)
    title = f"{head.number}{head.label}的理由"
    desc = (f"{head.number}{head.label}共 {grouped(total)} 件，按理由分：" +
            "；".join(f"{b.label} {grouped(b.value)} 件" for b in bars) + "。")
    return title, desc, bars, {}


def applicants_chart(pkg) -> tuple[str, str, list[Bar], dict]:
    row = T.REQUESTS.row("new_requests")
    cols = [c for c in T.APPLICANTS if c.code != "total"]
    total = _req(pkg, "new_requests")
    bars = [Bar(f"{c.group_label}：{c.label}" if c.group_label else c.label,
                _req(pkg, "new_requests", c.code), note=f"占 {_share(_req(pkg, 'new_requests', c.code), total)}")
            for c in cols]
    title = f"{row.label}（按申请人）"
    desc = (f"{row.number}{row.label}共 {grouped(total)} 件，按申请人分：" +
            "；".join(f"{b.label} {grouped(b.value)} 件" for b in bars) + "。")
    return title, desc, bars, {}


def appeals_chart(pkg) -> tuple[str, str, list[Bar], dict]:
    results = [c for c in T.RESULTS if c.code != "total"]
    bars = []
    for p in T.PROCEEDINGS:
        label = f"{p.group_label}：{p.label}" if p.group_label else p.label
        for i, c in enumerate(results):
            v = pkg.figures[("appeals", p.code, c.code)] or 0
            bars.append(Bar(label, v, part=c.label, order=i + 1,
                            note=f"{c.label} {grouped(v)} 件"))
    desc_parts = []
    for p in T.PROCEEDINGS:
        total = pkg.figures[("appeals", p.code, "total")]
        desc_parts.append(f"{p.group_label}{p.label}共 {grouped(total)} 件（" + "、".join(
            f"{c.label} {grouped(pkg.figures[('appeals', p.code, c.code)])}"
            for c in results) + "）")
    title = "、".join(dict.fromkeys(p.group_label or p.label for p in T.PROCEEDINGS)) + "的结果"
    return title, "；".join(desc_parts) + "。", bars, {"parts": [c.label for c in results]}


def proactive_chart(pkg) -> tuple[str, str, list[Bar], dict]:
    block = pkg.form.proactive_blocks[0]  # 第二十条第（一）项: rules and normative documents
    table = pkg.form.tables["proactive"]
    measures = [table.col(m) for m in block[3]]
    bars = []
    for item_code in block[2]:
        item = table.row(item_code)
        for m in measures:
            v = pkg.figures[("proactive", item_code, m.code)] or 0
            note = pkg.notes.get(("proactive", item_code, m.code), "")
            bars.append(Bar(f"{item.label}：{m.label}", v, note=note))
    title = f"{block[1]}：{'、'.join(table.row(i).label for i in block[2])}"
    desc = "；".join(f"{b.label} {grouped(b.value)} 件" + (f"（{b.note}）" if b.note else "")
                    for b in bars) + "。"
    return title, desc, bars, {}


CHARTS = (
    # code, template table, maker
    ("outcomes", "requests", outcomes_chart),
    ("withheld", "requests", lambda p: group_chart(p, "withheld")),
    ("unavailable", "requests", lambda p: group_chart(p, "unavailable")),
    ("unprocessed", "requests", lambda p: group_chart(p, "unprocessed")),
    ("applicants", "requests", applicants_chart),
    ("appeals", "appeals", appeals_chart),
    ("proactive", "proactive", proactive_chart),
)


@functools.lru_cache(maxsize=1)
def _ensure_fonts() -> None:
    """Register the CJK fonts with the renderer, once per process."""
    for d in FONT_DIRS:
        if os.path.isdir(d):
            vlc.register_font_directory(d)
            break


def _static(spec: dict) -> dict:
    static = json.loads(json.dumps(spec))
    static["width"] = STATIC_WIDTH
    static["autosize"] = {"type": "pad"}
    return static


def stable_ids(svg: str) -> str:
    """Number the SVG's clip-path ids from 1 (the renderer counts across the whole process)."""
    ids: dict[str, str] = {}

    def repl(m):
        return ids.setdefault(m.group(0), f"clip{len(ids) + 1}")

    return re.sub(r"\bclip\d+\b", repl, svg)


def _digest(spec: dict) -> str:
    renderers = f"vl-convert {version('vl-convert-python')} vips {version('pyvips-binary')}"
    return hashlib.sha256(json.dumps(spec, sort_keys=True, ensure_ascii=False).encode()
                          + renderers.encode()).hexdigest()


def svg_to_png(svg: bytes) -> bytes:
    """The PNG (2x) of a chart's SVG, by libvips (librsvg, the system's CJK fonts): the same
    picture as the renderer's own rasteriser at a third of its time and half its bytes."""
    image = pyvips.Image.svgload_buffer(svg, scale=2)
    return image.write_to_buffer(".png", compression=6, keep=pyvips.enums.ForeignKeep.NONE)


_FIRST_FONT = FONT.split(",")[0].strip('"')
_FONT_JSON = json.dumps(FONT)[1:-1]


def _render_pair(static_json: str) -> tuple[bytes, bytes]:
    """SVG and PNG (2x) of one static spec; runs in worker processes too.

    Drawn with the first font of the list only (the one installed here: the renderer then
    measures each text once, a fifth faster), the list put back in the SVG: the same bytes."""
    _ensure_fonts()
    spec = json.loads(static_json.replace(_FONT_JSON, _FIRST_FONT))
    svg = vlc.vegalite_to_svg(spec).replace(
        f'font-family="{_FIRST_FONT}"', 'font-family="' + html.escape(FONT, quote=True) + '"')
    svg = stable_ids(svg).encode("utf-8")
    return svg, svg_to_png(svg)


def prerender(specs: list[dict], cache_dir, use_cache: bool) -> None:
    """Render every chart not in the cache, on every core: rendering is most of a cold build."""
    todo: dict[str, str] = {}
    for spec in specs:
        static = _static(spec)
        digest = _digest(static)
        if use_cache and (cache_dir / f"{digest}.svg").exists() and \
                (cache_dir / f"{digest}.png").exists():
            continue
        todo[digest] = json.dumps(static, ensure_ascii=False)
    if not todo:
        return
    cache_dir.mkdir(parents=True, exist_ok=True)
    workers = min(os.cpu_count() or 1, 4)
    if len(todo) < 16 or workers < 2:
        results = map(_render_pair, todo.values())
        pool = None
    else:
        pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))
        results = pool.map(_render_pair, todo.values(), chunksize=8)
    try:
        for digest, (svg, png) in zip(todo, results):
            write_whole(cache_dir / f"{digest}.svg", svg)
            write_whole(cache_dir / f"{digest}.png", png)
    finally:
        if pool is not None:
            pool.shutdown()


def render_static(spec: dict, cache_dir, use_cache: bool) -> tuple[bytes, bytes]:
    """SVG (shown in the page when JavaScript is off, and in print; a download) and PNG at 2x
    (a download), at a fixed width, rendered once with the CJK font (see `prerender`)."""
    digest = _digest(_static(spec))
    svg_path, png_path = cache_dir / f"{digest}.svg", cache_dir / f"{digest}.png"
    if not (svg_path.exists() and png_path.exists()):
        prerender([spec], cache_dir, use_cache=False)
    return svg_path.read_bytes(), png_path.read_bytes()


def _svg_size(svg: bytes) -> tuple[int, int]:
    m = re.search(rb'width="(\d+)" height="(\d+)"', svg[:400])
    return (int(m.group(1)), int(m.group(2))) if m else (STATIC_WIDTH, 300)


def vega_bundle(cache_dir, use_cache: bool) -> bytes:
    """Vega, Vega-Lite and Vega-Embed in one file (served by the site, never from a CDN)."""
    path = cache_dir / f"vega-bundle-{version('vl-convert-python')}.js"
    if use_cache and path.exists():
        return path.read_bytes()
    data = vlc.javascript_bundle().encode("utf-8")
    cache_dir.mkdir(parents=True, exist_ok=True)
    write_whole(path, data)
    return data


def write_charts(ctx: SiteContext, pkg, made: dict) -> list[ChartInfo]:
    """The charts of one package into the staged docs (renderings from the cache)."""
    cache_dir = ctx.cache / "charts"
    infos = []
    for code, table, _maker in CHARTS:
        title, desc, bars, opts, full = made[(pkg.id, code)]
        parts = opts.get("parts")
        spec = {k: v for k, v in full.items() if k != "title"}  # the page shows the title
        base = f"charts/{pkg.id}/{code}"
        svg, png = render_static(full, cache_dir, ctx.use_cache)
        write_bytes(ctx.docs / f"{base}.svg", svg, ctx.written)
        write_bytes(ctx.docs / f"{base}.png", png, ctx.written)
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        header = ["项目", "类别", "数值", "说明"] if parts else ["项目", "数值", "说明"]
        rows = [[b.label, b.part, b.value, b.note] if parts else [b.label, b.value, b.note]
                for b in bars]
        w.writerow(header)
        w.writerows(rows)
        write_text(ctx.docs / f"{base}.csv", buf.getvalue(), ctx.written)
        write_text(ctx.docs / f"{base}.vl.json",
                   json.dumps(full, ensure_ascii=False, indent=1) + "\n", ctx.written)
        sw, sh = _svg_size(svg)
        infos.append(ChartInfo(
            code=code, table=table, title=title, description=desc, spec=spec,
            svg=f"{base}.svg", png=f"{base}.png", csv=f"{base}.csv", json=f"{base}.vl.json",
            svg_width=sw, svg_height=sh, columns=header,
            rows=[[str(grouped(c)) if isinstance(c, (int, float)) else str(c) for c in r]
                  for r in rows]))
    return infos


def package_specs(pkg) -> dict[str, tuple]:
    """Every chart of one package: code -> (title, description, bars, options, spec)."""
    out = {}
    for code, _table, maker in CHARTS:
        title, desc, bars, opts = maker(pkg)
        out[code] = (title, desc, bars, opts,
                     bar_chart(bars, title=title, description=desc, parts=opts.get("parts")))
    return out


def build(ctx: SiteContext) -> None:
    """The charts of every package (`ctx.charts`); a package whose charts are recorded under
    its key is not drawn again (`incremental.lookup`). Specs are made on every core
    (`workers.parallel_map`), renderings in the renderer's own pool (`prerender`)."""
    cache_dir = ctx.cache / "charts"
    todo = []
    for pkg in ctx.packages:
        found = lookup(ctx, "charts", ctx.keys.get(pkg.id))
        if found is MISS:
            todo.append(pkg)
        else:
            ctx.charts[pkg.id] = found
    made = {}
    for pkg, specs in zip(todo, parallel_map(ctx, [lambda pkg=pkg: package_specs(pkg)
                                                   for pkg in todo])):
        made.update({(pkg.id, code): chart for code, chart in specs.items()})
    prerender([m[-1] for m in made.values()], cache_dir, ctx.use_cache)
    for pkg in todo:
        ctx.charts[pkg.id] = remember(ctx, "charts", ctx.keys.get(pkg.id),
                                      lambda pkg=pkg: write_charts(ctx, pkg, made))
    # after the forks: the renderer's runtime starts in this process only now
    write_bytes(ctx.docs / "assets" / "vega" / "vega-bundle.js",
                vega_bundle(cache_dir, ctx.use_cache), ctx.written)
