"""A per-address limit on how often something may be done (citizens' reports).

A sliding window in memory: an address may act `limit` times in any `window_s`
seconds; the next attempt is refused with the seconds to wait. One per app (a
restart forgets the counts, which only ever lets a few more through).
"""

from __future__ import annotations

import threading
import time
from collections import deque


class RateLimit:
    def __init__(self, limit: int, window_s: float = 3600.0):
        self.limit = int(limit)
        self.window_s = float(window_s)
        self._seen: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def take(self, address: str, now: float | None = None) -> float:
        """Count one attempt by `address`: 0 when allowed, else the seconds to wait."""
        now = time.monotonic() if now is None else now
        with self._lock:
            seen = self._seen.setdefault(address, deque())
            while seen and seen[0] <= now - self.window_s:
                seen.popleft()
            if len(seen) >= self.limit:
                return seen[0] + self.window_s - now
            seen.append(now)
            if len(self._seen) > 100_000:  # forget the quiet ones; memory stays bounded
                self._seen = {a: d for a, d in self._seen.items() if d}
            return 0.0
