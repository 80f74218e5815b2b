"""schema.org `Dataset` JSON-LD for every report page, dataset page and table page, with an
inline `@context` (nothing is fetched to read it).

`pages.py` puts it into the page's front matter (`jsonld`); `overrides/main.html` writes it into
`<script type="application/ld+json">` in the head. It is serialised as Jinja's `tojson` does:
`<`, `>`, `&` and `'` as JSON escapes (\\u003c ...), so no text from a report can close the
script element.
"""

from __future__ import annotations

import json

from jinja2.utils import htmlsafe_json_dumps

from . import citation
from . import opendata as O
from .model import SiteContext
from .util import report_name, website

SDO = "https://schema.org/"
CONTEXT = {
    "@vocab": SDO,
    "schema": SDO,
    "url": {"@id": "schema:url", "@type": "@id"},
    "license": {"@id": "schema:license", "@type": "@id"},
    "contentUrl": {"@id": "schema:contentUrl", "@type": "@id"},
    "isBasedOn": {"@id": "schema:isBasedOn", "@type": "@id"},
    "sameAs": {"@id": "schema:sameAs", "@type": "@id"},
}


def _creator(pkg) -> dict:
    out = {"@type": "GovernmentOrganization", "name": pkg.publisher}
    if website(pkg):
        out["url"] = website(pkg)
    return out


def _publisher(ctx: SiteContext) -> dict:
    return {"@type": "Organization", "name": O.PUBLISHER, "url": O.site_root(ctx)}


def _place(pkg) -> dict:
    name, code = O.division(pkg)
    out = {"@type": "AdministrativeArea", "name": name,
           "containedInPlace": {"@type": "Country", "name": "中国"}}
    if code:
        out["identifier"] = {"@type": "PropertyValue", "propertyID": "GB/T 2260", "value": code}
    return out


def _downloads(ctx: SiteContext, files) -> list[dict]:
    return [{"@type": "DataDownload", "name": f.path.rsplit("/", 1)[-1],
             "description": f.label, "contentUrl": O.abs_url(ctx, f.path),
             "encodingFormat": f.media_type or "application/octet-stream",
             "contentSize": f"{f.bytes} B", "sha256": f.sha256} for f in files]


def _variables(fields: list[dict], prefix: str = "") -> list[dict]:
    return [{"@type": "PropertyValue", "name": prefix + f["name"],
             "alternateName": f.get("title", ""),
             "description": (f"{f.get('title', '')}：{f.get('description', '')}"
                             if f.get("title") else f.get("description", ""))} for f in fields]


def _common(ctx: SiteContext, pkg, hist) -> dict:
    period = pkg.report.get("period", {})
    lic_url, _ = O.licence(pkg)
    rep = citation.report_citations(ctx, pkg, hist)
    cite_report = {"@type": "Report", "name": O.title(pkg), "author": _creator(pkg),
                   "inLanguage": "zh-CN"}
    if O.source_url(pkg):
        cite_report["url"] = O.source_url(pkg)
    out = {
        "license": lic_url,
        "creator": _creator(pkg),
        "publisher": _publisher(ctx),
        "temporalCoverage": f"{period.get('start', '')}/{period.get('end', '')}",
        "spatialCoverage": _place(pkg),
        "isAccessibleForFree": True,
        "inLanguage": "zh-CN",
        "version": hist.version,
        "datePublished": hist.issued,
        "dateModified": hist.modified,
        "keywords": [k for k, _lang in O.keywords(pkg)],
        "citation": [cite_report, rep["gbt7714"]],
        "includedInDataCatalog": {"@type": "DataCatalog", "name": ctx.config.get("site_name", ""),
                                  "url": O.site_root(ctx)},
    }
    if O.source_url(pkg):
        out["isBasedOn"] = O.source_url(pkg)
    return out


def package_dataset(ctx: SiteContext, pkg, hist) -> dict:
    zh, en = O.descriptions(pkg)
    variables = []
    for res in O.tabular(pkg):
        variables += _variables(res["schema"].get("fields", []), res["name"] + ".")
    return {"@context": CONTEXT, "@type": "Dataset", "@id": O.dataset_url(ctx, pkg),
            "name": O.dataset_title(pkg), "alternateName": O.dataset_title_en(pkg),
            "description": f"{zh} {en}".strip(), "url": O.dataset_url(ctx, pkg),
            "identifier": pkg.descriptor.get("id", pkg.id),
            **_common(ctx, pkg, hist),
            "distribution": _downloads(ctx, ctx.downloads.get(pkg.id, {}).values()),
            "variableMeasured": variables}


