"""CKAN Action API v3 (read-only subset), GET or POST, with CKAN's envelope and errors."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from hatang.publish import ckan, datastore
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


def _q(description: str) -> Any:
    return Query(description=description)


async def _answer(request: Request, action: str) -> JSONResponse:
    """Call the action with every parameter of the query string and the body."""
    help_url = f"{str(request.base_url).rstrip('/')}/api/3/action/help_show?name={action[:60]}"
    try:
        params = await _params(request)
        s = await snap_async(request)
        p = s.cached(("portal", str(request.base_url).rstrip("/")))
        if p is None:
            p = await run_in_threadpool(portal, request, s)
        if action in ckan.ROW_ACTIONS:  # rows: pandas work, off the event loop
            result = await run_in_threadpool(datastore.search, list(p.datasets), s.table, params)
        else:
            result = ckan.call(p, action, params)
    except ckan.ActionError as e:
        return JSONResponse(
            {"help": help_url, "success": False, "error": e.error_dict()}, status_code=e.status
        )
    return JSONResponse({"help": help_url, "success": True, "result": result})


@router.get(
    "/api/3/action/{action}",
    summary="CKAN action (GET)",
    description="The CKAN Action API, read-only; actions: " + ", ".join(ckan.NAMES) + ".",
)
async def action(
    request: Request,
    action: str,
    id: Annotated[str | None, _q("package_show, resource_show, group_show: the name or id")] = None,
    q: Annotated[
        str | None,
        _q("package_search, datastore_search: words to find (Solr syntax not supported)"),
    ] = None,
    fq: Annotated[
        str | None, _q("package_search: filter, e.g. tags:mobile or groups:telecom")
    ] = None,
    rows: Annotated[str | None, _q("package_search: results per page (default 10)")] = None,
    start: Annotated[str | None, _q("package_search: offset of the first result")] = None,
    sort: Annotated[
        str | None,
        _q("package_search, datastore_search: e.g. 'name asc', 'metadata_modified desc'"),
    ] = None,
    limit: Annotated[
        str | None, _q("package_list, group_list, datastore_search: at most this many")
    ] = None,
    offset: Annotated[
        str | None, _q("package_list, group_list, datastore_search: skip this many")
    ] = None,
    resource_id: Annotated[
        str | None, _q("datastore_search: the CSV resource, e.g. sites-csv")
    ] = None,
    filters: Annotated[str | None, _q('datastore_search: JSON, e.g. {"period": "2025Q4"}')] = None,
    fields: Annotated[str | None, _q("datastore_search: columns, e.g. site_id,lon,lat")] = None,
    facet_field: Annotated[
        str | None,
        Query(alias="facet.field", description='package_search: JSON list, e.g. ["tags"]'),
    ] = None,
) -> JSONResponse:
    """Every parameter is read as CKAN reads it (checked by the action: CKAN's errors);
    those declared here are the ones the actions use."""
    return await _answer(request, action)


@router.post("/api/3/action/{action}", summary="CKAN action (POST: JSON or form body)")
async def action_post(request: Request, action: str) -> JSONResponse:
    return await _answer(request, action)


@router.api_route("/api/action/{action}", methods=["GET", "POST"], include_in_schema=False)
async def action_alias(request: Request, action: str) -> JSONResponse:
    """/api/action/... (what ckanapi calls): the same actions."""
    return await _answer(request, action)
