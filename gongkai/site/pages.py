"""Loader: the generated Markdown pages (reports, datasets, data quality, indexes) and the nav.

Every generated page carries `render_macros: false` and all text from the data is HTML-escaped
with Jinja's delimiters neutralised, so report text such as `{{`, `{%` or `<script>` shows
literally and can never break or inject into the build.
"""

from __future__ import annotations

import json
import re

from .. import template as T
from ..checks import fmt
from .build import ChartInfo, SiteContext
from .util import esc, front_matter, grouped, human_size, link, md_esc, num, rel, url_of, website, write_text

VEGA_BUNDLE = "assets/vega/vega-bundle.js"
STATUS = {"pass": ("通过", "gk-pass"), "fail": ("不一致", "gk-fail"),
          "declared": ("已声明的不一致", "gk-declared")}


def report_page(pkg) -> str:
    return f"reports/{pkg.id}.md"


def dataset_page(pkg, resource: str | None = None) -> str:
    return f"datasets/{pkg.id}/{resource or 'index'}.md"


def report_name(pkg) -> str:
    return f"{pkg.year}年{pkg.report.get('name') or pkg.publisher}"


# ------------------------------------------------------------------ figures and tables


def cell(pkg, table: str, row: str, col: str, tag: str = "td", extra: str = "") -> str:
    key = (table, row, col)
    v = pkg.figures[key]
    note = pkg.notes.get(key, "")
    note_html = f'<span class="gk-note">{esc(note)}</span>' if note else ""
    return (f'<{tag} class="gk-num" data-table="{table}" data-row="{row}" data-col="{col}" '
            f'data-value="{num(v)}"{extra}>{num(v)}{note_html}</{tag}>')


def proactive_table(pkg) -> str:
    t = T.PROACTIVE
    item_field = field_title(pkg, "proactive", t.row_field)
    parts = ['<div class="gk-table-wrap"><table class="gk-report-table gk-proactive">',
             f"<caption>{esc(t.heading)}</caption>"]
    for _, heading, items, measures in T.PROACTIVE_BLOCKS:
        ncols = 1 + len(measures)
        parts.append(f'<tbody><tr class="gk-block"><th colspan="{max(ncols, 4)}" scope="colgroup">'
                     f"{esc(heading)}</th></tr>")
        parts.append(f'<tr><th scope="col">{esc(item_field)}</th>')
        for i, m in enumerate(measures):
            span = f' colspan="{4 - len(measures)}"' if i == len(measures) - 1 and \
                len(measures) < 3 else ""
            parts.append(f'<th scope="col"{span}>{esc(t.col(m).label)}</th>')
        parts.append("</tr>")
        for it in items:
            parts.append(f'<tr><th scope="row">{esc(t.row(it).label)}</th>')
            for i, m in enumerate(measures):
                span = f' colspan="{4 - len(measures)}"' if i == len(measures) - 1 and \
                    len(measures) < 3 else ""
                parts.append(cell(pkg, "proactive", it, m, extra=span))
            parts.append("</tr>")
        parts.append("</tbody>")
    parts.append("</table></div>")
    return "".join(parts)


def field_title(pkg, resource: str, name: str) -> str:
    """The Chinese title of a field, from the resource's table schema."""
    for f in pkg.resource(resource).get("schema", {}).get("fields", []):
        if f["name"] == name:
            return f.get("title", name)
    return name


