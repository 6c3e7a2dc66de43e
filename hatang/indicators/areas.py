"""What a unit's figures are about, in its name (pure).

A workspace may hold only part of a unit: `hatang init --province 36` loads old Nam
Định's communes, which are 57 of the new Ninh Bình province's (2.26 M of its 4.41 M
people in the merger plans). Every aggregate over the new province is then an
aggregate over the old Nam Định area, and says so: its name becomes
"Tỉnh Ninh Bình — chỉ phần Tỉnh Nam Định cũ / old Tỉnh Nam Định area only" (the units
of the other map whose communes make up exactly what the workspace holds), else
"… — chỉ một phần: 57 xã / part only: 57 communes".
"""

from __future__ import annotations

import pandas as pd

from hatang.indicators.boundaries import Context, plan_scopes

#: a unit holds less than this share of its own population in the workspace: partial
_WHOLE = 1 - 1e-9


def communes_inside(
    code: str, map_: str, units: pd.DataFrame, crosswalk: pd.DataFrame
) -> list[str]:
    """Communes inside `code` on `map_` (a real unit, or a virtual '<map>:<code>' scope)."""
    frames = {"units": units, "crosswalk": crosswalk}
    if ":" in code:
        smap, scode = code.split(":", 1)
        return plan_scopes(frames, map_, [(smap, scode)]).get(code, [])
    ctx = Context(frames, map_, [])
    anc = ctx.ancestors
    inside = anc[(anc["anc_code"] == code) & (anc["code"].map(ctx.units["level"]) == "commune")]
    return sorted(inside["code"].astype(str))


def held_share(code: str, map_: str, units: pd.DataFrame, crosswalk: pd.DataFrame) -> float | None:
    """The share of the unit's own population that its communes in the workspace hold
    (None: no population to compare)."""
    here = units[units["map"].astype(str) == map_].set_index("code")
    if code not in here.index or here.loc[code, "level"] == "commune":
        return None
    own = pd.to_numeric(pd.Series([here.loc[code, "population"]]), errors="coerce").iloc[0]
    members = communes_inside(code, map_, units, crosswalk)
    held = pd.to_numeric(here.reindex(members)["population"], errors="coerce").sum()
    if not own or pd.isna(own):
        return None
    return float(held / own)


def _made_of(
    members: list[str], map_: str, units: pd.DataFrame, crosswalk: pd.DataFrame
) -> list[str]:
    """Names of the other map's provinces whose communes make up exactly `members`."""
    other = "2024" if map_ == "2025" else "2025"
    provinces = units[(units["map"].astype(str) == other) & (units["level"] == "province")]
    frames = {"units": units, "crosswalk": crosswalk}
    found, covered = [], set()
    for code, name in zip(provinces["code"].astype(str), provinces["name"], strict=True):
        linked = set(plan_scopes(frames, map_, [(other, code)]).get(f"{other}:{code}", []))
        if linked and linked <= set(members):
            found.append(str(name))
            covered |= linked
    return found if covered == set(members) else []


def area_name(code: str, name: str, map_: str, units: pd.DataFrame, crosswalk: pd.DataFrame) -> str:
    """`name`, or `name` with what part of the unit the workspace holds."""
    share = held_share(code, map_, units, crosswalk)
    if share is None or share >= _WHOLE:
        return name
    members = communes_inside(code, map_, units, crosswalk)
    parts = _made_of(members, map_, units, crosswalk)
    if parts:
        old = ", ".join(parts)
        return f"{name} — chỉ phần {old} cũ / old {old} area only"
    n = len(members)
    return f"{name} — chỉ một phần: {n} xã / part only: {n} communes"
