"""Loader: the generated Markdown pages (reports, datasets, tables, data quality, indexes) and
the nav. Each page is written once, from its template in `templates/`, with everything it shows
(tables, charts, JSON-LD, citations, versions) passed in as data.

Every generated page carries `render_macros: false`, and every text from the data is escaped by
the templates (HTML, and Jinja's delimiters), so report text such as `{{`, `{%` or `<script>`
shows literally and can never break or inject into the build.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import template as T
from ..sections import split_sections
from ..indicators import INDICATORS, SMALL_SAMPLE, of_package
from ..readers import read_document
from ..states import CheckState
from . import citation, jsonld, lists, tables
from . import opendata as O
from .incremental import memo_all
from .model import CheckCounts, SiteContext
from .render import write_page
from .util import dataset_page, esc, grouped, link, num, report_name, report_page, website

VEGA_BUNDLE = "assets/vega/vega-bundle.js"
STATES = {CheckState.PASS.value: ("通过", "gk-pass"), CheckState.FAIL.value: ("不一致", "gk-fail"),
          CheckState.DECLARED.value: ("已声明的不一致", "gk-declared"),
          CheckState.MISMATCH.value: ("不一致（照原文发布）", "gk-mismatch"),
          CheckState.UNCHECKABLE.value: ("无法核对（空白单元格）", "gk-uncheckable"),
          CheckState.INFO.value: ("提示", "gk-info")}
API_PAGE = "api/index.md"
QUALITY = "quality.md"
REPORTS_INDEX = "reports/index.md"
DATASETS_INDEX = "datasets/index.md"


# ------------------------------------------------------------------ report prose

_SUBHEAD = re.compile(r"^[（(][一二三四五六七八九十]+[）)]")
_END = ("。", "；", "：", "！", "？", ";", ":", "”", "）", ")")


def prose_paragraphs(rows) -> list[tuple[str, str]]:
    """(kind, text) paragraphs of a section's prose; lines cut mid-sentence are joined."""
    out: list[list[str]] = []
    for r in rows:
        if not r.prose:
            continue
        text = r.text.strip()
        if not text:
            continue
        sub = bool(_SUBHEAD.match(text)) and len(text) <= 40 and not text.endswith("。")
        if out and out[-1][0] == "p" and not out[-1][1].endswith(_END) and not sub:
            out[-1][1] += text
        else:
            out.append(["h" if sub else "p", text])
    return [(k, t) for k, t in out]


@dataclass
class Section:
    heading: str
    prose: list[tuple[str, str]]
    table: tables.Grid | None
    charts: list


def sections(ctx: SiteContext, pkg) -> list[Section]:
    found = split_sections(read_document(pkg.resource_path("source")))
    charts = ctx.charts.get(pkg.id, [])
    return [Section(heading, prose_paragraphs(found.get(code, [])),
                    tables.GRIDS[code](pkg) if code in tables.GRIDS else None,
                    [c for c in charts if c.table == code])
            for code, heading, _en in T.SECTIONS]


# ------------------------------------------------------------------ what the pages share


def _citations(ctx: SiteContext, pkg) -> dict:
    hist = ctx.history[pkg.id]
    return {"hist": hist, "formats": citation.FORMATS,
            "dataset_citations": citation.dataset_citations(ctx, pkg, hist)}


def _meta(pkg) -> dict:
    """What the dataset and table pages show about the package (licences, sources, version)."""
    d = pkg.descriptor
    licences = [(lic.get("title") or lic.get("name", ""),
                 lic.get("path", "") if str(lic.get("path", "")).startswith("http") else "")
                for lic in d.get("licenses", [])]
    sources = [(s.get("description") or s.get("title", ""), s.get("title", ""),
                s.get("path", "") if str(s.get("path", "")).startswith("http") else "")
               for s in d.get("sources", [])]
    return {"title": d.get("title") or report_name(pkg), "report_page": report_page(pkg),
            "licences": licences, "sources": sources, "version": d.get("version", ""),
            "created": d.get("created", "")}


def _files(ctx: SiteContext, pkg, resource: str | None = None) -> list:
    files = ctx.downloads.get(pkg.id, {})
    if resource is None:
        return list(files.values())
    return [f for k, f in files.items() if k.startswith(resource + ".") or k == "zip"]


