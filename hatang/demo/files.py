"""Write the demo's generated tables as the raw files a real province would receive.

Operators' reports as XLSX with a title row and Vietnamese headers, registers as CSV
(UTF-8 with BOM, as Excel writes), one kind in Windows-1258, dead spots as GeoJSON,
OpenCelliD's header-less cell CSV and Ookla's Parquet tiles. This is the only module
of hatang.demo that writes files; `plan_files` returns what to import, in order.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from hatang.demo.generate import DemoData
from hatang.demo.network import QUARTERS
from hatang.demo.usage import tile_wkt
from hatang.model.operators import OPERATORS
from hatang.model.periods import map_for_period, period_start
from hatang.model.schema import TABLES
from hatang.publish import geojson

#: the cell register's columns as the `cells` importer reads them (schema order)
REGISTER_CELL_COLUMNS = [
    c for c in TABLES["cells"].column_names if c not in ("period", "import_id")
]

SYNTHETIC_NOTE = "DỮ LIỆU MÔ PHỎNG / SYNTHETIC DATA — hatang demo"


@dataclass(frozen=True)
class RawFile:
    kind: str
    path: Path
    period: str | None = None
    options: dict | None = None


def _quarter_vn(period: str) -> str:
    return f"Quý {period[5]}/{period[:4]}"


def _drive_tests(data: DemoData) -> pd.DataFrame:
    """A drive-test campaign of the latest quarter, as a measurement contractor delivers
    it: Vietnamese headers, operator names, LTE. Synthetic: samples are taken at the
    places of mobile speed tests that carry RSRP, moved a few metres, with the
    instrument's own noise (σ 2 dB) on top of the signal the demo's radio model gives."""
    t = data.speed_tests
    t = t[(t["kind"] == "mobile") & t["rsrp_dbm"].notna()]
    t = t[t["period"] == t["period"].max()]
    rng = np.random.default_rng(data.seed + 7)
    t = t.iloc[np.sort(rng.choice(len(t), size=min(1500, len(t)), replace=False))]
    names = {code: name for code, (name, _) in OPERATORS.items()}
    return pd.DataFrame(
        {
            "Mã đo": [f"DT{i:05d}" for i in range(1, len(t) + 1)],
            "Thời gian": t["time"].dt.strftime("%d/%m/%Y %H:%M:%S").to_numpy(),
            "Kinh độ": np.round(t["lon"].to_numpy() + rng.normal(0, 0.00005, len(t)), 6),
            "Vĩ độ": np.round(t["lat"].to_numpy() + rng.normal(0, 0.00005, len(t)), 6),
            "Nhà mạng": t["operator"].map(names).to_numpy(),
            "Công nghệ": "LTE",
            "RSRP": np.round(t["rsrp_dbm"].to_numpy() + rng.normal(0, 2.0, len(t)), 1),
        }
    )


def write_xlsx(path: Path, title: str, frame: pd.DataFrame) -> None:
    """A report as operators send it: a title row, a blank row, then the header."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    wb.properties.created = wb.properties.modified = _FIXED_TIME
    ws = wb.create_sheet("Báo cáo")
    ws.append([title])
    ws.append([SYNTHETIC_NOTE])
    ws.append([])
    ws.append(list(frame.columns))
    for row in frame.itertuples(index=False):
        ws.append(
            [
                None
                if (isinstance(v, float) and np.isnan(v))
                else (v.item() if hasattr(v, "item") else v)
                for v in row
            ]
        )
    wb.save(path)
    _freeze_zip_times(path)


_FIXED_TIME = dt.datetime(2025, 1, 1)


def _freeze_zip_times(path: Path) -> None:
    """Rewrite the workbook's zip entries with a fixed timestamp, so that the same seed
    gives byte-identical files (and so the same content hashes in raw/)."""
    import zipfile

    with zipfile.ZipFile(path) as z:
        entries = [(i, z.read(i.filename)) for i in z.infolist()]
    tmp = path.with_name(path.name + ".tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in entries:
            if info.filename == "docProps/core.xml":  # openpyxl stamps "modified" on save
                data = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                    rb"\g<1>2025-01-01T00:00:00Z\g<2>",
                    data,
                )
            fixed = zipfile.ZipInfo(info.filename, date_time=(2025, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(fixed, data)
    tmp.replace(path)


_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def _cp1258_char(ch: str) -> str:
    import unicodedata

    parts = unicodedata.normalize("NFD", ch)
    tones = "".join(c for c in parts if c in _TONES)
    return unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES)) + tones


def cp1258_text(text: str) -> str:
    """Vietnamese text as Windows-1258 spells it: base letters (â, ơ, ư …) precomposed,
    tone marks as separate combining characters."""
    table = {ord(ch): _cp1258_char(ch) for ch in set(text) if ord(ch) > 127}
    return text.translate(table)


