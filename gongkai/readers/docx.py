"""Read a report published as a Word (.docx) file: paragraphs and tables in body order.

python-docx reports a merged cell once per grid position it covers; here a cell spanning
columns counts once in its row, and a cell spanning rows (vertical merge) leaves an empty cell
in the rows below, as a merged cell leaves a lone tab in copied text. Tables nested in a cell
are read as that cell's text.
"""

from __future__ import annotations

import io
import zipfile

from ..document import Document, Row
from ..errors import IngestError

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_SPACES = "\u00a0\u3000\u2002\u2003\u200b\ufeff \t\r\n"


def sniff(raw: bytes) -> bool:
    """A zip holding word/document.xml."""
    if not raw.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as z:
            return "word/document.xml" in z.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def _clean(text: str) -> str:
    return " ".join(text.replace("\u3000", " ").replace("\u00a0", " ").split()).strip(_SPACES)


def _cell_text(cell) -> str:
    lines = [_clean(p.text) for p in cell.paragraphs]
    for t in cell.tables:
        for r in t.rows:
            lines.extend(_cell_text(c) for c in r.cells)
    return "".join(x for x in lines if x)


def _table_rows(table) -> list[list[str]]:
    from docx.oxml.ns import qn

    out: list[list[str]] = []
    for tr in table._tbl.tr_lst:
        cells: list[str] = []
        for tc in tr.tc_lst:
            vmerge = tc.tcPr.find(qn("w:vMerge")) if tc.tcPr is not None else None
            continues = vmerge is not None and vmerge.get(qn("w:val")) in (None, "continue")
            if continues:
                cells.append("")  # the cell above spans into this row
            else:
                from docx.table import _Cell
                cells.append(_cell_text(_Cell(tc, table)))
        if any(cells):
            out.append(cells)
    return out


def read(path: str, raw: bytes) -> Document:
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph
        d = docx.Document(io.BytesIO(raw))
    except Exception as exc:  # python-docx raises several kinds on a damaged file
        raise IngestError(f"cannot open the Word file: {exc}", file=path,
                          expected="a .docx report") from None
    rows: list[Row] = []
    tables = 0
    for child in d.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = _clean(Paragraph(child, d).text)
            if text:
                rows.append(Row([text], prose=True, where=f"paragraph {len(rows) + 1}"))
        elif tag == "tbl":
            tables += 1
            for i, cells in enumerate(_table_rows(Table(child, d)), 1):
                rows.append(Row(cells, where=f"table {tables}, row {i}"))
        elif tag == "sdt":  # content controls wrap paragraphs
            for p in child.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}p"):
                text = _clean(Paragraph(p, d).text)
                if text:
                    rows.append(Row([text], prose=True, where=f"paragraph {len(rows) + 1}"))
    title = _clean(d.core_properties.title or "")
    return Document(path=path, rows=rows, raw=raw, format="docx", media_type=MEDIA_TYPE,
                    encoding="", title=title)
