"""Speed tests aggregated inside DuckDB (hatang.store.speed_tests) give exactly the
values of the in-memory path (the raw tests in a frame, medians taken by the engine)
for every speed-test indicator at every level, on both maps and the plan's scope."""

from __future__ import annotations

import numpy as np
import pandas as pd

from hatang.indicators import compute_workspace
from hatang.indicators.catalogue import load_catalogue, read_catalogue
from hatang.indicators.compute import compute_frames
from hatang.indicators.incremental import INPUT_TABLES
from hatang.indicators.plans import list_plans
from hatang.store import indicators as store
from hatang.testing import fixture_workspace, write_fixture_plan, write_table

SPEED = ["mobile_download_speed", "fixed_download_speed"]
KEY = ["indicator", "map", "unit_code", "period"]
COLUMNS = ["numerator", "denominator", "value", "sample_size", "method", "reliable"]


def _more_tests(n: int, seed: int) -> pd.DataFrame:
    """Random tests over the fixture province (some at one place, an even count in many
    groups, a few outside every commune), so medians differ level by level."""
    rng = np.random.default_rng(seed)
    lon = np.round(rng.uniform(106.0, 106.32, n), 3)
    lat = np.round(rng.uniform(20.0, 20.1, n), 3)
    lon[:20] = lon[0]  # one place, many tests
    lat[:20] = lat[0]
    return pd.DataFrame(
        {
            "test_id": [f"R{i:04d}" for i in range(n)],
            "time": pd.Timestamp(2025, 11, 1, 8),
            "period": rng.choice(["2025Q3", "2025Q4"], n),
            "lon": lon,
            "lat": lat,
            "operator": "viettel",
            "kind": rng.choice(["mobile", "fixed"], n, p=[0.7, 0.3]),
            "download_kbps": rng.integers(1_000, 200_000, n).astype(float),
            "upload_kbps": 1000.0,
            "latency_ms": 20.0,
        }
    )


def test_values_equal_the_in_memory_path(tmp_path):
    ws = fixture_workspace(tmp_path / "ws", seed=3)
    write_fixture_plan(ws)
    write_table(ws, "speed_tests", _more_tests(400, 5), file_name="more.csv", synthetic=False)
    compute_workspace(ws, only_changed=False, indicators=SPEED)
    with ws.connect(read_only=True) as con:
        got = con.execute(
            "SELECT * FROM indicator_values WHERE indicator IN ('mobile_download_speed', "
            "'fixed_download_speed')"
        ).df()
        frames = store.read_inputs(con, INPUT_TABLES)
    load_catalogue()
    cat = read_catalogue()
    s = ws.settings.indicators
    want = compute_frames(
        frames,
        [cat[i] for i in SPEED],
        plans=list(list_plans(ws.root).values()),
        synthetic=ws.synthetic,
        min_speed_tests=s.min_speed_tests,
        min_tile_tests=s.min_tile_tests,
    )
    assert {"province", "district", "commune", "scope"} <= set(want["level"])
    assert (want["method"] == "median-tests").sum() >= 10
    got = got.set_index(KEY).sort_index()
    want = want.set_index(KEY).sort_index()
    assert list(got.index) == list(want.index)
    for c in ("numerator", "denominator", "value", "sample_size"):
        np.testing.assert_allclose(
            pd.to_numeric(got[c]).to_numpy(float),
            pd.to_numeric(want[c]).to_numpy(float),
            rtol=1e-12,
            equal_nan=True,
            err_msg=c,
        )
    for c in ("method", "reliable", "synthetic", "inputs", "no_data_reason"):
        assert (
            got[c].astype(object).where(got[c].notna(), None).tolist()
            == want[c].astype(object).where(want[c].notna(), None).tolist()
        ), c
