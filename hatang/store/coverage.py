"""Coverage in the store: what modelling a network reads, and a run's results.

`hatang coverage` and the planner model the same network from the same rows, so both
read it here (`read_network`); a run's results are written in one transaction
(`write_run`) and read back by `hatang deadspots` (`read_run_dead_spots`). Positions
come as WGS 84 lon/lat: projecting them onto a grid is the coverage core's job.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb
import numpy as np
import pandas as pd

from hatang.errors import NotFound
from hatang.model.periods import period_end
from hatang.model.schema import TABLES
from hatang.store import db
from hatang.store.runs import current_run, read_runs
from hatang.store.workspace import Workspace

#: the tables one coverage run writes, each keyed by run_id
RUN_TABLES = ("coverage_units", "modelled_dead_spots", "dead_spot_checks", "coverage_runs")


@dataclass(frozen=True)
class NetworkInputs:
    """The rows a period's network is modelled from."""

    period: str
    cells: pd.DataFrame  # cells with their site's lon/lat, height, commune and urban class
    villages: pd.DataFrame  # population points (villages, else communes as discs)
    bbox: tuple[float, float, float, float]  # west, south, east, north of the province
    sites: int  # sites in the period's register
    synthetic: bool  # the store says its data are synthetic
    province_of: dict[str, str] = field(default_factory=dict)  # 2025 commune → province
    #: the sites counted as the area's own (sites, sharing); None: every site of `cells`
    own_sites: frozenset[str] | None = None


@dataclass(frozen=True)
class RunInputs:
    """What a run needs beyond the network: units to sum over, reports to check against,
    and measured signal to calibrate with."""

    units: pd.DataFrame  # map, code, level, parent_code
    reported: pd.DataFrame  # reported dead spots open at the period's end
    measured: pd.DataFrame | None  # lon, lat, operator, rsrp_dbm (None: not asked for)


@dataclass(frozen=True)
class RunDeadSpots:
    """A stored run's row, its dead spots of one scope, its checks and the unit names."""

    run: dict[str, object]
    spots: pd.DataFrame
    checks: pd.DataFrame
    names: pd.DataFrame  # code, map, name of every unit


def latest_site_period(con: duckdb.DuckDBPyConnection) -> str:
    """The period of the latest site register (what a run models when none is asked for)."""
    rows = con.execute("SELECT DISTINCT period FROM sites").fetchall()
    periods = [str(r[0]) for r in rows]
    if not periods:
        raise NotFound(
            "the workspace has no sites; import a site register first "
            "(`hatang import sites FILE --period P`)"
        )
    return max(periods, key=lambda p: (period_end(p), p))


def _cells(con: duckdb.DuckDBPyConnection, period: str) -> pd.DataFrame:
    return con.execute(
        """
        SELECT c.cell_id, c.site_id, c.operator, c.technology, c.band_mhz, c.bandwidth_mhz,
               c.eirp_dbm, c.azimuth_deg, c.beamwidth_deg, coalesce(c.height_m, s.height_m) AS height_m,
               s.lon, s.lat, s.commune_code,
               (SELECT bool_or(u.urban) FROM units u
                WHERE u.code = s.commune_code AND u.level = 'commune') AS urban
        FROM cells c JOIN sites s ON s.site_id = c.site_id AND s.period = c.period
        WHERE c.period = ?
        ORDER BY c.cell_id
        """,
        [period],
    ).df()


