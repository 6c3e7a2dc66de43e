"""Running a grid's tiles: in this process, or on forked worker processes that write
into one shared array.

Each tile is computed into a compact buffer of its worker (cache-friendly), then copied
into the grid's array once; tiles own disjoint cells, so workers never write the same
memory. With N workers this process and N − 1 children forked after the job is set up
take tiles one at a time from a shared counter; the children inherit the radios, sites
and assignment without pickling, and the grid's array and the per-tile counts live in
anonymous shared memory (`mmap`, nothing named that could outlive the processes).
Threads were measured first: with windows of a few thousand cells, numpy's loops are
too short for releasing the GIL to pay (two threads took 1.3–1.5× as long as one on two
free cores), so workers are processes. Without `fork` (Windows) tiles run here alone.

Failure: a tile a child left undone (it raised, or was killed) is run again here, so
an error surfaces in this process with its own traceback; when this process is
interrupted (Ctrl-C) or raises, its children are killed and waited for before the
exception goes on, so no process outlives the call.

`run_tiles(job, order, workers, progress)` is the whole interface: another scheduler
(a cluster) needs only `Job` and a function that runs one tile.

Pure numpy and the standard library; no database or user-file code.
"""

from __future__ import annotations

import contextlib
import mmap
import os
import signal
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from hatang.coverage import kernel
from hatang.coverage.grid import Grid
from hatang.coverage.radios import Radios
from hatang.coverage.sites import Assignment, Sites

F32 = NDArray[np.float32]


@dataclass
class Job:
    """One grid's computation: the radios, their sites and which sites reach each tile."""

    radios: Radios
    sites: Sites
    plan: Assignment
    grid: Grid
    no_signal: np.float32
    #: per site, the terrain's extra loss over its window (None: flat ground)
    extra: list[F32] | None = None

    @property
    def shape(self) -> tuple[int, int, int]:
        return len(self.radios.groups), self.grid.ny, self.grid.nx

    def tile_size(self) -> tuple[int, int]:
        return min(self.grid.tile_cells, self.grid.ny), min(self.grid.tile_cells, self.grid.nx)


class _Worker:
    """A worker's reusable scratch arrays and tile buffer."""

    def __init__(self, job: Job) -> None:
        rows, cols = job.tile_size()
        self.scratch = kernel.scratch_for(job.sites, job.plan.window, rows, cols)
        self.buffer = np.empty(job.shape[0] * rows * cols, dtype=np.float32)

    def run(self, job: Job, t: int, best: F32) -> int:
        """Compute tile t into the worker's buffer, copy it into `best`; evaluations."""
        tile = job.plan.tiles[t]
        groups = job.shape[0]
        out = self.buffer[: groups * tile.rows * tile.cols].reshape(groups, tile.rows, tile.cols)
        out[...] = job.no_signal
        ids = job.plan.sites_of(t)
        w = job.plan.window
        n = kernel.evaluate_tile(
            job.radios, job.sites, w, ids, job.grid, tile, out, self.scratch, extra=job.extra
        )
        rs, cs = tile.slices
        best[:, rs, cs] = out
        return n


def run_tiles(
    job: Job,
    order: list[int],
    workers: int,
    progress: Callable[[int, int], None] | None,
) -> tuple[F32, int]:
    """Every tile, in `order`, on `workers` processes (this one and workers − 1 forked
    children) or here alone; the grid's array and the evaluations summed.
    `progress(done, total)` is called from this process."""
    shape = job.shape
    forked = workers > 1 and len(order) > 1 and int(np.prod(shape)) > 0
    if not forked or not hasattr(os, "fork"):
        best = np.empty(shape, dtype=np.float32)
        worker, evaluations = _Worker(job), 0
        for done, t in enumerate(order, 1):
            evaluations += worker.run(job, t, best)
            if progress:
                progress(done, len(order))
        return best, evaluations
    return _run_forked(job, order, min(workers, len(order)), progress)


def _shared(shape: tuple[int, ...], dtype: type[np.generic]) -> NDArray[Any]:
    """An array in anonymous shared memory: forked children write into the parent's.
    Nothing is named, so nothing outlives the processes that map it."""
    n = int(np.prod(shape))
    buffer = mmap.mmap(-1, max(n * np.dtype(dtype).itemsize, 1))
    return np.frombuffer(buffer, dtype=dtype)[:n].reshape(shape)


class _Counter:
    """The next position in the tile order, shared by the processes. Guarded by a POSIX
    record lock (`lockf`): such locks belong to a process, so the kernel releases one
    whose holder dies — a killed worker cannot leave the others waiting."""

    def __init__(self) -> None:
        import fcntl  # Unix, as fork is

        self._lockf = fcntl.lockf
        self._exclusive, self._unlock = fcntl.LOCK_EX, fcntl.LOCK_UN
        self._file = tempfile.TemporaryFile()  # unlinked at once; it only carries the lock
        self._next = _shared((1,), np.int64)
        self._next[0] = 0

    def take(self) -> int:
        self._lockf(self._file, self._exclusive)
        try:
            i = int(self._next[0])
            self._next[0] = i + 1
        finally:
            self._lockf(self._file, self._unlock)
        return i

    def close(self) -> None:
        self._file.close()


def _run_forked(
    job: Job, order: list[int], workers: int, progress: Callable[[int, int], None] | None
) -> tuple[F32, int]:
    """Tiles handed out one at a time from a shared counter to this process and
    workers − 1 forked children (dynamic, so that uneven tiles balance). Any tile a
    failed child left undone is then run here, so that an error surfaces in this
    process with its own traceback (and a child killed from outside costs only time)."""
    best = _shared(job.shape, np.float32)
    counts = _shared((len(order),), np.int64)  # evaluations per tile; −1: not done
    counts[:] = -1
    counter = _Counter()
    worker = _Worker(job)

    def report() -> None:
        if progress:
            progress(int((counts >= 0).sum()), len(order))

    children: list[int] = []
    try:
        for _ in range(workers - 1):
            pid = os.fork()
            if pid == 0:  # pragma: no cover (a child; its work is checked by the parent)
                _child(job, order, counter, best, counts)
            children.append(pid)
        while (i := counter.take()) < len(order):
            counts[i] = worker.run(job, order[i], best)
            report()
        _reap(children, kill=False)
    except BaseException:
        _reap(children, kill=True)
        raise
    finally:
        counter.close()
    for k in np.flatnonzero(counts < 0).tolist():  # left by a failed child
        counts[k] = worker.run(job, order[k], best)
    report()
    return best, int(counts.sum())


def _child(job: Job, order: list[int], counter: _Counter, best: F32, counts: NDArray[Any]) -> None:
    """A forked worker: take tiles until none is left, then leave at once — the
    parent's atexit handlers, buffers and finalisers are not the child's to run."""
    code = 0
    try:
        worker = _Worker(job)
        while (i := counter.take()) < len(order):
            counts[i] = worker.run(job, order[i], best)
    except BaseException:  # KeyboardInterrupt included: the parent sees the tile undone
        code = 1
    os._exit(code)


def _reap(children: list[int], *, kill: bool) -> None:
    """Wait for every child (killed first when this process is giving up), so that no
    process outlives the call, whatever interrupts it."""
    for pid in children:
        if kill:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        while True:
            try:
                os.waitpid(pid, 0)
                break
            except ChildProcessError:
                break
            except KeyboardInterrupt:  # a second Ctrl-C while waiting: still reap
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
    children.clear()
