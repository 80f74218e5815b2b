"""Extract a Report from a Document, using the template's labels; never guess silently."""

from __future__ import annotations

import dataclasses
import functools
import re
import unicodedata
from pathlib import Path
from typing import NoReturn

from . import confirm_scan, layout
from . import template as T
from .document import Document, Row
from .errors import IngestError
from .labels import flat, label_score, normalize_label, squeeze_cjk_spaces
from .numbers import NotANumber, looks_numeric, parse_figure
from .prose import read_highlights
from .report import Report
from .sections import split_sections

# ------------------------------------------------------------------ metadata

_TITLE_SUFFIX = re.compile(r"政府信息公开工作年度报告$|政府信息公开年度报告$")
# what follows the body's name in a title: '…人民政府信息公开工作年度报告' names 人民政府 once
_NAME_TAIL = re.compile(r"(?:人民政府|政府)?信息公开(?:工作)?(?:年度报告|年报)$|关于$")
_BODY_WORD = re.compile(r"(?:人民政府|政府|办公厅|办公室|委员会|局|厅|院|署|委|办|中心|会|"
                        r"自治区|特别行政区|省|市|区|县|旗|州|盟|镇|乡|街道)$")


def _body_name(text: str) -> str:
    """The publishing body's name in a title with its year taken out ('' when it names none).

    '上海市政府信息公开工作年度报告', '上海市人民政府信息公开…' and '上海市人民政府…' all
    name 上海市 (the publisher is then 上海市人民政府); '上海市财政局…' names 上海市财政局.
    """
    name = re.sub(r"^[《“\"]+|[》”\"]+$", "", text.strip())
    name = _NAME_TAIL.sub("", name).strip()
    for suffix in ("人民政府",):
        if name.endswith(suffix) and name[:-len(suffix)].endswith(_DIVISION_SUFFIX):
            name = name[:-len(suffix)]
    return name


def _line_above(front: list[Row], title_row: Row) -> str | None:
    """The line just above the title when it names a body (a title set in two lines)."""
    lines = [r for r in front if r.prose and r.text.strip()]
    if title_row not in lines:
        return None
    i = lines.index(title_row)
    if i == 0:
        return None
    above = lines[i - 1].text.strip()
    text = flat(above)
    if len(text) > 30 or re.search(r"[。，,；;：:>＞|/\d]", text) or not _BODY_WORD.search(text):
        return None
    return above
_DIVISION_SUFFIX = ("自治区", "特别行政区", "省", "市", "区", "县", "旗", "州", "盟")


_CRUMB = re.compile(r"[>»›]|当前位置|您现在的位置|所在位置")
_TITLE = re.compile(r"\d{4}\s*年度?.{0,60}?(?:政府)?信息公开.{0,12}?(?:年度报告|年报)")


def _title(doc: Document, front: list[Row]) -> Row | None:
    """The report's title: the first line before 一、总体情况 that reads like one.

    A web page puts its site's navigation first, a Word or PDF file sometimes a cover note; so
    a line that names a year and 信息公开…年度报告 wins, then the title the format states apart
    (HTML <title>, document properties), then the first line.
    """
    lines = [r for r in front if r.prose and r.text.strip()]
    for r in lines:
        text = flat(r.text)
        if _CRUMB.search(text):
            continue  # a site's breadcrumb: 首页 > 政务公开 > 2024年政府信息公开年报
        if len(text) <= 80 and _TITLE.search(text):
            return r
    if doc.title:
        hint = unicodedata.normalize("NFKC", doc.title).strip()
        for sep in ("_", "|", " - ", "--", "——"):
            head = hint.split(sep)[0].strip()
            if _TITLE.search(head.replace(" ", "")):
                return Row([head], prose=True, where="title")
    return lines[0] if lines else None


