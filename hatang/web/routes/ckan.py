"""CKAN Action API v3 (read-only subset), GET or POST, with CKAN's envelope and errors."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from hatang.publish import ckan
from hatang.web.routes.common import snap_async
from hatang.web.routes.opendata import portal

router = APIRouter()


async def _params(request: Request) -> dict[str, Any]:
    params: dict[str, Any] = {}
    for key in request.query_params:
        values = request.query_params.getlist(key)
        params[key] = values if len(values) > 1 else values[0]
    if request.method == "POST":
        body = await request.body()
        ctype = request.headers.get("content-type", "")
        if (
            body
            and "multipart/form-data" not in ctype
            and "application/x-www-form-urlencoded" not in ctype
        ):
            try:
                data = json.loads(body)
            except ValueError:
                raise ckan.ActionError(
                    "Bad Request", 400, "Bad request - JSON Error: could not parse the request body"
                ) from None
            if not isinstance(data, dict):
                raise ckan.ActionError(
                    "Bad Request", 400, "Bad request - JSON Error: the body must be a JSON object"
                )
            params.update(data)
        elif body:
            form = await request.form()
            params.update({k: v for k, v in form.items() if isinstance(v, str)})
    return params


@router.api_route("/api/3/action/{action}", methods=["GET", "POST"])
@router.api_route("/api/action/{action}", methods=["GET", "POST"])
async def action(request: Request, action: str) -> JSONResponse:
    help_url = f"{str(request.base_url).rstrip('/')}/api/3/action/help_show?name={action[:60]}"
    try:
        params = await _params(request)
        s = await snap_async(request)
        p = s.cached(("portal", str(request.base_url).rstrip("/")))
        if p is None:
            p = await run_in_threadpool(portal, request, s)
        result = ckan.call(p, action, params)
    except ckan.ActionError as e:
        return JSONResponse(
            {"help": help_url, "success": False, "error": e.error_dict()}, status_code=e.status
        )
    return JSONResponse({"help": help_url, "success": True, "result": result})
