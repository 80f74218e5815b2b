"""Loader: a static JSON API under `api/v1/` and its documentation page (`templates/api.md`).

Stable URLs (v1 never changes shape; a new shape gets v2):

- `api/v1/reports.json`: every report with its metadata and the URLs of its tables;
- `api/v1/<id>.json`: one package: metadata, version history, citations, checks, tables,
  downloads and the full `datapackage.json` descriptor;
- `api/v1/<id>/<table>.json`: one table: metadata, schema and `data` (the rows, typed as the
  JSON download `downloads/<id>/<table>.json`, by the same function);
- `api/v1/publishers.json` and `api/v1/publishers/<publisher>.json`: every body, and one body's
  series (each comparable figure by year, with the format of each year), indicators by year,
  format changes and checks across years;
- `api/v1/years.json`: each year's reports and its summary per level (never across levels);
- `api/v1/indicators.json`: the indicators' definitions and every report's values (a value is
  a decimal string, with its numerator, denominator and state).

Every URL in the API is absolute (from `site_url`).
"""

from __future__ import annotations


from .. import template as T
from ..indicators import INDICATORS
from ..states import CheckState
from . import citation
from .corpus_pages import STATE_LABELS, indicator_rows, publisher_figures
from .trends import comparable_value
from . import opendata as O
from .incremental import memo_all
from .lists import rows_per_page
from .model import SiteContext
from .render import write_page
from .util import dataset_page, json_text, write_text
from .workers import parallel_map

VERSION = "v1"
BASE = f"api/{VERSION}"
PAGE = "api/index.md"


def _dump(data) -> str:
    return json_text(data)


def table_url(ctx: SiteContext, pkg, name: str) -> str:
    return O.abs_url(ctx, f"{BASE}/{pkg.id}/{name}.json")


def package_url(ctx: SiteContext, pkg) -> str:
    return O.abs_url(ctx, f"{BASE}/{pkg.id}.json")


def _file(ctx: SiteContext, f) -> dict:
    return {"url": O.abs_url(ctx, f.path), "label": f.label, "media_type": f.media_type,
            "bytes": f.bytes, "sha256": f.sha256}


def _summary(ctx: SiteContext, pkg, hist) -> dict:
    files = ctx.downloads.get(pkg.id, {})
    lic_url, lic_title = O.licence(pkg)
    name, code = O.division(pkg)
    out = {
        "id": pkg.id,
        "title": O.title(pkg),
        "publisher": pkg.publisher,
        "year": pkg.year,
        "period": pkg.report.get("period", {}),
        "division": {"name": name, "code": code, "level": pkg.report.get("level", "")},
        "template": pkg.report.get("template", T.TEMPLATE_ID),
        "version": hist.version,
        "issued": hist.issued,
        "modified": hist.modified,
        "license": {"url": lic_url, "title": lic_title},
        "source": O.source_url(pkg),
        "urls": {
            "api": package_url(ctx, pkg),
            "report_page": O.report_url(ctx, pkg),
            "dataset_page": O.dataset_url(ctx, pkg),
            "zip": O.abs_url(ctx, files["zip"].path) if "zip" in files else None,
            "datapackage": (O.abs_url(ctx, files["datapackage.json"].path)
                            if "datapackage.json" in files else None),
            "xlsx": O.abs_url(ctx, files["tables.xlsx"].path) if "tables.xlsx" in files else None,
        },
        "tables": {},
    }
    for res in O.tabular(pkg):
        n = res["name"]
        out["tables"][n] = {
            "title": res.get("title", n),
            "description": res.get("description", ""),
            "rows": len(pkg.rows(n)),
            "url": table_url(ctx, pkg, n),
            "csv": O.abs_url(ctx, files[f"{n}.csv"].path) if f"{n}.csv" in files else None,
            "json": O.abs_url(ctx, files[f"{n}.json"].path) if f"{n}.json" in files else None,
        }
    return out


def package_doc(ctx: SiteContext, pkg, hist) -> dict:
    out = _summary(ctx, pkg, hist)
    counts = ctx.counts.get(pkg.id)
    if counts is not None:
        out["checks"] = {"pass": counts.passed, "declared": counts.declared,
                         "fail": counts.failed, "total": counts.total}
    out["changes"] = [{"version": c.version, "date": c.date, "notes": c.notes}
                      for c in hist.changes]
    out["citation"] = {"dataset": citation.dataset_citations(ctx, pkg, hist),
                       "report": citation.report_citations(ctx, pkg, hist)}
    out["downloads"] = {k: _file(ctx, f) for k, f in ctx.downloads.get(pkg.id, {}).items()}
    out["datapackage"] = pkg.descriptor
    return out


