"""`build_province_demo`: the synthetic demo on any 2025 province's real map.

init the province's workspace (its real communes: codes, names, populations, areas,
centroids) → generate its villages, sites, cells, subscriptions, speed tests, services
and reported dead spots with the national demo's rules (`demo.country`) → for a
province with relief, a synthetic DEM (`demo.relief`) written as a GeoTIFF and
imported with `hatang import dem` → a drive-test campaign measured on the terrain run's
signal with a known offset per operator, so that `hatang coverage --calibrate` has
something true to find. Everything is imported through hatang.io (synthetic=True).
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from hatang.demo import country as cty
from hatang.demo import relief as rel
from hatang.demo.country_build import SPEED_TESTS, Progress, _quiet
from hatang.demo.country_files import write_country
from hatang.demo.files import RawFile, write_csv
from hatang.store import db
from hatang.store.workspace import Workspace
from hatang.views import format as fmt
from hatang.views.format import Style

#: the province demo's default seed
DEFAULT_SEED = 137
#: people of the country the national demo's SPEED_TESTS stand for
COUNTRY_PEOPLE = 113_700_000
#: the model's error each operator's drive tests carry (dB, measured − modelled):
#: what calibration should find
PLANTED_OFFSET_DB = {"viettel": 2.0, "vnpt": -3.0, "mobifone": -1.5}
#: drive-test samples, their spread around villages (km), shadowing and instrument σ (dB)
DRIVE_SAMPLES, DRIVE_SPREAD_KM, SHADOWING_DB, INSTRUMENT_DB = 6_000, 1.5, 6.0, 2.0
#: the weakest signal a drive-test receiver reports (dBm)
RECEIVER_FLOOR_DBM = -135.0
#: margin of the DEM around the villages and communes (degrees, about 10 km)
DEM_MARGIN_DEG = 0.1


def build_province_demo(
    root: Path | str,
    province: str,
    *,
    seed: int = DEFAULT_SEED,
    progress: Progress | None = None,
    force: bool = False,
    resolution_m: float | None = None,
) -> Workspace:
    """Build the demo of `province` (a 2025 code or name) in `root` and return it;
    `resolution_m` sets the workspace's coverage grid (a coarser one runs faster)."""
    from hatang import settings as settings_mod
    from hatang.io import import_file
    from hatang.model.admin import resolve_province
    from hatang.store.init import init_workspace
    from hatang.store.workspace import CONFIG

    started = time.perf_counter()
    report = progress or _quiet
    ref = resolve_province(province, map="2025")
    ws = init_workspace(Path(root), ref.code, force=force, synthetic=True, map="2025")
    # subscriptions are drawn per the units' (merger-plan) population: the base they
    # are read on, as in the Nam Định demo
    ws.settings.indicators.population_base = "plan"
    if resolution_m is not None:
        ws.settings.coverage.resolution_m = float(resolution_m)
    settings_mod.save(ws.settings, ws.root / CONFIG)
    with ws.connect(read_only=True) as con:
        units = db.read_table(con, "units")
        crosswalk = db.read_table(con, "crosswalk")
    communes = units[(units["map"] == "2025") & (units["level"] == "commune")]
    communes = communes.sort_values("code").reset_index(drop=True)
    report("generate", "Sinh dữ liệu mô phỏng / generating", 0, 3)
    c = cty.generate_country(communes, crosswalk, seed)
    people = float(communes["population"].fillna(0).sum())
    files = write_country(
        c, round(SPEED_TESTS * people / COUNTRY_PEOPLE), ws.root / "incoming", units
    )
    report("generate", "Mô hình số độ cao / elevation", 1, 3)
    relief = rel.relief_of(ref.code)
    if relief is not None:
        files.append(write_dem(communes, c.villages, relief, seed, ws.root / "incoming"))
    report("generate", "Sinh dữ liệu mô phỏng / generated", 3, 3)
    for i, f in enumerate(files):
        report("import", f"Nhập / importing {f.kind}: {f.path.name}", i, len(files) + 1)
        import_file(ws, f.kind, f.path, period=f.period, synthetic=True, options=f.options)
    report("import", "Đo kiểm sóng / drive tests", len(files), len(files) + 1)
    drive = _drive_file(ws, seed, ws.root / "incoming")
    import_file(ws, drive.kind, drive.path, synthetic=True)
    report("import", "Nhập tệp / imported", len(files) + 1, len(files) + 1)
    with ws.connect() as con:
        db.set_meta(con, "synthetic", "true")
        db.set_meta(con, "demo_seed", str(seed))
        db.set_meta(con, "demo_province", ref.code)
        db.set_meta(con, "demo_dem", "synthetic" if relief else "none (flat province)")
        db.set_meta(con, "demo_build_seconds", f"{time.perf_counter() - started:.1f}")
    return ws


