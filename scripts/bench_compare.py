"""Measure the compare tool's data files on a corpus (prints figures; not a timed test).

    .venv/bin/python scripts/bench_compare.py ROOT [ROOT ...] [--copies K]

ROOT is a packages folder, e.g. a synthetic corpus ingested with

    .venv/bin/python scripts/synth_corpus.py 10000 --out /tmp/synth
    cp /tmp/synth/publishers.csv /tmp/root/
    .venv/bin/gongkai ingest /tmp/synth/reports --root /tmp/root --jobs 2

For each root it writes the compare loader's files into a temporary folder (nothing is written
to the root or to the site) and prints: reports, publishers, how many files, the index's size,
the measure files' sizes (median and largest), and what the default view downloads (the index
and the measure files of its publishers), raw and gzipped (as a static host serves JSON). `--copies K` measures K copies of every package
under other publisher ids (in memory): 1,000 ingested reports give a corpus of K × 1,000.
"""

from __future__ import annotations

import copy
import dataclasses
import gzip
import statistics
import sys
import tempfile
import time
from pathlib import Path

import typer

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from gongkai.load import load_all  # noqa: E402
from gongkai.site import compare  # noqa: E402
from gongkai.site.model import SiteContext  # noqa: E402


def kib(n: float) -> str:
    return f"{n / 1024:,.1f} KiB"


def gz(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=6, mtime=0))


def copies(packages: list, k: int) -> list:
    """k copies of every package, each copy under its own publisher id and name."""
    out = []
    for i in range(k):
        for pkg in packages:
            if i == 0:
                out.append(pkg)
                continue
            desc = copy.deepcopy(pkg.descriptor)
            rep = desc["report"]
            rep["publisher_id"] = f"{pkg.publisher_key}-c{i}"
            rep["publisher"] = f"{pkg.publisher}副本{i}"
            desc["name"] = f"{rep['publisher_id']}-{pkg.year}"
            out.append(dataclasses.replace(pkg, descriptor=desc))
    return out


def measure(root: Path, k: int = 1) -> dict:
    t = time.perf_counter()
    packages = sorted(copies(load_all(root), k), key=lambda p: (-p.year, p.publisher, p.id))
    loaded = time.perf_counter() - t
    with tempfile.TemporaryDirectory() as tmp:
        docs = Path(tmp)
        ctx = SiteContext(root=root, docs=docs, work=docs, config={}, epoch=0, cache=docs,
                          packages=packages)
        t = time.perf_counter()
        pubs, items = compare.publishers(ctx), compare.measures()
        written = compare.write_data(ctx, pubs, items)
        built = time.perf_counter() - t
        view = compare.default_view(ctx)
        chunk_of = {p["id"]: i // compare.CHUNK for i, p in enumerate(pubs)}
        index = f"{compare.DATA}/index.json"
        first = [index] + list(dict.fromkeys(compare.measure_file(view["m"], chunk_of[p])
                                             for p in view["p"]))
        files = [p for p in written if "/m/" in p]
        sizes = sorted(written[p] for p in files)
        gz_sizes = sorted(gz(docs / p) for p in files)
        return {"reports": len(packages), "publishers": len(pubs), "files": len(written),
                "load_s": loaded, "build_s": built,
                "index": written[index], "index_gz": gz(docs / index),
                "file_median": statistics.median(sizes), "file_max": sizes[-1],
                "file_gz_median": statistics.median(gz_sizes), "file_gz_max": gz_sizes[-1],
                "first_files": len(first), "first": sum(written[p] for p in first),
                "first_gz": sum(gz(docs / p) for p in first),
                "total": sum(written.values())}


def main(roots: list[Path] = typer.Argument(..., help="Packages folders."),
         k: int = typer.Option(1, "--copies", help="Copies of every package.")) -> None:
    for root in roots:
        r = measure(root, k)
        print(f"{root}{f' ×{k}' if k > 1 else ''}: {r['reports']:,} reports, {r['publishers']:,} publishers, "
              f"{r['files']:,} files ({kib(r['total'])} in all); loaded in {r['load_s']:.1f} s, "
              f"compare files written in {r['build_s']:.1f} s")
        print(f"  index.json: {kib(r['index'])} (gzip {kib(r['index_gz'])})")
        print(f"  a measure file: median {kib(r['file_median'])} (gzip "
              f"{kib(r['file_gz_median'])}), largest {kib(r['file_max'])} "
              f"(gzip {kib(r['file_gz_max'])})")
        print(f"  default view downloads {r['first_files']} files: {kib(r['first'])} "
              f"(gzip {kib(r['first_gz'])})")


if __name__ == "__main__":
    typer.run(main)
