"""Vietnam's administrative units as shipped with hatang, on both maps.

The packaged files hatang/data/admin/{units,crosswalk}.parquet are built by
scripts/build_admin_units.py from the official GSO lists (docs/data-sources.md):

- the 2024 map (three levels, until 30 June 2025): 63 provinces, 696 districts,
  10,051 communes;
- the 2025 map (two levels, from 1 July 2025): 34 provinces, 3,321 communes, with
  population, area, centroid and bounding box of every commune;
- the crosswalk old unit → new unit with the share of the old unit's people.

Pure: frames in, frames out; the only files read are the packaged ones.
"""

from __future__ import annotations

import difflib
import hashlib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import pandas as pd

from hatang.errors import NotFound
from hatang.model.names import name_key

MAPS = ("2024", "2025")
UNITS_FILE = "data/admin/units.parquet"
CROSSWALK_FILE = "data/admin/crosswalk.parquet"
BBOX_COLUMNS = ("bbox_min_lon", "bbox_min_lat", "bbox_max_lon", "bbox_max_lat")

_INT_COLUMNS = ("population", "households", "adults")
_DATE_COLUMNS = ("valid_from", "valid_to")
#: spellings of a province's type that users write before its name
_PROVINCE_PREFIXES = ("thanh pho ", "tinh ", "tp ", "t p ")


@dataclass(frozen=True)
class ProvinceRef:
    """A province on one map: ('2024', '36', 'Tỉnh Nam Định')."""

    map: str
    code: str
    name: str

    def __str__(self) -> str:
        return f"{self.name} ({self.code}, {self.map} map)"


def packaged_bytes(name: str) -> bytes:
    """The bytes of a packaged file, e.g. packaged_bytes(UNITS_FILE)."""
    return resources.files("hatang").joinpath(name).read_bytes()


def packaged_sha256(name: str) -> str:
    return hashlib.sha256(packaged_bytes(name)).hexdigest()


@lru_cache(maxsize=1)
def _units() -> pd.DataFrame:
    with resources.as_file(resources.files("hatang").joinpath(UNITS_FILE)) as path:
        df = pd.read_parquet(path)
    for c in _INT_COLUMNS:
        df[c] = df[c].astype("Int64")
    for c in _DATE_COLUMNS:
        df[c] = pd.to_datetime(df[c]).dt.date.astype(object).where(df[c].notna(), None)
    df["urban"] = df["urban"].astype("boolean")
    return df


@lru_cache(maxsize=1)
def _crosswalk() -> pd.DataFrame:
    with resources.as_file(resources.files("hatang").joinpath(CROSSWALK_FILE)) as path:
        return pd.read_parquet(path)


@lru_cache(maxsize=1)
def _by_map() -> tuple[pd.DataFrame, pd.DataFrame]:
    u = _units()
    return u[u["map"] == "2024"], u[u["map"] == "2025"]


def load_units(map: str | None = None) -> pd.DataFrame:  # noqa: A002 - the column's name
    """Every unit of both maps (or of one map): the `units` columns less import_id,
    plus bbox_min_lon, bbox_min_lat, bbox_max_lon, bbox_max_lat (2025 map only)."""
    df = _units()
    if map is not None:
        if map not in MAPS:
            raise NotFound(f"unknown map {map!r}; use 2024 or 2025")
        df = df[df["map"] == map]
    return df.reset_index(drop=True).copy()


def load_crosswalk() -> pd.DataFrame:
    """Old unit → new unit: old_code, new_code, share, share_method, effective_date, note.

    Commune rows (old commune → new commune; island districts → special zones) and
    province rows (old province → new province). Codes of different levels never
    collide: provinces have 2 digits, districts 3, communes 5.
    """
    return _crosswalk().copy()


# ---- provinces ----------------------------------------------------------------------


#: names people write for a province that are not its official name (key → official key)
_ALIASES = {
    "hcm": "ho chi minh",
    "tphcm": "ho chi minh",
    "sai gon": "ho chi minh",
    "thua thien hue": "hue",
    "brvt": "ba ria vung tau",
}


def _province_key(text: str) -> str:
    key = name_key(text).replace("-", " ")
    key = " ".join(key.split())
    for p in _PROVINCE_PREFIXES:
        if key.startswith(p):
            key = key[len(p) :]
            break
    return _ALIASES.get(key, key)


def provinces(map: str | None = None) -> list[ProvinceRef]:  # noqa: A002
    u = load_units(map)
    u = u[u["level"] == "province"]
    return [ProvinceRef(str(r.map), str(r.code), str(r.name)) for r in u.itertuples()]


