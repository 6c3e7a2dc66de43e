"""The ministry's page of a national workspace (/country): the whole country's value
under every target of the national plan (`hatang scorecard`), and every province
against one target — ranked in a table, coloured on a map — each linking to its own
overview (`/?province=CODE`)."""

from __future__ import annotations

from typing import Annotated, Any

import pandas as pd
from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse

from hatang import i18n
from hatang.views import country as view
from hatang.views import scorecard as vsc
from hatang.web import maps, views
from hatang.web.render import Lang, figure_json, html, render
from hatang.web.routes.common import snap
from hatang.web.state import DB_LOCK

router = APIRouter()

TargetQuery = Annotated[
    int | None,
    Query(ge=1, le=999, description="target number of the plan the provinces are ranked and "
          "coloured by (default: the first)"),
]  # fmt: skip


@router.get("/country", response_class=HTMLResponse)
def country_page(request: Request, lang: Lang, target: TargetQuery = None) -> HTMLResponse:
    s = snap(request)
    if not s.ws.settings.workspace.country:
        raise HTTPException(
            404,
            "not a national workspace (`hatang init DIR --country`) "
            "/ không phải vùng làm việc toàn quốc (`hatang init DIR --country`)",
        )
    return html(
        request,
        s.memo(("page", "country", target, lang), lambda: _page(request, s, target, lang)),
        lang,
    )


def _page(request: Request, s: Any, target: int | None, lang: str) -> str:
    sc, reason = _scorecard(s)
    if sc is None:
        return render(request, "country.html", {"reason": reason, "rows": []}, lang)
    targets = view.choices(sc)
    chosen = target if target in {c.no for c in targets} else targets[0].no
    rows = view.ranking(sc, chosen, _centres(s.frames["units"]))
    t = lambda k: i18n.t(k, lang)  # noqa: E731
    ctx = {
        "reason": "",
        "plan": sc.attrs.get("plan", ""),
        "targets": targets,
        "chosen": chosen,
        "rows": rows,
        "whole": _whole(s),
        "figure_json": figure_json(_figure(rows, t, s.ws.settings.web.tile_url), lang),
    }
    return render(request, "country.html", ctx, lang)


def _scorecard(s: Any) -> tuple[pd.DataFrame | None, str]:
    def build() -> tuple[pd.DataFrame | None, str]:
        with DB_LOCK:
            return views.scorecard(s.ws, by="province")

    result: tuple[pd.DataFrame | None, str] = s.memo("country-scorecard", build)
    return result


def _whole(s: Any) -> list[vsc.Target]:
    """The country's scorecard: one value per target (the national plan, unit VN)."""

    def build() -> list[vsc.Target]:
        with DB_LOCK:
            frame, _ = views.scorecard(s.ws)
        return [] if frame is None else vsc.targets(frame)

    result: list[vsc.Target] = s.memo("country-whole", build)
    return result


def _centres(units: pd.DataFrame) -> pd.DataFrame:
    p = units[(units["map"].astype(str) == "2025") & (units["level"] == "province")]
    return p[["code", "lon", "lat"]]


def _figure(rows: list[view.ProvinceRow], t: Any, tile_url: str) -> dict[str, Any]:
    """The provinces as circles at their centres coloured by the value (the packaged
    units have no boundaries to fill), those without a value grey."""
    placed = [r for r in rows if r.lon is not None and r.lat is not None]
    valued = [r for r in placed if r.target.value.value is not None]
    empty = [r for r in placed if r.target.value.value is None]
    traces = [
        _circles(valued, {"size": 16, "color": [r.target.value.value for r in valued],
                          "colorscale": "YlGnBu", "showscale": True,
                          "colorbar": {"thickness": 12}}, t("country_with_value")),
        _circles(empty, {"size": 10, "color": "#bbbbbb"}, t("country_no_value")),
    ]  # fmt: skip
    centre = {"lon": 106.0, "lat": 16.0}
    map_ = {"style": maps.style(tile_url), "center": centre, "zoom": 4.6}
    return {"data": [tr for tr in traces if tr["lon"]], "layout": maps.layout(map_)}


def _circles(rows: list[view.ProvinceRow], marker: dict[str, Any], name: str) -> dict[str, Any]:
    return {
        "type": "scattermap",
        "mode": "markers",
        "name": f"{name} ({len(rows)})",
        "lon": [r.lon for r in rows],
        "lat": [r.lat for r in rows],
        "marker": marker,
        "text": [r.target.unit_name for r in rows],
        "customdata": [r.target.unit_code for r in rows],
        "hovertemplate": "%{text}<extra></extra>",
        "meta": "provinces",
    }
