"""Accuracy on real reports: every cell read exactly, wrongly, or refused, by format.

    .venv/bin/python scripts/bench_accuracy.py [--formats html,oneline,pdf,scan,scan150]
                                               [--jobs 2] [--reports pingtan-2024,...]

Runs every real report with an expected reading through the whole reading pipeline
(`ingest.prepare`, what `gongkai ingest` runs: read, check, build, nothing written), in each
format a maker below produces from the report's page, and prints one table: format × cells
exact / wrong / refused, reports read exactly, seconds per report. A wrong cell is a bug (the
script then exits 1); a refusal is a cost: every refusal is listed with the reader's message.

The reports: the seven Pingtan pages (2019-2025, committed as the packages' sources, read by
hand into tests/fixtures/expected/) and the Shanghai seed's page (tests/fixtures/formats/
shanghai-2024.html, whose reading is the committed package; a zero that page prints as an empty
cell reads blank, as printed, and is counted exact).

The formats:
  html     the saved page itself
  oneline  the page's text content as a browser gives it, and the same on one line
  pdf      the page printed by Chromium at several paper sizes and margins (PAPERS), so that
           the page breaks fall in different rows of the tables
  scan     the A4 print rasterised at 200 dpi, grey, turned a fraction of a degree, dusted and
           saved as noisy JPEG, bound as an image-only PDF: read by OCR (a few s a page)
  scan150  the same at 150 dpi
The printed and scanned PDFs are made by scripts/make_pdf_fixtures.py (print_pdf, scan_pdf) and
kept in tests/artifacts/accuracy/ under a name that changes with that script, the page and the
paper, so a second run reuses them. A maker whose tool is missing here (Chromium, pdftoppm)
makes its format skipped, never passed.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import os
import shutil
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from decimal import Decimal
from pathlib import Path
from typing import Callable

from rich.console import Console
from rich.table import Table

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "scripts"))

import make_pdf_fixtures as MAKE  # noqa: E402
from gongkai import template as T  # noqa: E402
from gongkai.errors import GongkaiError  # noqa: E402
from gongkai.ingest import prepare  # noqa: E402
from gongkai.numbers import fmt  # noqa: E402

EXPECTED = REPO / "tests" / "fixtures" / "expected"
PACKAGES = REPO / "datapackages"
SEED = "shanghai-2024"
CACHE = REPO / "tests" / "artifacts" / "accuracy"

# The fixture maker's papers (A4, A5, Letter) and three more, so that the breaks fall in yet
# other rows: (name, @page size, margin, zoom, page number in the margin, header as <thead>)
PAPERS = list(MAKE.PAPERS) + [
    ("a4-narrow", "A4", "6mm", 0.8, "", False),
    ("a5-wide", "A5", "20mm 12mm", 0.8, '"- " counter(page) " -"', False),
    ("letter-tight", "Letter", "10mm 30mm", 0.9, '"第 " counter(page) " 页"', True),
]


# -- the formats: maker(report, page, folder) -> files to read (several variants each) --------

def _html(report: str, page: Path, tmp: Path) -> list[Path]:
    return [page]


def _oneline(report: str, page: Path, tmp: Path) -> list[Path]:
    """The page's text content as a browser gives it, and the same on one line."""
    from make_oneline_fixtures import one_line, text_content

    text = text_content(page.read_bytes())
    out = []
    for variant, body in (("text", text), ("line", one_line(text))):
        path = tmp / f"{report}-{variant}.txt"
        path.write_text(body, encoding="utf-8")
        out.append(path)
    return out


def _cached(name: str, parts: list[bytes], make: Callable[[Path], Path]) -> Path:
    """A made file kept in CACHE under a name that changes with what it was made from."""
    h = hashlib.sha256(Path(MAKE.__file__).read_bytes())
    for p in parts:
        h.update(p)
    out = CACHE / f"{name}-{h.hexdigest()[:12]}.pdf"
    if not out.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        part = out.with_suffix(f".{os.getpid()}.part")
        make(part)
        os.replace(part, out)
    return out


def printed(report: str, page: Path, paper: tuple) -> Path:
    if not (shutil.which("chromium") or shutil.which("chromium-browser")):
        raise RuntimeError("no Chromium to print the page (make system-deps)")
    return _cached(f"{report}-{paper[0]}", [page.read_bytes(), repr(paper).encode()],
                   lambda out: MAKE.print_pdf(page, out, *paper[1:]))


