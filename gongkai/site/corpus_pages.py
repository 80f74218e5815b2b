"""Loaders: the pages across reports — one per publisher (`publishers/<id>/`), one per year
(`years/<year>/`) and their indexes — and the combined indicators file
(`downloads/indicators.csv` with its table schema).

`collect` (before the charts) groups the packages into publishers and years and writes the
indicators file; `build` (after `trends`) writes the pages. The cross-report tables come from
`gongkai.corpus` (pandas). Levels are never added together: a city's report already counts its
districts, and the year pages say so.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field

import pandas as pd

from .. import corpus
from .. import template as T
from ..divisions import LEVELS
from ..indicators import INDICATORS, SMALL_SAMPLE, of_package
from ..numbers import fmt
from . import jsonld, lists
from .downloads import record
from .incremental import digest, memo
from .model import CombinedTable, PublisherSeries, SiteContext, YearPage
from .pages import STATES, report_rows
from .render import write_page
from .util import esc, grouped, json_text, link, report_name, report_page, write_text
from .workers import parallel_map

PUBLISHERS_INDEX = "publishers/index.md"
YEARS_INDEX = "years/index.md"
INDICATORS_CSV = "downloads/indicators.csv"
INDICATORS_SCHEMA = "downloads/indicators.schema.json"
STATE_LABELS = {"ok": "有效", "small": SMALL_SAMPLE, "blank": "无法计算（空白单元格）"}
NOT_SUMMED = ("各层级分开统计，从不跨层级相加：上级机关的报告可能已包含其所辖下级机关的数字"
              "（如市政府的报告已计入其所辖区县），相加会重复计算。")


def publisher_id(pkg) -> str:
    """The id in a publisher page's URL: the registry id, else the package id without year."""
    pid = pkg.report.get("publisher_id")
    if pid:
        return pid
    base, _, year = pkg.id.rpartition("-")
    return base if base and year.isdigit() else pkg.id


def publisher_page(pid: str) -> str:
    return f"publishers/{pid}.md"


def year_page(year: int) -> str:
    return f"years/{year}.md"


def level_label(level: str) -> str:
    return LEVELS.get(level, level)


# ------------------------------------------------------------------ grouping


def group_publishers(packages) -> dict[str, PublisherSeries]:
    by_id: dict[str, list] = {}
    for p in packages:
        by_id.setdefault(publisher_id(p), []).append(p)
    frame = corpus.figures_frame(packages)
    out = {}
    for pid in sorted(by_id, key=lambda i: (-len(by_id[i]), i)):
        pkgs = sorted(by_id[pid], key=lambda p: (p.year, p.id))
        last = pkgs[-1]
        level = last.report.get("level", "unknown")
        out[pid] = PublisherSeries(pid, last.publisher_key, last.publisher, level,
                                   level_label(level), pkgs, publisher_page(pid),
                                   breaks=corpus.format_breaks(frame, last.publisher_key))
    return out


def group_years(packages) -> dict[int, YearPage]:
    frame = corpus.figures_frame(packages)
    years = sorted({p.year for p in packages}, reverse=True)
    return {y: YearPage(y, year_page(y), [p for p in packages if p.year == y],
                        corpus.year_summary(frame, y)) for y in years}


# ------------------------------------------------------------------ indicators file


INDICATOR_FIELDS = (
    ("report", "string", "报告", "Package id of the report"),
    ("publisher_id", "string", "发布机关标识", "Publisher id (registry id)"),
    ("publisher", "string", "发布机关", "Publisher as printed"),
    ("level", "string", "层级", "Administrative level of the publisher"),
    ("year", "year", "年度", "Year the report covers"),
    ("indicator", "string", "指标标识", "Indicator id"),
    ("name", "string", "指标", "Indicator name (Chinese)"),
    ("name_en", "string", "指标（英文）", "Indicator name (English)"),
    ("value", "number", "数值", "Value: a decimal with two places, rounded half up; blank when "
     "the denominator is below the minimum or a cell is blank"),
    ("unit", "string", "单位", "Unit: % or per 100 requests"),
    ("numerator", "number", "分子", "Numerator: the sum of the figures above the line"),
    ("denominator", "number", "分母", "Denominator: the sum of the figures below the line"),
    ("min_denominator", "integer", "最小分母", "Smallest denominator for which a value is given"),
    ("state", "string", "状态", "ok, small (样本过少: denominator below the minimum) or blank "
     "(a cell it needs is not printed)"),
    ("state_label", "string", "状态（中文）", "The state in Chinese, as the pages show it"),
    ("formula", "string", "公式", "The formula over template codes"),
)


