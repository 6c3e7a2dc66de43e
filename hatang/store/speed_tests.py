"""Speed tests aggregated inside DuckDB, out of core: what the indicator engine needs of
the raw tests (tens of millions on a national workspace) without moving them into pandas.

A median does not add up, so it is taken in SQL over every test below each unit (the
unit's ancestors joined in: commune, district, province, plan scopes), never over
the communes' medians. DuckDB runs under `memory_limit` and spills to a temporary
folder in the workspace. Placing a test in its commune is geometry, not SQL: the tests
pass through in batches of their row ids, only their place, a number for their period,
kind and import and their speed, and the caller's `locate` returns the position of each
one's commune on each map (hatang.indicators.boundaries does it as for every point);
the tests go back with their communes' numbers, so every later join and grouping is on
small integers (no join of the tests to their places, no codes per test).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa

#: places (lon, lat) → per map, the position of each one's commune in that map's codes
#: (-1: outside every unit)
Locate = Callable[[np.ndarray, np.ndarray], dict[str, np.ndarray]]

#: tests (row ids) passed to `locate` at a time
BATCH = 1_000_000

#: the kinds whose medians are taken
MEDIAN_KINDS = ("fixed", "mobile")


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
    codes: dict[str, np.ndarray],
    ancestors: pd.DataFrame,
    *,
    memory_limit_mb: int = 1024,
    temp_dir: Path | None = None,
) -> SpeedAggregates:
    """Per commune, period, kind and import the tests' count, and per unit (every
    ancestor in `ancestors`: map, code, anc_code, anc_level), period and kind the median
    download speed in Mbit/s over the tests below it. `codes`: per map, the communes'
    codes in the order `locate` numbers them."""
    con.execute(f"SET memory_limit = '{int(memory_limit_mb)}MB'")
    if temp_dir is not None:
        temp_dir.mkdir(parents=True, exist_ok=True)
        con.execute(f"SET temp_directory = '{temp_dir.as_posix()}'")
    con.execute("SET preserve_insertion_order = false")
    units = _number_units(ancestors)
    maps = sorted(set(ancestors["map"].astype(str)))
    try:
        _load_units(con, units, ancestors)
        _load_keys(con)
        _place_tests(con, locate, _commune_numbers(units, codes, maps), maps)
        groups = pd.concat([_groups(con, i) for i in range(len(maps))], ignore_index=True)
        medians = pd.concat([_medians(con, i) for i in range(len(maps))], ignore_index=True)
        return SpeedAggregates(groups, medians, test_periods(con))
    finally:
        for t in ("_st_tests", "_st_keys", "_st_kinds", "_st_anc", "_st_units"):
            con.execute(f"DROP TABLE IF EXISTS {t}")


def _number_units(ancestors: pd.DataFrame) -> pd.DataFrame:
    """map, code, u: each unit (and scope) of each map once, numbered from 0."""
    a = ancestors[["map", "code"]]
    b = ancestors[["map", "anc_code"]].rename(columns={"anc_code": "code"})
    u = pd.concat([a, b], ignore_index=True).astype(object).drop_duplicates(ignore_index=True)
    return u.assign(u=np.arange(len(u), dtype=np.int32))


def _commune_numbers(
    units: pd.DataFrame, codes: dict[str, np.ndarray], maps: list[str]
) -> list[np.ndarray]:
    """Per map, the unit number of each commune in `codes` order, and -1 last (where
    `locate` found none)."""
    index = pd.Index(units["map"].astype(str) + "\x1f" + units["code"].astype(str))
    number = units["u"].to_numpy()
    out = []
    for map_ in maps:
        key = pd.Index(pd.Series(codes.get(map_, []), dtype=object).astype(str).radd(map_ + "\x1f"))
        at = index.get_indexer(key)
        out.append(np.r_[np.where(at >= 0, number[np.maximum(at, 0)], -1), -1].astype(np.int32))
    return out


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


def _load_keys(con: duckdb.DuckDBPyConnection) -> None:
    """_st_kinds(period, kind, pk) and _st_keys(period, kind, import_id, pk, g): the few
    (period, kind) and (period, kind, import) the tests have, numbered, so that a test
    carries two small numbers instead of its texts."""
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _st_keys AS SELECT period, kind, import_id, "
        "(row_number() OVER () - 1)::INTEGER AS g FROM (SELECT DISTINCT period, kind, "
        "import_id FROM speed_tests WHERE period IS NOT NULL)"
    )
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _st_kinds AS SELECT period, kind, "
        "(row_number() OVER () - 1)::INTEGER AS pk FROM (SELECT DISTINCT period, kind "
        "FROM _st_keys)"
    )
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _st_keys AS SELECT k.*, p.pk FROM _st_keys k "
        "JOIN _st_kinds p ON p.period = k.period AND p.kind IS NOT DISTINCT FROM k.kind"
    )


def _place_tests(
    con: duckdb.DuckDBPyConnection, locate: Locate, numbers: list[np.ndarray], maps: list[str]
) -> None:
    """_st_tests(u0, u1 …, g, pk, mbps): every test with a place and a period, with its
    commune's number on each map (-1: none), from `locate` batch by batch."""
    cols = [f"u{i}" for i in range(len(maps))]
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _st_tests AS SELECT "
        + "".join(f"0::INTEGER AS {c}, " for c in cols)
        + "0::INTEGER AS g, 0::INTEGER AS pk, download_kbps / 1000.0 AS mbps "
        "FROM speed_tests LIMIT 0"
    )
    ((last,),) = con.execute("SELECT max(rowid) FROM speed_tests").fetchall()
    end = int(last) + 1 if last is not None else 0
    for start in range(0, end, BATCH):
        part = con.sql(
            "SELECT t.lon, t.lat, k.g, k.pk, t.download_kbps / 1000.0 AS mbps "
            "FROM speed_tests t JOIN _st_keys k ON k.period = t.period "
            "AND k.kind IS NOT DISTINCT FROM t.kind AND k.import_id IS NOT DISTINCT FROM "
            f"t.import_id WHERE t.rowid >= {int(start)} AND t.rowid < {int(start + BATCH)} "
            "AND t.lon IS NOT NULL AND t.lat IS NOT NULL AND isfinite(t.lon) "
            "AND isfinite(t.lat)"
        ).to_arrow_table()
        if not part.num_rows:
            continue
        lon = part.column("lon").to_numpy().astype(float, copy=False)
        lat = part.column("lat").to_numpy().astype(float, copy=False)
        found = locate(lon, lat)
        placed = {
            c: n[found[m]] if m in found else np.full(len(lon), -1, dtype=np.int32)
            for c, m, n in zip(cols, maps, numbers, strict=True)
        }
        out = pa.table({**placed, **{c: part.column(c) for c in ("g", "pk", "mbps")}})
        con.register("_st_part", out)
        con.execute("INSERT INTO _st_tests SELECT * FROM _st_part")
        con.unregister("_st_part")


