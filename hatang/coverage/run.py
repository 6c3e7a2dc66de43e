"""`run_coverage`: the store-facing shell around the pure coverage core.

Reads the workspace (sites and cells of the latest period, villages and units,
reported dead spots, speed tests for calibration), runs the engine, and writes
coverage_runs, coverage_units, modelled_dead_spots and dead_spot_checks plus
output/coverage/<run>.tif (best RSRP, any operator), .png and dead-spots .geojson.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import shapely

from hatang.coverage import calibrate as calib
from hatang.coverage import deadspots as ds
from hatang.coverage import engine, population
from hatang.coverage.grid import Grid, check_projected, to_lonlat, to_xy
from hatang.errors import NotFound
from hatang.model.periods import period_end
from hatang.model.schema import TABLES
from hatang.store import db
from hatang.store.workspace import Workspace

MATCH_TOLERANCE_M = 500.0


@dataclass
class CoverageResult:
    run_id: str
    period: str
    technology: str
    operator: str  # 'any' or an operator code
    grid: Grid
    power: engine.GridPower
    people: population.PopulationGrid
    units: pd.DataFrame  # coverage_units rows
    dead_spots: pd.DataFrame  # modelled_dead_spots rows
    checks: pd.DataFrame  # dead_spot_checks rows
    calibration: dict | None
    seconds: float
    files: dict[str, Path] = field(default_factory=dict)
    synthetic: bool = False
    #: cells left out because their band lies outside the model's frequency range
    skipped_cells: int = 0

    @property
    def population(self) -> float:
        return self.people.total

    @property
    def population_covered(self) -> float:
        return float(self.people.people[self.covered].sum())

    @property
    def covered(self) -> np.ndarray:
        op = None if self.operator == "any" else self.operator
        return self.power.covered_any(operator=op, technology=self.technology)


# ---- reading ------------------------------------------------------------------------


def latest_period(con) -> str:
    periods = [r[0] for r in con.execute("SELECT DISTINCT period FROM sites").fetchall()]
    if not periods:
        raise NotFound(
            "the workspace has no sites; import a site register first (`hatang import sites FILE --period P`)"
        )
    return max(periods, key=lambda p: (period_end(p), p))


def load_cells(con, period: str, crs: str) -> pd.DataFrame:
    """Cells of the period with their site's position (projected), height and environment class."""
    frame = con.execute(
        """
        SELECT c.cell_id, c.site_id, c.operator, c.technology, c.band_mhz, c.bandwidth_mhz, c.eirp_dbm,
               c.azimuth_deg, c.beamwidth_deg, coalesce(c.height_m, s.height_m) AS height_m,
               s.lon, s.lat, s.commune_code,
               (SELECT bool_or(u.urban) FROM units u WHERE u.code = s.commune_code AND u.level = 'commune') AS urban
        FROM cells c JOIN sites s ON s.site_id = c.site_id AND s.period = c.period
        WHERE c.period = ?
        ORDER BY c.cell_id
        """,
        [period],
    ).df()
    frame["x"], frame["y"] = to_xy(frame["lon"].to_numpy(), frame["lat"].to_numpy(), crs)
    return frame


def load_villages(con) -> pd.DataFrame:
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
    best_map = "2025" if (c["map"] == "2025").any() else str(c["map"].iloc[0])
    c = c[c["map"] == best_map].reset_index(drop=True)
    radius = np.sqrt(
        pd.to_numeric(c["area_km2"], errors="coerce").to_numpy(dtype=float) * 1e6 / np.pi
    )
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
            "radius_m": radius,
        }
    )


def _extent(con, villages: pd.DataFrame) -> tuple[float, float, float, float]:
    bbox = db.get_meta(con, "bbox")
    if bbox:
        w, s, e, n = (float(t) for t in bbox.split(","))
    else:
        pts = con.execute(
            "SELECT min(lon), min(lat), max(lon), max(lat) FROM units WHERE lon IS NOT NULL"
        ).fetchone()
        if not pts or pts[0] is None:
            raise NotFound("the workspace has no unit positions to build a grid on")
        w, s, e, n = (float(t) for t in pts)
    if len(villages):
        w, s = min(w, villages["lon"].min()), min(s, villages["lat"].min())
        e, n = max(e, villages["lon"].max()), max(n, villages["lat"].max())
    return w, s, e, n


# ---- computing ----------------------------------------------------------------------


