"""The published village-services dataset carries what target 5 counts: mobile broadband
as 3G, 4G or 5G (the union, however the village was reported), and each technology's
column where reported; its data package declares the same columns."""

from __future__ import annotations

import pandas as pd

from hatang.publish import derive, registry

NA = pd.NA


def _frames() -> dict[str, pd.DataFrame]:
    units = pd.DataFrame(
        {
            "map": ["2025"] * 3,
            "code": ["V1", "V2", "V3"],
            "level": ["village"] * 3,
            "name": ["Thôn Một", "Thôn Hai", "Thôn Ba"],
            "parent_code": ["N1"] * 3,
            "households": [100, 200, 300],
            "population": [400, 800, 1200],
            "lon": [106.0, 106.1, 106.2],
            "lat": [20.0, 20.1, 20.2],
        }
    )
    services = pd.DataFrame(
        {
            "period": ["2025Q4"] * 3,
            "village_code": ["V1", "V2", "V3"],
            "mobile_broadband": pd.array([NA, NA, True], dtype="boolean"),
            "mobile_3g": pd.array([True, False, NA], dtype="boolean"),
            "mobile_4g": pd.array([False, False, NA], dtype="boolean"),
            "mobile_5g": pd.array([NA, False, NA], dtype="boolean"),
            "fixed_broadband": pd.array([True, False, True], dtype="boolean"),
            "fibre_households": [90, 0, 300],
        }
    )
    return {"units": units, "village_services": services}


def test_the_dataset_declares_the_technology_columns():
    names = [f.name for f in registry.get("village-services").fields]
    assert names[names.index("mobile_broadband") :][:4] == [
        "mobile_broadband",
        "mobile_3g",
        "mobile_4g",
        "mobile_5g",
    ]


def test_mobile_broadband_is_the_union_the_target_counts():
    out = derive.village_services(_frames(), derive.Context()).set_index("village_code")
    # V1 3G only: mobile broadband; V2 none of 3G, 4G, 5G; V3 reported in one column
    assert out["mobile_broadband"].tolist() == [True, False, True]
    assert out.loc["V1", "mobile_3g"] and not out.loc["V1", "mobile_4g"]
    declared = {f.name for f in registry.get("village-services").fields}
    assert {"mobile_3g", "mobile_4g", "mobile_5g"} <= declared & set(out.columns)