def requests_table(pkg) -> str:
    t = T.REQUESTS
    cols = list(t.cols)
    legal = [c for c in cols if c.group == "legal_person"]
    groups = {g.code: g for g in T.REQUEST_GROUPS}
    outcome_rows = [r for r in t.rows if r.group in groups or r.group == "outcomes"]
    head_rows = f'<th colspan="3" rowspan="3" scope="col">{esc(field_title(pkg, "requests", t.row_field))}</th>'
    parts = ['<div class="gk-table-wrap"><table class="gk-report-table gk-requests">',
             f"<caption>{esc(t.heading)}</caption><thead>",
             f'<tr>{head_rows}<th colspan="{len(cols)}" scope="colgroup">'
             f'{esc(field_title(pkg, "requests", t.col_field))}</th></tr><tr>']
    for c in cols:
        if c.group == "legal_person":
            if c is legal[0]:
                parts.append(f'<th colspan="{len(legal)}" scope="colgroup">{esc(c.group_label)}</th>')
            continue
        parts.append(f'<th rowspan="2" scope="col">{esc(c.label)}</th>')
    parts.append("</tr><tr>")
    parts += [f'<th scope="col">{esc(c.label)}</th>' for c in legal]
    parts.append("</tr></thead><tbody>")
    outcomes_head = groups["outcomes"]
    seen_groups: set[str] = set()
    for r in t.rows:
        parts.append("<tr>")
        if r.group == "":
            parts.append(f'<th colspan="3" scope="row">{esc(r.number + r.label)}</th>')
        else:
            if r is outcome_rows[0]:
                parts.append(f'<th rowspan="{len(outcome_rows)}" scope="rowgroup" class="gk-vert">'
                             f"{esc(outcomes_head.number + outcomes_head.label)}</th>")
            if r.group == "outcomes":
                parts.append(f'<th colspan="2" scope="row">{esc(r.number + r.label)}</th>')
            else:
                g = groups[r.group]
                if g.code not in seen_groups:
                    seen_groups.add(g.code)
                    n = sum(1 for x in t.rows if x.group == g.code)
                    parts.append(f'<th rowspan="{n}" scope="rowgroup">{esc(g.number + g.label)}</th>')
                parts.append(f'<th scope="row">{esc(r.number + r.label)}</th>')
        parts += [cell(pkg, "requests", r.code, c.code) for c in cols]
        parts.append("</tr>")
    parts.append("</tbody></table></div>")
    return "".join(parts)


def appeals_table(pkg) -> str:
    t = T.APPEALS
    results = list(t.cols)
    direct = [p for p in t.rows if not p.group]
    litig = [p for p in t.rows if p.group == "litigation"]
    parts = ['<div class="gk-table-wrap"><table class="gk-report-table gk-appeals">',
             f"<caption>{esc(t.heading)}</caption><thead><tr>"]
    for p in direct:
        parts.append(f'<th colspan="{len(results)}" rowspan="2" scope="colgroup">{esc(p.label)}</th>')
    if litig:
        parts.append(f'<th colspan="{len(results) * len(litig)}" scope="colgroup">'
                     f"{esc(litig[0].group_label)}</th>")
    parts.append("</tr><tr>")
    for p in litig:
        parts.append(f'<th colspan="{len(results)}" scope="colgroup">{esc(p.label)}</th>')
    parts.append("</tr><tr>")
    for _p in (*direct, *litig):
        parts += [f'<th scope="col">{esc(c.label)}</th>' for c in results]
    parts.append("</tr></thead><tbody><tr>")
    for p in (*direct, *litig):
        parts += [cell(pkg, "appeals", p.code, c.code) for c in results]
    parts.append("</tr></tbody></table></div>")
    return "".join(parts)


TABLE_HTML = {"proactive": proactive_table, "requests": requests_table, "appeals": appeals_table}


# ------------------------------------------------------------------ charts


