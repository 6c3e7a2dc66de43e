"""The population base (hatang.indicators.population): chosen, scaled, stated."""

from __future__ import annotations

import pandas as pd
import pytest

from hatang.errors import ConfigError
from hatang.indicators import population
from hatang.testing import fixture_frames


def _resident(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["map", "code", "name", "year", "population", "source"])


def test_resident_base_scales_every_map_to_the_official_total():
    units = fixture_frames()["units"]
    base = population.choose(
        units, _resident([("2024", "P1", "P", 2024, 800, "office")]), "resident"
    )
    assert base.base == "resident" and base.total == 800
    assert base.factors == {"2024": 0.8, "2025": 0.8}  # 800 / 1,000 on both maps
    scaled = population.rebase(units, base).set_index(["map", "code"])["population"]
    assert scaled[("2025", "N1")] == pytest.approx(680) and scaled[("2024", "C1")] == pytest.approx(
        320
    )
    communes = population.rebase(units, base)
    assert communes[communes["level"] == "commune"].groupby("map")["population"].sum().tolist() == [
        pytest.approx(800),
        pytest.approx(800),
    ]


def test_a_figure_for_another_province_is_not_used():
    units = fixture_frames()["units"]
    base = population.choose(
        units, _resident([("2024", "36", "Nam Định", 2020, 1, "x")]), "resident"
    )
    assert base.base == "plan" and base.factors == {} and "no resident figure" in base.note
    assert population.rebase(units, base) is units


def test_the_shipped_figure_names_its_source():
    shipped = population.read_resident()
    row = shipped[shipped["code"] == "36"].iloc[0]
    assert (row["map"], int(row["year"]), int(row["population"])) == ("2024", 2020, 1_780_333)
    assert "Cục Thống kê tỉnh Nam Định" in row["source"] and "namdinh.gso.gov.vn" in row["source"]


def test_an_unknown_base_is_one_clear_error():
    with pytest.raises(ConfigError, match="population_base = 'census'"):
        population.choose(fixture_frames()["units"], _resident([]), "census")
