"""OpenCelliD cells → sites, and Ookla open-data tiles (files generated here: Ookla's
data is CC BY-NC-SA and never shipped)."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from hatang.errors import ConfigError, ImportFailed
from hatang.io import import_file
from hatang.io.ookla import from_file_name, quadkey_centre, quadkey_of
from hatang.io.opencellid import CELL_DEFAULTS, distance_m

HEADER = (
    "radio,mcc,net,area,cell,unit,lon,lat,range,samples,changeable,created,updated,averageSignal\n"
)


def ocid(tmp_path: Path, rows: list[str], header: bool = False, name: str = "452.csv") -> Path:
    path = tmp_path / name
    lines = []
    for r in rows:  # radio,mcc,net,area,cell,lon,lat → the full OpenCelliD row
        p = r.split(",")
        lines.append(
            ",".join([*p[:5], "0", *p[5:7], "1000", "5", "1", "1700000000", "1750000000", "0"])
            + "\n"
        )
    path.write_text((HEADER if header else "") + "".join(lines))
    return path


def table(ws, sql: str) -> list[tuple]:
    with ws.connect(read_only=True) as con:
        return con.execute(sql).fetchall()


@pytest.mark.parametrize("header", [False, True])
def test_opencellid_groups_cells_into_sites(ws, examples, tmp_path, header):
    path = examples / "opencellid.csv"
    if header:
        path = tmp_path / "with-header.csv"
        path.write_text(HEADER + (examples / "opencellid.csv").read_text())
    report = import_file(ws, "opencellid", path, period="2025Q3")
    assert (report.rows_read, report.rows_skipped, report.rows_rejected) == (8, 2, 0)
    assert report.tables == {"sites": (3, 0), "cells": (6, 0)}
    sites = table(
        ws,
        "SELECT site_id, owner, structure, height_m, location_approx, lon, lat FROM sites ORDER BY 1",
    )
    assert [s[:5] for s in sites] == [
        ("ocid-mobifone-5002", "mobifone", "tower", 30.0, True),
        ("ocid-viettel-12000", "viettel", "tower", 30.0, True),
        ("ocid-vnpt-c1", "vnpt", "tower", 30.0, True),
    ]
    # the viettel site stands at the mean of its three LTE cells and its GSM cell
    assert sites[1][5] == pytest.approx((106.4510 + 106.4514 + 106.4508 + 106.4512) / 4)
    assert sites[1][6] == pytest.approx((20.2482 + 20.2479 + 20.2484 + 20.2481) / 4)
    cells = table(
        ws,
        "SELECT cell_id, site_id, technology, band_mhz, bandwidth_mhz, eirp_dbm, azimuth_deg "
        "FROM cells WHERE site_id = 'ocid-viettel-12000' ORDER BY 1",
    )
    assert [c[0] for c in cells] == [
        "ocid-viettel-GSM-1201-20451",
        "ocid-viettel-LTE-12001-3072001",
        "ocid-viettel-LTE-12001-3072002",
        "ocid-viettel-LTE-12001-3072003",
    ]
    assert cells[0][2:] == ("2G", *CELL_DEFAULTS["GSM"], None)
    assert cells[1][2:] == ("4G", *CELL_DEFAULTS["LTE"], None)


def test_enb_far_apart_splits_and_gsm_clusters(ws, tmp_path):
    rows = [
        "LTE,452,4,1,25600,106.40,20.20",  # eNB 100
        "LTE,452,4,1,25601,106.40,20.2005",  # eNB 100, 55 m away: same site
        "LTE,452,4,1,25602,106.43,20.20",  # eNB 100, ~3.1 km away: another site
        "GSM,452,4,7,11,106.50,20.30",
        "GSM,452,4,7,12,106.5004,20.3002",  # 47 m from the first GSM cell
        "GSM,452,4,7,13,106.505,20.30",  # 520 m away
        "GSM,452,2,7,11,106.50,20.30",  # same place, other operator: its own site
    ]
    import_file(ws, "opencellid", ocid(tmp_path, rows), period="2025Q3")
    sites = table(
        ws,
        "SELECT s.site_id, count(*) FROM sites s JOIN cells c USING (period, site_id) GROUP BY 1 ORDER BY 1",
    )
    assert sites == [
        ("ocid-viettel-100", 2),
        ("ocid-viettel-100-2", 1),
        ("ocid-viettel-c1", 2),
        ("ocid-viettel-c2", 1),
        ("ocid-vnpt-c1", 1),
    ]
    assert distance_m(106.40, 20.20, 106.43, 20.20) == pytest.approx(3131, rel=0.01)


def test_opencellid_bad_rows_and_duplicates(ws, tmp_path, snapshot):
    before = snapshot(ws)
    rows = [
        "LTE,452,4,1,25600,106.40,20.20",
        "LTE,452,4,1,25601,abc,20.20",
        "LTE,452,4,1,25600,106.40,20.20",
        "WIMAX,452,4,1,5,106.4,20.2",
    ]
    with pytest.raises(ImportFailed) as info:
        import_file(ws, "opencellid", ocid(tmp_path, rows), period="2025Q3")
    assert [str(p) for p in info.value.problems] == [
        "452.csv:1:cell: '25600' — duplicate cell (radio=LTE, net=4, area=1, cell=25600): also on row 3",
        "452.csv:2:lon: 'abc' — not a number",
        "452.csv:3:cell: '25600' — duplicate cell (radio=LTE, net=4, area=1, cell=25600): also on row 1",
        "452.csv:4:radio: 'WIMAX' — unknown radio (expected GSM, UMTS, CDMA, LTE, NR)",
    ]
    assert snapshot(ws) == before
    with pytest.raises(ConfigError, match="needs --period"):
        import_file(ws, "opencellid", ocid(tmp_path, rows))


def test_register_is_the_authority(ws, examples):
    """Register cells for a period replace that period's OpenCelliD sites of the same operators."""
    import_file(ws, "opencellid", examples / "opencellid.csv", period="2025Q3")
    import_file(ws, "sites", examples / "sites.csv")
    report = import_file(ws, "cells", examples / "cells.csv")  # viettel, vnpt, vietnamobile
    assert any("removed 1 OpenCelliD sites of viettel in 2025Q3" in n for n in report.notes)
    assert table(ws, "SELECT site_id FROM sites WHERE site_id LIKE 'ocid-%'") == [
        ("ocid-mobifone-5002",)
    ]
    assert table(ws, "SELECT count(*) FROM cells WHERE site_id LIKE 'ocid-%'") == [(1,)]
    # and an OpenCelliD file imported after the register skips the registered operators
    again = examples.parent / "examples" / "opencellid.csv"
    report = import_file(ws, "opencellid", again, period="2025Q4")
    assert report.tables["sites"][0] == 3  # 2025Q4 has no register: all three
    with ws.connect() as con:
        con.execute("DELETE FROM imports WHERE kind = 'opencellid' AND period = '2025Q3'")
    report = import_file(ws, "opencellid", again, period="2025Q3")
    assert report.tables["sites"] == (0, 1)  # only mobifone's site, replaced
    assert any("viettel" in n and "authority" in n for n in report.notes)