# ------------------------------------------------------------------ the pages of a package


def write_report(ctx: SiteContext, pkg, quality: str = QUALITY) -> None:
    """A report's page; `quality` is the data-quality page that lists its checks."""
    hist = ctx.history[pkg.id]
    dl = ctx.downloads.get(pkg.id, {})
    title = O.title(pkg)
    write_page(
        ctx, report_page(pkg), "report.md",
        {"title": esc(report_name(pkg)), "description": esc(title),
         "search": {"boost": 2},  # the report's page, before its data files' pages
         "jsonld": jsonld.script_text(jsonld.package_dataset(ctx, pkg, hist))},
        pkg=pkg, title=title, period=pkg.report.get("period", {}),
        template_id=pkg.report.get("template", T.TEMPLATE_ID), dataset_page=dataset_page(pkg),
        zip=dl.get("zip"), source=dl.get("source"), website=website(pkg),
        counts=ctx.counts[pkg.id], declared=ctx.results[pkg.id].declared,
        findings=ctx.results[pkg.id].findings, pages=publisher_pages(ctx, pkg), quality=quality,
        indicators=of_package(pkg), small=SMALL_SAMPLE, form=pkg.form,
        sections=sections(ctx, pkg), bundle=VEGA_BUNDLE, where=tables.where_summary(pkg),
        where_page=dataset_page(pkg, "provenance"),
        report_citations=citation.report_citations(ctx, pkg, hist), **_citations(ctx, pkg))


def write_dataset_pages(ctx: SiteContext, pkg) -> None:
    hist = ctx.history[pkg.id]
    ds = jsonld.package_dataset(ctx, pkg, hist)
    m = _meta(pkg)
    write_page(ctx, dataset_page(pkg), "dataset.md",
               {"title": esc(f"{report_name(pkg)}：数据集"),
                "description": esc(pkg.descriptor.get("description", "")),
                "jsonld": jsonld.script_text(ds)},
               pkg=pkg, m=m, resources=O.resource_pages(pkg), files=_files(ctx, pkg),
               **_citations(ctx, pkg))
    for res, page in O.resource_pages(pkg):
        rows = pkg.rows(res["name"])
        write_page(ctx, page, "resource.md",
                   {"title": esc(f"{report_name(pkg)}：{res.get('title', res['name'])}"),
                    "description": esc(res.get("description", "")),
                    "jsonld": jsonld.script_text(jsonld.resource_dataset(ctx, pkg, hist, res,
                                                                         page))},
                   pkg=pkg, m=m, res=res, rows=rows, preview=rows[:12],
                   fields=res.get("schema", {}).get("fields", []),
                   pk=res.get("schema", {}).get("primaryKey", []),
                   files=_files(ctx, pkg, res["name"]), **_citations(ctx, pkg))


# ------------------------------------------------------------------ quality, indexes, nav


def other_pages(ctx: SiteContext) -> dict[str, tuple[str, str]]:
    """Package id -> (report page, name): where a check across years links the other year."""
    return {p.id: (report_page(p), report_name(p)) for p in ctx.packages}


def publisher_pages(ctx: SiteContext, pkg) -> dict[str, tuple[str, str]]:
    """`other_pages` of the packages of pkg's publisher: the only ones its checks across
    years name (so its page depends on no other publisher's reports)."""
    return {p.id: (report_page(p), report_name(p)) for p in ctx.packages
            if p.publisher_key == pkg.publisher_key}


def cross_year(ctx: SiteContext) -> list[dict]:
    """Every check across years, by publisher and pair of years, newest first."""
    out = []
    for p in ctx.packages:
        checks = [c for c in ctx.results[p.id].checks if c.other]
        if checks:
            out.append({"pkg": p, "name": report_name(p), "other": checks[0].other,
                        "checks": checks, "counts": CheckCounts.of(checks)})
    return out


def report_rows(ctx: SiteContext) -> list[dict]:
    """One row per report for the report tables (home page and reports index)."""
    return [{"pkg": p, "report_page": report_page(p), "dataset_page": dataset_page(p),
             "name": report_name(p), "counts": ctx.counts.get(p.id, CheckCounts()),
             "checks": ctx.results[p.id].checks, "findings": ctx.results[p.id].findings,
             "new_requests": p.figures[("requests", "new_requests", "total")]}
            for p in ctx.packages]


