"""`hatang pathloss --profile`: one link over a terrain profile, by hand."""

from __future__ import annotations

import json
import math

import pytest
from typer.testing import CliRunner

from hatang.cli import app
from hatang.coverage import propagation, terrain
from hatang.errors import DataError
from hatang.io.profile import read_profile

runner = CliRunner()
PROFILE = "distance_km,elevation_m\n0,0\n1,0\n3,40\n5,0\n7,50\n9,0\n10,0\n"


def test_the_calculator_prints_median_diffraction_total_and_edges(tmp_path):
    """Two ridges (the Deygout case of test_terrain, with the Earth's curvature): the
    median loss is the model's at the effective height, 30 m over the mean of the
    samples 3–10 km out ((40 + 0 + 50 + 0 + 0) / 5 = 18 m): 12 m."""
    f = tmp_path / "link.csv"
    f.write_text(PROFILE, encoding="utf-8")
    out = runner.invoke(app, ["pathloss", "-f", "900", "--profile", str(f), "--json"])
    assert out.exit_code == 0, out.output
    got = json.loads(out.output)
    assert got["effective_height_m"] == pytest.approx(12.0)
    median = float(propagation.path_loss("extended-hata", 900, 12.0, 1.5, 10.0, "urban"))
    assert got["median_db"] == pytest.approx(median)
    by_hand = terrain.profile_diffraction(
        [0, 1e3, 3e3, 5e3, 7e3, 9e3, 1e4], [0, 0, 40, 0, 50, 0, 0], 30, 1.5, 900
    )
    assert got["diffraction_db"] == pytest.approx(by_hand.loss_db) and by_hand.loss_db > 0
    assert got["total_db"] == pytest.approx(median + by_hand.loss_db)
    assert [e["distance_m"] for e in got["edges"]] == [7000.0, 3000.0]
    text = runner.invoke(app, ["pathloss", "-f", "900", "--profile", str(f)]).output
    assert "diffraction / nhiễu xạ" in text and "edge principal" in text
    assert f"{got['total_db']:.2f} dB" in text


def test_a_flat_profile_is_line_of_sight(tmp_path):
    f = tmp_path / "flat.csv"
    f.write_text("distance_km,elevation_m\n" + "".join(f"{i / 2},3\n" for i in range(11)))
    got = json.loads(
        runner.invoke(app, ["pathloss", "-f", "1800", "--profile", str(f), "--json"]).output
    )
    assert got["diffraction_db"] == 0.0 and got["line_of_sight"] and got["edges"] == []
    assert got["effective_height_m"] == 30.0  # flat: the antenna's own height
    assert got["median_db"] == pytest.approx(
        float(propagation.path_loss("extended-hata", 1800, 30, 1.5, 5.0, "urban"))
    )


def test_bad_profiles_name_the_row_column_and_value(tmp_path):
    f = tmp_path / "bad.csv"
    f.write_text("distance_km,elevation_m\n0,0\n1,x\n0.5,3\n", encoding="utf-8")
    with pytest.raises(DataError) as e:
        read_profile(f)
    assert [(p.row, p.column, p.value, p.type) for p in e.value.problems] == [
        (3, "elevation_m", "x", "type-error")
    ]
    f.write_text("distance_km,elevation_m\n0,0\n2,1\n1,3\n", encoding="utf-8")
    with pytest.raises(DataError) as e:
        read_profile(f)
    (p,) = e.value.problems
    assert (p.row, p.column, p.value) == (4, "distance_km", 1.0) and "increase" in p.reason
    f.write_text("km,m\n0,0\n", encoding="utf-8")
    with pytest.raises(DataError, match="missing column"):
        read_profile(f)
    out = runner.invoke(app, ["pathloss", "-f", "900"])
    assert out.exit_code != 0 and "--profile" in str(out.exception)


def test_vietnamese_headers_and_decimal_commas(tmp_path):
    f = tmp_path / "vi.csv"
    f.write_text('khoang_cach_km,do_cao_m\n0,"1,5"\n"2,5",4\n', encoding="utf-8")
    d, z = read_profile(f)
    assert list(d) == [0.0, 2500.0] and list(z) == [1.5, 4.0]
    assert math.isclose(d[-1], 2500.0)
