"""Split a document into the six sections of the national template, by their headings.

A step below the extractor: the readers' layout steps use it too (run-together text finds
its prose this way), so it depends on nothing but the template and the document.
"""

from __future__ import annotations

import re

from . import template as T
from .document import Document, Row
from .errors import IngestError
from .labels import flat

_NUMERALS = "一二三四五六"


def _heading_section(row: Row, index: int) -> bool:
    """Is this row the heading of section number `index` (0-based)?"""
    text = flat(row.text)
    numeral = _NUMERALS[index]
    if not re.match(rf"^{numeral}[、.]", text) or len(text) > 40:
        return False
    code = T.SECTIONS[index][0]
    return any(k in text for k in T.SECTION_KEYS[code])


def split_sections(doc: Document) -> dict[str, list[Row]]:
    """Rows of each of the six sections, in order; a missing section is an error."""
    starts: list[int | None] = []
    pos = 0
    for i in range(len(T.SECTIONS)):
        found = None
        for j in range(pos, len(doc.rows)):
            if _heading_section(doc.rows[j], i):
                found = j
                break
        starts.append(found)
        if found is not None:
            pos = found + 1
    if all(s is None for s in starts):
        raise IngestError(
            "this does not look like a government information disclosure annual report: "
            "none of its six section headings was found", file=doc.path,
            expected=f"headings such as {T.SECTIONS[0][1]} and {T.SECTIONS[2][1]}")
    for i, s in enumerate(starts):
        if s is None:
            if all(x is None for x in starts[i:]):
                last = doc.rows[-1].location() if doc.rows else "the start"
                raise IngestError(
                    f"incomplete report: section {T.SECTIONS[i][1]} is missing: the text stops "
                    f"at {last} (truncated, or a page that shows only part of the report?)",
                    file=doc.path, table=T.SECTIONS[i][0],
                    expected="all six sections of the national template, in order")
            raise IngestError(f"section {T.SECTIONS[i][1]} is missing", file=doc.path,
                              table=T.SECTIONS[i][0],
                              expected="all six sections of the national template, in order")
    out: dict[str, list[Row]] = {}
    bounds = [*starts, len(doc.rows)]
    for i, (code, _, _) in enumerate(T.SECTIONS):
        out[code] = doc.rows[bounds[i] + 1:bounds[i + 1]]
    out["_front"] = doc.rows[:bounds[0]]
    return out