def resource_dataset(ctx: SiteContext, pkg, hist, res: dict, page: str) -> dict:
    name = res["name"]
    files = [f for k, f in ctx.downloads.get(pkg.id, {}).items()
             if k.startswith(name + ".") or k == "zip"]
    rows = len(pkg.rows(name))
    desc = (f"{O.title(pkg)}中的“{res.get('title', name)}”表（{rows} 行，{pkg.publisher}，"
            f"统计年度 {pkg.year}）。{res.get('description', '')}.")
    return {"@context": CONTEXT, "@type": "Dataset", "@id": O.page_url(ctx, page),
            "name": f"{report_name(pkg)}：{res.get('title', name)}",
            "description": desc, "url": O.page_url(ctx, page),
            "identifier": f"{pkg.descriptor.get('id', pkg.id)}/{name}",
            "isPartOf": {"@type": "Dataset", "@id": O.dataset_url(ctx, pkg),
                         "name": O.dataset_title(pkg)},
            **_common(ctx, pkg, hist),
            "distribution": _downloads(ctx, files),
            "variableMeasured": _variables(res["schema"].get("fields", []))}


def script_text(data: dict) -> str:
    """JSON for a <script> element: compact, with <, >, & and ' escaped (Jinja's `tojson`)."""
    return str(htmlsafe_json_dumps(data, dumps=json.dumps, ensure_ascii=False,
                                   separators=(",", ":")))


# ------------------------------------------------------------------ the pages across reports


def _part(ctx: SiteContext, pkg) -> dict:
    return {"@type": "Dataset", "@id": O.dataset_url(ctx, pkg), "name": O.dataset_title(pkg),
            "url": O.report_url(ctx, pkg), "temporalCoverage": str(pkg.year)}


def publisher_series(ctx: SiteContext, pub) -> dict:
    """A body's yearly reports as one Dataset whose parts are the yearly datasets."""
    pkgs = pub.packages
    last = pkgs[-1]
    url = O.page_url(ctx, pub.page)
    return {"@context": CONTEXT, "@type": "Dataset", "@id": url + "#series",
            "name": f"{pub.name}政府信息公开工作年度报告（{pkgs[0].year}—{last.year}）",
            "description": (f"{pub.name}历年政府信息公开工作年度报告的统计数据：两种全国格式"
                            "含义相同的数字连成的序列、趋势图和指标。"),
            "url": url, "creator": _creator(last), "publisher": _publisher(ctx),
            "temporalCoverage": f"{pkgs[0].year}/{last.year}",
            "spatialCoverage": _place(last), "inLanguage": "zh-CN",
            "isAccessibleForFree": True, "license": O.licence(last)[0],
            "hasPart": [_part(ctx, p) for p in pkgs],
            "distribution": [{"@type": "DataDownload", "encodingFormat": "application/json",
                              "contentUrl": O.abs_url(ctx, f"api/v1/publishers/{pub.id}.json")}]}


def year_dataset(ctx: SiteContext, yp, packages: list | None = None) -> dict:
    """A year's page as a Dataset; its parts are `packages` (the reports the page lists),
    else every report of the year."""
    url = O.page_url(ctx, yp.page)
    lic = O.licence(yp.packages[0])[0] if yp.packages else ""
    return {"@context": CONTEXT, "@type": "Dataset", "@id": url + "#year",
            "name": f"{yp.year}年度政府信息公开工作年度报告汇总",
            "description": f"{yp.year}年度全部已收录报告，按层级分开的合计、中位数和覆盖情况。",
            "url": url, "publisher": _publisher(ctx), "temporalCoverage": str(yp.year),
            "inLanguage": "zh-CN", "isAccessibleForFree": True, "license": lic,
            "hasPart": [_part(ctx, p) for p in (yp.packages if packages is None
                                                else packages)],
            "distribution": [{"@type": "DataDownload", "encodingFormat": "application/json",
                              "contentUrl": O.abs_url(ctx, "api/v1/years.json")}]}


def collection(ctx: SiteContext, page: str, name: str, parts: list[str]) -> dict:
    """An index page: a CollectionPage listing its pages."""
    return {"@context": CONTEXT, "@type": "CollectionPage", "@id": O.page_url(ctx, page),
            "name": name, "url": O.page_url(ctx, page), "inLanguage": "zh-CN",
            "isPartOf": {"@type": "WebSite", "url": O.site_root(ctx)},
            "hasPart": [{"@type": "WebPage", "url": O.page_url(ctx, p)} for p in parts]}
