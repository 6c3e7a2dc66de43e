"""`hatang demo DIR --country`: the synthetic country on the real map, built through the
CLI at a tiny scale on two provinces, its densities by the rules of docs/demo.md, and
the ministry's scorecard (`--by province`) over it."""

from __future__ import annotations

import numpy as np
import pytest
from typer.testing import CliRunner

from hatang.cli import app
from hatang.demo import country as cty
from hatang.indicators import compute_workspace, scorecard
from hatang.indicators.plans import relative_gap
from hatang.model import admin
from hatang.store import Workspace, db

PROVINCES = ["12", "51"]  # Lai Châu; Quảng Ngãi (with the old Kon Tum)


@pytest.fixture(scope="module")
def country(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    root = tmp_path_factory.mktemp("demo") / "vn"
    args = ["demo", str(root), "--country", "--scale", "0.0001", "--no-results"]
    result = CliRunner().invoke(app, [*args, "--province", "12", "--province", "Quảng Ngãi"])
    assert result.exit_code == 0, result.output
    assert "synthetic" in result.output
    return Workspace.open(root)


def _communes() -> object:
    units, _ = admin.country_subset()
    c = units[(units["map"] == "2025") & (units["level"] == "commune")]
    return c[c["parent_code"].isin(PROVINCES)]


def test_densities_follow_each_communes_people_and_area(country: Workspace) -> None:
    c = _communes()
    pop = c["population"].fillna(0).to_numpy(float)
    area = c["area_km2"].to_numpy(float)
    villages = np.maximum(1, np.round(pop / cty.PEOPLE_PER_VILLAGE)).sum()
    sites = np.maximum(1, np.round(pop / cty.SITE_PEOPLE + area / cty.SITE_KM2)).sum()
    with country.connect(read_only=True) as con:
        n = lambda sql: con.execute(sql).fetchone()[0]  # noqa: E731
        assert n("SELECT count(*) FROM units WHERE map = '2025' AND level = 'village'") == villages
        assert n("SELECT count(*) FROM sites WHERE period = '2025Q4'") == sites
        assert n("SELECT count(*) FROM speed_tests") == 2_000  # 20 M × 0.0001
        # every synthetic village lies in one of the two provinces; the units stay national
        assert n("SELECT count(*) FROM units WHERE map = '2025' AND level = 'commune'") == 3321
        # the files the demo wrote are synthetic; the packaged official units are not
        assert n("SELECT bool_and(synthetic) FROM imports WHERE file_name NOT LIKE 'hatang:%'")
        assert not n("SELECT bool_or(synthetic) FROM imports WHERE file_name LIKE 'hatang:%'")
        assert db.get_meta(con, "synthetic") == "true"


def test_scorecard_by_province_ranks_every_province_for_every_target(
    country: Workspace,
) -> None:
    compute_workspace(country)
    sc = scorecard(country, by="province", refresh=False)
    targets = sc["target_no"].nunique()
    assert len(sc) == 34 * targets and set(sc["unit_code"]) >= set(PROVINCES)
    assert bool(sc["synthetic"].all())
    for _, g in sc.groupby("target_no"):
        with_value = g[g["value"].notna()]
        assert list(with_value["rank"]) == list(range(1, len(with_value) + 1))
        assert g["rank"].isna().sum() == len(g) - len(with_value)  # no value: unranked, last
        # best first: the smallest gap to each province's own target (the example
        # national plan sets some provinces' own values)
        gaps = [
            relative_gap(v, c, t)
            for v, c, t in zip(
                with_value["value"], with_value["comparator"], with_value["target"], strict=True
            )
        ]
        assert gaps == sorted(gaps)
    result = CliRunner().invoke(
        app, ["scorecard", "--by", "province", "--workspace", str(country.root)]
    )
    assert result.exit_code == 0, result.output
    assert "Tỉnh Lai Châu (12)" in result.output