def chart_html(page: str, c: ChartInfo) -> str:
    # In an attribute, not a <script>: Material's instant navigation re-creates a page's
    # scripts as JavaScript, which would run the spec as code instead of reading it.
    spec = esc(json.dumps(c.spec, ensure_ascii=False, separators=(",", ":")))
    cid = f"gk-chart-{c.code}"
    head = "".join(f"<th scope=\"col\">{esc(h)}</th>" for h in c.columns)
    body = "".join("<tr>" + "".join(
        (f"<th scope=\"row\">{esc(v)}</th>" if i == 0 else f"<td>{esc(v)}</td>")
        for i, v in enumerate(r)) + "</tr>" for r in c.rows)
    return (
        f'<figure class="gk-chart" id="{cid}" aria-labelledby="{cid}-title" '
        f'aria-describedby="{cid}-desc">'
        f'<figcaption id="{cid}-title" class="gk-chart-title">{esc(c.title)}</figcaption>'
        f'<div class="gk-chart-view" data-vega="{rel(page, VEGA_BUNDLE)}" data-spec="{spec}">'
        f'<img class="gk-chart-static" src="{rel(page, c.svg)}" width="{c.svg_width}" '
        f'height="{c.svg_height}" alt="{esc(c.title)}：{esc(c.description)}" loading="lazy">'
        f'<div class="gk-chart-live" aria-hidden="true"></div></div>'
        f'<p class="gk-chart-desc" id="{cid}-desc">{esc(c.description)}</p>'
        f'<p class="gk-chart-links">下载：<a href="{rel(page, c.png)}" download>PNG</a> · '
        f'<a href="{rel(page, c.svg)}" download>SVG</a> · '
        f'<a href="{rel(page, c.csv)}" download>数据 CSV</a> · '
        f'<a href="{rel(page, c.json)}" download>Vega-Lite 规格</a></p>'
        f'<details class="gk-chart-table"><summary>表格视图</summary>'
        f'<div class="gk-table-wrap"><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody>'
        f"</table></div></details></figure>"
    )


# ------------------------------------------------------------------ report page

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


def _sections(pkg):
    from ..extract import split_sections
    from ..readers import read_document

    return split_sections(read_document(pkg.resource_path("source")))


def _prose_html(paragraphs) -> str:
    html = []
    for kind, text in paragraphs:
        if kind == "h":
            html.append(f'<p class="gk-subhead"><strong>{esc(text)}</strong></p>')
        else:
            html.append(f"<p>{esc(text)}</p>")
    return "\n".join(html)


def _links(page: str, pkg, ctx: SiteContext) -> str:
    dl = ctx.downloads.get(pkg.id, {})
    items = [f'<a href="{link(page, dataset_page(pkg))}">数据集与数据字典</a>']
    if "zip" in dl:
        items.append(f'<a href="{rel(page, dl["zip"].path)}" download>下载整个数据包（zip）</a>')
    if "source" in dl:
        items.append(f'<a href="{rel(page, dl["source"].path)}">报告原文（文本）</a>')
    if website(pkg):
        items.append(f'<a href="{esc(website(pkg))}" rel="noopener">{esc(pkg.publisher)}网站</a>')
    return '<p class="gk-actions">' + " · ".join(items) + "</p>"


def _check_summary(ctx: SiteContext, pkg, page: str) -> str:
    r = ctx.results[pkg.id]
    passed = sum(c.status == "pass" for c in r.checks)
    declared = [c for c in r.checks if c.status == "declared"]
    text = (f'<p class="gk-quality-note">勾稽关系与正文复述核对：{len(r.checks)} 项，通过 {passed} 项'
            + (f"，已声明的不一致 {len(declared)} 项" if declared else "")
            + f'。<a href="{link(page, "quality.md")}#{pkg.id}">查看全部核对</a></p>')
    if declared:
        text += '<div class="admonition warning"><p class="admonition-title">报告原文中的不一致</p><ul>'
        for c in declared:
            text += (f"<li>{esc(c.description)}：应为 {esc(fmt(c.expected))}，报告为 "
                     f"{esc(fmt(c.found))}（{esc(c.reason)}）</li>")
        text += "</ul></div>"
    return text


