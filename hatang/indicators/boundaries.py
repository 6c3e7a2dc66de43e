"""Units on either map: hierarchy, re-expression across the 2025 reorganisation, points.

Pure: frames in, frames out. A `Context` holds the workspace's tables and the *target*
map on which indicators are computed. Data keyed by a unit is re-expressed onto the
target map by the first rule that applies (the method is recorded per value):

- ``direct``: the period's map is the target map and the unit is on it;
- ``village-rollup``: the unit is a village on its map and the same village code exists
  on the target map (villages keep their codes across the reorganisation);
- ``crosswalk-population-share``: the unit's rows are split over the target units by
  the crosswalk share (2024 → 2025: `crosswalk.share`, the share of the old unit's
  population now in the new unit; 2025 → 2024: each old part's population,
  share × population(old), over the new unit's total); a province without crosswalk
  rows maps to the target map's province.

Points (sites, speed tests, tile centres, dead spots without a village) are placed
by location (``location``): in the commune polygon that contains them where the units
carry geometry, else at the nearest commune centroid.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from hatang.model.periods import map_for_period

#: boundary methods, in increasing order of indirection (a value reports the largest)
METHODS = {0: "direct", 1: "location", 2: "village-rollup", 3: "crosswalk-population-share"}
LEVEL_ORDER = {"province": 0, "district": 1, "commune": 2, "village": 3, "scope": -1}
#: geometry_source of a 2024 commune placed through the crosswalk
#: (hatang.model.admin.CROSSWALK_CENTROID; not imported: this module is pure)
APPROXIMATE_PLACE = "crosswalk-approximate"
#: a national plan's scope, the whole country (`plans.COUNTRY`; not imported from there:
#: plans → catalogue → functions → here): one value per indicator and period, 2025 map
COUNTRY = "VN"


def object_strings(frame: pd.DataFrame) -> pd.DataFrame:
    """String columns as Python objects: hash-based isin/map (Arrow strings are slow there)."""
    cols = [
        c for c, t in frame.dtypes.items() if t != np.dtype("O") and pd.api.types.is_string_dtype(t)
    ]
    return frame.astype({c: object for c in cols}) if cols else frame


@dataclass
class Context:
    """Tables of a workspace and the map indicators are computed on."""

    frames: dict[str, pd.DataFrame]
    map: str
    periods: list[str]
    #: extra aggregate units: code → commune codes on this map (plan scopes on the other
    #: map; the country, `COUNTRY`, holding every unit of the 2025 map)
    scopes: dict[str, list[str]] = field(default_factory=dict)
    min_speed_tests: int = 30
    min_tile_tests: int = 50
    #: reported data covering less of a unit's people than this is partial (counts: the
    #: second figure)
    complete_share: float = 1.0
    complete_share_counts: float = 1.0
    _cache: dict[Any, Any] = field(default_factory=dict)
    #: what does not depend on the map, shared by the contexts of one computation
    shared: dict[Any, Any] = field(default_factory=dict)

    # ---- units -------------------------------------------------------------------
    def frame(self, name: str) -> pd.DataFrame:
        key = ("frame", name)
        if key not in self._cache:
            f = self.frames.get(name)
            f = object_strings(f if f is not None else pd.DataFrame())
            if "import_id" not in f.columns and name != "coverage_units":
                f = f.assign(import_id=None)
            self._cache[key] = f
        found: pd.DataFrame = self._cache[key]
        return found

    @property
    def units(self) -> pd.DataFrame:
        if "units" not in self._cache:
            u = object_strings(self.frame("units"))
            self._cache["units"] = u[u["map"].astype(str) == self.map].set_index("code", drop=False)
        found: pd.DataFrame = self._cache["units"]
        return found

    def other_units(self) -> pd.DataFrame:
        if "other" not in self._cache:
            u = self.frame("units")
            self._cache["other"] = u[u["map"].astype(str) != self.map].set_index("code", drop=False)
        found: pd.DataFrame = self._cache["other"]
        return found

    def codes(self, level: str) -> pd.Index:
        u = self.units
        return u.index[u["level"] == level]

    @property
    def province_code(self) -> str | None:
        prov = self.codes("province")
        if len(prov) == 0:
            return None
        if len(prov) == 1:
            return str(prov[0])
        counts = self.units[self.units["level"] == "commune"]["parent_code"].value_counts()
        return str(counts.index[0]) if len(counts) else str(prov[0])

    @property
    def ancestors(self) -> pd.DataFrame:
        """code, anc_code, anc_level: every unit with itself and each unit above it (and scopes)."""
        if "anc" in self._cache:
            cached: pd.DataFrame = self._cache["anc"]
            return cached
        u = self.units
        codes = u.index.to_numpy(dtype=object)
        parent = u.index.get_indexer(pd.Index(u["parent_code"].to_numpy(dtype=object)))
        level = u["level"].to_dict()
        # each unit, then its parent, grandparent ... (at most 6 steps, as a guard)
        cur, found, steps = np.arange(len(u)), [], []
        for step in range(6):
            here = np.flatnonzero(cur >= 0)
            found.append(np.column_stack([here, cur[here]]))
            steps.append(np.full(len(here), step))
            cur = np.where(cur >= 0, parent[np.maximum(cur, 0)], -1)
        pairs, step_of = np.concatenate(found), np.concatenate(steps)
        pairs = pairs[np.lexsort((step_of, pairs[:, 0]))]
        anc = pd.DataFrame(
            {
                "code": pd.Series(codes[pairs[:, 0]], dtype=object),
                "anc_code": pd.Series(codes[pairs[:, 1]], dtype=object),
                "anc_level": pd.Series(
                    u["level"].to_numpy(dtype=object)[pairs[:, 1]], dtype=object
                ),
            }
        )
        extra = []
        communes = u[u["level"] == "commune"]
        for scope, members in self.scopes.items():
            if scope == COUNTRY:  # every unit once: each row counts once, at any level
                inside = list(codes)
            else:
                inside = list(anc[anc["anc_code"].isin(members)]["code"].unique())
            # province-level data counts for a scope that holds all of the province's communes
            for prov, group in communes.groupby("parent_code") if scope != COUNTRY else ():
                if level.get(prov) == "province" and set(group.index) <= set(members):
                    inside.append(prov)
            extra.append(
                pd.DataFrame(
                    {
                        "code": pd.Series(inside, dtype=object),
                        "anc_code": pd.Series([scope] * len(inside), dtype=object),
                        "anc_level": pd.Series(["scope"] * len(inside), dtype=object),
                    }
                )
            )
        if extra:
            anc = pd.concat([anc, *extra], ignore_index=True)
        self._cache["anc"] = anc
        return anc

    def parent_at(self, codes: pd.Series, level: str) -> pd.Series:
        """The ancestor of each unit at `level` (itself if already at it)."""
        anc = self.ancestors
        sel = anc[anc["anc_level"] == level].drop_duplicates("code").set_index("code")["anc_code"]
        return codes.map(sel)

    def unit_values(self, codes: pd.Series, column: str) -> pd.Series:
        return codes.map(self.units[column])

    # ---- re-expression ------------------------------------------------------------
    def _period_maps(self, periods: pd.Series) -> pd.Series:
        uniq = {p: map_for_period(p) for p in periods.dropna().unique()}
        return periods.map(uniq)

    def _crosswalk_weights(self) -> pd.DataFrame:
        """from_code, to_code, weight: how rows of a unit on the other map spread onto this map."""
        if "xw" in self._cache:
            cached: pd.DataFrame = self._cache["xw"]
            return cached
        xw = self.frame("crosswalk")
        if xw.empty:
            out = pd.DataFrame(columns=["from_code", "to_code", "_xw"])
        else:
            xw = xw.copy()
            xw["share"] = pd.to_numeric(xw["share"], errors="coerce").fillna(1.0)
            if self.map == "2025":
                out = xw.rename(columns={"old_code": "from_code", "new_code": "to_code"})
                out["_xw"] = out["share"]
            else:
                old = self.units
                pop = xw["old_code"].map(old["population"]).astype(float).fillna(1.0)
                xw["part"] = xw["share"] * pop
                total = xw.groupby("new_code")["part"].transform("sum")
                xw["_xw"] = np.where(total > 0, xw["part"] / total, 0.0)
                out = xw.rename(columns={"new_code": "from_code", "old_code": "to_code"})
            out = out[["from_code", "to_code", "_xw"]].astype(
                {"from_code": object, "to_code": object}
            )
        self._cache["xw"] = out
        return out

    def reexpress(
        self, frame: pd.DataFrame, cols: list[str], unit_col: str = "unit_code"
    ) -> pd.DataFrame:
        """Rows keyed by units of either map → rows keyed by `unit_code` on this map.

        Numeric `cols` are multiplied by the crosswalk weight when rows are split; the
        result has `method_code` (see METHODS) and `unit_code`. Rows whose unit cannot be
        placed are dropped (their count is in `frame.attrs['dropped']`).
        """
        if frame.empty:
            out = frame.copy()
            out["unit_code"] = pd.Series(dtype=str)
            out["method_code"] = pd.Series(dtype=int)
            out.attrs["dropped"] = 0
            return out
        f = frame.copy()
        f["_code"] = f[unit_col].astype(str).astype(object)
        f["_row"] = np.arange(len(f))
        src_map = (
            self._period_maps(f["period"]) if "period" in f else pd.Series(self.map, index=f.index)
        )
        here = self.units
        native = (src_map == self.map) & f["_code"].isin(here.index)
        parts = []
        a = f[native].copy()
        a["method_code"] = 0
        parts.append(a)
        rest = f[~native]
        other = self.other_units()
        src_level = rest["_code"].map(other["level"])
        vill = (src_level == "village") & rest["_code"].isin(here.index)
        b = rest[vill].copy()
        b["method_code"] = 2
        parts.append(b)
        rest = rest[~vill]
        xw = self._crosswalk_weights()
        c = rest.merge(xw, left_on="_code", right_on="from_code", how="inner")
        c = c[c["to_code"].isin(here.index)]
        for col in cols:
            c[col] = c[col].astype(float) * c["_xw"]
        c["_code"] = c["to_code"]
        c["method_code"] = 3
        parts.append(c.drop(columns=["from_code", "to_code", "_xw"]))
        left = rest[~rest["_code"].isin(xw["from_code"])]
        prov = self.province_code
        d = left[left["_code"].map(other["level"]) == "province"].copy()
        if prov is not None and not d.empty:
            d["_code"] = prov
            d["method_code"] = 3
            parts.append(d)
        out = pd.concat([p for p in parts if not p.empty] or [parts[0]], ignore_index=True)
        out["unit_code"] = out["_code"]
        dropped = len(f) - out["_row"].nunique()
        out = out.drop(columns=["_code", "_row"])
        out.attrs["dropped"] = int(dropped)
        return out

    # ---- points --------------------------------------------------------------------
    def shared_places(self) -> pd.Series:
        """code → group number of each commune whose only place is the crosswalk's
        approximate centroid and shares it with another (2024 communes merged whole
        into one 2025 commune): a point placed at the nearest centroid goes to one of
        them arbitrarily, so location cannot tell them apart (engine: their values
        from located points are withheld). Empty where there are none."""
        if "shared places" in self._cache:
            cached: pd.Series = self._cache["shared places"]
            return cached
        u = self.units
        out = pd.Series(dtype=np.int64)
        if "geometry_source" in u and len(u):
            no_polygon = u["geometry"].isna() if "geometry" in u else True
            c = u[
                (u["level"] == "commune")
                & (u["geometry_source"] == APPROXIMATE_PLACE)
                & no_polygon
                & u["lon"].notna()
                & u["lat"].notna()
            ]
            if len(c):
                place = pd.DataFrame({"lon": c["lon"].astype(float), "lat": c["lat"].astype(float)})
                group = place.groupby(["lon", "lat"], sort=True).ngroup()
                shared = group.map(group.value_counts()) > 1
                out = group[shared].astype(np.int64)
        self._cache["shared places"] = out
        return out

    def assign_points(self, lon: pd.Series, lat: pd.Series, level: str = "commune") -> np.ndarray:
        """Code of the unit at `level` holding each point (polygon, else nearest centroid)."""
        key = (
            "pts",
            level,
            len(lon),
            float(np.nansum(lon.to_numpy(dtype=float))),
            float(np.nansum(lat.to_numpy(dtype=float))),
        )
        if key in self._cache:
            found: np.ndarray = self._cache[key]
            return found
        x, y = lon.to_numpy(dtype=float), lat.to_numpy(dtype=float)
        # many rows share a place (a site in every period, a tile in every period and
        # kind): each distinct point is located once; a point without both is nowhere
        out = np.full(len(x), None, dtype=object)
        ok = np.isfinite(x) & np.isfinite(y)
        place, uniq = pd.factorize(x[ok] + 1j * y[ok])
        out[ok] = self._locate(uniq.real, uniq.imag, level)[place]
        self._cache[key] = out
        return out

    def locate(self, x: np.ndarray, y: np.ndarray, level: str = "commune") -> np.ndarray:
        """Code of the unit at `level` holding each point, uncached (points in batches)."""
        return self._locate(x, y, level)

    def _locate(self, x: np.ndarray, y: np.ndarray, level: str) -> np.ndarray:
        at = self.locate_at(x, y, level)
        codes: np.ndarray = np.r_[
            self.units.index[self.units["level"] == level].to_numpy(dtype=object), None
        ]
        out: np.ndarray = codes[at]
        return out

    def locate_at(self, x: np.ndarray, y: np.ndarray, level: str = "commune") -> np.ndarray:
        """Position of the unit holding each point among the units at `level` (in
        `units` order; -1: none): numbers, so that tens of millions of points need no
        code each (hatang.store.speed_tests)."""
        u = self.units[self.units["level"] == level]
        out = np.full(len(x), -1, dtype=np.int64)
        if not len(u) or not len(x):
            return out
        if level != "village" and "geometry" in u and u["geometry"].notna().any():
            import shapely

            with_geometry = u["geometry"].notna().to_numpy()
            g = u[with_geometry]
            if ("tree", level) not in self._cache:
                self._cache[("tree", level)] = shapely.STRtree(
                    shapely.from_wkt(g["geometry"].to_numpy())
                )
            tree = self._cache[("tree", level)]
            pi, gi = tree.query(shapely.points(x, y), predicate="within")
            first = pd.Series(gi, index=pi)
            first = first[~first.index.duplicated()]
            out[first.index.to_numpy()] = np.flatnonzero(with_geometry)[first.to_numpy()]
        missing = out < 0
        with_centre = (u["lon"].notna() & u["lat"].notna()).to_numpy()
        cu = u[with_centre]
        if missing.any() and len(cu):
            k = np.cos(np.radians(np.nanmean(cu["lat"].to_numpy(dtype=float))))
            centres = np.column_stack(
                [cu["lon"].to_numpy(dtype=float) * k, cu["lat"].to_numpy(dtype=float)]
            )
            ok = missing & np.isfinite(x) & np.isfinite(y)
            points = np.column_stack([x[ok] * k, y[ok]])
            if len(points) * len(centres) > _BRUTE_FORCE_PAIRS:  # the same centres, sooner
                from hatang.indicators.centres import CentreIndex

                if ("centres", level) not in self._cache:
                    self._cache[("centres", level)] = CentreIndex(centres)
                idx = self._cache[("centres", level)].nearest(points)
            else:
                idx = nearest(points, centres)
            out[ok] = np.flatnonzero(with_centre)[idx]
        return out


def plan_scopes(
    frames: dict[str, pd.DataFrame], target_map: str, scopes: Iterable[tuple[str, str]]
) -> dict[str, list[str]]:
    """Virtual units '<map>:<code>' for plan scopes (map, code) on the other map: the
    communes of `target_map` linked by the crosswalk to the communes inside the scope unit;
    and the country (`COUNTRY`, a national plan's scope) on the 2025 map: every unit."""
    out: dict[str, list[str]] = {}
    units = frames["units"]
    xw = frames.get("crosswalk")
    if xw is None:
        xw = pd.DataFrame(columns=["old_code", "new_code", "share"])
    for scope_map, scope_code in scopes:
        if (scope_map, scope_code) == ("2025", COUNTRY):
            if target_map == "2025":
                new = units[(units["map"].astype(str) == "2025") & (units["level"] == "commune")]
                out[COUNTRY] = sorted(new["code"].astype(str))
            continue
        if scope_map == target_map:
            continue
        ctx = Context(frames, scope_map, [])
        anc = ctx.ancestors
        inside = set(anc[anc["anc_code"] == scope_code]["code"])
        if not inside or xw.empty:
            continue
        if scope_map == "2024":
            linked = xw[xw["old_code"].astype(str).isin(inside)]["new_code"]
        else:
            linked = xw[xw["new_code"].astype(str).isin(inside)]["old_code"]
        here = units[(units["map"].astype(str) == target_map) & (units["level"] == "commune")][
            "code"
        ]
        members = sorted(set(linked.astype(str)) & set(here.astype(str)))
        if members:
            out[f"{scope_map}:{scope_code}"] = members
    return out


#: above this many point × centre pairs a KD-tree finds the nearest centres faster
_BRUTE_FORCE_PAIRS = 20_000_000
#: point × centre pairs compared at once by `nearest`
_NEAREST_CHUNK = 65_536


def nearest(points: np.ndarray, centres: np.ndarray) -> np.ndarray:
    """Index of the nearest of `centres` to each point (Euclidean, in the plane given).

    Few pairs (a province's points that fall outside every commune polygon): compared
    directly, in chunks, without loading scipy; many: scipy's KD-tree."""
    if len(points) * len(centres) > _BRUTE_FORCE_PAIRS:
        from scipy.spatial import cKDTree

        _, idx = cKDTree(centres).query(points)
        return np.asarray(idx, dtype=np.int64)
    out = np.empty(len(points), dtype=np.int64)
    # chunks of 64 k pairs, squared in place: the arrays stay in the CPU's cache
    # (chunks of a million pairs took 10x as long, in allocations and page faults);
    # the same float operations, so the same nearest centre
    step = max(1, _NEAREST_CHUNK // max(len(centres), 1))
    for i in range(0, len(points), step):
        p = points[i : i + step]
        dx = p[:, 0, None] - centres[None, :, 0]
        dy = p[:, 1, None] - centres[None, :, 1]
        dx *= dx
        dy *= dy
        dx += dy
        out[i : i + step] = np.argmin(dx, axis=1)
    return out