def write_quality(ctx: SiteContext, rows: list[dict], size: int) -> None:
    """The data-quality pages: each holds the checks of `size` reports."""
    cross = cross_year(ctx)
    for pager, chunk in lists.split(QUALITY, rows, size, "份报告"):
        ids = {r["pkg"].id for r in chunk}
        write_page(ctx, pager.page, "quality.md",
                   {"title": lists.title("数据质量", pager),
                    "description": "每份报告的勾稽关系与正文复述核对"},
                   reports=chunk, states=STATES, cross=[x for x in cross if x["pkg"].id in ids],
                   pages=other_pages(ctx), pager=pager)


def report_filter(ctx: SiteContext, page: str, mode: str, shown: int, size: int,
                  year: int | None = None) -> lists.Filter | None:
    """The filter box of a list page longer than one page (none on a short list)."""
    if shown <= size:
        return None
    return lists.Filter(page, mode, sorted({p.year for p in ctx.packages}, reverse=True),
                        lists.levels(ctx.packages), year)


def write_indexes(ctx: SiteContext) -> None:
    rows = report_rows(ctx)
    size = lists.rows_per_page(ctx)
    write_quality(ctx, rows, lists.reports_per_quality_page(ctx))
    for pager, chunk in lists.split(REPORTS_INDEX, rows, size, "份报告"):
        write_page(ctx, pager.page, "reports_index.md",
                   {"title": lists.title("报告", pager),
                    "description": "全部政府信息公开工作年度报告"},
                   reports=chunk, new_label=T.REQUESTS.row("new_requests").label, pager=pager,
                   size=size, filter=report_filter(ctx, pager.page, "reports", len(rows), size),
                   years_index="years/index.md", publishers_index="publishers/index.md")
    items = [(p, ctx.downloads.get(p.id, {}).get("zip")) for p in ctx.packages]
    for pager, chunk in lists.split(DATASETS_INDEX, items, size, "个数据包"):
        write_page(ctx, pager.page, "datasets_index.md",
                   {"title": lists.title("数据集", pager), "description": "每份报告的数据包"},
                   items=chunk, pkg_pages={p.id: dataset_page(p) for p, _z in chunk},
                   combined=ctx.combined, pager=pager, size=size, reports_index=REPORTS_INDEX)


# ------------------------------------------------------------------ the home page

HOME_LATEST = 12  # reports listed on the home page: its weight must not grow with the corpus
HOME_PUBLISHERS = 24


def _sum(pkg, *keys):
    values = [pkg.figures.get(k) for k in keys]
    return None if not values or None in values else sum(values)


def home_columns() -> tuple[list[str], list]:
    """(headers, functions pkg -> shown text) of the home page's latest reports."""
    by_id = {i.id: i for i in INDICATORS}
    disclosure = by_id["disclosure_rate"]
    litigation = T.APPEALS.row("litigation_direct")
    keys = [("requests", "new_requests", "total"),
            ("appeals", "administrative_reconsideration", "total")]

    def rate(pkg) -> str:
        v = next(x for x in of_package(pkg) if x.indicator.id == disclosure.id)
        return f"{num(v.value)}%" if v.state == "ok" else SMALL_SAMPLE if v.state == "small" \
            else "—"

    return ([T.REQUESTS.row("new_requests").label,
             T.APPEALS.row("administrative_reconsideration").label, litigation.group_label,
             disclosure.name],
            [lambda p, k=k: grouped(p.figures.get(k)) for k in keys]
            + [lambda p: grouped(_sum(p, ("appeals", "litigation_direct", "total"),
                                      ("appeals", "litigation_after_reconsideration", "total"))),
               rate])


