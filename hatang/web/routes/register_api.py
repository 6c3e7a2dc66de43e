"""The register's API and its writes, shared by the forms (routes/register.py).

    POST /api/register/reports                  a citizen's report (no token; JSON)
    GET  /api/register/cases/{id}               a case's public fields, its next steps;
                                                its evidence files (name, type, size,
                                                sha256, URL) for the office and the
                                                operators the case concerns
    POST /api/register/cases/{id}/steps/{step}  a step (JSON inputs), as the token's holder;
                                                or multipart: the inputs as fields and
                                                `evidence_file` parts (hatang.web.evidence)

A step answers 401 without a token, 403 when the role or the operator may not take
it, 409 when the case's state does not allow it (the allowed next steps in
`error.allowed`), 422 for a missing or wrong input, 404 for an unknown case. A report
answers 413 over `[register] report_max_bytes`, 422 over `report_max_chars` or
without a place, 429 past `report_rate_per_hour` from one address (Retry-After). An
evidence file answers 413 over `evidence_max_bytes`, 415 when its content is no photo,
PDF or CSV or does not match its name.
Every write goes through the register's library under the workspace lock.
"""

from __future__ import annotations

import json
import math
import tempfile
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from hatang.errors import ConfigError, Forbidden, NotFound, StepNotAllowed
from hatang.register import evidence as register_evidence
from hatang.register import machine
from hatang.register.machine import Actor
from hatang.web import auth, evidence
from hatang.web import register as view
from hatang.web.ratelimit import RateLimit
from hatang.web.refused import StepRefused
from hatang.web.routes.common import snap, state
from hatang.web.state import DB_LOCK

router = APIRouter()

#: what a citizen's report may carry (anything else is ignored)
REPORT_FIELDS = ("lon", "lat", "village_code", "description", "reasons", "technology", "operators")


def _write(request: Request, fn: Callable[..., Any], *args: Any, **kw: Any) -> Any:
    """Run a register write under the app's lock, answering its refusals as StepRefused."""
    try:
        with DB_LOCK:
            return fn(*args, **kw)
    except Forbidden as e:
        raise StepRefused(403, str(e), e.allowed) from e
    except StepNotAllowed as e:
        raise StepRefused(409, str(e), e.allowed) from e
    except NotFound as e:
        raise StepRefused(404, str(e)) from e
    except ConfigError as e:
        raise StepRefused(422, str(e)) from e
    finally:
        state(request).invalidate()


# ---- a step ------------------------------------------------------------------------------


def _evidence(ws: Any, action: str, refs: list[str], files: Sequence[tuple]) -> list[dict]:
    """The step's evidence: references, then the checked files archived (hatang.web.evidence)."""
    from hatang.register import actions

    step = machine.STEP.get(action)
    if files and (step is None or "evidence" not in (*step.required, *step.optional)):
        raise ConfigError(f"{action!r} takes no evidence file / bước này không kèm tệp")
    items = actions.evidence(ws, refs=refs)
    return items + [actions.evidence_file(ws, path, name, media) for path, name, media in files]


def _take(
    ws: Any,
    case_id: str,
    action: str,
    actor: Actor,
    form: Mapping[str, Any],
    files: Sequence[tuple] = (),
) -> dict:
    from hatang.register import actions, workflow

    if action == "verify":  # the verdict reads the tests; the files are kept with the step
        inputs, refs = view.inputs(action, form)
        inputs["evidence"] = _evidence(ws, action, refs, files) if refs or files else None
        passed, why, event = workflow.verify(ws, case_id, actor, inputs=inputs, channel="web")
        return {**event, "passed": passed, "why": why}
    if action in view.NOT_A_FORM:
        raise StepNotAllowed(f"{action!r} is not taken through the web", allowed=())
    inputs, refs = view.inputs(action, form)
    if refs or files or "evidence" in machine.STEP[action].required:
        inputs["evidence"] = _evidence(ws, action, refs, files)
    return actions.act(ws, case_id, action, actor, inputs, channel="web")


