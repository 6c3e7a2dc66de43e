"""`hatang coverage --viewshed SITE_ID`: a site's viewshed and terrain loss as a
GeoTIFF (and a PNG to look at) under output/coverage/ — the shell around
`coverage.viewshed`: the site's radios from the register, the workspace DEM on a
grid of the coverage run's cells over the site's whole reach, the files."""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from affine import Affine

from hatang.coverage import engine
from hatang.coverage.grid import Grid, check_projected
from hatang.coverage.network import radio_frame, with_xy
from hatang.coverage.run import terrain_source
from hatang.coverage.sites import Sites, group_sites, windows
from hatang.coverage.terrain_grid import site_radio
from hatang.coverage.viewshed import Viewshed, site_viewshed
from hatang.errors import ConfigError, NotFound
from hatang.store import coverage as store
from hatang.store.workspace import Workspace

#: value of the GeoTIFF's cells beyond the site's radius
NODATA = -250.0


@dataclass(frozen=True)
class ViewshedFiles:
    """What `--viewshed` wrote for one site, and its figures."""

    site_id: str
    period: str
    geotiff: Path
    png: Path
    cells: int  # cells within the site's radius
    visible_share: float
    median_loss_db: float  # over the cells within reach that do not see the antenna


def write_viewshed(
    ws: Workspace,
    site_id: str,
    *,
    technology: str = "4G",
    resolution: float | None = None,
    period: str | None = None,
) -> ViewshedFiles:
    """The viewshed of `site_id` (its radios of `technology`) over its reach."""
    cs = ws.settings.coverage
    make = terrain_source(ws)
    if make is None:
        raise ConfigError(
            "a viewshed needs a DEM: import one with `hatang import dem FILE.tif` "
            "(and [coverage] terrain not off) / cần mô hình số độ cao"
        )
    network = store.read_network(ws, period)
    cells = network.cells[network.cells["site_id"].astype(str) == site_id]
    if cells.empty:
        raise NotFound(f"no site {site_id!r} with cells in the register of {network.period}")
    tech = technology.upper()
    if not (cells["technology"].astype(str).str.upper() == tech).any():
        raise NotFound(f"site {site_id!r} has no {tech} cells in {network.period} (--tech)")
    crs = check_projected(ws.settings.workspace.crs)
    radios = radio_frame(with_xy(cells, crs), cs, tech, None)
    prepared = engine.prepare(radios, cs)
    sites = group_sites(prepared)
    grid = _around(sites, float(resolution or cs.resolution_m), crs)
    r0, r1, c0, c1 = (int(v) for v in windows(sites, grid)[0])
    site = site_radio(prepared, sites, 0)
    view = site_viewshed(make(grid), grid, site, (r0, r1, c0, c1), float(sites.radius_m[0]))
    at = ((site.x - grid.x0) / grid.res - c0 - 0.5, (grid.y1 - site.y) / grid.res - r0 - 0.5)
    folder = ws.output_dir / "coverage"
    folder.mkdir(parents=True, exist_ok=True)
    stem = folder / f"viewshed-{_safe(site_id)}-{network.period}"
    tif, png = stem.with_suffix(".tif"), stem.with_suffix(".png")
    transform = _window_transform(grid, r0, c0)
    with warnings.catch_warnings():  # rasterio's own use of `Affine * tuple` (affine ≥ 3.1)
        warnings.simplefilter("ignore", PendingDeprecationWarning)
        _geotiff(tif, view, grid.crs, transform, site_id, ws.synthetic)
    _png(png, view, at, site_id, ws.synthetic)
    shadow = view.reach & ~view.visible
    median = float(np.median(view.loss[shadow])) if shadow.any() else 0.0
    return ViewshedFiles(
        site_id, network.period, tif, png, int(view.reach.sum()), view.visible_share, median
    )


def _around(sites: Sites, res: float, crs: str) -> Grid:
    """A grid of the coverage run's cells (aligned on multiples of `res`) over the
    site's whole reach, which the province's grid may cut at its edge."""
    x, y, r = float(sites.x[0]), float(sites.y[0]), float(sites.radius_m[0]) + res
    return Grid.from_bounds(x - r, y - r, x + r, y + r, res, crs)


def _safe(site_id: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in site_id)


def _window_transform(grid: Grid, r0: int, c0: int) -> Affine:
    return Affine(grid.res, 0.0, grid.x0 + c0 * grid.res, 0.0, -grid.res, grid.y1 - r0 * grid.res)


def _geotiff(
    path: Path, v: Viewshed, crs: str, transform: Affine, site_id: str, synthetic: bool
) -> None:
    """Band 1: 1 where the antenna is seen, 0 where not; band 2: the terrain's loss (dB);
    no-data beyond the site's radius."""
    import rasterio

    visible = np.where(v.reach, v.visible.astype(np.float32), NODATA).astype(np.float32)
    loss = np.where(v.reach, v.loss, NODATA).astype(np.float32)
    ny, nx = visible.shape
    with rasterio.open(
        path, "w", driver="GTiff", height=ny, width=nx, count=2, dtype="float32", crs=crs,
        transform=transform, nodata=NODATA, compress="deflate",
    ) as dst:  # fmt: skip
        dst.write(visible, 1)
        dst.write(loss, 2)
        dst.set_band_description(1, "line of sight to the antenna (1 seen, 0 hidden)")
        dst.set_band_description(2, "terrain loss (dB): diffraction + effective height")
        dst.set_band_unit(2, "dB")
        dst.update_tags(site_id=site_id, synthetic=str(synthetic).lower())


def _png(path: Path, v: Viewshed, at: tuple[float, float], site_id: str, synthetic: bool) -> None:
    """The terrain's loss in shades, the cells that see the antenna outlined."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    loss = np.where(v.reach, v.loss, np.nan)
    fig, ax = plt.subplots(figsize=(6, 6), dpi=100)
    shown = ax.imshow(loss, cmap="magma_r", vmin=0, vmax=max(20.0, float(np.nanmax(loss) or 0)))
    ax.contour(np.where(v.reach, v.visible, 0).astype(float), levels=[0.5], colors="#1b7f3b")
    ax.plot([at[0]], [at[1]], marker="^", color="#0b5394", markersize=10)
    ax.set_axis_off()
    label = " — SYNTHETIC / mô phỏng" if synthetic else ""
    ax.set_title(f"{site_id}: terrain loss (dB), line of sight outlined{label}", fontsize=9)
    fig.colorbar(shown, ax=ax, shrink=0.7, label="dB")
    fig.savefig(path, bbox_inches="tight")
    plt.close(fig)
