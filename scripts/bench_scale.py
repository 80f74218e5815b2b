"""Scale benchmark on synthetic corpora: prints one table (figures, not a timed test).

    .venv/bin/python scripts/bench_scale.py [--sizes 100,1000,10000] [--skip-build]

For each size N: a synthetic corpus (`scripts/synth_corpus.py`, never published) is ingested
with 1 and 2 jobs (reports/s; the outputs are compared byte for byte), then the portal is built
clean, rebuilt with nothing changed and rebuilt with one report changed (each in a child
process, so that its peak resident memory is measured alone), and the site is measured: size,
file count, the search index and what a first visit loads, in Debian's Chromium (driven by
Playwright as the browser tests drive it, `tests/browser_support.py`) on a local server:

- first load of a page (home, a report, a year, the reports index, a publisher, the compare
  page, data quality): every response the page's load brings, in a fresh browser (empty
  cache) at 1280x900, until the network is idle: the HTML, stylesheets, scripts, the images
  the browser fetches (a chart's static SVG is `loading="lazy"`: only those near the first
  screen), and the data files a page's own script fetches at load (the compare page's JSON).
  Not counted: what loads only when a reader asks (the Vega bundle behind a chart's 交互图表
  button, the search index before a query, the filter box's list before it is used);
- first query: everything the browser fetches from typing 复议 in the header's search box on
  the home page until its results show: Pagefind's loader, its WebAssembly, the entry and
  meta files, the index chunks and the result fragments;
- the search index on disk (the pagefind/ folder: files and MiB).

Bytes are gzip -6 of each response's body (what a host serving gzip sends; Pagefind's index
chunks and fragments are gzip files already, so the smaller of raw and gzip), in KiB.

Everything happens in a temporary folder; datapackages/ is never touched.
"""

from __future__ import annotations

import argparse
import filecmp
import gzip
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright
from rich.console import Console
from rich.table import Table

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from browser_support import CHROMIUM, CHROMIUM_ARGS, DESKTOP, search, serve  # noqa: E402

QUERY = "复议"
# each must find synthetic report pages (the search's recall on Chinese sub-words and labels)
RECALL = ["复议", "行政复议", "规范性文件", "商业企业", "结转"]
PY = sys.executable
EPOCH = "1764633600"  # the same dates in every run: outputs comparable byte for byte


def run(args: list[str], **kw) -> tuple[float, int]:
    """(seconds, peak resident MiB of the child) for one command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH}, **kw)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return time.perf_counter() - t0, max(peak, before) // 1024


def ingest(corpus: Path, root: Path, jobs: int) -> float:
    root.mkdir(parents=True)
    shutil.copy(corpus / "publishers.csv", root / "publishers.csv")
    seconds, _ = run([str(REPO / ".venv/bin/gongkai"), "ingest", str(corpus / "reports"),
                      "--root", str(root), "--jobs", str(jobs)])
    return seconds


def same_tree(a: Path, b: Path) -> bool:
    files = sorted(p.relative_to(a).as_posix() for p in a.rglob("*") if p.is_file())
    other = sorted(p.relative_to(b).as_posix() for p in b.rglob("*") if p.is_file())
    return files == other and not filecmp.cmpfiles(a, b, files, shallow=False)[1]


def build(root: Path, site: Path, work: Path) -> tuple[float, int]:
    code = ("import sys; from gongkai.site.build import build_site; "
            f"build_site({str(root)!r}, {str(site)!r}, {str(REPO / 'mkdocs.yml')!r}, "
            f"work={str(work)!r})")
    return run([PY, "-c", code], cwd=REPO)


def gz(body: bytes) -> int:
    return min(len(body), len(gzip.compress(body, 6)))


class Bytes:
    """The responses of a browser context (each URL once: a browser's cache serves repeats)."""

    def __init__(self, context):
        self.responses: dict = {}
        context.on("response", lambda r: self.responses.setdefault(r.url, r)
                   if r.status < 300 else None)

    def reset(self) -> None:
        self.responses = {}

    def total(self) -> int:
        """gzip bytes of the bodies (read once the page has settled)."""
        out = 0
        for r in self.responses.values():
            try:
                out += gz(r.body())
            except Exception:  # noqa: BLE001 - a response without a body (aborted)
                pass
        return out


def settle(page) -> None:
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)  # the last responses' events are delivered


def first_load(browser, url: str) -> int:
    """gzip bytes of everything a fresh browser loads for `url` until the network is idle."""
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    count = Bytes(context)
    page = context.new_page()
    page.goto(url, wait_until="load")
    settle(page)
    total = count.total()
    context.close()
    return total


def first_query(browser, url: str, query: str = QUERY) -> tuple[int, int]:
    """(gzip bytes, files) the browser fetches for a first query in the search box."""
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    count = Bytes(context)
    page = context.new_page()
    page.goto(url, wait_until="load")
    settle(page)
    count.reset()
    search(page, query)
    settle(page)
    total, files = count.total(), len(count.responses)
    context.close()
    return total, files


def recall(browser, url: str) -> str:
    """How many of RECALL find report pages, e.g. "5/5", and the queries that do not."""
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    page = context.new_page()
    page.goto(url, wait_until="load")
    missed = [q for q in RECALL
              if not any("/reports/" in r["url"] for r in search(page, q))]
    context.close()
    found = f"{len(RECALL) - len(missed)}/{len(RECALL)}"
    return found + (f" (none for {', '.join(missed)})" if missed else "")