def indicator_rows(ctx: SiteContext) -> list[dict]:
    rows = []
    for p in ctx.packages:
        for v in of_package(p):
            i = v.indicator
            rows.append({"report": p.id, "publisher_id": publisher_id(p),
                         "publisher": p.publisher, "level": p.report.get("level", "unknown"),
                         "year": p.year, "indicator": i.id, "name": i.name, "name_en": i.name_en,
                         "value": fmt(v.value, missing=""), "unit": i.unit,
                         "numerator": fmt(v.numerator, missing=""),
                         "denominator": fmt(v.denominator, missing=""),
                         "min_denominator": i.min_denominator, "state": v.state,
                         "state_label": STATE_LABELS[v.state], "formula": i.formula_codes()})
    return rows


def indicators_schema() -> dict:
    fields = []
    for name, kind, title, desc in INDICATOR_FIELDS:
        f = {"name": name, "type": kind, "title": title, "description": desc}
        if name == "state":
            f["constraints"] = {"required": True, "enum": list(STATE_LABELS)}
        elif name == "indicator":
            f["constraints"] = {"required": True, "enum": [i.id for i in INDICATORS]}
        fields.append(f)
    return {"fields": fields, "primaryKey": ["report", "indicator"],
            "missingValues": [""]}


def write_indicators(ctx: SiteContext) -> None:
    rows = indicator_rows(ctx)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow([f[0] for f in INDICATOR_FIELDS])
    w.writerows([[r[f[0]] for f in INDICATOR_FIELDS] for r in rows])
    files: dict = {}
    record(ctx, files, "csv", INDICATORS_CSV, buf.getvalue().encode("utf-8"),
           "CSV（UTF-8），全部报告的指标", "text/csv")
    schema = json.dumps(indicators_schema(), ensure_ascii=False, indent=1) + "\n"
    record(ctx, files, "schema", INDICATORS_SCHEMA, schema.encode("utf-8"),
           "表结构（Frictionless Table Schema）", "application/json")
    ctx.indicators = CombinedTable(
        "指标", "Indicators of every report, with formula, numerator and denominator",
        [f for f in INDICATOR_FIELDS], len(rows), files, [p.id for p in ctx.packages])


def collect(ctx: SiteContext) -> None:
    ctx.publishers = group_publishers(ctx.packages)
    ctx.years = group_years(ctx.packages)
    write_indicators(ctx)


# ------------------------------------------------------------------ a publisher's page


@dataclass
class Cell:
    value: object  # None: blank as printed, or no such figure in that format
    href: str = ""
    summed: bool = False  # the sum of several printed cells (the older format's one row)
    present: bool = True  # the figure exists in that report's format


@dataclass
class FigureRow:
    code: str
    label: str
    table: str
    cells: list[Cell] = field(default_factory=list)

    @property
    def group(self) -> str:
        """The row's label (the figures of one row go under it), e.g. 一、本年新收…"""
        return self.label.split(" · ")[0]

    @property
    def sub(self) -> str:
        """The column's label, e.g. 自然人"""
        return self.label.split(" · ")[-1]


def _cell_anchor(term: tuple[str, str, str]) -> str:
    return "c-" + "-".join(term)


def figure_rows(page: str, pub: PublisherSeries) -> list[FigureRow]:
    """The comparable figures of a body: one row per figure, one cell per report (pandas)."""
    frame = corpus.figures_frame(pub.packages)
    if frame.empty:
        return []
    table = frame.pivot(index="code", columns="package", values="value")
    summed = frame.pivot(index="code", columns="package", values="same_cells")
    out = []
    for comp in T.COMPARABILITY:
        if comp.code not in table.index:
            continue
        row = FigureRow(comp.code, comp.label, comp.table)
        for p in pub.packages:
            terms = comp.terms.get(p.form.code, ())
            value = table.at[comp.code, p.id] if p.id in table.columns else None
            if not terms:
                row.cells.append(Cell(None, present=False))
                continue
            value = None if value is None or pd.isna(value) else value
            row.cells.append(Cell(value, f"{link(page, report_page(p))}#{_cell_anchor(terms[0])}",
                                  not bool(summed.at[comp.code, p.id])))
        out.append(row)
    return out


