"""Coverage of a national workspace, province by province as Dask tasks: a real local
cluster of worker processes, and a real `dask scheduler` with two `dask worker`
processes on loopback, give the results of this process; a province's figures from the
national run are those of a run narrowed to it (its own grid, its own UTM zone)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from hatang.coverage.run import run_coverage
from hatang.demo.country_build import build_country_demo
from hatang.store import Workspace

#: Lai Châu (UTM 48N, west of 108°E) and Quảng Ngãi with the old Kon Tum (UTM 49N)
PROVINCES = ["12", "51"]
RES = 1000.0
UNIT_KEY = ["map", "unit_code", "operator"]
FIGURES = ["population", "population_covered", "villages", "villages_covered"]


@pytest.fixture(scope="module")
def country(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    root = tmp_path_factory.mktemp("country") / "vn"
    return build_country_demo(root, scale=0.0001, provinces=PROVINCES)


def _run(ws: Workspace, workers: int, **kw: object):
    ws.settings.compute.workers = workers
    return run_coverage(ws, resolution=RES, write_files=False, **kw)


def _units(r) -> pd.DataFrame:
    return r.units.sort_values(UNIT_KEY).reset_index(drop=True)[UNIT_KEY + FIGURES]


def _spots(r) -> pd.DataFrame:
    cols = ["dead_spot_id", "scope", "population", "area_km2", "lon", "lat", "geometry"]
    return r.dead_spots.sort_values(["scope", "dead_spot_id"]).reset_index(drop=True)[cols]


@pytest.fixture(scope="module")
def here(country: Workspace):
    """The national run in this process ([compute] workers = 1)."""
    return _run(country, 1)


def test_each_province_on_its_own_grid_and_zone(here) -> None:
    assert here.areas is not None and here.areas.runner == "this process"
    crs = {b.area: b.grid.crs for b in here.areas.blocks}
    assert crs == {"12": "EPSG:32648", "51": "EPSG:32649"}
    u = here.units[(here.units["map"] == "2025") & (here.units["operator"] == "any")]
    provinces = u[u["unit_code"].isin(PROVINCES)].set_index("unit_code")
    # every person of the synthetic villages is counted once, in their own province
    assert provinces["population"].sum() == pytest.approx(here.population, rel=1e-9)
    assert 0 < here.population_covered < here.population
    assert len(here.dead_spots) > 0


#: run in a child process: a LocalCluster's worker processes (and multiprocessing's
#: resource tracker) are then never children of the test process
_ON_LOCAL_CLUSTER = """
import sys
from hatang.coverage.run import run_coverage
from hatang.store import Workspace
ws = Workspace.open(sys.argv[1])
ws.settings.compute.workers = 2
r = run_coverage(ws, resolution=float(sys.argv[2]), write_files=False)
print(r.areas.runner)
r.units.to_parquet(sys.argv[3])
r.dead_spots.drop(columns=["block"]).to_parquet(sys.argv[4])
"""


def test_a_local_cluster_of_processes_gives_the_same_results(
    country: Workspace, here, tmp_path: Path
) -> None:
    units, spots = tmp_path / "units.parquet", tmp_path / "spots.parquet"
    out = subprocess.run(
        [sys.executable, "-c", _ON_LOCAL_CLUSTER, str(country.root), str(RES), units, spots],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr[-3000:]
    assert out.stdout.strip() == "local Dask cluster (2 workers)"
    on_cluster = pd.read_parquet(units).sort_values(UNIT_KEY).reset_index(drop=True)
    pd.testing.assert_frame_equal(on_cluster[UNIT_KEY + FIGURES], _units(here))
    cols = ["dead_spot_id", "scope", "population", "area_km2", "lon", "lat", "geometry"]
    got = pd.read_parquet(spots).sort_values(["scope", "dead_spot_id"]).reset_index(drop=True)
    pd.testing.assert_frame_equal(got[cols], _spots(here))


def test_a_province_of_the_national_run_equals_a_run_narrowed_to_it(
    country: Workspace, here
) -> None:
    one = _run(country, 1, province="51")
    assert one.run_id.endswith("-p51") and one.province == "51"
    mine = _units(one)
    national = _units(here).merge(mine[UNIT_KEY], on=UNIT_KEY)
    assert len(national) == len(mine) and len(mine) > 0
    np.testing.assert_allclose(mine[FIGURES].to_numpy(float), national[FIGURES].to_numpy(float))
    s = here.dead_spots
    from_national = s[s["area"] == "51"].sort_values(["scope", "population", "lon"])
    alone = one.dead_spots.sort_values(["scope", "population", "lon"])
    cols = ["scope", "population", "area_km2", "lon", "lat"]
    np.testing.assert_allclose(
        from_national[["population", "area_km2", "lon", "lat"]].to_numpy(float),
        alone[["population", "area_km2", "lon", "lat"]].to_numpy(float),
    )
    assert list(from_national[cols[0]]) == list(alone[cols[0]])


def _start(args: list[str], log: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    with log.open("wb") as out:  # the child keeps its own copy of the descriptor
        return subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT, env=env)


def _wait_for_workers(info: Path, n: int, timeout: float = 60.0) -> str:
    from distributed import Client

    deadline = time.monotonic() + timeout
    while not info.exists():
        assert time.monotonic() < deadline, "the scheduler did not start"
        time.sleep(0.2)
    address = json.loads(info.read_text())["address"]
    with Client(address, timeout="20s", set_as_default=False) as client:
        client.wait_for_workers(n, timeout=max(1.0, deadline - time.monotonic()))
    return address


def test_hatang_coverage_on_a_dask_scheduler_with_two_workers(
    country: Workspace, here, tmp_path: Path
) -> None:
    info = tmp_path / "scheduler.json"
    dask = [sys.executable, "-m", "distributed.cli.dask_scheduler"]
    worker = [sys.executable, "-m", "distributed.cli.dask_worker"]
    procs = [
        _start(
            [
                *dask,
                "--host",
                "127.0.0.1",
                "--port",
                "0",
                "--no-dashboard",
                "--scheduler-file",
                str(info),
            ],
            tmp_path / "scheduler.log",
        )  # fmt: skip
    ]
    try:
        while not info.exists() and procs[0].poll() is None:
            time.sleep(0.2)
        for i in range(2):
            procs.append(
                _start(
                    [
                        *worker,
                        "--scheduler-file",
                        str(info),
                        "--nthreads",
                        "1",
                        "--no-dashboard",
                        "--host",
                        "127.0.0.1",
                    ],
                    tmp_path / f"worker{i}.log",
                )  # fmt: skip
            )
        address = _wait_for_workers(info, 2)
        cli = [sys.executable, "-c", "from hatang.cli import main; main()"]
        out = subprocess.run(
            [*cli, "coverage", "--scheduler", address, "--resolution", f"{RES:g}",
             "--json", "--workspace", str(country.root)],
            capture_output=True, text=True, env={**os.environ, "COLUMNS": "200"}, timeout=300,
        )  # fmt: skip
        assert out.returncode == 0, out.stderr[-3000:]
        summary = json.loads(out.stdout)
        assert summary["runner"] == f"Dask scheduler {address}"
        with country.connect(read_only=True) as con:
            stored = con.execute(
                "SELECT map, unit_code, operator, population, population_covered, villages, "
                "villages_covered FROM coverage_units WHERE run_id = ? ORDER BY ALL",
                [summary["run_id"]],
            ).df()
            spots = con.execute(
                "SELECT count(*), sum(population) FROM modelled_dead_spots WHERE run_id = ?",
                [summary["run_id"]],
            ).fetchone()
        stored = stored.sort_values(UNIT_KEY).reset_index(drop=True)
        mine = _units(here)
        assert list(stored[UNIT_KEY].itertuples(index=False)) == list(
            mine[UNIT_KEY].itertuples(index=False)
        )
        np.testing.assert_allclose(stored[FIGURES].to_numpy(float), mine[FIGURES].to_numpy(float))
        assert spots is not None and spots[0] == len(here.dead_spots)
        assert spots[1] == pytest.approx(here.dead_spots["population"].sum())
    finally:
        for p in reversed(procs):
            p.terminate()
        for p in procs:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
