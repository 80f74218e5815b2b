"""Figures the prose states, read as a person reads them (template.HIGHLIGHTS).

A step below the extractor: the run-together layout step uses the prose to settle cells too.
"""

from __future__ import annotations

import re
import unicodedata

from . import template as T
from .document import Row
from .labels import squeeze_cjk_spaces
from .numbers import read_number
from .report import StatedFigure


def _sentences(paragraph: str) -> list[str]:
    parts = re.split(r"(?<=[。；;！!？?])", paragraph)
    return [p.strip() for p in parts if p.strip()]


_CLAUSE_END = re.compile(r"[，,；;：:。]")


def _clause_before(text: str, start: int) -> str:
    """The clause a match starts in: from the last clause mark before it."""
    ends = [m.end() for m in _CLAUSE_END.finditer(text, 0, start)]
    return text[ends[-1] if ends else 0:start]


def _find(h: T.Highlight, sentence: str) -> str | None:
    """The number `h` states in the sentence, read as a person reads: of all the places a
    pattern matches, the first whose clause is not about another figure of the row."""
    # '申请 42188 件': the spaces a page or PDF puts around a number go
    norm = squeeze_cjk_spaces(unicodedata.normalize("NFKC", sentence))
    for pat in h.patterns:
        for m in re.finditer(pat, norm):
            clause = _clause_before(norm, m.start()) + m.group(0)
            if any(w in clause for w in h.excludes):
                continue
            return m.group(1)
    return None


def read_highlights(sections: dict[str, list[Row]],
                    form: T.Format = T.FORMAT_2021) -> list[StatedFigure]:
    out: list[StatedFigure] = []
    prose = {code: [r.text for r in rows if r.prose] for code, rows in sections.items()}
    for h in form.highlights:
        order = [h.section] + [c for c, _, _ in T.SECTIONS if c != h.section]
        found = next(((code, sentence, num) for code in order for para in prose.get(code, [])
                      for sentence in _sentences(para)
                      for num in [_find(h, sentence)] if num is not None), None)
        if found:
            code, sentence, num = found
            out.append(StatedFigure(h.code, read_number(num), h.unit, sentence, code))
    return out
