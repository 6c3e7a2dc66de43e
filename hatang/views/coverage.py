"""A coverage run as `hatang coverage` reports it (and its --json prints it)."""

from __future__ import annotations

from typing import Any

#: the province rows of a run's per-unit table that the summary lists
PROVINCE_COLUMNS = [
    "map",
    "unit_code",
    "operator",
    "population",
    "population_covered",
    "villages",
    "villages_covered",
]


def run_summary(r: Any) -> dict[str, Any]:
    """The figures of a `CoverageResult`: grid, timing, people and villages covered per
    province (both maps), dead spots found, reported ones matched, calibration, files."""
    prov = r.units[r.units["level"] == "province"]
    dead = r.dead_spots
    return {
        "run_id": r.run_id,
        "period": r.period,
        "technology": r.technology,
        "operator": r.operator,
        "resolution_m": r.resolution,
        "grid": r.grid_text,
        "seconds": round(r.seconds, 2),
        "evaluations": int(r.evaluations),
        "population": round(r.population),
        "population_covered": round(r.population_covered),
        "provinces": prov[PROVINCE_COLUMNS].to_dict("records"),
        "dead_spots": int((dead["scope"] == r.operator).sum()) if len(dead) else 0,
        "reported_matched": int((r.checks["status"] == "matched").sum()),
        "reported_open": int(len(r.checks)),
        "skipped_cells": r.skipped_cells,
        "calibration": r.calibration,
        "files": {k: str(v) for k, v in r.files.items()},
        "synthetic": r.synthetic,
        "province": r.province,
        "runner": r.areas.runner if r.areas is not None else "this process",
    }
