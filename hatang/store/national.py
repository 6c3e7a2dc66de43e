"""What a national workspace holds, counted in the database (the national demo's
summary: `demo.country_build.country_figures`)."""

from __future__ import annotations

from hatang.store.workspace import Workspace
from hatang.views.province import ProvinceScope, province_scope

_VILLAGES_2025 = "FROM units WHERE map = '2025' AND level = 'village'"
_COUNTS = {
    "provinces": "SELECT count(DISTINCT c.parent_code) FROM units v JOIN units c "
    "ON c.map = '2025' AND c.code = v.parent_code WHERE v.map = '2025' AND v.level = 'village'",
    "villages": f"SELECT count(*) {_VILLAGES_2025}",
    "people": f"SELECT sum(population) {_VILLAGES_2025}",
    "sites": "SELECT count(*) FROM sites WHERE period = $period",
    "cells": "SELECT count(*) FROM cells WHERE period = $period",
    "speed_tests": "SELECT count(*) FROM speed_tests",
    "dead_spots": "SELECT count(*) FROM dead_spots",
}


def country_counts(ws: Workspace, period: str) -> dict[str, float]:
    """Provinces with villages, villages, people, sites and cells of `period`, speed
    tests and reported dead spots."""
    out = {}
    with ws.connect(read_only=True) as con:
        for key, sql in _COUNTS.items():
            args = {"period": period} if "$period" in sql else {}
            row = con.execute(sql, args).fetchone()
            out[key] = float(row[0] or 0) if row else 0.0
    return out


def read_province_scope(ws: Workspace, code: str) -> ProvinceScope:
    """The units of 2025 province `code` in this workspace (`views.province`): what
    `--province CODE` and `?province=CODE` narrow to."""
    from hatang.store.indicators import read_crosswalk, read_units

    with ws.connect(read_only=True) as con:
        units, crosswalk = read_units(con), read_crosswalk(con)
    return province_scope(code, units, crosswalk)
