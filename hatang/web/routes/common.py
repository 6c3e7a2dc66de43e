"""What every route module reads: the app's workspace state and its current snapshot,
narrowed to one province of a national workspace on the pages that take `?province=`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

import anyio
from fastapi import HTTPException, Query, Request

from hatang.web.state import Snapshot, WebState

#: `?province=CODE` on a page: the page as a provincial user of a national workspace sees it
ProvinceQuery = Annotated[
    str | None,
    Query(
        pattern=r"^\d{2}$",
        description="narrow the page to one 2025 province of a national workspace (its "
        "code, e.g. 12); every figure, list and map is then that province's",
    ),
]


#: CPU-bound page builds (a searched list, a page not yet cached) run at once. Python
#: holds the GIL while rendering, so more threads than cores only interleave them: each
#: build then takes as long as all of them together, and none is done sooner.
PAGE_BUILDS = 2


async def build_page(request: Request, fn: Callable[..., Any], *args: Any) -> Any:
    """`fn(*args)` in the thread pool, at most `PAGE_BUILDS` at a time, first come first
    served — and not at all for a visitor who left while it waited (a client that
    timed out, a closed tab): at 1,000 connections, pages built for nobody used to keep
    the server busy long after their clients had gone."""
    limiter = getattr(request.app.state, "page_builds", None)
    if limiter is None:
        limiter = request.app.state.page_builds = anyio.CapacityLimiter(PAGE_BUILDS)
    async with limiter:
        if await request.is_disconnected():
            raise HTTPException(499, "the client closed the connection")
        return await anyio.to_thread.run_sync(lambda: fn(*args))


def state(request: Request) -> WebState:
    return request.app.state.web


def snap(request: Request, province: str | None = None) -> Snapshot:
    """The current snapshot (narrowed to `province` when given: `Snapshot.narrowed`)."""
    return _narrowed(request, state(request).snapshot(), province)


async def snap_async(request: Request, province: str | None = None) -> Snapshot:
    """The snapshot, rebuilt off the event loop when the database changed."""
    from fastapi.concurrency import run_in_threadpool

    st = state(request)
    s = st.current() or await run_in_threadpool(st.snapshot)
    if province is None:
        return s
    return await run_in_threadpool(_narrowed, request, s, province)


def _narrowed(request: Request, s: Snapshot, province: str | None) -> Snapshot:
    if province is None:
        return s
    out = s.narrowed(province)
    request.state.province = out.province  # the header names it; links keep it
    return out


def keep_province(url: str, s: Snapshot) -> str:
    """`url` with `province=CODE` added when `s` is narrowed to a province, so a link
    between pages keeps the province (as the header's links do)."""
    if s.province is None:
        return url
    return f"{url}{'&' if '?' in url else '?'}province={s.province.code}"