def write_report(ctx: SiteContext, pkg) -> None:
    page = report_page(pkg)
    sections = _sections(pkg)
    charts = {c.code: c for c in ctx.charts.get(pkg.id, [])}
    by_table: dict[str, list[ChartInfo]] = {}
    for c in charts.values():
        by_table.setdefault(c.table, []).append(c)
    title = pkg.descriptor.get("title") or report_name(pkg)
    period = pkg.report.get("period", {})
    out = [front_matter(title=esc(report_name(pkg)), description=esc(title)),
           f"# {md_esc(title)}\n",
           '<div class="gk-meta" markdown="0">'
           f'<p><span class="gk-meta-item"><span class="gk-label">发布机关</span>'
           f'{esc(pkg.publisher)}</span> <span class="gk-meta-item"><span class="gk-label">'
           f'统计期限</span>{esc(period.get("start", ""))} 至 {esc(period.get("end", ""))}'
           f'</span> <span class="gk-meta-item"><span class="gk-label">格式</span>'
           f"{esc(pkg.report.get('template', T.TEMPLATE_ID))}</span></p>"
           f"{_links(page, pkg, ctx)}{_check_summary(ctx, pkg, page)}</div>\n"]
    for code, heading, _en in T.SECTIONS:
        out.append(f"## {md_esc(heading)}\n")
        prose = _prose_html(prose_paragraphs(sections.get(code, [])))
        if prose:
            out.append(f'<div class="gk-prose">\n{prose}\n</div>\n')
        if code in TABLE_HTML:
            out.append(TABLE_HTML[code](pkg) + "\n")
            for c in by_table.get(code, []):
                out.append(chart_html(page, c) + "\n")
    write_text(ctx.docs / page, "\n".join(out))
    ctx.pages.setdefault(pkg.id, {})["report"] = page


# ------------------------------------------------------------------ dataset pages


def _constraints(field: dict) -> str:
    cons = field.get("constraints", {})
    out = []
    if cons.get("required"):
        out.append("必填")
    if "minimum" in cons:
        out.append(f"≥ {cons['minimum']}")
    if "maximum" in cons:
        out.append(f"≤ {cons['maximum']}")
    if "enum" in cons:
        values = "、".join(f"<code>{esc(v)}</code>" for v in cons["enum"])
        # a long list of codes folds away, or it makes every row of the table tall
        out.append(f'<details class="gk-enum"><summary>取值：{len(cons["enum"])} 种</summary>'
                   f"{values}</details>" if len(cons["enum"]) > 6 else "取值：" + values)
    return "；".join(out) or "—"


def _files_table(page: str, files) -> str:
    """One file per pair of rows: name, format and size, then its SHA-256 across the table
    (a 64-digit hash in a column of its own squeezes the others, worst on a phone)."""
    rows = "".join(
        f'<tr class="gk-file"><td><a href="{rel(page, f.path)}" download>'
        f'{esc(f.path.rsplit("/", 1)[-1])}</a></td><td>{esc(f.label)}</td>'
        f'<td class="gk-size">{human_size(f.bytes)}<small>{f.bytes} 字节</small></td></tr>'
        f'<tr class="gk-file-hash"><td colspan="3"><span class="gk-label">SHA-256</span>'
        f'<code class="gk-hash">{f.sha256}</code></td></tr>'
        for f in files)
    return ('<div class="gk-table-wrap"><table class="gk-files"><thead><tr><th scope="col">文件</th>'
            '<th scope="col">格式</th><th scope="col">大小</th></tr>'
            f"</thead><tbody>{rows}</tbody></table></div>")


def citation(ctx: SiteContext, pkg) -> str:
    url = ctx.site_url.rstrip("/") + "/" + url_of(dataset_page(pkg))
    return (f"{pkg.publisher}. {pkg.descriptor.get('title', report_name(pkg))}"
            f"（数据版本 {pkg.descriptor.get('version', '')}）. gongkai 公开, "
            f"{ctx.built_at:%Y-%m-%d}. {url}")


def _licence_html(pkg) -> str:
    items = []
    for lic in pkg.descriptor.get("licenses", []):
        name = esc(lic.get("title") or lic.get("name", ""))
        path = lic.get("path", "")
        items.append(f'<a href="{esc(path)}" rel="license noopener">{name}</a>'
                     if path.startswith("http") else name)
    return "、".join(items) or "—"


