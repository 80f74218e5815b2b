"""Benchmark ingest: reports per second by format (text, one-line text, HTML, Word .docx and
.doc, PDF printed and scanned), pages per second for PDFs, and peak memory. One table.

    .venv/bin/python scripts/bench_ingest.py [--seconds 3] [--no-ocr] [--dpi 200,150]

Each fixture is read (what `gongkai ingest` reads and extracts) and ingested whole (read,
checked, written into a temporary folder) repeatedly for `--seconds`; `reports/s` is whole
ingests per second and, for PDFs, `pages/s` the pages that makes. Scanned PDFs (OCR, a few
seconds a page) are ingested once each. The fixtures: the committed ones (tests/fixtures/), the
.doc saved by LibreOffice (scripts/make_pdf_fixtures.py --doc; reading it needs LibreOffice),
and the printed and scanned PDFs made as the tests make them (tests/pdf_support.py: Chromium,
pdftoppm). A row whose tool is missing here says so. Prints figures; not a test.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from gongkai.errors import GongkaiError  # noqa: E402
from gongkai.extract import read_report  # noqa: E402
from gongkai.ingest import ingest_file  # noqa: E402

F = REPO / "tests" / "fixtures"
# (format, fixture, path)
CASES = [
    ("text", "seed, tab layout", REPO / "datapackages" / "shanghai-2024" / "source.txt"),
    ("text", "seed, messy, spaces", F / "formats" / "messy-spaces.txt"),
    ("text", "seed, messy, one cell a line", F / "formats" / "messy-lines.txt"),
    ("oneline", "pingtan-2022 textContent", F / "oneline" / "pingtan-2022.txt"),
    ("oneline", "pingtan-2022 on one line", F / "oneline" / "pingtan-2022-line.txt"),
    ("html", "seed, site page", F / "formats" / "shanghai-2024.html"),
    ("html", "seed, LibreOffice export", F / "formats" / "shanghai-2024-lo.html"),
    ("html", "pingtan-2024 page", REPO / "datapackages" / "pingtan-2024" / "source.html"),
    ("docx", "seed (template filled)", F / "formats" / "shanghai-2024.docx"),
    ("doc", "seed (LibreOffice to .docx)", F / "doc" / "shanghai-2024.doc"),
    ("pdf", "seed, LibreOffice export", F / "formats" / "shanghai-2024.pdf"),
]
HEAD = (f"{'format':12} {'fixture':30} {'size':>7} {'pages':>5} {'read/s':>7} {'reports/s':>9} "
        f"{'pages/s':>8} {'peak MiB':>8}  result")


def made_cases(ocr: bool, dpis: list[int]) -> tuple[list, list]:
    """(printed PDF cases, scanned PDF cases), made as the tests make them."""
    sys.path.insert(0, str(REPO / "tests"))
    if not (shutil.which("chromium") or shutil.which("chromium-browser")):
        print("(no Chromium: printed and scanned PDFs left out)")
        return [], []
    from pdf_support import printed, scanned

    printed_cases = [("pdf", f"{stem}, Chromium {paper}", printed(stem, paper))
                     for stem, paper in (("shanghai-2024", "a4"), ("shanghai-2024", "a5"),
                                         ("pingtan-2024", "a4"))]
    scans = []
    if ocr and shutil.which("pdftoppm"):
        for dpi in dpis:
            for stem in ("shanghai-2024", "pingtan-2024"):
                scans.append((f"scan {dpi}dpi", f"{stem}, A4", scanned(stem, dpi)))
    elif ocr:
        print("(no pdftoppm: scanned PDFs left out)")
    return printed_cases, scans


def pages_of(path: Path) -> int:
    if path.suffix != ".pdf":
        return 0
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(path))
    try:
        return len(doc)
    finally:
        doc.close()


def rate(fn, seconds: float) -> float:
    fn()  # warm up (imports, caches)
    n, start = 0, time.perf_counter()
    while True:
        fn()
        n += 1
        elapsed = time.perf_counter() - start
        if elapsed >= seconds and n >= 3:
            return n / elapsed


def _num(x: float) -> str:
    return f"{x:.2f}" if x >= 0.1 else f"{x:.4f}"  # an OCR'd report takes minutes


def line(fmt: str, fixture: str, path: Path, read: str, ingest: float | None,
         peak: str, result: str) -> str:
    pages = pages_of(path)
    per_s = _num(ingest) if ingest is not None else "-"
    pages_s = _num(pages * ingest) if ingest is not None and pages else "-"
    return (f"{fmt:12} {fixture:30} {path.stat().st_size / 1024:>5.0f}KB {pages or '-':>5} "
            f"{read:>7} {per_s:>9} {pages_s:>8} {peak:>8}  {result}")


def bench_fast(fmt: str, fixture: str, path: Path, tmp: Path, seconds: float) -> str:
    """A fixture read and ingested repeatedly: read/s, reports/s, pages/s, peak memory."""
    if fmt == "doc" and not shutil.which("soffice"):
        return f"{fmt:12} {fixture:30} skipped: no LibreOffice (soffice) to read a .doc"
    try:
        read_rate = rate(lambda: read_report(path), seconds)
    except GongkaiError as exc:
        return line(fmt, fixture, path, "-", None, "-", f"refused: {str(exc)[:80]}")
    k = [0]

    def whole():
        k[0] += 1
        ingest_file(path, out_dir=tmp / f"{path.stem}-{k[0]}")

    ingest_rate = rate(whole, seconds)
    tracemalloc.start()
    read_report(path)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return line(fmt, fixture, path, f"{read_rate:.1f}", ingest_rate, f"{peak / 2**20:.1f}",
                "read")


def bench_scan(fmt: str, fixture: str, path: Path, tmp: Path) -> str:
    """A scanned PDF ingested once (OCR): reports/s and OCR pages/s."""
    start = time.perf_counter()
    try:
        ingest_file(path, out_dir=tmp / f"{path.stem}-scan")
        result = "read"
    except GongkaiError as exc:
        result = f"refused: {str(exc)[:80]}"
    secs = time.perf_counter() - start
    return line(fmt, fixture, path, "-", 1 / secs, "-", f"{result} ({secs:.0f} s)")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=3.0)
    ap.add_argument("--no-ocr", action="store_true", help="leave the scanned PDFs out")
    ap.add_argument("--dpi", default="200,150", help="scan resolutions (comma-separated)")
    args = ap.parse_args()
    printed_cases, scans = made_cases(not args.no_ocr, [int(d) for d in args.dpi.split(",")])
    print(HEAD)
    with tempfile.TemporaryDirectory() as tmp:
        for fmt, fixture, path in CASES + printed_cases:
            print(bench_fast(fmt, fixture, path, Path(tmp), args.seconds), flush=True)
        for fmt, fixture, path in scans:
            print(bench_scan(fmt, fixture, path, Path(tmp)), flush=True)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory of the whole run: {rss:.0f} MiB")


if __name__ == "__main__":
    main()
