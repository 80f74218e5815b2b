"""Metadata the open-data loaders share: absolute URLs, titles, descriptions, keywords, licence.

Everything comes from the package descriptor and gongkai/template.py; nothing is dated by the
clock (dates come from the package's history, see versions.py).
"""

from __future__ import annotations

import re

from .. import template as T
from ..package import FIGURE_RESOURCES, TABLE_RESOURCES
from .model import SiteContext
from .util import dataset_page, report_name, report_page, url_of, website

SITE_NAME_EN = "gongkai: open data from government information disclosure annual reports"
PUBLISHER = "gongkai 公开"
TABULAR = TABLE_RESOURCES  # the resources with a table schema, in template order
# combined across reports: the figures; where each figure was stays with its own report (a
# combined provenance table would be the largest file of the site and of little use alone)
COMBINED = FIGURE_RESOURCES
_CJK = re.compile(r"[\u3400-\u9fff]")
_RECONSIDERATION = T.APPEALS.row("administrative_reconsideration")
# English for the keywords every package carries (descriptor keywords are Chinese and English)
KEYWORDS_EN = {
    "政府信息公开": "government information disclosure",
    "年度报告": "annual report",
    "依申请公开": "disclosure on request",
    _RECONSIDERATION.label: _RECONSIDERATION.label_en.lower(),
    T.APPEALS.row("litigation_direct").group_label: "administrative litigation",
}


def site_root(ctx: SiteContext) -> str:
    url = ctx.site_url or "/"
    return url if url.endswith("/") else url + "/"


def abs_url(ctx: SiteContext, path: str) -> str:
    """Absolute URL of a docs-relative file or directory URL."""
    return site_root(ctx) + path.lstrip("/")


def page_url(ctx: SiteContext, md: str) -> str:
    return abs_url(ctx, url_of(md))


def dataset_url(ctx: SiteContext, pkg) -> str:
    return page_url(ctx, dataset_page(pkg))


def report_url(ctx: SiteContext, pkg) -> str:
    return page_url(ctx, report_page(pkg))


def title(pkg) -> str:
    return pkg.descriptor.get("title") or report_name(pkg)


def dataset_title(pkg) -> str:
    return f"{title(pkg)}：数据集"


def dataset_title_en(pkg) -> str:
    return (f"Government information disclosure annual report {pkg.year} of {pkg.publisher}: "
            "statistics")


def descriptions(pkg) -> tuple[str, str]:
    """(Chinese, English) description of a package (the descriptor holds both, in that order)."""
    text = pkg.descriptor.get("description", "")
    zh, _, en = text.partition("。 ")
    if en:
        zh += "。"
    else:
        zh, en = text, ""
    if not en:
        en = (f"Statistics from the {pkg.year} government information disclosure annual report "
              f"of {pkg.publisher}, in the national template {T.TEMPLATE_ID}.")
    return zh.strip(), en.strip()


def keywords(pkg) -> list[tuple[str, str | None]]:
    """(keyword, language) pairs: Chinese ones 'zh', English ones 'en', bare numbers None."""
    out: list[tuple[str, str | None]] = []
    for k in pkg.descriptor.get("keywords", []):
        k = str(k)
        lang = "zh" if _CJK.search(k) else ("en" if re.search(r"[A-Za-z]", k) else None)
        out.append((k, lang))
        if k in KEYWORDS_EN:
            out.append((KEYWORDS_EN[k], "en"))
    seen, unique = set(), []
    for item in out:
        if item not in seen:
            seen.add(item)
            unique.append(item)
    return unique


def licence(pkg) -> tuple[str, str]:
    """(URL, title) of the data's first licence."""
    lic = (pkg.descriptor.get("licenses") or [{}])[0]
    return lic.get("path", ""), lic.get("title") or lic.get("name", "")


def division(pkg) -> tuple[str, str]:
    """(name, GB/T 2260 code) of the report's administrative division."""
    rep = pkg.report
    return rep.get("name") or pkg.publisher, rep.get("division_code", "")


def source_url(pkg) -> str:
    for s in pkg.descriptor.get("sources", []):
        if str(s.get("path", "")).startswith(("http://", "https://")):
            return s["path"]
    return website(pkg)


def tabular(pkg) -> list[dict]:
    return [r for r in pkg.descriptor.get("resources", []) if r.get("schema")]


def resource_pages(pkg) -> list[tuple[dict, str]]:
    """(resource, docs-relative page) of every tabular resource of a package."""
    return [(r, dataset_page(pkg, r["name"])) for r in tabular(pkg)]