def publisher_figures(ctx: SiteContext, page: str, pub: PublisherSeries) -> list[FigureRow]:
    """`figure_rows`, recorded by the keys of the body's packages (incremental builds)."""
    keys = [ctx.keys.get(p.id) for p in pub.packages]
    key = None if None in keys else digest("figures", page, pub.id, *keys)
    return memo(ctx, "figures", key, lambda: figure_rows(page, pub))


def cross_year_summary(ctx: SiteContext, pub: PublisherSeries) -> list[dict]:
    """Per report: the checks against the previous year's report, counted by state."""
    out = []
    for p in pub.packages:
        checks = [c for c in ctx.results[p.id].checks if c.other]
        if checks:
            states = {}
            for c in checks:
                states[c.status] = states.get(c.status, 0) + 1
            out.append({"pkg": p, "other": checks[0].other, "states": states,
                        "notable": [c for c in checks if c.status != "pass"]})
    return out


def headline_label(code: str) -> str:
    """A headline figure's name: its row (the total column goes without saying)."""
    table, row, col = code.split(":")
    if col != "total":
        return T.COMPARABLE[code].label
    member = T.TABLES[table].row(row)
    if row == "handled_total":
        outcomes = next(g for g in T.REQUEST_GROUPS if g.code == "outcomes")
        return f"{member.number}{outcomes.label}{member.label}"
    return f"{member.number}{member.label}"


def indicator_table(page: str, pub: PublisherSeries) -> list[dict]:
    values = {p.id: {v.indicator.id: v for v in of_package(p)} for p in pub.packages}
    return [{"indicator": i, "cells": [
        (values[p.id][i.id], f"{link(page, report_page(p))}#indicator-{i.id}")
        for p in pub.packages]} for i in INDICATORS]


def break_notes(pub: PublisherSeries) -> list[str]:
    out = []
    for a, b, fa, fb in pub.breaks:
        out.append(f"{a}年及以前的报告按{T.FORMATS[fa].document}的格式填报，{b}年起按"
                   f"{T.FORMATS[fb].document}。图表和下表只把两种格式含义相同的数字连成序列；"
                   f"图中虚线标出格式变化的位置。")
    notes = sorted({c.note for c in T.COMPARABILITY if c.note})
    return out + (notes if pub.breaks else [])


def write_publisher(ctx: SiteContext, pub: PublisherSeries) -> None:
    page = pub.page
    years = pub.years
    span = f"{years[0]}—{years[-1]}" if len(years) > 1 else str(years[0])
    checks = [(p, c) for p in pub.packages for c in ctx.results[p.id].checks if c.other]
    write_page(
        ctx, page, "publisher.md",
        {"title": esc(pub.name), "description": esc(f"{pub.name}{span}年政府信息公开工作年度报告："
                                                    "历年数据、趋势图与指标"),
         "jsonld": jsonld.script_text(jsonld.publisher_series(ctx, pub))},
        pub=pub, span=span, rows=publisher_figures(ctx, page, pub), tables=T.TABLES,
        reports=[(p, link(page, report_page(p)), report_name(p)) for p in pub.packages],
        indicators=indicator_table(page, pub), small=SMALL_SAMPLE, checks=checks,
        cross=cross_year_summary(ctx, pub),
        states=STATES, pages={p.id: (link(page, report_page(p)), report_name(p))
                              for p in ctx.packages},
        notes=break_notes(pub), bundle="assets/vega/vega-bundle.js",
        api=f"api/v1/publishers/{pub.id}.json", years_index=YEARS_INDEX,
        year_pages={y: year_page(y) for y in ctx.years})


# ------------------------------------------------------------------ a year's page


def level_tables(ctx: SiteContext, page: str, yp: YearPage) -> list[dict]:
    """Per level: coverage and, for each headline figure, total, median, largest, smallest and
    the change on last year for the bodies present in both years."""
    names = {p.id: (link(page, report_page(p)), p.publisher) for p in ctx.packages}
    out = []
    for level, info in yp.summary["levels"].items():
        measures = []
        for code, m in info["measures"].items():
            change = m["change"]
            measures.append({"label": headline_label(code), **m,
                             "change_text": "—" if change is None else
                             ("+" if change > 0 else "") + grouped(change),
                             "largest_at": names.get(m["largest"][1]) if m["largest"] else None,
                             "smallest_at": names.get(m["smallest"][1]) if m["smallest"] else None})
        out.append({"level": level, "label": level_label(level), "reports": info["reports"],
                    "bodies": info["bodies"], "measures": measures})
    return out


