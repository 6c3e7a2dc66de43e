"""The local Dask cluster hatang starts: what its worker processes run with, and its
start in the background.

Dask's nanny spawns workers with MALLOC_TRIM_THRESHOLD_=65536, which fixes glibc's
mmap threshold too: every tile's temporaries were mapped and faulted in afresh (the
2-worker national run spent 15–22 s in the system against 2–5 s in one process). A
real cluster of 2 worker processes is started and asked."""

from __future__ import annotations

import os

import pytest

from hatang.coverage import cluster
from hatang.errors import ConfigError
from hatang.settings import ComputeSettings


def _environ() -> tuple[dict[str, str | None], bool, int]:
    """In a worker: the allocator's and numeric libraries' variables, whether Dask's
    profiler samples its threads, its pid."""
    import dask

    keys = ("MALLOC_TRIM_THRESHOLD_", "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS")
    profiled = bool(dask.config.get("distributed.worker.profile.enabled"))
    return {k: os.environ.get(k) for k in keys}, profiled, os.getpid()


def _two() -> ComputeSettings:
    settings = ComputeSettings()
    settings.workers = 2
    return settings


def test_the_local_workers_run_with_glibcs_own_thresholds_and_one_thread() -> None:
    keys = list(cluster.WORKER_ENVIRON)
    before = {k: os.environ.get(k) for k in keys}
    with cluster.open_runner(None, _two()) as runner:
        assert runner.description == "local Dask cluster (2 workers)"
        client = runner.client  # type: ignore[attr-defined]
        seen = client.run(_environ)
        nthreads = [w["nthreads"] for w in client.scheduler_info()["workers"].values()]
    assert nthreads == [1, 1]
    assert len({pid for _, _, pid in seen.values()} - {os.getpid()}) == 2  # 2 processes
    for env, profiled, _ in seen.values():
        assert not profiled
        assert env == {
            "MALLOC_TRIM_THRESHOLD_": None,
            "OMP_NUM_THREADS": "1",
            "OPENBLAS_NUM_THREADS": "1",
        }
    # the nanny copies its spawn environment into this process: put back
    assert {k: os.environ.get(k) for k in keys} == before


def test_a_runner_opened_in_the_background_runs_tasks_and_closes() -> None:
    with cluster.opening_runner(None, _two()) as opening:
        runner = opening.get()
        assert runner.workers == 2
        handle = runner.submit(pow, 3, 4)
        assert runner.results([handle]) == [81]
        opening.close()
        client = runner.client  # type: ignore[attr-defined]
    assert client.status == "closed"


def test_in_process_the_opened_runner_is_this_process() -> None:
    with cluster.opening_runner(None, _two(), in_process=True) as opening:
        runner = opening.get()
        assert runner.description == "this process"
        assert runner.results([runner.submit(pow, 2, 10)]) == [1024]


def test_a_scheduler_that_cannot_be_reached_fails_where_the_runner_is_used() -> None:
    with cluster.opening_runner("tcp://127.0.0.1:9", ComputeSettings()) as opening:
        with pytest.raises(ConfigError, match="cannot reach the Dask scheduler"):
            opening.get()