def table_doc(ctx: SiteContext, pkg, hist, res: dict) -> dict:
    n = res["name"]
    schema = res.get("schema", {})
    return {
        "report": pkg.id,
        "table": n,
        "title": res.get("title", n),
        "description": res.get("description", ""),
        "publisher": pkg.publisher,
        "year": pkg.year,
        "version": hist.version,
        "license": O.licence(pkg)[0],
        "urls": {"self": table_url(ctx, pkg, n), "package": package_url(ctx, pkg),
                 "page": O.page_url(ctx, dataset_page(pkg, n)),
                 "csv": _summary_csv(ctx, pkg, n)},
        "schema": {"fields": schema.get("fields", []),
                   "primaryKey": schema.get("primaryKey", [])},
        "data": ctx.tables[pkg.id][n],
    }


def _summary_csv(ctx: SiteContext, pkg, n: str):
    f = ctx.downloads.get(pkg.id, {}).get(f"{n}.csv")
    return O.abs_url(ctx, f.path) if f else None


def reports_doc(ctx: SiteContext, histories: dict, combined: dict) -> dict:
    return {
        "api": VERSION,
        "site": O.site_root(ctx),
        "catalog": O.abs_url(ctx, "catalog.jsonld"),
        "count": len(ctx.packages),
        "across_reports": {"publishers": O.abs_url(ctx, f"{BASE}/publishers.json"),
                           "years": O.abs_url(ctx, f"{BASE}/years.json"),
                           "indicators": O.abs_url(ctx, f"{BASE}/indicators.json")},
        "reports": [_summary(ctx, p, histories[p.id]) for p in ctx.packages],
        "combined": {n: {"title": info.title, "rows": info.rows,
                         **{k: O.abs_url(ctx, f.path) for k, f in info.files.items()}}
                     for n, info in combined.items()},
    }


# ------------------------------------------------------------------ the page