def _radio_frame(
    cells: pd.DataFrame, ws: Workspace, technology: str, operator: str | None
) -> pd.DataFrame:
    c = cells[cells["technology"] == technology]
    if operator:
        c = c[c["operator"] == operator]
    if c.empty:
        raise NotFound(
            f"no {technology} cells"
            + (f" of operator {operator}" if operator else "")
            + " in the register"
        )
    cs = ws.settings.coverage
    from hatang.coverage.propagation import get_model

    model = get_model(cs.model)
    in_band = c["band_mhz"].between(model.f_min_mhz, model.f_max_mhz)
    if not in_band.any():
        raise NotFound(
            f"none of the {len(c)} {technology} cells lies in the {model.name} model's range "
            f"({model.f_min_mhz:g}–{model.f_max_mhz:g} MHz); choose another coverage.model"
        )
    skipped = int((~in_band).sum())
    c = c[in_band]
    env = np.where(
        c["urban"].fillna(False).astype(bool) & bool(cs.urban_environment),
        cs.urban_environment,
        cs.environment,
    )
    out = c.assign(environment=env)
    out.attrs["skipped_out_of_band"] = skipped
    return out


def _people(ws: Workspace, grid: Grid, villages: pd.DataFrame) -> population.PopulationGrid:
    cs = ws.settings.coverage
    vx, vy = to_xy(villages["lon"].to_numpy(), villages["lat"].to_numpy(), grid.crs)
    total = float(villages["population"].fillna(0).sum())
    if cs.population_raster:
        people = population.raster_to_grid(ws.root / cs.population_raster, grid, total=total)
        return population.attribute_to_villages(grid, people, vx, vy)
    radius = (
        villages["radius_m"].fillna(cs.village_radius_m).to_numpy()
        if "radius_m" in villages
        else cs.village_radius_m
    )
    return population.spread_villages(
        grid, vx, vy, villages["population"].fillna(0).to_numpy(), radius
    )


def unit_rows(
    con,
    villages: pd.DataFrame,
    people: population.PopulationGrid,
    covered: dict[str, np.ndarray],
    share: float,
) -> pd.DataFrame:
    """Population and villages covered per unit (both maps), per scope ('any', operators)."""
    units = con.execute("SELECT map, code, level, parent_code FROM units").df()
    n = len(villages)
    totals = people.village_totals(n)
    rows = []
    for map_ in sorted(units["map"].unique()):
        u = units[units["map"] == map_]
        parent = {
            c: p
            for c, p in zip(u["code"], u["parent_code"], strict=True)
            if isinstance(p, str) and p
        }
        level = dict(zip(u["code"], u["level"], strict=True))
        # each village with itself and every ancestor on this map
        pairs_v, pairs_u = [], []
        for i, code in enumerate(villages["code"]):
            cur, depth = (code if code in level else None), 0
            while cur is not None and depth < 10:
                pairs_v.append(i)
                pairs_u.append(cur)
                cur, depth = parent.get(cur), depth + 1
        link = pd.DataFrame({"v": np.asarray(pairs_v, dtype=np.int64), "unit_code": pairs_u})
        if link.empty:  # no population point on this map (communes of the other map)
            continue
        missing = sorted(
            set(u["code"]) - set(link["unit_code"])
        )  # units without villages: zero rows
        for scope, cov in covered.items():
            vc = people.village_covered(cov, n)
            ok = (totals > 0) & (vc >= share * totals)
            f = link.assign(
                pop=totals[link["v"]],
                pop_cov=vc[link["v"]],
                vill=1,
                vill_cov=ok[link["v"]].astype(int),
            )
            agg = (
                f.groupby("unit_code", sort=True)[["pop", "pop_cov", "vill", "vill_cov"]]
                .sum()
                .reset_index()
            )
            empty = pd.DataFrame(
                {"unit_code": missing, "pop": 0.0, "pop_cov": 0.0, "vill": 0, "vill_cov": 0}
            )
            agg = pd.concat([agg, empty], ignore_index=True) if missing else agg
            rows.append(agg.assign(map=map_, operator=scope, level=agg["unit_code"].map(level)))
    out = pd.concat(rows, ignore_index=True)
    if "kind" in villages and (villages["kind"] != "village").any():
        # population points are communes: there is no village count to give
        out["vill"] = pd.array([None] * len(out), dtype="Int64")
        out["vill_cov"] = pd.array([None] * len(out), dtype="Int64")
    return out.rename(
        columns={
            "pop": "population",
            "pop_cov": "population_covered",
            "vill": "villages",
            "vill_cov": "villages_covered",
        }
    )


