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

import ctypes
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


def fork_call(call: Callable[[], T], what: str) -> T:
    """call(), in one forked child process whose memory all goes back when it ends: a step
    that holds much (MkDocs holds every page's text until it has written them all) does not
    leave it in the build's process for the steps after it. Its result and any exception come
    back here; without fork, it runs here."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return call()
    mp = multiprocessing.get_context("fork")
    receiver, sender = mp.Pipe(duplex=False)

    def child() -> None:
        try:
            outcome = (True, call())
        except BaseException as exc:  # noqa: BLE001 - handed to the parent to raise
            outcome = (False, exc)
        try:
            sender.send(outcome)
        except Exception:  # an exception that does not pickle: its text
            sender.send((False, RuntimeError(f"{type(outcome[1]).__name__}: {outcome[1]}")))

    gc.freeze()  # as in fork_map: the child's collections leave the shared heap alone
    try:
        process = mp.Process(target=child)
        process.start()
        sender.close()
        try:
            ok, value = receiver.recv()
        except EOFError:
            process.join()
            raise ChildDied(f"{what}: its process ended without an answer (exit code "
                            f"{process.exitcode}; -9 is the kernel's out-of-memory killer)"
                            ) from None
        process.join()
    finally:
        receiver.close()
        gc.unfreeze()
    if not ok:
        raise value
    return value


def release_memory() -> None:
    """Collect garbage and hand freed heap pages back to the system (glibc keeps them
    otherwise), before a step that runs another large process beside this one."""
    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: nothing to trim
        pass


class ChildDied(RuntimeError):
    """A forked step's process ended without an answer (killed, or out of memory)."""


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