def scanned(report: str, page: Path, dpi: int) -> Path:
    if not shutil.which("pdftoppm"):
        raise RuntimeError("no pdftoppm to rasterise the print (make system-deps)")
    pdf = printed(report, page, PAPERS[0])  # the A4 print
    return _cached(f"{report}-a4-scan{dpi}", [pdf.read_bytes(), str(dpi).encode()],
                   lambda out: MAKE.scan_pdf(pdf, out, dpi))


def _named(src: Path, tmp: Path, name: str) -> Path:
    """A copy of a cached file under a plain name, which the reader's messages quote."""
    out = tmp / name
    shutil.copyfile(src, out)
    return out


def _pdf(report: str, page: Path, tmp: Path) -> list[Path]:
    return [_named(printed(report, page, p), tmp, f"{report}-{p[0]}.pdf") for p in PAPERS]


def _scan_maker(dpi: int):
    def make(report: str, page: Path, tmp: Path) -> list[Path]:
        return [_named(scanned(report, page, dpi), tmp, f"{report}-scan{dpi}.pdf")]
    return make


MAKERS: dict[str, Callable[[str, Path, Path], list[Path]]] = {
    "html": _html, "oneline": _oneline, "pdf": _pdf,
    "scan": _scan_maker(200), "scan150": _scan_maker(150)}


# -- what each report must read ----------------------------------------------------------------

def expected_cells(want: dict) -> dict[tuple[str, str, str], str]:
    out = {}
    for table in ("proactive", "requests", "appeals"):
        for row, cols in want[table].items():
            for col, v in cols.items():
                out[(table, row, col)] = fmt(Decimal(v) if isinstance(v, str) else v)
    return out


def package_cells(pkg: Path) -> dict[tuple[str, str, str], str]:
    """(table, row, column) -> value as a committed package's tables print it."""
    out = {}
    for table, t in T.TABLES.items():
        with open(pkg / f"{table}.csv", encoding="utf-8", newline="") as f:
            for r in csv.DictReader(f):
                out[(table, r[t.row_field], r[t.col_field])] = r[t.value_field]
    return out


def cases() -> list[dict]:
    """Each real report with a page and an expected reading."""
    out = []
    for exp in sorted(EXPECTED.glob("pingtan-*.json")):
        want = json.loads(exp.read_text(encoding="utf-8"), parse_float=Decimal)
        page = PACKAGES / exp.stem / "source.html"  # the shared page, byte for byte
        if page.exists():
            out.append({"report": exp.stem, "page": page, "cells": expected_cells(want),
                        "declared": want.get("declared", []), "blank_zero": False})
    if MAKE.SEED_HTML.exists():
        out.append({"report": SEED, "page": MAKE.SEED_HTML,
                    "cells": package_cells(PACKAGES / SEED), "declared": [],
                    "blank_zero": True})
    return out


def read_cells(path: Path, declared: list[str]) -> dict[tuple[str, str, str], str]:
    """The three tables as `gongkai ingest` would write them (nothing written)."""
    with tempfile.TemporaryDirectory() as tmp:
        prepared = prepare(path, out_dir=Path(tmp) / "pkg",
                           declare=[f"{d}=as printed" for d in declared])
    out = {}
    for table, t in T.TABLES.items():
        rows = csv.DictReader(io.StringIO(prepared.files[f"{table}.csv"].decode("utf-8")))
        for r in rows:
            out[(table, r[t.row_field], r[t.col_field])] = r[t.value_field]
    return out


# -- reading and comparing ---------------------------------------------------------------------

def compare(got: dict, case: dict) -> tuple[int, list[tuple]]:
    """(cells exact, wrong cells as (cell, read, printed))."""
    wrong = []
    for k, v in case["cells"].items():
        g = got.get(k)
        if g == v or (case["blank_zero"] and g == "" and v == "0"):
            continue
        wrong.append((k, g, v))
    return len(case["cells"]) - len(wrong), wrong


def pages_of(path: Path) -> int:
    if path.suffix != ".pdf":
        return 0
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(path))
    try:
        return len(doc)
    finally:
        doc.close()


def read_one(path: Path, case: dict) -> dict:
    """One file read and compared cell for cell: exact, wrong or refused (with the message)."""
    res = {"file": path.name, "pages": pages_of(path), "exact": 0, "wrong": [],
           "refused": 0, "message": "", "crash": False}
    t0 = time.perf_counter()
    try:
        got = read_cells(path, case["declared"])
    except GongkaiError as exc:
        res["refused"] = len(case["cells"])
        res["message"] = first_line(exc, path)
    except Exception as exc:  # noqa: BLE001 - a crash of the reader is a bug, reported as such
        res["refused"] = len(case["cells"])
        res["message"] = f"CRASH {type(exc).__name__}: {first_line(exc, path)}"
        res["crash"] = True
    else:
        res["exact"], res["wrong"] = compare(got, case)
    res["seconds"] = time.perf_counter() - t0
    return res


