"""The real facts the demo stands on: communes of both maps and the crosswalk.

`DemoInputs` is what the pure generator needs; `inputs_from_frames` builds it from the
workspace's `units` and `crosswalk` tables (as `hatang init` filled them from the
packaged official lists), so the demo always uses the real codes, names, populations
and centroids that hatang ships.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from hatang.errors import DataError


@dataclass(frozen=True)
class DemoInputs:
    #: 2025-map communes: code, name, population, area_km2, lon, lat, urban
    new_communes: pd.DataFrame
    #: 2024-map communes: code, name, district_code, urban
    old_communes: pd.DataFrame
    #: old_code → new_code (whole merges)
    crosswalk: pd.DataFrame
    #: 2024-map districts: code, name
    districts: pd.DataFrame


def _is_urban(name: str) -> bool:
    low = str(name).strip().lower()
    return low.startswith(("phường", "thị trấn"))


def inputs_from_frames(
    units: pd.DataFrame, crosswalk: pd.DataFrame, province: str = "36"
) -> DemoInputs:
    """Select the province's communes on both maps from the workspace tables."""
    u = units.copy()
    u["code"] = u["code"].astype(str)
    u["parent_code"] = u["parent_code"].astype("string")
    old_districts = u[
        (u["map"] == "2024") & (u["level"] == "district") & (u["parent_code"] == province)
    ]
    old = u[
        (u["map"] == "2024")
        & (u["level"] == "commune")
        & (u["parent_code"].isin(set(old_districts["code"])))
    ]
    cw = crosswalk[crosswalk["old_code"].astype(str).isin(set(old["code"]))][
        ["old_code", "new_code"]
    ].astype(str)
    new = u[
        (u["map"] == "2025") & (u["level"] == "commune") & (u["code"].isin(set(cw["new_code"])))
    ]
    if old.empty or new.empty:
        raise DataError(
            f"the workspace has no communes of province {province} on both maps; the demo needs them"
        )
    missing = new[new["population"].isna() | new["lon"].isna() | new["lat"].isna()]
    if not missing.empty:
        raise DataError(
            f"{len(missing)} new communes lack population or centroid (e.g. {missing['code'].iloc[0]})"
        )
    dup = cw["old_code"].duplicated()
    if dup.any():
        raise DataError(
            f"old commune {cw['old_code'][dup].iloc[0]} is split between new communes; the demo expects whole merges"
        )
    new_c = new.assign(
        population=new["population"].astype("int64"),
        area_km2=new["area_km2"].astype(float),
        urban=new["name"].map(_is_urban),
    )[["code", "name", "population", "area_km2", "lon", "lat", "urban"]]
    old_c = old.assign(
        district_code=old["parent_code"].astype(str), urban=old["name"].map(_is_urban)
    )[["code", "name", "district_code", "urban"]]
    return DemoInputs(
        new_communes=new_c.sort_values("code").reset_index(drop=True),
        old_communes=old_c.sort_values("code").reset_index(drop=True),
        crosswalk=cw.sort_values("old_code").reset_index(drop=True),
        districts=old_districts[["code", "name"]].sort_values("code").reset_index(drop=True),
    )
