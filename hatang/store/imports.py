"""What the importers read from the workspace, and the writes only they make.

The importers (hatang.io) speak no SQL: they look up the province's extent, the unit
codes and positions, the sites of a period and the OpenCelliD rows an operator's
register replaces through these functions.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from hatang.model.periods import MAPS

#: site ids of sites (and their cells) grouped from OpenCelliD rows start with this
OPENCELLID_PREFIX = "ocid-"


def province_bbox(con: duckdb.DuckDBPyConnection) -> tuple[float, float, float, float] | None:
    """The province's extent from meta 'bbox' (min lon, min lat, max lon, max lat);
    None when the workspace does not know it or the value is damaged."""
    row = con.execute("SELECT value FROM meta WHERE key = 'bbox'").fetchone()
    if not row or not row[0]:
        return None
    try:
        x0, y0, x1, y1 = (float(v) for v in str(row[0]).split(","))
    except ValueError:
        return None
    return (x0, y0, x1, y1)


def unit_codes(con: duckdb.DuckDBPyConnection) -> dict[str, set[str]]:
    """map → the codes of its units in the store (every map present, maybe empty)."""
    out: dict[str, set[str]] = {m: set() for m in MAPS}
    for map_, code in con.execute("SELECT map, code FROM units").fetchall():
        out.setdefault(str(map_), set()).add(str(code))
    return out


def unit_places(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every unit's map, code, level, position and WKT boundary (to place points)."""
    return con.execute("SELECT map, code, level, lon, lat, geometry FROM units").df()


def site_ids(con: duckdb.DuckDBPyConnection, period: str) -> set[str]:
    """The ids of the sites stored for `period` (a cell must name one)."""
    rows = con.execute("SELECT site_id FROM sites WHERE period = ?", [period]).fetchall()
    return {str(r[0]) for r in rows}


def register_operators(con: duckdb.DuckDBPyConnection, period: str) -> set[str]:
    """Operators with cells from their own register (not OpenCelliD) in `period`."""
    rows = con.execute(
        "SELECT DISTINCT operator FROM cells WHERE period = ? AND NOT starts_with(site_id, ?)",
        [period, OPENCELLID_PREFIX],
    ).fetchall()
    return {str(r[0]) for r in rows}


def opencellid_site_count(con: duckdb.DuckDBPyConnection, period: str, operator: str) -> int:
    """How many sites of `operator` in `period` were grouped from OpenCelliD rows."""
    row = con.execute(
        "SELECT count(*) FROM sites WHERE period = ? AND starts_with(site_id, ?)",
        [period, f"{OPENCELLID_PREFIX}{operator}-"],
    ).fetchone()
    return int(row[0]) if row else 0


def delete_opencellid(con: duckdb.DuckDBPyConnection, period: str, operator: str) -> None:
    """Remove `operator`'s OpenCelliD sites and cells of `period` (its register replaces
    them; call inside the import's transaction)."""
    prefix = f"{OPENCELLID_PREFIX}{operator}-"
    for table in ("cells", "sites"):
        con.execute(
            f"DELETE FROM {table} WHERE period = ? AND starts_with(site_id, ?)", [period, prefix]
        )
