"""Where coverage tasks run: this process, or a Dask cluster — one small interface.

`open_runner(...)` gives a `Runner` with three methods: `put(obj)` (ship data once:
scattered to the cluster), `submit(fn, *args)` (one task; arguments may be handles of
earlier `put`s and `submit`s, or lists of them) and `results(handles, progress)`.

* `--scheduler tcp://HOST:8786`, else `[compute] scheduler` in hatang.toml, else
  `$DASK_SCHEDULER_ADDRESS`: a `distributed.Client` on that cluster. Its workers need
  hatang installed (the same version); the data travels with the tasks.
* none of them: a `LocalCluster` on this machine — `[compute] workers` worker
  processes (0: one per core) of one thread each (numpy's loops over a tile are too
  short for threads to gain on the GIL) — when the run has more than one area;
* or this process itself: `in_process` (a one-province run without a scheduler:
  starting a cluster costs more than the run, docs/national.md), or `[compute]
  workers = 1` (a cluster of one worker gains nothing).

`opening_runner(...)` opens the same in a background thread: `run_coverage` reads its
inputs meanwhile. dask.distributed is imported only when a cluster is used.

The local cluster's workers get glibc's default allocator: Dask's nanny sets
`MALLOC_TRIM_THRESHOLD_=65536` in the workers it spawns
(`distributed.nanny.pre-spawn-environ`), and any explicit trim threshold also fixes
glibc's mmap threshold at 128 KiB, so every tile's temporaries were mapped, faulted in
and unmapped again — system time that one process does not spend (docs/national.md).
`WORKER_ENVIRON` is what the workers are spawned with instead, and `WORKER_CONFIG`
turns their profiler off.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future
from contextlib import ExitStack, contextmanager
from typing import Any, Protocol

from hatang.errors import ConfigError
from hatang.settings import ComputeSettings

#: the environment variable Dask's own tools read for the scheduler's address
ENV_SCHEDULER = "DASK_SCHEDULER_ADDRESS"

#: `distributed.nanny.pre-spawn-environ` for the local cluster's workers: no trim
#: threshold (None drops Dask's 65536: glibc's own dynamic thresholds, as in one
#: process) and one thread for every numeric library (one task thread per worker)
WORKER_ENVIRON: dict[str, int | None] = {
    "MALLOC_TRIM_THRESHOLD_": None,
    "OMP_NUM_THREADS": 1,
    "MKL_NUM_THREADS": 1,
    "OPENBLAS_NUM_THREADS": 1,
}

#: Dask settings of the local cluster's workers: no statistical profiler (it samples
#: the task thread's stack every 10 ms for a dashboard this cluster does not start)
WORKER_CONFIG: dict[str, Any] = {"distributed.worker.profile.enabled": False}


class Runner(Protocol):
    description: str
    workers: int

    def put(self, obj: Any) -> Any: ...

    def submit(self, fn: Callable[..., Any], *args: Any) -> Any: ...

    def results(
        self, handles: Sequence[Any], progress: Callable[[int, int], None] | None = None
    ) -> list[Any]: ...


class LocalRunner:
    """Runs each task at once in this process (handles are the values themselves)."""

    description = "this process"
    workers = 1

    def put(self, obj: Any) -> Any:
        return obj

    def submit(self, fn: Callable[..., Any], *args: Any) -> Any:
        return fn(*args)

    def results(
        self, handles: Sequence[Any], progress: Callable[[int, int], None] | None = None
    ) -> list[Any]:
        if progress is not None:
            progress(len(handles), len(handles))
        return list(handles)


class DaskRunner:
    """Tasks on a dask.distributed cluster through `client`."""

    def __init__(self, client: Any, description: str) -> None:
        self.client = client
        self.description = description
        self.workers = max(1, len(client.scheduler_info().get("workers", {})))
        self._submitted: list[Any] = []

    def put(self, obj: Any) -> Any:
        return self.client.scatter(obj, hash=False)

    def submit(self, fn: Callable[..., Any], *args: Any) -> Any:
        future = self.client.submit(fn, *args, pure=False)
        self._submitted.append(future)
        return future

    def results(
        self, handles: Sequence[Any], progress: Callable[[int, int], None] | None = None
    ) -> list[Any]:
        from distributed import as_completed

        every, self._submitted = self._submitted, []
        for done, future in enumerate(as_completed(every, loop=self.client.loop), 1):
            if future.status == "error":
                future.result()  # raises the task's own exception here
            if progress is not None:
                progress(done, len(every))
        return list(self.client.gather(list(handles)))


def scheduler_address(given: str | None, settings: ComputeSettings) -> str | None:
    """The cluster to use: --scheduler, else [compute] scheduler, else $DASK_SCHEDULER_ADDRESS."""
    for value in (given, settings.scheduler, os.environ.get(ENV_SCHEDULER)):
        if value and value.strip():
            return value.strip()
    return None


def local_workers(settings: ComputeSettings) -> int:
    """Workers of a local cluster: [compute] workers, else one per usable core."""
    if settings.workers > 0:
        return settings.workers
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


@contextmanager
def open_runner(
    address: str | None, settings: ComputeSettings, *, in_process: bool = False
) -> Iterator[Runner]:
    """A runner for one run (module docstring); a local cluster is closed afterwards."""
    if address is None and (in_process or local_workers(settings) == 1):
        yield LocalRunner()
        return
    try:
        from distributed import Client, LocalCluster
    except ImportError:  # pragma: no cover - a dependency
        raise ConfigError(
            "dask[distributed] is not installed: pip install 'dask[distributed]'"
        ) from None
    if address is not None:
        try:
            client = Client(address, timeout="10s", set_as_default=False)
        except (OSError, TimeoutError) as e:
            raise ConfigError(f"cannot reach the Dask scheduler at {address}: {e}") from None
        with client:
            yield DaskRunner(client, f"Dask scheduler {address}")
        return
    n = local_workers(settings)
    memory = f"{settings.memory_limit_mb}MB" if settings.memory_limit_mb > 0 else "auto"
    with (
        _worker_environ(),
        LocalCluster(
            n_workers=n,
            threads_per_worker=1,
            processes=True,
            memory_limit=memory,
            dashboard_address=None,
            # a task's error reaches the client through its future; what the workers
            # log at ERROR is their heartbeats failing while the cluster closes
            silence_logs=logging.CRITICAL,
        ) as cluster,
        Client(cluster, set_as_default=False) as client,
    ):
        yield DaskRunner(client, f"local Dask cluster ({n} workers)")


class Opening:
    """A runner opened in a background thread (`opening_runner`): `get()` waits for it,
    `close()` closes it (at once, in the caller's thread: a local cluster closed in
    the background while the client summed the units had its workers' heartbeats
    fail), and leaving the `with` closes it if it is still open."""

    def __init__(self, address: str | None, settings: ComputeSettings, in_process: bool) -> None:
        self._stack = ExitStack()
        self._opened: Future[Runner] = Future()
        context = open_runner(address, settings, in_process=in_process)
        threading.Thread(target=self._open, args=(context,), daemon=True).start()

    def _open(self, context: Any) -> None:
        try:
            self._opened.set_result(self._stack.enter_context(context))
        except BaseException as e:  # raised again by get(), in the caller's thread
            self._opened.set_exception(e)

    def get(self) -> Runner:
        """The runner, once open (the error opening it raised here, if any)."""
        return self._opened.result()

    def close(self) -> None:
        """Wait for the start, then close the runner (once)."""
        self._opened.exception()
        self._stack.close()


@contextmanager
def opening_runner(
    address: str | None, settings: ComputeSettings, *, in_process: bool = False
) -> Iterator[Opening]:
    """`open_runner` started in a background thread, so that a local cluster's seconds
    of starting (its workers importing numpy, pandas and hatang) pass while this
    thread reads the run's inputs."""
    opening = Opening(address, settings, in_process)
    try:
        yield opening
    finally:
        opening.close()


@contextmanager
def _worker_environ() -> Iterator[None]:
    """`WORKER_ENVIRON` as the nanny's pre-spawn environment while the local cluster
    starts. Each key is set on its own: `dask.config.set` merges a dict into Dask's
    default one, so a dict without the trim threshold would keep Dask's 65536. The
    nanny also copies the pre-spawn environment into this process's `os.environ`
    (distributed.nanny), so what it changes there is put back afterwards."""
    import dask

    before = {k: os.environ.get(k) for k in WORKER_ENVIRON}
    keys: dict[str, Any] = {
        f"distributed.nanny.pre-spawn-environ.{k}": v for k, v in WORKER_ENVIRON.items()
    }
    keys.update(WORKER_CONFIG)  # the nanny hands its configuration to its worker
    try:
        with dask.config.set(keys):
            yield
    finally:
        for k, v in before.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
