"""Loader: the compare tool (`compare/`): choose publishers, years and a figure or an indicator,
see a table and a chart, download that table as CSV. Static: the page loads small JSON files.

The data is split so that what a browser loads stays small when the corpus is large:

- `compare/data/index.json`: every publisher (id, name, other names, pinyin initials, level,
  years with a report; a row of `FIELDS` each) and every measure (code, label, unit, group,
  formula);
- `compare/data/m/<measure>/<k>.json`: one measure's values for chunk k of the publishers
  (publishers in index order, `CHUNK` to a file): `{"v": {publisher: {year: value}}}`.

A view of a few publishers loads the index and one small file per publisher chunk it touches,
never one file of everything. Figures are the comparable figures of the template
(`template.COMPARABILITY`, so a 2019-format report joins a 2021-format series where the figure
means the same), as `corpus.figures_frame` gives them; indicators are `indicators.of_package`'s
values. A blank cell is `null` (never 0), an indicator below its minimum denominator is
`"样本过少"`, a decimal keeps every printed digit as a string; a year without a report is absent.
"""

from __future__ import annotations

import json
from decimal import Decimal

from pypinyin import Style, lazy_pinyin

from .. import template as T
from ..corpus import LEVEL_ORDER, figures_frame, indicators_frame
from ..divisions import LEVELS
from ..indicators import INDICATORS, SMALL_SAMPLE
from ..numbers import fmt
from ..publishers import load_registry
from .model import SiteContext
from .render import write_page
from .util import rel, write_text

PAGE = "compare/index.md"
DATA = "compare/data"
CHUNK = 200  # publishers per measure file: ~16 KB a file whatever the size of the corpus
DEFAULT_MEASURE = "disclosure_rate"
DEFAULT_PUBLISHERS = 3  # the publishers of the newest reports
# Measured by `scripts/bench_compare.py ROOT --copies 10` on 1,000 synthetic reports ingested
# (scripts/synth_corpus.py), ten times over: 10,000 reports, 2,000 bodies, 2021-2025. Stated
# on the page, so that a reader knows what the tool costs on a large corpus.
BENCH = {"index_kib": 225, "index_gz_kib": 21, "file_kib": 13, "file_max_kib": 26,
         "first_files": 3, "first_kib": 269, "first_gz_kib": 25}


def initials(name: str) -> str:
    """Pinyin initials of a Chinese name (平潭综合实验区 -> ptzhsyq); other characters as they are."""
    return "".join(p[:1] for p in lazy_pinyin(name, style=Style.FIRST_LETTER)
                   if p.strip()).lower()


def measure_file(code: str, chunk: int) -> str:
    """Docs-relative path of a measure's file for a chunk of publishers (no `:` in names)."""
    return f"{DATA}/m/{code.replace(':', '.')}/{chunk}.json"