def write_year(ctx: SiteContext, yp: YearPage) -> None:
    """A year's pages: the first with the summary per level, each with `size` of its reports."""
    rows = [r for r in report_rows(ctx) if r["pkg"].year == yp.year]
    prev = yp.year - 1 if (yp.year - 1) in ctx.years else None
    size = lists.rows_per_page(ctx)
    for pager, chunk in lists.split(yp.page, rows, size, "份报告"):
        page = pager.page
        shown = [r["pkg"] for r in chunk]
        meta = {"title": lists.title(f"{yp.year}年度", pager),
                "description": f"{yp.year}年度全部政府信息公开工作年度报告：按层级的合计、中位数、"
                               "变化与覆盖"}
        if pager.number == 1:
            meta["jsonld"] = jsonld.script_text(jsonld.year_dataset(ctx, yp, shown))
        write_page(
            ctx, page, "year.md", meta,
            yp=yp, levels=level_tables(ctx, page, yp) if pager.number == 1 else [],
            reports=chunk, rule=NOT_SUMMED, new_label=T.REQUESTS.row("new_requests").label,
            prev=prev, prev_page=year_page(prev) if prev else "", api="api/v1/years.json",
            publishers={publisher_id(p): link(page, publisher_page(publisher_id(p)))
                        for p in shown}, publisher_id=publisher_id, shown=shown, pager=pager,
            filter=lists.Filter(page, "reports", sorted(ctx.years, reverse=True),
                                lists.levels(ctx.packages), yp.year)
            if len(rows) > size else None)


# ------------------------------------------------------------------ indexes


def write_publishers_index(ctx: SiteContext) -> None:
    new = ("requests", "new_requests", "total")
    size = lists.rows_per_page(ctx)
    pubs = list(ctx.publishers.values())
    for pager, chunk in lists.split(PUBLISHERS_INDEX, pubs, size, "个发布机关"):
        page = pager.page
        rows = [{"pub": pub, "href": link(page, pub.page), "latest": pub.packages[-1],
                 "new": pub.packages[-1].figures.get(new)} for pub in chunk]
        write_page(ctx, page, "publishers_index.md",
                   {"title": lists.title("发布机关", pager),
                    "description": "每个发布机关历年的报告、趋势与指标",
                    "jsonld": jsonld.script_text(jsonld.collection(
                        ctx, page, "发布机关", [p.page for p in chunk]))},
                   pubs=rows, new_label=T.REQUESTS.row("new_requests").label, pager=pager,
                   filter=lists.Filter(page, "publishers", sorted(ctx.years, reverse=True),
                                       lists.levels(ctx.packages))
                   if len(pubs) > size else None)


def write_indexes(ctx: SiteContext) -> None:
    write_publishers_index(ctx)
    years = []
    for yp in ctx.years.values():
        levels = [(level_label(lv), info["reports"], info["bodies"])
                  for lv, info in yp.summary["levels"].items()]
        years.append({"yp": yp, "href": link(YEARS_INDEX, yp.page), "levels": levels})
    write_page(ctx, YEARS_INDEX, "years_index.md",
               {"title": "年度", "description": "每个年度全部报告的汇总（按层级）",
                "jsonld": jsonld.script_text(jsonld.collection(
                    ctx, YEARS_INDEX, "年度", [y.page for y in ctx.years.values()]))},
               years=years, rule=NOT_SUMMED)


LIST_FIELDS = ("id", "year", "publisher", "level", "new_requests", "passed", "checks",
               "publisher_id")


def write_list(ctx: SiteContext) -> None:
    """`lists.LIST_FILE`: one short row per report (`LIST_FIELDS`, level as its position in
    `levels`), newest first, for the filter box of the list pages."""
    levels = lists.levels(ctx.packages)
    at = {code: i for i, (code, _label) in enumerate(levels)}
    rows = [[p.id, p.year, p.publisher, at[p.report.get("level", "unknown")],
             p.figures.get(("requests", "new_requests", "total")), ctx.counts[p.id].passed,
             ctx.counts[p.id].total, publisher_id(p)] for p in ctx.packages]
    write_text(ctx.docs / lists.LIST_FILE, json_text(
        {"fields": LIST_FIELDS, "levels": levels, "rows": rows}, indent=None), ctx.written)


def build(ctx: SiteContext) -> None:
    parallel_map(ctx, [lambda pub=pub: write_publisher(ctx, pub)
                       for pub in ctx.publishers.values()])  # each alone: on every core
    for yp in ctx.years.values():
        write_year(ctx, yp)
    write_indexes(ctx)
    write_list(ctx)
