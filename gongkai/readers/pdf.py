"""Read a report published as PDF: ruled tables where pdfplumber finds them, else text lines.

On each page the tables pdfplumber finds (by their ruling lines) become table rows; the text
outside them becomes lines, in reading order with the tables. Lines of one paragraph wrapped
by the page width are joined again; page numbers and running footers (`- 5 -`, `第5页 共9页`)
are dropped. A table whose rows go on over a page break, with its header printed again, reads
as one table: the repeated header carries no figures, and the extractor passes over it. Text
without ruled tables (a PDF printed from a web page, say) stays as lines: the layout step of
the extractor reads figures from them by the template's labels.

A table a browser printed across pages has its cut rows open at the page's edge (side borders,
no rule): they are closed here so the table finder sees them, and a row split over the break
is joined with its other part. Fonts that map characters to Kangxi radicals ('⾏' for '行') are
read as the characters. A PDF without any text (a scan) is left to the OCR reader
(readers/ocr.py).
"""

from __future__ import annotations

import io
import logging
import re
import unicodedata
from dataclasses import dataclass, field

from ..document import Document, Row, Where
from ..errors import IngestError
from ..layout import is_footer
from ..numbers import looks_numeric

_BLOCK_START = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|"
                          r"\d+[、.．](?!\d))")
# a space pdfplumber puts between a CJK character and its neighbour is not in the text
_CJK_SPACE = re.compile(r"(?<=[\u3000-\u303f\u3400-\u9fff\uff00-\uffef])[ \t]+|"
                        r"[ \t]+(?=[\u3000-\u303f\u3400-\u9fff\uff00-\uffef])")


# A PDF's font may map a character to its Kangxi radical (U+2F00-U+2FD5: '⼀' for '一',
# '⾏' for '行'), as browsers' PDFs of CJK text do: read as the character it is.
_RADICALS = {c: unicodedata.normalize("NFKC", chr(c)) for c in range(0x2F00, 0x2FD6)}
# and the CJK Radicals Supplement's forms that are whole characters ('⻚' for '页')
_RADICALS.update({ord(k): v for k, v in zip(
    "⺋⺠⻄⻅⻈⻋⻑⻓⻔⻗⻘⻚⻛⻜⻝⻢⻤⻥⻦⻧⻨⻩⻪⻫⻬⻭⻮⻯⻰⻳⺝⺧",
    "㔾民西见讠车長长门雨青页风飞食马鬼鱼鸟卤麦黄黾斉齐歯齿竜龙龟月牛")})


def tidy(text: str) -> str:
    """Drop the spaces PDF text extraction leaves around CJK characters ('2024 年', '人 民'),
    and read Kangxi radicals as the characters they stand for."""
    return _CJK_SPACE.sub("", text.translate(_RADICALS)).strip()


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


def _box(bbox) -> tuple[float, float, float, float]:
    """A box in PDF points from the page's top-left corner, to the hundredth."""
    return tuple(round(float(v), 2) for v in bbox)


def table_rows(table, page: int | None = None,
               index: int | None = None) -> list[tuple[list[str], list[Where]]]:
    """Rows of a pdfplumber table: a cell spanning columns once, one spanning rows empty below;
    each with where its cells are (page `page`, table `index`, row, column and box)."""
    # a Latin digit sits a little lower than the CJK characters of its line ('2.其他…'):
    # a looser line tolerance keeps it on its line
    texts = table.extract(y_tolerance=5)
    col_x0: dict[int, float] = {}
    for row in table.rows:
        for c, bbox in enumerate(row.cells):
            if bbox is not None:
                col_x0[c] = min(col_x0.get(c, bbox[0]), bbox[0])
    out = []
    for r, (row, row_text) in enumerate(zip(table.rows, texts), 1):
        cells: list[str] = []
        places: list[Where] = []
        left = None  # bbox of the last real cell in this row
        for c, (bbox, text) in enumerate(zip(row.cells, row_text)):
            if bbox is not None:
                left = bbox
                cells.append(_cell(text))
            elif left is not None and c in col_x0 and left[2] > col_x0[c] + 1:
                continue  # the cell on the left spans this column
            else:
                cells.append("")  # a cell above spans this row
            places.append(Where(page=page, box=_box(bbox) if bbox is not None else None,
                                table=index, row=r, cell=c + 1))
        out.append((cells, places))
    return out


