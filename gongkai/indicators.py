"""Indicators, defined once: each a formula over the template's comparable figures.

Peers compute rates such as 公开率 behind a login with formulas nobody sees. Here every
indicator states its formula over template codes (`template.COMPARABLE`, so that the 2019 and
2021 formats give the same indicator), its unit, and the smallest denominator below which the
value is shown as 样本过少 and left out of rankings. A value is computed exactly (Decimal) from
the figures as printed and rounded once, half up, to two decimals; its numerator and
denominator are published beside it so that anyone can recompute it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from . import template as T

PLACES = Decimal("0.01")


@dataclass(frozen=True)
class Indicator:
    id: str
    name: str  # Chinese
    name_en: str
    numerator: tuple[str, ...]  # comparable codes, summed
    denominator: tuple[str, ...]
    unit: str  # "%" or "件/百件"
    min_denominator: int

    @property
    def scale(self) -> int:
        return 100

    def formula(self) -> str:
        """The formula in words, from the template's labels."""
        def side(codes):
            names = _names(codes)
            text = " + ".join(names)
            return f"({text})" if len(names) > 1 else text
        return f"{side(self.numerator)} ÷ {side(self.denominator)} × {self.scale}"

    def formula_codes(self) -> str:
        return f"100 * ({' + '.join(self.numerator)}) / ({' + '.join(self.denominator)})"


def _names(codes: tuple[str, ...]) -> list[str]:
    """Short printed names of the figures summed: a whole outcome group by its heading."""
    rest = list(codes)
    out = []
    for g in T.REQUEST_GROUPS[1:]:
        leaves = [f"requests:{r}:total" for r in T.OUTCOME_GROUPS[g.code]]
        if len(leaves) > 1 and all(c in rest for c in leaves):
            out.append(f"{g.number}{g.label}")
            rest = [c for c in rest if c not in leaves]
    for code in rest:
        table, row, col = code.split(":")
        m = T.TABLES[table].row(row)
        name = f"{m.number}{m.label}".split("（区分")[0]
        if table == "appeals":
            name = f"{m.label}{T.TABLES[table].col(col).label}"
        out.append(name)
    return out


def _total(*rows: str) -> tuple[str, ...]:
    return tuple(f"requests:{r}:total" for r in rows)


def _appeals(proceedings: tuple[str, ...], *results: str) -> tuple[str, ...]:
    return tuple(f"appeals:{p}:{r}" for p in proceedings for r in results)


_LITIGATION = ("litigation_direct", "litigation_after_reconsideration")
_RECONSIDERATION = ("administrative_reconsideration",)
_HANDLED = _total("handled_total")
_GROUP = {code: zh for code, (zh, _en) in T.OUTCOME_GROUP_LABELS.items()}

INDICATORS: tuple[Indicator, ...] = (
    Indicator("disclosure_rate", "公开率", "Disclosure rate",
              _total("disclosed", "partially_disclosed"), _HANDLED, "%", 10),
    Indicator("withheld_rate", _GROUP["withheld"] + "率", "Withheld rate",
              _total(*T.OUTCOME_GROUPS["withheld"]), _HANDLED, "%", 10),
    Indicator("unavailable_rate", _GROUP["unavailable"] + "率", "Cannot-provide rate",
              _total(*T.OUTCOME_GROUPS["unavailable"]), _HANDLED, "%", 10),
    Indicator("unprocessed_rate", _GROUP["unprocessed"] + "率", "Not-processed rate",
              _total(*T.OUTCOME_GROUPS["unprocessed"]), _HANDLED, "%", 10),
    Indicator("carry_forward_rate", "结转率", "Carry-forward rate",
              _total("carried_forward"), _total("new_requests", "carried_over"), "%", 10),
    Indicator("reconsideration_correction_rate", "复议纠错率", "Reconsideration correction rate",
              _appeals(_RECONSIDERATION, "corrected"),
              _appeals(_RECONSIDERATION, "upheld", "corrected", "other"), "%", 5),
    Indicator("litigation_correction_rate", "诉讼纠错率", "Lawsuit correction rate",
              _appeals(_LITIGATION, "corrected"),
              _appeals(_LITIGATION, "upheld", "corrected", "other"), "%", 5),
    Indicator("appeals_per_100_requests", "复议诉讼占比", "Reviews and lawsuits per 100 requests",
              (*_appeals(_RECONSIDERATION, "total"), *_appeals(_LITIGATION, "total")),
              _total("new_requests"), "件/百件", 10),
)
BY_ID: dict[str, Indicator] = {i.id: i for i in INDICATORS}

SMALL_SAMPLE = "样本过少"


@dataclass(frozen=True)
class Value:
    """An indicator of one report: value (None when not computable), parts, and why."""

    indicator: Indicator
    value: Decimal | None
    numerator: int | Decimal | None
    denominator: int | Decimal | None
    state: str  # "ok" | "small" (below the minimum denominator) | "blank" (a cell not printed)

    @property
    def ranked(self) -> bool:
        return self.state == "ok"


def _sum(figures: dict, form: T.Format, codes: tuple[str, ...]):
    total = 0
    for code in codes:
        terms = T.COMPARABLE[code].terms.get(form.code, ())
        if not terms:
            return None
        for term in terms:
            v = figures.get(term)
            if v is None:
                return None
            total += v
    return total


def compute(indicator: Indicator, figures: dict, form: T.Format) -> Value:
    num = _sum(figures, form, indicator.numerator)
    den = _sum(figures, form, indicator.denominator)
    if num is None or den is None:
        return Value(indicator, None, num, den, "blank")
    if den < indicator.min_denominator or den == 0:
        return Value(indicator, None, num, den, "small")
    value = (Decimal(indicator.scale) * Decimal(num) / Decimal(den)).quantize(
        PLACES, rounding=ROUND_HALF_UP)
    return Value(indicator, value, num, den, "ok")


def compute_all(figures: dict, form: T.Format) -> list[Value]:
    return [compute(i, figures, form) for i in INDICATORS]


def of_package(pkg) -> list[Value]:
    return compute_all(pkg.figures, pkg.form)

