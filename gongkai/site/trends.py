"""A body's figures across years as line charts (Altair), rendered like the report charts
(`charts.py`: static SVG and PNG through the same cache, CSV and Vega-Lite spec beside them).

Every series is a comparable figure (`template.COMPARABLE`), so a 2019-format year joins a
2021-format series where the figure means the same; where the format changes a dashed rule
is drawn between the two years and labelled, and the page says it in words. A blank cell (not
printed) is no point, never zero. Labels come from the template; figures from the packages.
"""

from __future__ import annotations

import csv
import io
import json

import altair as alt
from altair.utils.schemapi import debug_mode

from .. import template as T
from .charts import PALETTE, finish, prerender, render_static, _svg_size
from .incremental import MISS, digest, lookup, remember
from .model import ChartInfo, PublisherSeries, SiteContext
from .util import grouped, write_bytes, write_text
from .workers import parallel_map

HEIGHT = 220
MORE_COLOURS = ("#b8860b", "#2f4f4f")


def _total_first(members) -> list:
    """The total first (the darkest, first colour), then the parts in the template's order."""
    return sorted(members, key=lambda m: m.code != "total")


def chart_plan() -> list[tuple[str, str, list[tuple[str, tuple[str, ...]]]]]:
    """(code, title, [(series label, comparable codes summed)]) of a body's trend charts."""
    req, app = T.REQUESTS, T.APPEALS
    new = req.row("new_requests")
    groups = {g.code: g for g in T.REQUEST_GROUPS}
    outcome_codes = []
    for g, rows in T.OUTCOME_GROUPS.items():
        group_code = f"requests:{g}:total"
        codes = (group_code,) if group_code in T.COMPARABLE else tuple(
            f"requests:{r}:total" for r in rows)
        outcome_codes.append((T.OUTCOME_GROUP_LABELS[g][0], codes))
    results = _total_first(T.RESULTS)
    lit = [p for p in T.PROCEEDINGS if p.group_label]
    recon = app.row("administrative_reconsideration")
    block = [b for b in T.PROACTIVE_BLOCKS if any(
        f"proactive:{i}:decisions" in T.COMPARABLE for i in b[2])]
    decisions = [(T.PROACTIVE.row(i).label, (f"proactive:{i}:decisions",))
                 for b in block for i in b[2] if f"proactive:{i}:decisions" in T.COMPARABLE]
    return [
        ("applicants", f"{new.label}（按申请人）",
         [(c.label, (f"requests:new_requests:{c.code}",)) for c in _total_first(T.APPLICANTS)]),
        ("outcomes", f"{groups['outcomes'].label}（六类）", outcome_codes),
        ("carry", f"{req.row('carried_over').label}与{req.row('carried_forward').label}",
         [(req.row(r).label, (f"requests:{r}:total",))
          for r in ("new_requests", "carried_over", "carried_forward")]),
        ("reconsideration", recon.label,
         [(c.label, (f"appeals:{recon.code}:{c.code}",)) for c in results]),
        ("litigation", lit[0].group_label if lit else "",
         [(f"{p.label}：{c.label}", (f"appeals:{p.code}:{c.code}",))
          for p in lit for c in results if c.code in ("total", "corrected")]),
        ("decisions", "、".join(b[1] for b in block) + f"：{T.PROACTIVE.col('decisions').label}",
         decisions),
    ]


def comparable_value(pkg, codes: tuple[str, ...]):
    """The sum of comparable figures in this package's format; None if any cell is blank."""
    terms = [t for code in codes for t in T.COMPARABLE[code].terms.get(pkg.form.code, ())]
    if not terms:
        return None
    values = [pkg.figures.get(t) for t in terms]
    return None if any(v is None for v in values) else sum(values)


def trend_chart(points: list[dict], series: list[str], *, title: str, description: str,
                breaks: list[tuple[int, int, str, str]], years: list[int]) -> dict:
    """A Vega-Lite spec: one line per series over the years, a labelled rule at each change of
    the national format. `points`: year, series, value (blank values left out)."""
    with debug_mode(False):
        return _trend_chart(points, series, title=title, description=description,
                            breaks=breaks, years=years)


def _trend_chart(points, series, *, title, description, breaks, years) -> dict:
    colours = list(PALETTE + MORE_COLOURS)[:len(series)]
    x = alt.X("year:Q", title=None, scale=alt.Scale(domain=[min(years) - .3, max(years) + .3],
                                                    nice=False),
              axis=alt.Axis(values=years, format="d", labelFontSize=12, grid=False))
    y = alt.Y("value:Q", title="件数", axis=alt.Axis(format=",d", tickMinStep=1, titleFontSize=12))
    colour = alt.Color("series:N", sort=series, title=None,
                       scale=alt.Scale(domain=series, range=colours),
                       legend=alt.Legend(orient="top", direction="vertical", columns=1,
                                         labelFontSize=12, labelLimit=260, symbolType="stroke"))
    tooltip = [alt.Tooltip("year:Q", title="年度", format="d"),
               alt.Tooltip("series:N", title="项目"),
               alt.Tooltip("value:Q", title="件数", format=",")]
    data = alt.Data(values=points)
    line = alt.Chart(data).mark_line(strokeWidth=2).encode(x=x, y=y, color=colour)
    dots = alt.Chart(data).mark_point(filled=True, size=40).encode(
        x=x, y=y, color=colour, tooltip=tooltip)
    layers = [line, dots]
    if breaks:
        rules = [{"at": (a + b) / 2, "text": f"{b}年起格式变更"} for a, b, _f, _t in breaks]
        rule_data = alt.Data(values=rules)
        layers.append(alt.Chart(rule_data).mark_rule(strokeDash=[5, 4], color="#6b7280").encode(
            x=alt.X("at:Q")))
        layers.append(alt.Chart(rule_data).mark_text(
            align="left", baseline="top", dx=4, dy=2, fontSize=11, color="#4b5563").encode(
            x=alt.X("at:Q"), y=alt.value(0), text="text:N"))
    return finish(alt.layer(*layers), title=title, description=description, height=HEIGHT)


