"""Indicators shared with a forked process (hatang.indicators.parallel): the same values
to the bit as in one process, an error in the child raised in the parent, and a child
that dies without a word replaced by the parent."""

from __future__ import annotations

import os
import signal
import time

import pytest

from hatang.indicators import compute_frames, load_catalogue, parallel
from hatang.indicators.compute import _families
from hatang.testing import fixture_frames

from .test_values_pinned import SEED, canonical

needs_two = pytest.mark.skipif(parallel.available() < 2, reason="needs fork and two cores")


@needs_two
def test_two_processes_give_the_values_of_one():
    frames = fixture_frames(seed=SEED)
    catalogue = list(load_catalogue().values())
    ticks: list[tuple[str, int, int]] = []
    two = compute_frames(frames, catalogue, workers=2, progress=lambda *a: ticks.append(a))
    one = compute_frames(fixture_frames(seed=SEED), catalogue, workers=1)
    assert canonical(two) == canonical(one)
    assert two.dtypes.equals(one.dtypes)
    # every indicator ticked once, the bar ending on the catalogue's last
    assert sorted(t[0] for t in ticks[: len(catalogue)]) == sorted(i.id for i in catalogue)
    assert [t[1] for t in ticks[: len(catalogue)]] == list(range(1, len(catalogue) + 1))
    assert ticks[-1] == (catalogue[-1].id, len(catalogue), len(catalogue))


def test_families_keep_a_function_together_largest_first():
    catalogue = list(load_catalogue().values())
    groups = _families(catalogue)
    assert sorted(i for g in groups for i in g) == list(range(len(catalogue)))
    for g in groups:
        assert len({catalogue[i].function for i in g}) == 1
    assert [len(g) for g in groups] == sorted((len(g) for g in groups), reverse=True)


@needs_two
def test_every_item_computed_once_across_the_two():
    groups = [[0, 1, 2], [3], [4, 5], [6], [7, 8, 9]]
    pids: dict[int, int] = {}
    out = parallel.shared(
        groups, lambda i: (i * i, os.getpid()), lambda i, r: pids.update({i: r[1]})
    )
    assert {i: r[0] for i, r in out.items()} == {i: i * i for i in range(10)}
    # a group stays in one process; `done` is called only for this process's items
    for g in groups:
        assert len({out[i][1] for i in g}) == 1
    assert all(out[i][1] == os.getpid() for i in pids)


@needs_two
def test_an_error_in_the_child_is_raised_here():
    me = os.getpid()

    def work(i: int) -> int:
        if os.getpid() != me:
            raise ValueError(f"item {i} failed there")
        if i == 0:
            time.sleep(0.5)  # the child takes a group meanwhile
        return i

    with pytest.raises(ValueError, match="failed there"):
        parallel.shared([[i] for i in range(40)], work)


@needs_two
def test_a_child_that_dies_is_replaced_here():
    me = os.getpid()

    def work(i: int) -> int:
        if os.getpid() != me:
            os.kill(os.getpid(), signal.SIGKILL)
        if i == 0:
            time.sleep(0.5)  # the child takes a group meanwhile, and dies on it
        return i * 10

    out = parallel.shared([[i] for i in range(20)], work)
    assert out == {i: i * 10 for i in range(20)}


def test_one_worker_runs_here_in_order():
    seen: list[int] = []
    out = parallel.shared([[2, 0], [1]], lambda i: seen.append(i) or i, workers=1)
    assert seen == [2, 0, 1]
    assert out == {2: 2, 0: 0, 1: 1}


def test_workers_chosen():
    assert parallel.chosen(1) == 1
    assert parallel.chosen(2) == parallel.available()
    assert parallel.chosen(8) == parallel.available()  # never more than two
    busy = os.getloadavg()[0] >= len(os.sched_getaffinity(0))
    assert parallel.chosen(0) == (1 if busy else parallel.available())
