"""What the indicator engine reads from a workspace and writes back (the only SQL it needs).

Inputs come out as frames, one per declared table; `coverage_units` holds only the
rows of the current coverage runs (hatang.model.runs, the one rule every consumer
uses). Values go back in one transaction with the fingerprints that let the next
`hatang compute` skip what did not change (read by hatang.store.fingerprints).
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import duckdb
import pandas as pd

from hatang.model.runs import current_run_ids
from hatang.model.schema import TABLES
from hatang.store import db
from hatang.store.fingerprints import COVERAGE as _COVERAGE
from hatang.store.fingerprints import CURRENT_JOIN as _CURRENT_JOIN
from hatang.store.fingerprints import FINGERPRINT_KEY
from hatang.store.runs import read_runs


@contextmanager
def python_strings() -> Iterator[None]:
    """Frames built meanwhile hold strings as Python objects: pandas ≥ 3 infers Arrow
    strings, several times slower in the engine's hash joins on many small frames (and
    DuckDB hands Python strings over without a conversion)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            option = pd.option_context("future.infer_string", False)
            option.__enter__()
        except (KeyError, ValueError, pd.errors.OptionError):
            option = None
    try:
        yield
    finally:
        if option is not None:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                option.__exit__(None, None, None)


@contextmanager
def _registered(
    con: duckdb.DuckDBPyConnection, name: str, frame: pd.DataFrame
) -> Iterator[duckdb.DuckDBPyConnection]:
    """`frame` visible to SQL as the view `name` while the block runs."""
    con.register(name, frame)
    try:
        yield con
    finally:
        con.unregister(name)


def _current_runs(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return current_run_ids(read_runs(con)).astype(str)


def current_coverage_units(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Rows of coverage_units that belong to the current run of their period and
    technology; rows of runs without a coverage_runs record never count."""
    current = _current_runs(con)
    if current.empty:
        return db.read_table(con, _COVERAGE, "false")
    with _registered(con, "_current", current):
        return con.execute(f"SELECT u.* {_CURRENT_JOIN}").df()


def site_operators(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """period, site_id, operators: how many operators have cells on each site in each
    period (hatang.indicators.functions.operators_per_site, grouped here by DuckDB)."""
    return con.execute(
        "SELECT period, site_id, count(DISTINCT operator) AS operators FROM cells "
        "WHERE period IS NOT NULL AND site_id IS NOT NULL GROUP BY period, site_id"
    ).df()


def cell_imports(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """period, site_id, import_id, rows: which imports carry each site's cells
    (hatang.indicators.site_cells.cell_imports, grouped here by DuckDB)."""
    return con.execute(
        "SELECT period, site_id, import_id, count(*) AS rows FROM cells "
        "WHERE period IS NOT NULL AND site_id IS NOT NULL GROUP BY period, site_id, import_id"
    ).df()


def read_inputs(con: duckdb.DuckDBPyConnection, tables: Iterable[str]) -> dict[str, pd.DataFrame]:
    """Each of `tables` as a frame, strings as Python objects. coverage_units: the
    current runs' rows only; cells: summarised as `site_operators` and
    `cell_imports`, all the engine reads of them (119,000 rows on the demo, not worth moving into pandas)."""
    out = {}
    with python_strings():
        for t in tables:
            if t == "cells":
                out["site_operators"] = site_operators(con)
                out["cell_imports"] = cell_imports(con)
            elif t == _COVERAGE:
                out[t] = current_coverage_units(con)
            else:
                out[t] = db.read_table(con, t)
    return out


def write_values(
    con: duckdb.DuckDBPyConnection, values: pd.DataFrame, fingerprints: Mapping[str, str]
) -> None:
    """Replace every stored value of the indicators in `fingerprints` by `values`
    (indicator_values columns) and record their fingerprints: all or nothing."""
    cols = TABLES["indicator_values"].column_names
    col_list = ", ".join(db.quote(c) for c in cols)
    # the fingerprints as one frame, written by two statements (one per indicator cost
    # more than the values' insert on a small workspace)
    ids = pd.DataFrame(
        {
            "indicator": list(fingerprints),
            "key": [FINGERPRINT_KEY + i for i in fingerprints],
            "value": list(fingerprints.values()),
        },
        dtype=object,
    )
    with db.transaction(con), _registered(con, "_ids", ids), _registered(con, "_vals", values):
        con.execute("DELETE FROM indicator_values WHERE indicator IN (SELECT indicator FROM _ids)")
        con.execute(f"INSERT INTO indicator_values ({col_list}) SELECT {col_list} FROM _vals")
        con.execute("DELETE FROM meta WHERE key IN (SELECT key FROM _ids)")
        con.execute("INSERT INTO meta (key, value) SELECT key, value FROM _ids")


def read_values(
    con: duckdb.DuckDBPyConnection, *, map_: str, indicators: Iterable[str]
) -> pd.DataFrame:
    """Stored values of `indicators` on `map_` (rows of indicator_values)."""
    wanted = pd.DataFrame({"indicator": list(indicators)}, dtype=object)
    with _registered(con, "_ind", wanted):
        return con.execute(
            "SELECT * FROM indicator_values WHERE map = ? "
            "AND indicator IN (SELECT indicator FROM _ind)",
            [str(map_)],
        ).df()


def read_value(
    con: duckdb.DuckDBPyConnection, indicator: str, *, unit: str, period: str, map_: str
) -> dict[str, Any] | None:
    """The stored row of one value, missing values as None; None when there is none."""
    df = db.read_table(
        con,
        "indicator_values",
        "indicator = ? AND unit_code = ? AND period = ? AND map = ?",
        [indicator, unit, period, str(map_)],
    )
    if df.empty:
        return None
    return {
        k: (None if (v is pd.NA or (isinstance(v, float) and v != v)) else v)
        for k, v in df.iloc[0].to_dict().items()
    }


def read_value_keys(
    con: duckdb.DuckDBPyConnection, indicator: str, *, units: Iterable[str], map_: str
) -> pd.DataFrame:
    """The (unit_code, period, has_value) of the stored values of one indicator for
    these units on `map_`: what `explain` chooses a unit and a period from."""
    codes = sorted(set(units))
    if not codes:
        return pd.DataFrame(columns=["unit_code", "period", "has_value"])
    return con.execute(
        "SELECT unit_code, period, value IS NOT NULL AS has_value FROM indicator_values "
        f"WHERE indicator = ? AND map = ? AND unit_code IN ({', '.join('?' * len(codes))})",
        [indicator, str(map_), *codes],
    ).df()


def read_imports(con: duckdb.DuckDBPyConnection, ids: Iterable[int]) -> pd.DataFrame:
    """Rows of `imports` with these ids (file name, content hash, period, synthetic)."""
    ids = sorted(set(ids))
    if not ids:
        return pd.DataFrame(columns=TABLES["imports"].column_names)
    return db.read_table(con, "imports", f"import_id IN ({', '.join('?' * len(ids))})", ids)


def read_units(
    con: duckdb.DuckDBPyConnection, *, map_: str | None = None, code: str | None = None
) -> pd.DataFrame:
    """Units, of one map and / or one code when given."""
    where, params = [], []
    if map_ is not None:
        where.append("map = ?")
        params.append(str(map_))
    if code is not None:
        where.append("code = ?")
        params.append(code)
    return db.read_table(con, "units", " AND ".join(where), params)


def read_crosswalk(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return db.read_table(con, "crosswalk")
