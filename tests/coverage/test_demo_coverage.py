"""Acceptance on the demo province (builds it once per session: marked slow)."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from typer.testing import CliRunner

from hatang.cli import app
from hatang.coverage.run import run_coverage

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def demo_run(demo_workspace, tmp_path_factory):
    import shutil

    from hatang.store import Workspace

    target = tmp_path_factory.mktemp("demo-coverage") / "ws"
    shutil.copytree(demo_workspace.root, target)
    ws = Workspace.open(target)
    return ws, run_coverage(ws, workers=2)


def test_reported_dead_spots_are_found(demo_run) -> None:
    ws, r = demo_run
    assert len(r.checks) >= 250  # the demo reports 300+ open dead spots
    matched = (r.checks["status"] == "matched").mean()
    assert matched >= 0.90, (
        f"only {matched:.1%} of reported dead spots lie in or within 500 m of a modelled one"
    )


def test_population_conserved_and_partly_covered(demo_run) -> None:
    ws, r = demo_run
    with ws.connect(read_only=True) as con:
        total = con.execute(
            "SELECT sum(population) FROM units WHERE level = 'village' AND map = '2025'"
        ).fetchone()[0]
    assert r.population == pytest.approx(total, rel=1e-3)
    assert 0.5 < r.population_covered / r.population < 1.0


def test_deadspots_command_sorted_by_population(demo_run) -> None:
    ws, r = demo_run
    out = CliRunner().invoke(app, ["deadspots", "--format", "csv", "-w", str(ws.root)])
    assert out.exit_code == 0, out.output
    rows = pd.read_csv(io.StringIO(out.output))
    assert len(rows) == (r.dead_spots["scope"] == "any").sum() > 0
    assert rows["population"].is_monotonic_decreasing
    assert rows["synthetic"].all()
    table = CliRunner().invoke(app, ["deadspots", "--limit", "5", "-w", str(ws.root)])
    assert table.exit_code == 0 and rows.loc[0, "dead_spot_id"] in table.output
