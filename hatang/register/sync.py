"""`hatang register sync`, pure: which cases to open and which to bring up to date, from
the imported reported list and the current coverage run's modelled dead spots.

1. Every reported dead spot still open (`dead_spots` without `resolved_on`) that no
   case has come from yet (`source = operator-report`, `source_ref = dead_spot_id`)
   opens a case.
2. Every modelled dead spot of the run's own scope (`any`: no operator covers it) that
   lies inside or within `match_m` (500 m) of no case still open (any state but
   `closed`; the reports of step 1 included) opens a case with its outline and people
   (`source = model`, `source_ref = RUN_ID/DEAD_SPOT_ID`). A modelled dead spot a case
   already came from is never opened again, so running sync twice opens nothing new.
3. Every case still open gets its people affected from the run (places.py); where
   they, or the modelled dead spot it matches, changed, an `update` step records it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import shapely

from hatang.register.places import case_shapes, nearest_within, project, village_people


@dataclass(frozen=True)
class Geometry:
    """Distances and radii of the register (settings) and the projected CRS."""

    crs: str = "EPSG:32648"
    match_m: float = 500.0
    area_radius_m: float = 500.0
    village_radius_m: float = 300.0


@dataclass
class Plan:
    #: inputs of `open` steps (reported cases first, then modelled ones)
    opened: list[dict[str, Any]] = field(default_factory=list)
    #: (case_id, changes) of `update` steps
    updates: list[tuple[str, dict[str, Any]]] = field(default_factory=list)


def affected(
    cases: pd.DataFrame,
    run_id: str | None,
    spots: pd.DataFrame,
    villages: pd.DataFrame,
    g: Geometry,
) -> pd.DataFrame:
    """people_affected, people_source and modelled_ref of each case (same index).

    cases: lon, lat, geometry (WKT or empty), village_code, operators; spots: the run's
    modelled dead spots (scope, dead_spot_id, geometry WKT, population)."""
    rows = cases.to_dict("records")
    scopes = _outlines(spots, g) if run_id is not None and len(spots) else {}
    found = [_from_model(r, run_id, spots, scopes, g) for r in rows]
    by_code = {str(v["code"]): v for v in villages.to_dict("records")}
    out = []
    for r, hit in zip(rows, found, strict=True):
        if hit[1] is not None:
            out.append(hit)
            continue
        village = by_code.get(str(r.get("village_code")))
        people = village_people(
            float(r["lon"]), float(r["lat"]), village, g.crs, g.area_radius_m, g.village_radius_m
        )
        out.append((people, "village" if people is not None else None, None))
    return pd.DataFrame(
        out,
        index=cases.index,
        columns=["people_affected", "people_source", "modelled_ref"],
        dtype=object,
    )


def _outlines(spots: pd.DataFrame, g: Geometry) -> dict[str, tuple[Any, Any]]:
    """scope → (row positions in `spots`, their outlines in metres)."""
    scope = spots["scope"].astype(str).to_numpy()
    out = {}
    for name in dict.fromkeys(scope):
        pick = np.flatnonzero(scope == name)
        out[name] = (
            pick,
            project([shapely.from_wkt(w) for w in spots["geometry"].to_numpy()[pick]], g.crs),
        )
    return out


def _from_model(
    case: Mapping[Any, Any],
    run_id: str | None,
    spots: pd.DataFrame,
    scopes: Mapping[str, tuple[Any, Any]],
    g: Geometry,
) -> tuple[float | None, str | None, str | None]:
    """The people of the modelled dead spot the case matches (of its one operator's scope
    when the run has it, else of all operators), else nothing."""
    ops = [o for o in str(case.get("operators") or "").split(";") if o and o != "nan"]
    scope = ops[0] if len(ops) == 1 and ops[0] in scopes else "any"
    if scope not in scopes:
        return (None, None, None)
    pick, outlines = scopes[scope]
    j, _ = nearest_within(case_shapes(pd.DataFrame([case]), g.crs), outlines, g.match_m)
    if j[0] < 0:
        return (None, None, None)
    spot = spots.iloc[int(pick[int(j[0])])]
    return (float(spot["population"]), "model", f"{run_id}/{spot['dead_spot_id']}")


def plan(
    cases: pd.DataFrame,
    reported: pd.DataFrame,
    run_id: str | None,
    run_scope: str,
    spots: pd.DataFrame,
    villages: pd.DataFrame,
    g: Geometry,
    today: dt.date,
) -> Plan:
    """What sync does (module docstring). cases: register_cases rows; reported: rows of
    dead_spots; spots: the run's modelled dead spots of every scope."""
    p = Plan()
    known = set(zip(cases["source"].astype(str), cases["source_ref"].astype(str), strict=True))
    for r in reported.itertuples(index=False):
        if _missing(r.resolved_on) and ("operator-report", str(r.dead_spot_id)) not in known:
            p.opened.append(_reported_inputs(r))
    live = cases[cases["state"] != "closed"]
    current = pd.concat(
        [
            live[["lon", "lat", "geometry"]],
            pd.DataFrame(p.opened, columns=["lon", "lat", "geometry"]),
        ],
        ignore_index=True,
    )
    own = spots[spots["scope"].astype(str) == run_scope] if len(spots) else spots
    if run_id is not None and len(own):
        outlines = project([shapely.from_wkt(w) for w in own["geometry"]], g.crs)
        j, _ = nearest_within(outlines, case_shapes(current, g.crs), g.match_m)
        for k in np.flatnonzero(j < 0):
            spot = own.iloc[k]
            ref = f"{run_id}/{spot['dead_spot_id']}"
            if ("model", ref) not in known:
                p.opened.append(_modelled_inputs(spot, ref, run_id, today))
    if run_id is not None and len(live):
        fresh = affected(live, run_id, spots, villages, g)
        for case, new in zip(live.to_dict("records"), fresh.to_dict("records"), strict=True):
            changes = _changed(case, new)
            if changes:
                p.updates.append((str(case["case_id"]), changes))
    return p


