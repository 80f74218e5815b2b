"""Support for the PDF tests: report pages printed (and scanned) once, and what they must read.

The printed PDFs are made by scripts/make_pdf_fixtures.py with Chromium at test time and kept
in tests/artifacts/pdf/ under a name that changes with the script and the source page, so a
second run (or a second test worker) reuses them.
"""

from __future__ import annotations

import csv
import hashlib
import importlib.util
import json
from decimal import Decimal
import os
from pathlib import Path

from gongkai.numbers import read_number
from gongkai import extract as X
from gongkai import layout

REPO = Path(__file__).resolve().parent.parent
CACHE = REPO / "tests" / "artifacts" / "pdf"
SHARED = REPO.parent / "shared" / "reports" / "pingtan"
EXPECTED = REPO / "tests" / "fixtures" / "expected"  # the readings, committed
SHANGHAI = REPO / "datapackages" / "shanghai-2024"


def _script():
    spec = importlib.util.spec_from_file_location(
        "make_pdf_fixtures", REPO / "scripts" / "make_pdf_fixtures.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


MAKE = _script()
STEMS = list(MAKE.sources(SHARED))
PAPERS = [p[0] for p in MAKE.PAPERS]


def _key(*parts: bytes) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update(p)
    return h.hexdigest()[:12]


def printed(stem: str, paper: str) -> Path:
    """The report page `stem` printed by Chromium on `paper` (made once, then cached)."""
    src = MAKE.sources(SHARED)[stem]
    how = next(p for p in MAKE.PAPERS if p[0] == paper)
    script = (REPO / "scripts" / "make_pdf_fixtures.py").read_bytes()
    out = CACHE / f"{stem}-{paper}-{_key(script, src.read_bytes(), repr(how).encode())}.pdf"
    if not out.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        part = out.with_suffix(f".{os.getpid()}.part")
        MAKE.print_pdf(src, part, *how[1:])
        os.replace(part, out)
    return out


def scanned(stem: str, dpi: int, paper: str = "a4") -> Path:
    """The printed page rasterised at `dpi`, grey, turned, JPEG-noisy, as image-only PDF."""
    pdf = printed(stem, paper)
    script = (REPO / "scripts" / "make_pdf_fixtures.py").read_bytes()
    out = CACHE / f"{stem}-{paper}-scan{dpi}-{_key(script, pdf.read_bytes())}.pdf"
    if not out.exists():
        part = out.with_suffix(f".{os.getpid()}.part")
        MAKE.scan_pdf(pdf, part, dpi)
        os.replace(part, out)
    return out


def table_figures(doc) -> dict:
    """The figures of the three tables of a document, as the extractor reads them (without
    the prose, which other steps check)."""
    sections = X.split_sections(doc)
    for code in ("proactive", "requests", "appeals"):
        if not any(not r.prose for r in sections[code]):
            sections[code] = layout.rebuild(code, sections[code])
    figures: dict = {}
    X.read_proactive(doc, sections["proactive"], figures)
    X.read_requests(doc, sections["requests"], figures)
    X.read_appeals(doc, sections["appeals"], figures)
    return {k: f.value for k, f in figures.items()}


def expected(stem: str) -> dict:
    """(table, row, column) -> value, from the committed package or the labelled JSON."""
    if stem == "shanghai-2024":
        return package_figures(SHANGHAI)
    data = json.loads((EXPECTED / f"{stem}.json").read_text(encoding="utf-8"),
                      parse_float=Decimal)
    return {(t, r, c): v for t in ("proactive", "requests", "appeals")
            for r, cols in data[t].items() for c, v in cols.items()}


def package_figures(pkg: Path) -> dict:
    """(table, row, column) -> value of a written package's three tables."""
    got = {}
    for table, rk, ck, vk in (("proactive", "item", "measure", "value"),
                              ("requests", "row", "applicant", "count"),
                              ("appeals", "proceeding", "result", "count")):
        with open(pkg / f"{table}.csv", encoding="utf-8", newline="") as f:
            for r in csv.DictReader(f):
                got[(table, r[rk], r[ck])] = csv_value(r[vk])
    return got


def csv_value(text: str):
    """A published value: int or Decimal with every printed digit; blank is None."""
    return read_number(text) if text.strip() else None


def differences(got: dict, want: dict) -> list:
    """Cells read otherwise than expected. A zero the page prints blank (the seed's page prints
    some zeros as empty cells or '/') reads blank: that is as printed, not a difference."""
    return [(k, got.get(k), v) for k, v in want.items()
            if got.get(k) != v and not (got.get(k) is None and k in got and v == 0)] + \
        [(k, got[k], None) for k in got if k not in want]