def _groups(con: duckdb.DuckDBPyConnection, i: int) -> pd.DataFrame:
    """The tests' count per commune of map `i`, period, kind and import."""
    return con.execute(
        "SELECT n.map, n.code AS unit_code, k.period, k.kind, k.import_id, "
        f"t.tests::DOUBLE AS tests FROM (SELECT u{i} AS u, g, count(*) AS tests "
        "FROM _st_tests GROUP BY ALL) t JOIN _st_units n ON n.u = t.u "
        "JOIN _st_keys k ON k.g = t.g ORDER BY ALL"
    ).df()


def _medians(con: duckdb.DuckDBPyConnection, i: int) -> pd.DataFrame:
    """The median speed over the tests below each unit on map `i`, per period and kind
    (fixed, mobile): one statement per level (a median holds its values: every level at
    once, 20 M tests × their ancestors, outgrows DuckDB's memory limit), their rows by
    level, then kind, then as each part ordered by itself."""
    levels = [
        r[0] for r in con.execute("SELECT DISTINCT level FROM _st_anc ORDER BY level").fetchall()
    ]
    kinds = ", ".join(f"'{k}'" for k in MEDIAN_KINDS)
    parts = [
        con.execute(
            "WITH m AS (SELECT t.pk, a.anc, median(t.mbps) AS median_mbps, "
            f"count(*)::DOUBLE AS tests FROM _st_tests t JOIN _st_anc a ON a.u = t.u{i} "
            f"WHERE a.level = ? AND t.pk IN (SELECT pk FROM _st_kinds WHERE kind IN ({kinds})) "
            "AND t.mbps IS NOT NULL GROUP BY ALL) "
            "SELECT n.map, n.code AS unit_code, p.period, p.kind::VARCHAR AS kind, "
            "m.median_mbps, m.tests FROM m JOIN _st_units n ON n.u = m.anc "
            "JOIN _st_kinds p ON p.pk = m.pk "
            "ORDER BY p.kind::VARCHAR, n.map, n.code, p.period, m.median_mbps, m.tests",
            [level],
        ).df()
        for level in levels
    ]
    return pd.concat(parts, ignore_index=True) if parts else _no_medians()


def _no_medians() -> pd.DataFrame:
    cols = {"map": object, "unit_code": object, "period": object, "kind": object}
    return pd.DataFrame(columns=[*cols, "median_mbps", "tests"]).astype(
        {**cols, "median_mbps": float, "tests": float}
    )
