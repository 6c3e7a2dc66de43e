"""What the web app knows about its workspace, cached per database state.

A `Snapshot` holds the tables the pages and the portal read, the published datasets
derived from them, and anything rendered from them (pages, downloads, figures). It is
rebuilt when the database file changes (its size or modification time), or when the
app itself writes (an upload, a recomputation), so a page is computed once per state.
"""

from __future__ import annotations

import copy
import dataclasses
import json
import threading
from collections import OrderedDict
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd

from hatang.errors import WorkspaceBusy
from hatang.model.runs import current_run_id
from hatang.model.schema import TABLES
from hatang.publish import derive, render, spatial
from hatang.publish.national import national_datasets
from hatang.publish.registry import Dataset, all_datasets
from hatang.store import Workspace
from hatang.store import web_queries as q
from hatang.views.province import ProvinceScope, narrow, province_scope

#: Every use of the workspace database by this process goes through this lock: DuckDB
#: connections of one process share one database instance, and the indicator engine,
#: the importers and the page snapshots must not interleave on it.
DB_LOCK = threading.RLock()

#: rendered pages kept per snapshot for `Snapshot.recent` (searched, filtered, paged
#: lists: one per distinct query, so bounded — the least recently used goes first)
RECENT_PAGES = 256

#: tables read on every rebuild (those declared by other areas are read when present)
TABLES_READ = (
    "units",
    "crosswalk",
    "sites",
    "cells",
    "village_services",
    "indicator_values",
    "dead_spots",
    "speed_tests",
    "services",
    "coverage_units",
)
OPTIONAL_TABLES = (
    "modelled_dead_spots",
    "coverage_runs",
    "scenarios",
    "scenario_actions",
    "register_cases",
    "register_events",
)


def state_key(ws: Workspace) -> tuple[Any, ...]:
    parts: list[Any] = []
    for p in (ws.db_path, ws.db_path.with_name(ws.db_path.name + ".wal")):
        try:
            st = p.stat()
            parts += [st.st_mtime_ns, st.st_size]
        except FileNotFoundError:
            parts += [None, None]
    cov = ws.output_dir / "coverage"
    parts.append(
        max((f.stat().st_mtime_ns for f in cov.iterdir()), default=None) if cov.is_dir() else None
    )
    return tuple(parts)