def write_csv(path: Path, frame: pd.DataFrame, encoding: str = "utf-8-sig") -> None:
    if encoding == "cp1258":
        text = frame.to_csv(index=False, lineterminator="\r\n")
        path.write_bytes(cp1258_text(text).encode("cp1258"))
        return
    frame.to_csv(path, index=False, encoding=encoding, lineterminator="\r\n")


def _units_frame(data: DemoData, existing: pd.DataFrame) -> pd.DataFrame:
    """The workspace's units with the demo's figures and geometry filled in, and villages."""
    land = data.land
    u = existing.drop(columns=["import_id"]).copy()
    u["geometry"] = u["geometry"].astype(object)
    u["geometry_source"] = u["geometry_source"].astype(object)
    key = u["map"] + ":" + u["code"]
    old = land.old_communes.set_index("2024:" + land.old_communes["code"])
    new = land.new_communes.set_index("2025:" + land.new_communes["code"])
    for src, cols in (
        (
            old,
            [
                "population",
                "households",
                "adults",
                "area_km2",
                "lon",
                "lat",
                "geometry",
                "geometry_source",
            ],
        ),
        (new, ["households", "adults", "geometry", "geometry_source"]),
    ):
        m = key.isin(src.index)
        for c in cols:
            u.loc[m, c] = src.loc[key[m], c].to_numpy()
    # districts and the old province: sums of their communes
    oc = land.old_communes
    for code, grp in [*oc.groupby("district_code"), ("36", oc)]:
        m = (u["map"] == "2024") & (u["code"] == code)
        for c in ("population", "households", "adults"):
            u.loc[m, c] = int(grp[c].sum())
        u.loc[m, "area_km2"] = float(grp["area_km2"].sum())
    v = land.villages
    base = {
        "level": "village",
        "valid_to": None,
        "valid_from": None,
        "area_km2": None,
        "geometry": None,
        "geometry_source": "synthetic",
        "source": "hatang demo (synthetic)",
    }
    vil = []
    for map_, parent, vf, vt in (
        ("2024", "old_code", None, "2025-06-30"),
        ("2025", "new_code", "2025-07-01", None),
    ):
        vil.append(
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
                    "lon": np.round(v["lon"], 6),
                    "lat": np.round(v["lat"], 6),
                    "urban": v["urban"],
                }
            )
        )
    # only the rows the demo fills in: the 2025 province row (which holds other old
    # provinces too) keeps its official import
    touched = (u["level"] != "village") & ((u["map"] == "2024") | (u["level"] == "commune"))
    out = pd.concat([u[touched], *vil], ignore_index=True)
    # areas to the square metre: the last bits of a polygon's area follow the CPU's
    # vector instructions (numpy picks them at run time), and the file must not
    out["area_km2"] = pd.to_numeric(out["area_km2"]).round(6)
    for c in ("valid_from", "valid_to"):
        out[c] = pd.to_datetime(out[c]).dt.strftime("%Y-%m-%d")
    for c in ("population", "households", "adults"):
        out[c] = out[c].astype("Int64")
    out["urban"] = out["urban"].map({True: "true", False: "false"})
    return out


