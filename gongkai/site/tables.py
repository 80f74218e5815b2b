"""The report's three tables as printed (merged headers, labels from the template), as a grid of
cells that `templates/parts.html` writes out: the layout is computed here, the HTML there."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..numbers import fmt
from .util import field_title

BLANK_TITLE = "报告此格空白（未填写），不作为0处理 / blank in the report: not zero"
# what the figures were read from, as the report page names it (provenance `source`)
SOURCE_NAMES = {"html": "网页", "docx": "Word 文档", "doc": "Word 文档", "pdf": "PDF",
                "scan": "扫描的 PDF（经 OCR 识别）", "text": "文本"}


def where_text(place: dict | None) -> str:
    """Where a figure was, shortly: '第3页' (PDF, scan), '表2 第5行' (web page, Word),
    '原文第54行' (text); '' when the package does not say."""
    if not place:
        return ""
    if place.get("page"):
        return f"第{place['page']}页"
    if place.get("table_index") and place.get("row_index"):
        return f"表{place['table_index']} 第{place['row_index']}行"
    if place.get("line"):
        return f"原文第{place['line']}行"
    return ""


def _span(values: list[int]) -> str:
    lo, hi = min(values), max(values)
    return f"{lo}" if lo == hi else f"{lo}–{hi}"


def where_summary(pkg) -> dict | None:
    """Where the tables' figures were read from, for the sentence above the report's tables:
    {source: what they were read from, span: which pages, tables or lines, example: one
    figure's place}; None for a package without provenance."""
    places = [p for p in pkg.places.values() if where_text(p)]
    if not places:
        return None
    kind = places[0].get("source", "")
    if places[0].get("page"):
        span = f"第{_span([int(p['page']) for p in places if p.get('page')])}页"
    elif places[0].get("table_index"):
        tables = [int(p["table_index"]) for p in places if p.get("table_index")]
        span = f"第{_span(tables)}个表格" if len(set(tables)) > 1 else f"表{tables[0]}"
    else:
        span = f"第{_span([int(p['line']) for p in places if p.get('line')])}行"
    return {"source": SOURCE_NAMES.get(kind, kind), "span": span,
            "example": where_text(places[0])}


@dataclass
class Cell:
    text: str
    tag: str = "th"
    attrs: list[tuple[str, object]] = field(default_factory=list)
    note: str = ""


@dataclass
class Row:
    cells: list[Cell]
    cls: str = ""


@dataclass
class Grid:
    code: str
    caption: str
    head: list[Row] = field(default_factory=list)
    bodies: list[list[Row]] = field(default_factory=list)


def th(text: str, *, colspan: int = 1, rowspan: int = 1, scope: str = "col",
       cls: str = "") -> Cell:
    attrs: list[tuple[str, object]] = []
    if colspan > 1:
        attrs.append(("colspan", colspan))
    if rowspan > 1:
        attrs.append(("rowspan", rowspan))
    attrs.append(("scope", scope))
    if cls:
        attrs.append(("class", cls))
    return Cell(text, "th", attrs)


def figure(pkg, table: str, row: str, col: str, *, colspan: int = 1) -> Cell:
    """A figure's cell, with its codes and value as data attributes and the report's note."""
    key = (table, row, col)
    value = pkg.figures[key]
    attrs = [("id", f"c-{table}-{row}-{col}"),  # where a publisher page's table links
             ("class", "gk-num" if value is not None else "gk-num gk-blank"),
             ("data-table", table), ("data-row", row), ("data-col", col),
             ("data-value", fmt(value, missing=""))]
    where = where_text(pkg.places.get(key))  # where it was in the source
    if value is None:
        attrs.append(("title", BLANK_TITLE + (f"；原文位置：{where}" if where else "")))
    elif where:
        attrs.append(("title", where))
    if colspan > 1:
        attrs.append(("colspan", colspan))
    # as printed: a mark such as '—' or '/' or a unit stays; a blank stays blank
    text = pkg.printed.get(key) or fmt(value, missing="")
    return Cell(text, "td", attrs, pkg.notes.get(key, ""))


def _measure_spans(measures) -> list[int]:
    """Column spans of a block's measures across the table's three value columns."""
    return [4 - len(measures) if i == len(measures) - 1 and len(measures) < 3 else 1
            for i in range(len(measures))]


def _measure_head(label: str, span: int) -> Cell:
    return Cell(label, "th", [("scope", "col")] + ([("colspan", span)] if span > 1 else []))


def proactive(pkg) -> Grid:
    t = pkg.form.tables["proactive"]
    item_field = field_title(pkg, "proactive", t.row_field)
    grid = Grid("proactive", t.heading)
    for _, heading, items, measures in pkg.form.proactive_blocks:
        spans = _measure_spans(measures)
        body = [Row([th(heading, colspan=max(1 + len(measures), 4), scope="colgroup")],
                    "gk-block"),
                Row([th(item_field)] + [_measure_head(t.col(m).label, s)
                                        for m, s in zip(measures, spans)])]
        body += [Row([th(t.row(it).label, scope="row")]
                     + [figure(pkg, "proactive", it, m, colspan=s)
                        for m, s in zip(measures, spans)]) for it in items]
        grid.bodies.append(body)
    return grid


def _requests_row_heads(t, r, outcome_rows, groups, seen: set[str]) -> list[Cell]:
    if r.group == "":
        return [th(r.number + r.label, colspan=3, scope="row")]
    out = []
    if r is outcome_rows[0]:
        head = groups["outcomes"]
        out.append(th(head.number + head.label, rowspan=len(outcome_rows), scope="rowgroup",
                      cls="gk-vert"))
    if r.group == "outcomes":
        return out + [th(r.number + r.label, colspan=2, scope="row")]
    g = groups[r.group]
    if g.code not in seen:
        seen.add(g.code)
        n = sum(1 for x in t.rows if x.group == g.code)
        out.append(th(g.number + g.label, rowspan=n, scope="rowgroup"))
    return out + [th(r.number + r.label, scope="row")]


def requests(pkg) -> Grid:
    t = pkg.form.tables["requests"]
    cols = list(t.cols)
    legal = [c for c in cols if c.group == "legal_person"]
    groups = {g.code: g for g in pkg.form.request_groups}
    outcome_rows = [r for r in t.rows if r.group in groups or r.group == "outcomes"]
    second = []
    for c in cols:
        if c.group != "legal_person":
            second.append(th(c.label, rowspan=2))
        elif c is legal[0]:
            second.append(th(c.group_label, colspan=len(legal), scope="colgroup"))
    head = [Row([th(field_title(pkg, "requests", t.row_field), colspan=3, rowspan=3),
                 th(field_title(pkg, "requests", t.col_field), colspan=len(cols),
                    scope="colgroup")]),
            Row(second), Row([th(c.label) for c in legal])]
    seen: set[str] = set()
    body = [Row(_requests_row_heads(t, r, outcome_rows, groups, seen)
                + [figure(pkg, "requests", r.code, c.code) for c in cols]) for r in t.rows]
    return Grid("requests", t.heading, head, [body])


def appeals(pkg) -> Grid:
    t = pkg.form.tables["appeals"]
    results = list(t.cols)
    direct = [p for p in t.rows if not p.group]
    litig = [p for p in t.rows if p.group == "litigation"]
    first = [th(p.label, colspan=len(results), rowspan=2, scope="colgroup") for p in direct]
    if litig:
        first.append(th(litig[0].group_label, colspan=len(results) * len(litig),
                        scope="colgroup"))
    head = [Row(first),
            Row([th(p.label, colspan=len(results), scope="colgroup") for p in litig]),
            Row([th(c.label) for _p in (*direct, *litig) for c in results])]
    body = [Row([figure(pkg, "appeals", p.code, c.code) for p in (*direct, *litig)
                 for c in results])]
    return Grid("appeals", t.heading, head, [body])


GRIDS = {"proactive": proactive, "requests": requests, "appeals": appeals}
