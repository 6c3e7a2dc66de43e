"""Work shared with a forked copy of this process, for the engine's two cores.

The engine holds the GIL nearly all the time (many small pandas operations), so
threads would not help; a process started afresh would import pandas and read the
inputs again (most of a second). A fork starts from this process as it is — the
inputs read, the contexts and their hierarchies built — and costs milliseconds on
Linux. The work comes in groups (the indicators that share contributions or caches:
one catalogue function); both processes take the next group from one queue, a pipe
filled before the fork (each read of a record takes it from the other), so neither
waits while the other has work left. Each item is computed whole by one process, by
the same pure function on the same inputs, so the results are those of one process
(the caches each builds hold what the other would have built). The child sends its
results pickled and leaves with `os._exit` (no clean-up of the parent's state: open
files, atexit handlers). If it dies without a word, the parent computes what it had
not; an exception in it is raised in the parent.
"""

from __future__ import annotations

import gc
import os
import pickle
import signal
import struct
import sys
import traceback
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

T = TypeVar("T")

_RECORD = struct.Struct("<I")


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # no affinity
        return os.cpu_count() or 1


def available() -> int:
    """Processes worth using here: 2 where this process may run on two or more cores
    and forks safely (Linux: macOS's system libraries may abort a forked child,
    Windows has no fork), else 1."""
    return 2 if sys.platform.startswith("linux") and _cores() >= 2 else 1


def chosen(workers: int) -> int:
    """The processes to use for `workers`: at most `available()`; 0 (what `hatang
    compute` asks for): 2 only where the machine has room for them now, its 1-minute
    load average under its cores. On a machine busy with other work a second process
    gains no time, and its cost is lost (the caches it builds again, the values it
    sends back: 5-18 % more CPU on the demo; on 2 cores at load 6 the wall time with
    the fork was worse, not better)."""
    if workers == 0:
        room = os.getloadavg()[0] < _cores() if hasattr(os, "getloadavg") else False
        return available() if room else 1
    return max(1, min(workers, available()))


def _taken(queue: int) -> Iterator[int]:
    """The groups this process takes, one by one, until the queue is empty."""
    while True:
        record = os.read(queue, _RECORD.size)
        if len(record) < _RECORD.size:
            return
        yield _RECORD.unpack(record)[0]


def shared(
    groups: Sequence[Sequence[int]],
    work: Callable[[int], T],
    done: Callable[[int, T], None] | None = None,
    *,
    workers: int = 2,
) -> dict[int, T]:
    """`work(i)` for every item `i` of every group, the groups shared between this
    process and a fork of it (`workers` 2), else all here; `done(i, result)` after each
    item computed here; `workers` as `chosen` takes it. Returns item → result."""
    out: dict[int, T] = {}

    def here(items: Sequence[int]) -> None:
        for i in items:
            out[i] = work(i)
            if done is not None:
                done(i, out[i])

    if chosen(workers) < 2 or len(groups) < 2:
        for items in groups:
            here(items)
        return out
    queue, fill = os.pipe()
    try:
        os.write(fill, b"".join(_RECORD.pack(g) for g in range(len(groups))))
    finally:
        os.close(fill)
    results, reply = os.pipe()
    # the objects made so far (the inputs, the modules) out of the collector's sight in
    # both processes: its passes would write to every one of them, and each page so
    # written is copied for the child
    gc.freeze()
    try:
        pid = os.fork()
    except OSError:  # no process to be had (memory, process limits): all here
        gc.unfreeze()
        for fd in (queue, results, reply):
            os.close(fd)
        for items in groups:
            here(items)
        return out
    if pid == 0:  # the child: never returns to the caller
        _child(groups, work, queue, results, reply)
    os.close(reply)
    data = b""
    try:
        for g in _taken(queue):
            here(groups[g])
        with os.fdopen(results, "rb") as f:
            results = -1
            data = f.read()
        os.waitpid(pid, 0)
        pid = 0
    finally:
        gc.unfreeze()
        os.close(queue)
        if results >= 0:
            os.close(results)
        if pid:  # interrupted here: the child's work is not wanted
            os.kill(pid, signal.SIGTERM)
            os.waitpid(pid, 0)
    if not data:  # the child died without a word: its groups done here
        here([i for items in groups for i in items if i not in out])
        return out
    kind, payload = pickle.loads(data)
    if kind == "error":
        raise payload
    out.update(payload)
    return out


def _child(
    groups: Sequence[Sequence[int]],
    work: Callable[[int], T],
    queue: int,
    results: int,
    reply: int,
) -> None:
    code = 0
    try:
        os.close(results)
        mine = {i: work(i) for g in _taken(queue) for i in groups[g]}
        payload = pickle.dumps(("ok", mine), protocol=pickle.HIGHEST_PROTOCOL)
    except BaseException as e:  # noqa: BLE001 — whatever it is, the parent raises it
        code = 1
        try:
            payload = pickle.dumps(("error", e), protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # noqa: BLE001 — an exception that does not pickle
            error = RuntimeError("".join(traceback.format_exception(e)))
            payload = pickle.dumps(("error", error), protocol=pickle.HIGHEST_PROTOCOL)
    try:
        with os.fdopen(reply, "wb") as f:
            f.write(payload)
    finally:
        os._exit(code)
