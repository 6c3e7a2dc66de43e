"""What the pages load besides their own HTML, all served by hatang (no CDN):
plotly.js from the installed plotly package, Swagger UI 5 (OpenAPI 3.1) from the
fastapi-offline package's files for the API docs (/api/docs), and the favicon."""

from __future__ import annotations

import importlib.util
from functools import lru_cache
from pathlib import Path

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import FileResponse, HTMLResponse, Response

router = APIRouter()

STATIC = Path(__file__).resolve().parents[1] / "static"
CACHE = {"Cache-Control": "public, max-age=86400"}
#: the Swagger UI files the docs page loads
SWAGGER_FILES = {
    "swagger-ui.css": "text/css",
    "swagger-ui-bundle.js": "application/javascript",
}


@lru_cache(maxsize=1)
def _plotly_js() -> bytes:
    import plotly

    path = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    if path.is_file():
        return path.read_bytes()
    from plotly.offline import get_plotlyjs

    return get_plotlyjs().encode("utf-8")


@router.get("/assets/plotly.min.js", include_in_schema=False)
def plotly_js() -> Response:
    return Response(_plotly_js(), media_type="application/javascript", headers=CACHE)


def swagger_dir() -> Path | None:
    """Swagger UI's files, shipped by the fastapi-offline package (None when absent).
    Only its files are used: its own page starts Swagger UI with an inline script,
    which the Content-Security-Policy refuses."""
    spec = importlib.util.find_spec("fastapi_offline")
    if spec is None or spec.origin is None:
        return None
    return Path(spec.origin).parent / "static"


@router.get("/assets/swagger-ui/{name}", include_in_schema=False)
def swagger_asset(name: str) -> Response:
    folder = swagger_dir()
    if name not in SWAGGER_FILES or folder is None or not (folder / name).is_file():
        raise HTTPException(404, f"no such asset {name[:60]!r}")
    return FileResponse(folder / name, media_type=SWAGGER_FILES[name], headers=CACHE)


@router.get("/api/docs", include_in_schema=False)
def api_docs(request: Request) -> HTMLResponse:
    """The OpenAPI schema browsable offline (Swagger UI; its start-up script is a file,
    so the page keeps to the Content-Security-Policy)."""
    if swagger_dir() is None:
        return HTMLResponse(
            '<!doctype html><meta charset="utf-8"><title>hatang API</title>'
            "<p>Swagger UI is not installed (pip install fastapi-offline); the schema is "
            '<a href="/api/openapi.json">/api/openapi.json</a>.</p>'
        )
    return HTMLResponse(
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>hatang API</title>"
        '<link rel="icon" href="/favicon.ico">'
        '<link rel="stylesheet" href="/assets/swagger-ui/swagger-ui.css"></head>'
        '<body><div id="swagger-ui" data-url="/api/openapi.json"></div>'
        '<script src="/assets/swagger-ui/swagger-ui-bundle.js"></script>'
        '<script src="/static/api-docs.js"></script></body></html>'
    )


@router.get("/favicon.ico", include_in_schema=False)
def favicon() -> FileResponse:
    return FileResponse(STATIC / "favicon.ico", media_type="image/x-icon", headers=CACHE)