async def take_step(
    request: Request,
    case_id: str,
    action: str,
    actor: Actor,
    form: Mapping[str, Any],
    files: Sequence[tuple] = (),
) -> dict[str, Any]:
    """Take `action` on the case as `actor` with a form's or a body's fields and the
    evidence files already checked by content (hatang.web.evidence)."""
    ws = state(request).ws
    return await run_in_threadpool(_write, request, _take, ws, case_id, action, actor, form, files)


def _event_json(e: Mapping[str, Any]) -> dict[str, Any]:
    keys = ("seq", "case_id", "action", "from_state", "to_state", "passed", "why")
    return {k: e[k] for k in keys if k in e}


@router.post("/api/register/cases/{case_id}/steps/{action}")
async def step_api(request: Request, case_id: str, action: str) -> JSONResponse:
    """Take a step on a case (JSON object of inputs; `evidence` a list of references).
    A browser's session may call it too, with its CSRF token in `X-CSRF-Token`."""
    actor = auth.require_actor(request)
    if request.headers.get("content-type", "").startswith("multipart/form-data"):
        return await _step_multipart(request, case_id, action, actor)
    await auth.check_csrf(request)
    try:
        body = await _json_body(request, 1 << 16)
        if isinstance(body.get("evidence"), list):
            body["evidence"] = "\n".join(map(str, body["evidence"]))
        event = await take_step(request, case_id, action, actor, body)
    except StepRefused as e:
        return e.json()
    return JSONResponse({"success": True, "result": _event_json(event)})


async def step_with_files(
    request: Request,
    case_id: str,
    action: str,
    actor: Actor,
    fields: Mapping[str, Any],
    uploads: Sequence[Any],
) -> dict[str, Any]:
    """Take the step with its fields and its evidence files, every file checked first."""
    with tempfile.TemporaryDirectory(prefix="hatang-evidence-") as tmp:
        files = await evidence.checked(uploads, evidence.limit_of(request), tmp)
        return await take_step(request, case_id, action, actor, fields, files)


async def _step_multipart(
    request: Request, case_id: str, action: str, actor: Actor
) -> JSONResponse:
    """A step with evidence files: the fields and `evidence_file` parts of a multipart body."""
    try:
        form = await evidence.form_of(request)
    except StepRefused as e:
        return e.json()
    try:
        await auth.check_csrf(request)
        fields = {k: v for k, v in form.items() if isinstance(v, str)}
        uploads = evidence.uploads_of(form)
        event = await step_with_files(request, case_id, action, actor, fields, uploads)
    except StepRefused as e:
        return e.json()
    finally:
        await form.close()
    return JSONResponse({"success": True, "result": _event_json(event)})


@router.get("/api/register/cases/{case_id}")
def case_api(request: Request, case_id: str) -> JSONResponse:
    """A case's public fields, the steps the caller may take next and, for the office
    and the operators the case concerns, its evidence files (`evidence_files`)."""
    import datetime as dt

    from hatang.publish.geojson import plain

    frames = snap(request).frames
    cases = view.cases(frames, dt.date.today())
    found = cases[cases["case_id"] == case_id]
    if found.empty:
        raise HTTPException(404, f"no case {case_id!r} in the register")
    row = view.public(found).iloc[0].to_dict()
    actor = auth.current_actor(request)
    allowed = machine.next_steps(str(row["state"]), actor, row.get("assigned_operator"))
    steps = [a for a in allowed if a not in view.NOT_A_FORM] if actor else []
    result = {**{k: plain(v) for k, v in row.items()}, "next_steps": steps}
    if register_evidence.may_see(actor, found.iloc[0].to_dict()):
        events = frames["register_events"]
        mine = events[events["case_id"].astype(str) == case_id].sort_values("seq")
        files = register_evidence.files_of(mine.to_dict("records"))
        result["evidence_files"] = register_evidence.listing(case_id, files)
    return JSONResponse({"success": True, "result": result})


# ---- a citizen's report --------------------------------------------------------------------


