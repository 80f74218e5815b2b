"""A report as read: metadata, prose by section, and every figure with its note."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from .numbers import Figure


@dataclass
class StatedFigure:
    """A figure stated in the prose, with the sentence it came from."""

    code: str
    value: int | Decimal
    unit: str
    sentence: str
    section: str


@dataclass
class Report:
    path: str
    title: str
    name: str  # the body the report is about, as printed in the title, e.g. 上海市
    publisher: str
    year: int
    period_start: str
    period_end: str
    website: str = ""
    template: str = "2021"  # code of the national format the report is in (template.FORMATS)
    sections: dict[str, list[str]] = field(default_factory=dict)
    figures: dict[tuple[str, str, str], Figure] = field(default_factory=dict)
    highlights: list[StatedFigure] = field(default_factory=list)
    raw: bytes = b""
    media_type: str = "text/plain"
    format: str = "text"
    encoding: str = "utf-8"
    scanned: bool = False  # a PDF whose pages are images, read by OCR