def pages_of(site: Path) -> dict[str, str]:
    """Name -> site-relative URL path of each page measured."""
    report = next(site.glob("reports/*/index.html")).parent
    year = sorted(site.glob("years/[0-9]*/index.html"))[-1].parent
    publisher = next(p.parent for p in site.glob("publishers/*/index.html")
                     if p.parent.name != "page")
    out = {"home": "", "report": report, "year": year, "reports": "reports",
           "publisher": publisher, "compare": "compare", "quality": "quality"}
    return {k: (v.relative_to(site).as_posix() + "/" if isinstance(v, Path) else
                (v + "/" if v else "")) for k, v in out.items()}


def browser_figures(site: Path) -> dict:
    """First loads (KiB gz) of each page of `pages_of`, the first query's, and the index."""
    row = {}
    with serve(site.parent) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        url = f"{base}{site.name}/"
        for name, path in pages_of(site).items():
            row[f"{name}_kb"] = first_load(browser, url + path) / 1024
        total, files = first_query(browser, url)
        row["query_kb"], row["query_files"] = total / 1024, files
        row["recall"] = recall(browser, url)
        browser.close()
    index = [p for p in (site / "pagefind").rglob("*") if p.is_file()]
    row["index_mib"] = sum(p.stat().st_size for p in index) / 2**20
    row["index_files"] = len(index)
    return row


def touch_one(root: Path) -> None:
    """Change one figure of one report as a correction would (its package only)."""
    pkg = sorted(p for p in root.iterdir() if (p / "datapackage.json").exists())[0]
    note = pkg / "requests.csv"
    text = note.read_text(encoding="utf-8").replace(",,\n", ",更正,\n", 1)
    note.write_text(text, encoding="utf-8")
    subprocess.run([PY, "-c", "import sys; sys.path.insert(0, 'tests'); from helpers import "
                    f"rehash; from pathlib import Path; rehash(Path({str(pkg)!r}))"],
                   cwd=REPO, check=True)


def measure(n: int, tmp: Path, skip_build: bool) -> dict:
    """One row of the table; each figure is also printed as soon as it is measured, so that a
    run stopped part-way (10,000 reports take hours) still tells what it measured."""
    corpus = tmp / f"corpus-{n}"
    subprocess.run([PY, str(REPO / "scripts/synth_corpus.py"), str(n), "--out", str(corpus)],
                   check=True, stdout=subprocess.DEVNULL)
    row = {"n": n}

    def note(**figures) -> None:
        row.update(figures)
        print(f"[{n} reports] " + ", ".join(f"{k} {v:.1f}" if isinstance(v, float) else
                                           f"{k} {v}" for k, v in figures.items()), flush=True)

    one = ingest(corpus, tmp / f"pk1-{n}", 1)
    two = ingest(corpus, tmp / f"pk2-{n}", 2)
    note(ingest1=n / one, ingest2=n / two,
         identical=same_tree(tmp / f"pk1-{n}", tmp / f"pk2-{n}"))
    if skip_build:
        return row
    root, site, work = tmp / f"pk1-{n}", tmp / f"site-{n}", tmp / f"work-{n}"
    clean, rss = build(root, site, work)
    note(clean=clean, rss=rss)
    again, rss2 = build(root, site, work)
    note(again=again, rss_again=rss2)
    touch_one(root)
    changed, rss3 = build(root, site, work)
    note(one=changed, rss_one=rss3)
    row["rss"] = max(rss, rss2, rss3)
    files = [p for p in site.rglob("*") if p.is_file()]
    note(files=len(files), mib=sum(p.stat().st_size for p in files) / 2**20)
    for key, value in browser_figures(site).items():
        note(**{key: value})
    return row


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="100,1000,10000")
    ap.add_argument("--skip-build", action="store_true", help="ingest only")
    ap.add_argument("--keep", type=Path, help="work in this (new) folder and keep it: the "
                    "corpora, packages and sites stay for a look or a browser test")
    args = ap.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(prefix="gongkai-scale-") as tmp:
        where = Path(tmp)
        if args.keep:
            args.keep.mkdir(parents=True)  # a new folder: never one holding other files
            where = args.keep
        for n in (int(x) for x in args.sizes.split(",")):
            rows.append(measure(n, where, args.skip_build))
            print(rows[-1], flush=True)
    cols = [("n", "reports", "{}"), ("ingest1", "ingest/s 1 job", "{:.1f}"),
            ("ingest2", "ingest/s 2 jobs", "{:.1f}"), ("identical", "1 = 2 jobs", "{}"),
            ("clean", "clean build s", "{:.0f}"), ("again", "rebuild s", "{:.0f}"),
            ("one", "1 changed s", "{:.0f}"), ("rss", "peak MiB", "{}"),
            ("mib", "site MiB", "{:.0f}"), ("files", "files", "{}"),
            ("index_mib", "search index MiB", "{:.1f}"), ("index_files", "index files", "{}"),
            ("query_kb", f"first query {QUERY} KiB gz", "{:.0f}"),
            ("query_files", "query files", "{}"), ("recall", "queries finding reports", "{}"),
            *((f"{k}_kb", f"{k} KiB gz", "{:.0f}") for k in (
                "home", "report", "year", "reports", "publisher", "compare", "quality"))]
    table = Table(title="Scale: synthetic corpora (2 cores)")
    for _, title, _ in cols:
        table.add_column(title, justify="right")
    for r in rows:
        table.add_row(*("—" if r.get(k) is None else f.format(r[k]) for k, _, f in cols))
    Console(width=240).print(table)


if __name__ == "__main__":
    main()
