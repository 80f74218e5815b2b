"""Ingest a folder of reports on several cores, with the same output as on one.

Each worker reads and checks a report and writes its package into the run's staging folder
(under the root, so that putting a package in place is a rename). The parent only decides, in
file order, which reports take which package id, and renames each staged package into place
or discards it: it does almost no work itself (no package bytes through a pipe), and the
decisions that depend on order (which of two reports of one id wins) are the same whatever
the number of jobs. The staging folder goes at the end, so a failed or interrupted report
never leaves a half package.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .errors import GongkaiError
from .ingest import IngestResult, claim, make_files, read_and_check
from .package import stage, swap_in


@dataclass
class FolderItem:
    path: Path
    status: str  # ok | warnings | failed
    result: IngestResult | None = None
    reason: str = ""


@dataclass
class Staged:
    """What a worker sends back for one report: its package staged (not yet in place), or
    why it failed. `package_id` is known once the report was read and checked, so that the
    parent can refuse a second report of one id even if it failed later (while reading the
    package it would replace, which the first report of that id may be replacing)."""

    path: Path
    tmp: Path | None = None
    result: IngestResult | None = None
    package_id: str = ""
    reason: str = ""


def report_files(folder: Path) -> list[Path]:
    """The files of a folder to ingest: every visible regular file, sorted by name."""
    return sorted(p for p in Path(folder).iterdir()
                  if p.is_file() and not p.name.startswith((".", "~$")))


def declarations_for(path: Path, declare: list[str]) -> list[str]:
    """Declarations that apply to one file of a folder: FILE:CHECK=REASON, or CHECK=REASON
    for every file."""
    out = []
    for item in declare:
        check, sep, reason = item.partition("=")
        name, colon, cid = check.rpartition(":")
        if colon and name:
            if name.strip() == path.name:
                out.append(f"{cid}{sep}{reason}")
        else:
            out.append(item)
    return out


def _failure(path: Path, exc: Exception, doing: str = "read the file") -> str:
    """The reason a report failed, without its file name (the summary shows it)."""
    if not isinstance(exc, GongkaiError):  # e.g. a reader's library failing on a damaged file
        return f"cannot {doing}: {exc.__class__.__name__}: {exc}"
    reason = str(exc)
    for prefix in (f"{path}: ", f"{path}, "):
        if reason.startswith(prefix):
            return reason[len(prefix):]
    return reason


def stage_one(args: tuple[Path, Path, list[str], Path]) -> Staged:
    """Read, check and write one report's package into `staging` (in a worker)."""
    path, root, declare, staging = args
    try:
        checked = read_and_check(path, root=root, declare=declarations_for(path, declare))
    except Exception as exc:  # noqa: BLE001 - every failure is one file's, reported
        return Staged(path, reason=_failure(path, exc))
    try:
        prepared = make_files(checked)
        tmp = stage(prepared.files, staging, checked.package_id)
    except Exception as exc:  # noqa: BLE001
        return Staged(path, package_id=checked.package_id,
                      reason=_failure(path, exc, "write the package"))
    return Staged(path, tmp, prepared.result, checked.package_id)


def place(item: Staged, taken: dict[str, str]) -> FolderItem:
    """Keep or refuse one staged report, in file order (in the parent)."""
    try:
        if item.package_id:
            if item.package_id in taken or item.tmp is not None:
                claim(taken, item.package_id, item.path)
        if item.tmp is None:
            return FolderItem(item.path, "failed", reason=item.reason)
        swap_in(item.tmp, item.result.out_dir)
    except GongkaiError as exc:
        if item.tmp is not None:
            shutil.rmtree(item.tmp, ignore_errors=True)
        return FolderItem(item.path, "failed", reason=_failure(item.path, exc))
    result = item.result
    status = "warnings" if result.declared or result.mismatches else "ok"
    return FolderItem(item.path, status, result=result)


def _pool(jobs: int, count: int):
    """A pool of forked workers (they start with gongkai imported), or None for one job."""
    if jobs <= 1 or count <= 1:
        return None
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork"))


def ingest_many(files: list[Path], *, root: Path, declare: list[str], jobs: int = 1,
                on_done=None) -> list[FolderItem]:
    """Ingest files in `jobs` processes; the packages, the summary and which of two reports
    of one id is refused are the same whatever the number of jobs."""
    root = Path(root)
    made_root = not root.exists()
    root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".ingest-", dir=root))
    args = [(p, root, declare, staging) for p in files]
    pool = _pool(jobs, len(files))
    taken: dict[str, str] = {}
    items = []
    try:
        staged = pool.map(stage_one, args, chunksize=max(1, len(files) // (jobs * 64))) \
            if pool is not None else map(stage_one, args)
        for item in staged:
            items.append(place(item, taken))
            if on_done is not None:
                on_done(item.path)
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
        shutil.rmtree(staging, ignore_errors=True)
        if made_root and not any(root.iterdir()):
            root.rmdir()
    return items
