"""`hatang explain --json` is strict JSON: no NaN for an import without a period, counts as ints."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from hatang.cli import app


def _strict(text: str) -> dict:
    def reject(name: str):
        raise ValueError(f"not JSON: {name}")

    return json.loads(text, parse_constant=reject)


def test_explain_json_is_strict(computed_fixture):
    res = CliRunner().invoke(
        app,
        [
            "explain",
            "mobile_broadband_per_100",
            "-w",
            str(computed_fixture.root),
            "--unit",
            "N1",
            "--period",
            "2024Q4",
            "--map",
            "2025",
            "--json",
        ],
    )
    assert res.exit_code == 0, res.output
    doc = _strict(res.output)
    periods = {f["file_name"]: f["period"] for f in doc["files"]}
    assert periods == {"subscriptions-2024Q4.csv": "2024Q4", "units.csv": None}
    assert doc["rows_by_table"] == {"subscriptions": 4, "units": 1}
    assert all(type(v) is int for v in doc["rows_by_table"].values())
    assert all(type(f["rows"]) is int for f in doc["files"])
