"""Write the synthetic country's tables as the raw files hatang imports (`hatang demo
DIR --country`): villages as units (both maps), each period's site and cell registers,
subscriptions, Ookla-style tiles, the speed tests as Parquet written a chunk at a time
(20 M rows and more never held at once), services and the reported dead spots as
GeoJSON. The only module of the national demo that writes files.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from hatang.demo import country as cty
from hatang.demo.files import REGISTER_CELL_COLUMNS, SYNTHETIC_NOTE, RawFile, write_csv
from hatang.demo.usage import tile_wkt
from hatang.model.operators import OPERATORS
from hatang.model.periods import period_start
from hatang.publish import geojson


def _name(op: str) -> str:
    return OPERATORS[op][0]


def village_units(v: pd.DataFrame) -> pd.DataFrame:
    """Villages as `units` rows on both maps (under their 2024 and 2025 communes)."""
    base = {
        "level": "village",
        "area_km2": None,
        "geometry": None,
        "geometry_source": "synthetic",
        "source": "hatang demo --country (synthetic)",
    }
    frames = []
    for map_, parent, vf, vt in (
        ("2024", "old_commune", None, "2025-06-30"),
        ("2025", "commune", "2025-07-01", None),
    ):
        frames.append(
            pd.DataFrame(
                {
                    **base,
                    "map": map_,
                    "code": v["code"],
                    "name": v["name"],
                    "parent_code": v[parent],
                    "valid_from": vf,
                    "valid_to": vt,
                    "population": v["population"],
                    "households": v["households"],
                    "adults": v["adults"],
                    "lon": v["lon"],
                    "lat": v["lat"],
                    "urban": v["urban"].map({True: "true", False: "false"}),
                }
            )
        )
    out = pd.concat(frames, ignore_index=True)
    # a commune the crosswalk does not reach from the old map has no 2024 parent
    return out[out["parent_code"].notna()].reset_index(drop=True)


#: geometry_source of a national demo's 2024 commune (docs/demo.md, "The national demo")
OLD_CENTROID_SOURCE = "synthetic-villages"
OLD_CENTROID_NOTE = (
    "centroid: population-weighted mean of its synthetic villages "
    "(hatang demo --country; synthetic / mô phỏng)"
)


def old_commune_units(v: pd.DataFrame, units: pd.DataFrame) -> pd.DataFrame:
    """The workspace's 2024 communes that hold demo villages, as `units` rows with the
    villages' population-weighted centroid (`country.old_commune_centroids`), labelled
    synthetic in geometry_source and source; every other column as the workspace has it."""
    cen = cty.old_commune_centroids(v).set_index("code")
    u = units[(units["map"].astype(str) == "2024") & (units["level"] == "commune")]
    u = u[u["code"].isin(cen.index)].drop(columns=["import_id"], errors="ignore").copy()
    u = u.sort_values("code").reset_index(drop=True)
    u["lon"] = cen.loc[u["code"], "lon"].to_numpy()
    u["lat"] = cen.loc[u["code"], "lat"].to_numpy()
    u["geometry_source"] = OLD_CENTROID_SOURCE
    u["source"] = [
        f"{s}; {OLD_CENTROID_NOTE}" if isinstance(s, str) and s else OLD_CENTROID_NOTE
        for s in u["source"]
    ]
    u["urban"] = u["urban"].map({True: "true", False: "false"})
    return u


def _registers(c: cty.Country, folder: Path) -> list[RawFile]:
    out = []
    for period in cty.PERIODS:
        s = c.sites[c.sites["first_period"] <= period]
        p = folder / f"tram-bts_{period}.csv"
        write_csv(
            p,
            pd.DataFrame(
                {
                    "Mã trạm": s["site_id"],
                    "Tên trạm": s["name"],
                    "Kinh độ": s["lon"],
                    "Vĩ độ": s["lat"],
                    "Chủ sở hữu": s["owner"].map(_name),
                    "Loại trạm": s["structure"],
                    "Độ cao (m)": s["height_m"],
                    "Mã xã": s["commune"],
                }
            ),
        )
        out.append(RawFile("sites", p, period))
        cells = c.cells[c.cells["first_period"] <= period]
        p = folder / f"cells_{period}.csv"
        cols = [k for k in REGISTER_CELL_COLUMNS if k in cells]
        write_csv(p, cells[cols].assign(operator=cells["operator"].map(_name)))
        out.append(RawFile("cells", p, period))
    return out


def _subscriptions(c: cty.Country, folder: Path) -> list[RawFile]:
    out = []
    for period, grp in c.subscriptions.groupby("period", sort=True):
        p = folder / f"thue-bao_{period}.csv"
        write_csv(
            p,
            pd.DataFrame(
                {
                    "Mã xã": grp["unit_code"],
                    "Nhà mạng": grp["operator"].map(_name),
                    "Loại thuê bao": grp["kind"],
                    "Số thuê bao": grp["count"],
                }
            ),
        )
        out.append(RawFile("subscriptions", p, str(period)))
    return out


def _tiles(c: cty.Country, folder: Path) -> list[RawFile]:
    out = []
    for (period, kind), grp in c.tiles.groupby(["period", "kind"], sort=True):
        p = folder / f"{period_start(str(period)):%Y-%m-%d}_performance_{kind}_tiles.parquet"
        table = pa.table(
            {
                "quadkey": pa.array(grp["quadkey"].astype(str).tolist(), pa.string()),
                "tile": pa.array([tile_wkt(k) for k in grp["quadkey"]], pa.string()),
                **{
                    k: pa.array(grp[k].to_numpy(), pa.int64())
                    for k in ("avg_d_kbps", "avg_u_kbps", "avg_lat_ms", "tests", "devices")
                },
            }
        )
        pq.write_table(table, p)
        out.append(RawFile("ookla", p))
    return out


def write_speed_tests(v: pd.DataFrame, total: int, seed: int, path: Path) -> int:
    """The speed tests as one Parquet file, written chunk by chunk; returns the rows."""
    writer = None
    rows = 0
    try:
        for chunk in cty.speed_test_chunks(v, total, seed):
            t = pa.Table.from_pandas(chunk, preserve_index=False)
            if writer is None:
                writer = pq.ParquetWriter(path, t.schema)
            writer.write_table(t)
            rows += len(chunk)
    finally:
        if writer is not None:
            writer.close()
    return rows


def _services(c: cty.Country, folder: Path) -> list[RawFile]:
    out = []
    for period, grp in c.services.groupby("period", sort=True):
        p = folder / f"dich-vu-cong_{period}.csv"
        write_csv(
            p,
            pd.DataFrame(
                {
                    "Mã thủ tục": grp["code"],
                    "Tên thủ tục": grp["name"],
                    "Cơ quan": grp["agency"],
                    "Mức độ": grp["level"],
                    "Tích hợp Cổng DVC quốc gia": np.where(
                        grp["on_national_portal"], "Có", "Không"
                    ),
                }
            ),
        )
        out.append(RawFile("services", p, str(period)))
    return out


def _dead_spots(c: cty.Country, folder: Path) -> RawFile:
    ds = c.dead_spots
    rows = pd.DataFrame(
        {
            "id": ds["dead_spot_id"],
            "village_code": ds["village_code"],
            "operator": [_name(o) if isinstance(o, str) else None for o in ds["operator"]],
            "reported_on": pd.to_datetime(ds["reported_on"]).dt.strftime("%d/%m/%Y"),
            "resolved_on": None,
            "description": ds["description"],
            "lon": ds["lon"].astype(float),
            "lat": ds["lat"].astype(float),
        }
    )
    p = folder / "diem-lom-song.geojson"
    doc = geojson.feature_collection(
        rows, name="diem_lom_song", members={"description": SYNTHETIC_NOTE}
    )
    p.write_bytes(geojson.dumps(doc, indent=1))
    return RawFile("dead-spots", p)


def write_country(
    c: cty.Country, speed_tests: int, folder: Path, units: pd.DataFrame | None = None
) -> list[RawFile]:
    """Every raw file of the synthetic country under `folder`; the imports, in order.
    With the workspace's `units`, the units file also gives its 2024 communes the
    synthetic centroid of their villages (`old_commune_units`)."""
    folder.mkdir(parents=True, exist_ok=True)
    p = folder / "don-vi-hanh-chinh_thon-xom.csv"
    rows = village_units(c.villages)
    if units is not None:
        old = old_commune_units(c.villages, units)
        rows = pd.concat([old[[k for k in rows.columns if k in old]], rows], ignore_index=True)
    write_csv(p, rows)
    out = [RawFile("units", p), *_registers(c, folder), *_subscriptions(c, folder)]
    out += _tiles(c, folder)
    if speed_tests > 0:
        p = folder / "do-toc-do_speed-tests.parquet"
        write_speed_tests(c.villages, speed_tests, c.seed, p)
        out.append(RawFile("speed-tests", p))
    out += [*_services(c, folder), _dead_spots(c, folder)]
    (folder / "README.txt").write_text(
        SYNTHETIC_NOTE + "\n\nRaw files of the synthetic country written by `hatang demo "
        f"--country` (seed {c.seed}) and imported with `hatang import`. See docs/demo.md.\n",
        encoding="utf-8",
    )
    return out