def write_all(data: DemoData, existing_units: pd.DataFrame, folder: Path) -> list[RawFile]:
    """Write every raw file under `folder`; returns the imports to run, in order."""
    folder.mkdir(parents=True, exist_ok=True)
    out: list[RawFile] = []

    p = folder / "don-vi-hanh-chinh_thon-xom.csv"
    write_csv(p, _units_frame(data, existing_units))
    out.append(RawFile("units", p))

    net = data.network
    for q, period in enumerate(QUARTERS):
        s = net.sites[net.sites["first_q"] <= q]
        c = net.cells[net.cells["first_q"] <= q]
        code_col = "old_code" if map_for_period(period) == "2024" else "new_code"
        sites = pd.DataFrame(
            {
                "Mã trạm": s["site_id"],
                "Tên trạm": s["name"],
                "Kinh độ": s["lon"].round(6),
                "Vĩ độ": s["lat"].round(6),
                "Chủ sở hữu": s["owner"].map(lambda o: OPERATORS[o][0]),
                "Loại trạm": s["structure"],
                "Độ cao (m)": s["height_m"],
                "Mã xã": s[code_col],
            }
        )
        if period == QUARTERS[-1]:  # the latest report as the operators send it
            p = folder / f"tram-bts_{period}.xlsx"
            write_xlsx(
                p, f"DANH SÁCH TRẠM BTS TỈNH NAM ĐỊNH - {_quarter_vn(period).upper()}", sites
            )
        else:  # earlier quarters re-saved as CSV (faster to import)
            p = folder / f"tram-bts_{period}.csv"
            write_csv(p, sites)
        out.append(RawFile("sites", p, period))
        if period == QUARTERS[-1]:
            # OpenCelliD first: the operators' own register imported next replaces it
            p = folder / "opencellid_452.csv"
            _write_opencellid(p, c, s, np.random.default_rng(data.seed))
            out.append(RawFile("opencellid", p, period))
        p = folder / f"cells_{period}.csv"
        write_csv(
            p,
            c[REGISTER_CELL_COLUMNS].assign(operator=c["operator"].map(lambda o: OPERATORS[o][0])),
        )
        out.append(RawFile("cells", p, period))

    for period, grp in data.subscriptions.groupby("period", sort=True):
        frame = pd.DataFrame(
            {
                "Mã xã": grp["unit_code"],
                "Nhà mạng": grp["operator"].map(lambda o: OPERATORS[o][0]),
                "Loại thuê bao": grp["kind"],
                "Số thuê bao": grp["count"],
            }
        )
        if period == QUARTERS[-1]:
            p = folder / f"thue-bao_{period}.xlsx"
            title = f"BÁO CÁO SỐ LIỆU THUÊ BAO VIỄN THÔNG - {_quarter_vn(str(period)).upper()}"
            write_xlsx(p, title, frame)
        else:
            p = folder / f"thue-bao_{period}.csv"
            write_csv(p, frame)
        out.append(RawFile("subscriptions", p, str(period)))

    for period, grp in data.village_services.groupby("period", sort=True):
        frame = pd.DataFrame(
            {
                "Mã thôn": grp["village_code"],
                "Phủ sóng di động băng rộng": np.where(grp["mobile_broadband"], "Có", "Không"),
                "Có sóng 3G": np.where(grp["mobile_3g"], "Có", "Không"),
                "Có sóng 4G": np.where(grp["mobile_4g"], "Có", "Không"),
                "Có sóng 5G": np.where(grp["mobile_5g"], "Có", "Không"),
                "Phủ băng rộng cố định": np.where(grp["fixed_broadband"], "Có", "Không"),
                "Hộ tiếp cận cáp quang": grp["fibre_households"],
            }
        )
        p = folder / f"ha-tang-thon_{period}_cp1258.csv"
        write_csv(p, frame, encoding="cp1258")
        out.append(RawFile("village-services", p, str(period)))

    p = folder / "do-toc-do_speed-tests.csv"
    t = data.speed_tests.copy()
    t["time"] = t["time"].dt.strftime("%Y-%m-%d %H:%M:%S")
    write_csv(p, t.drop(columns=["period"]), encoding="utf-8")
    out.append(RawFile("speed-tests", p))

    p = folder / "do-kiem-song_drive-tests.csv"
    write_csv(p, _drive_tests(data), encoding="utf-8")
    out.append(RawFile("drive-tests", p))

    for (period, kind), grp in data.speed_tiles.groupby(["period", "kind"], sort=True):
        start = period_start(str(period))
        p = folder / f"{start:%Y-%m-%d}_performance_{kind}_tiles.parquet"
        _write_ookla(p, grp)
        out.append(RawFile("ookla", p))

    for period, grp in data.services.groupby("period", sort=True):
        frame = pd.DataFrame(
            {
                "Mã thủ tục": grp["code"],
                "Tên thủ tục": grp["name"],
                "Cơ quan": grp["agency"],
                "Mức độ": grp["level"],
                "Tích hợp Cổng DVC quốc gia": np.where(grp["on_national_portal"], "Có", "Không"),
            }
        )
        p = folder / f"dich-vu-cong_{period}.csv"
        write_csv(p, frame)
        out.append(RawFile("services", p, str(period)))

    p = folder / "he-thong-thong-tin.csv"
    write_csv(
        p,
        data.info_systems[
            ["period", "system_id", "name", "agency", "shared", "on_cloud", "is_data_centre"]
        ],
    )
    out.append(RawFile("info-systems", p))
    p = folder / "khao-sat.csv"
    write_csv(p, data.surveys)
    out.append(RawFile("surveys", p))
    p = folder / "tai-khoan-dien-toan-dam-may.csv"
    write_csv(p, data.cloud_accounts)
    out.append(RawFile("cloud-accounts", p))
    p = folder / "cong-trinh-lien-nganh.xlsx"
    st = data.structures
    write_xlsx(
        p,
        "DANH SÁCH CÔNG TRÌNH LIÊN NGÀNH CÓ THỂ DÙNG CHUNG (CỘT ĐIỆN, THÁP NƯỚC, TRỤ SỞ)",
        pd.DataFrame(
            {
                "Mã": st["structure_id"],
                "Loại": st["kind"],
                "Kinh độ": st["lon"].round(6),
                "Vĩ độ": st["lat"].round(6),
                "Độ cao": st["height_m"],
                "Chủ sở hữu": st["owner"],
            }
        ),
    )
    out.append(RawFile("structures", p))
    p = folder / "diem-lom-song.geojson"
    _write_dead_spots(p, data.dead_spots)
    out.append(RawFile("dead-spots", p))
    # facilities last: the import ids of the files above (cited by indicator inputs) stay
    # as they were before this file was added
    p = folder / "co-so-cong-cong_truong-hoc-tram-y-te.xlsx"
    fac = data.facilities
    write_xlsx(
        p,
        "DANH SÁCH TRƯỜNG HỌC, TRẠM Y TẾ, TRỤ SỞ UBND XÃ CẦN PHỦ SÓNG DI ĐỘNG",
        pd.DataFrame(
            {
                "Mã cơ sở": fac["facility_id"],
                "Loại": fac["kind"],
                "Tên cơ sở": fac["name"],
                "Mã thôn": fac["village_code"],
                "Kinh độ": fac["lon"],
                "Vĩ độ": fac["lat"],
                "Nguồn": fac["source"],
            }
        ),
    )
    out.append(RawFile("facilities", p))
    (folder / "README.txt").write_text(
        SYNTHETIC_NOTE + "\n\nRaw files written by `hatang demo` (seed "
        f"{data.seed}) and imported into the workspace with `hatang import`. See docs/demo.md.\n",
        encoding="utf-8",
    )
    return out


