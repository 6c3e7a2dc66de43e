"""The dashboard's maps as plotly figure dicts, drawn by plotly.js with MapLibre on a
blank background (no tile server unless `[web] tile_url` is set).

The main map (/map): communes coloured by an indicator, the coverage image and the
modelled dead spots as layers, sites by operator, villages without broadband, reported
dead spots and proposed sites. Pure functions over a snapshot's frames and tables.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from hatang.model.operators import OPERATORS
from hatang.model.services import mobile_broadband
from hatang.publish import geojson
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
Text = Callable[[str], str]
Trace = dict[str, Any]


def _nan(v: Any) -> bool:
    try:
        return math.isnan(float(v))
    except (TypeError, ValueError):
        return True


def indicator_names(lang: str) -> dict[str, str]:
    """Indicator id → its name in `lang` (the catalogue's)."""
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


def style(tile_url: str = "") -> Any:
    """A blank background, or the configured raster tiles."""
    if not tile_url:
        return "white-bg"
    return {
        "version": 8,
        "sources": {"tiles": {"type": "raster", "tiles": [tile_url], "tileSize": 256}},
        "layers": [{"id": "tiles", "type": "raster", "source": "tiles"}],
    }


def layout(map_: dict[str, Any]) -> dict[str, Any]:
    return {
        "map": map_,
        "margin": {"l": 0, "r": 0, "t": 0, "b": 0},
        "legend": {"bgcolor": "rgba(255,255,255,0.85)", "x": 0, "y": 1},
        "uirevision": "keep",
    }


def _pick(indicator: str | None, choices: list[str]) -> str | None:
    if indicator in choices:
        return indicator
    preferred = [c for c in MAP_DEFAULTS if c in choices]
    return (preferred or choices or [None])[0]


def _commune_values(
    snap: Any, communes: pd.DataFrame, indicator: str | None, t: Text, names: dict[str, str]
) -> tuple[pd.Series, str]:
    """The value of each commune and the colour bar's title: the indicator's latest
    period, else people per km²."""
    if indicator:
        values, period = commune_values(
            snap.frames["indicator_values"], indicator, snap.ctx.current_map
        )
        label = names.get(indicator, indicator)
        return values, f"{label[:40]}{'…' if len(label) > 40 else ''} ({period})"
    area = pd.to_numeric(communes["area_km2"], errors="coerce").replace(0, np.nan)
    people = pd.to_numeric(communes["population"], errors="coerce")
    return pd.Series((people / area).to_numpy(), index=communes["code"]), t("population") + " / km²"


def _communes_trace(communes: pd.DataFrame, values: pd.Series, title: str, t: Text) -> Trace:
    gj = communes_geojson(communes)
    with_geom = {ft["id"] for ft in gj["features"]}
    c = communes[communes["code"].astype(str).isin(with_geom)]
    z = [
        None if _nan(values.get(code)) else round(float(values.get(code)), 3) for code in c["code"]
    ]
    return {
        "type": "choroplethmap",
        "name": t("communes"),
        "geojson": gj,
        "locations": c["code"].astype(str).tolist(),
        "featureidkey": "id",
        "z": z,
        "text": c["name"].tolist(),
        "customdata": c["code"].astype(str).tolist(),
        # d3 formats: the layout's separators write them in the page's language
        "hovertemplate": "%{text}<br>%{z:,.2~f}<extra></extra>",
        "colorscale": "YlGnBu",
        "marker": {"opacity": 0.6, "line": {"width": 0.6, "color": "#555"}},
        "colorbar": {"title": {"text": title}, "thickness": 12},
        "meta": "communes",
    }


def _layers(snap: Any) -> list[dict[str, Any]]:
    """The coverage image (when computed) under the traces, and the modelled dead spots
    of the current run as a fill layer."""
    layers: list[dict[str, Any]] = []
    cov = snap.coverage_image()
    if cov is not None:
        image = {"sourcetype": "image", "source": "/coverage.png", "coordinates": cov[1]}
        layers.append({**image, "opacity": 0.5, "below": "traces"})
    mds = modelled(snap.frames)
    geom_col = None
    if mds is not None and len(mds):
        geom_col = next((col for col in mds.columns if "geometry" in col or "wkt" in col), None)
    if geom_col:
        shapes = mds[geom_col].dropna().tolist()
        gj = geojson.feature_collection(pd.DataFrame(index=range(len(shapes))), geometry=shapes)
        fill = {"type": "fill", "color": "#d95f02", "opacity": 0.45, "below": ""}
        layers.append({"sourcetype": "geojson", "source": gj, **fill})
    return layers


def _markers(
    name: str,
    points: pd.DataFrame,
    marker: dict[str, Any],
    text: list[Any],
    meta: str,
    hover: str = "%{text}<extra></extra>",
) -> Trace:
    return {
        "type": "scattermap",
        "mode": "markers",
        "name": name,
        "lon": points["lon"].tolist(),
        "lat": points["lat"].tolist(),
        "marker": marker,
        "text": text,
        "hovertemplate": hover,
        "meta": meta,
    }


def _site_traces(sites: pd.DataFrame, t: Text) -> list[Trace]:
    """The latest register's shared sites, then the sites of each operator."""
    p = latest(sites)
    s = sites[sites["period"] == p] if p else sites.iloc[0:0]
    shared = s[s["shared"].fillna(False).astype(bool)]
    out = []
    if len(shared):
        hover = "%{text} — " + t("shared_site") + "<extra></extra>"
        marker = {"size": 10, "color": "#222", "opacity": 0.55}
        name = f"{t('shared_site')} ({len(shared)})"
        out.append(
            _markers(name, shared, marker, shared["site_id"].tolist(), "shared-sites", hover)
        )
    ops = s.assign(op=s["operators"].fillna("").str.split(";")).explode("op")
    for op, g in ops[ops["op"] != ""].groupby("op"):
        name = f"{OPERATORS.get(str(op), (str(op),))[0]} ({len(g)})"
        marker = {"size": 6, "color": OPERATOR_COLOURS.get(str(op), "#666")}
        text = (g["site_id"] + " · " + g["operators"]).tolist()
        out.append(_markers(name, g, marker, text, f"sites-{op}"))
    return out


def _village_traces(vs: pd.DataFrame, t: Text) -> list[Trace]:
    """Villages without mobile, then without fixed broadband (latest survey)."""
    pv = latest(vs)
    v = vs[vs["period"] == pv] if pv else vs.iloc[0:0]
    out = []
    for col, label, colour in (
        ("mobile_broadband", t("mobile_bb"), "#e7298a"),
        ("fixed_broadband", t("fixed_bb"), "#a6761d"),
    ):
        has = mobile_broadband(v) if col == "mobile_broadband" else v[col]  # 3G/4G/5G
        miss = v[~has.fillna(False).astype(bool).to_numpy() & v["lon"].notna().to_numpy()]
        name = f"{t('villages_without')}: {label} ({len(miss)})"
        marker = {"size": 8, "color": colour, "opacity": 0.9}
        text = miss["village_name"].fillna("").tolist()
        out.append({**_markers(name, miss, marker, text, f"villages-no-{col}"), "visible": True})
    return out


def _reported_trace(d: pd.DataFrame, t: Text) -> Trace:
    """Open reported dead spots, sized by the people of their village."""
    d = d[d["status"] == "open"]
    pop = pd.to_numeric(d["village_population"], errors="coerce").fillna(0).to_numpy(float)
    big = len(pop) and pop.max() > 0
    size = (6 + 14 * np.sqrt(pop / pop.max())).round(1).tolist() if big else 8
    text = (d["dead_spot_id"].astype(str) + " · " + d["village_name"].fillna("")).tolist()
    hover = "%{text}<br>" + t("population") + ": %{customdata:,.0f}<extra></extra>"
    marker = {"size": size, "color": "#7b3294", "opacity": 0.7}
    return {
        "type": "scattermap",
        "mode": "markers",
        "name": f"{t('dead_spots_reported')} ({len(d)})",
        "lon": d["lon"].tolist(),
        "lat": d["lat"].tolist(),
        "marker": marker,
        "text": text,
        "customdata": d["village_population"].astype("Float64").fillna(0).tolist(),
        "hovertemplate": hover,
        "meta": "dead-spots",
    }


def scenario_names(f: dict[str, pd.DataFrame]) -> list[str]:
    """The stored scenarios, the newest first (the map shows one at a time), then any
    other scenario that has actions."""
    sc = f.get("scenarios")
    names: list[str] = []
    if sc is not None and not sc.empty:
        if "created_at" in sc.columns:
            sc = sc.sort_values(["created_at", "name"], ascending=False, kind="stable")
        names = sc["name"].astype(str).tolist()
    acts = f.get("scenario_actions")
    if acts is not None and not acts.empty and "scenario" in acts.columns:
        names += sorted(set(acts["scenario"].astype(str)) - set(names))
    return names


def pick_scenario(chosen: str | None, names: list[str]) -> str | None:
    """The scenario asked for, else the newest; 'none' (or no scenario) shows none."""
    if chosen == "none" or not names:
        return None
    return chosen if chosen in names else names[0]


def proposed_sites_traces(f: dict[str, pd.DataFrame], t: Text, scenario: str | None) -> list[Trace]:
    """The actions of one scenario (never all scenarios pooled: each is an alternative)."""
    acts = f.get("scenario_actions")
    if scenario is None or acts is None or acts.empty or not {"lon", "lat"} <= set(acts.columns):
        return []
    acts = acts[acts["scenario"].astype(str) == scenario]
    kinds = acts["kind"].astype(str) if "kind" in acts.columns else pd.Series([""] * len(acts))
    text = [f"{scenario} · {_kind(k, t)}" for k in kinds]
    marker = {"size": 10, "color": "#00a6a6"}
    name = f"{t('proposed_sites')}: {scenario} ({len(acts)})"
    return [_markers(name, acts, marker, text, "proposed-sites")]


def _kind(kind: str, t: Text) -> str:
    """An action's kind in words ('new-site' → 'trạm mới'), as the scenario page writes it."""
    from hatang import i18n

    key = "kind_" + kind.replace("-", "_")
    return t(key) if i18n.has(key) else kind


def approximate_shapes(communes: pd.DataFrame) -> bool:
    """True when a commune's shape is made up (the demo's Voronoi cells), not surveyed."""
    if "geometry_source" not in communes.columns:
        return False
    src = communes["geometry_source"].dropna().astype(str).str.lower()
    return bool((src.str.contains("voronoi") | src.str.startswith("synthetic")).any())


def extent(communes: pd.DataFrame, lon: Any = (), lat: Any = ()) -> list[float] | None:
    """[west, south, east, north] of the communes' shapes (centroids where a commune has
    none) and any other points: what the map fits itself to."""
    import shapely

    wkts = [
        g for g in communes.get("geometry", pd.Series(dtype=object)) if isinstance(g, str) and g
    ]
    boxes = shapely.bounds(shapely.from_wkt(wkts)) if wkts else np.empty((0, 4))
    xs = np.concatenate([boxes[:, 0], boxes[:, 2], _numbers(communes.get("lon")), _numbers(lon)])
    ys = np.concatenate([boxes[:, 1], boxes[:, 3], _numbers(communes.get("lat")), _numbers(lat)])
    xs, ys = xs[np.isfinite(xs)], ys[np.isfinite(ys)]
    if not len(xs) or not len(ys):
        return None
    return [round(float(v), 6) for v in (xs.min(), ys.min(), xs.max(), ys.max())]


def _numbers(v: Any) -> np.ndarray:
    if v is None:
        return np.empty(0)
    return pd.to_numeric(pd.Series(list(v), dtype=object), errors="coerce").to_numpy(float)


def labels(communes: pd.DataFrame) -> list[list[Any]]:
    """[name, lon, lat] of each commune with a centroid: the map writes them as labels."""
    lon = pd.to_numeric(communes["lon"], errors="coerce")
    lat = pd.to_numeric(communes["lat"], errors="coerce")
    ok = lon.notna() & lat.notna()
    return [
        [str(n), round(float(x), 6), round(float(y), 6)]
        for n, x, y in zip(communes["name"][ok], lon[ok], lat[ok], strict=True)
    ]


def _province_view(communes: pd.DataFrame) -> tuple[dict[str, float], float]:
    """Centre (mean of the commune centroids) and zoom fitting the province in ~600 px."""
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
    return centre, round(max(5.0, min(14.0, math.log2(360 * 480 / (512 * span)))), 2)


def map_figure(
    snap: Any,
    indicator: str | None,
    t: Text,
    tile_url: str = "",
    names: dict[str, str] | None = None,
    scenario: str | None = None,
) -> dict[str, Any]:
    """The map as a plotly figure dict: traces and layout (plotly.js draws it)."""
    units = snap.frames["units"]
    communes = units[
        (units["level"] == "commune") & (units["map"].astype(str) == snap.ctx.current_map)
    ]
    choices = indicator_choices(snap.frames["indicator_values"], snap.ctx.current_map)
    indicator = _pick(indicator, choices)
    values, title = _commune_values(snap, communes, indicator, t, names or {})
    data = [_communes_trace(communes, values, title, t)]
    data += _site_traces(snap.table(snap.dataset("sites")), t)
    data += _village_traces(snap.table(snap.dataset("village-services")), t)
    data += [_reported_trace(snap.table(snap.dataset("dead-spots")), t)]
    scenarios = scenario_names(snap.frames)
    shown = pick_scenario(scenario, scenarios)
    data += proposed_sites_traces(snap.frames, t, shown)
    layers = _layers(snap)
    centre, zoom = _province_view(communes)
    map_ = {"style": style(tile_url), "center": centre, "zoom": zoom, "layers": layers}
    fitted = {"bounds": extent(communes), "labels": labels(communes)}
    return {
        "data": data,
        "layout": {**layout(map_), "meta": fitted},
        "indicator": indicator,
        "choices": choices,
        "scenarios": scenarios,
        "scenario": shown,
        "approximate": approximate_shapes(communes),
        "coverage": any(layer["sourcetype"] == "image" for layer in layers),
        "modelled": any(layer["sourcetype"] == "geojson" for layer in layers),
    }
