"""What the pages show, computed from a snapshot's frames: pure functions, no HTTP.

Key figures, the map's layers (a plotly figure drawn with MapLibre on a blank
background — no tile server), sparklines, and the scorecard (from the indicator
engine when it is installed, else "not computed yet").
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from hatang.model.operators import OPERATORS
from hatang.publish import derive, geojson
from hatang.views.overview import latest, modelled

#: the indicator the map shows first, the first one computed
MAP_DEFAULTS = ("population_4g_modelled", "villages_mobile_broadband", "mobile_broadband_per_100")

OPERATOR_COLOURS = {
    "viettel": "#d62728",
    "vnpt": "#1f77b4",
    "mobifone": "#2ca02c",
    "vietnamobile": "#ff7f0e",
    "gmobile": "#9467bd",
}


def sparkline(trend: Any, width: int = 110, height: int = 28) -> str:
    """An inline SVG polyline of [[period, value], ...] (empty string when < 2 points)."""
    pts = [(str(p), float(v)) for p, v in (trend or []) if v is not None and not _nan(v)]
    if len(pts) < 2:
        return ""
    vals = [v for _, v in pts]
    lo, hi = min(vals), max(vals)
    span = (hi - lo) or 1.0
    xy = []
    for i, (_, v) in enumerate(pts):
        x = 2 + i * (width - 4) / (len(pts) - 1)
        y = height - 2 - (v - lo) / span * (height - 4)
        xy.append(f"{x:.1f},{y:.1f}")
    title = " · ".join(f"{p}: {v:.4g}" for p, v in pts)
    return (
        f'<svg class="spark" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img">'
        f'<title>{title}</title><polyline fill="none" stroke="currentColor" stroke-width="1.6" '
        f'points="{" ".join(xy)}"/></svg>'
    )


def _nan(v: Any) -> bool:
    try:
        return math.isnan(float(v))
    except (TypeError, ValueError):
        return True


def scorecard(ws: Any, province: str | None = None, **kw: Any) -> tuple[pd.DataFrame | None, str]:
    """(scorecard frame, "") or (None, reason) when its values are missing."""
    from hatang.errors import HatangError
    from hatang.indicators import scorecard as engine_scorecard

    kw["refresh"] = False  # pages only read: recomputing is `hatang compute` / POST /api/compute
    try:
        frame = engine_scorecard(ws, **kw)
    except HatangError as e:
        if kw.get("unit") or province is None:
            return None, str(e)
        # the plan's scope is not in this workspace (e.g. another province): its own province
        try:
            frame = engine_scorecard(ws, unit=province, **kw)
        except HatangError:
            return None, str(e)
    if frame is None or len(frame) == 0:
        return None, "empty"
    return frame, ""


def refresh_indicators(ws: Any) -> bool:
    """Run the indicator engine's incremental compute (True: it ran)."""
    from hatang.indicators import compute_workspace

    compute_workspace(ws)
    return True


def indicator_names(lang: str) -> dict[str, str]:
    """Indicator id → its name in `lang`, from the engine's catalogue."""
    from hatang.indicators import load_catalogue

    try:
        cat = load_catalogue()
    except Exception:  # a broken catalogue must not take the map down
        return {}
    return {k: (v.name_en if lang == "en" else v.name_vi) for k, v in cat.items()}


def indicator_choices(iv: pd.DataFrame, current_map: str) -> list[str]:
    if iv.empty:
        return []
    sub = iv[
        (iv["level"] == "commune") & (iv["map"].astype(str) == current_map) & iv["value"].notna()
    ]
    return sorted(sub["indicator"].unique().tolist())


def commune_values(
    iv: pd.DataFrame, indicator: str, current_map: str
) -> tuple[pd.Series, str | None]:
    sub = iv[
        (iv["indicator"] == indicator)
        & (iv["level"] == "commune")
        & (iv["map"].astype(str) == current_map)
        & iv["value"].notna()
    ]
    p = latest(sub)
    if p is None:
        return pd.Series(dtype=float), None
    sub = sub[sub["period"] == p]
    return sub.set_index("unit_code")["value"].astype(float), p


def communes_geojson(communes: pd.DataFrame) -> dict[str, Any]:
    """The communes that have a shape, each Feature's id its code (what plotly matches)."""
    shaped = communes[[isinstance(w, str) and bool(w) for w in communes["geometry"]]]
    ids = pd.DataFrame({"code": shaped["code"].astype(str).to_numpy()})
    doc = geojson.feature_collection(ids, geometry=shaped["geometry"].tolist(), id_column="code")
    for feature in doc["features"]:
        feature["properties"] = {}
    return doc


