"""Loader: a static JSON API under `api/v1/` and its documentation page (`templates/api.md`).

Stable URLs (v1 never changes shape; a new shape gets v2):

- `api/v1/reports.json`: every report with its metadata and the URLs of its tables;
- `api/v1/<id>.json`: one package: metadata, version history, citations, checks, tables,
  downloads and the full `datapackage.json` descriptor;
- `api/v1/<id>/<table>.json`: one table: metadata, schema and `data` (the rows, typed as the
  JSON download `downloads/<id>/<table>.json`, by the same function).

Every URL in the API is absolute (from `site_url`).
"""

from __future__ import annotations


from .. import template as T
from . import citation
from . import opendata as O
from .model import SiteContext
from .render import write_page
from .util import dataset_page, json_text, write_text

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
        "reports": [_summary(ctx, p, histories[p.id]) for p in ctx.packages],
        "combined": {n: {"title": info.title, "rows": info.rows,
                         **{k: O.abs_url(ctx, f.path) for k, f in info.files.items()}}
                     for n, info in combined.items()},
    }


# ------------------------------------------------------------------ the page


def write_api_page(ctx: SiteContext) -> None:
    root = O.site_root(ctx)
    rows = [(p.id, res.get("title", ""), f"{BASE}/{p.id}/{res['name']}.json")
            for p in ctx.packages for res in O.tabular(p)]
    write_page(ctx.docs, PAGE, "api.md",
               {"title": "数据接口（API）",
                "description": "静态 JSON 接口：报告列表、数据包和每张统计表，地址稳定"},
               version=VERSION, base=BASE, root=root, api=root + BASE + "/",
               pid=ctx.latest.id if ctx.latest else "<id>", tables=O.TABULAR,
               example=T.REQUESTS, rows=rows, combined=ctx.combined)


def build(ctx: SiteContext) -> None:
    for pkg in ctx.packages:
        hist = ctx.history[pkg.id]
        write_text(ctx.docs / f"{BASE}/{pkg.id}.json", _dump(package_doc(ctx, pkg, hist)))
        for res in O.tabular(pkg):
            write_text(ctx.docs / f"{BASE}/{pkg.id}/{res['name']}.json",
                       _dump(table_doc(ctx, pkg, hist, res)))
    write_text(ctx.docs / f"{BASE}/reports.json", _dump(reports_doc(ctx, ctx.history,
                                                                     ctx.combined)))
    write_api_page(ctx)