def read_metadata(doc: Document, front: list[Row]) -> dict:
    title_row = _title(doc, front)
    if title_row is None:
        raise IngestError(f"the report has no title line before {T.SECTIONS[0][1]}",
                          file=doc.path,
                          expected="a title such as 2024年上海市政府信息公开工作年度报告")
    title = squeeze_cjk_spaces(title_row.text.strip())  # '2 0 2 4 年 上 海 市' copied from a PDF
    norm = flat(title)
    m = re.search(r"(\d{4})年度?", norm)
    if not m:
        raise IngestError("the title states no year", file=doc.path, line=title_row.line,
                          expected="a year such as 2024年 in the title", found=repr(title))
    year = int(m.group(1))
    name = _body_name(norm[:m.start()] + norm[m.end():])
    if not name:
        # the title set in two lines: the body's name on the line above the year's
        above = _line_above(front, title_row)
        if above is not None:
            title = squeeze_cjk_spaces(above) + title
            name = _body_name(flat(above))
    if not name:
        name = _TITLE_SUFFIX.sub("", norm[:m.start()] + norm[m.end():]).strip() or norm
    all_text = "\n".join(r.text for r in doc.rows)
    form = T.format_for_year(year)
    if form is None:
        raise IngestError(
            f"this is a report for {year}: reports before {T.EARLIEST_YEAR} had no national "
            f"table format (each body wrote its own), so its figures cannot be read against a "
            f"template; gongkai reads the formats {T.FORMAT_2019.document} (2019–2020) and "
            f"{T.FORMAT_2021.document} ({T.FIRST_YEAR} on)", file=doc.path,
            expected=f"a report for {T.EARLIEST_YEAR} or later", found=str(year))
    publisher = name + "人民政府" if name.endswith(_DIVISION_SUFFIX) else name
    site = re.search(r"(?:https?://)?((?:www|[a-z0-9-]+)\.[a-z0-9.-]+\.(?:gov\.cn|cn|com))",
                     all_text)
    website = f"https://{site.group(1)}" if site else ""
    period = re.search(r"统计期限为(\d{4})年(\d{1,2})月(\d{1,2})日至(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日",
                       unicodedata.normalize("NFKC", all_text))
    if period:
        y1, m1, d1, y2, m2, d2 = period.groups()
        start = f"{int(y1):04d}-{int(m1):02d}-{int(d1):02d}"
        end = f"{int(y2 or y1):04d}-{int(m2):02d}-{int(d2):02d}"
    else:
        start, end = f"{year}-01-01", f"{year}-12-31"
    return {"title": title, "name": name, "publisher": publisher, "year": year,
            "period_start": start, "period_end": end, "website": website,
            "template": form.code}


# ------------------------------------------------------------------ tables

def _label_index(cells: list[str]) -> int:
    """Index of the last cell before the first figure (the row's most specific label)."""
    idx = -1
    for i, c in enumerate(cells):
        if looks_numeric(c):
            break
        if c.strip():
            idx = i
    return idx


def _figure(doc, form: T.Format, table, row_code, col_code, cell, row: Row, at: int = -1):
    """The figure of cell `cell`, number `at` of `row` (its place in the source kept)."""
    t = form.tables[table]
    kind = t.col(col_code).kind
    try:
        fig = parse_figure(cell, integer=kind != "amount", signed=kind == "change")
        return dataclasses.replace(fig, where=row.place(at))
    except NotANumber as exc:
        what = {"amount": "a number ≥ 0", "change": "a whole number (may be negative)"}.get(
            kind, "a whole number ≥ 0")
        raise IngestError(
            f"{exc}", file=doc.path, line=row.line,
            table=f"{table} ({t.heading})",
            row=f"{row_code} ({form.member_label(table, 'row', row_code)})",
            column=f"{col_code} ({form.member_label(table, 'col', col_code)})",
            expected=what, found=repr(cell.strip())) from None


def _values(doc, form: T.Format, table: str, row_code: str, row: Row, label_at: int,
            n: int) -> list[str]:
    values = row.cells[label_at + 1:]
    while len(values) > n and not values[-1].strip():
        values = values[:-1]
    t = form.tables[table]
    if len(values) != n:
        raise IngestError(
            f"{'too many' if len(values) > n else 'too few'} cells", file=doc.path,
            line=row.line, table=f"{table} ({t.heading})",
            row=f"{row_code} ({form.member_label(table, 'row', row_code)})",
            expected=f"{n} figures", found=f"{len(values)}: {' | '.join(values)}")
    return values