def _sources_html(pkg) -> str:
    items = []
    for s in pkg.descriptor.get("sources", []):
        path = s.get("path", "")
        label = esc(s.get("description") or s.get("title", ""))
        items.append(f'<a href="{esc(path)}" rel="noopener">{label}</a>（{esc(s.get("title", ""))}）'
                     if path.startswith("http") else label)
    return "；".join(items) or "—"


def _common_meta(ctx: SiteContext, pkg, page: str) -> str:
    return (
        '<dl class="gk-dl">'
        f"<dt>报告</dt><dd><a href=\"{link(page, report_page(pkg))}\">"
        f"{esc(pkg.descriptor.get('title', report_name(pkg)))}</a></dd>"
        f"<dt>发布机关</dt><dd>{esc(pkg.publisher)}</dd>"
        f"<dt>许可</dt><dd>{_licence_html(pkg)}（数据）；报告原文为发布机关的政府信息</dd>"
        f"<dt>来源</dt><dd>{_sources_html(pkg)}</dd>"
        f"<dt>版本</dt><dd>{esc(pkg.descriptor.get('version', ''))}，"
        f"创建于 {esc(pkg.descriptor.get('created', ''))}</dd>"
        f"<dt>引用</dt><dd><code class=\"gk-cite\">{esc(citation(ctx, pkg))}</code></dd></dl>"
    )


def write_dataset_pages(ctx: SiteContext, pkg) -> None:
    files = ctx.downloads.get(pkg.id, {})
    page = dataset_page(pkg)
    res_links = []
    tabular = [r for r in pkg.descriptor.get("resources", []) if r.get("schema")]
    for r in tabular:
        res_links.append(f'<li><a href="{link(page, dataset_page(pkg, r["name"]))}">'
                         f'{esc(r.get("title", r["name"]))}</a>（<code>{esc(r["name"])}</code>）：'
                         f'{esc(r.get("description", ""))}</li>')
    out = [front_matter(title=esc(f"{report_name(pkg)}：数据集"),
                        description=esc(pkg.descriptor.get("description", ""))),
           f"# {md_esc(pkg.descriptor.get('title', report_name(pkg)))}：数据集\n",
           f'<div class="gk-prose"><p>{esc(pkg.descriptor.get("description", ""))}</p></div>\n',
           _common_meta(ctx, pkg, page) + "\n",
           "## 资源\n", "<ul>" + "".join(res_links) + "</ul>\n",
           "## 下载\n", _files_table(page, files.values()) + "\n"]
    write_text(ctx.docs / page, "\n".join(out))
    ctx.pages.setdefault(pkg.id, {})["dataset"] = page
    for r in tabular:
        write_resource_page(ctx, pkg, r)


