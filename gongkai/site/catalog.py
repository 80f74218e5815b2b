"""Loader: `catalog.jsonld`, a DCAT 3 catalogue of every dataset, and
`robots.txt` pointing to the sitemap MkDocs writes.

The JSON-LD has an inline `@context` (prefixes only; every value is an explicit typed literal,
language-tagged literal or IRI), so any JSON-LD processor reads it offline. Download URLs are
absolute, from `site_url`. Every page links to the catalogue from its head
(`<link rel="alternate" type="application/ld+json">`, in overrides/main.html).
"""

from __future__ import annotations

import json

from . import opendata as O
from .model import SiteContext
from .util import website, write_text

CATALOG = "catalog.jsonld"
CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "spdx": "http://spdx.org/rdf/terms#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "adms": "http://www.w3.org/ns/adms#",
}
IANA = "http://www.iana.org/assignments/media-types/"
LANG_ZH = "http://id.loc.gov/vocabulary/iso639-1/zh"
PUBLIC = "http://publications.europa.eu/resource/authority/access-right/PUBLIC"
SITE_DESCRIPTION_EN = ("Statistics from Chinese government information disclosure annual "
                       "reports, read from the national template, checked and published as open "
                       "data.")


def _date(iso: str) -> dict:
    return {"@value": iso, "@type": "xsd:date"}


def _text(value: str, lang: str | None) -> dict:
    return {"@value": value, "@language": lang} if lang else {"@value": value}


def _publisher(ctx: SiteContext) -> dict:
    return {"@id": O.site_root(ctx) + "#publisher", "@type": "foaf:Agent",
            "foaf:name": O.PUBLISHER, "foaf:homepage": {"@id": O.site_root(ctx)}}


def distribution(ctx: SiteContext, dataset_id: str, key: str, f, lic: str, issued: str,
                 modified: str) -> dict:
    url = O.abs_url(ctx, f.path)
    media = f.media_type or "application/octet-stream"
    name = f.path.rsplit("/", 1)[-1]
    return {
        "@id": f"{dataset_id}#dist-{key.replace('.', '-')}",
        "@type": "dcat:Distribution",
        "dct:title": _text(f"{name}（{f.label}）" if f.label else name, "zh"),
        "dcat:downloadURL": {"@id": url},
        "dcat:accessURL": {"@id": url},
        "dcat:mediaType": {"@id": IANA + media},
        "dct:format": {"@id": IANA + media},
        "dcat:byteSize": {"@value": str(f.bytes), "@type": "xsd:nonNegativeInteger"},
        "spdx:checksum": {"@type": "spdx:Checksum",
                          "spdx:algorithm": {"@id": "spdx:checksumAlgorithm_sha256"},
                          "spdx:checksumValue": {"@value": f.sha256, "@type": "xsd:hexBinary"}},
        "dct:license": {"@id": lic},
        "dct:issued": _date(issued),
        "dct:modified": _date(modified),
    }


def dataset(ctx: SiteContext, pkg, hist) -> dict:
    ds_id = O.dataset_url(ctx, pkg)
    zh, en = O.descriptions(pkg)
    lic, _ = O.licence(pkg)
    period = pkg.report.get("period", {})
    name, code = O.division(pkg)
    creator = {"@type": "foaf:Organization", "foaf:name": _text(pkg.publisher, "zh")}
    if website(pkg):
        creator["foaf:homepage"] = {"@id": website(pkg)}
    spatial = {"@type": "dct:Location", "skos:prefLabel": _text(name, "zh")}
    if code:
        spatial["dct:identifier"] = {"@value": code}
    out = {
        "@id": ds_id,
        "@type": "dcat:Dataset",
        "dct:identifier": {"@value": pkg.descriptor.get("id", pkg.id)},
        "dct:title": [_text(O.dataset_title(pkg), "zh"), _text(O.dataset_title_en(pkg), "en")],
        "dct:description": [_text(zh, "zh"), _text(en, "en")],
        "dct:publisher": _publisher(ctx),
        "dct:creator": creator,
        "dct:license": {"@id": lic},
        "dct:accessRights": {"@id": PUBLIC},
        "dct:language": {"@id": LANG_ZH},
        "dct:temporal": {"@type": "dct:PeriodOfTime",
                         "dcat:startDate": _date(period.get("start", "")),
                         "dcat:endDate": _date(period.get("end", ""))},
        "dct:spatial": spatial,
        "dct:issued": _date(hist.issued),
        "dct:modified": _date(hist.modified),
        "dcat:version": {"@value": hist.version},
        "adms:versionNotes": _text(" ".join(hist.latest.notes), "zh"),
        "dcat:keyword": [_text(k, lang) for k, lang in O.keywords(pkg)],
        "dcat:landingPage": {"@id": ds_id},
        "foaf:page": [{"@id": O.report_url(ctx, pkg)}, {"@id": O.dataset_url(ctx, pkg)}],
        "dcat:distribution": [distribution(ctx, ds_id, k, f, lic, hist.issued, hist.modified)
                              for k, f in ctx.downloads.get(pkg.id, {}).items()],
    }
    if O.source_url(pkg):
        out["dct:source"] = {"@id": O.source_url(pkg)}
    return out


