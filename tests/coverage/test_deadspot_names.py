"""`hatang deadspots` names the village and communes beside their codes (table, CSV, GeoJSON)."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest
from typer.testing import CliRunner

from hatang.cli import app
from hatang.coverage.run import run_coverage
from hatang.testing import fixture_workspace


@pytest.fixture(scope="module")
def ws_run(tmp_path_factory):
    ws = fixture_workspace(tmp_path_factory.mktemp("names") / "ws")
    return ws, run_coverage(ws, resolution=100)


def _names(ws) -> dict[tuple[str, str], str]:
    with ws.connect(read_only=True) as con:
        u = con.execute("SELECT code, map, name FROM units").df()
    return {(m, c): n for c, m, n in zip(u["code"], u["map"], u["name"], strict=True)}


def test_csv_and_geojson_carry_names(ws_run) -> None:
    ws, _ = ws_run
    names = _names(ws)
    out = CliRunner().invoke(app, ["deadspots", "--format", "csv", "-w", str(ws.root)])
    assert out.exit_code == 0, out.output
    rows = pd.read_csv(io.StringIO(out.output), dtype=str)
    assert len(rows) > 0
    for r in rows.itertuples(index=False):
        assert r.commune_name == names[("2025", r.commune_code)]
        assert r.commune_name_2024 == names[("2024", r.commune_code_2024)]
        assert r.nearest_village_name == names[("2025", r.nearest_village_code)]
    out = CliRunner().invoke(app, ["deadspots", "--format", "geojson", "-w", str(ws.root)])
    props = json.loads(out.output)["features"][0]["properties"]
    assert props["commune_name"] == names[("2025", props["commune_code"])]


def test_table_shows_name_with_code(ws_run) -> None:
    ws, _ = ws_run
    names = _names(ws)
    out = CliRunner().invoke(
        app, ["deadspots", "--limit", "1", "-w", str(ws.root)], env={"COLUMNS": "240"}
    )
    assert out.exit_code == 0, out.output
    csv = CliRunner().invoke(app, ["deadspots", "--format", "csv", "-w", str(ws.root)])
    first = pd.read_csv(io.StringIO(csv.output), dtype=str).iloc[0]
    assert f"{names[('2025', first.commune_code)]} ({first.commune_code})" in out.output
