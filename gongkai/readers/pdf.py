"""Read a report published as PDF: ruled tables where pdfplumber finds them, else text lines.

On each page the tables pdfplumber finds (by their ruling lines) become table rows; the text
outside them becomes lines, in reading order with the tables. Lines of one paragraph wrapped
by the page width are joined again; page numbers and running footers (`- 5 -`, `第5页 共9页`)
are dropped. A table whose rows go on over a page break, with its header printed again, reads
as one table: the repeated header carries no figures, and the extractor passes over it. Text
without ruled tables (a PDF printed from a web page, say) stays as lines: the layout step of
the extractor reads figures from them by the template's labels.
"""

from __future__ import annotations

import io
import re

from ..document import Document, Row
from ..errors import IngestError
from ..layout import is_footer

_BLOCK_START = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|"
                          r"\d+[、.．](?!\d))")
# a space pdfplumber puts between a CJK character and its neighbour is not in the text
_CJK_SPACE = re.compile(r"(?<=[\u3000-\u303f\u3400-\u9fff\uff00-\uffef])[ \t]+|"
                        r"[ \t]+(?=[\u3000-\u303f\u3400-\u9fff\uff00-\uffef])")


def tidy(text: str) -> str:
    """Drop the spaces PDF text extraction leaves around CJK characters ('2024 年', '人 民')."""
    return _CJK_SPACE.sub("", text).strip()


def sniff(raw: bytes) -> bool:
    return raw[:1024].lstrip(b"\x00\t\r\n ").startswith(b"%PDF")


def _inside(obj, boxes) -> bool:
    cx = (obj["x0"] + obj["x1"]) / 2
    cy = (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)


def _cell(text) -> str:
    if text is None:
        return ""
    # a line break inside a cell is the cell's width, not a space
    return tidy("".join(part.strip() for part in str(text).split("\n")))


def table_rows(table) -> list[list[str]]:
    """Rows of a pdfplumber table: a cell spanning columns once, one spanning rows empty below."""
    texts = table.extract()
    col_x0: dict[int, float] = {}
    for row in table.rows:
        for c, bbox in enumerate(row.cells):
            if bbox is not None:
                col_x0[c] = min(col_x0.get(c, bbox[0]), bbox[0])
    out = []
    for row, row_text in zip(table.rows, texts):
        cells: list[str] = []
        left = None  # bbox of the last real cell in this row
        for c, (bbox, text) in enumerate(zip(row.cells, row_text)):
            if bbox is not None:
                left = bbox
                cells.append(_cell(text))
            elif left is not None and c in col_x0 and left[2] > col_x0[c] + 1:
                continue  # the cell on the left spans this column
            else:
                cells.append("")  # a cell above spans this row
        out.append(cells)
    return out


def read(path: str, raw: bytes) -> Document:
    try:
        import pdfplumber
        from pdfminer.pdfparser import PDFSyntaxError
    except ImportError:  # pragma: no cover
        raise IngestError("reading PDF needs pdfplumber", file=path) from None
    rows: list[Row] = []
    title = ""
    try:
        pdf = pdfplumber.open(io.BytesIO(raw))
    except (PDFSyntaxError, Exception) as exc:  # noqa: B014 - pdfminer raises many kinds
        raise IngestError(f"cannot open the PDF: {exc.__class__.__name__}", file=path,
                          expected="a PDF report with a text layer") from None
    chars = 0
    with pdf:
        meta = pdf.metadata or {}
        title = str(meta.get("Title") or "").strip()
        n_table = 0
        prev_line = None  # (text, right edge) of the last prose line, across pages
        for pno, page in enumerate(pdf.pages, 1):
            try:
                tables = page.find_tables()
            except Exception:  # a malformed page: fall back to its text
                tables = []
            boxes = [t.bbox for t in tables]
            items: list[tuple[float, str, object]] = []
            for t in tables:
                items.append((t.bbox[1], "table", t))
            rest = page.filter(lambda o: o.get("object_type") != "char" or not _inside(o, boxes))
            lines = rest.extract_text_lines(layout=False, strip=True, return_chars=False,
                                            x_tolerance=1.5, y_tolerance=3)
            chars += len(page.chars)
            width = max((ln["x1"] for ln in lines), default=page.width)
            for ln in lines:
                items.append((ln["top"], "line", ln))
            items.sort(key=lambda x: x[0])
            for _, kind, obj in items:
                if kind == "table":
                    n_table += 1
                    prev_line = None
                    for i, cells in enumerate(table_rows(obj), 1):
                        if any(cells):
                            rows.append(Row(cells, where=f"page {pno}, table {n_table}, row {i}"))
                    continue
                text = tidy(obj["text"])
                if not text or is_footer(text):
                    continue
                joined = False
                if prev_line is not None and rows and rows[-1].prose:
                    prev_text, prev_x1 = prev_line
                    full = prev_x1 >= width - 14  # the line ran to the right margin
                    if full and not _BLOCK_START.match(text):
                        rows[-1].cells[0] += text
                        joined = True
                if not joined:
                    rows.append(Row([text], prose=True, where=f"page {pno}"))
                prev_line = (text, obj["x1"])
    if chars == 0:
        raise IngestError("the PDF has no text layer (a scanned image?); gongkai reads the "
                          "text, it does not recognise images", file=path,
                          expected="a PDF with selectable text")
    return Document(path=path, rows=rows, raw=raw, format="pdf", media_type="application/pdf",
                    encoding="", title=title)
