"""Accuracy on real reports: every cell read exactly, wrongly, or refused, by format.

    .venv/bin/python scripts/bench_accuracy.py [--reports DIR] [--formats html,oneline,...]

Runs every real report with an expected reading (tests/fixtures/expected/, the Pingtan pages
committed as the packages' sources) through the whole reading pipeline (`ingest.prepare`:
read, check, build, nothing written), in each format a maker below produces from the page,
and prints one table: format × cells exact / wrong / refused, and reports read exactly. A
wrong cell is a bug; a refusal is a cost: the refusals are listed with their cause.

A format maker turns the page into the file a reader would meet; it may be unavailable on a
machine (say, without Chromium), and is then reported as skipped, never as passed.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from typing import Callable

from rich.console import Console
from rich.table import Table

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from gongkai import template as T  # noqa: E402
from gongkai.errors import GongkaiError  # noqa: E402
from gongkai.ingest import prepare  # noqa: E402
from gongkai.numbers import fmt  # noqa: E402

EXPECTED = REPO / "tests" / "fixtures" / "expected"
PACKAGES = REPO / "datapackages"


def _html(page: Path, tmp: Path) -> list[Path]:
    return [page]


def _oneline(page: Path, tmp: Path) -> list[Path]:
    """The page's text content as a browser gives it, and the same on one line."""
    sys.path.insert(0, str(REPO / "scripts"))
    from make_oneline_fixtures import one_line, text_content

    text = text_content(page.read_bytes())
    out = []
    for variant, body in (("text", text), ("line", one_line(text))):
        path = tmp / f"{page.parent.name}-{variant}.txt"
        path.write_text(body, encoding="utf-8")
        out.append(path)
    return out


# name -> maker(page, tmp folder) -> files to read (several variants, e.g. paper sizes)
MAKERS: dict[str, Callable[[Path, Path], list[Path]]] = {"html": _html, "oneline": _oneline}


def register(name: str):
    def wrap(fn):
        MAKERS[name] = fn
        return fn
    return wrap


def expected_cells(want: dict) -> dict[tuple[str, str, str], str]:
    out = {}
    for table in ("proactive", "requests", "appeals"):
        for row, cols in want[table].items():
            for col, v in cols.items():
                out[(table, row, col)] = fmt(Decimal(v) if isinstance(v, str) else v)
    return out


def read_cells(path: Path, declared: list[str]) -> dict[tuple[str, str, str], str]:
    with tempfile.TemporaryDirectory() as tmp:
        prepared = prepare(path, out_dir=Path(tmp) / "pkg",
                           declare=[f"{d}=as printed" for d in declared])
    files = prepared.files
    out = {}
    import csv
    import io
    for table, t in T.TABLES.items():
        rows = csv.DictReader(io.StringIO(files[f"{table}.csv"].decode("utf-8")))
        for r in rows:
            out[(table, r[t.row_field], r[t.col_field])] = r[t.value_field]
    return out


def cases() -> list[tuple[str, Path, dict]]:
    out = []
    for exp in sorted(EXPECTED.glob("pingtan-*.json")):
        want = json.loads(exp.read_text(encoding="utf-8"), parse_float=Decimal)
        page = PACKAGES / exp.stem / "source.html"
        if page.exists():
            out.append((exp.stem, page, want))
    return out


def run(formats: list[str]) -> list[dict]:
    results = []
    for name in formats:
        maker = MAKERS[name]
        row = {"format": name, "exact": 0, "wrong": 0, "refused": 0, "reports": 0,
               "reports_exact": 0, "seconds": 0.0, "notes": []}
        with tempfile.TemporaryDirectory() as tmp:
            for report, page, want in cases():
                cells = expected_cells(want)
                declared = want.get("declared", [])
                try:
                    files = maker(page, Path(tmp))
                except RuntimeError as exc:  # the maker's tool is missing here
                    row["notes"].append(f"{report}: skipped: {exc}")
                    continue
                for f in files:
                    row["reports"] += 1
                    t0 = time.perf_counter()
                    try:
                        got = read_cells(f, declared)
                    except GongkaiError as exc:
                        row["refused"] += len(cells)
                        row["notes"].append(f"{f.name}: refused: {exc}")
                        continue
                    finally:
                        row["seconds"] += time.perf_counter() - t0
                    wrong = [k for k, v in cells.items() if got.get(k) != v]
                    row["wrong"] += len(wrong)
                    row["exact"] += len(cells) - len(wrong)
                    row["reports_exact"] += not wrong
                    for k in wrong[:5]:
                        row["notes"].append(f"{f.name}: WRONG {':'.join(k)}: read "
                                            f"{got.get(k)!r}, printed {cells[k]!r}")
        results.append(row)
    return results


def main(argv: list[str]) -> int:
    formats = list(MAKERS)
    if "--formats" in argv:
        formats = argv[argv.index("--formats") + 1].split(",")
    results = run(formats)
    console = Console()
    table = Table(title="Accuracy on real reports (cells)")
    for col in ("format", "reports", "exact", "wrong", "refused", "reports exact", "s/report"):
        table.add_column(col, justify="left" if col == "format" else "right")
    for r in results:
        table.add_row(r["format"], str(r["reports"]), str(r["exact"]), str(r["wrong"]),
                      str(r["refused"]), f"{r['reports_exact']}/{r['reports']}",
                      f"{r['seconds'] / max(r['reports'], 1):.2f}")
    console.print(table)
    for r in results:
        for note in r["notes"]:
            console.print(f"  {r['format']}: {note}", highlight=False, soft_wrap=True)
    return 1 if any(r["wrong"] for r in results) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
