"""The template's identities, the prose's restatements and the checks across years.

Works on a plain mapping (table, row, column) -> value, so the same code checks a report
being ingested and a committed package. A value is an int, a Decimal (as printed) or None
(blank as printed): a check over a blank cell is "uncheckable", never filled with zero.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from . import template as T
from .numbers import fmt
from .states import CheckState


@dataclass
class Check:
    id: str  # stable: what a package declares to accept a known inconsistency
    rule: str
    description: str
    table: str
    rows: tuple[str, ...]
    column: str
    expected: int | Decimal | None  # what the template (or the table) says it should be
    found: int | Decimal | None  # what the report prints
    status: CheckState = CheckState.PASS
    reason: str = ""  # the declaration's reason, for declared ones
    package: str = ""
    sentence: str = ""  # the prose sentence, for a restatement
    other: str = ""  # the other package of a check across years (the previous year's)

    @property
    def ok(self) -> bool:
        return self.status not in (CheckState.FAIL,)

    def message(self) -> str:
        where = f"{self.package}: " if self.package else ""
        return (f"{where}{self.id}: table {self.table}, row {'+'.join(self.rows)}, column "
                f"{self.column}: {self.description}; expected {fmt(self.expected)}, found "
                f"{fmt(self.found)}")


def _sum(figures, terms):
    """The sum of the cells, or None when one of them is blank (not printed)."""
    values = [figures[t] for t in terms]
    if any(v is None for v in values):
        return None
    return sum(values)


def _state(lhs, rhs, failed: CheckState = CheckState.FAIL) -> CheckState:
    if lhs is None or rhs is None:
        return CheckState.UNCHECKABLE
    return CheckState.PASS if lhs == rhs else failed


def identity_checks(figures: dict, form: T.Format = T.FORMAT_2021) -> list[Check]:
    out = []
    for ident in form.identities:
        lhs, rhs = _sum(figures, ident.lhs), _sum(figures, ident.rhs)
        table = ident.lhs[0][0]
        rows = tuple(dict.fromkeys(t[1] for t in (*ident.lhs, *ident.rhs)))
        cols = tuple(dict.fromkeys(t[2] for t in (*ident.lhs, *ident.rhs)))
        column = cols[0] if len(cols) == 1 else ident.lhs[0][2]
        if ident.rule in ("requests.applicants", "appeals.total"):  # one row, across columns
            rows = (ident.lhs[0][1],)
            column = "total"
        out.append(Check(ident.id, ident.rule, ident.description, table, rows, column,
                         expected=rhs, found=lhs, status=_state(lhs, rhs)))
    return out


def decimals(value) -> int:
    text = fmt(value)
    return len(text.split(".")[1]) if "." in text else 0


def _share(part, whole, places: int) -> Decimal | None:
    """100 * part / whole rounded half up to `places` decimals, as a person rounds."""
    if part is None or not whole:
        return None
    share = Decimal(100) * Decimal(part) / Decimal(whole)
    return share.quantize(Decimal(1).scaleb(-places), rounding="ROUND_HALF_UP")


def restatement_checks(figures: dict, highlights: list[dict],
                       form: T.Format = T.FORMAT_2021) -> list[Check]:
    """Each prose figure that restates table cells is compared with them. A prose figure that
    disagrees is a finding to publish (mismatch), not a reason to refuse the report."""
    by_code = {h.code: h for h in form.highlights}
    out = []
    for stated in highlights:
        h = by_code.get(stated["code"])
        if h is None or not h.restates:
            continue
        value = stated["value"]
        computed = _sum(figures, h.restates)
        if h.share_of:
            whole = _sum(figures, h.share_of)
            expected = _share(computed, whole, max(decimals(value), 0))
            status = CheckState.UNCHECKABLE if computed is None or whole is None else \
                _state(Decimal(value), expected, CheckState.MISMATCH) if expected is not None \
                else CheckState.MISMATCH
        else:
            expected = computed
            status = _state(value, computed, CheckState.MISMATCH)
        out.append(Check(
            f"restatement[{h.code}]", "restatement",
            f"正文“{stated.get('label', h.label)}”复述表格数据 / the prose restates the table",
            h.restates[0][0], tuple(dict.fromkeys(t[1] for t in h.restates)), h.restates[0][2],
            expected=expected, found=value, status=status, sentence=stated.get("sentence", "")))
    return out


def all_checks(figures: dict, highlights: list[dict], declared: list[dict] | None = None,
               package: str = "", form: T.Format = T.FORMAT_2021) -> list[Check]:
    checks = identity_checks(figures, form) + restatement_checks(figures, highlights, form)
    reasons = {d["check"]: d.get("reason", "") for d in (declared or [])}
    for c in checks:
        c.package = package
        if c.status in (CheckState.FAIL, CheckState.MISMATCH) and c.id in reasons:
            c.status = CheckState.DECLARED
            c.reason = reasons[c.id]
    return checks


# ---------------------------------------------------------------- across years

JUMP_FACTOR = T.JUMP_FACTOR
JUMP_MINIMUM = 10  # a jump counts when the larger of the two figures is at least this
# headline figures watched for jumps: comparable codes (template.COMPARABLE)
JUMP_WATCH = ("requests:new_requests:total", "requests:handled_total:total",
              "requests:carried_forward:total", "appeals:administrative_reconsideration:total",
              "appeals:litigation_direct:total", "proactive:administrative_licensing:decisions",
              "proactive:administrative_penalty:decisions")


def comparable_value(pkg, code: str):
    """A comparable figure of a package in its own format (None where blank or absent)."""
    comp = T.COMPARABLE[code]
    terms = comp.terms.get(pkg.form.code, ())
    if not terms:
        return None
    return _sum(pkg.figures, terms)


def _row_label(code: str) -> str:
    return T.FORMAT_2021.member_label("requests", "row", code)


def _pair_checks(pkg, prev) -> list[Check]:
    out = []
    for a in T.APPLICANTS:
        found = pkg.figures.get(("requests", "carried_over", a.code))
        expected = prev.figures.get(("requests", "carried_forward", a.code))
        out.append(Check(f"requests.carry[{a.code}]", T.CROSS_YEAR_RULE.code,
                         f"{a.label}：本年{_row_label('carried_over')} = "
                         f"{prev.year}年{_row_label('carried_forward')}",
                         "requests", ("carried_over",), a.code, expected, found,
                         _state(found, expected, CheckState.MISMATCH), other=prev.id))
    for item in ("rules", "normative_documents"):
        terms = {"in_force": ("proactive", item, "in_force"),
                 "issued": ("proactive", item, "issued"),
                 "repealed": ("proactive", item, "repealed")}
        if not (pkg.form.has(terms["issued"]) and prev.form.has(terms["in_force"])):
            continue  # the 2019 format has no stock in force
        start, issued, repealed = (prev.figures[terms["in_force"]], pkg.figures[terms["issued"]],
                                   pkg.figures[terms["repealed"]])
        found = pkg.figures[terms["in_force"]]
        expected = None if None in (start, issued, repealed) else start + issued - repealed
        label = T.FORMAT_2021.member_label("proactive", "row", item)
        out.append(Check(f"proactive.stock[{item}]", T.STOCK_RULE.code,
                         f"{label}：{prev.year}年现行有效 + 本年制发 − 本年废止 = 本年现行有效",
                         "proactive", (item,), "in_force", expected, found,
                         _state(found, expected, CheckState.INFO), other=prev.id))
    for code in JUMP_WATCH:
        now, before = comparable_value(pkg, code), comparable_value(prev, code)
        if now is None or before is None or max(now, before) < JUMP_MINIMUM:
            continue
        if min(now, before) * JUMP_FACTOR > max(now, before):
            continue
        comp = T.COMPARABLE[code]
        table, row, col = code.split(":")
        out.append(Check(f"jump[{code}]", T.JUMP_RULE.code,
                         f"{comp.label}：与{prev.year}年相比变化超过{JUMP_FACTOR}倍",
                         table, (row,), col, before, now, CheckState.INFO, other=prev.id))
    return out


def cross_year_checks(packages) -> list[Check]:
    """Checks between consecutive years of one publisher: the carry-over (a mismatch is a
    finding), the stock of documents in force and large jumps (information)."""
    by_key = {(p.publisher_key, p.year): p for p in packages}
    out = []
    for (publisher, year), pkg in sorted(by_key.items()):
        prev = by_key.get((publisher, year - 1))
        if prev is None:
            continue
        declared = {d["check"]: d.get("reason", "") for d in
                    pkg.descriptor.get("known_inconsistencies", [])}
        for c in _pair_checks(pkg, prev):
            c.package = pkg.id
            if c.status == CheckState.MISMATCH and c.id in declared:
                c.status, c.reason = CheckState.DECLARED, declared[c.id]
            out.append(c)
    return out