async def _json_body(request: Request, limit: int) -> dict[str, Any]:
    raw = await request.body()
    if len(raw) > limit:
        raise StepRefused(413, f"the request is over {limit} bytes / dữ liệu quá lớn")
    if not raw.strip():
        return {}
    try:
        data = json.loads(raw)
    except ValueError:
        raise StepRefused(422, "the body is not JSON / dữ liệu không phải JSON") from None
    if not isinstance(data, dict):
        raise StepRefused(422, "the body must be a JSON object / cần một đối tượng JSON")
    return data


def _number(name: str, v: Any, lo: float, hi: float) -> float | None:
    if v is None or (isinstance(v, str) and not v.strip()):
        return None
    try:
        x = float(v)
    except (TypeError, ValueError):
        raise StepRefused(422, f"{name}: {v!r} is not a number / không phải số") from None
    if not math.isfinite(x) or not lo <= x <= hi:
        raise StepRefused(422, f"{name}: {x} is outside {lo} … {hi} / ngoài phạm vi")
    return x


def _village_point(request: Request, code: str) -> tuple[float, float]:
    units = snap(request).frames["units"]
    v = units[(units["level"] == "village") & (units["code"] == code) & units["lon"].notna()]
    if v.empty:
        raise StepRefused(422, f"village_code: {code!r} is not a village of the province")
    return float(v["lon"].iloc[0]), float(v["lat"].iloc[0])


def report_item(request: Request, data: Mapping[str, Any]) -> tuple[dict[str, Any], str | None]:
    """The `open` step's inputs of a citizen's report, and the contact (kept apart)."""
    r = state(request).ws.settings.register
    text = {k: str(data[k]).strip() for k in REPORT_FIELDS if data.get(k) not in (None, "")}
    if len(text.get("description", "")) > r.report_max_chars:
        raise StepRefused(422, f"description: over {r.report_max_chars} characters / quá dài")
    contact = str(data.get("contact") or "").strip()[:200] or None
    lon = _number("lon", data.get("lon"), -180, 180)
    lat = _number("lat", data.get("lat"), -90, 90)
    if (lon is None or lat is None) and text.get("village_code"):
        lon, lat = _village_point(request, text["village_code"])
    if lon is None or lat is None:
        raise StepRefused(
            422, "click the map or choose a village / hãy chọn vị trí trên bản đồ hoặc chọn thôn"
        )
    reasons = data.get("reasons")
    if isinstance(reasons, list):
        text["reasons"] = ";".join(map(str, reasons))
    return {**text, "lon": lon, "lat": lat, "source": "citizen"}, contact


def _limit(request: Request) -> RateLimit:
    app_state = request.app.state
    if getattr(app_state, "report_limit", None) is None:
        app_state.report_limit = RateLimit(state(request).ws.settings.register.report_rate_per_hour)
    return app_state.report_limit


async def submit_report(request: Request, data: Mapping[str, Any]) -> str:
    """Open a case from a citizen's report; its id. Refusals as StepRefused."""
    from hatang.register import actions

    item, contact = report_item(request, data)
    wait = _limit(request).take(request.client.host if request.client else "unknown")
    if wait:
        raise StepRefused(
            429, f"too many reports from this address; try again in {math.ceil(wait / 60)} min"
        )
    ws = state(request).ws
    ids = await run_in_threadpool(
        _write,
        request,
        actions.open_cases,
        ws,
        machine.CITIZEN,
        [item],
        channel="web",
        contacts=[contact],
    )
    return str(ids[0])


@router.post("/api/register/reports")
async def report_api(request: Request) -> JSONResponse:
    """A citizen's report of a dead spot: lon/lat or village_code, description,
    reasons, technology, operators, contact (kept, never published). No token."""
    try:
        body = await _json_body(request, state(request).ws.settings.register.report_max_bytes)
        case_id = await submit_report(request, body)
    except StepRefused as e:
        response = e.json()
        if e.status == 429:
            response.headers["Retry-After"] = "3600"
        return response
    return JSONResponse({"success": True, "result": {"case_id": case_id}}, status_code=201)
