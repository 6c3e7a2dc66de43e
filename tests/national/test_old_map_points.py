"""The 2024 map of a national workspace has places: the packaged lists give its communes
no centroid, so the workspace gives each an approximate one from the crosswalk and the
national demo its villages' synthetic one — and then speed tests and sites are placed
on the 2024 map too, each once, with (nearly) the same totals per province as on the
2025 map."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from hatang.demo import country as cty
from hatang.demo.country_files import OLD_CENTROID_SOURCE
from hatang.model.admin import CROSSWALK_CENTROID
from hatang.store import Workspace, db

from .conftest import PROVINCES


@pytest.fixture(scope="module")
def tables(country: Workspace) -> dict[str, pd.DataFrame]:
    with country.connect(read_only=True) as con:
        return {
            name: db.read_table(con, name)
            for name in ("units", "crosswalk", "indicator_values", "speed_tests", "sites")
        }


def test_a_demo_2024_commune_sits_at_its_villages_people_weighted_mean(
    tables: dict[str, pd.DataFrame],
) -> None:
    u = tables["units"]
    old = u[(u["map"] == "2024") & (u["level"] == "commune")].set_index("code")
    vil = u[(u["map"] == "2024") & (u["level"] == "village")]
    assert len(vil) > 0
    w = vil["population"].astype(float) + 1.0
    want = pd.DataFrame(
        {
            "lon": (w * vil["lon"]).groupby(vil["parent_code"]).sum()
            / w.groupby(vil["parent_code"]).sum(),
            "lat": (w * vil["lat"]).groupby(vil["parent_code"]).sum()
            / w.groupby(vil["parent_code"]).sum(),
        }
    )
    got = old.loc[want.index]
    np.testing.assert_allclose(got["lon"].astype(float), want["lon"], atol=1e-6)
    np.testing.assert_allclose(got["lat"].astype(float), want["lat"], atol=1e-6)
    assert set(got["geometry_source"]) == {OLD_CENTROID_SOURCE}
    assert all("synthetic" in s for s in got["source"])
    # only the communes with villages are the demo's: the rest of the country keeps
    # the crosswalk's approximate place
    rest = old.drop(want.index)
    assert set(rest["geometry_source"].dropna()) == {CROSSWALK_CENTROID}


def test_a_2024_commune_without_villages_takes_the_crosswalk_place(
    tables: dict[str, pd.DataFrame],
) -> None:
    u = tables["units"].set_index(["map", "code"])
    # 00001 Phường Phúc Xá (Hà Nội) merged whole into 00097; 00007 split half and half
    # between 00008 and 00025 (the packaged crosswalk)
    assert u.loc[("2024", "00001"), ["lon", "lat"]].tolist() == pytest.approx(
        u.loc[("2025", "00097"), ["lon", "lat"]].tolist(), abs=1e-6
    )
    half = (
        u.loc[("2025", "00008"), ["lon", "lat"]].astype(float)
        + u.loc[("2025", "00025"), ["lon", "lat"]].astype(float)
    ) / 2
    assert u.loc[("2024", "00007"), ["lon", "lat"]].tolist() == pytest.approx(
        half.tolist(), abs=1e-6
    )
    assert u.loc[("2024", "00007"), "geometry_source"] == CROSSWALK_CENTROID


def _province_totals(values: pd.DataFrame, indicator: str, column: str) -> pd.DataFrame:
    v = values[(values["indicator"] == indicator) & (values["level"] == "province")]
    return v[v[column].notna()][["map", "unit_code", "period", column]]


def _on_2025(totals: pd.DataFrame, crosswalk: pd.DataFrame, column: str) -> pd.Series:
    """The 2024 provinces' totals summed onto the 2025 province each merged into."""
    prov = crosswalk[crosswalk["old_code"].str.len() == 2].set_index("old_code")["new_code"]
    old = totals[totals["map"] == "2024"]
    return (
        old.assign(new=old["unit_code"].map(prov))
        .groupby(["new", "period"])[column]
        .sum()
        .rename_axis(["unit_code", "period"])
    )


@pytest.mark.parametrize("indicator", ["mobile_download_speed", "fixed_download_speed"])
def test_speed_tests_land_on_the_2024_map_with_the_2025_totals(
    tables: dict[str, pd.DataFrame], indicator: str
) -> None:
    t = _province_totals(tables["indicator_values"], indicator, "sample_size")
    new = t[t["map"] == "2025"].set_index(["unit_code", "period"])["sample_size"]
    assert set(new.index.get_level_values(0)) == set(PROVINCES)
    old = _on_2025(t, tables["crosswalk"], "sample_size").reindex(new.index, fill_value=0)
    # each map places a test at its own nearest centroid, so a test near a province
    # border may change province between the maps: a few, never many (none here; 0.08 %
    # of the 20 M tests in the whole national demo)
    assert int(old.sum()) == int(new.sum())
    assert ((old - new).abs() <= 0.01 * new).all(), pd.DataFrame({"2024": old, "2025": new})
    # Quảng Ngãi (51) is the old Quảng Ngãi and Kon Tum (62): both hold tests
    assert {"51", "62"} <= set(t[t["map"] == "2024"]["unit_code"])
    kind = indicator.split("_")[0]
    assert int(old.sum()) == int((tables["speed_tests"]["kind"] == kind).sum())


def test_sites_land_on_the_2024_map(tables: dict[str, pd.DataFrame]) -> None:
    t = _province_totals(tables["indicator_values"], "sites_count", "value")
    t = t[t["value"] > 0]
    per_map = t.groupby(["map", "period"])["value"].sum().unstack("map")
    # every site is placed once on each map (2025: the register's commune; 2024: the
    # nearest 2024 centroid, so a site near a border may fall in the neighbour)
    assert (per_map["2024"] == per_map["2025"]).all()
    old = set(t[t["map"] == "2024"]["unit_code"])
    assert {"11", "12", "51", "62"} <= old


def test_each_old_commune_holds_one_sector_of_its_new_commune() -> None:
    """One 2025 commune formed half and half from A and B: the villages drawn for each
    keep their number but lie on one side each (their bearings do not interleave)."""
    communes = pd.DataFrame(
        {
            "code": ["N"],
            "population": [130_000],
            "area_km2": [100.0],
            "lon": [105.0],
            "lat": [20.0],
            "urban": [False],
        }
    )
    cw = pd.DataFrame({"old_code": ["0000A", "0000B"], "new_code": ["N", "N"], "share": [0.5, 0.5]})
    v = cty.villages(communes, cw, np.random.default_rng(1))
    assert len(v) == 100
    ang = np.arctan2((v["lon"] - 105.0) * np.cos(np.radians(20.0)), v["lat"] - 20.0)
    order = v["old_commune"].to_numpy()[np.argsort(ang.to_numpy())]
    # around the circle, the labels change exactly twice (A's arc, then B's)
    changes = int((order != np.roll(order, 1)).sum())
    assert changes == 2
    cen = cty.old_commune_centroids(v).set_index("code")
    assert set(cen.index) == {"0000A", "0000B"}
    assert cen["villages"].sum() == 100
    # the two centroids stand apart, on either side of the commune's centre
    d = np.hypot(*(cen.loc["0000A", ["lon", "lat"]] - cen.loc["0000B", ["lon", "lat"]]))
    assert d > 0.02