def map_figure(
    snap: Any,
    indicator: str | None,
    t: Any,
    tile_url: str = "",
    names: dict[str, str] | None = None,
) -> dict[str, Any]:
    """The map as a plotly figure dict: traces and layout (plotly.js draws it)."""
    f = snap.frames
    units = f["units"]
    cmap = snap.ctx.current_map
    communes = units[(units["level"] == "commune") & (units["map"].astype(str) == cmap)]
    data: list[dict[str, Any]] = []
    iv = f["indicator_values"]
    choices = indicator_choices(iv, cmap)
    if indicator not in choices:
        preferred = [c for c in MAP_DEFAULTS if c in choices]
        indicator = (preferred or choices or [None])[0]
    if indicator:
        values, period = commune_values(iv, indicator, cmap)
        label = (names or {}).get(indicator, indicator)
        z_title = f"{label[:40]}{'…' if len(label) > 40 else ''} ({period})"
    else:
        area = pd.to_numeric(communes["area_km2"], errors="coerce").replace(0, np.nan)
        values = pd.Series(
            (pd.to_numeric(communes["population"], errors="coerce") / area).to_numpy(),
            index=communes["code"],
        )
        z_title = t("population") + " / km²"
    gj = communes_geojson(communes)
    with_geom = {ft["id"] for ft in gj["features"]}
    c = communes[communes["code"].astype(str).isin(with_geom)]
    z = [
        None if _nan(values.get(code)) else round(float(values.get(code)), 3) for code in c["code"]
    ]
    data.append(
        {
            "type": "choroplethmap",
            "name": t("communes"),
            "geojson": gj,
            "locations": c["code"].astype(str).tolist(),
            "featureidkey": "id",
            "z": z,
            "text": c["name"].tolist(),
            "customdata": c["code"].astype(str).tolist(),
            "hovertemplate": "%{text}<br>%{z}<extra></extra>",
            "colorscale": "YlGnBu",
            "marker": {"opacity": 0.6, "line": {"width": 0.6, "color": "#555"}},
            "colorbar": {"title": {"text": z_title}, "thickness": 12},
            "meta": "communes",
        }
    )
    # modelled dead spots: polygons drawn as a fill layer
    layers: list[dict[str, Any]] = []
    mds = modelled(f)
    if mds is not None and len(mds):
        geom_col = next((col for col in mds.columns if "geometry" in col or "wkt" in col), None)
        if geom_col:
            shapes = mds[geom_col].dropna().tolist()
            gj = geojson.feature_collection(pd.DataFrame(index=range(len(shapes))), geometry=shapes)
            layers.append(
                {
                    "sourcetype": "geojson",
                    "source": gj,
                    "type": "fill",
                    "color": "#d95f02",
                    "opacity": 0.45,
                    "below": "",
                }
            )
    cov = snap.coverage_image()
    if cov is not None:
        layers.insert(
            0,
            {
                "sourcetype": "image",
                "source": "/coverage.png",
                "coordinates": cov[1],
                "opacity": 0.5,
                "below": "traces",
            },
        )
    # sites by operator, shared sites marked
    sites = snap.table(snap.dataset("sites"))
    p = latest(sites)
    s = sites[sites["period"] == p] if p else sites.iloc[0:0]
    shared = s[s["shared"].fillna(False).astype(bool)]
    if len(shared):
        data.append(
            {
                "type": "scattermap",
                "mode": "markers",
                "name": f"{t('shared_site')} ({len(shared)})",
                "lon": shared["lon"].tolist(),
                "lat": shared["lat"].tolist(),
                "marker": {"size": 10, "color": "#222", "opacity": 0.55},
                "text": shared["site_id"].tolist(),
                "hovertemplate": "%{text} — " + t("shared_site") + "<extra></extra>",
                "meta": "shared-sites",
            }
        )
    ops = s.assign(op=s["operators"].fillna("").str.split(";")).explode("op")
    for op, g in ops[ops["op"] != ""].groupby("op"):
        data.append(
            {
                "type": "scattermap",
                "mode": "markers",
                "name": f"{OPERATORS.get(str(op), (str(op),))[0]} ({len(g)})",
                "lon": g["lon"].tolist(),
                "lat": g["lat"].tolist(),
                "marker": {"size": 6, "color": OPERATOR_COLOURS.get(str(op), "#666")},
                "text": (g["site_id"] + " · " + g["operators"]).tolist(),
                "hovertemplate": "%{text}<extra></extra>",
                "meta": f"sites-{op}",
            }
        )
    # villages without mobile / fixed broadband (latest period)
    vs = snap.table(snap.dataset("village-services"))
    pv = latest(vs)
    v = vs[vs["period"] == pv] if pv else vs.iloc[0:0]
    for col, label, colour in (
        ("mobile_broadband", t("mobile_bb"), "#e7298a"),
        ("fixed_broadband", t("fixed_bb"), "#a6761d"),
    ):
        miss = v[~v[col].fillna(False).astype(bool) & v["lon"].notna()]
        data.append(
            {
                "type": "scattermap",
                "mode": "markers",
                "name": f"{t('villages_without')}: {label} ({len(miss)})",
                "lon": miss["lon"].tolist(),
                "lat": miss["lat"].tolist(),
                "marker": {"size": 8, "color": colour, "opacity": 0.9},
                "text": miss["village_name"].fillna("").tolist(),
                "hovertemplate": "%{text}<extra></extra>",
                "meta": f"villages-no-{col}",
                "visible": True,
            }
        )
    # reported open dead spots sized by the population of their village
    d = snap.table(snap.dataset("dead-spots"))
    d = d[d["status"] == "open"]
    pop = pd.to_numeric(d["village_population"], errors="coerce").fillna(0).to_numpy(float)
    size = (
        (6 + 14 * np.sqrt(pop / pop.max())).round(1).tolist() if len(pop) and pop.max() > 0 else 8
    )
    data.append(
        {
            "type": "scattermap",
            "mode": "markers",
            "name": f"{t('dead_spots_reported')} ({len(d)})",
            "lon": d["lon"].tolist(),
            "lat": d["lat"].tolist(),
            "marker": {"size": size, "color": "#7b3294", "opacity": 0.7},
            "text": (d["dead_spot_id"].astype(str) + " · " + d["village_name"].fillna("")).tolist(),
            "customdata": d["village_population"].astype("Float64").fillna(0).tolist(),
            "hovertemplate": "%{text}<br>" + t("population") + ": %{customdata}<extra></extra>",
            "meta": "dead-spots",
        }
    )
    data += proposed_sites_traces(f, t)
    lon = pd.to_numeric(communes["lon"], errors="coerce")
    lat = pd.to_numeric(communes["lat"], errors="coerce")
    centre = {
        "lon": float(lon.mean()) if lon.notna().any() else 106.0,
        "lat": float(lat.mean()) if lat.notna().any() else 20.0,
    }
    span = max(
        float(lon.max() - lon.min()) if lon.notna().any() else 1.0,
        float(lat.max() - lat.min()) if lat.notna().any() else 1.0,
        0.02,
    )
    # MapLibre: 512 px of world at zoom 0; fit the province in about 600 px
    zoom = max(5.0, min(14.0, math.log2(360 * 480 / (512 * span))))
    style: Any = "white-bg"
    if tile_url:
        style = {
            "version": 8,
            "sources": {"tiles": {"type": "raster", "tiles": [tile_url], "tileSize": 256}},
            "layers": [{"id": "tiles", "type": "raster", "source": "tiles"}],
        }
    layout = {
        "map": {"style": style, "center": centre, "zoom": round(zoom, 2), "layers": layers},
        "margin": {"l": 0, "r": 0, "t": 0, "b": 0},
        "legend": {"bgcolor": "rgba(255,255,255,0.85)", "x": 0, "y": 1},
        "uirevision": "keep",
    }
    return {
        "data": data,
        "layout": layout,
        "indicator": indicator,
        "choices": choices,
        "coverage": cov is not None,
        "modelled": any(layer["sourcetype"] == "geojson" for layer in layers),
    }


