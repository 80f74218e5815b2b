"""The format-neutral form of a report that every reader produces and the extractor reads.

A document is a list of rows in reading order. A paragraph of prose is a row with one cell and
`prose=True`; a table row is a row of cells. Each row remembers where it came from (a line
number, a page, a table index) so that errors can say where.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Row:
    cells: list[str]
    line: int | None = None  # 1-based line (text), or None
    prose: bool = False
    where: str = ""  # free-form location for non-text formats, e.g. "table 3, row 5"

    @property
    def text(self) -> str:
        return "".join(self.cells)

    def location(self) -> str:
        if self.line:
            return f"line {self.line}"
        return self.where


@dataclass
class Document:
    path: str
    rows: list[Row] = field(default_factory=list)
    raw: bytes = b""  # the source bytes, published byte for byte
    format: str = "text"
    media_type: str = "text/plain"
    encoding: str = "utf-8"
    title: str = ""  # a title the format states apart from the text (HTML <title>, PDF metadata)
    # a scan read by OCR: (lines by page, (image, rotation) by page), for the extractor to
    # confirm every figure against; None for a document with a text layer
    scan: object | None = None
