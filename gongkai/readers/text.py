"""Read a report copied as text, in either of the two shapes copied tables take.

- A cell a line: a cell is a tab-prefixed line, a blank line ends a row (a merged cell leaves
  a line holding only a tab), as the seed was copied.
- A row a line: a table copied from a browser or from Word puts each row on one line with
  its cells between tabs (`label<TAB>40234<TAB><TAB>14…`), an empty cell as nothing between
  two tabs, a merged cell once, in its first row.

A line is read as a whole row when a tab stands between two of its cells (after the one tab
that may open it); otherwise as a cell or as prose.

A report copied as a page's text content (everything on one line, headings inline, a row's
cells run together: `…申请数量21710000218二、…`, or apart but on the same line as everything
else) is read by `gongkai.runtogether`, which splits the figures by the template's identities
(a gap between two figures always ends a cell) or refuses.
"""

from __future__ import annotations

import re

from ..document import Document, Row, Where
from ..errors import IngestError
from .. import runtogether
from ..layout import is_footer

_HEADING = re.compile(r"^\s*[一二三四五六七八九十]+、")


def decode(path: str, raw: bytes) -> tuple[str, str]:
    """Decode UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030/GBK; refuse binary."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16"), "utf-16"
    if b"\x00" in raw[:8192]:
        raise IngestError("this is a binary file, not a text report", file=path,
                          expected="text in UTF-8 or GBK")
    for enc in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(enc)
        except UnicodeDecodeError:
            continue
        controls = sum(1 for ch in text[:8192] if ord(ch) < 32 and ch not in "\t\r\n\f")
        if controls > 8:
            raise IngestError("this is a binary file, not a text report", file=path,
                              expected="text in UTF-8 or GBK")
        return text, "utf-8" if enc == "utf-8-sig" else "gb18030"
    raise IngestError("cannot decode the text", file=path, expected="UTF-8 or GBK/GB18030")


def parse_rows(text: str) -> list[Row]:
    """Split text into prose rows and table rows (see module docstring)."""
    rows: list[Row] = []
    current: Row | None = None  # the table row being collected
    for no, line in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), 1):
        if is_footer(line):
            continue  # a page number copied from a printed page: '- 5 -', '第5页 共9页'
        body = line[1:] if line.startswith("\t") else line
        if "\t" in body.rstrip("\t \u3000") and (body.strip() or line.startswith("\t")):
            # a row a line: its cells between tabs (an empty cell is a zero left blank)
            cells = [c.strip(" \u3000\u00a0") for c in line.rstrip(" ").split("\t")]
            rows.append(Row(cells, line=no))
            current = None
            continue
        if line.startswith("\t"):
            if current is None:
                current = Row([], line=no, places=[])
                rows.append(current)
            current.cells.append(line[1:].strip())
            current.places.append(Where(line=no))  # a cell a line: each cell its own line
        elif not line.strip():
            current = None
        elif current is not None and current.cells and not _HEADING.match(line):
            # a header cell broken across lines ("结果\n纠正"): it continues the last cell
            current.cells[-1] += line.strip()
        else:
            current = None
            rows.append(Row([line.strip()], line=no, prose=True))
    return rows


def read(path: str, raw: bytes) -> Document:
    text, encoding = decode(path, raw)
    if runtogether.looks_run_together(text) or runtogether.headings_inline(text):
        rows = runtogether.read_rows(path, text)
    else:
        rows = parse_rows(text)
    return Document(path=path, rows=rows, raw=raw, format="text",
                    media_type="text/plain", encoding=encoding)