def _reported_inputs(r: Any) -> dict[str, Any]:
    return {
        "source": "operator-report",
        "source_ref": str(r.dead_spot_id),
        "opened_on": r.reported_on,
        "lon": float(r.lon),
        "lat": float(r.lat),
        "village_code": None if pd.isna(r.village_code) else str(r.village_code),
        "operators": None if pd.isna(r.operator) else str(r.operator),
        "description": None if pd.isna(r.description) else str(r.description),
        "geometry": None,
    }


def _modelled_inputs(spot: pd.Series, ref: str, run_id: str, today: dt.date) -> dict[str, Any]:
    return {
        "source": "model",
        "source_ref": ref,
        "opened_on": today,
        "lon": float(spot["lon"]),
        "lat": float(spot["lat"]),
        "geometry": str(spot["geometry"]),
        "village_code": None
        if pd.isna(spot.get("nearest_village_code"))
        else str(spot["nearest_village_code"]),
        "technology": str(spot.get("technology") or "4G"),
        "reasons": "modelled",
        "evidence": [
            {"kind": "ref", "ref": f"coverage run {run_id}, dead spot {spot['dead_spot_id']}"}
        ],
    }


def _changed(case: Mapping[Any, Any], new: Mapping[Any, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    old, fresh = _number(case.get("people_affected")), _number(new.get("people_affected"))
    if (old is None) != (fresh is None) or (
        old is not None and fresh is not None and abs(old - fresh) > 0.5
    ):
        out["people_affected"] = None if fresh is None else round(fresh, 1)
    for k in ("people_source", "modelled_ref"):
        a, b = case.get(k), new.get(k)
        if (None if _missing(a) else a) != (None if _missing(b) else b):
            out[k] = None if _missing(b) else b
    return out


def _number(v: Any) -> float | None:
    return None if _missing(v) else float(v)


def _missing(v: Any) -> bool:
    return v is None or (not isinstance(v, str) and bool(pd.isna(v)))