def _dead_spot_rows(
    power: engine.GridPower,
    people: population.PopulationGrid,
    grid: Grid,
    villages: pd.DataFrame,
    technology: str,
    scopes: list[str],
) -> pd.DataFrame:
    from scipy.spatial import cKDTree

    vx, vy = to_xy(villages["lon"].to_numpy(), villages["lat"].to_numpy(), grid.crs)
    tree = cKDTree(np.column_stack([vx, vy])) if len(villages) else None
    frames = []
    for scope in scopes:
        cov = power.covered_any(operator=None if scope == "any" else scope, technology=technology)
        spots, _ = ds.dead_spots(cov, people.people, grid)
        if spots.empty:
            continue
        prefix = "M" if scope == "any" else f"M-{scope}-"
        spots["dead_spot_id"] = [f"{prefix}{i + 1:04d}" for i in range(len(spots))]
        spots["scope"] = scope
        lon, lat = to_lonlat(spots["x"].to_numpy(), spots["y"].to_numpy(), grid.crs)
        spots["lon"], spots["lat"] = lon, lat
        if tree is not None:
            _, near = tree.query(np.column_stack([spots["x"], spots["y"]]))
            v = villages.iloc[near]
            is_village = (
                (v["kind"] == "village").to_numpy() if "kind" in v else np.ones(len(v), dtype=bool)
            )
            spots["nearest_village_code"] = np.where(is_village, v["code"].to_numpy(), None)
            spots["commune_code"] = v["commune_2025"].to_numpy()
            spots["commune_code_2024"] = v["commune_2024"].to_numpy()
        frames.append(spots)
    if not frames:
        return pd.DataFrame(
            columns=[
                "dead_spot_id",
                "scope",
                "geometry",
                "x",
                "y",
                "lon",
                "lat",
                "area_km2",
                "population",
                "cells",
            ]
        )
    out = pd.concat(frames, ignore_index=True)
    out["technology"] = technology
    return out


def _to_wgs84_wkt(geoms, crs: str) -> list[str]:
    def tr(xy: np.ndarray) -> np.ndarray:
        lon, lat = to_lonlat(xy[:, 0], xy[:, 1], crs)
        return np.column_stack([lon, lat])

    return [shapely.to_wkt(shapely.transform(g, tr), rounding_precision=6) for g in geoms]


def _reported(con, period: str, crs: str) -> pd.DataFrame:
    end = period_end(period)
    rep = con.execute(
        "SELECT dead_spot_id, lon, lat, operator FROM dead_spots WHERE reported_on <= ? AND (resolved_on IS NULL OR resolved_on > ?) ORDER BY dead_spot_id",
        [end, end],
    ).df()
    rep["x"], rep["y"] = to_xy(rep["lon"].to_numpy(), rep["lat"].to_numpy(), crs)
    return rep


# ---- the run ------------------------------------------------------------------------


