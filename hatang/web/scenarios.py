"""Planner scenarios as the pages show them: pure functions over a snapshot's frames.

Every figure is the stored one (tables `scenarios` and `scenario_actions`, written by
`hatang plan-sites`): nothing is re-planned or re-modelled for a page, so the page says
exactly what `hatang scenarios show` says (the figures and comparison themselves are
`hatang.views.scenarios`; the downloads `hatang.planning.export`). Here: the stored
rows as the pages read them, the commune of each action's location (polygon holding
it, else nearest centroid, as the CLI assigns it) and the small map.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from hatang.planning import export
from hatang.publish.render import records

#: the most scenarios compared side by side (wider tables do not read on a screen)
MAX_COMPARED = 8

#: action kinds in the order the map's legend lists them, with their colours
KIND_COLOURS = {"colocation": "#1b9e77", "other-sector": "#7570b3", "new-tower": "#d95f02"}

#: fields the pages read beyond COMPARE_FIELDS; every one may be missing in an older store
SUMMARY_FIELDS = (
    "name",
    "created_at",
    "problem",
    "budget_vnd",
    "cover_share",
    "sharing_target",
    "operator",
    "status",
    "gap",
    "cost_vnd",
    "people_new",
    "villages_covered_before",
    "villages_covered_after",
    "dead_spots_closed",
    "sharing_after",
)


def table(frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The stored scenarios, oldest first (as `hatang scenarios list` orders them)."""
    s = frames.get("scenarios")
    if s is None or s.empty:
        return pd.DataFrame(columns=list(SUMMARY_FIELDS))
    return s.sort_values(["created_at", "name"], kind="stable").reset_index(drop=True)


def find(frames: dict[str, pd.DataFrame], name: str) -> dict[str, Any] | None:
    """The scenario row named `name` as plain Python values, or None."""
    s = table(frames)
    hit = s[s["name"].astype(str) == name]
    return records(hit.head(1))[0] if len(hit) else None


def actions(frames: dict[str, pd.DataFrame], name: str, communes: pd.DataFrame) -> pd.DataFrame:
    """The scenario's ranked actions, each with the commune holding its location.

    `communes`: the current map's communes (code, name, lon, lat, geometry) — the same
    assignment `hatang scenarios show` makes (polygon, else nearest centroid).
    """
    a = frames.get("scenario_actions")
    if a is None or a.empty:
        return pd.DataFrame(columns=["rank", "lon", "lat", "commune_code", "commune_name"])
    a = a[a["scenario"].astype(str) == name].sort_values("rank", kind="stable")
    return export.with_communes(a, communes)


def stored_actions(frames: dict[str, pd.DataFrame], name: str) -> pd.DataFrame:
    """The stored action rows of scenario `name` (no commune added)."""
    a = frames.get("scenario_actions")
    return a[a["scenario"].astype(str) == name] if a is not None and len(a) else pd.DataFrame()


# ---- the small map --------------------------------------------------------------------


def figure(
    a: pd.DataFrame,
    communes: pd.DataFrame,
    sites: pd.DataFrame,
    t: Any,
    tile_url: str = "",
) -> dict[str, Any]:
    """The actions on a small plotly map (communes outlined, today's sites in grey), drawn
    by the map page's script with plotly.js served locally; no tile server unless set."""
    from hatang.web.maps import communes_geojson, extent, layout, style

    data: list[dict[str, Any]] = []
    if len(sites):
        data.append(
            {
                "type": "scattermap",
                "mode": "markers",
                "name": f"{t('sites')} ({len(sites)})",
                "lon": sites["lon"].tolist(),
                "lat": sites["lat"].tolist(),
                "marker": {"size": 5, "color": "#8a949e", "opacity": 0.6},
                "text": sites["site_id"].astype(str).tolist(),
                "hovertemplate": "%{text}<extra></extra>",
                "meta": "sites",
            }
        )
    for kind, colour in KIND_COLOURS.items():
        g = a[a["kind"].astype(str) == kind] if len(a) else a
        if not len(g):
            continue
        text = [
            f"#{r['rank']} {t('kind_' + kind.replace('-', '_'))} · {r.get('commune_name') or ''}"
            for r in records(g)
        ]
        data.append(
            {
                "type": "scattermap",
                # markers only: map text needs glyph fonts MapLibre would fetch from the web
                "mode": "markers",
                "name": f"{t('kind_' + kind.replace('-', '_'))} ({len(g)})",
                "lon": g["lon"].tolist(),
                "lat": g["lat"].tolist(),
                "marker": {"size": 12, "color": colour, "opacity": 0.9},
                "text": text,
                "hovertemplate": "%{text}<extra></extra>",
                "meta": f"actions-{kind}",
            }
        )
    pts_lon = pd.concat([pd.to_numeric(communes["lon"], errors="coerce")], ignore_index=True)
    pts_lat = pd.concat([pd.to_numeric(communes["lat"], errors="coerce")], ignore_index=True)
    if len(a):
        pts_lon = pd.concat([pts_lon, pd.to_numeric(a["lon"], errors="coerce")], ignore_index=True)
        pts_lat = pd.concat([pts_lat, pd.to_numeric(a["lat"], errors="coerce")], ignore_index=True)
    centre, zoom = _view(pts_lon.dropna(), pts_lat.dropna())
    layers = []
    if "geometry" in communes.columns and communes["geometry"].notna().any():
        outline = {"type": "line", "color": "#6b7785", "line": {"width": 0.7}, "below": "traces"}
        layers.append({"sourcetype": "geojson", "source": communes_geojson(communes), **outline})
    map_ = {"style": style(tile_url), "center": centre, "zoom": zoom, "layers": layers}
    # the frame fits every commune's shape and every action (map.js fits it on load)
    fitted = {"bounds": extent(communes, pts_lon, pts_lat)}
    return {"data": data, "layout": {**layout(map_), "meta": fitted}}


def _view(lon: pd.Series, lat: pd.Series) -> tuple[dict[str, float], float]:
    """Centre and zoom fitting the points in about 450 px (as the map page fits its province)."""
    if not len(lon) or not len(lat):
        return {"lon": 106.0, "lat": 20.0}, 8.0
    centre = {
        "lon": float((lon.min() + lon.max()) / 2),
        "lat": float((lat.min() + lat.max()) / 2),
    }
    span = max(float(lon.max() - lon.min()), float(lat.max() - lat.min()), 0.02)
    return centre, round(max(5.0, min(14.0, math.log2(360 * 450 / (512 * span)))), 2)