# ---- Ookla ---------------------------------------------------------------------------


def ookla_parquet(
    path: Path, points: list[tuple[float, float]], newer: bool = False, tests: int = 20
) -> Path:
    qks = [quadkey_of(lon, lat) for lon, lat in points]
    data = {
        "quadkey": qks,
        "tile": [f"POLYGON(({lon} {lat}, {lon} {lat}))" for lon, lat in points],
        "avg_d_kbps": [30000 + i for i in range(len(qks))],
        "avg_u_kbps": [9000] * len(qks),
        "avg_lat_ms": [25] * len(qks),
        "tests": [tests] * len(qks),
        "devices": [5] * len(qks),
    }
    if newer:
        data |= {
            "tile_x": [p[0] for p in points],
            "tile_y": [p[1] for p in points],
            "avg_lat_down_ms": [60] * len(qks),
            "avg_lat_up_ms": [80] * len(qks),
        }
    pq.write_table(pa.table(data), path)
    return path


def test_quadkeys():
    qk = quadkey_of(106.45, 20.25)
    assert len(qk) == 16 and qk.startswith("1322")
    lon, lat = quadkey_centre(qk)
    assert abs(lon - 106.45) < 0.0055 and abs(lat - 20.25) < 0.0055
    assert quadkey_centre("0") == pytest.approx((-90.0, 66.51326), abs=1e-4)
    assert from_file_name("2025-07-01_performance_mobile_tiles.parquet") == ("2025Q3", "mobile")
    assert from_file_name("type=fixed/year=2024/quarter=4/part-0.parquet") == ("2024Q4", "fixed")
    assert from_file_name("tiles.parquet") == (None, None)


