"""The dead-spot register as open data, pure (frames in, frames out): its cases with
the public fields only (hatang.register.public), and its figures per quarter, map,
commune and operator (hatang.register.figures). Declared in hatang.publish.registry.

A case has a point and, where the model found its dead spot, an outline; GIS layers hold
one geometry type, so the cases' spatial files are two layers — `point` (cases without an
outline, at lon/lat) and `polygon` (cases with one) — and every case is in exactly one.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from hatang.model.periods import period_end, period_of, period_start, quarters
from hatang.publish.derive import Context, Frames
from hatang.register.figures import period_figures
from hatang.register.public import PUBLIC

#: the published case fields (PUBLIC but the day-dependent overdue flag), the layer its
#: shape puts it in, the outline last
CASE_FIELDS = tuple(f for f in PUBLIC if f not in ("overdue", "synthetic")) + (
    "shape",
    "synthetic",
    "geometry",
)


def _shapes(wkt: pd.Series | None) -> list[str]:
    """'polygon' where the case's outline is a (multi)polygon that is not empty, else
    'point' (the layer it is published in)."""
    import shapely

    out = []
    for w in [] if wkt is None else wkt.tolist():
        g = shapely.from_wkt(w) if isinstance(w, str) and w else None
        polygonal = g is not None and not g.is_empty and g.geom_type.endswith("Polygon")
        out.append("polygon" if polygonal else "point")
    return out


def _names(units: pd.DataFrame) -> dict[str, pd.Series]:
    """map → code → name; 'any' → the name on either map (the 2025 one first)."""
    out = {
        str(m): g.drop_duplicates("code").set_index("code")["name"] for m, g in units.groupby("map")
    }
    out["any"] = (
        units.sort_values("map").drop_duplicates("code", keep="last").set_index("code")["name"]
    )
    return out


def register_cases(f: Frames, ctx: Context) -> pd.DataFrame:
    """Every case of the register, public fields only, by case id."""
    c = f["register_cases"].copy()
    names = _names(f["units"])
    c["village_name"] = c["village_code"].map(names["any"])
    c["commune_name"] = c["commune_code"].map(names.get("2025", names["any"]))
    c["commune_name_2024"] = c["commune_code_2024"].map(names.get("2024", names["any"]))
    c["shape"] = _shapes(c.get("geometry"))
    return c.reindex(columns=list(CASE_FIELDS)).sort_values("case_id").reset_index(drop=True)


def _quarters(events: pd.DataFrame) -> list[tuple[str, dt.date, dt.date]]:
    """Every quarter from the register's first event to its last: (name, start, end)."""
    at = pd.to_datetime(events["at"])
    first, last = period_of(at.min().date()), period_of(at.max().date())
    return [(q, period_start(q), period_end(q)) for q in quarters(first, last)]


def register_figures(f: Frames, ctx: Context) -> pd.DataFrame:
    """The register's figures per quarter it has run, map, commune and operator."""
    events = f["register_events"]
    if events.empty:
        return pd.DataFrame(columns=["period", "map", "commune_code", "commune_name", "operator"])
    out = period_figures(events.assign(case_id=events["case_id"].astype(str)), _quarters(events))
    names = _names(f["units"])
    whole = "toàn tỉnh / whole province"
    out["commune_name"] = [
        whole if code == "*" else names.get(m, names["any"]).get(code)
        for m, code in zip(out["map"], out["commune_code"], strict=True)
    ]
    return out.sort_values(["period", "map", "commune_code", "operator"]).reset_index(drop=True)
