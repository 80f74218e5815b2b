"""Read a report published as a web page: prose blocks and tables, merged cells expanded.

The page is parsed with lxml (never with regular expressions). Block elements (`<p>`, `<div>`,
headings, list items, `<br>`) give prose rows; each `<table>` gives table rows, its
rowspan/colspan expanded into a grid: a cell spanning columns counts once in its row, a cell
spanning rows leaves an empty cell in the rows below (as a merged cell leaves a lone tab in
copied text). A table that holds other tables is page layout, not data: its cells are read as
blocks. Text inside a cell (`<p><span>` soup, `<br>`) is joined; `&nbsp;` and full-width
spaces are trimmed, so an empty cell reads as empty (blank, not zero, to the extractor).
"""

from __future__ import annotations

from lxml import etree, html as lxml_html

from ..document import Document, Row, Where
from ..errors import IngestError

# Elements whose content is never report text.
_SKIP = {"script", "style", "noscript", "template", "head", "iframe", "object", "svg", "select",
         "button", "input", "textarea", "map"}
# Elements that start and end a block of prose.
_BLOCKS = {"p", "div", "section", "article", "main", "header", "footer", "aside", "nav",
           "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "blockquote",
           "pre", "center", "form", "fieldset", "address", "figure", "figcaption", "caption",
           "body", "html", "hr", "table", "tr", "td", "th", "tbody", "thead", "tfoot"}
_SPACES = "\u00a0\u3000\u2002\u2003\u2009\u200b\ufeff \t\r\n"