def _write_ookla(path: Path, grp: pd.DataFrame) -> None:
    table = pa.table(
        {
            "quadkey": pa.array(grp["quadkey"].astype(str).tolist(), pa.string()),
            "tile": pa.array([tile_wkt(k) for k in grp["quadkey"]], pa.string()),
            "avg_d_kbps": pa.array(grp["avg_d_kbps"].to_numpy(), pa.int64()),
            "avg_u_kbps": pa.array(grp["avg_u_kbps"].to_numpy(), pa.int64()),
            "avg_lat_ms": pa.array(grp["avg_lat_ms"].to_numpy(), pa.int64()),
            "tests": pa.array(grp["tests"].to_numpy(), pa.int64()),
            "devices": pa.array(grp["devices"].to_numpy(), pa.int64()),
        }
    )
    pq.write_table(table, path)


def _write_opencellid(
    path: Path, cells: pd.DataFrame, sites: pd.DataFrame, rng: np.random.Generator
) -> None:
    """Viettel's and MobiFone's LTE cells as OpenCelliD lists them: no header, averaged positions."""
    c = cells[
        (cells["technology"] == "4G") & cells["operator"].isin(["viettel", "mobifone"])
    ].reset_index(drop=True)
    pos = sites.set_index("site_id").loc[c["site_id"], ["lon", "lat"]].to_numpy()
    enb = pd.factorize(c["site_id"])[0] + 20000
    sector = c["cell_id"].str.rsplit("-", n=1).str[1].astype(int)
    band_off = np.where(c["band_mhz"] == 2600, 10, 0)
    frame = pd.DataFrame(
        {
            "radio": "LTE",
            "mcc": 452,
            "net": c["operator"].map(lambda o: OPERATORS[o][1]).to_numpy(),
            "area": 12000 + enb // 200,
            "cell": enb * 256 + sector + band_off,
            "unit": 0,
            "lon": np.round(pos[:, 0] + rng.normal(0, 0.0015, len(c)), 6),
            "lat": np.round(pos[:, 1] + rng.normal(0, 0.0015, len(c)), 6),
            "range": rng.integers(500, 3000, len(c)),
            "samples": rng.integers(3, 400, len(c)),
            "changeable": 1,
            "created": 1577836800 + rng.integers(0, 10**8, len(c)),
            "updated": 1735689600 + rng.integers(0, 2 * 10**7, len(c)),
            "averageSignal": 0,
        }
    )
    frame.to_csv(path, index=False, header=False)


def _write_dead_spots(path: Path, ds: pd.DataFrame) -> None:
    """The reported dead spots as a GeoJSON file with Vietnamese dates, as a province
    office would export them."""

    def day(v: object) -> str | None:
        return None if v is None or pd.isna(v) else v.strftime("%d/%m/%Y")

    rows = pd.DataFrame(
        {
            "id": ds["dead_spot_id"],
            "village_code": ds["village_code"],
            "operator": [OPERATORS[o][0] if isinstance(o, str) else None for o in ds["operator"]],
            "reported_on": [day(v) for v in ds["reported_on"]],
            "resolved_on": [day(v) for v in ds["resolved_on"]],
            "description": ds["description"],
            "lon": ds["lon"].astype(float),
            "lat": ds["lat"].astype(float),
        }
    )
    doc = geojson.feature_collection(
        rows, name="diem_lom_song", members={"description": SYNTHETIC_NOTE}
    )
    path.write_bytes(geojson.dumps(doc, indent=1))
