"""Scale benchmark on synthetic corpora: prints one table (figures, not a timed test).

    .venv/bin/python scripts/bench_scale.py [--sizes 100,1000,10000] [--skip-build]

For each size N: a synthetic corpus (`scripts/synth_corpus.py`, never published) is ingested
with 1 and 2 jobs (reports/s; the outputs are compared byte for byte), then the portal is built
clean, rebuilt with nothing changed and rebuilt with one report changed (each in a child
process, so that its peak resident memory is measured alone), and the site is measured: size,
file count, and the gzip bytes a first visit loads for the home page and a report page
(the HTML and every stylesheet, script and image it references on the same host).

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

from rich.console import Console
from rich.table import Table

REPO = Path(__file__).resolve().parents[1]
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


def first_load(site: Path, page: Path) -> int:
    """gzip bytes of a page and what it references on the same host (CSS, JS, images)."""
    html = page.read_text(encoding="utf-8")
    total = len(gzip.compress(html.encode("utf-8"), 6))
    seen = set()
    for ref in re.findall(r'(?:src|href)="([^"#?]+\.(?:css|js|svg|png|woff2?))"', html):
        target = (page.parent / ref).resolve()
        if target in seen or not target.is_file() or site.resolve() not in target.parents:
            continue
        seen.add(target)
        total += len(gzip.compress(target.read_bytes(), 6))
    return total


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
    corpus = tmp / f"corpus-{n}"
    subprocess.run([PY, str(REPO / "scripts/synth_corpus.py"), str(n), "--out", str(corpus)],
                   check=True, stdout=subprocess.DEVNULL)
    row = {"n": n}
    one = ingest(corpus, tmp / f"pk1-{n}", 1)
    two = ingest(corpus, tmp / f"pk2-{n}", 2)
    row["ingest1"], row["ingest2"] = n / one, n / two
    row["identical"] = same_tree(tmp / f"pk1-{n}", tmp / f"pk2-{n}")
    if skip_build:
        return row
    root, site, work = tmp / f"pk1-{n}", tmp / f"site-{n}", tmp / f"work-{n}"
    row["clean"], row["rss"] = build(root, site, work)
    row["again"], rss2 = build(root, site, work)
    touch_one(root)
    row["one"], rss3 = build(root, site, work)
    row["rss"] = max(row["rss"], rss2, rss3)
    files = [p for p in site.rglob("*") if p.is_file()]
    row["files"], row["mib"] = len(files), sum(p.stat().st_size for p in files) / 2**20
    report = next(site.glob("reports/*/index.html"))
    row["home_kb"] = first_load(site, site / "index.html") / 1024
    row["report_kb"] = first_load(site, report) / 1024
    for name, path in (("year_kb", "years"), ("compare_kb", "compare")):
        page = next(site.glob(f"{path}/**/index.html"), None)
        row[name] = first_load(site, page) / 1024 if page else None
    search = site / "search" / "search_index.json"
    row["search_kb"] = len(gzip.compress(search.read_bytes(), 6)) / 1024 if search.exists() \
        else None
    return row


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="100,1000,10000")
    ap.add_argument("--skip-build", action="store_true", help="ingest only")
    args = ap.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(prefix="gongkai-scale-") as tmp:
        for n in (int(x) for x in args.sizes.split(",")):
            rows.append(measure(n, Path(tmp), args.skip_build))
            print(rows[-1], flush=True)
    cols = [("n", "reports", "{}"), ("ingest1", "ingest/s 1 job", "{:.1f}"),
            ("ingest2", "ingest/s 2 jobs", "{:.1f}"), ("identical", "1 = 2 jobs", "{}"),
            ("clean", "clean build s", "{:.0f}"), ("again", "rebuild s", "{:.0f}"),
            ("one", "1 changed s", "{:.0f}"), ("rss", "peak MiB", "{}"),
            ("mib", "site MiB", "{:.0f}"), ("files", "files", "{}"),
            ("search_kb", "search index KiB gz", "{:.0f}"), ("home_kb", "home KiB gz", "{:.0f}"),
            ("report_kb", "report KiB gz", "{:.0f}"), ("year_kb", "year KiB gz", "{:.0f}"),
            ("compare_kb", "compare KiB gz", "{:.0f}")]
    table = Table(title="Scale: synthetic corpora (2 cores)")
    for _, title, _ in cols:
        table.add_column(title, justify="right")
    for r in rows:
        table.add_row(*("—" if r.get(k) is None else f.format(r[k]) for k, _, f in cols))
    Console(width=240).print(table)


if __name__ == "__main__":
    main()