def read_proactive(doc: Document, rows: list[Row], figures: dict,
                   form: T.Format = T.FORMAT_2021) -> None:
    table = "proactive"
    t = form.tables[table]
    if not any(not r.prose for r in rows):
        raise IngestError("incomplete report: the section has no table (a page that shows "
                          "only part of the report?)", file=doc.path,
                          table=f"{table} ({t.heading})",
                          expected=f"the {len(form.proactive_blocks)} small tables of 第二十条")
    seen: dict[str, Row] = {}
    blocks = {code: (heading, items, measures) for code, heading, items, measures in
              form.proactive_blocks}
    for row in rows:
        if row.prose:
            continue
        cells = row.cells
        li, item = -1, None
        for k, cell in enumerate(cells):
            if looks_numeric(cell) or not cell.strip():
                continue
            scored = max(((label_score(cell, m.label, m.aliases), m) for m in t.rows),
                         key=lambda x: x[0])
            if scored[0] > 0:
                li, item = k, scored[1]
                break
        if item is None:
            continue
        if item.code in seen:
            raise IngestError("the row appears twice", file=doc.path, line=row.line,
                              table=f"{table} ({t.heading})",
                              row=f"{item.code} ({item.label})", expected="one row",
                              found=f"rows at {seen[item.code].location()} and {row.location()}")
        seen[item.code] = row
        _, _, measures = blocks[item.group]
        values = _values(doc, form, table, item.code, row, li, len(measures))
        for k, (m, cell) in enumerate(zip(measures, values), li + 1):
            figures[(table, item.code, m)] = _figure(doc, form, table, item.code, m, cell, row,
                                                     k)
    for item in t.rows:
        if item.code not in seen:
            raise IngestError("the row is missing", file=doc.path,
                              table=f"{table} ({t.heading})",
                              row=f"{item.code} ({item.group_label} {item.label})",
                              expected="a row with this label and its figures")


def read_requests(doc: Document, rows: list[Row], figures: dict,
                  form: T.Format = T.FORMAT_2021) -> None:
    table = "requests"
    t = form.tables[table]
    ncols = len(t.cols)
    order = list(t.rows)
    seen: dict[str, Row] = {}
    pointer = 0
    any_table = False
    for row in rows:
        if row.prose:
            continue
        any_table = True
        cells = row.cells
        li = _label_index(cells)
        if not _carries_figures(cells, li, order, pointer, ncols):
            continue
        match = _match_request_row(cells, li, order, pointer)
        if match is None:
            _refuse_unmatched_row(doc, form, row, li, order, pointer)
        member = order[match]
        if member.code in seen:
            raise IngestError("the row appears twice", file=doc.path, line=row.line,
                              table=f"{table} ({t.heading})",
                              row=f"{member.code} ({member.number}{member.label})",
                              expected="one row",
                              found=f"rows at {seen[member.code].location()} and {row.location()}")
        seen[member.code] = row
        pointer = match + 1
        values = _values(doc, form, table, member.code, row, li, ncols)
        for k, (col, cell) in enumerate(zip(t.cols, values), li + 1):
            figures[(table, member.code, col.code)] = _figure(doc, form, table, member.code,
                                                              col.code, cell, row, k)
    if not any_table:
        raise IngestError("incomplete report: the section has no table (a page that shows "
                          "only part of the report?)", file=doc.path,
                          table=f"{table} ({t.heading})",
                          expected=f"the requests table of {len(order)} rows × {ncols} columns")
    _refuse_missing_rows(doc, form, order, seen)