def _describe(title: str, table: list[list], labels: list[str], breaks) -> str:
    parts = []
    for i, label in enumerate(labels, start=1):
        cells = [f"{row[0]}年 {grouped(row[i]) if row[i] is not None else '空白'}"
                 for row in table]
        parts.append(f"{label}：" + "，".join(cells))
    text = f"{title}，按年度：" + "；".join(parts) + "。"
    for a, b, fa, fb in breaks:
        text += (f"{a}年与{b}年之间全国格式由{T.FORMATS[fa].document}改为"
                 f"{T.FORMATS[fb].document}，图中以虚线标出；两种格式含义相同的数字才连成一条线。")
    return text


def series_table(pub: PublisherSeries, plan: list[tuple[str, tuple[str, ...]]]) -> list[list]:
    """Rows [year, value per series]: one per report (a year twice if printed twice)."""
    return [[p.year] + [comparable_value(p, codes) for _label, codes in plan] for p in pub.packages]


def publisher_charts(pub: PublisherSeries) -> list[tuple[str, str, str, list, list, dict]]:
    """(code, title, description, labels, table, spec) of a body's charts."""
    out = []
    for code, title, plan in chart_plan():
        if not plan:
            continue
        labels = [label for label, _c in plan]
        table = series_table(pub, plan)
        points = [{"year": row[0], "series": label, "value": float(row[i])}
                  for row in table for i, label in enumerate(labels, start=1)
                  if row[i] is not None]
        desc = _describe(title, table, labels, pub.breaks)
        out.append((code, title, desc, labels, table,
                    trend_chart(points, labels, title=title, description=desc,
                                breaks=pub.breaks, years=pub.years)))
    return out


def _csv(labels: list[str], table: list[list]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["年度", *labels])
    w.writerows([[row[0], *("" if v is None else v for v in row[1:])] for row in table])
    return buf.getvalue()


def write_publisher_charts(ctx: SiteContext, pid: str, charts: list) -> list[ChartInfo]:
    """The charts of one publisher into the staged docs (renderings from the cache)."""
    cache_dir = ctx.cache / "charts"
    out = []
    for code, title, desc, labels, table, full in charts:
        base = f"charts/publishers/{pid}/{code}"
        svg, png = render_static(full, cache_dir, ctx.use_cache)
        write_bytes(ctx.docs / f"{base}.svg", svg, ctx.written)
        write_bytes(ctx.docs / f"{base}.png", png, ctx.written)
        write_text(ctx.docs / f"{base}.csv", _csv(labels, table), ctx.written)
        write_text(ctx.docs / f"{base}.vl.json",
                   json.dumps(full, ensure_ascii=False, indent=1) + "\n", ctx.written)
        sw, sh = _svg_size(svg)
        out.append(ChartInfo(
            code=code, table=code, title=title, description=desc,
            spec={k: v for k, v in full.items() if k != "title"},
            svg=f"{base}.svg", png=f"{base}.png", csv=f"{base}.csv",
            json=f"{base}.vl.json", svg_width=sw, svg_height=sh,
            columns=["年度", *labels],
            rows=[[str(row[0]), *(grouped(v) if v is not None else "空白" for v in row[1:])]
                  for row in table]))
    return out


def series_key(ctx: SiteContext, pid: str, pub: PublisherSeries) -> str | None:
    """The key of a publisher's charts: the keys of its packages (None if one has none)."""
    keys = [ctx.keys.get(p.id) for p in pub.packages]
    return None if None in keys else digest("trends", pid, pub.name, *keys)


def build(ctx: SiteContext) -> None:
    """The charts of every publisher (`ctx.publishers[...].charts`); a publisher whose
    charts are recorded under its key is not drawn again."""
    cache_dir = ctx.cache / "charts"
    missing = []
    for pid, pub in ctx.publishers.items():
        found = lookup(ctx, "trends", series_key(ctx, pid, pub))
        if found is MISS:
            missing.append(pid)
        else:
            pub.charts.extend(found)
    todo = dict(zip(missing, parallel_map(ctx, [
        lambda pub=ctx.publishers[pid]: publisher_charts(pub) for pid in missing])))
    prerender([m[-1] for charts in todo.values() for m in charts], cache_dir, ctx.use_cache)
    for pid, charts in todo.items():
        pub = ctx.publishers[pid]
        pub.charts.extend(remember(ctx, "trends", series_key(ctx, pid, pub),
                                   lambda pid=pid, charts=charts: write_publisher_charts(
                                       ctx, pid, charts)))