def _fragment_lines(page) -> tuple[list[dict], set[float], set[float]]:
    """Horizontal lines that close a table cut by a page break.

    A browser printing a table over two pages draws the cells' side borders up to the break
    but no border along it, so the cut rows are open at the page's edge and a table finder
    does not see them as cells. Where three or more vertical borders start (or end) at one
    height with no ruling there, a line is drawn between the outermost of them. Returns the
    lines and the heights of the tops and bottoms so closed (a table open at its bottom on one
    page and at its top on the next has a row split over the break).
    """
    verticals = [e for e in page.edges if e["orientation"] == "v" and e["height"] > 2]
    horizontals = [e for e in page.edges if e["orientation"] == "h"]
    lines, tops, bottoms = [], set(), set()
    for key, into in (("top", tops), ("bottom", bottoms)):
        groups: dict[float, list] = {}
        for e in verticals:
            y = round(e[key], 0)
            groups.setdefault(y, []).append(e)
        for y, edges in groups.items():
            if len({round(e["x0"]) for e in edges}) < 3:
                continue
            x0 = min(e["x0"] for e in edges)
            x1 = max(e["x1"] for e in edges)
            covered = sum(min(h["x1"], x1) - max(h["x0"], x0) for h in horizontals
                          if abs(h["top"] - y) <= 2 and h["x1"] > x0 and h["x0"] < x1)
            if covered >= (x1 - x0) * 0.9:
                continue  # a real border: the table is closed here
            lines.append({"x0": x0, "x1": x1, "top": y, "bottom": y, "width": x1 - x0,
                          "height": 0, "orientation": "h", "object_type": "line"})
            into.add(y)
    return lines, tops, bottoms


_UNBREAKABLE = re.compile(r"[0-9A-Za-z.,%．，、。；：）)”]")


def _lead_width(line) -> float:
    """Width of a line's first unbreakable piece: a run of digits or Latin letters with the
    punctuation after it, or one CJK character with its closing punctuation."""
    chars = [c for c in line.get("chars", []) if c["text"].strip()]
    if not chars:
        return 0.0
    k = 1
    if _UNBREAKABLE.match(chars[0]["text"]):
        while k < len(chars) and _UNBREAKABLE.match(chars[k]["text"]):
            k += 1
    # a CJK line never starts with closing punctuation: it goes with the piece before it
    while k < len(chars) and chars[k]["text"] in "，。、；：）)”":
        k += 1
    # the piece's last character; a unit after a figure ('12567件') breaks no sooner
    if k < len(chars) and chars[k - 1]["text"].isdigit():
        k += 1
    return chars[k - 1]["x1"] - chars[0]["x0"]


def _merge_split(a: list[str], b: list[str]) -> list[str] | None:
    """One row from its two parts either side of a page break, or None if they do not fit
    (a figure in the same column of both parts: two rows, not one)."""
    if len(a) != len(b):
        return None
    out = []
    for x, y in zip(a, b):
        if x and y:
            if looks_numeric(x) or looks_numeric(y):
                return None
            out.append(x + y)
        else:
            out.append(x or y)
    return out


@dataclass
class _Flow:
    """What reading a PDF's pages in order carries from one item (and page) to the next."""
    rows: list[Row] = field(default_factory=list)
    n_table: int = 0
    prev_line: tuple | None = None  # (text, right edge) of the last prose line, across pages
    open_row: Row | None = None  # the last row of a table open at a page's foot
    carried: Row | None = None  # a row cut at the foot of the last page


def read(path: str, raw: bytes) -> Document | None:
    """The PDF by its text layer; None when its pages carry no text at all (a scan, which
    the OCR reader reads)."""
    pdf = _open(path, raw)
    flow = _Flow()
    chars = 0
    with pdf:
        meta = pdf.metadata or {}
        title = str(meta.get("Title") or "").strip()
        for pno, page in enumerate(pdf.pages, 1):
            chars += _read_page(page, pno, flow)
    if chars == 0:
        return None  # pages that are images (a scan): read by OCR (readers/ocr.py)
    return Document(path=path, rows=flow.rows, raw=raw, format="pdf",
                    media_type="application/pdf", encoding="", title=title)


