"""The province's key figures (the overview's counters, the brief's headline numbers),
from a workspace's tables and the published sites.

Pure: frames in, labelled values out.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from hatang.model.services import mobile_broadband
from hatang.publish import derive
from hatang.views.values import Value


def latest(frame: pd.DataFrame, column: str = "period") -> str | None:
    """The latest period (or other sortable text) present in `frame[column]`."""
    if frame.empty or column not in frame or frame[column].isna().all():
        return None
    return str(sorted(frame[column].dropna().astype(str))[-1])


def modelled(frames: dict[str, pd.DataFrame]) -> pd.DataFrame | None:
    """Dead spots of the current coverage run where no operator covers (scope 'any'):
    the per-operator scopes overlap them and would count the same people again."""
    d = frames.get("modelled_dead_spots")
    if d is None or d.empty:
        return None
    d = derive.modelled_dead_spots(frames, derive.Context())
    if "scope" in d.columns:
        d = d[d["scope"].astype(str) == "any"]
    return d


@dataclass(frozen=True)
class KeyFigures:
    sites: Value
    sites_period: str | None
    shared: Value
    villages_period: str | None
    #: villages whose latest report says no 3G, 4G or 5G (target 5's mobile broadband)
    villages_no_mobile_broadband: Value
    #: villages whose latest report says no 4G (blank where the reports carry no 4G column)
    villages_no_4g: Value
    villages_no_fibre: Value
    open_dead_spots: Value
    #: modelled people in dead spots, else the people of villages with an open report
    people_dead_spots: Value


def _latest_rows(frame: pd.DataFrame) -> tuple[pd.DataFrame, str | None]:
    p = latest(frame)
    return (frame[frame["period"] == p] if p else frame.iloc[0:0]), p


def _without(v: pd.DataFrame, column: str) -> int | None:
    """Villages whose report says they lack it (mobile broadband: none of 3G, 4G, 5G); a
    village the report leaves blank is not counted as without."""
    if not len(v) or column not in v:
        return None
    has = mobile_broadband(v) if column == "mobile_broadband" else v[column].astype("boolean")
    return int(has.eq(False).sum()) if has.notna().any() else None


def _people_in_dead_spots(frames: dict[str, pd.DataFrame], open_: pd.DataFrame) -> Value:
    mds = modelled(frames)
    if mds is not None and len(mds) and "population" in mds:
        people = round(float(mds["population"].sum()))
        return Value(people, "whole", label="people_dead_spots")
    u = frames["units"]
    pops = u.drop_duplicates("code", keep="last").set_index("code")["population"]
    villages = open_["village_code"].dropna().unique()
    people = (
        int(pd.to_numeric(pops.reindex(villages), errors="coerce").fillna(0).sum())
        if len(villages)
        else 0
    )
    return Value(people, "whole", label="people_dead_spot_villages")


def key_figures(frames: dict[str, pd.DataFrame], sites_pub: pd.DataFrame) -> KeyFigures:
    """Sites and their sharing (latest site register), villages without mobile / fixed
    broadband (latest village survey), open reported dead spots and the people in
    dead spots."""
    s, sites_period = _latest_rows(sites_pub)
    shared = float(s["shared"].fillna(False).astype(bool).mean()) if len(s) else None
    v, villages_period = _latest_rows(frames["village_services"])
    ds = frames["dead_spots"]
    open_ = ds[ds["resolved_on"].isna()]
    return KeyFigures(
        sites=Value(len(s), "count", label="sites"),
        sites_period=sites_period,
        shared=Value(shared, "percent", label="shared_pct"),
        villages_period=villages_period,
        villages_no_mobile_broadband=Value(
            _without(v, "mobile_broadband"), "count", "villages_no_mobile_broadband"
        ),
        villages_no_4g=Value(_without(v, "mobile_4g"), "count", "villages_no_4g"),
        villages_no_fibre=Value(_without(v, "fixed_broadband"), "count", "villages_no_fibre"),
        open_dead_spots=Value(len(open_), "count", label="open_dead_spots"),
        people_dead_spots=_people_in_dead_spots(frames, open_),
    )
