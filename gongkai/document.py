"""The format-neutral form of a report that every reader produces and the extractor reads.

A document is a list of rows in reading order. A paragraph of prose is a row with one cell and
`prose=True`; a table row is a row of cells. Each row remembers where it came from (a line
number, a page, a table index) so that errors can say where; a table row also knows where
each of its cells was (`Where`), which the package publishes as its provenance.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Where:
    """Where one cell was in its source; only the fields that apply to the format are set.

    - PDF (text layer) and scan: the 1-based page, and the cell's box (x0, y0, x1, y1) in PDF
      points (1/72 inch) from the page's top-left corner, y down; a scan's box is the OCR's,
      measured on the page image turned straight and scaled from its pixels to points.
    - HTML and Word: the 1-based table (among the tables that hold no other table), row
      (`<tr>` / `w:tr` of that table) and cell (`<td>`/`<th>` / `w:tc` of that row); a PDF's
      ruled table gives them too (the table found on the pages, its row and column).
    - Text: the 1-based line.
    """

    page: int | None = None
    box: tuple[float, float, float, float] | None = None
    table: int | None = None
    row: int | None = None
    cell: int | None = None
    line: int | None = None


@dataclass
class Row:
    cells: list[str]
    line: int | None = None  # 1-based line (text), or None
    prose: bool = False
    where: str = ""  # free-form location for non-text formats, e.g. "table 3, row 5"
    # where each cell was, parallel to `cells` (None: only the row's line is known)
    places: list[Where | None] | None = None

    @property
    def text(self) -> str:
        return "".join(self.cells)

    def place(self, i: int) -> Where:
        """Where cell i was: as the reader found it, else the row's line (or nothing known)."""
        if self.places is not None and 0 <= i < len(self.places) and self.places[i] is not None:
            return self.places[i]
        return Where(line=self.line)

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
