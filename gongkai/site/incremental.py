"""Incremental builds: the work a rebuild may skip, and how it knows.

A rebuild does work in proportion to what changed and stays byte-identical to a clean build:

- the staged docs folder (`work/docs`) is kept between builds; every writer writes a file only
  when its bytes differ (`util.write_bytes`), so an unchanged file keeps its mtime, and records
  the path in the build's ledger (`SiteContext.written`); staged files no writer confirmed are
  stale and removed (`sweep`);
- each report's work (validation, downloads, bundles, charts, pages, API files) is recorded
  under `work/records/`, keyed by everything it reads: the package's bytes, the bytes of the
  packages of the same publisher (cross-year checks, the series), the publisher registry, the
  configuration, the build date and the code (`code_key`). On a hit the loader takes the
  recorded result and confirms the files it wrote are still staged (`memo`); on a miss it
  does the work. Aggregates (year and publisher pages, compare, catalogue, feed, home) are
  recomputed every build from the per-report results.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Callable, TypeVar

import yaml

from ..publishers import registry_path
from .model import SiteContext
from .workers import parallel_map

T = TypeVar("T")
PACKAGE_DIR = Path(__file__).resolve().parents[1]
DISTRIBUTIONS = ("mkdocs", "mkdocs-material", "mkdocs-macros-plugin", "markdown", "frictionless",
                 "altair", "vl-convert-python", "openpyxl", "pyarrow", "jinja2",
                 "pagefind-bin-extended")
RECORDS = "records"


def _dist(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return ""


@functools.lru_cache(maxsize=1)
def code_key() -> str:
    """The code that makes the site: gongkai's sources and templates, the pinned
    requirements and the versions of the libraries that write files."""
    h = hashlib.sha256()
    for path in sorted(PACKAGE_DIR.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            h.update(path.relative_to(PACKAGE_DIR).as_posix().encode() + b"\0")
            h.update(path.read_bytes())
    lock = PACKAGE_DIR.parent / "requirements.lock"
    if lock.is_file():
        h.update(lock.read_bytes())
    for name in DISTRIBUTIONS:
        h.update(f"{name}={_dist(name)}\0".encode())
    return h.hexdigest()


def package_digest(path: Path) -> str:
    """sha256 over every file of a package folder (names and bytes)."""
    h = hashlib.sha256()
    for f in sorted(path.rglob("*")):
        if f.is_file():
            h.update(f.relative_to(path).as_posix().encode() + b"\0")
            h.update(f.read_bytes() + b"\0")
    return h.hexdigest()


def digest(*parts) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update((p if isinstance(p, bytes) else str(p).encode()) + b"\0")
    return h.hexdigest()


def global_key(ctx: SiteContext) -> str:
    """What every page may read beyond its own package: configuration, registry, date, code."""
    reg = registry_path(ctx.root)
    return digest(code_key(), ctx.epoch, ctx.use_cache,
                  yaml.safe_dump(ctx.config, allow_unicode=True, sort_keys=True),
                  reg.read_bytes() if reg.is_file() else b"")


def package_keys(ctx: SiteContext, digests: dict[Path, str]) -> dict[str, str]:
    """Package id -> the key of its records: its bytes and those of its publisher's other
    packages (cross-year checks, the publisher's series), under the global key."""
    base = global_key(ctx)
    by_publisher: dict[str, list[str]] = {}
    for p in ctx.packages:
        by_publisher.setdefault(p.publisher_key, []).append(p.id + "=" + digests[p.path])
    return {p.id: digest(base, p.id, digests[p.path], *sorted(by_publisher[p.publisher_key]))
            for p in ctx.packages}


def _load(path: Path):
    try:
        with open(path, "rb") as f:
            return pickle.load(f)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError):
        return None


def _save(path: Path, record) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as f:
        pickle.dump(record, f, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, path)


def _record_path(work: Path, family: str, key: str) -> Path:
    return work / RECORDS / family / key[:2] / f"{key}.pickle"


def structural_errors(work: Path, digests: dict[Path, str], check: Callable[[Path], list[str]]
                      ) -> Callable[[Path], list[str]]:
    """`check` (Frictionless validation of a package folder), its result recorded by the
    package's bytes and the code."""
    def errors_of(path: Path) -> list[str]:
        record = _record_path(work, "frictionless", digest(code_key(), path.name, digests[path]))
        found = _load(record)
        if found is None:
            found = check(path)
            _save(record, found)
        return found
    return errors_of


MISS = ("gongkai.site.incremental", "no record")  # what `lookup` returns without a record


def lookup(ctx: SiteContext, family: str, key: str | None):
    """The recorded value of `key`, if its record exists and every file it wrote into the
    staged docs is still there (those files are then confirmed in the ledger); else MISS."""
    if key is None or not ctx.use_cache:
        return MISS
    record = _load(_record_path(ctx.work, family, key))
    if record is None:
        return MISS
    files = [ctx.docs / rel for rel in record["files"]]
    if not all(f.is_file() for f in files):
        return MISS
    ctx.written.update(str(f) for f in files)
    ctx.stats[f"{family}_reused"] = ctx.stats.get(f"{family}_reused", 0) + 1
    return record["value"]


def remember(ctx: SiteContext, family: str, key: str | None, compute: Callable[[], T], *,
             count: bool = True) -> T:
    """compute(), recorded under `key` with the staged files it wrote."""
    outer, ctx.written = ctx.written, set()
    try:
        value = compute()
        mine = ctx.written
    finally:
        outer.update(ctx.written)
        ctx.written = outer
    if count:
        ctx.stats[f"{family}_made"] = ctx.stats.get(f"{family}_made", 0) + 1
    if key is not None:
        docs = str(ctx.docs) + os.sep
        _save(_record_path(ctx.work, family, key),
              {"files": sorted(Path(p[len(docs):]).as_posix() for p in mine
                               if p.startswith(docs)), "value": value})
    return value


def memo(ctx: SiteContext, family: str, key: str | None, compute: Callable[[], T], *,
         force: bool = False) -> T:
    """compute(), or its recorded result (`lookup`) unless `force`."""
    if not force:
        value = lookup(ctx, family, key)
        if value is not MISS:
            return value
    return remember(ctx, family, key, compute)


def memo_all(ctx: SiteContext, family: str, jobs: list[tuple[str | None, Callable[[], T]]],
             force: Callable[[int], bool] = lambda _i: False) -> tuple[list[T], set[int]]:
    """`memo` of every (key, compute) job, the missing ones computed on every core
    (`workers.parallel_map`). Returns (values in order, indices of the jobs computed)."""
    values: list = [MISS if force(i) else lookup(ctx, family, key)
                    for i, (key, _c) in enumerate(jobs)]
    todo = [i for i, v in enumerate(values) if v is MISS]
    made = parallel_map(ctx, [lambda i=i: remember(ctx, family, jobs[i][0], jobs[i][1],
                                                   count=False) for i in todo])
    for i, value in zip(todo, made):
        values[i] = value
    if todo:
        ctx.stats[f"{family}_made"] = ctx.stats.get(f"{family}_made", 0) + len(todo)
    return values, set(todo)


def sweep(ctx: SiteContext) -> int:
    """Remove the staged files no writer wrote or confirmed in this build; returns how many."""
    removed = 0
    for dirpath, dirnames, filenames in os.walk(ctx.docs, topdown=False):
        for name in filenames:
            full = os.path.join(dirpath, name)
            if full not in ctx.written:
                os.unlink(full)
                removed += 1
        if dirpath != str(ctx.docs) and not os.listdir(dirpath):
            os.rmdir(dirpath)
    return removed