class Snapshot:
    def __init__(self, ws: Workspace, key: tuple[Any, ...]):
        self.ws = ws
        self.key = key
        names = list(TABLES_READ) + [t for t in OPTIONAL_TABLES if t in TABLES]
        # never wait: while a writer holds the workspace the app answers from its last
        # snapshot (WebState.snapshot), and picks the new data up on the next request
        with DB_LOCK, ws.connect(read_only=True, blocking=False) as con:
            self.frames: dict[str, pd.DataFrame] = q.read_frames(con, names)
            self.counts = q.row_counts(con)
            last = q.last_import_time(con)
            first = q.first_import_time(con)
        self.modified = (last or datetime(2000, 1, 1)).replace(microsecond=0).isoformat()
        self.issued = (first or last or datetime(2000, 1, 1)).replace(microsecond=0).isoformat()
        self.ctx = derive.Context(
            current_map=derive.current_map(self.frames["units"]),
            synthetic=ws.synthetic,
            province=ws.settings.workspace.province,
        )
        self._memo: dict[Any, Any] = {}
        self._recent: OrderedDict[Any, Any] = OrderedDict()
        self._lock = threading.Lock()
        self.province: ProvinceScope | None = None  # set on a `narrowed` snapshot

    def narrowed(self, code: str) -> Snapshot:
        """This snapshot narrowed to one 2025 province (`?province=CODE`): its frames
        through `views.province.narrow` — the one way every page narrows — with its
        own memo, built once per database state."""
        return self.memo(("province", code), lambda: self._narrow(code))

    def _narrow(self, code: str) -> Snapshot:
        scope = province_scope(code, self.frames["units"], self.frames["crosswalk"])
        other = copy.copy(self)
        other.frames = narrow(self.frames, scope)
        other.ctx = dataclasses.replace(self.ctx, province=code)
        other.province = scope
        other._memo, other._recent, other._lock = {}, OrderedDict(), threading.Lock()
        return other

    def cached(self, key: Any) -> Any:
        """The memoised value for `key`, or None."""
        return self._memo.get(key)

    def memo(self, key: Any, fn: Callable[[], Any]) -> Any:
        """Compute once per snapshot (pages, figures, downloads)."""
        try:
            return self._memo[key]
        except KeyError:
            pass
        value = fn()
        with self._lock:
            self._memo.setdefault(key, value)
        return self._memo[key]

    def recent(self, key: Any) -> Any:
        """The page kept for `key` by `keep` (None when not kept or pushed out)."""
        with self._lock:
            if key in self._recent:
                self._recent.move_to_end(key)
                return self._recent[key]
        return None

    def keep(self, key: Any, value: Any) -> Any:
        """Keep `value` for `key` among the `RECENT_PAGES` most recently used — for
        what has one value per visitor's query (a search, a page of a list), where
        `memo`'s keep-everything would let random queries grow the memory unbounded."""
        with self._lock:
            self._recent[key] = value
            self._recent.move_to_end(key)
            while len(self._recent) > RECENT_PAGES:
                self._recent.popitem(last=False)
        return value

    # ---- published datasets ---------------------------------------------------------

    def datasets(self) -> list[Dataset]:
        """The published datasets; optional ones only when their input holds rows."""
        out = []
        for ds in all_datasets():
            if ds.optional and all(len(self.frames.get(t, ())) == 0 for t in ds.inputs):
                continue
            out.append(ds)
        if self.ws.settings.workspace.country and self.province is None:
            out += national_datasets(self._provinces_with_values())
        return out

    def _provinces_with_values(self) -> list[tuple[str, str]]:
        """The 2025 provinces with stored indicator values and villages (code, name):
        those the workspace holds data of, in code order."""
        iv, u = self.frames["indicator_values"], self.frames["units"]
        new = u[u["map"].astype(str) == "2025"]
        communes = new[new["level"] == "commune"].set_index("code")["parent_code"]
        held = set(communes.reindex(new.loc[new["level"] == "village", "parent_code"]).dropna())
        held &= set(iv.loc[iv["map"].astype(str) == "2025", "unit_code"].astype(str))
        p = new[(new["level"] == "province") & new["code"].astype(str).isin(held)]
        return sorted(zip(p["code"].astype(str), p["name"].astype(str), strict=True))

    def dataset(self, name: str) -> Dataset | None:
        return next((d for d in self.datasets() if d.name == name), None)

    def table(self, ds: Dataset) -> pd.DataFrame:
        return self.memo(
            ("table", ds.name),
            lambda: render.conform(
                ds.derive(self.frames, self.ctx), ds, synthetic=self.ctx.synthetic
            ),
        )

    def download(self, ds: Dataset, fmt: str, layer: str = "") -> bytes:
        return self.memo(
            ("file", ds.name, fmt, layer),
            lambda: render.render(
                fmt, self.table(ds), ds, synthetic=self.ws.synthetic, layer=layer
            ),
        )

    def layers(self, ds: Dataset) -> list[str]:
        """The keys of the layers a split dataset's spatial files hold (admin-units:
        "2025-commune", ...); empty for the others."""
        if not ds.layers:
            return []
        return self.memo(("layers", ds.name), lambda: spatial.layer_keys(self.table(ds), ds))

    def files(self, ds: Dataset) -> list[render.File]:
        return render.files_of(ds, self.layers(ds))

    def rows(self) -> dict[str, int]:
        return {ds.name: len(self.table(ds)) for ds in self.datasets()}

    def periods(self) -> dict[str, tuple[str, str]]:
        """(first, last) period of each published table that has periods."""
        out = {}
        for ds in self.datasets():
            t = self.table(ds)
            if "period" in t.columns and t["period"].notna().any():
                p = t["period"].dropna().astype(str)
                out[ds.name] = (p.min(), p.max())
        return out

    def bbox(self) -> tuple[float, float, float, float] | None:
        """(west, south, east, north) of the units' centroids on the current map."""
        u = self.frames["units"]
        u = u[u["map"].astype(str) == self.ctx.current_map]
        lon = pd.to_numeric(u["lon"], errors="coerce").dropna()
        lat = pd.to_numeric(u["lat"], errors="coerce").dropna()
        if lon.empty or lat.empty:
            return None
        r = 6
        return (
            round(float(lon.min()), r),
            round(float(lat.min()), r),
            round(float(lon.max()), r),
            round(float(lat.max()), r),
        )

    # ---- coverage outputs -------------------------------------------------------------

    def coverage_image(self) -> tuple[Path, list[list[float]]] | None:
        """The current run's coverage PNG (the one rule of hatang.model.runs, as the
        portal's dead spots) and its corner coordinates (lon, lat), when computed."""
        runs = self.frames.get("coverage_runs")
        run = current_run_id(runs) if runs is not None and not runs.empty else None
        return self.memo(
            "coverage_image",
            lambda: find_coverage_image(self.ws.output_dir / "coverage", run),
        )