def sniff(raw: bytes) -> bool:
    """An HTML page: a doctype, an <html>, <body> or <table> element near the start."""
    head = raw[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            head = raw[:8192].decode("utf-16").lstrip("\ufeff \t\r\n").lower().encode()
        except UnicodeDecodeError:
            return False
    if head.startswith((b"<!doctype html", b"<html")):
        return True
    if head.startswith(b"<?xml") and b"<html" in head:
        return True
    if head.startswith(b"<") and any(t in head for t in (b"<body", b"<table", b"<div", b"<p>",
                                                          b"<p ", b"<meta", b"<head")):
        return True
    return False


def _decode(path: str, raw: bytes) -> tuple[str, str]:
    from bs4.dammit import UnicodeDammit

    dammit = UnicodeDammit(raw, ["utf-8"], is_html=True)
    enc = (dammit.original_encoding or "").lower()
    # pages declared as GB2312/GBK routinely use characters only GB18030 has
    if enc in ("gb2312", "gbk", "gb_2312-80", "x-gbk", "euc-cn", "cp936", "windows-936"):
        try:
            return raw.decode("gb18030"), "gb18030"
        except UnicodeDecodeError:
            pass
    if dammit.unicode_markup is None:
        raise IngestError("cannot decode the page", file=path, expected="UTF-8 or GBK/GB18030")
    return dammit.unicode_markup, enc or "utf-8"


def _clean(text: str) -> str:
    return " ".join(text.replace("\u3000", " ").replace("\u00a0", " ").split()).strip(_SPACES)


def _hidden(el) -> bool:
    style = (el.get("style") or "").replace(" ", "").lower()
    return "display:none" in style or "visibility:hidden" in style or el.get("hidden") is not None


def _tag(el) -> str:
    return el.tag.lower() if isinstance(el.tag, str) else ""


def cell_text(el) -> str:
    """The text of a table cell: paragraphs and line breaks joined, spaces trimmed."""
    parts: list[str] = []

    def walk(node):
        tag = _tag(node)
        if tag in _SKIP or (tag and _hidden(node)):
            return
        if tag == "br":
            parts.append("\n")
        elif node.text and tag:
            parts.append(node.text)
        for child in node:
            walk(child)
            if child.tail:
                parts.append(child.tail)
        if tag in _BLOCKS:
            parts.append("\n")

    if el.text:
        parts.append(el.text)
    for child in el:
        walk(child)
        if child.tail:
            parts.append(child.tail)
    lines = [_clean(x) for x in "".join(parts).split("\n")]
    return "".join(x for x in lines if x)


def _span(el, name: str) -> int:
    try:
        n = int(str(el.get(name, "1")).strip().rstrip(";") or 1)
    except ValueError:
        return 1
    return max(1, min(n, 200))


def _own_rows(table) -> list:
    """The <tr> of this table, not of tables nested in it."""
    rows = []
    for child in table:
        tag = _tag(child)
        if tag == "tr":
            rows.append(child)
        elif tag in ("thead", "tbody", "tfoot"):
            rows.extend(c for c in child if _tag(c) == "tr")
    return rows


def table_grid(table) -> list[list[str]]:
    """Rows of a table with merged cells expanded (see module docstring)."""
    return [cells for cells, _ in table_cells(table)]


def table_cells(table, index: int | None = None) -> list[tuple[list[str], list[Where]]]:
    """Rows of a table with merged cells expanded, each with where its cells are: the
    table's number `index`, the row (its `<tr>` among the table's own, 1-based) and the cell
    (its `<td>`/`<th>` among the row's, 1-based) that holds the text; a cell spanning rows
    points below to the cell it spans from."""
    grid: dict[tuple[int, int], tuple[int, int]] = {}  # (row, col) -> (cell index, top row)
    texts: list[str] = []
    origin: list[Where] = []
    own = _own_rows(table)
    trs = [tr for tr in own if not _hidden(tr)]
    for r, tr in enumerate(trs):
        col = 0
        tds = [c for c in tr if _tag(c) in ("td", "th")]
        for c in tds:
            if _hidden(c):
                continue
            while (r, col) in grid:
                col += 1
            texts.append(cell_text(c))
            origin.append(Where(table=index, row=own.index(tr) + 1, cell=tds.index(c) + 1))
            k = len(texts) - 1
            rs = min(_span(c, "rowspan"), len(trs) - r)
            for i in range(rs):
                for j in range(_span(c, "colspan")):
                    grid.setdefault((r + i, col + j), (k, r))
            col += _span(c, "colspan")
    return _expand(grid, len(trs), texts, origin)


def _expand(grid: dict, n_rows: int, texts: list[str], origin: list[Where]):
    """The rows of a table's grid: a cell spanning columns once, one spanning rows empty below;
    rows with no text left out."""
    out = []
    width = 1 + max((c for _, c in grid), default=-1)
    for r in range(n_rows):
        cells: list[str] = []
        places: list[Where] = []
        last = None
        for c in range(width):
            if (r, c) not in grid:
                continue
            k, top = grid[(r, c)]
            if k == last:
                continue  # one cell spanning columns counts once
            last = k
            cells.append(texts[k] if top == r else "")  # spanning rows: empty below
            places.append(origin[k])
        if any(cells):
            out.append((cells, places))
    return out


class _Walker:
    def __init__(self):
        self.rows: list[Row] = []
        self.buf: list[str] = []
        self.tables = 0

    def flush(self):
        text = _clean("".join(self.buf))
        self.buf = []
        if text:
            self.rows.append(Row([text], prose=True, where=f"paragraph {len(self.rows) + 1}"))

    def walk(self, el):
        tag = _tag(el)
        if not tag:  # comments, processing instructions
            if el.tail:
                self.buf.append(el.tail)
            return
        if tag in _SKIP or _hidden(el):
            return
        if tag == "table" and not el.xpath(".//table"):
            self.flush()
            self.tables += 1
            for i, (cells, places) in enumerate(table_cells(el, self.tables), 1):
                self.rows.append(Row(cells, where=f"table {self.tables}, row {i}",
                                     places=places))
            return
        if tag == "br":
            self.flush()
            return
        block = tag in _BLOCKS
        if block:
            self.flush()
        if el.text:
            self.buf.append(el.text)
        for child in el:
            self.walk(child)
            if child.tail:
                self.buf.append(child.tail)
        if block:
            self.flush()


def read(path: str, raw: bytes) -> Document:
    text, encoding = _decode(path, raw)
    parser = lxml_html.HTMLParser(encoding="utf-8", remove_comments=True)
    try:
        root = lxml_html.document_fromstring(text.encode("utf-8"), parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise IngestError(f"cannot parse the page: {exc}", file=path,
                          expected="an HTML page") from None
    walker = _Walker()
    title = root.find(".//title")
    body = root.find("body")
    walker.walk(body if body is not None else root)
    walker.flush()
    return Document(path=path, rows=walker.rows, raw=raw, format="html",
                    media_type="text/html", encoding=encoding,
                    title=_clean(title.text_content()) if title is not None else "")
