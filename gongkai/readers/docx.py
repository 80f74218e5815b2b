"""Read a report published as a Word (.docx) file: paragraphs and tables in body order.

python-docx reports a merged cell once per grid position it covers; here a cell spanning
columns counts once in its row, and a cell spanning rows (vertical merge) leaves an empty cell
in the rows below, as a merged cell leaves a lone tab in copied text. Tables nested in a cell
are read as that cell's text.
"""

from __future__ import annotations

import io
import zipfile

from ..document import Document, Row, Where
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
    """A cell's paragraphs (and any table nested in it) joined, in document order."""
    lines = [_para_text(p) for p in cell._tc.iter(f"{_W}p")
             if not any(a.tag == _MC_FALLBACK for a in p.iterancestors())]
    return "".join(x for x in lines if x)


def _table_rows(table, index: int | None = None) -> list[tuple[list[str], list[Where]]]:
    """Rows of a table with where each cell is: table `index`, the row (`w:tr`, 1-based) and
    the cell (`w:tc` of that row, 1-based)."""
    from docx.oxml.ns import qn

    out: list[tuple[list[str], list[Where]]] = []
    for r, tr in enumerate(table._tbl.tr_lst, 1):
        cells: list[str] = []
        places = [Where(table=index, row=r, cell=c) for c in range(1, len(tr.tc_lst) + 1)]
        for tc in tr.tc_lst:
            vmerge = tc.tcPr.find(qn("w:vMerge")) if tc.tcPr is not None else None
            continues = vmerge is not None and vmerge.get(qn("w:val")) in (None, "continue")
            if continues:
                cells.append("")  # the cell above spans into this row
            else:
                from docx.table import _Cell
                cells.append(_cell_text(_Cell(tc, table)))
        if any(cells):
            out.append((cells, places))
    return out


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def _para_text(p) -> str:
    """A paragraph's text as it reads: runs, hyperlinks, fields and tracked insertions in order;
    deleted text (w:del) and text boxes (read apart) left out."""
    parts: list[str] = []

    def walk(el):
        for child in el:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag in (f"{_W}del", f"{_W}moveFrom", f"{_W}txbxContent", f"{_W}pPr", f"{_W}rPr",
                       _MC_FALLBACK) or tag.endswith("}drawing") or tag.endswith("}pict"):
                continue
            if tag == f"{_W}t":
                parts.append(child.text or "")
            elif tag == f"{_W}tab":
                parts.append(" ")
            elif tag in (f"{_W}br", f"{_W}cr"):
                parts.append("")
            else:
                walk(child)

    walk(p)
    return _clean("".join(parts))


def _text_boxes(p) -> list:
    """Paragraphs inside the text boxes anchored in paragraph p (each box once)."""
    out = []
    for box in p.iter(f"{_W}txbxContent"):
        if any(a.tag == _MC_FALLBACK for a in box.iterancestors()):
            continue  # the VML copy of a box the drawing already holds
        out.extend(box.iter(f"{_W}p"))
    return out


def _is_layout(tbl) -> bool:
    """A table that holds other tables is page layout, not data: its cells are read as blocks."""
    return any(True for _ in tbl.iterdescendants(f"{_W}tbl"))


class _Reader:
    def __init__(self, d):
        self.d = d
        self.rows: list[Row] = []
        self.tables = 0

    def prose(self, p_el) -> None:
        for box_p in _text_boxes(p_el):
            text = _para_text(box_p)
            if text:
                self.rows.append(Row([text], prose=True, where=f"paragraph {len(self.rows) + 1}"))
        text = _para_text(p_el)
        if text:
            self.rows.append(Row([text], prose=True, where=f"paragraph {len(self.rows) + 1}"))

    def blocks(self, parent) -> None:
        from docx.table import Table

        for child in parent.iterchildren():
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag == f"{_W}p":
                self.prose(child)
            elif tag == f"{_W}tbl":
                if _is_layout(child):
                    for tr in child.iterchildren(f"{_W}tr"):
                        for tc in tr.iterchildren(f"{_W}tc"):
                            self.blocks(tc)
                    continue
                self.tables += 1
                for i, (cells, places) in enumerate(
                        _table_rows(Table(child, self.d), self.tables), 1):
                    self.rows.append(Row(cells, where=f"table {self.tables}, row {i}",
                                         places=places))
            elif tag in (f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml", f"{_W}ins"):
                # content controls and custom XML wrap blocks
                self.blocks(child)


def read(path: str, raw: bytes) -> Document:
    try:
        import docx
        d = docx.Document(io.BytesIO(raw))
    except Exception as exc:  # python-docx raises several kinds on a damaged file
        raise IngestError(f"cannot open the Word file: {exc}", file=path,
                          expected="a .docx report") from None
    reader = _Reader(d)
    reader.blocks(d.element.body)
    title = _clean(d.core_properties.title or "")
    return Document(path=path, rows=reader.rows, raw=raw, format="docx", media_type=MEDIA_TYPE,
                    encoding="", title=title)