def find_coverage_image(
    folder: Path, run_id: str | None = None
) -> tuple[Path, list[list[float]]] | None:
    """The coverage PNG of `run_id` (else, for runs without a record, the newest) and its
    corners (lon, lat): top-left, top-right, bottom-right, bottom-left — from its
    `<run>.png.json` sidecar (WGS 84 bounds), else its GeoTIFF. With a current run whose
    picture is missing there is none: the map never shows another run's coverage."""
    if not folder.is_dir():
        return None
    if run_id is not None:
        pngs = [p for p in [folder / f"{run_id}.png"] if p.is_file()]
    else:
        pngs = sorted(folder.glob("*.png"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
    for png in pngs:
        sidecar = Path(str(png) + ".json")
        try:
            if sidecar.is_file():
                (south, west), (north, east) = json.loads(sidecar.read_text(encoding="utf-8"))[
                    "bounds"
                ]
                return png, [[west, north], [east, north], [east, south], [west, south]]
            tif = png.with_suffix(".tif")
            if tif.is_file():
                return png, _tif_corners(tif)
        except (ValueError, KeyError, TypeError, OSError):
            continue  # a damaged sidecar or raster must not take the map down
    return None


def _tif_corners(tif: Path) -> list[list[float]]:
    import rasterio
    from pyproj import Transformer

    with rasterio.open(tif) as src:
        b, crs = src.bounds, src.crs
    corners = [(b.left, b.top), (b.right, b.top), (b.right, b.bottom), (b.left, b.bottom)]
    if crs:
        tr = Transformer.from_crs(crs, "EPSG:4326", always_xy=True)
        corners = [tr.transform(x, y) for x, y in corners]
    return [[float(x), float(y)] for x, y in corners]


class WebState:
    """The app's handle on its workspace: the current snapshot, rebuilt when it changes."""

    def __init__(self, ws: Workspace):
        self.ws = ws
        self._snap: Snapshot | None = None
        self._lock = threading.Lock()
        self.warmed = threading.Event()  # set when the start-up warming has finished

    def snapshot(self) -> Snapshot:
        key = state_key(self.ws)
        snap = self._snap
        if snap is not None and snap.key == key:
            return snap
        with self._lock:
            if self._snap is None or self._snap.key != key:
                try:
                    snap = Snapshot(self.ws, key)
                except WorkspaceBusy:
                    # another process (hatang import / compute) holds the database:
                    # keep answering from the last state; with none, report "busy"
                    if self._snap is not None:
                        return self._snap
                    raise
                # reading may checkpoint the file: key the snapshot on the state after it
                snap.key = state_key(self.ws)
                self._snap = snap
            return self._snap

    def current(self) -> Snapshot | None:
        """The snapshot if it matches the database now (cheap: no rebuild), else None."""
        snap = self._snap
        return snap if snap is not None and snap.key == state_key(self.ws) else None

    def invalidate(self) -> None:
        """Rebuild on the next request; the old snapshot stays the answer while a writer
        holds the workspace (dropping it made every read fail with 503 meanwhile)."""
        with self._lock:
            if self._snap is not None:
                self._snap.key = ("invalidated",)
