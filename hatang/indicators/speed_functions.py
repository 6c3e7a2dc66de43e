"""The speed indicators' contributions (pure): raw speed tests, or their per-commune
counts where the store aggregated them out of core (hatang.store.speed_tests, the
engine then reads the store's medians), and the Ookla tiles, each in its commune.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from hatang.indicators.boundaries import Context
from hatang.indicators.functions import _cached, _empty, register


@register("download_speed")
def download_speed(ctx: Context, kind: str) -> pd.DataFrame:
    parts = [] if (t := _test_contributions(ctx, kind)) is None else [t]
    tiles = _speed_tiles(ctx)
    tiles = tiles[tiles["kind"] == kind] if not tiles.empty else tiles
    if not tiles.empty:
        parts.append(
            pd.DataFrame(
                {
                    "unit_code": tiles["unit_code"].to_numpy(),
                    "period": tiles["period"].to_numpy(),
                    "x": tiles["avg_d_kbps"].astype(float).to_numpy() / 1000.0,
                    "tests": tiles["tests"].astype(float).to_numpy(),
                    "source": "tile",
                    "table": "speed_tiles",
                    "import_id": tiles["import_id"].to_numpy(),
                    "rows": 1,
                    "method_code": 1,
                }
            )
        )
    if not parts:
        return _empty(["x", "tests", "source"])
    out = pd.concat(parts, ignore_index=True)
    return out[out["unit_code"].notna()]


def _test_contributions(ctx: Context, kind: str) -> pd.DataFrame | None:
    """The tests of `kind`: one row per raw test, or, where the store aggregated them
    (`speed_test_groups`, hatang.store.speed_tests), one per commune, period and import
    with its count and no speed (the engine then reads `speed_test_medians`)."""
    aggregated = "speed_test_groups" in ctx.frames
    t = ctx.frame("speed_test_groups") if aggregated else _speed_tests(ctx)
    if not t.empty and aggregated:
        t = t[t["map"].astype(str) == ctx.map]
    t = t[t["kind"] == kind] if not t.empty else t
    if t.empty:
        return None
    if aggregated:
        x, tests = np.full(len(t), np.nan), t["tests"].to_numpy(dtype=float)
    else:
        x, tests = t["download_kbps"].to_numpy(dtype=float) / 1000.0, np.ones(len(t))
    return pd.DataFrame(
        {
            "unit_code": t["unit_code"].to_numpy(),
            "period": t["period"].to_numpy(),
            "x": x,
            "tests": tests,
            "source": "test",
            "table": "speed_tests",
            "import_id": t["import_id"].to_numpy(),
            "rows": np.round(tests).astype(np.int64),
            "method_code": 1,
        }
    )


def _speed_tests(ctx: Context) -> pd.DataFrame:
    """Speed tests of every kind, each in its commune (located once per map)."""

    def place() -> pd.DataFrame:
        t = ctx.frame("speed_tests")
        return t.assign(unit_code=ctx.assign_points(t["lon"], t["lat"])) if not t.empty else t

    return _cached(ctx, "speed_tests", place)


def _speed_tiles(ctx: Context) -> pd.DataFrame:
    """Ookla tiles of every kind, each in the commune holding its centre."""
    from hatang.indicators.geo import quadkey_centres

    def place() -> pd.DataFrame:
        tiles = ctx.frame("speed_tiles")
        if tiles.empty:
            return tiles
        if "quadkey_centres" not in ctx.shared:
            # a tile is listed in every period and kind: each quadkey's centre once
            key, quadkeys = pd.factorize(tiles["quadkey"].astype(str))
            lon, lat = quadkey_centres(pd.Series(quadkeys))
            ctx.shared["quadkey_centres"] = (lon[key], lat[key])
        lon, lat = ctx.shared["quadkey_centres"]
        return tiles.assign(unit_code=ctx.assign_points(pd.Series(lon), pd.Series(lat)))

    return _cached(ctx, "speed_tiles", place)
