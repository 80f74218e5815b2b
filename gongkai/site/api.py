"""Loader (after the pages): a static JSON API under `api/v1/`, its documentation page, and the
combined tables on the datasets index.

Stable URLs (v1 never changes shape; a new shape gets v2):

- `api/v1/reports.json`: every report with its metadata and the URLs of its tables;
- `api/v1/<id>.json`: one package: metadata, version history, citations, checks, tables,
  downloads and the full `datapackage.json` descriptor;
- `api/v1/<id>/<table>.json`: one table: metadata, schema and `data` (the rows, typed as the
  JSON download `downloads/<id>/<table>.json`, by the same function).

Every URL in the API is absolute (from `site_url`).
"""

from __future__ import annotations

import json

from .. import template as T
from . import citation
from . import opendata as O
from .build import SiteContext
from .downloads import typed_rows
from .pages import dataset_page
from .util import esc, front_matter, human_size, rel, write_text

VERSION = "v1"
BASE = f"api/{VERSION}"
PAGE = "api/index.md"


def _dump(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


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
    result = ctx.results.get(pkg.id)
    if result is not None:
        out["checks"] = {s: sum(c.status == s for c in result.checks)
                         for s in ("pass", "declared", "fail")}
        out["checks"]["total"] = len(result.checks)
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
        "data": typed_rows(pkg, n),
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
        "combined": {n: {"title": info["title"], "rows": info["rows"],
                         **{k: O.abs_url(ctx, f.path) for k, f in info["files"].items()}}
                     for n, info in combined.items()},
    }


# ------------------------------------------------------------------ pages


def _code(lang: str, text: str) -> str:
    return f"```{lang}\n{text.strip()}\n```\n"


def api_page(ctx: SiteContext, combined: dict) -> str:
    root = O.site_root(ctx)
    base = root + BASE + "/"
    pkg = ctx.latest
    pid = pkg.id if pkg else "<id>"
    t = T.REQUESTS
    rows = []
    for p in ctx.packages:
        for res in O.tabular(p):
            path = f"{BASE}/{p.id}/{res['name']}.json"
            rows.append(f'<tr><td><code>{esc(p.id)}</code></td><td>{esc(res.get("title", ""))}</td>'
                        f'<td><a href="{rel(PAGE, path)}">{esc(path)}</a></td></tr>')
    return "\n".join([
        front_matter(title="数据接口（API）",
                     description="静态 JSON 接口：报告列表、数据包和每张统计表，地址稳定"),
        "# 数据接口（API）\n",
        '<div class="gk-prose"><p>本站的全部数据也以静态 JSON 文件提供，不需要密钥，地址稳定：'
        f"<code>{esc(VERSION)}</code> 的结构不会改变，结构变化时会发布新的版本号。所有文件随网站一起生成，"
        "数字与数据包（CSV）完全一致。</p></div>\n",
        "## 地址 {#endpoints}\n",
        "| 地址 | 内容 |\n| --- | --- |",
        f"| [`{BASE}/reports.json`](../{BASE}/reports.json) | 全部报告：元数据（发布机关、年度、统计期限、"
        "行政区划、版本、许可）和每张表的地址 |",
        f"| `{BASE}/<id>.json` | 一个数据包：元数据、版本记录、引用格式、核对结果、下载文件和完整的 "
        "`datapackage.json` |",
        f"| `{BASE}/<id>/<table>.json` | 一张表：元数据、表结构（`schema`）和全部数据行（`data`） |",
        "| [`catalog.jsonld`](../catalog.jsonld) | DCAT 3 数据目录（JSON-LD），供数据目录收割 |",
        "",
        f"表名（`<table>`）：{', '.join(f'`{n}`' for n in O.TABULAR)}。"
        f"例如 `{T.REQUESTS.code}` 是“{esc(t.title)}”。\n",
        '<div class="gk-table-wrap"><table><thead><tr><th scope="col">数据包</th>'
        '<th scope="col">表</th><th scope="col">地址</th></tr></thead><tbody>'
        + "".join(rows) + "</tbody></table></div>\n",
        "## 示例 {#examples}\n",
        "### curl\n",
        _code("sh", f"""
curl -s {base}reports.json
curl -s {base}{pid}/requests.json
curl -O {root}downloads/{pid}/{pid}.zip
# jq: 每份报告的发布机关、年度和版本
curl -s {base}reports.json | jq -r '.reports[] | [.publisher, .year, .version] | @tsv'
"""),
        "### Python（pandas）\n",
        _code("python", f"""
import json
from urllib.request import urlopen

import pandas as pd

BASE = "{base}"

with urlopen(BASE + "reports.json") as r:
    reports = pd.json_normalize(json.load(r)["reports"])

with urlopen(BASE + "{pid}/requests.json") as r:
    table = json.load(r)
requests = pd.DataFrame(table["data"])
matrix = requests.pivot(index="row", columns="applicant", values="count")

# every report in one table (CSV or Parquet)
all_requests = pd.read_csv("{root}downloads/all-requests.csv")
all_requests = pd.read_parquet("{root}downloads/all-requests.parquet")
"""),
        "### R\n",
        _code("r", f"""
library(jsonlite)

base <- "{base}"
reports <- fromJSON(paste0(base, "reports.json"))$reports
requests <- fromJSON(paste0(base, "{pid}/requests.json"))$data
matrix <- xtabs(count ~ row + applicant, data = requests)

all_requests <- read.csv("{root}downloads/all-requests.csv", encoding = "UTF-8")
"""),
        "## 合并表与批量下载 {#bulk}\n",
        combined_html(ctx, PAGE, combined),
        '<div class="gk-prose"><p>每份报告的 zip 包含 <code>datapackage.json</code>、全部 CSV、'
        "报告原文、更新记录和说明（README.md：数据是什么、字段、许可、如何引用）。</p></div>\n",
    ])