def write_dem(
    communes: pd.DataFrame, villages: pd.DataFrame, relief: rel.Relief, seed: int, folder: Path
) -> RawFile:
    """The synthetic DEM as a GeoTIFF (EPSG:4326, float32, tagged SYNTHETIC)."""
    import rasterio
    from rasterio.transform import from_origin

    lon = pd.concat([communes["lon"], villages["lon"]]).astype(float)
    lat = pd.concat([communes["lat"], villages["lat"]]).astype(float)
    m = DEM_MARGIN_DEG
    bounds = (lon.min() - m, lat.min() - m, lon.max() + m, lat.max() + m)
    dem = rel.synthetic_dem(communes, villages, bounds, relief, seed)
    path = folder / "do-cao_dem_SYNTHETIC.tif"
    ny, nx = dem.elevation.shape
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PendingDeprecationWarning)  # affine ≥ 3.1 in rasterio
        profile = dict(
            driver="GTiff", width=nx, height=ny, count=1, dtype="float32", crs="EPSG:4326",
            transform=from_origin(dem.west, dem.north, dem.cell_deg, dem.cell_deg),
            nodata=-32768.0, compress="deflate", tiled=True,
        )  # fmt: skip
        with rasterio.open(path, "w", **profile) as out:
            out.write(dem.elevation, 1)
            out.update_tags(SYNTHETIC="true", SOURCE="hatang demo --province (synthetic relief)")
            out.set_band_description(1, "elevation (m), SYNTHETIC")
    return RawFile("dem", path)


def measured_signal(ws: Workspace, lon: np.ndarray, lat: np.ndarray, operator: str) -> np.ndarray:
    """The 4G RSRP (dBm) the workspace's coverage model — with its terrain when it has
    one — predicts for `operator` at the points, on the run's own grid."""
    from hatang.coverage import engine
    from hatang.coverage.grid import check_projected, to_xy
    from hatang.coverage.network import area_grid, radio_frame
    from hatang.coverage.run import terrain_source
    from hatang.store import coverage as store

    cs = ws.settings.coverage
    crs = check_projected(ws.settings.workspace.crs)
    network = store.read_network(ws, None)
    cells = network.cells
    cells = cells.assign(**dict(zip("xy", to_xy(cells["lon"], cells["lat"], crs), strict=True)))
    radios = radio_frame(cells, cs, "4G", operator)
    pts = np.column_stack(to_xy(pd.Series(lon), pd.Series(lat), crs))
    on_grid = terrain_source(ws)
    if on_grid is None:
        return engine.best_received_power(radios, pts, cs, margin_db=40).astype(float)
    grid = area_grid(network.bbox, network.villages, cs, cs.resolution_m, crs)
    t = on_grid(grid)
    return engine.best_received_power(radios, pts, cs, margin_db=40, terrain=t, grid=grid).astype(
        float
    )


def _drive_file(ws: Workspace, seed: int, folder: Path) -> RawFile:
    """A drive-test campaign around the villages of the latest quarter: the model's
    signal (terrain and all) + PLANTED_OFFSET_DB + shadowing + instrument noise."""
    from hatang.model.operators import OPERATORS

    with ws.connect(read_only=True) as con:
        v = db.read_table(con, "units")
    v = v[(v["level"] == "village") & (v["map"] == "2025")]
    rng = np.random.default_rng(seed + 29)
    pick = rng.choice(len(v), DRIVE_SAMPLES, p=_weights(v["population"]))
    lon0, lat0 = v["lon"].to_numpy(float)[pick], v["lat"].to_numpy(float)[pick]
    r = DRIVE_SPREAD_KM * np.sqrt(rng.random(DRIVE_SAMPLES))
    a = rng.random(DRIVE_SAMPLES) * 2 * np.pi
    lat = lat0 + r * np.cos(a) / 110.57
    lon = lon0 + r * np.sin(a) / (111.32 * np.cos(np.radians(lat0)))
    ops = rng.choice(list(PLANTED_OFFSET_DB), DRIVE_SAMPLES)
    rsrp = np.full(DRIVE_SAMPLES, np.nan)
    for op, offset in PLANTED_OFFSET_DB.items():
        m = ops == op
        rsrp[m] = measured_signal(ws, lon[m], lat[m], op) + offset
    # a campaign drives where there is service: samples whose signal (before the
    # noise) is two σ above the receiver's floor, so the floor cuts no noise tail off
    # and the offsets stay unbiased
    sigma = float(np.hypot(SHADOWING_DB, INSTRUMENT_DB))
    served = rsrp >= RECEIVER_FLOOR_DBM + 2 * sigma
    rsrp += rng.normal(0, SHADOWING_DB, DRIVE_SAMPLES) + rng.normal(0, INSTRUMENT_DB, DRIVE_SAMPLES)
    keep = served & (rsrp >= RECEIVER_FLOOR_DBM)
    names = {code: name for code, (name, _) in OPERATORS.items()}
    start = pd.Timestamp("2025-11-03 08:00:00")
    frame = pd.DataFrame(
        {
            "Mã đo": [f"DT{i:05d}" for i in range(1, int(keep.sum()) + 1)],
            "Thời gian": (start + pd.to_timedelta(np.arange(int(keep.sum())) * 5, unit="s"))
            .strftime("%d/%m/%Y %H:%M:%S")
            .to_numpy(),
            "Kinh độ": np.round(lon[keep], 6),
            "Vĩ độ": np.round(lat[keep], 6),
            "Nhà mạng": pd.Series(ops[keep]).map(names).to_numpy(),
            "Công nghệ": "LTE",
            "RSRP": np.round(rsrp[keep], 1),
        }
    )
    path = folder / "do-kiem-song_drive-tests.csv"
    write_csv(path, frame, encoding="utf-8")
    return RawFile("drive-tests", path)


