"""`hatang coverage`'s table: counts with thousands separators, '—' (never 'nan') for a
unit without people."""

from __future__ import annotations

from rich.console import Console

from hatang.cli.coverage_show import print_coverage


def _summary(population: float, covered: float) -> dict:
    return {
        "synthetic": False,
        "run_id": "2025Q4-4G-any-100m",
        "grid": "10x10",
        "resolution_m": 100.0,
        "evaluations": 1234,
        "seconds": 0.5,
        "provinces": [
            {
                "map": "2025",
                "operator": "any",
                "population": population,
                "population_covered": covered,
                "villages": 3500,
                "villages_covered": 3122,
            }
        ],
        "dead_spots": 1,
        "reported_open": 0,
        "reported_matched": 0,
        "skipped_cells": 0,
        "calibration": None,
        "files": {},
    }


def _render(s: dict) -> str:
    console = Console(record=True, width=200)
    print_coverage(console, s)
    return console.export_text()


def test_separators_and_percent():
    out = _render(_summary(2262891.0, 2071226.0))
    assert "3,500" in out and "3,122" in out and "91.5" in out


def test_no_people_is_a_dash_not_nan():
    out = _render(_summary(0.0, 0.0))
    assert "nan" not in out.lower() and "—" in out
