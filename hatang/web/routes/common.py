"""What every route module reads: the app's workspace state and its current snapshot."""

from __future__ import annotations

from fastapi import Request

from hatang.web.state import Snapshot, WebState


def state(request: Request) -> WebState:
    return request.app.state.web


def snap(request: Request) -> Snapshot:
    return state(request).snapshot()


async def snap_async(request: Request) -> Snapshot:
    """The snapshot, rebuilt off the event loop when the database changed."""
    from fastapi.concurrency import run_in_threadpool

    st = state(request)
    return st.current() or await run_in_threadpool(st.snapshot)
