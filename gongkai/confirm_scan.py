"""Confirm every figure OCR read from a scanned report, or refuse the report.

A scanned PDF is read by `readers/ocr.py`, which keeps its OCR lines and page images on the
document (`Document.scan`). Before the extractor reads a figure of it, its tables are read here
and checked:

- every figure of the requests and appeals tables takes part in the template's identities;
  all of them must hold, or the reading is refused naming the cells of the identities that
  fail;
- the figures of section 二 take part in no identity: each must be stated again in the prose
  (and read the same there), or read the same a second time from its cell alone, with high
  confidence; otherwise it is refused, naming the cell.

The table readers are the extractor's, handed in by it (this module sits beside the extractor,
which calls it, so it does not import it).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Callable, Sequence

from . import layout
from . import template as T
from .checks import identity_checks
from .document import Document, Row
from .errors import IngestError
from .prose import read_highlights
from .readers.ocr import Box, Line, read_strip
from .sections import split_sections

_READ_MIN = 0.6  # confidence of each of the three readings of a figure no identity holds
_LEADING = re.compile(r"^\d[\d,]*(?:\.\d+)?")

TableReader = Callable[[Document, list, dict], None]


def _cell(form: T.Format, table: str, row: str, col: str) -> str:
    return (f"{table} · {row} ({form.member_label(table, 'row', row)}) · {col} "
            f"({form.member_label(table, 'col', col)})")


def confirm(doc: Document, pages: list[list[Line]], images,
            readers: Sequence[TableReader], form: T.Format = T.FORMAT_2021) -> None:
    """Refuse the document unless every figure its tables give is confirmed. `readers` are
    the extractor's readers of the proactive, requests and appeals tables, in that order, for
    the report's national format `form` (its identities and section 二 are checked)."""
    sections, figures = _read_scanned_tables(doc, readers)
    _refuse_failed_identities(doc, figures, form)
    _confirm_section_two(doc, sections, figures, pages, images, form)


def _read_scanned_tables(doc: Document, readers: Sequence[TableReader]):
    """(sections, figures) of the three tables as the scan gives them."""
    sections = split_sections(doc)
    for code in ("proactive", "requests", "appeals"):
        if not any(not r.prose for r in sections[code]):
            sections[code] = layout.rebuild(code, sections[code])
    figures: dict = {}
    try:
        for code, read_table in zip(("proactive", "requests", "appeals"), readers):
            read_table(doc, sections[code], figures)
    except IngestError as exc:
        exc.message = f"{exc.message} (scanned PDF, read by OCR)"
        exc.args = (exc.message,)
        raise
    return sections, figures


def _refuse_failed_identities(doc: Document, figures: dict, form: T.Format) -> None:
    """Refuse the reading if an identity of the template fails on it, naming the cells."""
    values = {k: f.value for k, f in figures.items()}
    failed = [c for c in identity_checks(values, form) if c.status == "fail"]
    if not failed:
        return
    suspects = _suspect_cells(failed, form)
    first = failed[0]
    raise IngestError(
        f"the OCR reading of the scanned tables is not confirmed: {len(failed)} identit"
        f"{'y' if len(failed) == 1 else 'ies'} of the template fail ({first.id}: expected "
        f"{first.expected}, found {first.found}); unconfirmed cells: "
        + "; ".join(_cell(form, *t) for t in suspects[:6])
        + ". A misread cell and a report printed inconsistent cannot be told apart in a "
          "scan: nothing is guessed",
        file=doc.path, table=first.table, row="+".join(first.rows), column=first.column,
        expected="the template's identities to hold on the OCR reading")


def _suspect_cells(failed, form: T.Format) -> list:
    """The cells of the failing identities, those in two of them (a row and a column, the
    likeliest misread) alone if any; else the first eight."""
    cells = []
    for c in failed:
        ident = next(i for i in form.identities if i.id == c.id)
        for term in (*ident.lhs, *ident.rhs):
            if term not in cells:
                cells.append(term)
    count = {t: 0 for t in cells}
    for c in failed:
        ident = next(i for i in form.identities if i.id == c.id)
        for term in set((*ident.lhs, *ident.rhs)):
            count[term] += 1
    return [t for t in cells if count[t] >= 2] or cells[:8]


