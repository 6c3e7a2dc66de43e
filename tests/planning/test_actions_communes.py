"""Planned actions name the commune they stand in (2025 map), beside their coordinates."""

from __future__ import annotations

import io

import pandas as pd
import shapely
from typer.testing import CliRunner

from hatang.cli import app
from hatang.testing import fixture_workspace


def test_actions_carry_their_commune(tmp_path):
    ws = fixture_workspace(tmp_path / "ws")
    r = CliRunner().invoke(
        app, ["plan-sites", "--name", "full", "--format", "csv", "-w", str(ws.root)]
    )
    assert r.exit_code == 0, r.output
    actions = pd.read_csv(io.StringIO(r.stdout), dtype={"commune_code": str})
    assert len(actions) > 0
    with ws.connect(read_only=True) as con:
        communes = con.execute(
            "SELECT code, name, geometry FROM units WHERE map = '2025' AND level = 'commune'"
        ).df()
    names = dict(zip(communes["code"], communes["name"], strict=True))
    polys = {
        c: shapely.from_wkt(g) for c, g in zip(communes["code"], communes["geometry"], strict=True)
    }
    for a in actions.itertuples(index=False):
        assert a.commune_name == names[a.commune_code]
        if polys[a.commune_code] is not None:  # inside its polygon where one is known
            assert polys[a.commune_code].contains(shapely.Point(a.lon, a.lat))
    first = actions.iloc[0]
    r = CliRunner().invoke(
        app, ["scenarios", "show", "full", "-w", str(ws.root)], env={"COLUMNS": "300"}
    )
    assert r.exit_code == 0, r.output
    assert f"{first.commune_name} ({first.commune_code})" in r.output
