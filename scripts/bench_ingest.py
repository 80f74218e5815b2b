"""Benchmark ingest: reports per second for text, HTML, Word (.docx, .doc) and PDF (printed
and scanned), and peak memory.

    .venv/bin/python scripts/bench_ingest.py [--seconds 3] [--no-ocr]

Reads and extracts each fixture repeatedly (what `gongkai ingest` does before checks and
writing), then times whole ingests into a temporary folder. Scanned PDFs (OCR) are read once
each and reported as seconds per report and pages per second. The printed and scanned PDFs are
made as the tests make them (Chromium, pdftoppm); rows whose tool is missing are left out.
Prints figures; not a test.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from gongkai.extract import read_report  # noqa: E402
from gongkai.ingest import ingest_file  # noqa: E402

F = REPO / "tests" / "fixtures" / "formats"
CASES = [
    ("text (tab layout)", REPO / "datapackages" / "shanghai-2024" / "source.txt"),
    ("text (messy, spaces)", F / "messy-spaces.txt"),
    ("text (messy, one cell a line)", F / "messy-lines.txt"),
    ("html (site page)", F / "shanghai-2024.html"),
    ("html (LibreOffice)", F / "shanghai-2024-lo.html"),
    ("docx", F / "shanghai-2024.docx"),
    ("pdf", F / "shanghai-2024.pdf"),
    (".doc (LibreOffice to .docx)", REPO / "tests" / "fixtures" / "doc" / "shanghai-2024.doc"),
]


def made_cases(ocr: bool) -> tuple[list, list]:
    """(printed PDF cases, scanned PDF cases), made as the tests make them."""
    import shutil

    sys.path.insert(0, str(REPO / "tests"))
    printed_cases, scans = [], []
    if not (shutil.which("chromium") or shutil.which("chromium-browser")):
        print("(no Chromium: printed and scanned PDFs left out)")
        return printed_cases, scans
    from pdf_support import printed, scanned

    for paper in ("a4", "a5"):
        printed_cases.append((f"pdf (Chromium print, {paper})", printed("shanghai-2024", paper)))
    if ocr and shutil.which("pdftoppm"):
        for stem in ("shanghai-2024", "pingtan-2024"):
            for dpi in (200, 150):
                scans.append((f"scanned pdf, OCR ({stem}, {dpi} dpi)", scanned(stem, dpi)))
    return printed_cases, scans


def bench_scans(scans) -> None:
    import pypdfium2 as pdfium

    from gongkai.errors import GongkaiError

    if not scans:
        return
    print(f"\n{'scanned PDF (OCR)':40} {'pages':>5} {'s/report':>9} {'pages/s':>8}  result")
    for name, path in scans:
        pages = len(pdfium.PdfDocument(str(path)))
        start = time.perf_counter()
        try:
            read_report(path)
            result = "read"
        except GongkaiError as exc:
            result = f"refused: {str(exc)[:90]}"
        secs = time.perf_counter() - start
        print(f"{name:40} {pages:>5} {secs:>9.1f} {pages / secs:>8.2f}  {result}")


def rate(fn, seconds: float) -> tuple[float, int]:
    fn()  # warm up (imports, caches)
    n, start = 0, time.perf_counter()
    while True:
        fn()
        n += 1
        elapsed = time.perf_counter() - start
        if elapsed >= seconds and n >= 3:
            return n / elapsed, n


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=3.0)
    ap.add_argument("--no-ocr", action="store_true", help="leave the scanned PDFs out")
    args = ap.parse_args()
    printed_cases, scans = made_cases(not args.no_ocr)
    print(f"{'format':32} {'size':>9} {'read/s':>8} {'ingest/s':>9} {'peak MiB':>9}")
    with tempfile.TemporaryDirectory() as tmp:
        for name, path in CASES + printed_cases:
            size = path.stat().st_size
            read_rate, _ = rate(lambda: read_report(path), args.seconds)
            k = [0]

            def whole():
                k[0] += 1
                ingest_file(path, out_dir=Path(tmp) / f"{path.stem}-{k[0]}")

            ingest_rate, _ = rate(whole, args.seconds)
            tracemalloc.start()
            read_report(path)
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            print(f"{name:32} {size / 1024:>7.0f}KB {read_rate:>8.1f} {ingest_rate:>9.1f} "
                  f"{peak / 2**20:>9.1f}")
    bench_scans(scans)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory of the whole run: {rss:.0f} MiB")


if __name__ == "__main__":
    main()