def _confirm_section_two(doc: Document, sections, figures: dict, pages: list[list[Line]],
                         images, form: T.Format) -> None:
    """Refuse a figure of section 二 that neither the prose nor two more readings confirm."""
    stated = _stated(doc, sections, form)
    by_label = {label: m for m in form.tables["proactive"].rows
                for label in (m.label, *m.aliases)}
    blocks = {code: measures for code, _, _, measures in form.proactive_blocks}
    for row in sections["proactive"]:
        if row.prose or not row.cells or row.cells[0] not in by_label:
            continue
        item = by_label[row.cells[0]]
        measures = blocks[item.group]
        boxes = _boxes_of(row, pages)
        for j, col in enumerate(measures):
            fig = figures.get((table_p := "proactive", item.code, col))
            if fig is None or stated.get((table_p, item.code, col)) == fig.value:
                continue  # the prose states it too, read apart
            box = boxes[j] if boxes and len(boxes) == len(measures) else None
            if box is not None and _same(box[0].text.replace(" ", ""),
                                         fig.printed.replace(" ", "")) and \
                    _read_twice(box, pages, images):
                continue
            raise IngestError(
                "a figure of section 二 read by OCR is not confirmed: no identity of the "
                "template holds it, the prose does not state it, and a second reading of its "
                "row does not agree with confidence; gongkai does not guess",
                file=doc.path, table=f"proactive ({form.tables['proactive'].heading})",
                row=f"{item.code} ({item.label})",
                column=f"{col} ({form.member_label('proactive', 'col', col)})",
                found=repr(fig.printed),
                expected="a figure confirmed by the prose or by two readings")


def _boxes_of(row: Row, pages: list[list[Line]]) -> list[Box] | None:
    """The figure boxes of a rebuilt row of section 二, from the OCR line it came from."""
    m = re.match(r"page (\d+), line (\d+)", row.where or "")
    if not m:
        return None
    page, index = int(m.group(1)), int(m.group(2))
    line = next((ln for ln in pages[page - 1] if ln.index == index), None)
    if line is None:
        return None
    cells = [b for b in line.boxes if b.numeric or _LEADING.match(b.text)]
    return [(b, line) for b in cells]


def _stated(doc: Document, sections, form: T.Format) -> dict:
    """Section 二 figures the prose states (the highlight restating each)."""
    out = {}
    try:
        highlights = read_highlights(sections, form)
    except Exception:  # the prose is checked later, by ingest; here it only confirms
        return out
    by_code = {h.code: h for h in form.highlights}
    for h in highlights:
        tmpl = by_code.get(h.code)
        restates = getattr(tmpl, "restates", None)
        if restates and len(restates) == 1 and restates[0][0] == "proactive" and \
                not tmpl.share_of:
            out[tuple(restates[0])] = h.value
    return out


def _same(a: str, b: str) -> bool:
    return unicodedata.normalize("NFKC", a).strip() == unicodedata.normalize("NFKC", b).strip()


def _figure_part(box: Box) -> Box:
    """The part of a cell that holds its figure ('640' of '640（包括…）' wrapped)."""
    for part in box.parts or [box]:
        m = _LEADING.match(unicodedata.normalize("NFKC", part.text))
        if m:
            return Box(m.group(), part.score, part.x0, part.x1, part.yc, part.h, part.quad)
    return box


def _read_twice(found, pages: list[list[Line]], images) -> bool:
    """The figure read again twice: its row alone, at two scales, gives the same text there,
    each reading (the page's and the two of the row) with some confidence."""
    box, line = found
    img, angle = images[line.page - 1]
    part = _figure_part(box)
    unit = max(part.h, 20.0)
    m = _LEADING.match(unicodedata.normalize("NFKC", part.text))
    text = m.group() if m else unicodedata.normalize("NFKC", part.text)
    if part.score < _READ_MIN:
        return False
    # the row's own strip, or, for a figure wrapped in a tall cell, a strip through it alone
    row = line if abs(part.yc - line.yc) < 0.5 * unit else \
        Line(line.page, line.index, [part])
    for scale in (1.5, 2.0):
        again = read_strip(img, row, [part.xc], unit, angle, scale=scale)
        hit = [b for b in again if abs(b.xc - part.xc) < 0.8 * unit + (part.x1 - part.x0) / 2]
        if len(hit) != 1 or hit[0].score < _READ_MIN:
            return False
        m = _LEADING.match(hit[0].text)
        if (m.group() if m else hit[0].text) != text:
            return False
    return True
