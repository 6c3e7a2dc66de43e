"""The search box's answers (/search?q=) and a village's page (/village/{code}): find a
village or commune by name on either map, and see whether the village is covered;
`?province=CODE` (a national workspace): only that province's places, links keeping it."""

from __future__ import annotations

from typing import Annotated, Any

import pandas as pd
from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse

from hatang.publish.render import records
from hatang.store import db
from hatang.store import register as register_store
from hatang.views import place
from hatang.views.register import PUBLIC
from hatang.web.render import Lang, html, render
from hatang.web.routes.common import ProvinceQuery, keep_province, snap
from hatang.web.state import DB_LOCK

router = APIRouter()

Q = Annotated[
    str,
    Query(
        description="a village or commune name, accents and case ignored ('xuan truong')",
        max_length=100,
    ),
]
Map = Annotated[
    str,
    Query(
        description="the map to search: 2025, 2024, or empty for both",
        pattern="^(|2024|2025)$",
        max_length=4,
    ),
]


@router.get("/search", response_class=HTMLResponse)
def search(
    request: Request, lang: Lang, q: Q = "", map: Map = "", province: ProvinceQuery = None
) -> HTMLResponse:
    s = snap(request, province)
    found = place.matches(s.frames["units"], q, map)  # narrowed: the province's units only
    rows = [{**r, "href": keep_province(_href(r), s)} for r in records(found)]
    ctx = {"q": q, "umap": map, "results": rows}
    return html(request, render(request, "search.html", ctx, lang), lang)


def _href(r: dict[str, Any]) -> str:
    if r["level"] == "village":
        return f"/village/{r['code']}?map={r['map']}"
    return f"/commune/{r['code']}"


@router.get("/village/{code}", response_class=HTMLResponse)
def village(
    request: Request, code: str, lang: Lang, map: Map = "", province: ProvinceQuery = None
) -> HTMLResponse:
    s = snap(request, province)
    unit = place.find_village(s.frames["units"], code, map)
    if unit is None:
        where = f" in {s.province.name}" if s.province is not None else ""
        raise HTTPException(
            404, f"no village with code {code[:20]!r}{where} / không có thôn mã này"
        )

    def build() -> str:
        f = place.village_facts(
            unit,
            units=s.frames["units"],
            coverage_units=s.frames["coverage_units"],
            village_services=s.frames["village_services"],
            speeds=s.table(s.dataset("speed-aggregates")),
            cases=s.memo("register-cases", lambda: _cases(s.ws)),
            dead_spots=s.frames["dead_spots"],
        )
        ctx = {
            "unit": records(unit.to_frame().T)[0],
            "commune": None if f.commune is None else records(f.commune.to_frame().T)[0],
            "f": f,
            "answer": place.summary(f),
            "speeds": records(f.speeds),
            "cases": records(f.cases),
            "reported": records(f.reported),
        }
        return render(request, "village.html", ctx, lang)

    return html(request, s.memo(("page", "village", code, map, lang), build), lang)


def _cases(ws: Any) -> pd.DataFrame:
    """The register's cases, public fields only (read, never written here)."""
    with DB_LOCK, ws.connect(read_only=True, blocking=False) as con:
        if not db.table_exists(con, "register_cases"):
            return pd.DataFrame(columns=list(PUBLIC))
        cases = register_store.read_cases(con)
    return cases[[c for c in PUBLIC if c in cases.columns]]