def _carries_figures(cells: list[str], li: int, order, pointer: int, ncols: int) -> bool:
    """Whether a table row is a row of figures: a heading row, or a group heading with a label
    and no figures, is passed over; a row of empty cells in a grid (HTML, Word, PDF) counts as
    a row of blanks when it has a cell per column and its label is a row's."""
    if li < 0:
        return False
    if any(looks_numeric(c) for c in cells[li + 1:]):
        return True
    return len(cells) - li - 1 == ncols and \
        _match_request_row(cells, li, order, pointer) is not None


def _refuse_unmatched_row(doc: Document, form: T.Format, row: Row, li: int, order,
                          pointer: int) -> NoReturn:
    """A row of figures whose label is no row's: say why, most specific first (a bad figure
    where a label was looked for, a group heading carrying figures, an unknown label)."""
    _refuse_bad_figure(doc, form, row, li, order, pointer)
    t = form.tables["requests"]
    group = _group_heading(row.cells[li], form)
    if group is not None:
        if group.code == "other_handling":
            raise IngestError(
                f"{group.number}{group.label} has figures of its own and no sub-lines: "
                f"this is the {T.FORMAT_2019.document} table, but the report is for "
                f"a year of the {form.document} format", file=doc.path,
                line=row.line, table=f"{t.code} ({t.heading})", row=group.code,
                expected=f"the {form.document} table with sub-lines 1.-3.")
        raise IngestError(
            f"the group heading {group.number}{group.label} carries figures",
            file=doc.path, line=row.line, table=f"{t.code} ({t.heading})",
            row=group.code, expected="figures on its numbered sub-lines")
    raise IngestError(
        "a row of figures whose label is not in the template", file=doc.path,
        line=row.line, table=f"{t.code} ({t.heading})",
        expected="one of the template's row labels", found=repr(row.cells[li]))


def _refuse_bad_figure(doc: Document, form: T.Format, row: Row, li: int, order,
                       pointer: int) -> None:
    """A cell that is not a figure read as the row's label: when an earlier cell is a row's
    label, refuse the first non-blank cell after it as the bad figure it is."""
    t = form.tables["requests"]
    cells = row.cells
    for k in range(li - 1, -1, -1):
        m2 = _match_request_row(cells, k, order, pointer)
        if m2 is None:
            continue
        member = order[m2]
        bad = next(c for c in cells[k + 1:] if c.strip())
        at = cells[k + 1:].index(bad)
        col = t.cols[at] if at < len(t.cols) else t.cols[-1]
        try:
            parse_figure(bad)
            reason = "not a number"
        except NotANumber as exc:
            reason = str(exc).split(":")[0] if "cannot be read" in str(exc) \
                else "not a number"
        raise IngestError(
            reason, file=doc.path, line=row.line, table=f"{t.code} ({t.heading})",
            row=f"{member.code} ({member.number}{member.label})",
            column=f"{col.code} ({col.label})",
            expected="a whole number ≥ 0", found=repr(bad))


def _refuse_missing_rows(doc: Document, form: T.Format, order, seen: dict) -> None:
    """Every row of the template must be read; the 2021 table without its three sub-lines of
    （六） is the 2019 table, and the message says so."""
    t = form.tables["requests"]
    missing = [m for m in order if m.code not in seen]
    if not missing:
        return
    m = missing[0]
    old = [x for x in missing if x.group == "other_handling"]
    if len(old) == 3 and len(missing) == 3:
        raise IngestError(
            f"{T.FORMAT_2019.member_label('requests', 'row', 'other_handling')} has no "
            f"sub-lines: this is the {T.FORMAT_2019.document} table, "
            f"but the report is for a year of the {form.document} format",
            file=doc.path, table=f"{t.code} ({t.heading})", row=f"{m.code}",
            expected=f"the {form.document} table")
    raise IngestError(
        "the row is missing" + (f" (and {len(missing) - 1} more)" if len(missing) > 1 else ""),
        file=doc.path, table=f"{t.code} ({t.heading})",
        row=f"{m.code} ({m.group_label}{m.number}{m.label})",
        expected=f"a row with this label and {len(t.cols)} figures")


def _group_heading(label: str, form: T.Format):
    for g in form.request_groups:
        if label_score(label, g.label) == 3:
            return g
    return None


