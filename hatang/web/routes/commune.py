"""A commune's page (/commune/{code}): its targets, villages, sites, dead spots, speeds;
`?province=CODE` (a national workspace): a commune of that province, scored against the
province's plan, its links keeping the province."""

from __future__ import annotations

from typing import Any

import pandas as pd
from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse

from hatang.publish.render import records
from hatang.views import commune as commune_view
from hatang.web import views
from hatang.web.render import Lang, html, render
from hatang.web.routes.common import ProvinceQuery, snap, state
from hatang.web.rows import reading_notes, scorecard_rows
from hatang.web.state import DB_LOCK

router = APIRouter()


@router.get("/commune/{code}", response_class=HTMLResponse)
def commune(
    request: Request, code: str, lang: Lang, province: ProvinceQuery = None
) -> HTMLResponse:
    s = snap(request, province)
    unit = commune_view.find(s.frames["units"], code)  # a narrowed snapshot: its own only
    if unit is None:
        raise HTTPException(
            404,
            f"no commune with code {code[:20]!r}{_in(s)} "
            f"/ không có xã mã {code[:20]!r}{_in(s, 'vi')}",
        )

    def build() -> str:
        return render(request, "commune.html", _commune_context(request, s, unit, lang), lang)

    return html(request, s.memo(("page", "commune", code, lang), build), lang)


def _in(s: Any, lang: str = "en") -> str:
    """' in PROVINCE' ('thuộc PROVINCE') when the pages are narrowed to one province."""
    if s.province is None:
        return ""
    return f" thuộc {s.province.name}" if lang == "vi" else f" in {s.province.name}"


def _facts(s: Any, unit: pd.Series) -> commune_view.CommuneFacts:
    """The commune's facts; where sites and dead spots lie is computed once per snapshot."""
    communes = commune_view.communes_of(s.frames["units"], str(unit["map"]))

    def locate(key: str, points: pd.DataFrame) -> Any:
        return s.memo(key, lambda: views.commune_of_points(points["lon"], points["lat"], communes))

    return commune_view.facts(
        unit,
        units=s.frames["units"],
        indicator_values=s.frames["indicator_values"],
        village_services=s.table(s.dataset("village-services")),
        sites=s.table(s.dataset("sites")),
        dead_spots=s.table(s.dataset("dead-spots")),
        speeds=s.table(s.dataset("speed-aggregates")),
        locate=locate,
    )


def _commune_context(request: Request, s: Any, unit: pd.Series, lang: str) -> dict[str, Any]:
    with DB_LOCK:
        sc, reason = views.scorecard(
            state(request).ws,
            narrowed=s.province.code if s.province is not None else None,
            unit=str(unit["code"]),
            map=str(unit["map"]),
        )
    f = _facts(s, unit)
    return {
        "unit": records(unit.to_frame().T)[0],
        "map": f.map,
        "rows": scorecard_rows(sc, lang) if sc is not None else [],
        "notes": reading_notes(sc, lang),
        "reason": reason,
        "indicator_values": records(f.indicator_values),
        "villages": records(f.villages),
        "village_period": f.village_period,
        "sites": records(f.sites),
        "site_period": f.site_period,
        "dead_spots": records(f.dead_spots),
        "speeds": records(f.speeds),
    }
