"""A terrain profile file for `hatang pathloss --profile`: `distance_km,elevation_m`,
transmitter at the first row, receiver at the last. Every bad cell is a Problem."""

from __future__ import annotations

import csv
import math
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from hatang.errors import DataError, Problem
from hatang.io.reasons import reason

COLUMNS = ("distance_km", "elevation_m")
#: Vietnamese headers accepted too
ALIASES = {"khoang_cach_km": "distance_km", "do_cao_m": "elevation_m"}


def read_profile(path: Path) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """(distance in metres, elevation in metres) of the file's rows, or DataError naming
    each bad row, column and value."""
    name = path.name
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        raise DataError(f"{name}: cannot read the profile ({e})") from None
    rows = list(csv.reader(text.splitlines()))
    if not rows:
        raise DataError(f"{name}: the profile is empty; columns: {', '.join(COLUMNS)}")
    header = [ALIASES.get(h.strip().lower(), h.strip().lower()) for h in rows[0]]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise DataError(
            f"{name}: missing column(s) {', '.join(missing)}; the profile needs "
            f"{', '.join(COLUMNS)} (transmitter first, receiver last)"
        )
    at = [header.index(c) for c in COLUMNS]
    values, problems = _values(name, rows[1:], at)
    if not problems and len(values) < 2:
        problems.append(
            Problem(name, None, None, len(values), reason("profile_too_short"), "empty-file")
        )
    d = np.array([v[0] for v in values]) * 1000.0
    if not problems:
        for i in np.nonzero(np.diff(d) <= 0)[0]:
            problems.append(
                Problem(
                    name,
                    values[int(i) + 1][2],
                    "distance_km",
                    d[i + 1] / 1000,
                    reason("distances_increase"),
                    "inconsistent",
                )
            )
    if problems:
        raise DataError(f"{name}: {len(problems)} problem(s) in the profile", problems)
    return d, np.array([v[1] for v in values])


def _values(
    name: str, rows: list[list[str]], at: list[int]
) -> tuple[list[tuple[float, float, int]], list[Problem]]:
    values: list[tuple[float, float, int]] = []
    problems: list[Problem] = []
    for n, row in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row):
            continue
        pair = []
        for col, i in zip(COLUMNS, at, strict=True):
            cell = row[i].strip() if i < len(row) else ""
            try:
                x = float(cell.replace(",", "."))
            except ValueError:
                problems.append(Problem(name, n, col, cell, reason("not_number"), "type-error"))
                continue
            if not math.isfinite(x) or (col == "distance_km" and x < 0):
                problems.append(
                    Problem(
                        name,
                        n,
                        col,
                        cell,
                        reason("finite_not_negative" if col == "distance_km" else "finite"),
                        "out-of-range",
                    )
                )
                continue
            pair.append(x)
        if len(pair) == 2:
            values.append((pair[0], pair[1], n))
    return values, problems
