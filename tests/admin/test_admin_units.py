"""The packaged administrative units and crosswalk (hatang.model.admin)."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hatang.errors import NotFound
from hatang.model import admin
from hatang.model.schema import UNITS

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data" / "vn-admin"

#: old communes the official conversion table does not name (see docs/data-sources.md)
UNRESOLVED = {
    "03751", "03988", "03991", "04003", "07693", "07732", "07744", "16387",
    "16411", "18448", "20176", "20674", "25102", "25174", "25177", "25186",
}  # fmt: skip
#: island districts without communes that became special zones (đặc khu)
ISLAND_DISTRICTS = {"318": "11948", "471": "19742", "498": "20333", "536": "21548", "755": "26732"}


@pytest.fixture(scope="module")
def units() -> pd.DataFrame:
    return admin.load_units()


@pytest.fixture(scope="module")
def cw() -> pd.DataFrame:
    return admin.load_crosswalk()


def _level(units: pd.DataFrame, map_: str, level: str) -> pd.DataFrame:
    return units[(units["map"] == map_) & (units["level"] == level)]


def test_counts_of_both_maps(units):
    counts = units.groupby(["map", "level"]).size().to_dict()
    assert counts == {
        ("2024", "province"): 63,
        ("2024", "district"): 696,
        ("2024", "commune"): 10_051,
        ("2025", "province"): 34,
        ("2025", "commune"): 3_321,
    }
    assert len(admin.load_units("2025")) == 34 + 3_321


def test_columns_are_the_schema_plus_bbox(units):
    expected = [c for c in UNITS.column_names if c != "import_id"] + list(admin.BBOX_COLUMNS)
    assert list(units.columns) == expected


def test_codes_are_strings_with_leading_zeros(units):
    width = {"province": 2, "district": 3, "commune": 5}
    for level, w in width.items():
        codes = units.loc[units["level"] == level, "code"]
        assert codes.str.fullmatch(rf"\d{{{w}}}").all(), level
    assert "00004" in set(_level(units, "2025", "commune")["code"])
    assert "05665" in set(_level(units, "2025", "commune")["code"])  # '5665' in the facts file
    assert not units.duplicated(["map", "code"]).any()


def test_parents_exist_on_the_same_map(units):
    for m in ("2024", "2025"):
        u = units[units["map"] == m]
        children = u[u["level"] != "province"]
        assert children["parent_code"].isin(u["code"]).all()
    assert (
        _level(units, "2025", "commune")["parent_code"].isin(
            _level(units, "2025", "province")["code"]
        )
    ).all()


def test_names_official_with_type_prefix(units):
    u = units.set_index(["map", "code"])["name"]
    assert u[("2024", "36")] == "Tỉnh Nam Định"
    assert u[("2024", "01")] == "Thành phố Hà Nội"
    assert u[("2025", "37")] == "Tỉnh Ninh Bình"
    assert u[("2025", "13669")] == "Phường Nam Định"
    assert (_level(units, "2024", "commune")["name"].str.match(r"^(Xã|Phường|Thị trấn) ")).all()
    assert (_level(units, "2025", "commune")["name"].str.match(r"^(Xã|Phường|Đặc khu) ")).all()
    assert not units["name"].str.contains(r"^\s|\s$|\s\s|\n").any()


def test_urban_flag_follows_the_type(units):
    c = units[units["level"] == "commune"]
    urban = c["name"].str.match(r"^(Phường|Thị trấn) ")
    assert (c["urban"].astype(bool) == urban).all()


def test_validity_dates(units):
    old, new = units[units["map"] == "2024"], units[units["map"] == "2025"]
    assert (old["valid_to"] == pd.Timestamp("2025-06-30").date()).all()
    assert (new["valid_from"] == pd.Timestamp("2025-07-01").date()).all()
    assert new["valid_to"].isna().all()


def test_figures_only_where_published(units):
    old = units[units["map"] == "2024"]
    assert old[["population", "area_km2", "lon", "lat", *admin.BBOX_COLUMNS]].isna().all().all()
    new = _level(units, "2025", "commune")
    assert new[["area_km2", "lon", "lat", *admin.BBOX_COLUMNS]].notna().all().all()
    # exactly one commune without a population figure: the Hoàng Sa special zone
    assert new.loc[new["population"].isna(), "code"].tolist() == ["20333"]
    assert 113_000_000 < new["population"].sum() < 114_500_000
    inside = (new["bbox_min_lon"] <= new["lon"]) & (new["lon"] <= new["bbox_max_lon"])
    assert inside.mean() > 0.99  # a centroid can lie outside a crescent-shaped commune


def test_province_figures_are_sums_of_their_communes(units):
    prov = _level(units, "2025", "province").set_index("code")
    communes = _level(units, "2025", "commune")
    sums = communes.groupby("parent_code")["population"].sum()
    assert (prov["population"] == sums.reindex(prov.index)).all()
    assert prov.loc["37", "population"] == 4_412_264


def test_crosswalk_covers_every_new_commune(units, cw):
    new = set(_level(units, "2025", "commune")["code"])
    assert new <= set(cw["new_code"])


def test_crosswalk_covers_every_old_commune_but_the_documented_ones(units, cw):
    old = set(_level(units, "2024", "commune")["code"])
    assert old - set(cw["old_code"]) == UNRESOLVED
    assert not UNRESOLVED & set(admin.province_subset(admin.resolve_province("36"))[0]["code"])


def test_island_districts_become_special_zones(cw):
    rows = cw[cw["old_code"].isin(ISLAND_DISTRICTS)]
    assert dict(zip(rows["old_code"], rows["new_code"], strict=True)) == ISLAND_DISTRICTS
    assert (rows["share"] == 1.0).all()
    units, sub = admin.province_subset(admin.resolve_province("Hải Phòng"))
    assert ("2024", "318") in set(zip(units["map"], units["code"], strict=True))
    assert sub.loc[sub["old_code"] == "318", "new_code"].tolist() == ["11948"]


def test_shares_sum_to_one_per_old_unit(cw):
    sums = cw.groupby("old_code")["share"].sum()
    assert ((sums - 1.0).abs() < 1e-9).all()
    assert cw["share"].between(0, 1).all()
    assert set(cw["share_method"]) == {"whole-merge", "equal-split", "population"}


def test_share_methods_follow_the_notes(cw):
    k = cw.groupby("old_code")["new_code"].transform("size")
    assert (cw.loc[k == 1, "share_method"] == "whole-merge").all()
    eq = cw[cw["share_method"] == "equal-split"]
    assert (
        (eq["share"] * eq.groupby("old_code")["new_code"].transform("size") - 1).abs() < 1e-12
    ).all()
    pop = cw[cw["share_method"] == "population"]
    assert (pop.loc[pop["share"] == 1.0, "note"].str.contains("toàn bộ dân số")).all()
    assert (pop.groupby("old_code")["share"].sum() == 1.0).all()
    # Phường Ngọc Hà 00016 (Hà Nội) was split: 'Nhập một phần'
    ngoc_ha = cw[cw["old_code"] == "00016"]
    assert len(ngoc_ha) > 1 and (ngoc_ha["share_method"] == "equal-split").all()


def test_province_rows(cw):
    p = cw[cw["old_code"].str.len() == 2]
    assert len(p) == 63
    assert set(p.loc[p["old_code"].isin(["35", "36", "37"]), "new_code"]) == {"37"}
    assert (p["share"] == 1.0).all()  # no province was split in 2025


def test_typo_in_the_conversion_table_repaired(cw):
    # the table lists 'Xã Mỹ Hưng 01615' (01615 is Xã Hồng Quang); Mỹ Hưng is 01651
    assert cw.loc[cw["old_code"] == "01651", "new_code"].tolist() == ["01648"]
    assert cw.loc[cw["old_code"] == "01615", "new_code"].tolist() == ["01636"]


# ---- Nam Định ------------------------------------------------------------------------


def test_nam_dinh_on_both_maps():
    ref = admin.resolve_province("36")
    assert ref == admin.ProvinceRef("2024", "36", "Tỉnh Nam Định")
    units, cw = admin.province_subset(ref)
    counts = units.groupby(["map", "level"]).size().to_dict()
    assert counts == {
        ("2024", "province"): 1,
        ("2024", "district"): 9,  # Mỹ Lộc was merged into Nam Định city before 2025-01-04
        ("2024", "commune"): 175,
        ("2025", "province"): 1,
        ("2025", "commune"): 57,
    }
    assert units.loc[
        (units["map"] == "2025") & (units["level"] == "province"), "code"
    ].tolist() == ["37"]
    communes = cw[cw["old_code"].str.len() == 5]
    assert len(communes) == 175 and communes["new_code"].nunique() == 57
    assert (cw["share_method"] == "whole-merge").all() and (cw["share"] == 1.0).all()
    assert cw.loc[cw["old_code"] == "36", "new_code"].tolist() == ["37"]


@pytest.mark.skipif(not SHARED.is_dir(), reason="needs ../shared/data/vn-admin")
def test_nam_dinh_matches_the_published_subset():
    """Anchor outside ourselves: namdinh_new_communes_facts.csv lists each new commune's
    old codes and the merger-plan population (2.26 M in all)."""
    facts = pd.read_csv(SHARED / "namdinh_new_communes_facts.csv", dtype=str)
    units, cw = admin.province_subset(admin.resolve_province("36"))
    ours = (
        cw[cw["old_code"].str.len() == 5]
        .groupby("new_code")["old_code"]
        .apply(lambda s: sorted(s))
        .to_dict()
    )
    theirs = {r.code: sorted(r.old_commune_codes.split()) for r in facts.itertuples()}
    assert ours == theirs
    new = units[(units["map"] == "2025") & (units["level"] == "commune")].set_index("code")
    assert new["population"].sum() == facts["population"].astype(int).sum()
    assert 2_200_000 < new["population"].sum() < 2_300_000


def test_extent_and_crs_of_nam_dinh():
    units, _ = admin.province_subset(admin.resolve_province("36"))
    lo0, la0, lo1, la1 = admin.province_extent(units)
    assert 105.8 < lo0 < lo1 < 106.7 and 19.8 < la0 < la1 < 20.6
    lon, lat = admin.province_centroid(units)
    assert lo0 < lon < lo1 and la0 < lat < la1
    assert admin.utm_crs(lon) == "EPSG:32648"
    assert admin.utm_crs(108.0) == "EPSG:32649" and admin.utm_crs(107.99) == "EPSG:32648"


def test_new_ninh_binh_draws_on_three_old_provinces():
    units, cw = admin.province_subset(admin.resolve_province("37"))
    old_prov = units[(units["map"] == "2024") & (units["level"] == "province")]
    assert sorted(old_prov["name"]) == ["Tỉnh Hà Nam", "Tỉnh Nam Định", "Tỉnh Ninh Bình"]
    new = units[(units["map"] == "2025") & (units["level"] == "commune")]
    assert len(new) == 129 and set(cw["new_code"]) <= set(units["code"])
    old = units[(units["map"] == "2024") & (units["level"] == "commune")]
    assert set(old["code"]) == set(cw.loc[cw["old_code"].str.len() == 5, "old_code"])


def test_extent_needs_2025_communes():
    units = admin.load_units("2024")
    with pytest.raises(NotFound):
        admin.province_extent(units)


# ---- resolving provinces --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("36", ("2024", "36")),
        ("036", ("2024", "36")),
        ("37", ("2025", "37")),
        ("037", ("2025", "37")),
        ("nam dinh", ("2024", "36")),
        ("Tỉnh Nam Định", ("2024", "36")),
        ("  NAM   ĐỊNH ", ("2024", "36")),
        (unicodedata.normalize("NFD", "Tỉnh Nam Định"), ("2024", "36")),
        ("Ninh Bình", ("2025", "37")),
        ("Hoà Bình", ("2024", "17")),  # old tone placement
        ("Hòa Bình", ("2024", "17")),
        ("Thành phố Hồ Chí Minh", ("2025", "79")),
        ("TP. Hồ Chí Minh", ("2025", "79")),
        ("ha noi", ("2025", "01")),
        ("TP HCM", ("2025", "79")),
        ("Sài Gòn", ("2025", "79")),
        ("Thừa Thiên Huế", ("2025", "46")),
        ("Bà Rịa Vũng Tàu", ("2024", "77")),  # the official name has ' - '
        ("Đăk Lăk", ("2025", "66")),
    ],
)
def test_resolve_province(text, expected):
    ref = admin.resolve_province(text)
    assert (ref.map, ref.code) == expected


def test_resolve_province_on_the_old_map():
    assert admin.resolve_province("Ninh Bình", map="2024") == admin.ProvinceRef(
        "2024", "37", "Tỉnh Ninh Bình"
    )
    assert admin.resolve_province("37", map="2024").map == "2024"


@pytest.mark.parametrize("text", ["Nam Dinhh", "Atlantis", "99", "", "36x"])
def test_resolve_province_unknown(text):
    with pytest.raises(NotFound) as e:
        admin.resolve_province(text)
    assert "\n" not in str(e.value)


def test_unknown_province_suggests():
    with pytest.raises(NotFound, match="did you mean Tỉnh Nam Định"):
        admin.resolve_province("Nam Dinhh")
    with pytest.raises(NotFound, match="on the 2025 map"):
        admin.resolve_province("Nam Định", map="2025")


@settings(max_examples=60, deadline=None)
@given(
    ref=st.sampled_from(admin.provinces()),
    form=st.sampled_from(["NFC", "NFD"]),
    upper=st.booleans(),
    prefix=st.booleans(),
)
def test_every_province_resolves_by_its_name(ref, form, upper, prefix):
    name = (
        ref.name
        if prefix
        else ref.name.split(" ", 2)[-1]
        if ref.name.startswith("Thành phố")
        else ref.name.split(" ", 1)[1]
    )
    text = unicodedata.normalize(form, name.upper() if upper else name)
    got = admin.resolve_province(text, map=ref.map)
    assert got == ref


def test_load_units_returns_a_copy():
    a = admin.load_units()
    a.loc[0, "name"] = "changed"
    assert admin.load_units().loc[0, "name"] != "changed"


def test_load_units_unknown_map():
    with pytest.raises(NotFound):
        admin.load_units("2023")


@settings(max_examples=25, deadline=None)
@given(ref=st.sampled_from(admin.provinces()))
def test_every_province_subset_is_closed(ref):
    """Parents, crosswalk ends and shares of any province's subset stay inside it."""
    units, cw = admin.province_subset(ref)
    keys = set(zip(units["map"], units["code"], strict=True))
    assert (ref.map, ref.code) in keys
    for m, parent in units.loc[units["level"] != "province", ["map", "parent_code"]].itertuples(
        index=False
    ):
        assert (m, parent) in keys
    assert {("2024", c) for c in cw["old_code"]} <= keys
    assert {("2025", c) for c in cw["new_code"]} <= keys
    communes = cw[cw["old_code"].str.len() == 5]
    assert (
        (communes.groupby("old_code")["share"].sum() - 1).abs() < 1e-9
    ).all()  # no province split a commune
    lo0, la0, lo1, la1 = admin.province_extent(units)
    assert 102 < lo0 < lo1 < 118 and 6 < la0 < la1 < 24


def test_code_level(units, cw):
    assert [admin.code_level(c) for c in ("36", "356", "13669")] == [
        "province",
        "district",
        "commune",
    ]
    official = units[units["level"] != "village"]
    assert (official["code"].map(admin.code_level) == official["level"]).all()
    assert set(cw["old_code"].map(admin.code_level)) == {"province", "district", "commune"}
    with pytest.raises(NotFound):
        admin.code_level("1234")