def write_resource_page(ctx: SiteContext, pkg, res: dict) -> None:
    name = res["name"]
    page = dataset_page(pkg, name)
    fields = res.get("schema", {}).get("fields", [])
    dict_rows = "".join(
        f"<tr><td><code>{esc(f['name'])}</code></td><td>{esc(f.get('title', ''))}</td>"
        f"<td>{esc(f.get('description', ''))}</td><td><code>{esc(f.get('type', ''))}</code></td>"
        f"<td>{_constraints(f)}</td></tr>" for f in fields)
    rows = pkg.rows(name)
    preview = rows[:12]
    head = "".join(f'<th scope="col">{esc(f["name"])}</th>' for f in fields)
    body = "".join("<tr>" + "".join(f"<td>{esc(r.get(f['name'], ''))}</td>" for f in fields)
                   + "</tr>" for r in preview)
    files = [f for k, f in ctx.downloads.get(pkg.id, {}).items()
             if k.startswith(name + ".") or k == "zip"]
    pk = res.get("schema", {}).get("primaryKey", [])
    out = [front_matter(title=esc(f"{report_name(pkg)}：{res.get('title', name)}"),
                        description=esc(res.get("description", ""))),
           f"# {md_esc(res.get('title', name))}\n",
           f'<div class="gk-prose"><p>{esc(res.get("description", ""))}。'
           f"{esc(pkg.descriptor.get('title', ''))}，共 {len(rows)} 行"
           + (f"，主键 <code>{esc(', '.join(pk))}</code>" if pk else "") + "。</p></div>\n",
           _common_meta(ctx, pkg, page) + "\n",
           "## 下载\n", _files_table(page, files) + "\n",
           "## 数据字典\n",
           '<div class="gk-table-wrap"><table class="gk-dict"><thead><tr><th scope="col">字段</th>'
           '<th scope="col">中文名</th><th scope="col">说明（英文）</th><th scope="col">类型</th>'
           f'<th scope="col">约束</th></tr></thead><tbody>{dict_rows}</tbody></table></div>\n',
           f"## 预览（前 {len(preview)} 行，共 {len(rows)} 行）\n",
           f'<div class="gk-table-wrap"><table class="gk-preview"><thead><tr>{head}</tr></thead>'
           f"<tbody>{body}</tbody></table></div>\n"]
    write_text(ctx.docs / page, "\n".join(out))


# ------------------------------------------------------------------ quality, indexes, nav


def _breakable(ident: str) -> str:
    """A check id that may wrap after `.`, `[` and `_` (never inside a word)."""
    return re.sub(r"([.\[_])", r"\1<wbr>", esc(ident))


def write_quality(ctx: SiteContext) -> None:
    page = "quality.md"
    out = [front_matter(title="数据质量", description="每份报告的勾稽关系与正文复述核对"),
           "# 数据质量\n",
           '<div class="gk-prose"><p>每份报告的每一项勾稽关系（表格内部的加总关系）和正文复述'
           '（正文所述数字与表格数字一致）都在发布前核对。下表列出每一项核对的应有值（按表格计算）'
           '和报告所载值。报告原文中的不一致照原样发布，并在此标明。</p></div>\n']
    summary = []
    for pkg in ctx.packages:
        r = ctx.results[pkg.id]
        counts = {s: sum(c.status == s for c in r.checks) for s in STATUS}
        summary.append(f'<tr><td><a href="#{pkg.id}">{esc(report_name(pkg))}</a></td>'
                       f"<td>{len(r.checks)}</td><td>{counts['pass']}</td>"
                       f"<td>{counts['declared']}</td><td>{counts['fail']}</td></tr>")
    out.append('<div class="gk-table-wrap"><table><thead><tr><th scope="col">报告</th>'
               '<th scope="col">核对项</th><th scope="col">通过</th><th scope="col">已声明的不一致</th>'
               f'<th scope="col">未声明的不一致</th></tr></thead><tbody>{"".join(summary)}</tbody>'
               "</table></div>\n")
    for pkg in ctx.packages:
        r = ctx.results[pkg.id]
        out.append(f'<h2 id="{pkg.id}">{esc(report_name(pkg))}</h2>\n')
        out.append(f'<p><a href="{link(page, report_page(pkg))}">'
                   f"{esc(pkg.descriptor.get('title', ''))}</a></p>\n")
        rows = []
        for c in r.checks:
            label, cls = STATUS.get(c.status, (c.status, ""))
            rows.append(
                f'<tr class="{cls}"><td><code>{_breakable(c.id)}</code></td><td>{esc(c.description)}'
                + (f"<br><small>{esc(c.reason)}</small>" if c.reason else "")
                + f'</td><td class="gk-num">{esc(fmt(c.expected))}</td>'
                f'<td class="gk-num">{esc(fmt(c.found))}</td><td>{label}</td></tr>')
        out.append('<div class="gk-table-wrap"><table class="gk-checks"><thead><tr>'
                   '<th scope="col">核对</th><th scope="col">规则</th><th scope="col">应有值</th>'
                   '<th scope="col">报告值</th><th scope="col">结果</th></tr></thead><tbody>'
                   + "".join(rows) + "</tbody></table></div>\n")
    write_text(ctx.docs / page, "\n".join(out))


