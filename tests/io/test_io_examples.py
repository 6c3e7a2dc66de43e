"""Every importer on a good file: the example files in docs/examples/ import cleanly
into a fresh workspace, and the rows land with their parsed values."""

from __future__ import annotations

import datetime as dt

import pytest

from hatang.io import IMPORTERS, import_file
from hatang.io.docs import example_file

#: kinds whose example needs rows already in the store
PREREQUISITES = {"cells": [("sites", None)], "responses": [("challenges", None)]}
PERIODS = {"opencellid": "2025Q3"}


def _assign_cases(ws) -> None:
    """The responses example answers cases C00001 and C00002, assigned to Viettel."""
    from hatang.register.actions import act, admin_actor

    for cid in ("C00001", "C00002"):
        act(ws, cid, "confirm", admin_actor(), {"evidence": [{"kind": "ref", "ref": "x"}]})
        act(ws, cid, "assign", admin_actor(), {"operator": "viettel"})


#: what the store must hold besides rows before the example imports
SETUP = {"responses": _assign_cases}


@pytest.mark.parametrize("kind", list(IMPORTERS))
def test_example_imports_cleanly(ws, examples, kind):
    for pre, period in PREREQUISITES.get(kind, []):
        import_file(ws, pre, examples / example_file(pre), period=period)
    SETUP.get(kind, lambda _ws: None)(ws)
    report = import_file(ws, kind, examples / example_file(kind), period=PERIODS.get(kind))
    assert report.problems == []
    assert report.rows_rejected == 0
    assert report.rows_loaded > 0
    assert report.import_id is not None
    tables = IMPORTERS[kind].tables
    with ws.connect(read_only=True) as con:
        for table in tables:
            n = con.execute(
                f'SELECT count(*) FROM "{table}" WHERE import_id = ?', [report.import_id]
            ).fetchone()[0]
            assert n == report.tables[table][0] + report.tables[table][1]
        row = con.execute(
            "SELECT kind, rows_loaded, sha256 FROM imports WHERE import_id = ?", [report.import_id]
        ).fetchone()
    assert row == (kind, report.rows_loaded, report.sha256)
    assert (ws.raw_dir / f"{report.sha256}{(examples / example_file(kind)).suffix}").is_file()


def test_sites_example_values(ws, examples):
    """Semicolons, a title row, decimal commas, 'Q3/2025', 'Cột tự đứng', operator names."""
    report = import_file(ws, "sites", examples / "sites.csv")
    assert report.encoding == "utf-8"
    with ws.connect(read_only=True) as con:
        rows = con.execute(
            "SELECT site_id, period, lon, lat, owner, structure, height_m, location_approx "
            "FROM sites ORDER BY site_id"
        ).fetchall()
    assert rows[0] == ("NDH001", "2025Q3", 106.4512, 20.248, "viettel", "tower", 42.0, False)
    assert rows[1] == ("NDH002", "2025Q3", 106.47, 20.263, "vnpt", "rooftop", 24.5, False)
    assert rows[2][5] == "tower"


def test_subscriptions_example_values(ws, examples):
    import_file(ws, "subscriptions", examples / "subscriptions.csv")
    with ws.connect(read_only=True) as con:
        rows = con.execute(
            "SELECT period, unit_code, operator, kind, count FROM subscriptions ORDER BY count"
        ).fetchall()
    assert rows == [
        ("2025Q3", "13654", "mobifone", "smartphone", 2005),
        ("2025Q3", "13654", "vnpt", "ftth", 4310),
        ("2025Q3", "13654", "vnpt", "mobile-broadband", 6120),
        ("2025Q3", "13654", "viettel", "mobile", 18250),
    ]


def test_other_examples_values(ws, examples):
    import_file(ws, "crosswalk", examples / "crosswalk.csv")
    import_file(ws, "speed-tests", examples / "speed-tests.csv")
    import_file(ws, "dead-spots", examples / "dead-spots.geojson")
    import_file(ws, "village-services", examples / "village-services.csv")
    with ws.connect(read_only=True) as con:
        assert con.execute(
            "SELECT old_code, new_code, share, effective_date FROM crosswalk ORDER BY 1"
        ).fetchall() == [
            ("13654", "13654", 1.0, dt.date(2025, 7, 1)),
            ("13657", "13654", 0.5, dt.date(2025, 7, 1)),
        ]
        tests = con.execute(
            "SELECT test_id, time, period, operator, download_kbps FROM speed_tests ORDER BY 1"
        ).fetchall()
        assert tests[0] == ("T0001", dt.datetime(2025, 8, 5, 9, 15), "2025Q3", "viettel", 41250.0)
        assert tests[1][4] == 22840.5
        assert tests[2][3] == "fixed-other"
        spots = con.execute(
            "SELECT dead_spot_id, lon, lat, village_code, operator, reported_on, resolved_on "
            "FROM dead_spots ORDER BY 1"
        ).fetchall()
        assert spots[0] == (
            "LS-001",
            106.488,
            20.215,
            "13654-01",
            "viettel",
            dt.date(2025, 3, 15),
            None,
        )
        assert spots[1][6] == dt.date(2025, 9, 30)
        vs = con.execute(
            "SELECT village_code, mobile_broadband, fixed_broadband, fibre_households "
            "FROM village_services ORDER BY 1"
        ).fetchall()
        assert vs == [("13654-01", True, False, 0), ("13654-02", True, True, 215)]


def test_commune_filled_from_location(ws, examples):
    """NDH003 has no commune_code; it lies inside 13654's boundary on the 2025 map."""
    with ws.connect() as con:
        con.execute(
            "UPDATE units SET geometry = 'POLYGON((106.3 20.1, 106.5 20.1, 106.5 20.3, 106.3 20.3, 106.3 20.1))' "
            "WHERE map = '2025' AND code = '13654'"
        )
    report = import_file(ws, "sites", examples / "sites.csv")
    assert "commune_code filled from the location for 1 of 1 sites" in report.notes
    with ws.connect(read_only=True) as con:
        assert con.execute(
            "SELECT commune_code FROM sites WHERE site_id = 'NDH003'"
        ).fetchone() == ("13654",)


def test_display_name_for_uploads(ws, examples, tmp_path):
    tmp = tmp_path / "upload.csv"
    tmp.write_text(
        "period,site_id,lon,lat,structure,height_m\n2025Q3,A,106.4,20.2,tower,x\n", encoding="utf-8"
    )
    from hatang.errors import ImportFailed

    with pytest.raises(ImportFailed) as info:
        import_file(ws, "sites", tmp, options={"file_name": "tram-bts.csv"})
    assert str(info.value.problems[0]) == "tram-bts.csv:2:height_m: 'x' — not a number"
    assert str(info.value).startswith("tram-bts.csv: ")
