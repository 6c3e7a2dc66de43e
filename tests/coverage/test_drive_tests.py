"""Drive tests (`hatang import drive-tests`) feed the coverage calibration.

Twelve Viettel 4G samples are written at the model's own prediction + 6 dB; the fitted
Viettel offset must then be +6 dB (the model's mean residual), and the samples must be
counted. Before the import, with the speed tests' RSRP cleared, there is nothing to fit.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from hatang.coverage import calibrate as calib
from hatang.coverage import engine
from hatang.coverage.grid import to_xy
from hatang.coverage.network import radio_frame, with_xy
from hatang.coverage.run import run_coverage
from hatang.io import import_file
from hatang.store.coverage import read_network
from hatang.testing import fixture_workspace


def test_drive_tests_calibrate_the_model(tmp_path) -> None:
    ws = fixture_workspace(tmp_path / "ws")
    with ws.connect() as con:
        con.execute("UPDATE speed_tests SET rsrp_dbm = NULL")
    r0 = run_coverage(ws, resolution=200, calibrate=True, write_files=False)
    assert r0.calibration["offsets_db"] == {}
    assert "*" in r0.calibration["skipped"]

    crs = ws.settings.workspace.crs
    cells = with_xy(read_network(ws).cells, crs)
    viettel = radio_frame(cells, ws.settings.coverage, "4G", "viettel")
    site = viettel.iloc[0]
    lon = site["lon"] + 0.002 * np.arange(1, 13)
    lat = np.full(12, site["lat"]) + 0.001
    x, y = to_xy(lon, lat, crs)
    predicted = engine.best_received_power(
        viettel, np.column_stack([x, y]), ws.settings.coverage, margin_db=calib.PREDICTION_MARGIN_DB
    ).astype(float)
    assert (predicted > engine.NO_SIGNAL).all()
    samples = pd.DataFrame(
        {
            "measurement_id": [f"d{i}" for i in range(12)],
            "time": [f"0{1 + i % 9}/11/2025 08:30" for i in range(12)],
            "lon": lon,
            "lat": lat,
            "operator": "Viettel",
            "technology": "LTE",
            "rsrp_dbm": np.round(predicted + 6.0, 3),
        }
    )
    path = tmp_path / "do-kiem.csv"
    samples.to_csv(path, index=False)
    report = import_file(ws, "drive-tests", path)
    assert report.rows_loaded == 12
    with ws.connect(read_only=True) as con:  # the quarter comes from each sample's time
        assert con.execute("SELECT DISTINCT period FROM drive_tests").fetchall() == [("2025Q4",)]

    r1 = run_coverage(ws, resolution=200, calibrate=True, write_files=False)
    fit = {f["operator"]: f for f in r1.calibration["operators"]}
    assert fit["viettel"]["tests"] == 12
    assert r1.calibration["offsets_db"]["viettel"] == pytest.approx(6.0, abs=0.01)
