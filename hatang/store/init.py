"""Create a workspace for one province, or the whole country, with its real
administrative units.

`init_workspace(root, "37")` makes the folder (hatang.toml, hatang.duckdb, raw/,
quarantine/), then loads the province's units on both maps and the crosswalk from
the packaged official lists in one transaction, each recorded in `imports`.
`init_workspace(root, country=True)` does the same with every province of both maps
and the whole crosswalk (a national workspace, `[workspace] country = true`).
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from hatang import settings as settings_mod
from hatang.errors import WorkspaceError
from hatang.model import admin
from hatang.model.schema import CROSSWALK, UNITS
from hatang.store import db, lock
from hatang.store.workspace import CONFIG, DATABASE, Workspace


@dataclass(frozen=True)
class InitSummary:
    """What `init_workspace` loaded: units per (map, level) and crosswalk rows."""

    province: admin.ProvinceRef
    crs: str
    bbox: tuple[float, float, float, float]
    units: dict[tuple[str, str], int]
    crosswalk_rows: int


def province_settings(
    ref: admin.ProvinceRef, units: pd.DataFrame, *, synthetic: bool
) -> settings_mod.Settings:
    """A workspace's settings; for the country (admin.COUNTRY) `crs` is only the
    default of code that needs one CRS: coverage takes each province's own zone."""
    s = settings_mod.Settings()
    s.workspace.province = ref.code
    s.workspace.province_map = ref.map
    s.workspace.name = ref.name
    s.workspace.crs = admin.utm_crs(admin.province_centroid(units)[0])
    s.workspace.synthetic = synthetic
    s.workspace.country = ref == admin.COUNTRY
    return s


def _clear(root: Path) -> None:
    """--force: remove what a workspace holds (never anything else in the folder)."""
    for name in (CONFIG, DATABASE, DATABASE + ".wal"):
        (root / name).unlink(missing_ok=True)
    for sub in ("raw", "quarantine", "output", "terrain"):
        if (root / sub).is_dir():
            shutil.rmtree(root / sub)


def _subset(
    province: str | None, country: bool, map_: str | None
) -> tuple[admin.ProvinceRef, pd.DataFrame, pd.DataFrame]:
    if country == bool(province):
        raise WorkspaceError(
            "give either a province (--province CODE) or --country, not both nor neither"
        )
    if country:
        ref, (units, crosswalk) = admin.COUNTRY, admin.country_subset()
    else:
        ref = admin.resolve_province(str(province), map=map_)
        units, crosswalk = admin.province_subset(ref)
    # the 2024 communes have no position in the official lists: an approximate one
    return ref, admin.with_old_centroids(units), crosswalk


def init_workspace(
    root: Path | str,
    province: str | None = None,
    *,
    country: bool = False,
    force: bool = False,
    synthetic: bool = False,
    map: str | None = None,  # noqa: A002 - as in units.map
) -> Workspace:
    """Create the workspace for `province` (code or name), or with `country` for every
    province, and load its units.

    With force, an existing workspace in `root` is replaced (its database, raw/,
    quarantine/, output/ and terrain/ are deleted). Raises NotFound for an unknown province,
    WorkspaceError when `root` is already a workspace and force is not given. A code or
    name on both maps means the 2025 province unless map="2024".
    """
    root = Path(root).expanduser().resolve()
    ref, units, crosswalk = _subset(province, country, map)
    if root.exists() and not root.is_dir():
        raise WorkspaceError(f"{root} is a file, not a folder; give a folder for the workspace")
    if (root / CONFIG).exists() or (root / DATABASE).exists():
        if not force:
            raise WorkspaceError(
                f"{root} is already a workspace ({CONFIG} exists); use another folder or --force"
            )
        _clear(root)
    created = not root.exists()
    try:
        ws = Workspace.create(root, province_settings(ref, units, synthetic=synthetic))
        load_units(ws, ref, units, crosswalk)
    except BaseException:
        # never leave a half-made workspace behind
        _clear(root)
        if created and root.is_dir():
            for name in (lock.LOCK_FILE, lock.OWNER_FILE):  # nobody else knew the folder
                (root / name).unlink(missing_ok=True)
            if not any(root.iterdir()):
                root.rmdir()
        raise
    return ws


def _scope_note(ref: admin.ProvinceRef) -> str:
    if ref == admin.COUNTRY:
        return "every province of Việt Nam (34 on the 2025 map, 63 on the 2024 map)"
    return f"{ref.name} ({ref.code}, {ref.map} map)"


def load_units(
    ws: Workspace, ref: admin.ProvinceRef, units: pd.DataFrame, crosswalk: pd.DataFrame
) -> None:
    """Write units and crosswalk, their `imports` rows and the province meta, atomically."""
    bbox = admin.province_extent(units)
    with ws.connect() as con, db.transaction(con):
        for kind, table, frame, name in (
            ("units", UNITS, units, admin.UNITS_FILE),
            ("crosswalk", CROSSWALK, crosswalk, admin.CROSSWALK_FILE),
        ):
            import_id = db.record_import(
                con,
                kind=kind,
                file_name=f"hatang:{name}",
                sha256=admin.packaged_sha256(name),
                period=None,
                encoding="parquet",
                rows_read=len(frame),
                rows_loaded=len(frame),
                rows_rejected=0,
                synthetic=False,
                note=f"official units for {_scope_note(ref)}, both maps",
            )
            db.upsert_frame(con, table, frame.assign(import_id=import_id)[table.column_names])
        db.set_meta(con, "bbox", ",".join(f"{v:.5f}" for v in bbox))
        db.set_meta(con, "province_map", ref.map)
        db.set_meta(con, "province_code", ref.code)
        db.set_meta(con, "province_name", ref.name)


def summary(ws: Workspace) -> InitSummary:
    """Counts of what a workspace holds of units and crosswalk (for `hatang init`)."""
    with ws.connect(read_only=True) as con:
        rows = con.execute(
            'SELECT "map", level, count(*) FROM units GROUP BY ALL ORDER BY ALL'
        ).fetchall()
        cw = con.execute("SELECT count(*) FROM crosswalk").fetchone()
        bbox = db.get_meta(con, "bbox") or "nan,nan,nan,nan"
    s = ws.settings.workspace
    box = tuple(float(v) for v in bbox.split(","))
    return InitSummary(
        province=admin.ProvinceRef(s.province_map, s.province, s.name),
        crs=s.crs,
        bbox=(box[0], box[1], box[2], box[3]),
        units={(m, lvl): int(n) for m, lvl, n in rows},
        crosswalk_rows=int(cw[0]) if cw else 0,
    )
