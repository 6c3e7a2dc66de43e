"""How the planner commands draw a scenario in the terminal: its summary lines (from
`hatang.views.scenarios`), the ranked actions, the list and the comparison."""

from __future__ import annotations

import sys
from typing import Any

import pandas as pd

from hatang.cli.output import SYNTHETIC, console
from hatang.views import format as fmt_
from hatang.views import scenarios as views

ACTION_VIEW = [
    "rank",
    "kind",
    "operator",
    "host_site_id",
    "structure_id",
    "lon",
    "lat",
    "commune_code",
    "commune_name",
    "height_m",
    "cost_vnd",
    "people_new",
    "villages_new",
    "dead_spots_closed",
]
#: shown after people_new / dead_spots_closed when the scenario has them (weighting on,
#: facilities imported): a default scenario of a workspace without facilities prints
#: exactly the columns it always did
FACILITY_VIEW = [
    "facilities_new",
    "schools_new",
    "health_stations_new",
    "commune_offices_new",
    "other_facilities_new",
]
LIST_VIEW = [
    "name",
    "created_at",
    "problem",
    "operator",
    "weighting",
    "status",
    "cost_vnd",
    "people_new",
    "gap",
    "villages_covered_after",
    "sharing_after",
]


def render(frame: pd.DataFrame, fmt: str, title: str, synthetic: bool) -> None:
    """Print a frame as a table, csv or json."""
    if fmt == "csv":
        frame.to_csv(sys.stdout, index=False)
    elif fmt == "json":
        sys.stdout.write(
            frame.to_json(orient="records", force_ascii=False, date_format="iso") + "\n"
        )
    else:
        from rich.table import Table

        t = Table(title=title + (f" — {SYNTHETIC}" if synthetic else ""))
        for c in frame.columns:
            t.add_column(str(c))
        for row in frame.itertuples(index=False):
            t.add_row(*[fmt_.cell(c, v) for c, v in zip(frame.columns, row, strict=True)])
        console().print(t)


def action_columns(actions: pd.DataFrame, s: dict[str, Any]) -> list[str]:
    """ACTION_VIEW plus the weighted people (weighted scenarios) and the facility counts
    (workspaces with facilities)."""
    cols = list(ACTION_VIEW)
    if views.weighted(s) and "weighted_new" in actions:
        cols.insert(cols.index("people_new") + 1, "weighted_new")
    if views.has_facilities(s) and all(c in actions for c in FACILITY_VIEW):
        cols += FACILITY_VIEW
    return cols


def _table_view(actions: pd.DataFrame) -> pd.DataFrame:
    """The ranked actions for the terminal: one 'commune' column, 'Name (code)'; the
    facility counts as one column, e.g. '2 school, 1 health-station'."""
    from hatang.planning.facilities import describe

    view = actions.copy()
    view.insert(
        view.columns.get_loc("commune_code"),
        "commune / xã",
        [
            f"{n} ({c})" if n else (c or "")
            for n, c in zip(view["commune_name"], view["commune_code"], strict=True)
        ],
    )
    if "weighted_new" in view:
        view = view.rename(columns={"weighted_new": "weighted / quy đổi"})
    if "facilities_new" in view:
        view["facilities / cơ sở"] = [describe(r) for r in view.to_dict(orient="records")]
        view = view.drop(columns=FACILITY_VIEW)
    return view.drop(columns=["commune_code", "commune_name"])


def print_actions(actions: pd.DataFrame, fmt: str, s: dict[str, Any]) -> None:
    """The ranked actions: a table for reading, else the files `planning.export` writes
    (the same the dashboard's downloads give)."""
    from hatang.planning import export
    from hatang.publish.geojson import dumps

    if fmt == "table":
        view = _table_view(actions[action_columns(actions, s)])
        render(view, fmt, f"Actions of scenario {s['name']}", bool(s["synthetic"]))
    elif fmt == "csv":
        sys.stdout.write(export.actions_csv(actions, s).decode("utf-8"))
    elif fmt == "json":
        sys.stdout.write(export.actions_json(actions, s).decode("utf-8") + "\n")
    else:
        doc = export.actions_geojson(actions, s, bool(s["synthetic"]))
        sys.stdout.write(dumps(doc).decode("utf-8") + "\n")


def print_list(scenarios: pd.DataFrame, fmt: str, synthetic: bool) -> None:
    if len(scenarios):
        synthetic = bool(scenarios["synthetic"].any())
    render(scenarios[LIST_VIEW], fmt, "Scenarios", synthetic)


def compare_table(rows: list[views.CompareRow], names: list[str]) -> pd.DataFrame:
    """The comparison as the terminal prints it: codes as they are, shares as %, VND
    and people whole, empty where a scenario has no value."""

    def cell(v: Any) -> str:
        if v.kind == "text" or fmt_.missing(v.value):
            return fmt_.cell(v.label, v.value)
        return fmt_.raw(v, fmt_.TERMINAL)

    return pd.DataFrame(
        [
            dict(field=r.field, **{n: cell(v) for n, v in zip(names, r.values, strict=True)})
            for r in rows
        ]
    )


def print_comparison(
    rows: list[views.CompareRow], names: list[str], fmt: str, synthetic: bool
) -> None:
    frame = compare_table(rows, names) if fmt == "table" else views.comparison_frame(rows, names)
    render(frame, fmt, " vs ".join(names), synthetic)


