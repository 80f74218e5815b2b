"""Benchmark ingest: reports per second for text, HTML, Word and PDF, and peak memory.

    .venv/bin/python scripts/bench_ingest.py [--seconds 3]

Reads and extracts each fixture repeatedly (what `gongkai ingest` does before checks and
writing), then times whole ingests into a temporary folder. Prints figures; not a test.
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
]


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
    args = ap.parse_args()
    print(f"{'format':32} {'size':>9} {'read/s':>8} {'ingest/s':>9} {'peak MiB':>9}")
    with tempfile.TemporaryDirectory() as tmp:
        for name, path in CASES:
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
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory of the whole run: {rss:.0f} MiB")


if __name__ == "__main__":
    main()
