"""Speed tests aggregated inside DuckDB, out of core: what the indicator engine needs of
the raw tests (tens of millions on a national workspace) without moving them into pandas.

A median does not add up, so it is taken in SQL over every test below each unit (the
unit's ancestors joined in: commune, district, province, plan scopes), never over
the communes' medians. DuckDB runs under `memory_limit` and spills to a temporary
folder in the workspace; the medians are taken one map, level and kind at a time, so
that the values a median holds (one per test) stay within the limit. Placing a test in
its commune is geometry, not SQL: the caller's `locate` gets the distinct test places
in batches and returns each one's commune on each map (hatang.indicators.boundaries
does it as for every point). Units are numbered in SQL (a map's code, then its
number), so the large joins are on integers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

#: places (lon, lat) → per map, the commune code of each (None: outside every unit)
Locate = Callable[[np.ndarray, np.ndarray], dict[str, np.ndarray]]

#: distinct test places handed to `locate` at a time
BATCH = 1_000_000


@dataclass(frozen=True)
class SpeedAggregates:
    """The small tables the engine reads instead of the raw tests."""

    #: map, unit_code (commune), period, kind, import_id, tests
    groups: pd.DataFrame
    #: map, unit_code (any unit or scope), period, kind, median_mbps, tests
    medians: pd.DataFrame
    #: period: the periods that have tests
    periods: pd.DataFrame


def test_periods(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The periods that have speed tests (what the engine reads when it needs no speeds)."""
    return con.execute(
        "SELECT DISTINCT period FROM speed_tests WHERE period IS NOT NULL ORDER BY period"
    ).df()


def aggregate_tests(
    con: duckdb.DuckDBPyConnection,
    locate: Locate,
    ancestors: pd.DataFrame,
    *,
    memory_limit_mb: int = 1024,
    temp_dir: Path | None = None,
) -> SpeedAggregates:
    """Per commune, period, kind and import the tests' count, and per unit (every
    ancestor in `ancestors`: map, code, anc_code, anc_level), period and kind the median
    download speed in Mbit/s over the tests below it."""
    con.execute(f"SET memory_limit = '{int(memory_limit_mb)}MB'")
    if temp_dir is not None:
        temp_dir.mkdir(parents=True, exist_ok=True)
        con.execute(f"SET temp_directory = '{temp_dir.as_posix()}'")
    con.execute("SET preserve_insertion_order = false")
    units = _number_units(ancestors)
    maps = sorted(set(ancestors["map"].astype(str)))
    try:
        _load_units(con, units, ancestors)
        _place_tests(con, locate, units, maps)
        groups = pd.concat([_groups(con, i) for i in range(len(maps))], ignore_index=True)
        medians = pd.concat([_medians(con, i) for i in range(len(maps))], ignore_index=True)
        return SpeedAggregates(groups, medians, test_periods(con))
    finally:
        for t in ("_st_tests", "_st_places", "_st_xy", "_st_anc", "_st_units"):
            con.execute(f"DROP TABLE IF EXISTS {t}")


def _number_units(ancestors: pd.DataFrame) -> pd.DataFrame:
    """map, code, u: each unit (and scope) of each map once, numbered from 0."""
    a = ancestors[["map", "code"]]
    b = ancestors[["map", "anc_code"]].rename(columns={"anc_code": "code"})
    u = pd.concat([a, b], ignore_index=True).astype(object).drop_duplicates(ignore_index=True)
    return u.assign(u=np.arange(len(u), dtype=np.int32))


def _load_units(con: duckdb.DuckDBPyConnection, units: pd.DataFrame, anc: pd.DataFrame) -> None:
    """_st_units(map, code, u) and _st_anc(u, anc, level) on the units' numbers."""
    con.register("_st_u", units)
    con.register("_st_a", anc.astype(object))
    con.execute("CREATE OR REPLACE TEMP TABLE _st_units AS SELECT map, code, u FROM _st_u")
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _st_anc AS SELECT c.u, p.u AS anc, a.anc_level AS level "
        "FROM _st_a a JOIN _st_units c ON c.map = a.map AND c.code = a.code "
        "JOIN _st_units p ON p.map = a.map AND p.code = a.anc_code"
    )
    con.unregister("_st_u")
    con.unregister("_st_a")