# ---- the summary ---------------------------------------------------------------------


def _run_line(s: dict[str, Any]) -> str | None:
    """Which coverage run the scenario was planned against (period, grid, when computed)."""
    run = views.coverage_run(s)
    if run is None:
        return None
    res = "nan" if run.resolution_m is None else f"{run.resolution_m:g}"
    where = f"{run.period}, {res} m"
    if not run.recorded:
        return (
            f"  coverage run / lượt tính phủ sóng: not recorded / không ghi nhận ({where}; "
            "no all-operator 4G run was stored, or the scenario is older than this record)"
        )
    when = f", computed / tính lúc {run.created_at}" if run.created_at else ""
    return f"  coverage run / lượt tính phủ sóng: {run.run_id} ({where}{when})"


def _weighting_line(s: dict[str, Any]) -> str | None:
    """The demand weighting the scenario was planned with."""
    w = views.weighting(s)
    if w is None:
        return None
    if w.value is None:
        return "  demand weighting / trọng số nhu cầu: not recorded / không ghi nhận (plain people)"
    if not w.weighted:
        return (
            "  demand weighting / trọng số nhu cầu: none — plain people / không (mỗi người tính 1)"
        )
    return (
        f"  demand weighting / trọng số nhu cầu: {w.value} — the people of a village with such a "
        "facility count that many times, the largest factor when several apply / dân của thôn "
        "có cơ sở này được tính nhân hệ số (lấy hệ số lớn nhất)"
    )


def _facility_line(s: dict[str, Any]) -> str | None:
    """Facilities on the grid, without 4G before, and newly covered by kind."""
    from hatang.planning.facilities import describe

    if not views.has_facilities(s):
        return None
    kinds = describe(s)
    return (
        f"  facilities / cơ sở công cộng: {int(s['facilities']):,} on the grid, "
        f"{int(s['facilities_uncovered']):,} without 4G before; newly covered / được phủ mới "
        f"{int(s['facilities_new'] or 0):,}" + (f" ({kinds})" if kinds else "")
    )


def print_summary(s: dict[str, Any]) -> None:
    out = console()
    syn = " (dữ liệu mô phỏng / synthetic)" if s.get("synthetic") else ""
    out.print(
        f"[bold]Scenario {s['name']}[/]{syn}: {s['problem']}, {s['status']} ({s['method']}), "
        f"gap {s['gap']:.4%}, {s['solve_seconds']:.1f} s"
    )
    for line in (_run_line(s), _weighting_line(s)):
        if line:
            out.print(line, markup=False)
    weighted = views.weighted(s)
    unit = "weighted people / người quy đổi" if weighted else "people"
    bound = views.bound(s)
    bound_text = fmt_.raw(bound, fmt_.TERMINAL) + (" VND" if bound.unit == "VND" else f" {unit}")
    objective = (
        f" · weighted people newly covered (the objective) / người quy đổi "
        f"{s['objective_weighted']:,.0f}"
        if weighted
        else ""
    )
    out.print(
        f"  cost {s['cost_vnd']:,.0f} VND · people newly covered {s['people_new']:,.0f}{objective} "
        f"· bound {bound_text}"
    )
    demand_w = f" ({s['demand_weighted']:,.0f} weighted / quy đổi)" if weighted else ""
    out.print(
        f"  demand {s['demand_people']:,.0f} people{demand_w} in {s['dead_spots']} dead spots; "
        f"not coverable by any candidate: {s['uncoverable_people']:,.0f}; dead spots closed {s['dead_spots_closed']}"
    )
    line = _facility_line(s)
    if line:
        out.print(line, markup=False)
    pop = s["population"] or 1
    v = s["villages"] or 1
    out.print(
        f"  population covered {s['population_covered_before'] / pop:.2%} → {s['population_covered_after'] / pop:.2%}; "
        f"villages covered {s['villages_covered_before']:,}/{s['villages']:,} ({s['villages_covered_before'] / v:.1%}) → "
        f"{s['villages_covered_after']:,} ({s['villages_covered_after'] / v:.1%}); "
        f"sharing {s['sharing_before']:.1%} → {s['sharing_after']:.1%}"
    )


def print_plan_notes(result: Any) -> None:
    """What the planner noted, and the dead spots no candidate can cover."""
    if result.plan.notes or result.notes:
        console().print("  " + "; ".join([*result.plan.notes, *result.notes]))
    unc = result.uncoverable
    if len(unc):
        console().print(
            f"  [bold]Not coverable by any candidate / không ứng viên nào phủ được:[/] "
            f"{unc['people'].sum():,.0f} people in {len(unc)} dead spots, largest at "
            + "; ".join(
                f"{r.lon:.4f},{r.lat:.4f} ({r.people:,.0f})" for r in unc.head(5).itertuples()
            )
        )


def print_run_state(s: dict[str, Any], state: str | None) -> None:
    """Warn when the coverage run planned against was recomputed or removed since."""
    if state == "recomputed":
        console().print(
            f"  [yellow]coverage run {s['coverage_run']} was recomputed after this plan "
            "(its offsets may differ now); plan again to use it / lượt tính đã được tính lại "
            "sau kịch bản này[/]"
        )
    elif state == "missing":
        console().print(
            f"  [yellow]coverage run {s['coverage_run']} is no longer stored / lượt tính "
            "không còn được lưu[/]"
        )