def resolve_province(text: str, map: str | None = None) -> ProvinceRef:  # noqa: A002
    """A province from its code ('36', '037') or name ('Nam Định', 'nam dinh',
    'Tỉnh Nam Định', NFD or NFC). A code or name on both maps gives the 2025 one
    unless map='2024'. Raises NotFound with suggestions."""
    given = str(text).strip()
    if not given:
        raise NotFound("no province given; pass a code (e.g. 37) or a name (e.g. Ninh Bình)")
    candidates = provinces(map)
    if given.isdigit():
        code = given.lstrip("0").zfill(2)
        found = [p for p in candidates if p.code == code]
        what = f"province code {given!r}"
    else:
        key = _province_key(given)
        found = [p for p in candidates if _province_key(p.name) == key]
        what = f"province {given!r}"
    if not found:
        raise NotFound(
            f"unknown {what}{'' if map is None else f' on the {map} map'}; {_suggest(given, candidates)}"
        )
    found.sort(key=lambda p: p.map, reverse=True)  # 2025 first
    return found[0]


def _suggest(given: str, candidates: list[ProvinceRef]) -> str:
    names = {_province_key(p.name): p for p in candidates}
    close = difflib.get_close_matches(_province_key(given), list(names), n=4, cutoff=0.6)
    if close:
        return (
            "did you mean "
            + ", ".join(f"{names[k].name} ({names[k].code}, {names[k].map})" for k in close)
            + "?"
        )
    return (
        "list them with `hatang provinces` (e.g. 37 Ninh Bình; 36 the old Nam Định on the 2024 map)"
    )


#: the whole country as a workspace's scope (`hatang init --country`): not a unit
COUNTRY = ProvinceRef("2025", "VN", "Việt Nam")


def country_subset() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every unit of both maps and the whole crosswalk: a national workspace's units."""
    units = load_units().sort_values(["map", "code"]).reset_index(drop=True)
    crosswalk = load_crosswalk().sort_values(["old_code", "new_code"]).reset_index(drop=True)
    return units, crosswalk


# ---- where a 2024 commune is -----------------------------------------------------------

#: geometry_source of a 2024 commune placed through the crosswalk: approximate
CROSSWALK_CENTROID = "crosswalk-approximate"


@lru_cache(maxsize=1)
def _old_centroids() -> pd.DataFrame:
    """Every 2024 commune's approximate centroid (index code; lon, lat): the packaged
    lists give no position on the 2024 map, only where each commune went. A commune
    merged whole gets its 2025 commune's centroid (shared with the others merged into
    it); one split over several gets the mean of theirs weighted by the crosswalk's
    shares (equal weights where the shares sum to 0)."""
    u25 = _by_map()[1]
    new = u25[u25["level"] == "commune"].set_index("code")[["lon", "lat"]].astype(float)
    cw = _crosswalk()
    cw = cw[(cw["old_code"].str.len() == 5) & cw["new_code"].isin(new.index)].copy()
    cw["w"] = cw["share"].fillna(0.0).clip(lower=0.0).astype(float)
    cw.loc[cw.groupby("old_code")["w"].transform("sum") <= 0, "w"] = 1.0
    cw["x"] = cw["w"] * new.loc[cw["new_code"], "lon"].to_numpy()
    cw["y"] = cw["w"] * new.loc[cw["new_code"], "lat"].to_numpy()
    g = cw.groupby("old_code")[["w", "x", "y"]].sum()
    return pd.DataFrame({"lon": g["x"] / g["w"], "lat": g["y"] / g["w"]}).round(6)


def with_old_centroids(units: pd.DataFrame) -> pd.DataFrame:
    """`units` with each 2024 commune that has no centroid given the crosswalk's
    approximate one (`_old_centroids`), geometry_source = CROSSWALK_CENTROID: so points
    (speed tests, sites) land on the 2024 map too — right to the 2025 commune they are
    in, but among 2024 communes merged into the same one arbitrarily (they share a
    point)."""
    cen = _old_centroids()
    m = (
        (units["map"] == "2024")
        & (units["level"] == "commune")
        & units["lon"].isna()
        & units["code"].isin(cen.index)
    )
    if not m.any():
        return units
    out = units.copy()
    out["geometry_source"] = out["geometry_source"].astype(object)
    codes = out.loc[m, "code"]
    out.loc[m, "lon"] = cen.loc[codes, "lon"].to_numpy()
    out.loc[m, "lat"] = cen.loc[codes, "lat"].to_numpy()
    out.loc[m, "geometry_source"] = CROSSWALK_CENTROID
    return out


# ---- a province's units on both maps -------------------------------------------------


