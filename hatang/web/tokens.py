"""Who a token is, remembered per database state.

A signed-in visitor's every page names them (`render.html`), and the bearer API checks
its token on every call. Reading `api_tokens` for each of them opened the database on
the event loop, behind every other use of it in the process (`DB_LOCK`) and behind a
CLI import's exclusive lock — so one signed-in request stalled every visitor until the
import ended. Now a token's holder is read once per database state (any write — a
revocation included — changes the state and the next request reads it again); while the
workspace is busy (a writer, or this server reading it) the last answer is used, as pages
are answered from the last snapshot meanwhile, so a revocation takes effect once it is
free again. A token never seen before is read as before, waiting if it must.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

from hatang.errors import WorkspaceBusy
from hatang.store import Workspace
from hatang.store import web_queries as q
from hatang.web.state import DB_LOCK, state_key

#: tokens remembered (bounded: anyone can send made-up bearer tokens)
REMEMBERED = 4096


class TokenBook:
    """`holder(sha256)`: the token's `TokenInfo` (None when unknown or revoked)."""

    def __init__(self, ws: Workspace):
        self.ws = ws
        self._seen: OrderedDict[str, tuple[Any, q.TokenInfo | None]] = OrderedDict()
        self._lock = threading.Lock()

    def holder(self, token_sha256: str) -> q.TokenInfo | None:
        key = state_key(self.ws)
        with self._lock:
            seen = self._seen.get(token_sha256)
        if seen is not None and seen[0] == key:
            return seen[1]
        try:
            info = self._read(token_sha256, blocking=seen is None)
        except WorkspaceBusy:
            if seen is None:
                raise
            return seen[1]  # a writer holds the workspace: the last answer, as pages do
        self._remember(token_sha256, key, info)
        return info

    def _read(self, token_sha256: str, *, blocking: bool) -> q.TokenInfo | None:
        if not DB_LOCK.acquire(blocking=blocking):
            raise WorkspaceBusy(self.ws.root, "this server (another request)", 0.0, False)
        try:
            with self.ws.connect(read_only=True, blocking=blocking) as con:
                return q.token_info_by_hash(con, token_sha256)
        finally:
            DB_LOCK.release()

    def _remember(self, token_sha256: str, key: Any, info: q.TokenInfo | None) -> None:
        with self._lock:
            self._seen[token_sha256] = (key, info)
            self._seen.move_to_end(token_sha256)
            while len(self._seen) > REMEMBERED:
                self._seen.popitem(last=False)