def compact(data) -> str:
    """JSON without spaces: the files are read by the page, not by people."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def _value(v):
    """A value as the browser gets it: int as a number, a decimal as its printed digits."""
    if v is None:
        return None
    if isinstance(v, Decimal):
        return fmt(v)
    if isinstance(v, float):  # pandas may hold a whole number as a float
        return int(v) if v.is_integer() else fmt(Decimal(str(v)))
    return int(v)


# ------------------------------------------------------------------ what the index lists


def publishers(ctx: SiteContext) -> list[dict]:
    """One entry per publisher with a report, ordered by level, then pinyin, then id."""
    registry = {p.id: p for p in load_registry(ctx.root)}
    found: dict[str, dict] = {}
    for pkg in sorted(ctx.packages, key=lambda p: (p.year, p.id)):
        key = pkg.publisher_key
        reg = registry.get(key)
        entry = found.setdefault(key, {
            "id": key, "name": reg.name if reg else pkg.publisher,
            "aliases": list(reg.aliases) if reg else [],
            "level": (reg.level if reg else pkg.report.get("level")) or "unknown",
            "years": [], "other": {}})
        for extra in (pkg.publisher, pkg.report.get("name", "")):
            if extra and extra != entry["name"] and extra not in entry["aliases"]:
                entry["aliases"].append(extra)
        if pkg.year not in entry["years"]:
            entry["years"].append(pkg.year)
            if pkg.id != f"{key}-{pkg.year}":  # the report page when the id is not the rule
                entry["other"][str(pkg.year)] = pkg.id
    out = []
    for e in found.values():
        e["initials"] = list(dict.fromkeys(initials(n) for n in [e["name"], *e["aliases"]]))
        out.append(e)
    order = {lv: i for i, lv in enumerate(LEVEL_ORDER)}
    out.sort(key=lambda e: (order.get(e["level"], len(order)), e["initials"][0], e["id"]))
    return out


FIELDS = ("id", "name", "aliases", "initials", "level", "years", "other")


def years_text(years: list[int]) -> str | list[int]:
    """Consecutive years as "2021-2025" (most bodies), else the list."""
    ys = sorted(years)
    if len(ys) > 1 and ys == list(range(ys[0], ys[-1] + 1)):
        return f"{ys[0]}-{ys[-1]}"
    return ys


def publisher_rows(pubs: list[dict], levels: list[str]) -> list[list]:
    """The publishers as rows of `FIELDS` (a third of the size of objects at 2,000 bodies):
    level as its position in `levels`, years as a range, `other` left off when empty."""
    out = []
    for p in pubs:
        row = [p["id"], p["name"], p["aliases"], p["initials"], levels.index(p["level"]),
               years_text(p["years"]), p["other"]]
        out.append(row if p["other"] else row[:-1])
    return out


def measures() -> list[dict]:
    """Indicators first, then every comparable figure grouped by its table."""
    out = [{"id": i.id, "label": i.name, "unit": i.unit, "group": "指标", "kind": "indicator",
            "formula": i.formula(), "min": i.min_denominator} for i in INDICATORS]
    for c in T.COMPARABILITY:
        entry = {"id": c.code, "label": c.label, "unit": "", "group": T.TABLES[c.table].heading,
                 "kind": "figure"}
        if c.note:
            entry["note"] = c.note
        out.append(entry)
    return out


def measure_groups(items: list[dict]) -> list[tuple[str, list[dict]]]:
    groups: dict[str, list[dict]] = {}
    for m in items:
        groups.setdefault(m["group"], []).append(m)
    return list(groups.items())


# ------------------------------------------------------------------ the measure files


def values(ctx: SiteContext) -> dict[str, dict[str, dict[str, object]]]:
    """measure -> publisher -> year -> value, for every figure and indicator (pandas)."""
    out: dict[str, dict[str, dict[str, object]]] = {}
    figs = figures_frame(ctx.packages)
    for code, pub, year, value in figs[["code", "publisher", "year", "value"]].itertuples(
            index=False):
        out.setdefault(code, {}).setdefault(pub, {}).setdefault(str(year), _value(value))
    inds = indicators_frame(ctx.packages)
    for ind, pub, year, value, state in inds[["indicator", "publisher", "year", "value",
                                              "state"]].itertuples(index=False):
        v = SMALL_SAMPLE if state == "small" else _value(value) if state == "ok" else None
        out.setdefault(ind, {}).setdefault(pub, {}).setdefault(str(year), v)
    return out


def write_data(ctx: SiteContext, pubs: list[dict], items: list[dict]) -> dict[str, int]:
    """Write the index and the measure files; returns docs-relative path -> bytes."""
    written: dict[str, int] = {}
    chunk_of = {p["id"]: i // CHUNK for i, p in enumerate(pubs)}
    years = sorted({y for p in pubs for y in p["years"]})
    levels = list(dict.fromkeys(p["level"] for p in pubs))
    index = {"chunk": CHUNK, "years": years, "small": SMALL_SAMPLE, "fields": FIELDS,
             "levels": [[lv, LEVELS.get(lv, lv)] for lv in levels],
             "publishers": publisher_rows(pubs, levels), "measures": items}
    path = f"{DATA}/index.json"
    written[path] = write_text(ctx.docs / path, compact(index), ctx.written).stat().st_size
    by_measure = values(ctx)
    for m in items:
        chunks: dict[int, dict] = {}
        for pub, series in by_measure.get(m["id"], {}).items():
            chunks.setdefault(chunk_of[pub], {})[pub] = dict(sorted(series.items()))
        for k in range(max(chunk_of.values(), default=0) + 1):
            path = measure_file(m["id"], k)
            text = compact({"id": m["id"], "v": chunks.get(k, {})})
            written[path] = write_text(ctx.docs / path, text, ctx.written).stat().st_size
    return written


def default_view(ctx: SiteContext) -> dict:
    """The view without a query: the newest reports' publishers, every year, 公开率."""
    pubs = list(dict.fromkeys(p.publisher_key for p in ctx.packages))[:DEFAULT_PUBLISHERS]
    return {"p": pubs, "y": sorted({p.year for p in ctx.packages}), "m": DEFAULT_MEASURE}


def build(ctx: SiteContext) -> None:
    pubs, items = publishers(ctx), measures()
    written = write_data(ctx, pubs, items)
    view = default_view(ctx)
    chunk_of = {p["id"]: i // CHUNK for i, p in enumerate(pubs)}
    first = [f"{DATA}/index.json"] + list(dict.fromkeys(
        measure_file(view["m"], chunk_of[p]) for p in view["p"]))
    figure_sizes = [b for path, b in written.items() if "/m/" in path]
    write_page(ctx, PAGE, "compare.md",
               {"title": "比较", "description": "按发布机关、年度比较政府信息公开年度报告的数字与指标"},
               years=sorted({p.year for p in ctx.packages}), groups=measure_groups(items),
               default=view, levels=LEVELS, publishers=len(pubs), reports=len(ctx.packages),
               index_url=rel(PAGE, f"{DATA}/index.json"), data_url=rel(PAGE, f"{DATA}/m/"),
               reports_url=rel(PAGE, "reports/"), script=rel(PAGE, "assets/javascripts/compare.js"),
               first_bytes=sum(written[p] for p in first), first_files=len(first),
               index_bytes=written[f"{DATA}/index.json"], files=len(written),
               largest=max(figure_sizes, default=0), chunk=CHUNK, small=SMALL_SAMPLE,
               bench=BENCH)
