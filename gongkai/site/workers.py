"""Per-report work on every core: forked workers that share the build's context.

A cold build spends most of its time on work that each report does alone (its downloads,
workbooks, charts and pages). `parallel_map` runs such functions in forked worker processes:
a fork inherits the loaded packages and the whole context, so nothing but each call's index
goes in and its result (already picklable: results are recorded by `incremental`) comes back,
in order. Workers write their files into the staged docs themselves and send back the paths
they wrote, which the parent adds to its ledger (`ctx.written`), so a rebuild's sweep and
records see exactly what a one-process build sees: the output is byte-identical.

Forked workers must not start the chart renderer (its runtime's threads do not survive a
fork); rendering keeps its own spawned pool (`charts.prerender`).
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from typing import Callable, Sequence, TypeVar

from .model import SiteContext

T = TypeVar("T")

MIN_ITEMS = 4  # below this, forking costs more than it saves

_CALLS: Sequence[Callable[[], object]] = ()  # the calls of the running map (inherited)
_CTX: SiteContext | None = None


def processes(asked: int = 0) -> int:
    """How many processes to use: `asked`, or every core when 0."""
    return max(1, asked or os.cpu_count() or 1)


def jobs(ctx: SiteContext) -> int:
    """How many processes the build uses: `ctx.jobs`, or every core."""
    return processes(ctx.jobs)


def _run(i: int):
    """In a worker: call i."""
    return _CALLS[i]()


def _run_recorded(i: int):
    """In a worker: call i, the staged files it wrote and what it added to the counts."""
    assert _CTX is not None
    _CTX.written = set()
    before = dict(_CTX.stats)
    value = _CALLS[i]()
    counts = {k: v - before.get(k, 0) for k, v in _CTX.stats.items()
              if isinstance(v, int) and v != before.get(k, 0)}
    return value, _CTX.written, counts


def fork_map(calls: Sequence[Callable[[], T]], processes: int,
             run: Callable[[int], object] = _run, receive: Callable = lambda v: v) -> list:
    """[call() for call in calls]: on `processes` forked processes when there are enough
    calls, each result passed through `receive` in order; else here. An exception in a call
    is raised here, as in one process."""
    n = min(processes, len(calls))
    if n < 2 or len(calls) < MIN_ITEMS or "fork" not in multiprocessing.get_all_start_methods():
        return [call() for call in calls]  # here, writes go straight into the ledger
    global _CALLS
    _CALLS = calls
    # Frozen objects are left alone by the collector, so a worker's collections do not touch
    # (and copy) every page of the parent's heap that the fork shares with it.
    gc.freeze()
    try:
        with multiprocessing.get_context("fork").Pool(n) as pool:
            chunk = max(1, min(8, len(calls) // (n * 8)))
            return [receive(v) for v in pool.imap(run, range(len(calls)), chunksize=chunk)]
    finally:
        _CALLS = ()
        gc.unfreeze()


def parallel_map(ctx: SiteContext, calls: Sequence[Callable[[], T]]) -> list[T]:
    """[call() for call in calls], on `jobs(ctx)` forked processes when there are enough;
    the files each call writes in a worker are added to `ctx.written`, and what it counts to
    `ctx.stats`."""
    global _CTX

    def receive(result):
        value, written, counts = result
        ctx.written.update(written)
        for k, n in counts.items():
            ctx.stats[k] = ctx.stats.get(k, 0) + n
        return value

    _CTX = ctx
    try:
        return fork_map(calls, jobs(ctx), _run_recorded, receive)
    finally:
        _CTX = None
