"""The CLI's own lines of figures (path loss, a run's calibration, a terrain link, a new
workspace's extent, the raw files' size) follow the CLI's language: HATANG_LANG=vi writes
'128,40 dB', '−2,8 dB', '105,1234'; English '128.40 dB', '−2.8 dB', '105.1234'."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from hatang.cli import coverage_show, terrain_show, workspace_show


def _out(capsys) -> str:
    return " ".join(capsys.readouterr().out.split())


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("vi", ["0,5 km\t97,04 dB", "12 km\t1.235 dB"]),
        ("en", ["0.5 km\t97.04 dB", "12 km\t1,235 dB"]),
    ],
)
def test_path_losses(monkeypatch, capsys, lang, expected):
    monkeypatch.setenv("HATANG_LANG", lang)
    # the terminal style writes no decimals from a thousand up
    coverage_show.print_losses([0.5, 12.0], [97.0449, 1234.5678])
    assert capsys.readouterr().out.splitlines() == expected


SUMMARY = {
    "synthetic": False,
    "run_id": "r1",
    "grid": "120 × 80",
    "resolution_m": 250.0,
    "evaluations": 1234567,
    "seconds": 3.456,
    "provinces": [],
    "dead_spots": 3,
    "reported_open": 1,
    "reported_matched": 1,
    "skipped_cells": 0,
    "calibration": {
        "operators": [
            {
                "operator": "viettel",
                "offset_db": -2.84,
                "tests": 1500,
                "rmse_before": 9.06,
                "rmse_after": 6.14,
                "bias_before": 2.84,
                "bias_after": 0.0,
            }
        ],
        "skipped": {},
    },
    "files": {},
}


@pytest.mark.parametrize(
    ("lang", "run", "calibration"),
    [
        (
            "vi",
            "cells of 250 m, 1.234.567 evaluations in 3,46 s",
            "offset −2,8 dB over 1.500 tests; RMSE 9,1 → 6,1 dB, bias +2,8 → 0,0 dB",
        ),
        (
            "en",
            "cells of 250 m, 1,234,567 evaluations in 3.46 s",
            "offset −2.8 dB over 1,500 tests; RMSE 9.1 → 6.1 dB, bias +2.8 → 0.0 dB",
        ),
    ],
)
def test_a_coverage_run_and_its_calibration(monkeypatch, capsys, lang, run, calibration):
    from rich.console import Console

    monkeypatch.setenv("HATANG_LANG", lang)
    coverage_show.print_coverage(Console(width=200), SUMMARY)
    out = _out(capsys)
    assert run in out and calibration in out


LINK = SimpleNamespace(
    distance_km=12.3456,
    f_mhz=1800.0,
    model="hata",
    env="rural",
    height_m=30.0,
    effective_height_m=42.25,
    median_db=128.404,
    diffraction_db=6.5,
    total_db=134.904,
    line_of_sight=False,
    edges=[
        SimpleNamespace(
            role="principal", distance_m=4567.0, elevation_m=1234.56, v=0.7071, loss_db=6.5
        )
    ],
)


@pytest.mark.parametrize(
    ("lang", "lines"),
    [
        (
            "vi",
            [
                "12,346 km, 1.800 MHz, hata (rural); antenna 30 m, effective 42,2 m",
                "suy hao trung vị: 128,40 dB",
                "edge principal / chính: 4,567 km, 1.234,6 m, v = 0,707, J(v) = 6,50 dB",
            ],
        ),
        (
            "en",
            [
                "12.346 km, 1,800 MHz, hata (rural); antenna 30 m, effective 42.2 m",
                "suy hao trung vị: 128.40 dB",
                "edge principal / chính: 4.567 km, 1,234.6 m, v = 0.707, J(v) = 6.50 dB",
            ],
        ),
    ],
)
def test_a_link_over_terrain(monkeypatch, capsys, lang, lines):
    monkeypatch.setenv("HATANG_LANG", lang)
    monkeypatch.setenv("COLUMNS", "200")
    terrain_show.show_link(LINK)
    out = _out(capsys)
    for line in lines:
        assert line in out


@pytest.mark.parametrize(
    ("lang", "extent"),
    [
        ("vi", "(lon, lat): 105,9012; 19,8765 – 106,5432; 20,4321"),
        ("en", "(lon, lat): 105.9012; 19.8765 – 106.5432; 20.4321"),
    ],
)
def test_a_new_workspace_extent(monkeypatch, capsys, lang, extent):
    monkeypatch.setenv("HATANG_LANG", lang)
    monkeypatch.setenv("COLUMNS", "200")
    s = SimpleNamespace(
        province="36",
        crs="EPSG:3405",
        bbox=(105.90123, 19.87649, 106.54321, 20.43206),
        units={("2025", "commune"): 1234},
        crosswalk_rows=2345,
    )
    workspace_show.print_init(s, Path("/tmp/ws"))
    out = _out(capsys)
    assert extent in out
    assert ("2.345" if lang == "vi" else "2,345") in out


@pytest.mark.parametrize(
    ("lang", "raw"),
    [
        ("vi", "Raw files / tệp gốc: 1.203 tệp, 12,3 MB; bị từ chối 2 tệp, 0,5 MB trên 500 MB"),
        ("en", "Raw files / tệp gốc: 1,203 files, 12.3 MB; refused 2 files, 0.5 MB of 500 MB"),
    ],
)
def test_the_raw_files_size(monkeypatch, capsys, lang, raw):
    monkeypatch.setenv("HATANG_LANG", lang)
    monkeypatch.setenv("COLUMNS", "200")
    status = {
        "quarantine": {"rows": 1500, "problems": 2, "files": [], "rejected_in_imports": 1500},
        "raw": {
            "files": 1203,
            "bytes": 12_345_678,
            "refused_files": 2,
            "refused_bytes": 500_000,
            "refused_quota_bytes": 500_000_000,
        },
    }
    workspace_show._print_files(status)
    out = _out(capsys)
    assert raw in out
    assert ("1.500 dòng" if lang == "vi" else "1,500 rows") in out


def test_a_verdicts_and_a_filings_reasons_write_each_half_in_its_language():
    """A reason is stored once in both languages: '90%, 1,234' then '90 %, 1.234'."""
    import datetime as dt

    import pandas as pd

    from hatang.register import verify
    from hatang.submissions import review

    flag = review._count_move("sites", 1200.0, 900.0, 0.2).flag
    assert flag == "sites fall by more than 20% / số sites giảm hơn 20 %"
    moved = review.flags(
        "subscriptions",
        pd.DataFrame({"unit_code": ["N1"], "kind": ["mobile"], "count": [100.0]}),
        pd.DataFrame({"unit_code": ["N1"], "kind": ["mobile"], "count": [150.0]}),
        change=0.25,
        drop=0.2,
    )
    assert moved[0].flag == "moves by more than ±25% / thay đổi quá ±25 %"
    run = {"run_id": "r9", "created_at": "2025-12-01", "period": "2025Q4"}
    spots = pd.DataFrame(
        {"scope": ["any"], "geometry": ["POINT (106.0 20.0)"], "population": [1234.4]}
    )
    case = {"fixed_on": dt.date(2025, 9, 1), "lon": 106.0, "lat": 20.0, "geometry": None}
    v = verify.by_run(case, run, spots, True, verify.Rules(rsrp_dbm={"4G": -110.0}))
    assert "a dead spot of 1,234 people there / mô hình r9 vẫn còn vùng lõm 1.234 người" in v.text
