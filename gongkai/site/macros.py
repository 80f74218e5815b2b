"""mkdocs-macros module: the only way hand-written pages in docs/ get figures.

`gongkai build` passes the build's SiteContext to MkDocs in the configuration's `extra`
(under `CONTEXT_KEY`); the macros below read every figure and label from it (packages) and from
gongkai/template.py, and write their HTML from `templates/macros.html`. A macro that fails, or
an undefined variable, fails the build (`on_error_fail`, `on_undefined: strict`).
"""

from __future__ import annotations

from .. import template as T
from . import citation
from .lists import rows_per_page
from .model import SiteContext
from .pages import report_rows
from .render import environment
from .util import dataset_page, esc, grouped, pct, report_page, url_of

CONTEXT_KEY = "gongkai_build"


def _parts(name: str):
    return getattr(environment().get_template("macros.html").module, name)


def site_context(env) -> SiteContext:
    ctx = (env.conf.get("extra") or {}).get(CONTEXT_KEY)
    if not isinstance(ctx, SiteContext):
        raise RuntimeError("the gongkai macros need `gongkai build` (it loads the data packages)")
    return ctx


def _pkg(ctx: SiteContext, pkg_id: str | None = None):
    if pkg_id is None:
        if ctx.latest is None:
            raise RuntimeError("no data packages")
        return ctx.latest
    return ctx.package(pkg_id)


def headline_cards(pkg) -> list[tuple[str, str, str]]:
    """(label, value, unit) of the latest report's headline cards, labels from the template."""
    f = pkg.figures

    def total(*keys):
        values = [f.get(k) for k in keys]
        return None if None in values else sum(values)

    def shown(value) -> str:
        return "—" if value is None else grouped(value)

    handled = total(("requests", "handled_total", "total"))
    disclosed = total(("requests", "disclosed", "total"),
                      ("requests", "partially_disclosed", "total"))
    lit = total(("appeals", "litigation_direct", "total"),
                ("appeals", "litigation_after_reconsideration", "total"))
    groups = {g.code: g for g in T.REQUEST_GROUPS}
    handled_row = T.REQUESTS.row("handled_total")
    cards = [
        (T.REQUESTS.row("new_requests").label, shown(total(("requests", "new_requests",
                                                             "total"))), "件"),
        (handled_row.number + groups["outcomes"].label + handled_row.label, shown(handled),
         "件"),
        (T.OUTCOME_GROUP_LABELS["disclosed"][0] + "及" +
         T.OUTCOME_GROUP_LABELS["partially_disclosed"][0] + "占比",
         pct(100.0 * float(disclosed) / float(handled), 1) if handled and disclosed is not None
         else "—", ""),
        (T.APPEALS.row("administrative_reconsideration").label,
         shown(total(("appeals", "administrative_reconsideration", "total"))), "件"),
        (T.APPEALS.row("litigation_direct").group_label, shown(lit), "件"),
    ]
    if pkg.form.has(("proactive", "normative_documents", "in_force")):
        cards.append((T.PROACTIVE.row("normative_documents").label +
                      T.PROACTIVE.col("in_force").label,
                      shown(f[("proactive", "normative_documents", "in_force")]), "件"))
    return cards


def define_env(env) -> None:
    ctx = site_context(env)
    for name, fn in macros(ctx).items():
        env.macro(fn, name)


def macros(ctx: SiteContext) -> dict:
    """The macros of the hand-written pages, reading the build `ctx`."""

    def figure(table: str, row: str, col: str, pkg_id: str | None = None) -> str:
        """One figure of a report's tables, with thousands separators."""
        return grouped(_pkg(ctx, pkg_id).figures[(table, row, col)])

    def highlight(code: str, pkg_id: str | None = None) -> str:
        for h in _pkg(ctx, pkg_id).highlights:
            if h["code"] == code:
                return grouped(h["value"]) + esc(h.get("unit", ""))
        raise KeyError(f"the report states no figure {code!r}")

    def counts() -> dict:
        total = ctx.total_counts
        return {"reports": len(ctx.packages),
                "publishers": len({p.publisher for p in ctx.packages}),
                "years": "、".join(str(y) for y in sorted({p.year for p in ctx.packages})),
                "figures": grouped(sum(len(p.figures) for p in ctx.packages)),
                "checks": grouped(total.total), "passed": grouped(total.passed),
                "declared": grouped(total.declared)}

    def latest() -> dict:
        pkg = _pkg(ctx)
        return {"id": pkg.id, "title": esc(pkg.descriptor.get("title", "")),
                "publisher": esc(pkg.publisher), "year": pkg.year,
                "url": url_of(report_page(pkg)), "dataset": url_of(dataset_page(pkg))}

    def download_list(pkg_id: str | None = None) -> str:
        return _parts("download_list")(ctx.downloads.get(_pkg(ctx, pkg_id).id, {}).values())

    def cite(pkg_id: str | None = None) -> str:
        pkg = _pkg(ctx, pkg_id)
        return esc(citation.dataset_citations(ctx, pkg, ctx.history[pkg.id])["gbt7714"])

    return {
        "figure": figure,
        "label": lambda table, axis, code: esc(T.member_label(table, axis, code)),
        "highlight": highlight,
        "counts": counts,
        "latest_report": lambda: _parts("cards")(headline_cards(_pkg(ctx))),
        "latest": latest,
        "reports_table": lambda: environment().get_template("parts.html").module.reports_table(
            "index.md", report_rows(ctx)[:rows_per_page(ctx)],
            T.REQUESTS.row("new_requests").label),
        "download_list": download_list,
        "cite": cite,
        "template_info": lambda: {"id": T.TEMPLATE_ID, "title": T.TEMPLATE_TITLE,
                                  "first_year": T.FIRST_YEAR},
        "sections_list": lambda: _parts("sections_list")(T.SECTIONS),
        "tables_list": lambda: _parts("tables_list")(T.TABLES.values()),
        "rules_list": lambda: _parts("rules_list")([*T.RULES, T.CROSS_YEAR_RULE]),
        "highlights_list": lambda: _parts("highlights_list")(T.HIGHLIGHTS),
        "identity_count": lambda: len(T.IDENTITIES),
    }