def province_subset(ref: ProvinceRef) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The units and crosswalk rows a workspace for `ref` needs, on both maps.

    2025 province: its row and communes, every 2024 commune that flows wholly or
    partly into them, their districts and old provinces; crosswalk rows into its
    communes (a commune split across provinces keeps only the rows into this one, so
    its shares here sum to less than 1) and the old provinces' rows into it.

    2024 province: its row, districts and communes, every 2025 commune formed from
    them (wholly or partly) and the 2025 province rows they belong to; every
    crosswalk row of its communes, districts and of the province itself.
    """
    u24, u25 = _by_map()
    cw = _crosswalk()
    if ref.map == "2025":
        new = u25[(u25["code"] == ref.code) | (u25["parent_code"] == ref.code)]
        rows = cw[cw["new_code"].isin(new.loc[new["level"] == "commune", "code"])]
        old_units = u24[u24["code"].isin(rows["old_code"])]
        districts = u24[
            (u24["level"] == "district")
            & u24["code"].isin(set(old_units["parent_code"]) | set(old_units["code"]))
        ]
        old_prov = u24[(u24["level"] == "province") & u24["code"].isin(districts["parent_code"])]
        rows = pd.concat(
            [rows, cw[cw["old_code"].isin(old_prov["code"]) & (cw["new_code"] == ref.code)]]
        )
        old = pd.concat([old_prov, districts, old_units[old_units["level"] == "commune"]])
    else:
        districts = u24[u24["parent_code"] == ref.code]
        communes = u24[u24["parent_code"].isin(districts["code"])]
        old = pd.concat([u24[u24["code"] == ref.code], districts, communes])
        rows = cw[cw["old_code"].isin(old["code"])]
        new_communes = u25[(u25["level"] == "commune") & u25["code"].isin(rows["new_code"])]
        new = pd.concat(
            [
                u25[(u25["level"] == "province") & u25["code"].isin(new_communes["parent_code"])],
                new_communes,
            ]
        )
    out = pd.concat([old, new]).drop_duplicates(["map", "code"]).sort_values(["map", "code"])
    return out.reset_index(drop=True), rows.sort_values(["old_code", "new_code"]).reset_index(
        drop=True
    )


def _communes_2025(units: pd.DataFrame) -> pd.DataFrame:
    c = units[(units["map"] == "2025") & (units["level"] == "commune")]
    if c.empty:
        raise NotFound(
            "no 2025 communes in these units: the extent follows from their bounding boxes"
        )
    return c


def province_extent(units: pd.DataFrame) -> tuple[float, float, float, float]:
    """(min_lon, min_lat, max_lon, max_lat) over the 2025 communes' bounding boxes."""
    c = _communes_2025(units)
    return (
        float(c["bbox_min_lon"].min()),
        float(c["bbox_min_lat"].min()),
        float(c["bbox_max_lon"].max()),
        float(c["bbox_max_lat"].max()),
    )


def province_centroid(units: pd.DataFrame) -> tuple[float, float]:
    """Area-weighted mean of the 2025 communes' centroids (lon, lat)."""
    c = _communes_2025(units)
    w = c["area_km2"].fillna(0)
    if w.sum() <= 0:
        return float(c["lon"].mean()), float(c["lat"].mean())
    return float((c["lon"] * w).sum() / w.sum()), float((c["lat"] * w).sum() / w.sum())


def province_area(code: str) -> tuple[str, str, tuple[float, float, float, float]]:
    """(name, CRS, extent) of a 2025 province as `hatang init --province CODE` sets its
    workspace: the UTM zone of its communes' centroid, their bounding boxes' extent.
    A national coverage run models each province in this grid (docs/national.md)."""
    _, u25 = _by_map()
    units = u25[(u25["code"] == code) | (u25["parent_code"] == code)]
    row = units[units["level"] == "province"]
    if row.empty:
        raise NotFound(f"{code!r} is not a province of the 2025 map; see `hatang provinces`")
    crs = utm_crs(province_centroid(units)[0])
    return str(row["name"].iloc[0]), crs, province_extent(units)


def utm_crs(lon: float) -> str:
    """Projected CRS for Vietnam: UTM 48N (EPSG:32648) west of 108°E, 49N east of it."""
    return "EPSG:32649" if lon >= 108.0 else "EPSG:32648"


_LEVEL_BY_WIDTH = {2: "province", 3: "district", 5: "commune"}


def code_level(code: str) -> str:
    """The level an official code belongs to, from its width: '36' province, '356'
    district, '13669' commune (the crosswalk mixes levels in one column)."""
    try:
        return _LEVEL_BY_WIDTH[len(code)]
    except KeyError:
        raise NotFound(f"{code!r} is not an official unit code (2, 3 or 5 digits)") from None