@pytest.mark.parametrize("newer", [False, True])
def test_ookla_parquet(ws, tmp_path, newer):
    points = [(106.20, 20.25), (106.30, 20.10), (105.0, 21.0)]  # the last is in Hà Nội
    path = ookla_parquet(tmp_path / "2025-07-01_performance_mobile_tiles.parquet", points, newer)
    report = import_file(ws, "ookla", path)
    assert (
        report.encoding,
        report.period,
        report.rows_read,
        report.rows_loaded,
        report.rows_skipped,
    ) == ("parquet", "2025Q3", 3, 2, 1)
    rows = table(
        ws, "SELECT period, kind, quadkey, avg_d_kbps, tests FROM speed_tiles ORDER BY avg_d_kbps"
    )
    assert rows == [
        ("2025Q3", "mobile", quadkey_of(106.20, 20.25), 30000.0, 20),
        ("2025Q3", "mobile", quadkey_of(106.30, 20.10), 30001.0, 20),
    ]
    assert import_file(ws, "ookla", path).already_imported


def test_ookla_period_and_kind(ws, tmp_path):
    path = ookla_parquet(tmp_path / "tiles.parquet", [(106.2, 20.25)])
    with pytest.raises(ConfigError, match="--period"):
        import_file(ws, "ookla", path)
    with pytest.raises(ConfigError, match="--kind"):
        import_file(ws, "ookla", path, period="2025Q3")
    report = import_file(ws, "ookla", path, period="2025Q3", options={"kind": "fixed"})
    assert table(ws, "SELECT kind FROM speed_tiles") == [("fixed",)]
    assert report.period == "2025Q3"
    named = ookla_parquet(tmp_path / "2025-04-01_performance_fixed_tiles.parquet", [(106.2, 20.25)])
    with pytest.raises(ConfigError, match="file name says 2025Q2"):
        import_file(ws, "ookla", named, period="2025Q3")


def test_ookla_bad_values(ws, tmp_path, snapshot):
    before = snapshot(ws)
    path = ookla_parquet(
        tmp_path / "2025-07-01_performance_mobile_tiles.parquet", [(106.2, 20.25)], tests=-3
    )
    with pytest.raises(ImportFailed) as info:
        import_file(ws, "ookla", path)
    assert [str(p) for p in info.value.problems] == [
        "2025-07-01_performance_mobile_tiles.parquet:1:tests: -3 — negative count"
    ]
    assert snapshot(ws) == before


def test_bad_quadkeys(ws, tmp_path):
    path = tmp_path / "tiles.csv"
    path.write_text(
        "period,kind,quadkey,avg_d_kbps,avg_u_kbps,tests,devices\n"
        "2025Q3,mobile,1322101312002121,100,50,3,1\n2025Q3,mobile,13221013,100,50,3,1\n"
        "2025Q3,mobile,1322x,100,50,3,1\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportFailed) as info:
        import_file(ws, "speed-tiles", path)
    assert [str(p) for p in info.value.problems] == [
        "tiles.csv:4:quadkey: '1322x' — not a quadkey (1 to 23 digits 0–3)"
    ]
