"""A scenario's ranked actions as files: CSV, XLSX, JSON and GeoJSON.

`hatang scenarios show NAME --format csv|json|geojson`, `hatang plan-sites --format …`
and the dashboard's downloads all write these, so a file says the same wherever it was
made: the stored action rows, the commune holding each location (polygon, else the
nearest centroid: `publish.derive.assign_communes`), and the coverage run the scenario
was planned against on every row (a row read alone still says it).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from hatang.publish import tabular
from hatang.publish.derive import assign_communes
from hatang.publish.geojson import feature_collection


def with_communes(actions: pd.DataFrame, communes: pd.DataFrame) -> pd.DataFrame:
    """The actions with commune_code / commune_name (of `communes`: code, name, lon, lat,
    geometry) right after their lon / lat."""
    out = actions.reset_index(drop=True)
    lon = pd.to_numeric(out["lon"], errors="coerce").to_numpy(float)
    lat = pd.to_numeric(out["lat"], errors="coerce").to_numpy(float)
    codes = assign_communes(lon, lat, communes)
    names = dict(zip(communes["code"].astype(str), communes["name"], strict=True))
    at = list(out.columns).index("lat") + 1 if "lat" in out.columns else len(out.columns)
    out.insert(at, "commune_code", codes)
    out.insert(
        at + 1, "commune_name", [names.get(str(c)) if c is not None else None for c in codes]
    )
    return out


def recorded_run(scenario: dict[str, Any]) -> str | None:
    """The coverage run the scenario was planned against (None: not recorded)."""
    run = scenario.get("coverage_run")
    return run if isinstance(run, str) and run else None


def action_rows(actions: pd.DataFrame, scenario: dict[str, Any]) -> pd.DataFrame:
    """The rows every file carries: the actions and their scenario's coverage run."""
    return actions.assign(coverage_run=recorded_run(scenario))


#: decimals of the action files' numbers (lon/lat 6, people whole: `publish.tabular`)
DECIMALS = {"cost_vnd": 0, "height_m": 1, "band_mhz": 1, "bandwidth_mhz": 1, "eirp_dbm": 1}


def actions_csv(actions: pd.DataFrame, scenario: dict[str, Any]) -> bytes:
    """CSV as people open it (`publish.tabular`: UTF-8 with a BOM, rounded, formulas
    neutralised, the `synthetic` column on every row)."""
    rows = action_rows(actions, scenario)
    return tabular.to_csv(rows, synthetic=bool(scenario.get("synthetic")), decimals=DECIMALS)


def actions_xlsx(actions: pd.DataFrame, scenario: dict[str, Any]) -> bytes:
    """The rows of `actions_csv` as an XLSX workbook."""
    synthetic = bool(scenario.get("synthetic"))
    about = [f"Scenario {scenario['name']} / Kịch bản {scenario['name']}"]
    if synthetic:
        about.insert(0, "DỮ LIỆU MÔ PHỎNG / SYNTHETIC DATA — not real measurements")
    rows = action_rows(actions, scenario)
    return tabular.to_xlsx(
        rows, synthetic=synthetic, decimals=DECIMALS, sheet="actions", about=about
    )


def actions_json(actions: pd.DataFrame, scenario: dict[str, Any]) -> bytes:
    """UTF-8 JSON: one object per action (dates in ISO 8601)."""
    text = action_rows(actions, scenario).to_json(
        orient="records", force_ascii=False, date_format="iso"
    )
    return text.encode("utf-8")


def actions_geojson(
    actions: pd.DataFrame, scenario: dict[str, Any], synthetic: bool
) -> dict[str, Any]:
    """A FeatureCollection: one Point per action, its row as properties (lon/lat in the
    geometry only); top-level name, scenario, synthetic, coverage_run and coverage_period."""
    return feature_collection(
        action_rows(actions, scenario),
        name=f"scenario-{scenario['name']}",
        members={
            "scenario": scenario["name"],
            "synthetic": synthetic,
            "coverage_run": recorded_run(scenario),
            "coverage_period": scenario.get("coverage_period"),
        },
    )
