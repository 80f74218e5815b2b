"""The template's identities and the prose's restatements, checked on figures.

Works on a plain mapping (table, row, column) -> value, so the same code checks a report
being ingested and a committed package.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from . import template as T


@dataclass
class Check:
    id: str  # stable: what a package declares to accept a known inconsistency
    rule: str
    description: str
    table: str
    rows: tuple[str, ...]
    column: str
    expected: float | int | None  # what the template (or the table) says it should be
    found: float | int | None  # what the report prints
    status: str = "pass"  # pass | fail | declared
    reason: str = ""  # the declaration's reason, for declared ones
    package: str = ""

    @property
    def ok(self) -> bool:
        return self.status != "fail"

    def message(self) -> str:
        where = f"{self.package}: " if self.package else ""
        return (f"{where}{self.id}: table {self.table}, row {'+'.join(self.rows)}, column "
                f"{self.column}: {self.description}; expected {fmt(self.expected)}, found "
                f"{fmt(self.found)}")


def fmt(v) -> str:
    if v is None:
        return "—"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return repr(v) if isinstance(v, float) else str(v)


def _sum(figures, terms):
    return sum(figures[t] for t in terms)


def identity_checks(figures: dict) -> list[Check]:
    out = []
    for ident in T.IDENTITIES:
        lhs, rhs = _sum(figures, ident.lhs), _sum(figures, ident.rhs)
        table = ident.lhs[0][0]
        rows = tuple(dict.fromkeys(t[1] for t in (*ident.lhs, *ident.rhs)))
        cols = tuple(dict.fromkeys(t[2] for t in (*ident.lhs, *ident.rhs)))
        column = cols[0] if len(cols) == 1 else ident.lhs[0][2]
        if ident.rule in ("requests.applicants", "appeals.total"):  # one row, across columns
            rows = (ident.lhs[0][1],)
            column = "total"
        out.append(Check(ident.id, ident.rule, ident.description, table, rows, column,
                         expected=rhs, found=lhs, status="pass" if lhs == rhs else "fail"))
    return out


def decimals(value) -> int:
    text = fmt(value)
    return len(text.split(".")[1]) if "." in text else 0


def restatement_checks(figures: dict, highlights: list[dict]) -> list[Check]:
    """Each prose figure that restates table cells must equal them (shares: when rounded)."""
    by_code = {h.code: h for h in T.HIGHLIGHTS}
    out = []
    for stated in highlights:
        h = by_code.get(stated["code"])
        if h is None or not h.restates:
            continue
        value = stated["value"]
        computed = _sum(figures, h.restates)
        rows = tuple(dict.fromkeys(t[1] for t in h.restates))
        column = h.restates[0][2]
        table = h.restates[0][0]
        if h.share_of:
            denom = _sum(figures, h.share_of)
            share = 100.0 * computed / denom if denom else math.nan
            places = decimals(value)
            tolerance = 0.5 * 10 ** -places + 1e-9
            ok = not math.isnan(share) and abs(share - value) <= tolerance
            expected = round(share, max(places, 2)) if not math.isnan(share) else None
        else:
            ok = computed == value
            expected = computed
        out.append(Check(
            f"restatement[{h.code}]", "restatement",
            f"正文“{stated.get('label', h.label)}”复述表格数据 / the prose restates the table",
            table, rows, column, expected=expected, found=value,
            status="pass" if ok else "fail"))
    return out


def all_checks(figures: dict, highlights: list[dict], declared: list[dict] | None = None,
               package: str = "") -> list[Check]:
    checks = identity_checks(figures) + restatement_checks(figures, highlights)
    reasons = {d["check"]: d.get("reason", "") for d in (declared or [])}
    for c in checks:
        c.package = package
        if c.status == "fail" and c.id in reasons:
            c.status = "declared"
            c.reason = reasons[c.id]
    return checks


def cross_year_checks(packages) -> list[Check]:
    """This year's carried-over equals last year's carried-forward, same publisher."""
    by_key = {(p.publisher, p.year): p for p in packages}
    out = []
    for (publisher, year), pkg in sorted(by_key.items()):
        prev = by_key.get((publisher, year - 1))
        if prev is None:
            continue
        declared = {d["check"]: d.get("reason", "") for d in
                    pkg.descriptor.get("known_inconsistencies", [])}
        for a in T.APPLICANTS:
            found = pkg.value("requests", "carried_over", a.code)
            expected = prev.value("requests", "carried_forward", a.code)
            cid = f"requests.carry[{a.code}]"
            status = "pass" if found == expected else ("declared" if cid in declared else "fail")
            out.append(Check(cid, T.CROSS_YEAR_RULE.code,
                             f"{a.label}：本年上年结转 = {prev.id} 结转下年度", "requests",
                             ("carried_over",), a.code, expected, found, status,
                             declared.get(cid, ""), pkg.id))
    return out
