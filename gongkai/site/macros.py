"""mkdocs-macros module: the only way hand-written pages in docs/ get figures.

`gongkai build` sets `CURRENT` to the build's SiteContext before running MkDocs; the macros
below read every figure and label from it (packages) and from gongkai/template.py. A macro that
fails, or an undefined variable, fails the build (`on_error_fail`, `on_undefined: strict`).
"""

from __future__ import annotations

from .. import template as T
from .util import esc, grouped, human_size, pct

CURRENT = None  # gongkai.site.build.SiteContext of the running build


def _ctx():
    if CURRENT is None:
        raise RuntimeError("the gongkai macros need `gongkai build` (it loads the data packages)")
    return CURRENT


def _pkg(pkg_id: str | None = None):
    ctx = _ctx()
    if pkg_id is None:
        if ctx.latest is None:
            raise RuntimeError("no data packages")
        return ctx.latest
    return ctx.package(pkg_id)


def define_env(env) -> None:  # noqa: C901 - one small function per macro
    from . import pages

    @env.macro
    def figure(table: str, row: str, col: str, pkg_id: str | None = None) -> str:
        """One figure of a report's tables, with thousands separators."""
        return grouped(_pkg(pkg_id).figures[(table, row, col)])

    @env.macro
    def label(table: str, axis: str, code: str) -> str:
        return esc(T.member_label(table, axis, code))

    @env.macro
    def highlight(code: str, pkg_id: str | None = None) -> str:
        for h in _pkg(pkg_id).highlights:
            if h["code"] == code:
                return grouped(h["value"]) + esc(h.get("unit", ""))
        raise KeyError(f"the report states no figure {code!r}")

    @env.macro
    def counts() -> dict:
        ctx = _ctx()
        checks = [c for r in ctx.results.values() for c in r.checks]
        return {
            "reports": len(ctx.packages),
            "publishers": len({p.publisher for p in ctx.packages}),
            "years": "、".join(str(y) for y in sorted({p.year for p in ctx.packages})),
            "figures": grouped(sum(len(p.figures) for p in ctx.packages)),
            "checks": grouped(len(checks)),
            "passed": grouped(sum(c.status == "pass" for c in checks)),
            "declared": grouped(sum(c.status == "declared" for c in checks)),
        }

    @env.macro
    def latest_report() -> str:
        """Headline cards of the latest report (figures from its tables and its prose)."""
        pkg = _pkg()
        f = pkg.figures
        handled = f[("requests", "handled_total", "total")]
        shown = f[("requests", "disclosed", "total")] + f[("requests", "partially_disclosed",
                                                             "total")]
        lit = f[("appeals", "litigation_direct", "total")] + \
            f[("appeals", "litigation_after_reconsideration", "total")]
        groups = {g.code: g for g in T.REQUEST_GROUPS}
        cards = [
            (T.REQUESTS.row("new_requests").label, grouped(f[("requests", "new_requests",
                                                              "total")]), "件"),
            (T.REQUESTS.row("handled_total").number + groups["outcomes"].label
             + T.REQUESTS.row("handled_total").label, grouped(handled), "件"),
            (T.OUTCOME_GROUP_LABELS["disclosed"][0] + "及" +
             T.OUTCOME_GROUP_LABELS["partially_disclosed"][0] + "占比",
             pct(100.0 * shown / handled, 1) if handled else "—", ""),
            (T.APPEALS.row("administrative_reconsideration").label,
             grouped(f[("appeals", "administrative_reconsideration", "total")]), "件"),
            (T.APPEALS.row("litigation_direct").group_label, grouped(lit), "件"),
            (T.PROACTIVE.row("normative_documents").label + T.PROACTIVE.col("in_force").label,
             grouped(f[("proactive", "normative_documents", "in_force")]), "件"),
        ]
        html = ['<div class="gk-cards">']
        for title, value, unit in cards:
            html.append(f'<div class="gk-card"><div class="gk-card-value">{esc(value)}'
                        f'<small>{esc(unit)}</small></div><div class="gk-card-label">{esc(title)}'
                        "</div></div>")
        html.append("</div>")
        return "".join(html)

    @env.macro
    def latest() -> dict:
        pkg = _pkg()
        return {"id": pkg.id, "title": esc(pkg.descriptor.get("title", "")),
                "publisher": esc(pkg.publisher), "year": pkg.year,
                "url": pages.url_of(pages.report_page(pkg)),
                "dataset": pages.url_of(pages.dataset_page(pkg))}

    @env.macro
    def reports_table() -> str:
        return pages._report_rows(_ctx(), "index.md")

    @env.macro
    def download_list(pkg_id: str | None = None) -> str:
        pkg = _pkg(pkg_id)
        files = _ctx().downloads.get(pkg.id, {})
        items = [f'<li><a href="{f.path}" download>{esc(f.path.rsplit("/", 1)[-1])}</a>：'
                 f"{esc(f.label)}，{human_size(f.bytes)}</li>" for f in files.values()]
        return "<ul>" + "".join(items) + "</ul>"

    @env.macro
    def cite(pkg_id: str | None = None) -> str:
        return esc(pages.citation(_ctx(), _pkg(pkg_id)))

    @env.macro
    def template_info() -> dict:
        return {"id": T.TEMPLATE_ID, "title": T.TEMPLATE_TITLE, "first_year": T.FIRST_YEAR}

    @env.macro
    def sections_list() -> str:
        return "<ol class=\"gk-plain\">" + "".join(
            f"<li>{esc(h)}（{esc(en)}）</li>" for _c, h, en in T.SECTIONS) + "</ol>"

    @env.macro
    def tables_list() -> str:
        rows = []
        for t in T.TABLES.values():
            leaf = [r for r in t.rows if r.leaf]
            rows.append(f"<tr><td>{esc(t.heading)}</td><td><code>{t.code}</code></td>"
                        f"<td>{len(leaf)}</td><td>{len(t.cols)}</td>"
                        f"<td>{len(t.cell_keys())}</td></tr>")
        return ('<div class="gk-table-wrap"><table><thead><tr><th scope="col">表格</th>'
                '<th scope="col">资源</th><th scope="col">行</th><th scope="col">列</th>'
                '<th scope="col">数据项</th></tr></thead><tbody>' + "".join(rows)
                + "</tbody></table></div>")

    @env.macro
    def rules_list() -> str:
        items = [f"<li><code>{esc(r.code)}</code>：{esc(r.description)}</li>" for r in T.RULES]
        items.append(f"<li><code>{esc(T.CROSS_YEAR_RULE.code)}</code>："
                     f"{esc(T.CROSS_YEAR_RULE.description)}</li>")
        return "<ul>" + "".join(items) + "</ul>"

    @env.macro
    def highlights_list() -> str:
        items = [f"<li>{esc(h.label)}（{esc(h.unit)}）" + ("：复述表格数据" if h.restates else "")
                 + ("，为占比" if h.share_of else "") + "</li>" for h in T.HIGHLIGHTS]
        return "<ul class=\"gk-columns\">" + "".join(items) + "</ul>"

    @env.macro
    def identity_count() -> int:
        return len(T.IDENTITIES)
