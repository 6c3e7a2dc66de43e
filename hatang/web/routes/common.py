"""What every route module reads: the app's workspace state and its current snapshot,
narrowed to one province of a national workspace on the pages that take `?province=`."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query, Request

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
