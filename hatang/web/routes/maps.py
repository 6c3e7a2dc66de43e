"""The map page (/map) and the coverage image it overlays (/coverage.png)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, Response

from hatang import i18n
from hatang.model.operators import OPERATORS
from hatang.web import maps
from hatang.web.render import Lang, figure_json, html, render
from hatang.web.routes.common import ProvinceQuery, snap, state

router = APIRouter()

IndicatorQuery = Annotated[
    str,
    Query(
        max_length=100,
        description="indicator id the communes are coloured by (default: the first computed "
        "of population_4g_modelled, villages_mobile_broadband, mobile_broadband_per_100); "
        "an unknown id is ignored",
    ),
]


OperatorQuery = Annotated[
    str,
    Query(
        max_length=40,
        description="with an indicator counted per operator (the register's), colour by "
        "that operator's values (e.g. viettel); empty: all operators",
    ),
]


ScenarioQuery = Annotated[
    str,
    Query(
        max_length=200,
        description="the planner scenario whose proposed sites are shown (default: the newest "
        "stored; 'none' shows none); an unknown name shows the newest",
    ),
]


@router.get("/map", response_class=HTMLResponse)
def map_page(
    request: Request,
    lang: Lang,
    indicator: IndicatorQuery = "",
    scenario: ScenarioQuery = "",
    province: ProvinceQuery = None,
    operator: OperatorQuery = "",
) -> HTMLResponse:
    from hatang.web import picker

    s = snap(request, province)
    ws = state(request).ws
    indicator = picker.choose(indicator, operator)

    def build() -> str:
        names = maps.indicator_names(lang)
        t = lambda k: i18n.t(k, lang)  # noqa: E731
        tiles = ws.settings.web.tile_url
        fig = maps.map_figure(s, indicator or None, t, tiles, names, scenario or None)
        ctx = {
            "figure_json": figure_json({"data": fig["data"], "layout": fig["layout"]}, lang),
            "names": names,
            "picker": picker.picker(fig["choices"], fig["indicator"]),
            "operator_names": {code: name for code, (name, _) in OPERATORS.items()},
            **{k: fig[k] for k in MAP_FACTS},
        }
        return render(request, "map.html", ctx, lang)

    return html(request, s.memo(("page", "map", indicator, scenario, lang), build), lang)


#: what the map page says around the figure
MAP_FACTS = ("indicator", "choices", "coverage", "modelled", "scenarios", "scenario", "approximate")


@router.get("/coverage.png", include_in_schema=False)
def coverage_png(request: Request) -> Response:
    found = snap(request).coverage_image()
    if found is None:
        raise HTTPException(404, "coverage not computed yet / chưa tính vùng phủ (hatang coverage)")
    return FileResponse(found[0], media_type="image/png")
