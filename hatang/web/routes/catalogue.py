"""The open-data catalogue (/data) and a dataset's page (/dataset/{name})."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse

from hatang.publish.registry import LICENSE, Dataset
from hatang.publish.render import records
from hatang.web.render import Lang, html, render
from hatang.web.routes.common import snap
from hatang.web.state import Snapshot

router = APIRouter()


def _formats(s: Snapshot, ds: Dataset) -> list[tuple[str, str]]:
    """(label, download URL) of every file the dataset offers."""
    return [(f.label, f"/dataset/{ds.name}/{f.name}") for f in s.files(ds)]


@router.get("/data", response_class=HTMLResponse)
def catalogue(request: Request, lang: Lang) -> HTMLResponse:
    s = snap(request)

    def build() -> str:
        items: list[dict[str, Any]] = [
            {"ds": ds, "rows": len(s.table(ds)), "formats": _formats(s, ds)} for ds in s.datasets()
        ]
        return render(request, "catalogue.html", {"items": items, "licence": LICENSE}, lang)

    return html(request, s.memo(("page", "data", lang), build), lang)


@router.get("/dataset/{name}", response_class=HTMLResponse)
def dataset_page(request: Request, name: str, lang: Lang) -> HTMLResponse:
    s = snap(request)
    ds = s.dataset(name)
    if ds is None:
        raise HTTPException(
            404, f"no published dataset named {name[:60]!r} / không có bộ dữ liệu công bố tên này"
        )
    frame = s.table(ds)
    ctx = {
        "ds": ds,
        "rows": len(frame),
        "licence": LICENSE,
        "preview": records(frame.head(20)),
        "formats": _formats(s, ds),
    }
    return html(request, render(request, "dataset.html", ctx, lang), lang)