def run_coverage(
    ws: Workspace,
    *,
    resolution: float | None = None,
    operator: str | None = None,
    technology: str = "4G",
    calibrate: bool = False,
    workers: int = 1,
    progress: Callable[[int, int], None] | None = None,
    period: str | None = None,
    write_files: bool = True,
) -> CoverageResult:
    """Model coverage of the latest site register and store the results (module docstring)."""
    cs = ws.settings.coverage
    crs = check_projected(ws.settings.workspace.crs)
    technology = technology.upper()
    res = float(resolution or cs.resolution_m)
    with ws.connect(read_only=True) as con:
        period = period or latest_period(con)
        if not con.execute("SELECT 1 FROM sites WHERE period = ? LIMIT 1", [period]).fetchone():
            raise NotFound(f"the workspace has no site register for {period}")
        cells = load_cells(con, period, crs)
        villages = load_villages(con)
        w, s, e, n = _extent(con, villages)
        reported = _reported(con, period, crs)
        tests = calib.load_tests(con, crs, technology) if calibrate else None
    if cells.empty:
        raise NotFound(f"the register of {period} has no cells")
    radios_frame = _radio_frame(cells, ws, technology, operator)
    skipped = int(radios_frame.attrs.get("skipped_out_of_band", 0))
    margin = cs.village_radius_m + 2 * res
    grid = Grid.from_lonlat_bounds(w, s, e, n, res, crs, cs.tile_cells)
    grid = Grid.from_bounds(
        *(np.array(grid.bounds) + [-margin, -margin, margin, margin]), res, crs, cs.tile_cells
    )
    calibration = None
    if calibrate:
        fit = calib.fit_offsets(radios_frame, tests, cs)
        calibration = fit.as_dict()
        radios_frame = radios_frame.assign(
            offset_db=radios_frame["operator"].map(fit.offsets).fillna(0.0)
        )
    started = time.perf_counter()
    radios = engine.prepare(radios_frame, cs)
    power = engine.compute_grid(radios, grid, workers=workers, progress=progress)
    seconds = time.perf_counter() - started
    people = _people(ws, grid, villages)
    scopes = ["any"] + sorted({op for op, _ in power.groups})
    covered = {
        sc: power.covered_any(operator=None if sc == "any" else sc, technology=technology)
        for sc in scopes
    }
    if operator:
        covered["any"] = covered[operator]
    scope_name = operator or "any"
    run_id = f"{period}-{technology}-{scope_name}-{res:g}m" + ("-cal" if calibrate else "")
    synthetic = ws.synthetic
    with ws.connect(read_only=True) as con:
        synthetic = synthetic or db.get_meta(con, "synthetic") == "true"
        units = unit_rows(
            con, villages, people, covered, ws.settings.indicators.village_covered_share
        )
    units = units.assign(run_id=run_id, period=period, technology=technology, synthetic=synthetic)
    if operator:
        units = units[units["operator"] != "any"]
    spots = _dead_spot_rows(
        power, people, grid, villages, technology, scopes if not operator else [operator]
    )
    if operator:
        spots["scope"] = spots["scope"].replace({operator: operator})
    if not operator:
        checks, spots = (
            ds.compare_reported(spots, reported, MATCH_TOLERANCE_M)
            if len(spots)
            else (reported.assign(matched_id=None, distance_m=np.nan, status="missed"), spots)
        )
    else:
        sub = reported[reported["operator"].isna() | (reported["operator"] == operator)].assign(
            operator=operator
        )
        checks, spots = (
            ds.compare_reported(spots, sub, MATCH_TOLERANCE_M)
            if len(spots)
            else (sub.assign(matched_id=None, distance_m=np.nan, status="missed"), spots)
        )
    if "reports" not in spots:
        spots["reports"], spots["status"] = 0, "model-only"
    result = CoverageResult(
        run_id,
        period,
        technology,
        scope_name,
        grid,
        power,
        people,
        units,
        spots,
        checks,
        calibration,
        seconds,
        synthetic=synthetic,
        skipped_cells=skipped,
    )
    _store(ws, result, res, cells_used=len(radios))
    if write_files:
        from hatang.coverage import export

        result.files = export.write_outputs(ws, result)
    return result


def _store(ws: Workspace, r: CoverageResult, res: float, cells_used: int) -> None:
    cs = ws.settings.coverage
    spots = r.dead_spots
    spot_rows = pd.DataFrame(
        {
            "run_id": r.run_id,
            "dead_spot_id": spots["dead_spot_id"].astype(str),
            "scope": spots["scope"],
            "technology": r.technology,
            "geometry": _to_wgs84_wkt(spots["geometry"], r.grid.crs) if len(spots) else [],
            "lon": spots["lon"].astype(float),
            "lat": spots["lat"].astype(float),
            "area_km2": spots["area_km2"].astype(float),
            "population": spots["population"].astype(float),
            "cells": spots["cells"].astype("int64"),
            "nearest_village_code": spots.get("nearest_village_code"),
            "commune_code": spots.get("commune_code"),
            "commune_code_2024": spots.get("commune_code_2024"),
            "reports": spots["reports"].astype("int64"),
            "status": spots["status"],
            "synthetic": r.synthetic,
        }
    )
    checks = pd.DataFrame(
        {
            "run_id": r.run_id,
            "dead_spot_id": r.checks["dead_spot_id"].astype(str),
            "operator": r.checks["operator"],
            "status": r.checks["status"],
            "matched_id": r.checks["matched_id"],
            "distance_m": r.checks["distance_m"].astype(float),
            "synthetic": r.synthetic,
        }
    )
    run = pd.DataFrame(
        [
            {
                "run_id": r.run_id,
                "created_at": dt.datetime.now(dt.UTC).replace(tzinfo=None),
                "period": r.period,
                "technology": r.technology,
                "operator": r.operator,
                "resolution_m": res,
                "model": cs.model,
                "settings": json.dumps(asdict(cs), ensure_ascii=False),
                "calibration": json.dumps(r.calibration) if r.calibration else None,
                "population": r.population,
                "population_covered": r.population_covered,
                "evaluations": int(r.power.evaluations),
                "seconds": r.seconds,
                "synthetic": r.synthetic,
            }
        ]
    )
    with ws.connect() as con, db.transaction(con):
        for name in ("coverage_units", "modelled_dead_spots", "dead_spot_checks", "coverage_runs"):
            con.execute(f"DELETE FROM {db.quote(name)} WHERE run_id = ?", [r.run_id])
        db.upsert_frame(con, TABLES["coverage_runs"], run)
        db.upsert_frame(
            con, TABLES["coverage_units"], r.units[TABLES["coverage_units"].column_names]
        )
        db.upsert_frame(con, TABLES["modelled_dead_spots"], spot_rows)
        db.upsert_frame(con, TABLES["dead_spot_checks"], checks)


