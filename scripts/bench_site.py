"""Benchmark the portal build and page weight (prints figures; not a timed test).

    .venv/bin/python scripts/bench_site.py [--max 100] [--cold]
    .venv/bin/python scripts/bench_site.py --weight SITE     # only the page weights of a site

Measures: a clean build of today's data (no chart cache), a rebuild after one package changes,
builds of 1, 10 and 100 copies of the first package under other ids, each with its figures
scaled so that its charts are its own (in a temporary folder; nothing is written to
datapackages/), and the bytes (raw and gzip) a browser loads for the home
page and a report page.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from gongkai.site.build import build_site  # noqa: E402


def _scale_csv(path: Path, column: str, k: int, keep=lambda row: True) -> None:
    """Multiply a CSV's figures by k: the template's identities are linear, so they still hold."""
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    for r in rows:
        if keep(r) and r[column]:
            v = float(r[column]) * k
            r[column] = str(int(v)) if "." not in r[column] else f"{v:.1f}"
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(rows[0].keys()), lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")


def copies(src: Path, root: Path, n: int) -> None:
    """n copies under other ids, each with its figures multiplied by a different factor, so
    every copy has its own charts (nothing is shared through the render cache)."""
    for i in range(n):
        new_id = f"{src.name}-copy-{i + 1:03d}"
        dest = root / new_id
        shutil.copytree(src, dest)
        k = i + 2
        for name, col in (("requests", "count"), ("appeals", "count"), ("proactive", "value")):
            _scale_csv(dest / f"{name}.csv", col, k)
        _scale_csv(dest / "highlights.csv", "value", k, keep=lambda r: r["unit"] != "%")
        desc = json.loads((dest / "datapackage.json").read_text(encoding="utf-8"))
        desc["name"] = new_id
        desc["id"] = f"gongkai/{new_id}"
        for res in desc["resources"]:
            data = (dest / res["path"]).read_bytes()
            res["bytes"] = len(data)
            res["hash"] = "sha256:" + hashlib.sha256(data).hexdigest()
        (dest / "datapackage.json").write_text(json.dumps(desc, ensure_ascii=False, indent=2),
                                               encoding="utf-8")


def timed(**kw) -> tuple[float, object]:
    t = time.perf_counter()
    ctx = build_site(config=REPO / "mkdocs.yml", **kw)
    return time.perf_counter() - t, ctx


def page_weight(site: Path, page: str) -> dict:
    """What a browser loads for a page on first visit: HTML, CSS, scripts (the Vega bundle if
    the page has a chart), images not marked lazy; and, apart, lazy images and the search index."""
    html_path = site / page
    html = html_path.read_text(encoding="utf-8")
    eager: list[Path] = [html_path]
    lazy: list[Path] = []
    for m in re.finditer(r"<(script|img|link)\b([^>]*)>", html):
        tag, attrs = m.group(1), m.group(2)
        ref = re.search(r'(?:src|href)="([^"#?]+)', attrs)
        if not ref or ref.group(1).startswith(("http:", "https:", "//", "data:")):
            continue
        if tag == "link" and 'rel="stylesheet"' not in attrs:
            continue
        target = (html_path.parent / ref.group(1)).resolve()
        if target.is_file():
            (lazy if 'loading="lazy"' in attrs else eager).append(target)
    views = re.findall(r'data-vega="([^"]+)"', html)
    vega: list[Path] = []
    if views:
        bundle = (html_path.parent / views[0]).resolve()
        js = site / "assets" / "javascripts" / "gongkai.js"
        on_request = js.is_file() and "gk-chart-activate" in js.read_text(encoding="utf-8")
        (vega if on_request else eager).append(bundle)  # on request: only when a reader asks
    worker = next((site / "assets" / "javascripts" / "workers").glob("search.*.min.js"), None)
    search = [p for p in (worker, site / "search" / "search_index.json") if p and p.is_file()]
    pf = site / "pagefind"
    if pf.is_dir():  # Pagefind: its loader, worker, WebAssembly and entry (shards apart)
        search = [pf / "pagefind.js", pf / "pagefind-worker.js", pf / "pagefind-entry.json",
                  *sorted(pf.glob("wasm.en.pagefind"))]

    def size(paths):
        raw = sum(p.stat().st_size for p in dict.fromkeys(paths))
        gz = sum(len(gzip.compress(p.read_bytes(), 9)) for p in dict.fromkeys(paths))
        return raw, gz

    return {"eager": size(eager), "lazy_images": size(lazy), "search": size(search),
            "vega": size(vega), "files": len(set(eager))}


def print_weight(site: Path, page: str, label: str) -> None:
    w = page_weight(site, page)
    print(f"{label:6} page first load: {w['eager'][0] / 1024:7.1f} KB raw, "
          f"{w['eager'][1] / 1024:6.1f} KB gzip ({w['files']} files); with its charts in view "
          f"(lazy chart images) {(w['eager'][1] + w['lazy_images'][1]) / 1024:.1f} KB gzip; "
          f"Vega on request {w['vega'][1] / 1024:.1f} KB gzip; search (on first search, "
          f"without index shards) {w['search'][1] / 1024:.1f} KB gzip")


def digest(folder: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(folder.rglob("*")):
        if p.is_file():
            h.update(str(p.relative_to(folder)).encode() + p.read_bytes())
    return h.hexdigest()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--max", type=int, default=100, help="largest number of copies")
    ap.add_argument("--cold", action="store_true", help="also build the copies without cache")
    ap.add_argument("--weight", type=Path, metavar="SITE",
                    help="only print the page weights of a built site")
    args = ap.parse_args()
    if args.weight:
        report = sorted((args.weight / "reports").glob("*/index.html"))[0]
        print_weight(args.weight, "index.html", "home")
        print_weight(args.weight, str(report.relative_to(args.weight)), "report")
        return
    from gongkai.load import find_packages

    src = find_packages(REPO / "datapackages")[0]
    with tempfile.TemporaryDirectory(prefix="gongkai-bench-") as tmp:
        tmp = Path(tmp)
        print("== today's data")
        t, ctx = timed(root=REPO / "datapackages", site=tmp / "site", work=tmp / "w0",
                       use_cache=False)
        print(f"clean build (no cache, fresh work folder): {t:6.2f} s  "
              f"({', '.join(f'{k} {v:.2f}' for k, v in ctx.timings.items())})")
        t, _ = timed(root=REPO / "datapackages", site=tmp / "site2", work=tmp / "w0")
        print(f"rebuild, nothing changed (warm cache):      {t:6.2f} s")
        same = digest(tmp / "site") == digest(tmp / "site2")
        print(f"two builds byte-identical: {same}")
        for page, label in (("index.html", "home"),
                            (f"reports/{ctx.packages[0].id}/index.html", "report")):
            print_weight(tmp / "site", page, label)

        print("== copies of", src.name)
        counts = [n for n in (1, 10, 100) if n <= args.max]
        for n in counts:
            root = tmp / f"root{n}"
            root.mkdir()
            copies(src, root, n)
            work = tmp / f"w{n}"
            t_cold = None
            if args.cold or n <= 10:
                t_cold, _ = timed(root=root, site=tmp / f"s{n}", work=work, use_cache=False)
            t_warm, c = timed(root=root, site=tmp / f"s{n}", work=work)
            cold = f"cold {t_cold:6.2f} s, " if t_cold is not None else ""
            print(f"{n:4d} reports: {cold}warm {t_warm:6.2f} s ({t_warm / n:.3f} s/report; "
                  f"mkdocs {c.timings['mkdocs']:.2f} s)")
            if n == 10:
                first = root / f"{src.name}-copy-001"
                desc = json.loads((first / "datapackage.json").read_text(encoding="utf-8"))
                desc["title"] += "（修订）"
                (first / "datapackage.json").write_text(json.dumps(desc, ensure_ascii=False),
                                                        encoding="utf-8")
                t, _ = timed(root=root, site=tmp / f"s{n}", work=work)
                print(f"  rebuild after one of {n} packages changed: {t:6.2f} s")
            shutil.rmtree(root)
            shutil.rmtree(tmp / f"s{n}", ignore_errors=True)


if __name__ == "__main__":
    main()