def _open(path: str, raw: bytes):
    """The PDF opened by pdfplumber, or refused."""
    try:
        import pdfplumber
        from pdfminer.pdfparser import PDFSyntaxError
    except ImportError:  # pragma: no cover
        raise IngestError("reading PDF needs pdfplumber", file=path) from None
    # pdfminer logs every font it finds odd (browsers' PDFs: "Could not get FontBBox…")
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    try:
        return pdfplumber.open(io.BytesIO(raw))
    except (PDFSyntaxError, Exception) as exc:  # noqa: B014 - pdfminer raises many kinds
        raise IngestError(f"cannot open the PDF: {exc.__class__.__name__}", file=path,
                          expected="a PDF report with a text layer") from None


def _read_page(page, pno: int, flow: _Flow) -> int:
    """The page's tables and lines added to `flow`, in reading order; its number of chars."""
    items, width, tops, bottoms = _page_items(page)
    flow.carried = flow.open_row  # a row cut at the foot of the last page
    flow.open_row = None
    for _, kind, obj in items:
        if kind == "table":
            _add_table(flow, obj, pno, tops, bottoms)
        else:
            _add_line(flow, obj, pno, width)
    return len(page.chars)


def _page_items(page):
    """(items, width, tops, bottoms): the page's tables and text lines outside them, top to
    bottom, as (top, kind, object); the width of its text; the heights of the tables' open
    top and bottom edges."""
    try:
        extra, tops, bottoms = _fragment_lines(page)
        tables = page.find_tables({"explicit_horizontal_lines": extra} if extra else {})
    except Exception:  # a malformed page: fall back to its text
        tables, tops, bottoms = [], set(), set()
    boxes = [t.bbox for t in tables]
    items: list[tuple[float, str, object]] = []
    for t in tables:
        items.append((t.bbox[1], "table", t))
    rest = page.filter(lambda o: o.get("object_type") != "char" or not _inside(o, boxes))
    lines = rest.extract_text_lines(layout=False, strip=True, return_chars=True,
                                    x_tolerance=1.5, y_tolerance=3)
    width = max((ln["x1"] for ln in lines), default=page.width)
    for ln in lines:
        items.append((ln["top"], "line", ln))
    items.sort(key=lambda x: x[0])
    return items, width, tops, bottoms


def _add_table(flow: _Flow, obj, pno: int, tops: set, bottoms: set) -> None:
    """A table's rows added, its first row joined to a row cut at the last page's foot."""
    flow.n_table += 1
    flow.prev_line = None
    table_rows_ = [(c, p) for c, p in table_rows(obj, pno, flow.n_table) if any(c)]
    opens_top = round(obj.bbox[1], 0) in tops
    if flow.carried is not None and opens_top and table_rows_:
        merged = _merge_split(flow.carried.cells, table_rows_[0][0])
        if merged is not None:
            carried = flow.carried
            # a cell's place: the part that printed it (the first, when both print text)
            carried.places = [a if (x or not y) else b for x, y, a, b in zip(
                carried.cells, table_rows_[0][0], carried.places, table_rows_[0][1])]
            carried.cells[:] = merged
            carried.where += f" and page {pno}, table {flow.n_table}, row 1"
            table_rows_ = table_rows_[1:]
    flow.carried = None
    for i, (cells, places) in enumerate(table_rows_, 1):
        flow.rows.append(Row(cells, where=f"page {pno}, table {flow.n_table}, row {i}",
                             places=places))
    if round(obj.bbox[3], 0) in bottoms and table_rows_:
        flow.open_row = flow.rows[-1]
    else:
        flow.open_row = None


def _add_line(flow: _Flow, obj, pno: int, width: float) -> None:
    """A text line added as prose, joined to the paragraph it continues; footers dropped."""
    text = tidy(obj["text"])
    if not text or is_footer(text):
        return
    flow.open_row = None
    flow.carried = None
    joined = False
    if flow.prev_line is not None and flow.rows and flow.rows[-1].prose:
        prev_text, prev_x1 = flow.prev_line
        # the line ran to the right margin, or the first word of this line
        # (a figure, '12567件') did not fit at its end
        full = prev_x1 >= width - 14 or prev_x1 + _lead_width(obj) >= width - 2
        if full and not _BLOCK_START.match(text):
            flow.rows[-1].cells[0] += text
            joined = True
    if not joined:
        box = _box((obj["x0"], obj["top"], obj["x1"], obj["bottom"]))
        flow.rows.append(Row([text], prose=True, where=f"page {pno}",
                             places=[Where(page=pno, box=box)]))
    flow.prev_line = (text, obj["x1"])