def _report_rows(ctx: SiteContext, page: str) -> str:
    rows = []
    for pkg in ctx.packages:
        r = ctx.results[pkg.id]
        passed = sum(c.status == "pass" for c in r.checks)
        rows.append(
            f'<tr><td>{pkg.year}</td><td><a href="{link(page, report_page(pkg))}">'
            f"{esc(pkg.publisher)}</a></td><td>{esc(pkg.report.get('level_label', ''))}</td>"
            f'<td class="gk-num">{grouped(pkg.figures[("requests", "new_requests", "total")])}</td>'
            f'<td>{passed}/{len(r.checks)}</td>'
            f'<td><a href="{link(page, dataset_page(pkg))}">数据集</a></td></tr>')
    new_label = T.REQUESTS.row("new_requests")
    return ('<div class="gk-table-wrap"><table class="gk-reports"><thead><tr><th scope="col">年度</th>'
            f'<th scope="col">发布机关</th><th scope="col">层级</th><th scope="col">'
            f"{esc(new_label.label)}</th><th scope=\"col\">核对通过</th><th scope=\"col\">数据</th>"
            f"</tr></thead><tbody>{''.join(rows)}</tbody></table></div>")


def write_indexes(ctx: SiteContext) -> None:
    write_text(ctx.docs / "reports" / "index.md",
               front_matter(title="报告", description="全部政府信息公开工作年度报告")
               + "# 报告\n\n" + _report_rows(ctx, "reports/index.md") + "\n")
    items = []
    for pkg in ctx.packages:
        page = "datasets/index.md"
        files = ctx.downloads.get(pkg.id, {})
        z = files.get("zip")
        items.append(f'<tr><td><a href="{link(page, dataset_page(pkg))}">'
                     f"{esc(pkg.descriptor.get('title', pkg.id))}</a></td>"
                     f"<td><code>{esc(pkg.id)}</code></td>"
                     + (f'<td><a href="{rel(page, z.path)}" download>zip</a>（{human_size(z.bytes)}）</td>'
                        if z else "<td>—</td>") + "</tr>")
    write_text(ctx.docs / "datasets" / "index.md",
               front_matter(title="数据集", description="每份报告的数据包")
               + "# 数据集\n\n" + '<div class="gk-table-wrap"><table><thead><tr>'
               '<th scope="col">数据包</th><th scope="col">标识</th><th scope="col">下载</th></tr>'
               f"</thead><tbody>{''.join(items)}</tbody></table></div>\n")


NAV_REPORTS = 24  # beyond this many reports the nav lists only the index pages


def make_nav(ctx: SiteContext) -> list:
    """A small nav: every page carries it, so listing hundreds of pages in it would make the
    build (and every page) grow with the square of the number of reports."""
    reports: list = [{"全部报告": "reports/index.md"}]
    if len(ctx.packages) <= NAV_REPORTS:
        reports += [{esc(report_name(p)): report_page(p)} for p in ctx.packages]
    datasets: list = [{"全部数据集": "datasets/index.md"}]
    if len(ctx.packages) <= NAV_REPORTS:
        datasets += [{esc(report_name(p)): dataset_page(p)} for p in ctx.packages]
    return [{"首页": "index.md"}, {"报告": reports}, {"数据": datasets},
            {"数据质量": "quality.md"}, {"关于": "about.md"}]


def build(ctx: SiteContext) -> None:
    for pkg in ctx.packages:
        write_report(ctx, pkg)
        write_dataset_pages(ctx, pkg)
    write_quality(ctx)
    write_indexes(ctx)
    ctx.nav = make_nav(ctx)
