"""The audit log for the office (docs/register.md, "Audit log"):

    GET /api/audit[?since=YYYY-MM-DD][&kind=register|filing]

every step on a register case and every filing, refiling, acceptance and rejection of
the submissions, oldest first (hatang.register.audit). Admin and analyst tokens (or a
signed-in session of theirs) only: 401 without one, 403 for an operator; 422 for a
`since` that is no date or a `kind` that is neither.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from hatang.errors import ConfigError
from hatang.register import audit
from hatang.register.machine import STAFF
from hatang.store.workspace import Workspace
from hatang.web import auth
from hatang.web.routes.common import state
from hatang.web.state import DB_LOCK

router = APIRouter()


def _read(ws: Workspace, since: str | None, kind: str | None) -> list[dict[str, Any]]:
    try:
        day, chosen = audit.since_date(since, "since"), audit.checked_kind(kind, "kind")
    except ConfigError as e:
        raise HTTPException(422, str(e)) from e
    with DB_LOCK:
        return audit.records(audit.trail(ws, day, chosen))


@router.get("/api/audit")
async def api_audit(
    request: Request,
    since: Annotated[
        str | None, Query(max_length=10, description="from this day on (YYYY-MM-DD)")
    ] = None,
    kind: Annotated[
        str | None, Query(max_length=10, description="register or filing (default: both)")
    ] = None,
) -> JSONResponse:
    """The joint audit trail as `{"success": true, "result": [...]}`."""
    auth.require_actor(request, *STAFF)
    rows = await run_in_threadpool(_read, state(request).ws, since, kind)
    return JSONResponse({"success": True, "result": rows, "count": len(rows)})
