"""A site register's commune code must name a unit of either map (old codes stay in use)."""

from __future__ import annotations

from pathlib import Path

import pytest

from hatang.errors import ImportFailed
from hatang.io import import_file

HEADER = "period,site_id,name,lon,lat,owner,structure,height_m,commune_code\n"


def test_unknown_commune_code_of_a_site(ws, tmp_path: Path):
    path = tmp_path / "sites.csv"
    path.write_text(
        HEADER
        + "2025Q3,S1,Một,106.45,20.25,viettel,tower,30,13654\n"
        + "2025Q3,S2,Hai,106.45,20.25,viettel,tower,30,99999\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportFailed) as info:
        import_file(ws, "sites", path)
    assert [str(p) for p in info.value.problems] == [
        "sites.csv:3:commune_code: '99999' — unknown unit code on any map / mã đơn vị không tồn tại"
    ]


def test_known_or_empty_commune_code_loads(ws, tmp_path: Path):
    path = tmp_path / "sites.csv"
    path.write_text(
        HEADER
        + "2025Q3,S1,Một,106.45,20.25,viettel,tower,30,13654\n"
        + "2025Q3,S2,Hai,106.46,20.26,viettel,tower,30,\n",
        encoding="utf-8",
    )
    import_file(ws, "sites", path)
    with ws.connect(read_only=True) as con:
        assert con.execute("SELECT count(*) FROM sites").fetchone()[0] == 2


def test_old_map_commune_code_is_accepted(ws, tmp_path: Path):
    """13657 is a commune of the 2024 map only; an operator still writing it in 2025Q3 is
    not an error (the indicators place the site by its location)."""
    path = tmp_path / "sites.csv"
    path.write_text(
        HEADER + "2025Q3,S1,Một,106.45,20.25,viettel,tower,30,13657\n", encoding="utf-8"
    )
    import_file(ws, "sites", path)
    with ws.connect(read_only=True) as con:
        assert con.execute("SELECT commune_code FROM sites").fetchall() == [("13657",)]
