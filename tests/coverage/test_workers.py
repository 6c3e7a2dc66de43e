"""Forked coverage workers: the same grid as one process, and no process outlives a call,
whether a child fails, is killed, or this process is interrupted."""

from __future__ import annotations

import os
import signal

import numpy as np
import pandas as pd
import psutil
import pytest

from hatang.coverage import engine, kernel
from hatang.coverage.grid import Grid
from hatang.settings import CoverageSettings

CRS = "EPSG:32648"


def _radios() -> engine.Radios:
    rng = np.random.default_rng(11)
    n = 10
    cells = pd.DataFrame(
        dict(
            x=rng.uniform(0, 12000, n),
            y=rng.uniform(0, 12000, n),
            height_m=30.0,
            eirp_dbm=60.0,
            band_mhz=1800.0,
            azimuth_deg=rng.uniform(0, 360, n),
            technology="4G",
            operator=rng.choice(["viettel", "vnpt"], n),
        )
    )
    return engine.prepare(cells, CoverageSettings())


GRID = Grid.from_bounds(0, 0, 12000, 12000, 100, CRS, tile_cells=30)  # 16 tiles


def _children() -> set[int]:
    """This process's child processes, running or not yet reaped."""
    return {p.pid for p in psutil.Process().children()}


@pytest.fixture
def before() -> set[int]:
    """The children that were here before the test (a Dask cluster another test of
    this process started leaves multiprocessing's resource tracker running)."""
    return _children()


def _no_children_left(before: set[int]) -> bool:
    """No child the engine started is left, running or unreaped."""
    return _children() <= before


def test_two_and_three_workers_equal_one_and_leave_no_process(before: set[int]) -> None:
    radios = _radios()
    one = engine.compute_grid(radios, GRID)
    for workers in (2, 3):
        many = engine.compute_grid(radios, GRID, workers=workers)
        np.testing.assert_array_equal(many.best, one.best)
        assert many.evaluations == one.evaluations
        assert _no_children_left(before)


def _failing(monkeypatch: pytest.MonkeyPatch, *, raise_at_row: int | None = None) -> None:
    """Make kernel.evaluate_tile raise on the tiles starting at `raise_at_row` (in
    every process), or else kill the child process it runs in (at its first tile)."""
    parent = os.getpid()
    real = kernel.evaluate_tile

    def evaluate(radios, sites, window, ids, grid, tile, out, scratch=None, **kw):  # type: ignore[no-untyped-def]
        if raise_at_row is not None and tile.row0 == raise_at_row:
            raise ValueError(f"tile at row {tile.row0} failed")
        if raise_at_row is None and os.getpid() != parent:
            os.kill(os.getpid(), signal.SIGKILL)
        return real(radios, sites, window, ids, grid, tile, out, scratch, **kw)

    monkeypatch.setattr(kernel, "evaluate_tile", evaluate)


def test_an_error_in_a_tile_surfaces_here_with_its_message(
    monkeypatch: pytest.MonkeyPatch, before: set[int]
) -> None:
    _failing(monkeypatch, raise_at_row=60)
    with pytest.raises(ValueError, match="tile at row 60 failed"):
        engine.compute_grid(_radios(), GRID, workers=2)
    assert _no_children_left(before)


def test_a_killed_child_costs_time_not_the_result(
    monkeypatch: pytest.MonkeyPatch, before: set[int]
) -> None:
    radios = _radios()
    one = engine.compute_grid(radios, GRID)
    _failing(monkeypatch)  # every child dies at its first tile, that tile undone
    many = engine.compute_grid(radios, GRID, workers=3)
    np.testing.assert_array_equal(many.best, one.best)
    assert many.evaluations == one.evaluations
    assert _no_children_left(before)


def test_an_interruption_here_kills_and_reaps_the_children(before: set[int]) -> None:
    def interrupt(done: int, total: int) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        engine.compute_grid(_radios(), GRID, workers=2, progress=interrupt)
    assert _no_children_left(before)