# a numbering inside a label: where a group's label and its first sub-line's share a cell
_INNER_NUMBERING = re.compile(r"[（(][一二三四五六七八九十]{1,2}[)）]|(?<![\d.])\d{1,2}[.、．](?!\d)|"
                              r"[一二三四五六七八九十]{1,2}、")


def _match_request_row(cells: list[str], li: int, order, pointer: int) -> int | None:
    """Index in `order` of the template row labelled by cells[li] (context: earlier cells).

    Some sites print a group's label and its first sub-line's in one cell
    ('（三）不予公开1.属于国家秘密'): when the whole cell matches no row, the part after a
    numbering inside it is tried, with what precedes it as context.
    """
    found = _match_one(cells[li], "".join(cells[:li]), order, pointer)
    if found is not None:
        return found
    label = unicodedata.normalize("NFKC", cells[li]).strip()
    for m in reversed(list(_INNER_NUMBERING.finditer(label))):
        if m.start() == 0:
            continue
        head, tail = label[:m.start()], label[m.start():]
        if not any(label_score(head, g.label) == 3 or label_score(head, T.REQUEST_GROUPS[0].label)
                   for g in T.REQUEST_GROUPS):
            continue  # only a group's own label may stand before a sub-line's
        found = _match_one(tail, "".join(cells[:li]) + head, order, pointer)
        if found is not None:
            return found
    return None


def _match_one(label: str, context: str, order, pointer: int) -> int | None:
    best: tuple[int, int] | None = None  # (score, -distance from pointer)
    for idx, member in enumerate(order):
        score = label_score(label, member.label, member.aliases)
        if score == 0:
            continue
        # short labels such as 其他 and 总计 need the right numbering or group context
        if len(normalize_label(member.label)) <= 2:
            printed_no = flat(label)
            num = flat(member.number).replace("、", ".")
            if not printed_no.startswith(num) and member.group_label and \
                    normalize_label(member.group_label) not in normalize_label(context):
                if idx < pointer:
                    continue
        distance = abs(idx - pointer)
        key = (score, -distance)
        if best is None or key > best[0]:
            best = (key, idx)
    return None if best is None else best[1]


def read_appeals(doc: Document, rows: list[Row], figures: dict) -> None:
    table = "appeals"
    t = T.APPEALS
    n = len(t.rows) * len(t.cols)
    text = "".join(normalize_label(r.text) for r in rows if not r.prose)
    if not all(kind in text for kind in T.PROCEEDING_KINDS):
        raise IngestError("incomplete report: the section has no table (a page that shows "
                          "only part of the report?)", file=doc.path,
                          table=f"{table} ({t.heading})",
                          expected=f"the reviews and lawsuits table "
                                   f"({', '.join(T.PROCEEDING_KINDS)})")
    data = [r for r in rows if not r.prose and any(looks_numeric(c) for c in r.cells)
            and all(looks_numeric(c) or not c.strip() for c in r.cells)]
    # a non-numeric cell inside the figures row
    bad_rows = [r for r in rows if not r.prose and sum(looks_numeric(c) for c in r.cells) >= 3
                and r not in data]
    if bad_rows:
        r = bad_rows[0]
        pos = next(i for i, c in enumerate(r.cells) if c.strip() and not looks_numeric(c))
        p, c = divmod(pos, len(t.cols)) if pos < n else (len(t.rows) - 1, len(t.cols) - 1)
        raise IngestError("not a number", file=doc.path, line=r.line,
                          table=f"{table} ({t.heading})",
                          row=f"{t.rows[p].code} ({t.rows[p].label})",
                          column=f"{t.cols[c].code} ({t.cols[c].label})",
                          expected="a whole number ≥ 0", found=repr(r.cells[pos]))
    if not data:
        raise IngestError("the table has no row of figures", file=doc.path,
                          table=f"{table} ({t.heading})", expected=f"{n} figures")
    cells: list[str] = []
    places: list[tuple[Row, int]] = []  # where each cell was: (row, index in it)
    for r in data:
        lo, hi = 0, len(r.cells)
        if len(r.cells) != n:
            while lo < hi and not r.cells[lo].strip():
                lo += 1
            while hi > lo and not r.cells[hi - 1].strip():
                hi -= 1
        cells.extend(r.cells[lo:hi])
        places.extend((r, k) for k in range(lo, hi))
    if len(cells) != n:
        raise IngestError(f"{'too many' if len(cells) > n else 'too few'} cells",
                          file=doc.path, line=data[0].line, table=f"{table} ({t.heading})",
                          expected=f"{n} figures (3 proceedings × 5 results)",
                          found=f"{len(cells)}: {' | '.join(cells)}")
    i = 0
    for p in t.rows:
        for c in t.cols:
            row, at = places[i]
            figures[(table, p.code, c.code)] = _figure(doc, T.FORMAT_2021, table, p.code,
                                                       c.code, cells[i], row, at)
            i += 1


