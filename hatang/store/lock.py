"""One workspace, several processes: an advisory lock beside the database.

DuckDB lets one process open a database file for writing, or several processes open it
read-only — never both at once; a second opener fails at once with "Conflicting lock".
`hatang serve` runs all the time while the analyst imports and computes, so every
process that opens the workspace database first takes this lock on
`<workspace>/.hatang.lock` (flock): shared to read, exclusive to write. A writer waits
for readers and writers to finish, for at most `[workspace] lock_wait_s` seconds
(`HATANG_LOCK_WAIT`), telling the user who holds it; readers wait for the writer. The
kernel drops a dead process's lock, and DuckDB's write-ahead log makes every
transaction all or nothing, so no interleaving or kill leaves a half write.

The holder of the exclusive lock writes who it is (pid, command, since) into
`.hatang.lock.owner`, so a waiting user is told what to wait for or stop.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from hatang.errors import WorkspaceBusy

LOCK_FILE = ".hatang.lock"
OWNER_FILE = ".hatang.lock.owner"
ENV_WAIT = "HATANG_LOCK_WAIT"
POLL_S = 0.05

#: called about once a second while waiting: (seconds waited, who holds the lock)
WaitReporter = Callable[[float, str], None]
_reporter: WaitReporter | None = None


def set_wait_reporter(fn: WaitReporter | None) -> None:
    """The CLI shows a progress line while a command waits for the workspace."""
    global _reporter
    _reporter = fn


@dataclass
class _Held:
    fd: int
    exclusive: bool
    count: int


# one lock per workspace per process, shared by its threads (re-entrant): the lock
# file's flock is per open file, so a second open in the same process would deadlock
_held: dict[Path, _Held] = {}
_guard = threading.RLock()


def holder(root: Path) -> str:
    """Who holds the workspace for writing, in words (from the owner file)."""
    try:
        info = json.loads((root / OWNER_FILE).read_text(encoding="utf-8"))
        since = dt.datetime.fromisoformat(info["since"]).strftime("%H:%M:%S")
        return f"`{info['command']}` (pid {info['pid']}, since {since})"
    except (OSError, ValueError, KeyError, TypeError):
        return "another hatang process"


def _write_owner(root: Path) -> None:
    command = " ".join(["hatang", *sys.argv[1:]]) if sys.argv else "hatang"
    info = {"pid": os.getpid(), "command": command[:200], "since": dt.datetime.now().isoformat()}
    with contextlib.suppress(OSError):
        (root / OWNER_FILE).write_text(json.dumps(info), encoding="utf-8")


def _clear_owner(root: Path) -> None:
    # still under the exclusive lock, so no new holder has written its own yet
    with contextlib.suppress(OSError):
        (root / OWNER_FILE).unlink()


def wait_limit(configured: float) -> float:
    """Seconds to wait: $HATANG_LOCK_WAIT, else the workspace setting."""
    env = os.environ.get(ENV_WAIT, "").strip()
    try:
        return max(0.0, float(env)) if env else max(0.0, configured)
    except ValueError:
        return max(0.0, configured)


def _flock(fd: int, exclusive: bool, root: Path, wait_s: float, blocking: bool) -> None:
    mode = (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB
    start = time.monotonic()
    told = 0.0
    while True:
        try:
            fcntl.flock(fd, mode)
            return
        except BlockingIOError:
            waited = time.monotonic() - start
            if not blocking or waited >= wait_s:
                raise WorkspaceBusy(root, holder(root), waited, exclusive) from None
            if _reporter is not None and waited - told >= 1.0:
                told = waited
                _reporter(waited, holder(root))
            time.sleep(POLL_S)


@contextlib.contextmanager
def workspace_lock(
    root: Path, *, exclusive: bool, wait_s: float, blocking: bool = True
) -> Iterator[None]:
    """Hold the workspace's lock (shared or exclusive) for the body.

    Re-entrant within a process: an exclusive holder may open more connections; a shared
    holder asking for exclusive is upgraded. `blocking=False` fails at once (the web
    server then keeps serving its last snapshot)."""
    root = Path(root)
    with _guard:
        held = _held.get(root)
        if held is None:
            fd = os.open(root / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                _flock(fd, exclusive, root, wait_s, blocking)
            except BaseException:
                os.close(fd)
                raise
            held = _held[root] = _Held(fd, exclusive, 0)
            if exclusive:
                _write_owner(root)
        elif exclusive and not held.exclusive:
            _flock(held.fd, True, root, wait_s, blocking)
            held.exclusive = True
            _write_owner(root)
        held.count += 1
        try:
            yield
        finally:
            held.count -= 1
            if held.count == 0:
                if held.exclusive:
                    _clear_owner(root)
                fcntl.flock(held.fd, fcntl.LOCK_UN)
                os.close(held.fd)
                del _held[root]
