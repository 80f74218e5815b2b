"""Read a figure as printed: full-width digits, thousands separators, dashes for zero, notes."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from .labels import flat

# Printed marks that mean zero: a dash or 无. `0` itself is a plain number.
ZERO_MARKS = {"—", "——", "―", "――", "-", "－", "–", "无"}  # ― : GB2312's dash, decoded as cp936 does
# Printed marks that mean "not applicable": published as blank, the mark kept as printed.
BLANK_MARKS = {"/", "／", "\\"}
_NUM = re.compile(r"^(-?)(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?$")
_WITH_NOTE = re.compile(r"^(-?[\d,]+(?:\.\d+)?)(?:件|个|项|次|条)?\s*[（(](.*)[)）]\s*$")
# a count printed with its unit: '14件'; an amount with its unit: '0.5万元', '75394432.52元'
_UNIT = re.compile(r"(?<=\d)(?:件|个|项|次|条|万元|元)$")


normalize = flat  # full-width digits and punctuation to ASCII, no spaces of any kind


@dataclass(frozen=True)
class Figure:
    """A cell as read: its value (None when the cell is blank or not applicable), the note
    printed beside it, and the cell as printed."""

    value: int | Decimal | None
    note: str = ""
    printed: str = ""
    # where the cell was in the source (a document.Where); not part of the figure's identity
    where: object | None = field(default=None, compare=False)

    @property
    def shown(self) -> str:
        """The printed text to publish beside the value: kept only where it is not the plain
        number (a dash for zero, '/', a unit, separators), so nothing printed is lost."""
        text = normalize(self.printed)
        if self.note:
            text = re.sub(r"[（(].*[)）]$", "", text)
        if self.value is not None and text == fmt(self.value):
            return ""
        return self.printed.strip() if text else ""


class NotANumber(ValueError):
    pass


def parse_figure(cell: str, *, integer: bool = True, signed: bool = False) -> Figure:
    """Parse one table cell. Raises NotANumber (with a reason) when it is not a figure.

    Blank is not zero: an empty cell reads as None (not printed), '/' as None with the mark
    kept; '0', '—' and '无' read as 0. Decimals are kept exactly as printed (Decimal).
    """
    printed = cell.strip()
    text = normalize(cell)
    # NFKC maps the full-width parentheses; keep Chinese note text as printed.
    if not text or text in BLANK_MARKS:
        return Figure(None, "", printed)
    if text in ZERO_MARKS:
        return Figure(0, "", printed)
    note = ""
    m = _WITH_NOTE.match(text)
    if m:
        text, note = m.group(1), m.group(2)
        note = _note_as_printed(printed) or note
    m = _NUM.match(_UNIT.sub("", text))
    if not m and ("\ufffd" in text or "(cid:" in text):
        # a glyph the file gives no text for (a PDF font without a mapping): never a zero
        raise NotANumber(f"a character that cannot be read (the file gives no text for its "
                         f"glyph): {printed!r}")
    if not m:
        raise NotANumber(f"not a number: {printed!r}")
    sign, digits, frac = m.groups()
    if sign and not signed:
        raise NotANumber(f"negative number {printed!r}")
    digits = sign + digits.replace(",", "")
    if frac:
        if integer:
            raise NotANumber(f"a whole number, not {printed!r}")
        return Figure(Decimal(digits + frac), note, printed)
    return Figure(int(digits), note, printed)


def _note_as_printed(printed: str) -> str:
    m = re.search(r"[（(](.*)[)）]\s*$", printed)
    return m.group(1).strip() if m else ""


def looks_numeric(cell: str) -> bool:
    """True for a cell that reads as a figure (a dash for zero, '/' for not applicable
    included), False otherwise (and for an empty cell)."""
    text = normalize(cell)
    if not text:
        return False
    try:
        parse_figure(cell, integer=False, signed=True)
    except NotANumber:
        return False
    return True


def read_number(text: str) -> int | Decimal:
    """A number as written in a CSV cell or a sentence: int, or Decimal when it has decimals."""
    text = text.replace(",", "").replace("，", "").strip()
    return Decimal(text) if "." in text else int(text)


def fmt(value, missing: str = "—") -> str:
    """Write a figure one way everywhere: an int plainly, a Decimal with exactly the digits it
    holds (as printed), a float at 15 significant digits without exponent; None as `missing`.

    One formatter, so that a check message, a CSV cell and a page cell never disagree.
    """
    if value is None:
        return missing
    if isinstance(value, bool):
        raise TypeError(f"not a figure: {value!r}")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        value = Decimal(f"{value:.15g}")
    if isinstance(value, Decimal):
        text = format(value, "f")
        return "0" if text in ("-0", "-0.0") else text
    return str(value)