def first_line(exc: Exception, path: Path) -> str:
    lines = str(exc).strip().splitlines() or [""]
    return lines[0].replace(str(path.parent) + os.sep, "")


def run_case(name: str, case: dict) -> dict:
    """One report in one format: its files made, each read (runs in a worker process)."""
    with tempfile.TemporaryDirectory() as tmp:
        try:
            files = MAKERS[name](case["report"], case["page"], Path(tmp))
        except RuntimeError as exc:  # the maker's tool is missing here
            return {"report": case["report"], "skipped": str(exc), "files": []}
        return {"report": case["report"], "skipped": "",
                "files": [read_one(f, case) for f in files]}


def run_format(name: str, todo: list[dict], pool) -> dict:
    t0 = time.perf_counter()
    if pool is None:
        done = [run_case(name, c) for c in todo]
    else:
        done = list(pool.map(run_case, [name] * len(todo), todo))
    row = {"format": name, "cases": done, "wall": time.perf_counter() - t0}
    files = [f for c in done for f in c["files"]]
    for key in ("exact", "refused", "pages", "seconds"):
        row[key] = sum(f[key] for f in files)
    row["wrong"] = sum(len(f["wrong"]) for f in files)
    row["reports"] = len(files)
    row["reports_exact"] = sum(1 for f in files if not f["wrong"] and not f["refused"])
    row["crashes"] = sum(f["crash"] for f in files)
    return row


# -- the table ---------------------------------------------------------------------------------

def print_table(results: list[dict], console: Console) -> None:
    table = Table(title=f"Accuracy on real reports ({len(cases())} reports; cells)")
    cols = ("format", "files", "pages", "cells exact", "wrong", "refused", "reports exact",
            "s/report", "s/page", "wall s")
    for col in cols:
        table.add_column(col, justify="left" if col == "format" else "right")
    for r in results:
        n = max(r["reports"], 1)
        table.add_row(
            r["format"], str(r["reports"]), str(r["pages"] or "-"), str(r["exact"]),
            str(r["wrong"]), str(r["refused"]), f"{r['reports_exact']}/{r['reports']}",
            f"{r['seconds'] / n:.2f}",
            f"{r['seconds'] / r['pages']:.2f}" if r["pages"] else "-", f"{r['wall']:.0f}")
    console.print(table)


def print_notes(results: list[dict], console: Console) -> None:
    """Every skip, refusal (the reader's message, first line) and wrong cell."""
    def say(text: str) -> None:
        console.print(text, highlight=False, soft_wrap=True, markup=False)

    for r in results:
        for c in r["cases"]:
            if c["skipped"]:
                say(f"  {r['format']}: {c['report']}: skipped: {c['skipped']}")
            for f in c["files"]:
                if f["refused"]:
                    say(f"  {r['format']}: {f['file']}: refused: {f['message']}")
                for k, got, want in f["wrong"]:
                    say(f"  {r['format']}: {f['file']}: WRONG {':'.join(k)}: read {got!r}, "
                        f"printed {want!r}")


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--formats", default="html,oneline,pdf,scan,scan150",
                    help=f"comma-separated, of: {','.join(MAKERS)}")
    ap.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1))
    ap.add_argument("--reports", default="", help="comma-separated report names (all if empty)")
    args = ap.parse_args(argv)
    formats = [f for f in args.formats.split(",") if f]
    unknown = [f for f in formats if f not in MAKERS]
    if unknown:
        ap.error(f"unknown format(s) {unknown}; known: {list(MAKERS)}")
    todo = [c for c in cases() if not args.reports or c["report"] in args.reports.split(",")]
    console = Console(width=max(Console().width, 120))
    pool = ProcessPoolExecutor(args.jobs) if args.jobs > 1 else None
    try:
        results = [run_format(name, todo, pool) for name in formats]
    finally:
        if pool:
            pool.shutdown()
    print_table(results, console)
    print_notes(results, console)
    bad = sum(r["wrong"] + r["crashes"] for r in results)
    if bad:
        console.print(f"{bad} wrong cell(s) or crash(es): a bug of the reader", markup=False)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
