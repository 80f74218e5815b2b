"""Tables across reports, with pandas: a body's years as a series, a year across bodies.

Everything here starts from one long table of the comparable figures of every package
(`figures_frame`): one row per (package, comparable figure), in the codes of
`template.COMPARABLE`, so that a 2019-format report joins a 2021-format series where the figure
means the same. A series marks where the format changes and whether a figure's definition
changed with it (a break is drawn, never hidden). Levels are never added together: a city's
report already counts its districts.
"""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

from . import template as T
from .indicators import INDICATORS, of_package

HEADLINES = ("requests:new_requests:total", "requests:handled_total:total",
             "requests:carried_forward:total", "appeals:administrative_reconsideration:total",
             "appeals:litigation_direct:total", "appeals:litigation_after_reconsideration:total")
LEVEL_ORDER = ("provincial", "prefectural", "county", "township", "department", "unknown")


def _value(pkg, comp: T.Comparable):
    terms = comp.terms.get(pkg.form.code, ())
    if not terms:
        return None
    values = [pkg.figures.get(t) for t in terms]
    return None if any(v is None for v in values) else sum(values)


def figures_frame(packages) -> pd.DataFrame:
    """Long table: package, publisher, level, year, format, code, value (None = blank), and
    `same_cells`: whether the figure is one printed cell in this format (False for a sum)."""
    rows = []
    for pkg in packages:
        rep = pkg.report
        for comp in T.COMPARABILITY:
            terms = comp.terms.get(pkg.form.code, ())
            if not terms:
                continue
            rows.append({"package": pkg.id, "publisher": pkg.publisher_key,
                         "publisher_name": pkg.publisher, "level": rep.get("level", "unknown"),
                         "year": pkg.year, "format": pkg.form.code, "code": comp.code,
                         "value": _value(pkg, comp), "same_cells": len(terms) == 1})
    columns = ["package", "publisher", "publisher_name", "level", "year", "format", "code",
               "value", "same_cells"]
    return pd.DataFrame(rows, columns=columns)


def indicators_frame(packages) -> pd.DataFrame:
    """One row per (package, indicator): value, numerator, denominator and state."""
    rows = []
    for pkg in packages:
        for v in of_package(pkg):
            rows.append({"package": pkg.id, "publisher": pkg.publisher_key,
                         "level": pkg.report.get("level", "unknown"), "year": pkg.year,
                         "indicator": v.indicator.id, "value": v.value,
                         "numerator": v.numerator, "denominator": v.denominator,
                         "state": v.state})
    return pd.DataFrame(rows, columns=["package", "publisher", "level", "year", "indicator",
                                       "value", "numerator", "denominator", "state"])


def series(frame: pd.DataFrame, publisher: str) -> pd.DataFrame:
    """A body's figures as a table: one row per comparable code, one column per year."""
    own = frame[frame["publisher"] == publisher]
    table = own.pivot_table(index="code", columns="year", values="value", aggfunc="first",
                            dropna=False)
    order = [c.code for c in T.COMPARABILITY if c.code in table.index]
    return table.reindex(order)


def format_breaks(frame: pd.DataFrame, publisher: str) -> list[tuple[int, int, str, str]]:
    """(year before, year after, format before, format after) where the format changes."""
    years = (frame[frame["publisher"] == publisher][["year", "format"]].drop_duplicates()
             .sort_values("year").itertuples(index=False))
    out, prev = [], None
    for year, form in years:
        if prev is not None and prev[1] != form:
            out.append((prev[0], year, prev[1], form))
        prev = (year, form)
    return out


def year_summary(frame: pd.DataFrame, year: int) -> dict:
    """A year across bodies, level by level (never summed across levels): coverage, totals
    and medians of the headline figures, change on the previous year for bodies present in
    both, and the largest and smallest body by each headline figure."""
    now = frame[(frame["year"] == year) & frame["code"].isin(HEADLINES)]
    before = frame[(frame["year"] == year - 1) & frame["code"].isin(HEADLINES)]
    levels = {}
    for level in [lv for lv in LEVEL_ORDER if lv in set(now["level"])]:
        cur = now[now["level"] == level]
        prev = before[before["level"] == level]
        both = set(cur["publisher"]) & set(prev["publisher"])
        measures = {}
        for code in HEADLINES:
            col = cur[(cur["code"] == code) & cur["value"].notna()]
            values = [Decimal(v) for v in col["value"]]
            ranked = sorted(zip(values, col["package"]), key=lambda x: (-x[0], x[1]))
            same_now = col[col["publisher"].isin(both)]["value"].sum()
            p = prev[(prev["code"] == code) & prev["publisher"].isin(both) & prev["value"].notna()]
            measures[code] = {
                "reports": len(values),
                "total": sum(values) if values else None,
                "median": _median(values),
                "largest": ranked[0] if ranked else None,
                "smallest": ranked[-1] if ranked else None,
                "both_years": len(both),
                "change": (same_now - p["value"].sum()) if both else None,
            }
        levels[level] = {"reports": cur["package"].nunique(),
                         "bodies": cur["publisher"].nunique(), "measures": measures}
    return {"year": year, "levels": levels}


def _median(values: list[Decimal]):
    if not values:
        return None
    s = sorted(values)
    mid = len(s) // 2
    return s[mid] if len(s) % 2 else (s[mid - 1] + s[mid]) / 2


def indicator_names() -> dict[str, str]:
    return {i.id: i.name for i in INDICATORS}