def combined_dataset(ctx: SiteContext, combined: dict, histories: dict) -> dict | None:
    if not combined or not ctx.packages:
        return None
    ds_id = O.abs_url(ctx, "datasets/") + "#all"
    lic, _ = O.licence(ctx.packages[0])
    issued = min(h.issued for h in histories.values())
    modified = max(h.modified for h in histories.values())
    starts = [p.report.get("period", {}).get("start", "") for p in ctx.packages]
    ends = [p.report.get("period", {}).get("end", "") for p in ctx.packages]
    dists = []
    for name, info in combined.items():
        for key, f in info.files.items():
            dists.append(distribution(ctx, ds_id, f"all-{name}-{key}", f, lic, issued, modified))
    return {
        "@id": ds_id,
        "@type": "dcat:Dataset",
        "dct:identifier": {"@value": "gongkai/all"},
        "dct:title": [_text("全部报告合并表", "zh"), _text("Every report, combined", "en")],
        "dct:description": [
            _text(f"全部 {len(ctx.packages)} 份政府信息公开工作年度报告的统计表，每张表一个文件，"
                  "附报告标识、发布机关、年度和行政区划代码列；CSV 与 Parquet。", "zh"),
            _text(f"The tables of all {len(ctx.packages)} reports, one file per table, with "
                  "report, publisher, year and division columns; CSV and Parquet.", "en")],
        "dct:publisher": _publisher(ctx),
        "dct:license": {"@id": lic},
        "dct:accessRights": {"@id": PUBLIC},
        "dct:language": {"@id": LANG_ZH},
        "dct:temporal": {"@type": "dct:PeriodOfTime", "dcat:startDate": _date(min(starts)),
                         "dcat:endDate": _date(max(ends))},
        "dct:issued": _date(issued),
        "dct:modified": _date(modified),
        "dcat:keyword": [_text("政府信息公开", "zh"), _text("年度报告", "zh"),
                         _text("government information disclosure", "en"),
                         _text("annual report", "en")],
        "dcat:landingPage": {"@id": ds_id},
        "dcat:distribution": dists,
    }


def series_id(ctx: SiteContext, pub) -> str:
    return O.page_url(ctx, pub.page) + "#series"


def dataset_series(ctx: SiteContext, pub, histories: dict) -> dict:
    """A body's yearly reports as a `dcat:DatasetSeries`; each yearly dataset is `inSeries`."""
    pkgs = pub.packages
    first, last = pkgs[0], pkgs[-1]
    periods = [p.report.get("period", {}) for p in pkgs]
    creator = {"@type": "foaf:Organization", "foaf:name": _text(pub.name, "zh")}
    if website(last):
        creator["foaf:homepage"] = {"@id": website(last)}
    return {
        "@id": series_id(ctx, pub),
        "@type": ["dcat:DatasetSeries", "dcat:Dataset"],  # DCAT 3: a series is a dataset
        "dct:identifier": {"@value": f"gongkai/publishers/{pub.id}"},
        "dct:title": [_text(f"{pub.name}政府信息公开工作年度报告（历年）", "zh"),
                      _text(f"Government information disclosure annual reports of {pub.id}, "
                            "by year", "en")],
        "dct:description": [
            _text(f"{pub.name}历年（{first.year}—{last.year}）年度报告的数据集，每年一个。", "zh"),
            _text(f"One dataset per year ({first.year}-{last.year}) of this body's annual "
                  "reports.", "en")],
        "dct:publisher": _publisher(ctx),
        "dct:creator": creator,
        "dct:license": {"@id": O.licence(last)[0]},
        "dct:accessRights": {"@id": PUBLIC},
        "dct:temporal": {"@type": "dct:PeriodOfTime",
                         "dcat:startDate": _date(min(x.get("start", "") for x in periods)),
                         "dcat:endDate": _date(max(x.get("end", "") for x in periods))},
        "dct:issued": _date(min(histories[p.id].issued for p in pkgs)),
        "dct:modified": _date(max(histories[p.id].modified for p in pkgs)),
        "dcat:first": {"@id": O.dataset_url(ctx, first)},
        "dcat:last": {"@id": O.dataset_url(ctx, last)},
        "dcat:landingPage": {"@id": O.page_url(ctx, pub.page)},
    }