def proposed_sites_traces(f: dict[str, pd.DataFrame], t: Any) -> list[dict[str, Any]]:
    acts = f.get("scenario_actions")
    if acts is None or acts.empty or not {"lon", "lat"} <= set(acts.columns):
        return []
    label = (
        acts["scenario"].astype(str) if "scenario" in acts.columns else pd.Series([""] * len(acts))
    )
    return [
        {
            "type": "scattermap",
            "mode": "markers",
            "name": f"{t('proposed_sites')} ({len(acts)})",
            "lon": acts["lon"].tolist(),
            "lat": acts["lat"].tolist(),
            "marker": {"size": 10, "color": "#00a6a6"},
            "text": label.tolist(),
            "hovertemplate": "%{text}<extra></extra>",
            "meta": "proposed-sites",
        }
    ]


def commune_of_points(lon: pd.Series, lat: pd.Series, communes: pd.DataFrame) -> np.ndarray:
    return derive.assign_communes(
        pd.to_numeric(lon).to_numpy(float), pd.to_numeric(lat).to_numpy(float), communes
    )


def filter_sort(
    frame: pd.DataFrame,
    *,
    q: str = "",
    filters: dict[str, str] | None = None,
    sort: str = "",
    desc: bool = False,
) -> pd.DataFrame:
    """Filter and sort in pandas; names not among the frame's columns are ignored."""
    out = frame
    for col, val in (filters or {}).items():
        if col in out.columns and val:
            out = out[out[col].astype(str).str.lower() == val.lower()]
    if q:
        needle = q.lower()[:200]
        cells = out.astype(object).where(out.notna(), "").astype(str)  # missing: no text
        text = cells.agg(" ".join, axis=1).str.lower()
        out = out[text.str.contains(needle, regex=False)]
    if sort in out.columns:
        out = out.sort_values(sort, ascending=not desc, na_position="last", kind="stable")
    return out