def _villages(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Population points: one row per village with position, population and its commune
    on both maps (``kind`` 'village'). A workspace without villages (e.g. straight from
    `hatang init`) falls back to its communes with a position (on the 2025 map when it
    has any), each spread over a disc of its own area (``radius_m``; ``kind``
    'commune'); units of the other map then get no coverage rows."""
    v = con.execute(
        """
        SELECT code, any_value(name) AS name, max(population) AS population,
               coalesce(any_value(lon) FILTER (WHERE map = '2025'), any_value(lon)) AS lon,
               coalesce(any_value(lat) FILTER (WHERE map = '2025'), any_value(lat)) AS lat,
               any_value(parent_code) FILTER (WHERE map = '2025') AS commune_2025,
               any_value(parent_code) FILTER (WHERE map = '2024') AS commune_2024
        FROM units WHERE level = 'village' GROUP BY code ORDER BY code
        """
    ).df()
    v = v[v["lon"].notna() & v["lat"].notna()].reset_index(drop=True)
    if len(v):
        return v.assign(kind="village", radius_m=np.nan)
    c = con.execute(
        """
        SELECT map, code, name, population, lon, lat, area_km2 FROM units
        WHERE level = 'commune' AND lon IS NOT NULL AND lat IS NOT NULL ORDER BY map, code
        """
    ).df()
    if c.empty:
        return v.assign(kind="village", radius_m=np.nan)
    return _commune_points(c)


def _commune_points(c: pd.DataFrame) -> pd.DataFrame:
    """Communes of one map (2025 when there are any) as population discs of their area."""
    best_map = "2025" if (c["map"] == "2025").any() else str(c["map"].iloc[0])
    c = c[c["map"] == best_map].reset_index(drop=True)
    area = pd.to_numeric(c["area_km2"], errors="coerce").to_numpy(dtype=float)
    return pd.DataFrame(
        {
            "code": c["code"],
            "name": c["name"],
            "population": c["population"],
            "lon": c["lon"],
            "lat": c["lat"],
            "commune_2025": c["code"] if best_map == "2025" else None,
            "commune_2024": c["code"] if best_map == "2024" else None,
            "kind": "commune",
            "radius_m": np.sqrt(area * 1e6 / np.pi),
        }
    )


def _bbox(con: duckdb.DuckDBPyConnection) -> tuple[float, float, float, float]:
    """The province's box: the workspace's `bbox` (set by init), else its units' positions."""
    bbox = db.get_meta(con, "bbox")
    if bbox:
        w, s, e, n = (float(t) for t in bbox.split(","))
        return w, s, e, n
    pts = con.execute(
        "SELECT min(lon), min(lat), max(lon), max(lat) FROM units WHERE lon IS NOT NULL"
    ).fetchone()
    if not pts or pts[0] is None:
        raise NotFound("the workspace has no unit positions to build a grid on")
    return float(pts[0]), float(pts[1]), float(pts[2]), float(pts[3])


def _province_of(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """2025 commune → its province: which area of a national run a point belongs to."""
    rows = con.execute(
        "SELECT code, parent_code FROM units WHERE map = '2025' AND level = 'commune'"
    ).fetchall()
    return {str(c): str(p) for c, p in rows if p is not None}


def _site_count(con: duckdb.DuckDBPyConnection, period: str) -> int:
    row = con.execute("SELECT count(*) FROM sites WHERE period = ?", [period]).fetchone()
    return int(row[0]) if row else 0


def read_network(ws: Workspace, period: str | None = None) -> NetworkInputs:
    """The network of `period` (default: the latest site register) and its population;
    `sites` is 0 when the period has no register (the caller says what to do)."""
    with ws.connect(read_only=True) as con:
        period = period or latest_site_period(con)
        return NetworkInputs(
            period=period,
            cells=_cells(con, period),
            villages=_villages(con),
            bbox=_bbox(con),
            sites=_site_count(con, period),
            synthetic=ws.synthetic or db.get_meta(con, "synthetic") == "true",
            province_of=_province_of(con),
        )


def _reported(con: duckdb.DuckDBPyConnection, period: str) -> pd.DataFrame:
    end = period_end(period)
    return con.execute(
        "SELECT dead_spot_id, lon, lat, operator FROM dead_spots WHERE reported_on <= ? "
        "AND (resolved_on IS NULL OR resolved_on > ?) ORDER BY dead_spot_id",
        [end, end],
    ).df()


def _measured(con: duckdb.DuckDBPyConnection, technology: str) -> pd.DataFrame:
    """Measured signal: mobile speed tests with RSRP, and drive-test samples of the
    technology being modelled (`hatang import drive-tests`)."""
    return con.execute(
        "SELECT test_id, operator, lon, lat, rsrp_dbm FROM speed_tests "
        "WHERE kind = 'mobile' AND rsrp_dbm IS NOT NULL "
        "UNION ALL SELECT 'drive:' || measurement_id, operator, lon, lat, rsrp_dbm FROM drive_tests "
        "WHERE technology = ? AND rsrp_dbm IS NOT NULL",
        [technology],
    ).df()


def read_run_inputs(ws: Workspace, period: str, *, technology: str, measured: bool) -> RunInputs:
    """Units, the reports open at the end of `period` and (when `measured`) the measured
    signal of `technology`."""
    with ws.connect(read_only=True) as con:
        return RunInputs(
            units=con.execute("SELECT map, code, level, parent_code FROM units").df(),
            reported=_reported(con, period),
            measured=_measured(con, technology) if measured else None,
        )


def read_measured(ws: Workspace, technology: str = "4G") -> pd.DataFrame:
    """The measured signal calibration fits to (lon, lat, operator, rsrp_dbm)."""
    with ws.connect(read_only=True) as con:
        return _measured(con, technology)


def write_run(
    ws: Workspace,
    run: pd.DataFrame,
    units: pd.DataFrame,
    spots: pd.DataFrame,
    checks: pd.DataFrame,
) -> None:
    """Replace the run `run.run_id` (one row) with these rows, all or nothing: re-running
    the same run id leaves no row of the earlier run behind."""
    run_id = str(run["run_id"].iloc[0])
    frames = {
        "coverage_runs": run,
        "coverage_units": units,
        "modelled_dead_spots": spots,
        "dead_spot_checks": checks,
    }
    with ws.connect() as con, db.transaction(con):
        for name in RUN_TABLES:
            con.execute(f"DELETE FROM {db.quote(name)} WHERE run_id = ?", [run_id])
        for name, frame in frames.items():
            db.upsert_frame(con, TABLES[name], frame[TABLES[name].column_names])


def read_run_list(ws: Workspace) -> pd.DataFrame:
    """Every stored run, newest first, with the columns `hatang deadspots --runs` shows."""
    cols = [
        "run_id",
        "created_at",
        "period",
        "technology",
        "operator",
        "resolution_m",
        "model",
        "population",
        "population_covered",
        "seconds",
        "calibrated",
        "synthetic",
    ]
    with ws.connect(read_only=True) as con:
        runs = read_runs(con)
    calibrated = runs.reindex(columns=["calibration"])["calibration"].notna()
    return runs.assign(calibrated=calibrated).reindex(columns=cols).reset_index(drop=True)


def read_run_dead_spots(
    ws: Workspace,
    *,
    run_id: str | None = None,
    technology: str | None = None,
    scope: str | None = None,
    min_population: float = 0.0,
) -> RunDeadSpots:
    """The run `run_id` (else the current run, of `technology` when given: hatang.model.runs),
    its dead spots of `scope` (default: the run's own) with at least `min_population`
    people, largest first, and its checks against the reports."""
    with ws.connect(read_only=True) as con:
        run_id = current_run(con, run_id=run_id, technology=technology)
        runs = read_runs(con)
        run = runs[runs["run_id"].astype(str) == run_id].iloc[0].to_dict()
        spots = con.execute(
            "SELECT * FROM modelled_dead_spots WHERE run_id = ? AND scope = ? AND population >= ? "
            "ORDER BY population DESC, dead_spot_id",
            [run_id, scope or str(run["operator"]), min_population],
        ).df()
        checks = con.execute(
            "SELECT c.*, d.village_code FROM dead_spot_checks c "
            "LEFT JOIN dead_spots d USING (dead_spot_id) WHERE c.run_id = ? ORDER BY dead_spot_id",
            [run_id],
        ).df()
        names = con.execute("SELECT code, map, name FROM units").df()
    return RunDeadSpots({str(k): v for k, v in run.items()}, spots, checks, names)


def read_coverage_runs(ws: Workspace) -> pd.DataFrame:
    """Every stored run (rows of coverage_runs), newest first: what the current-run rule
    (hatang.model.runs) and a pinned `--run` are decided on."""
    with ws.connect(read_only=True) as con:
        return read_runs(con)
