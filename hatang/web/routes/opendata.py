"""Open-data files: downloads, Frictionless data packages, the DCAT catalogue."""

from __future__ import annotations

import json

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import JSONResponse, Response

from hatang.publish import catalog, render
from hatang.publish.render import FORMATS, formats_of
from hatang.web.routes.common import snap
from hatang.web.state import Snapshot

router = APIRouter()


def portal(request: Request, s: Snapshot | None = None) -> catalog.Portal:
    s = s or snap(request)
    base = str(request.base_url).rstrip("/")
    ws = request.app.state.web.ws
    return s.memo(
        ("portal", base),
        lambda: catalog.Portal(
            base_url=base,
            province=ws.settings.workspace.province,
            province_name=ws.settings.workspace.name,
            synthetic=ws.synthetic,
            modified=s.modified,
            datasets=tuple(s.datasets()),
            rows=s.rows(),
        ),
    )


@router.get("/dataset/{name}/datapackage.json")
def datapackage(request: Request, name: str) -> JSONResponse:
    s = snap(request)
    ds = s.dataset(name)
    if ds is None:
        raise HTTPException(404, f"no published dataset named {name[:60]!r}")
    p = portal(request, s)
    doc = render.datapackage(
        ds, synthetic=p.synthetic, publisher=p.org_title, modified=p.modified, rows=len(s.table(ds))
    )
    return JSONResponse(doc)


@router.get("/dataset/{name}/{filename}")
def download(request: Request, name: str, filename: str) -> Response:
    s = snap(request)
    ds = s.dataset(name)
    if ds is None:
        raise HTTPException(404, f"no published dataset named {name[:60]!r}")
    for fmt in formats_of(ds):
        suffix, mediatype, _ = FORMATS[fmt]
        if filename == f"{ds.name}.{suffix}":
            body = s.download(ds, fmt)
            if fmt == "csv":
                mediatype += "; charset=utf-8"
            return Response(
                body,
                media_type=mediatype,
                headers={
                    "Content-Disposition": f'inline; filename="{filename}"',
                    "X-Hatang-Synthetic": "true" if s.ws.synthetic else "false",
                },
            )
    raise HTTPException(
        404, f"{name[:60]} has no file {filename[:80]!r} (formats: {', '.join(formats_of(ds))})"
    )


@router.get("/catalog.jsonld")
def catalog_jsonld(request: Request) -> Response:
    p = portal(request)
    body = json.dumps(catalog.dcat_graph(p), ensure_ascii=False, indent=1)
    return Response(body, media_type="application/ld+json")


@router.get("/catalog.ttl")
def catalog_ttl(request: Request) -> Response:
    return Response(catalog.dcat_turtle(portal(request)), media_type="text/turtle; charset=utf-8")