def _weights(population: pd.Series) -> np.ndarray:
    p = population.fillna(0).to_numpy(float) + 1.0
    return p / p.sum()


def compute_province_results(
    ws: Workspace,
    *,
    progress: Callable[[str, int, int], None] | None = None,
    style: Style = fmt.TERMINAL,
) -> list[str]:
    """`hatang coverage --calibrate` (with the terrain when the province has a DEM) and
    every indicator, numbers in `style`; a step that fails is reported, not raised."""
    from hatang.coverage.run import run_coverage
    from hatang.errors import HatangError
    from hatang.indicators import compute_workspace

    lines = []
    try:
        t = time.perf_counter()
        r = run_coverage(ws, calibrate=True)
        lines.append(f"coverage {r.run_id} ({r.grid_text}): {time.perf_counter() - t:.0f} s")
        lines += _calibration_lines(r.calibration or {}, style)
    except (HatangError, ImportError) as e:
        lines.append(f"coverage not computed / chưa tính vùng phủ: {e}")
    try:
        t = time.perf_counter()
        compute_workspace(ws, progress=progress)
        lines.append(f"indicators: {time.perf_counter() - t:.0f} s")
    except (HatangError, ImportError) as e:
        lines.append(f"indicators not computed / chưa tính chỉ tiêu: {e}")
    return lines


def _calibration_lines(calibration: dict, style: Style) -> list[str]:
    """Each operator's offset as calibration found it beside the one planted."""
    found = calibration.get("offsets_db", {})
    skipped = calibration.get("skipped", {})
    return [
        f"calibration / hiệu chỉnh {op}: {fmt.change(found[op], 1, style)} dB found, "
        f"{fmt.change(planted, 1, style)} dB planted"
        if op in found
        else f"calibration / hiệu chỉnh {op}: not fitted ({skipped.get(op, '')})"
        for op, planted in PLANTED_OFFSET_DB.items()
    ]


def province_figures(ws: Workspace, style: Style = fmt.TERMINAL) -> list[tuple[str, str]]:
    """What the province demo holds: counts of the latest period and its DEM."""
    from hatang.store.national import country_counts

    last = cty.PERIODS[-1]
    n = country_counts(ws, last)
    return [
        ("Thôn mô phỏng / villages", fmt.whole(n["villages"], style)),
        ("Dân số / people", fmt.whole(n["people"], style)),
        (f"Trạm BTS / sites ({last})", fmt.whole(n["sites"], style)),
        (f"Ô (cell) / cells ({last})", fmt.whole(n["cells"], style)),
        ("Lượt đo tốc độ / speed tests", fmt.whole(n["speed_tests"], style)),
        ("Địa hình / DEM", _dem_text(ws, style)),
    ]


def _dem_text(ws: Workspace, style: Style) -> str:
    if not ws.dem_path.is_file():
        return "none: a flat province / không (tỉnh đồng bằng)"
    import rasterio

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PendingDeprecationWarning)
        with rasterio.open(ws.dem_path) as src:
            z = src.read(1, masked=True).compressed()
    lo, mid, hi = np.percentile(z, [1, 50, 99]) if z.size else (0.0, 0.0, 0.0)
    w = fmt.whole
    return f"SYNTHETIC {w(lo, style)}–{w(hi, style)} m (median {w(mid, style)} m)"
