"""The planner's scenarios: the list and comparison (/scenarios?compare=a,b) and a
scenario's page (/scenario/{name}, `?format=csv|geojson` downloads its actions).

Every figure comes from `hatang.views.scenarios`, as `hatang scenarios show|compare`
prints it; the files are `planning.export`'s, as the CLI writes them.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

import pandas as pd
from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response

from hatang import i18n
from hatang.planning import export
from hatang.publish import geojson, spatial
from hatang.publish.render import FORMATS, records
from hatang.views import format as fmt_
from hatang.views import scenarios as vs
from hatang.views.overview import latest
from hatang.views.values import Value, missing
from hatang.web import gis, rows
from hatang.web import scenarios as scen
from hatang.web.render import Lang, figure_json, fmt, html, render, value
from hatang.web.routes.common import ProvinceQuery, keep_province, snap, state

router = APIRouter()

CompareQuery = Annotated[
    list[str],
    Query(
        description="scenarios to compare side by side: repeated or comma-separated names "
        f"(at most {scen.MAX_COMPARED})"
    ),
]
FileQuery = Annotated[
    str | None,
    Query(
        pattern="^(csv|xlsx|geojson|gpkg)$",
        description="download the ranked actions: csv, xlsx, geojson or gpkg (GeoPackage)",
    ),
]


def _not_found(name: str) -> HTTPException:
    shown = repr(name[:60])
    return HTTPException(404, f"no scenario named {shown} / không có kịch bản tên {shown}")


def _selected(asked: list[str], known: list[str]) -> list[str]:
    """Scenario names asked for in `compare` (repeated, or comma-separated); an unknown
    name is a 404, as its own page would be."""
    out: list[str] = []
    for v in asked:
        for p in [v] if v in known else [p.strip() for p in v.split(",")]:
            if p and p not in known:
                raise _not_found(p)
            if p and p not in out:
                out.append(p)
    return out


@router.get("/scenarios", response_class=HTMLResponse)
def scenarios_page(
    request: Request,
    lang: Lang,
    compare: CompareQuery = [],  # noqa: B006
    province: ProvinceQuery = None,
) -> HTMLResponse:
    s = snap(request, province)
    frame = scen.table(s.frames)
    chosen = _selected(compare, frame["name"].astype(str).tolist())
    capped = len(chosen) > scen.MAX_COMPARED
    chosen = chosen[: scen.MAX_COMPARED]

    def build() -> str:
        listed = records(frame)
        by_name = {str(r["name"]): r for r in listed}
        acts = [scen.stored_actions(s.frames, n) for n in chosen]
        compared = vs.comparison([by_name[n] for n in chosen], acts) if len(chosen) >= 2 else []
        ctx = {
            "rows": [_kept(rows.scenario_row(r, lang), s) for r in listed],
            "chosen": [(n, keep_province(rows.scenario_url(n), s)) for n in chosen],
            "compared": rows.compared(compared, lang),
            "capped": capped,
            "max_compared": scen.MAX_COMPARED,
        }
        return render(request, "scenarios.html", ctx, lang)

    if chosen:  # a comparison is cheap to build; only the plain list is kept
        return html(request, build(), lang)
    return html(request, s.memo(("page", "scenarios", lang), build), lang)


def _kept(row: dict[str, Any], s: Any) -> dict[str, Any]:
    return {**row, "url": keep_province(row["url"], s)}


def _communes(s: Any) -> pd.DataFrame:
    u = s.frames["units"]
    return u[(u["level"] == "commune") & (u["map"].astype(str) == s.ctx.current_map)]


def _download_name(name: str, ext: str) -> str:
    """An ASCII file name for Content-Disposition (a scenario's name may be Vietnamese)."""
    slug = re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("_") or "scenario"
    return f"scenario-{slug[:80]}.{ext}"


MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": FORMATS["xlsx"][1],
    "geojson": "application/geo+json",
    "gpkg": FORMATS["gpkg"][1],
}