def indicators_dataset(ctx: SiteContext, histories: dict) -> dict | None:
    if ctx.indicators is None or not ctx.packages:
        return None
    ds_id = O.abs_url(ctx, "downloads/indicators.csv") + "#dataset"
    lic, _ = O.licence(ctx.packages[0])
    issued = min(h.issued for h in histories.values())
    modified = max(h.modified for h in histories.values())
    return {
        "@id": ds_id,
        "@type": "dcat:Dataset",
        "dct:identifier": {"@value": "gongkai/indicators"},
        "dct:title": [_text("全部报告的指标", "zh"), _text("Indicators of every report", "en")],
        "dct:description": [
            _text("每份报告的每个指标：数值、分子、分母、状态（含样本过少）和公式。", "zh"),
            _text("Every indicator of every report: value, numerator, denominator, state "
                  "(including too small a sample) and formula.", "en")],
        "dct:publisher": _publisher(ctx),
        "dct:license": {"@id": lic},
        "dct:accessRights": {"@id": PUBLIC},
        "dct:issued": _date(issued),
        "dct:modified": _date(modified),
        "dcat:landingPage": {"@id": O.site_root(ctx)},
        "dcat:distribution": [distribution(ctx, ds_id, f"indicators-{k}", f, lic, issued,
                                           modified) for k, f in ctx.indicators.files.items()],
    }


def catalog(ctx: SiteContext) -> dict:
    histories = ctx.history
    in_series = {p.id: series_id(ctx, pub) for pub in ctx.publishers.values()
                 for p in pub.packages}
    datasets = []
    for p in ctx.packages:
        ds = dataset(ctx, p, histories[p.id])
        if p.id in in_series:
            ds["dcat:inSeries"] = {"@id": in_series[p.id]}
        datasets.append(ds)
    datasets += [dataset_series(ctx, pub, histories) for pub in ctx.publishers.values()]
    for extra in (combined_dataset(ctx, ctx.combined, histories),
                  indicators_dataset(ctx, histories)):
        if extra:
            datasets.append(extra)
    root = O.site_root(ctx)
    lic = O.licence(ctx.packages[0])[0] if ctx.packages else ""
    out = {
        "@context": CONTEXT,
        "@id": root + CATALOG,
        "@type": "dcat:Catalog",
        "dct:title": [_text(ctx.config.get("site_name", "gongkai"), "zh"),
                      _text(O.SITE_NAME_EN, "en")],
        "dct:description": [_text(ctx.config.get("site_description", ""), "zh"),
                            _text(SITE_DESCRIPTION_EN, "en")],
        "dct:publisher": _publisher(ctx),
        "foaf:homepage": {"@id": root},
        "dct:language": {"@id": LANG_ZH},
        "dct:license": {"@id": lic},
        "dcat:dataset": datasets,
        "dcat:service": [{
            "@id": root + "api/v1/",
            "@type": "dcat:DataService",
            "dct:title": [_text("静态 JSON 接口", "zh"), _text("Static JSON API", "en")],
            "dcat:endpointURL": {"@id": root + "api/v1/"},
            "dcat:endpointDescription": {"@id": root + "api/"},
            "dct:license": {"@id": lic},
            "dcat:servesDataset": [{"@id": d["@id"]} for d in datasets],
        }],
    }
    if histories:
        out["dct:issued"] = _date(min(h.issued for h in histories.values()))
        out["dct:modified"] = _date(max(h.modified for h in histories.values()))
    return out


def build(ctx: SiteContext) -> None:
    write_text(ctx.docs / CATALOG,
               json.dumps(catalog(ctx), ensure_ascii=False, indent=1) + "\n", ctx.written)
    write_text(ctx.docs / "robots.txt",
               f"User-agent: *\nAllow: /\n\nSitemap: {O.abs_url(ctx, 'sitemap.xml')}\n",
               ctx.written)