def _place_tests(
    con: duckdb.DuckDBPyConnection, locate: Locate, units: pd.DataFrame, maps: list[str]
) -> None:
    """_st_tests(u0, u1 …, period, kind, import_id, mbps): every test with its commune's
    number on each map (-1: none), from each distinct place's commune."""
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _st_xy AS SELECT lon, lat, "
        "row_number() OVER () - 1 AS i FROM (SELECT DISTINCT lon, lat FROM speed_tests "
        "WHERE lon IS NOT NULL AND lat IS NOT NULL AND isfinite(lon) AND isfinite(lat))"
    )
    cols = [f"u{i}" for i in range(len(maps))]
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _st_places (lon DOUBLE, lat DOUBLE"
        + "".join(f", {c} INTEGER" for c in cols)
        + ")"
    )
    index = pd.Index(units["map"].astype(str) + "\x1f" + units["code"].astype(str))
    number = units["u"].to_numpy()
    row = con.execute("SELECT count(*) FROM _st_xy").fetchone()
    total = int(row[0]) if row else 0
    for start in range(0, total, BATCH):
        xy = con.execute(
            "SELECT lon, lat FROM _st_xy WHERE i >= ? AND i < ?", [start, start + BATCH]
        ).fetchnumpy()
        lon, lat = np.asarray(xy["lon"], float), np.asarray(xy["lat"], float)
        found = locate(lon, lat)
        part = pd.DataFrame({"lon": lon, "lat": lat})
        for col, map_ in zip(cols, maps, strict=True):
            key = pd.Index(pd.Series(found[map_], dtype=object).fillna("").radd(map_ + "\x1f"))
            at = index.get_indexer(key)
            part[col] = np.where(at >= 0, number[np.maximum(at, 0)], -1).astype(np.int32)
        con.register("_st_part", part)
        con.execute("INSERT INTO _st_places SELECT * FROM _st_part")
        con.unregister("_st_part")
    con.execute("DROP TABLE _st_xy")
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _st_tests AS SELECT "
        + "".join(f"p.{c}, " for c in cols)
        + "t.period, t.kind, t.import_id, t.download_kbps / 1000.0 AS mbps "
        "FROM speed_tests t JOIN _st_places p ON t.lon = p.lon AND t.lat = p.lat "
        "WHERE t.period IS NOT NULL"
    )
    con.execute("DROP TABLE _st_places")


def _groups(con: duckdb.DuckDBPyConnection, i: int) -> pd.DataFrame:
    """The tests' count per commune of map `i`, period, kind and import."""
    return con.execute(
        f"SELECT n.map, n.code AS unit_code, t.period, t.kind, t.import_id, "
        f"count(*)::DOUBLE AS tests FROM _st_tests t JOIN _st_units n ON n.u = t.u{i} "
        "GROUP BY ALL ORDER BY ALL"
    ).df()


def _medians(con: duckdb.DuckDBPyConnection, i: int) -> pd.DataFrame:
    """The median speed over the tests below each unit on map `i`, per period and kind
    (fixed, mobile): one statement for every level and kind (one each cost more than
    the medians), its rows by level, then kind, then as each part ordered by itself."""
    return con.execute(
        "WITH m AS (SELECT a.level, t.kind, a.anc, t.period, median(t.mbps) AS median_mbps, "
        f"count(*)::DOUBLE AS tests FROM _st_tests t JOIN _st_anc a ON a.u = t.u{i} "
        "WHERE t.kind IN ('fixed', 'mobile') AND t.mbps IS NOT NULL GROUP BY ALL) "
        "SELECT n.map, n.code AS unit_code, m.period, m.kind::VARCHAR AS kind, m.median_mbps, "
        "m.tests FROM m JOIN _st_units n ON n.u = m.anc "
        "ORDER BY m.level, m.kind::VARCHAR, n.map, n.code, m.period, m.median_mbps, m.tests"
    ).df()
