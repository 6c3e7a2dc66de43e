"""Speed tests aggregated inside DuckDB, out of core: what the indicator engine needs of
the raw tests (tens of millions on a national workspace) without moving them into pandas.

A median does not add up, so it is taken in SQL over every test below each unit (the
unit's ancestors joined in: commune, district, province, plan scopes), never over
the communes' medians. DuckDB runs under `memory_limit` and spills to a temporary
folder in the workspace. Placing a test in its commune is geometry, not SQL: the
caller's `locate` gets the distinct test places in batches and returns each one's
commune on each map (hatang.indicators.boundaries does it as for every point).
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
    ancestor in `ancestors`: map, code, anc_code), period and kind the median download
    speed in Mbit/s over the tests below it."""
    con.execute(f"SET memory_limit = '{int(memory_limit_mb)}MB'")
    if temp_dir is not None:
        temp_dir.mkdir(parents=True, exist_ok=True)
        con.execute(f"SET temp_directory = '{temp_dir.as_posix()}'")
    con.execute("SET preserve_insertion_order = false")
    con.register("_st_anc", ancestors[["map", "code", "anc_code"]])
    try:
        _place_tests(con, locate)
        groups = con.execute(
            "SELECT p.map, p.code AS unit_code, t.period, t.kind, t.import_id, "
            "count(*)::DOUBLE AS tests FROM speed_tests t "
            "JOIN _st_places p ON t.lon = p.lon AND t.lat = p.lat "
            "WHERE t.period IS NOT NULL GROUP BY ALL ORDER BY ALL"
        ).df()
        medians = con.execute(
            "SELECT p.map, a.anc_code AS unit_code, t.period, t.kind, "
            "median(t.download_kbps / 1000.0) AS median_mbps, count(*)::DOUBLE AS tests "
            "FROM speed_tests t JOIN _st_places p ON t.lon = p.lon AND t.lat = p.lat "
            "JOIN _st_anc a ON a.map = p.map AND a.code = p.code "
            "WHERE t.period IS NOT NULL AND t.download_kbps IS NOT NULL "
            "GROUP BY ALL ORDER BY ALL"
        ).df()
        return SpeedAggregates(groups, medians, test_periods(con))
    finally:
        con.execute("DROP TABLE IF EXISTS _st_places")
        con.execute("DROP TABLE IF EXISTS _st_xy")
        con.unregister("_st_anc")


def _place_tests(con: duckdb.DuckDBPyConnection, locate: Locate) -> None:
    """_st_places(lon, lat, map, code): each distinct test place's commune on each map."""
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _st_xy AS SELECT lon, lat, "
        "row_number() OVER () - 1 AS i FROM (SELECT DISTINCT lon, lat FROM speed_tests "
        "WHERE lon IS NOT NULL AND lat IS NOT NULL AND isfinite(lon) AND isfinite(lat))"
    )
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _st_places (lon DOUBLE, lat DOUBLE, map VARCHAR, "
        "code VARCHAR)"
    )
    row = con.execute("SELECT count(*) FROM _st_xy").fetchone()
    total = int(row[0]) if row else 0
    for start in range(0, total, BATCH):
        xy = con.execute(
            "SELECT lon, lat FROM _st_xy WHERE i >= ? AND i < ?", [start, start + BATCH]
        ).fetchnumpy()
        lon, lat = np.asarray(xy["lon"], float), np.asarray(xy["lat"], float)
        for map_, code in locate(lon, lat).items():
            found = pd.Series(code, dtype=object).notna().to_numpy()
            part = pd.DataFrame(
                {"lon": lon[found], "lat": lat[found], "map": map_, "code": code[found]}
            )
            con.register("_st_part", part)
            con.execute("INSERT INTO _st_places SELECT lon, lat, map, code FROM _st_part")
            con.unregister("_st_part")