def home_data(ctx: SiteContext) -> dict:
    """Everything the home page shows, from the build's data."""
    page = "index.md"
    headers, cells = home_columns()
    total = ctx.total_counts
    years = sorted({p.year for p in ctx.packages})
    levels = {p.report.get("level", "unknown") for p in ctx.packages}
    pubs = list(ctx.publishers.values())
    span = f"{years[0]}—{years[-1]}" if len(years) > 1 else (str(years[0]) if years else "—")
    return {
        "cards": [("报告", grouped(len(ctx.packages)), "份", link(page, "reports/index.md")),
                  ("发布机关", grouped(len(pubs)), "个", link(page, "publishers/index.md")),
                  (f"年度（{span}）", grouped(len(years)), "个", link(page, "years/index.md")),
                  ("层级", grouped(len(levels)), "个", "")],
        "totals": {"reports": len(ctx.packages), "figures": sum(len(p.figures)
                                                                 for p in ctx.packages),
                   "checks": total.total, "passed": total.passed, "declared": total.declared},
        "columns": headers,
        "latest": [{"pkg": p, "href": link(page, report_page(p)),
                    "year_href": link(page, ctx.years[p.year].page) if p.year in ctx.years
                    else link(page, "reports/index.md"),
                    "cells": [f(p) for f in cells]} for p in ctx.packages[:HOME_LATEST]],
        "more": len(ctx.packages) > HOME_LATEST,
        "years": [(y, link(page, yp.page), len(yp.packages)) for y, yp in ctx.years.items()],
        "publishers": [(pub.name, link(page, pub.page), len(pub.packages))
                       for pub in pubs[:HOME_PUBLISHERS]],
        "publishers_more": len(pubs) > HOME_PUBLISHERS,
    }


def write_home(ctx: SiteContext) -> None:
    latest = ctx.latest
    write_page(ctx, "index.md", "home.md",
               {"title": "首页", "hide": ["navigation"],
                "description": ctx.config.get("site_description", "")},
               template_id="，".join(f"{f.first_year}年起{f.document}" for f in
                                     sorted(T.FORMATS.values(), key=lambda f: f.first_year)),
               years_index="years/index.md",
               publishers_index="publishers/index.md",
               indicators_csv="downloads/indicators.csv",
               indicators_schema="downloads/indicators.schema.json",
               licence=O.licence(latest)[1] if latest else "", **home_data(ctx))


NAV_REPORTS = 24  # beyond this many reports the nav lists only the index pages


def make_nav(ctx: SiteContext) -> list:
    """A small nav: every page carries it, so listing hundreds of pages in it would make the
    build (and every page) grow with the square of the number of reports. Titles are escaped:
    the theme writes them as they are."""
    reports: list = [{"全部报告": "reports/index.md"}]
    datasets: list = [{"全部数据集": "datasets/index.md"}]
    if len(ctx.packages) <= NAV_REPORTS:
        reports += [{esc(report_name(p)): report_page(p)} for p in ctx.packages]
        datasets += [{esc(report_name(p)): dataset_page(p)} for p in ctx.packages]
    publishers: list = [{"全部发布机关": "publishers/index.md"}]
    years: list = [{"全部年度": "years/index.md"}]
    if len(ctx.publishers) <= NAV_REPORTS:
        publishers += [{esc(pub.name): pub.page} for pub in ctx.publishers.values()]
    if len(ctx.years) <= NAV_REPORTS:
        years += [{f"{y}年度": yp.page} for y, yp in ctx.years.items()]
    return [{"首页": "index.md"}, {"报告": reports}, {"发布机关": publishers}, {"年度": years},
            {"比较": "compare/index.md"}, {"数据": datasets},
            {"数据质量": "quality.md"}, {"数据接口": API_PAGE}, {"关于": "about.md"}]


def package_pages(ctx: SiteContext, pkg, quality: str) -> bool:
    write_report(ctx, pkg, quality)
    write_dataset_pages(ctx, pkg)
    return True


def build(ctx: SiteContext) -> None:
    size = lists.reports_per_quality_page(ctx)
    jobs = []
    for i, pkg in enumerate(ctx.packages):
        # a package's pages read only what its key covers, and the quality page holding its
        # checks (which moves when newer reports are added)
        quality, key = lists.page_of(QUALITY, i, size), ctx.keys.get(pkg.id)
        jobs.append((key and f"{key}:{quality}",
                     lambda pkg=pkg, quality=quality: package_pages(ctx, pkg, quality)))
    memo_all(ctx, "pages", jobs)
    write_indexes(ctx)
    write_home(ctx)
    ctx.nav = make_nav(ctx)
