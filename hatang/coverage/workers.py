"""Running a grid's tiles: in this process, or on forked worker processes that write
into one shared array.

Each tile is computed into a compact buffer of its worker (cache-friendly), then copied
into the grid's array once; tiles own disjoint cells, so workers never write the same
memory and need no lock. With N workers this process and N − 1 children forked after
the job is set up take tiles one at a time from a shared counter; the children inherit
the radios, sites and assignment without pickling, and the grid's array and the
per-tile counts live in anonymous shared memory (`mmap`). Threads were measured
first: with windows of a few thousand cells, numpy's loops are too short for
releasing the GIL to pay (two threads took 1.3–1.5× as long as one on two free
cores), so workers are processes. Without `fork` (Windows) tiles run here alone.

Pure numpy and the standard library; no file or database code.
"""

from __future__ import annotations

import mmap
import multiprocessing
import os
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
        n = kernel.evaluate_tile(job.radios, job.sites, w, ids, job.grid, tile, out, self.scratch)
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
    """An array in anonymous shared memory: forked children write into the parent's."""
    size = int(np.prod(shape)) * np.dtype(dtype).itemsize
    return np.frombuffer(mmap.mmap(-1, max(size, 1)), dtype=dtype)[: int(np.prod(shape))].reshape(
        shape
    )


def _run_forked(
    job: Job, order: list[int], workers: int, progress: Callable[[int, int], None] | None
) -> tuple[F32, int]:
    """Tiles handed out one at a time from a shared counter to this process and
    workers − 1 forked children (dynamic, so that uneven tiles balance)."""
    best = _shared(job.shape, np.float32)
    counts = _shared((len(order),), np.int64)  # evaluations per tile; −1: not done
    counts[:] = -1
    counter = multiprocessing.get_context("fork").Value("q", 0)  # next position in order

    def take() -> int:
        with counter.get_lock():
            i = int(counter.value)
            counter.value = i + 1
        return i

    def work(report: Callable[[], None] | None) -> None:
        worker = _Worker(job)
        while (i := take()) < len(order):
            counts[i] = worker.run(job, order[i], best)
            if report:
                report()

    children = []
    try:
        for _ in range(workers - 1):
            pid = os.fork()
            if pid == 0:  # child: work, then leave without running the parent's cleanup
                code = 0
                try:
                    work(None)
                except BaseException:
                    code = 1
                os._exit(code)
            children.append(pid)

        def report() -> None:
            if progress:
                progress(int((counts >= 0).sum()), len(order))

        work(report)
    finally:
        failed = [pid for pid in children if os.waitpid(pid, 0)[1] != 0]
    if failed or (counts < 0).any():
        raise RuntimeError(f"a coverage worker process failed ({len(failed)} of {workers - 1})")
    if progress:
        progress(len(order), len(order))
    return best, int(counts.sum())