def write_api_page(ctx: SiteContext) -> None:
    root = O.site_root(ctx)
    shown = ctx.packages[:max(1, rows_per_page(ctx) // max(1, len(O.TABULAR)))]
    rows = [(p.id, res.get("title", ""), f"{BASE}/{p.id}/{res['name']}.json")
            for p in shown for res in O.tabular(p)]
    write_page(ctx, PAGE, "api.md",
               {"title": "数据接口（API）",
                "description": "静态 JSON 接口：报告列表、数据包和每张统计表，地址稳定"},
               version=VERSION, base=BASE, root=root, api=root + BASE + "/",
               pid=ctx.latest.id if ctx.latest else "<id>", tables=O.TABULAR,
               example=T.REQUESTS, rows=rows, combined=ctx.combined,
               more=len(shown) < len(ctx.packages), shown=len(shown), reports=len(ctx.packages))


# ------------------------------------------------------------------ across reports


def _exact(value):
    """A figure as JSON takes it: numpy scalars (from pandas sums) as Python numbers."""
    return value.item() if hasattr(value, "item") else value


def _publisher_summary(ctx: SiteContext, pub) -> dict:
    return {"id": pub.id, "name": pub.name, "level": pub.level, "level_label": pub.level_label,
            "years": pub.years, "reports": [p.id for p in pub.packages],
            "urls": {"api": O.abs_url(ctx, f"{BASE}/publishers/{pub.id}.json"),
                     "page": O.page_url(ctx, pub.page)}}


def rows_by_report(indicators: list[dict]) -> dict[str, tuple[int, list[dict]]]:
    """Indicator rows grouped by report (with the group's place in the list): a body's
    document takes its reports' groups (filtering the whole list for every body was
    quadratic in the corpus)."""
    grouped: dict[str, tuple[int, list[dict]]] = {}
    for row in indicators:
        grouped.setdefault(row["report"], (len(grouped), []))[1].append(row)
    return grouped


def _in_list_order(by_report: dict[str, tuple[int, list[dict]]], ids: set[str]) -> list[dict]:
    """The rows of `ids`' reports as filtering the whole list gives them (a report's rows are
    contiguous in it, `indicator_rows`; the groups are put back in the list's order)."""
    groups = sorted(by_report[r] for r in ids if r in by_report)
    return [row for _, rows in groups for row in rows]


def publisher_doc(ctx: SiteContext, pub,
                  by_report: dict[str, tuple[int, list[dict]]] | None = None) -> dict:
    """A body's series: every comparable figure by report, in the order of the years.
    `by_report`: every report's indicator rows (`rows_by_report`), computed once a build."""
    if by_report is None:
        by_report = rows_by_report(indicator_rows(ctx))
    series = []
    for row in publisher_figures(ctx, pub.page, pub):
        values = []
        for p, cell in zip(pub.packages, row.cells):
            values.append({"year": p.year, "report": p.id, "format": p.form.code,
                           "value": _exact(comparable_value(p, (row.code,)))
                           if cell.present else None,
                           "in_format": cell.present, "summed": cell.summed})
        series.append({"code": row.code, "label": row.label, "table": row.table,
                       "note": T.COMPARABLE[row.code].note, "values": values})
    checks = [{"year": p.year, "report": p.id, "other": c.other, "id": c.id,
               "description": c.description, "status": CheckState(c.status).value,
               "found": c.found, "expected": c.expected}
              for p in pub.packages for c in ctx.results[p.id].checks if c.other]
    ids = {p.id for p in pub.packages}
    return {"api": VERSION, **_publisher_summary(ctx, pub),
            "format_changes": [{"after_year": a, "from_year": b, "from_format": fa,
                                "to_format": fb} for a, b, fa, fb in pub.breaks],
            "series": series,
            "indicators": _in_list_order(by_report, ids),
            "cross_year_checks": checks}


def years_doc(ctx: SiteContext) -> dict:
    out = []
    for y, yp in ctx.years.items():
        levels = {}
        for level, info in yp.summary["levels"].items():
            levels[level] = {"reports": info["reports"], "bodies": info["bodies"], "measures": {
                code: {"label": T.COMPARABLE[code].label, "reports": m["reports"],
                       "total": _exact(m["total"]), "median": _exact(m["median"]),
                       "largest": {"value": _exact(m["largest"][0]), "report": m["largest"][1]}
                       if m["largest"] else None,
                       "smallest": {"value": _exact(m["smallest"][0]),
                                    "report": m["smallest"][1]} if m["smallest"] else None,
                       "bodies_in_both_years": m["both_years"], "change": _exact(m["change"])}
                for code, m in info["measures"].items()}}
        out.append({"year": y, "page": O.page_url(ctx, yp.page),
                    "reports": [p.id for p in yp.packages], "levels": levels})
    return {"api": VERSION, "note": "Totals and medians are per level, never summed across "
            "levels: a higher body's report may already count its lower bodies.", "years": out}


def indicators_doc(ctx: SiteContext, indicators: list[dict] | None = None) -> dict:
    files = ctx.indicators.files if ctx.indicators else {}
    indicators = indicator_rows(ctx) if indicators is None else indicators
    return {"api": VERSION,
            "csv": O.abs_url(ctx, files["csv"].path) if "csv" in files else None,
            "schema": O.abs_url(ctx, files["schema"].path) if "schema" in files else None,
            "states": STATE_LABELS,
            "indicators": [{"id": i.id, "name": i.name, "name_en": i.name_en, "unit": i.unit,
                            "numerator": list(i.numerator), "denominator": list(i.denominator),
                            "min_denominator": i.min_denominator, "formula": i.formula(),
                            "formula_codes": i.formula_codes()} for i in INDICATORS],
            "values": [{**r, **{k: r[k] or None for k in ("value", "numerator", "denominator")}}
                       for r in indicators]}


def build_corpus(ctx: SiteContext) -> None:
    write_text(ctx.docs / f"{BASE}/publishers.json", _dump(
        {"api": VERSION, "count": len(ctx.publishers),
         "publishers": [_publisher_summary(ctx, pub) for pub in ctx.publishers.values()]}),
        ctx.written)
    indicators = indicator_rows(ctx)  # once: each publisher's document takes its own rows
    by_report = rows_by_report(indicators)
    parallel_map(ctx, [lambda pub=pub: write_text(
        ctx.docs / f"{BASE}/publishers/{pub.id}.json",
        _dump(publisher_doc(ctx, pub, by_report)), ctx.written)
        for pub in ctx.publishers.values()])  # each alone: on every core
    write_text(ctx.docs / f"{BASE}/years.json", _dump(years_doc(ctx)), ctx.written)
    write_text(ctx.docs / f"{BASE}/indicators.json", _dump(indicators_doc(ctx, indicators)),
               ctx.written)


def package_files(ctx: SiteContext, pkg) -> bool:
    """The API documents of one package and of each of its tables."""
    hist = ctx.history[pkg.id]
    write_text(ctx.docs / f"{BASE}/{pkg.id}.json", _dump(package_doc(ctx, pkg, hist)),
               ctx.written)
    for res in O.tabular(pkg):
        write_text(ctx.docs / f"{BASE}/{pkg.id}/{res['name']}.json",
                   _dump(table_doc(ctx, pkg, hist, res)), ctx.written)
    return True


def build(ctx: SiteContext) -> None:
    build_corpus(ctx)
    memo_all(ctx, "api", [(ctx.keys.get(pkg.id), lambda pkg=pkg: package_files(ctx, pkg))
                          for pkg in ctx.packages])  # each reads only what its key covers
    write_text(ctx.docs / f"{BASE}/reports.json",
               _dump(reports_doc(ctx, ctx.history, ctx.combined)), ctx.written)
    write_api_page(ctx)