# ------------------------------------------------------------------ prose figures

def _read_tables(doc: Document, sections: dict, form: T.Format, year: int) -> dict:
    """The three tables in the format of the report's year. Tables in the other format are
    refused with a message that says so: the year and the tables disagree."""
    figures: dict = {}
    try:
        read_proactive(doc, sections["proactive"], figures, form)
        read_requests(doc, sections["requests"], figures, form)
    except IngestError as exc:
        for other in T.FORMATS.values():
            if other is form:
                continue
            try:
                read_proactive(doc, sections["proactive"], {}, other)
                read_requests(doc, sections["requests"], {}, other)
            except IngestError:
                continue
            raise IngestError(
                f"the report is for {year}, a year of the national format {form.document}, "
                f"but its tables are in the format {other.document} "
                f"({_years(other)})", file=doc.path,
                expected=f"the tables of {form.document}") from exc
        if form is not T.FORMAT_2021 and "format" not in exc.message:
            exc.message += (f" (a report for {year} is read in the national format "
                            f"{form.document}, used for {_years(form)})")
            exc.args = (exc.message,)
        raise
    read_appeals(doc, sections["appeals"], figures)
    return figures


def _years(form: T.Format) -> str:
    return f"{form.first_year}–{form.last_year}" if form.last_year else f"{form.first_year} on"


def _refuse_free_form(doc: Document) -> None:
    """A report before 2019 is refused for its year, before its sections are looked for:
    bodies then wrote their own headings, and 'section missing' would not say why."""
    title = _title(doc, doc.rows[:40])
    if title is None:
        return
    m = re.search(r"(\d{4})年度?", flat(title.text))
    if m and 1990 < int(m.group(1)) < T.EARLIEST_YEAR:
        read_metadata(doc, doc.rows[:doc.rows.index(title) + 1] if title in doc.rows
                      else [title])


def extract(doc: Document) -> Report:
    _refuse_free_form(doc)
    sections = split_sections(doc)
    meta = read_metadata(doc, sections["_front"])
    if doc.scan is not None:  # read by OCR: refused unless every figure is confirmed
        form = T.format_of(meta["template"])
        confirm_scan.confirm(doc, *doc.scan, (
            functools.partial(read_proactive, form=form),
            functools.partial(read_requests, form=form), read_appeals), form)
    for code in ("proactive", "requests", "appeals"):
        if not any(not r.prose for r in sections[code]):
            # the table came as loose lines (copied text, a PDF without ruled tables)
            sections[code] = layout.rebuild(code, sections[code])
    form = T.format_of(meta["template"])
    figures = _read_tables(doc, sections, form, meta["year"])
    prose = {code: [r.text for r in sections[code] if r.prose and r.text.strip()]
             for code, _, _ in T.SECTIONS}
    return Report(path=doc.path, sections=prose, figures=figures,
                  highlights=read_highlights(sections, form), raw=doc.raw,
                  media_type=doc.media_type, format=doc.format, encoding=doc.encoding,
                  scanned=doc.scan is not None, **meta)


def read_report(path: str | Path) -> Report:
    from .readers import read_document
    return extract(read_document(path))
