"""Open-data files: downloads, Frictionless data packages, the DCAT catalogue."""

from __future__ import annotations

import json

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import JSONResponse, Response

from hatang.publish import catalog, dcat, render
from hatang.web import gis
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
            issued=s.issued,
            bbox=s.bbox(),
            periods=s.periods(),
            datasets=tuple(s.datasets()),
            rows=s.rows(),
            layers={ds.name: tuple(s.layers(ds)) for ds in s.datasets() if ds.layers},
        ),
    )


@router.get("/dataset/{name}/datapackage.json")
def datapackage(request: Request, name: str) -> JSONResponse:
    s = snap(request)
    ds = s.dataset(name)
    if ds is None:
        raise HTTPException(
            404, f"no published dataset named {name[:60]!r} / không có bộ dữ liệu công bố tên này"
        )
    p = portal(request, s)
    doc = render.datapackage(
        ds,
        synthetic=p.synthetic,
        publisher=p.org_title,
        modified=p.modified,
        rows=len(s.table(ds)),
        layers=s.layers(ds),
    )
    return JSONResponse(doc)


@router.get("/dataset/{name}/{filename}")
def download(request: Request, name: str, filename: str) -> Response:
    s = snap(request)
    ds = s.dataset(name)
    if ds is None:
        raise HTTPException(
            404, f"no published dataset named {name[:60]!r} / không có bộ dữ liệu công bố tên này"
        )
    files = s.files(ds)
    for f in files:
        if filename == f.name:
            media = f.mediatype + ("; charset=utf-8" if f.fmt == "csv" else "")
            disposition = "attachment" if f.fmt in ("xlsx", "gpkg", "parquet") else "inline"
            return Response(
                s.download(ds, f.fmt, f.layer),
                media_type=media,
                headers={
                    "Content-Disposition": f'{disposition}; filename="{f.name}"',
                    "X-Hatang-Synthetic": "true" if s.ws.synthetic else "false",
                },
            )
    raise HTTPException(
        404,
        f"{name[:60]} has no file {filename[:80]!r} (files: {', '.join(f.name for f in files)})",
    )


@router.get("/data/hatang.gpkg")
def workspace_gpkg(request: Request) -> Response:
    """Every spatial layer of the workspace in one GeoPackage (`hatang.web.gis`)."""
    s = snap(request)
    return Response(
        gis.workspace_gpkg(s),
        media_type=render.FORMATS["gpkg"][1],
        headers={
            "Content-Disposition": f'attachment; filename="{gis.GPKG_NAME}"',
            "X-Hatang-Synthetic": "true" if s.ws.synthetic else "false",
        },
    )


@router.get("/catalog.jsonld")
def catalog_jsonld(request: Request) -> Response:
    p = portal(request)
    body = json.dumps(dcat.graph(p), ensure_ascii=False, indent=1)
    return Response(body, media_type="application/ld+json")


@router.get("/catalog.ttl")
def catalog_ttl(request: Request) -> Response:
    return Response(dcat.turtle(portal(request)), media_type="text/turtle; charset=utf-8")