def combined_html(ctx: SiteContext, page: str, combined: dict) -> str:
    if not combined:
        return ""
    rows = []
    for n, info in combined.items():
        links = " · ".join(f'<a href="{rel(page, f.path)}" download>{esc(f.path.rsplit("/", 1)[-1])}'
                           f"</a>（{human_size(f.bytes)}）" for f in info["files"].values())
        rows.append(f"<tr><td>{esc(info['title'])}（<code>{esc(n)}</code>）</td>"
                    f"<td>{info['rows']}</td><td>{links}</td></tr>")
    return ('<p>全部报告的同一张表合为一个文件，前四列为 <code>report</code>（数据包标识）、'
            "<code>publisher</code>（发布机关）、<code>year</code>（年度）和 "
            "<code>division_code</code>（行政区划代码），其余列与各数据包的表相同。</p>"
            '<div class="gk-table-wrap"><table><thead><tr><th scope="col">表</th>'
            '<th scope="col">行数</th><th scope="col">下载</th></tr></thead><tbody>'
            + "".join(rows) + "</tbody></table></div>\n")


def _add_to_nav(ctx: SiteContext) -> None:
    entry = {"数据接口": PAGE}
    if any(isinstance(e, dict) and PAGE in e.values() for e in ctx.nav):
        return
    at = next((i for i, e in enumerate(ctx.nav) if isinstance(e, dict) and "关于" in e),
              len(ctx.nav))
    ctx.nav.insert(at, entry)


def build(ctx: SiteContext) -> None:
    from .bundles import state

    st = state(ctx)
    histories, combined = st["history"], st["combined"]
    for pkg in ctx.packages:
        hist = histories[pkg.id]
        write_text(ctx.docs / f"{BASE}/{pkg.id}.json", _dump(package_doc(ctx, pkg, hist)))
        for res in O.tabular(pkg):
            write_text(ctx.docs / f"{BASE}/{pkg.id}/{res['name']}.json",
                       _dump(table_doc(ctx, pkg, hist, res)))
    write_text(ctx.docs / f"{BASE}/reports.json", _dump(reports_doc(ctx, histories, combined)))
    write_text(ctx.docs / PAGE, api_page(ctx, combined))
    if (ctx.docs / "datasets" / "index.md").exists():
        O.augment(ctx, "datasets/index.md", append="## 全部报告合并表 {#all}\n\n"
                  + combined_html(ctx, "datasets/index.md", combined)
                  + f'\n<p>也可通过<a href="{rel("datasets/index.md", "api/")}">数据接口（API）</a>'
                  "读取。</p>\n")
    if ctx.nav:
        _add_to_nav(ctx)