def latest_run(con, run_id: str | None = None, technology: str | None = None) -> str:
    """The given run (checked), else the most recent all-operator run (of the technology,
    if given), else the most recent run: a run for one operator (`--operator X`) does not
    stand for the province unless it is all there is."""
    if run_id:
        row = con.execute("SELECT run_id FROM coverage_runs WHERE run_id = ?", [run_id]).fetchone()
        if not row:
            raise NotFound(f"no coverage run {run_id!r}; list them with `hatang deadspots --runs`")
        return str(row[0])
    row = con.execute(
        "SELECT run_id FROM coverage_runs WHERE ? IS NULL OR technology = ? "
        "ORDER BY (operator = 'any') DESC, created_at DESC, run_id LIMIT 1",
        [technology, technology],
    ).fetchone()
    if not row:
        what = f"{technology} " if technology else ""
        raise NotFound(f"no {what}coverage run yet; run `hatang coverage` first")
    return str(row[0])


def list_runs(ws: Workspace) -> pd.DataFrame:
    """Every stored coverage run, newest first."""
    with ws.connect(read_only=True) as con:
        return con.execute(
            "SELECT run_id, created_at, period, technology, operator, resolution_m, model, population, "
            "population_covered, seconds, calibration IS NOT NULL AS calibrated, synthetic "
            "FROM coverage_runs ORDER BY created_at DESC, run_id"
        ).df()


def read_dead_spots(
    ws: Workspace,
    *,
    run_id: str | None = None,
    min_population: float = 0.0,
    scope: str | None = None,
    technology: str | None = None,
) -> tuple[dict, pd.DataFrame, pd.DataFrame]:
    """(run row, its modelled dead spots of `scope` sorted by population, its checks).

    scope: 'any' or an operator; by default the run's own scope ('any', or the operator
    of an `--operator` run)."""
    with ws.connect(read_only=True) as con:
        run_id = latest_run(con, run_id, technology)
        run = (
            con.execute("SELECT * FROM coverage_runs WHERE run_id = ?", [run_id])
            .df()
            .iloc[0]
            .to_dict()
        )
        scope = scope or str(run["operator"])
        spots = con.execute(
            "SELECT * FROM modelled_dead_spots WHERE run_id = ? AND scope = ? AND population >= ? "
            "ORDER BY population DESC, dead_spot_id",
            [run_id, scope, min_population],
        ).df()
        checks = con.execute(
            "SELECT * FROM dead_spot_checks WHERE run_id = ? ORDER BY dead_spot_id", [run_id]
        ).df()
        names = con.execute("SELECT code, map, name FROM units").df()
    return run, _with_names(spots, names), checks


def _with_names(spots: pd.DataFrame, units: pd.DataFrame) -> pd.DataFrame:
    """Names beside the codes: nearest_village_name, commune_name (2025), commune_name_2024."""
    by_map = {
        m: dict(zip(g["code"], g["name"], strict=True)) for m, g in units.groupby("map", sort=False)
    }
    new, old = by_map.get("2025", {}), by_map.get("2024", {})
    spots = spots.copy()
    for code_col, name_col, maps in (
        ("nearest_village_code", "nearest_village_name", (new, old)),
        ("commune_code", "commune_name", (new,)),
        ("commune_code_2024", "commune_name_2024", (old,)),
    ):
        if code_col not in spots:
            continue
        spots[name_col] = [
            next((m[c] for m in maps if c in m), None) if isinstance(c, str) else None
            for c in spots[code_col]
        ]
    return spots


def comparison_summary(spots_all_scopes: pd.DataFrame, checks: pd.DataFrame) -> dict[str, int]:
    """Counts for the reported-vs-modelled comparison."""
    return {
        "reported_open": int(len(checks)),
        "reported_matched": int((checks["status"] == "matched").sum()),
        "reported_missed": int((checks["status"] == "missed").sum()),
        "modelled": int(len(spots_all_scopes)),
        "modelled_model_only": int((spots_all_scopes["status"] == "model-only").sum()),
    }


# public names for other areas (the planner models coverage exactly as a run does)
grid_extent = _extent
radio_frame = _radio_frame
population_grid = _people