def _download(s: Any, sc: dict[str, Any], acts: pd.DataFrame, kind: str) -> Response:
    """The ranked actions as the file `hatang scenarios show NAME --format KIND` writes."""
    name = str(sc["name"])
    synthetic = bool(sc.get("synthetic")) or bool(s.ws.synthetic)

    def build() -> bytes:
        if kind == "csv":
            return export.actions_csv(acts, sc)
        if kind == "xlsx":
            return export.actions_xlsx(acts, sc)
        if kind == "gpkg":
            layer = gis.scenario_layer(s, sc, keep_empty=True)
            return spatial.to_gpkg([layer] if layer is not None else [])
        return geojson.dumps(export.actions_geojson(acts, sc, synthetic))

    return Response(
        s.memo(("scenario_file", name, kind), build),
        media_type=MEDIA_TYPES[kind],
        headers={"Content-Disposition": f'attachment; filename="{_download_name(name, kind)}"'},
    )


@router.get("/scenario/{name:path}")
def scenario_page(
    request: Request,
    name: str,
    lang: Lang,
    format: FileQuery = None,
    province: ProvinceQuery = None,
) -> Response:
    """A scenario's page; `?format=csv|xlsx|geojson|gpkg` downloads its ranked actions."""
    s = snap(request, province)
    sc = scen.find(s.frames, name)
    if sc is None:
        raise _not_found(name)
    acts = s.memo(("scenario_actions", name), lambda: scen.actions(s.frames, name, _communes(s)))
    if format is not None:
        return _download(s, sc, acts, format)

    def build() -> str:
        return render(request, "scenario.html", _scenario_context(request, s, sc, acts, lang), lang)

    return html(request, s.memo(("page", "scenario", name, lang), build), lang)


def _scenario_context(
    request: Request, s: Any, sc: dict[str, Any], acts: pd.DataFrame, lang: str
) -> dict[str, Any]:
    def t(key: str) -> str:
        return i18n.t(key, lang)

    sites = s.table(s.dataset("sites"))
    period = sc.get("coverage_period") or latest(sites)
    sites = sites[sites["period"].astype(str) == str(period)] if len(sites) else sites
    fig = scen.figure(acts, _communes(s), sites, t, state(request).ws.settings.web.tile_url)
    run_line, note = vs.run_message(sc), vs.solver_note(sc)
    bound = vs.bound(sc)
    unit = bound.unit if bound.unit == "VND" else t(bound.unit)
    w = vs.weighting(sc)
    weighting = value(Value(w and w.value, "text", text=vs.weighting_words(w and w.value)), lang)
    url = keep_province(rows.scenario_url(str(sc["name"])), s)
    sep = "&" if "?" in url else "?"
    return {
        "sc": sc,
        "created": rows.created(sc),
        "problem": rows.problem(sc, lang),
        "operator": value(vs.operator(sc.get("operator")), lang),
        "totals": {k: value(v, lang) for k, v in vs.totals(sc, len(acts)).items()},
        "indicators": [(k, value(b, lang), value(a, lang)) for k, b, a in vs.before_after(sc)],
        "demand": fmt_.message(vs.demand(sc), lang),
        "run_line": fmt_.message(run_line, lang) if run_line else None,
        "status": value(vs.status(sc), lang),
        "status_class": rows.status_class(sc),
        "method": ("+" if lang == "en" else " + ").join(
            i18n.label("solver_step_", m, lang, underscored=True)
            for m in (sc.get("method") or "").split("+")
            if m
        )
        + (f" · {t('weighting')}: {weighting}" if w is not None and w.weighted else ""),
        "bound": "—" if missing(bound.value) else f"{value(bound, lang)} {unit}",
        "gap": value(Value(sc.get("gap"), "percent", digits=2), lang),
        "solve_time": value(Value(sc.get("solve_seconds"), "seconds"), lang),
        "candidates": fmt(sc.get("candidates"), lang=lang),
        "note": fmt_.message(note, lang) if note else "",
        "why": [fmt_.message(m, lang) for m in vs.cost_reasons(sc)],
        "rows": [rows.action_row(a, lang) for a in records(acts)],
        "figure_json": figure_json(fig, lang),
        "csv_url": f"{url}{sep}format=csv",
        "geojson_url": f"{url}{sep}format=geojson",
        "xlsx_url": f"{url}{sep}format=xlsx",
    }
