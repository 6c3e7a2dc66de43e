"""Planner commands: `hatang plan-sites`, `hatang scenarios list|show|compare`.

(`hatang import structures FILE` is the generic importer's `structures` kind.)
"""

from __future__ import annotations

import numbers
import sys
from typing import Annotated

import numpy as np
import pandas as pd
import typer
from rich.progress import Progress
from rich.table import Table

from hatang.cli import WorkspaceOpt, console
from hatang.errors import ConfigError
from hatang.views import format as fmt_

FORMATS = ("table", "csv", "json", "geojson")


def _share(text: str | None, what: str) -> float | None:
    """'100%', '30 %', '0.3' → a share in [0, 1]."""
    if text is None:
        return None
    t = text.strip().replace(" ", "")
    try:
        v = float(t[:-1]) / 100 if t.endswith("%") else float(t)
    except ValueError:
        raise ConfigError(f"{what} must be a share such as 100% or 0.3, got {text!r}") from None
    if not 0 < v <= 1:
        raise ConfigError(f"{what} must be a share in (0, 100%], got {text!r}")
    return v


def _money(text: str | None) -> float | None:
    """'50e9', '50000000000', '50.000.000.000', '50 tỷ' / '50bn' → VND."""
    if text is None:
        return None
    t = text.strip().lower().replace(" ", "")
    mult = 1.0
    for suffix, m in (
        ("tỷ", 1e9),
        ("ty", 1e9),
        ("bn", 1e9),
        ("triệu", 1e6),
        ("trieu", 1e6),
        ("m", 1e6),
    ):
        if t.endswith(suffix):
            t, mult = t[: -len(suffix)], m
            break
    t = t.replace(".", "") if t.count(".") > 1 else t
    t = t.replace(",", ".") if t.count(",") == 1 and "." not in t else t.replace(",", "")
    try:
        v = float(t) * mult
    except ValueError:
        raise ConfigError(
            f"--budget must be an amount in VND such as 50e9 or '50 tỷ', got {text!r}"
        ) from None
    if v < 0:
        raise ConfigError(f"--budget must not be negative, got {text!r}")
    return v


def _render(frame: pd.DataFrame, fmt: str, title: str, synthetic: bool) -> None:
    """Print a frame as a table, csv or json."""
    if fmt == "csv":
        frame.to_csv(sys.stdout, index=False)
    elif fmt == "json":
        sys.stdout.write(
            frame.to_json(orient="records", force_ascii=False, date_format="iso") + "\n"
        )
    else:
        t = Table(title=title + (" — dữ liệu mô phỏng / synthetic data" if synthetic else ""))
        for c in frame.columns:
            t.add_column(str(c))
        for row in frame.itertuples(index=False):
            t.add_row(*[_fmt(c, v) for c, v in zip(frame.columns, row, strict=True)])
        console.print(t)


def _print_actions(actions: pd.DataFrame, fmt: str, s: dict, title: str) -> None:
    """The ranked actions: a table for reading, else the files `planning.export` writes
    (the same the dashboard's downloads give)."""
    from hatang.planning import export
    from hatang.publish.geojson import dumps

    if fmt == "table":
        _render(_table_view(actions), fmt, title, bool(s["synthetic"]))
    elif fmt == "csv":
        sys.stdout.write(export.actions_csv(actions, s).decode("utf-8"))
    elif fmt == "json":
        sys.stdout.write(export.actions_json(actions, s).decode("utf-8") + "\n")
    else:
        doc = export.actions_geojson(actions, s, bool(s["synthetic"]))
        sys.stdout.write(dumps(doc).decode("utf-8") + "\n")


def _fmt(column: str, v: object) -> str:
    """A cell as a person reads it: empty for missing, 5 decimals for coordinates
    (about 1 m), whole people and VND."""
    if v is None or (isinstance(v, float) and v != v):
        return ""
    if isinstance(v, bool | np.bool_):
        return "yes" if v else "no"
    if isinstance(v, numbers.Integral):
        return f"{int(v):,}"
    if isinstance(v, float):
        if column == "gap" or column.startswith("sharing"):
            return f"{v:.2%}"
        if column in ("lon", "lat"):
            return f"{v:.5f}"
        if column.startswith(("people", "weighted")) or abs(v) >= 1e6:
            return f"{v:,.0f}"
        return f"{v:,.3g}" if abs(v) < 1 else f"{v:,.1f}"
    return str(v)


def _compare_table(rows: list, names: list[str]) -> pd.DataFrame:
    """The comparison as the terminal prints it: codes as they are, shares as %, VND
    and people whole, empty where a scenario has no value."""

    def cell(v) -> str:
        if v.kind == "text" or fmt_.missing(v.value):
            return fmt_.cell(v.label, v.value)
        return fmt_.raw(v, fmt_.TERMINAL)

    return pd.DataFrame(
        [
            dict(field=r.field, **{n: cell(v) for n, v in zip(names, r.values, strict=True)})
            for r in rows
        ]
    )


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
WEIGHTED_VIEW = ["weighted_new"]
FACILITY_VIEW = [
    "facilities_new",
    "schools_new",
    "health_stations_new",
    "commune_offices_new",
    "other_facilities_new",
]


def _present(actions: pd.DataFrame, cols: list[str]) -> bool:
    return all(c in actions for c in cols) and bool(actions[cols].notna().any().any())


def _action_columns(actions: pd.DataFrame, s: dict) -> list[str]:
    """ACTION_VIEW plus the weighted people (weighted scenarios) and the facility counts
    (workspaces with facilities)."""
    cols = list(ACTION_VIEW)
    if _weighted(s) and "weighted_new" in actions:
        cols.insert(cols.index("people_new") + 1, "weighted_new")
    if _has_facilities(s) and all(c in actions for c in FACILITY_VIEW):
        cols += FACILITY_VIEW
    return cols


def _weighted(s: dict) -> bool:
    w = s.get("weighting")
    return isinstance(w, str) and w not in ("", "none")


def _has_facilities(s: dict) -> bool:
    f = s.get("facilities")
    return f is not None and not pd.isna(f)


def _with_communes(ws, actions: pd.DataFrame) -> pd.DataFrame:
    """commune_code / commune_name (2025 map) of each action's location: the commune
    polygon holding it, else the nearest commune centroid."""
    from hatang.planning.export import with_communes
    from hatang.store.planning import read_communes

    return with_communes(actions, read_communes(ws))


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


def _run_line(s: dict) -> str | None:
    """Which coverage run the scenario was planned against (period, grid, when computed)."""
    if "coverage_run" not in s:
        return None
    run = s.get("coverage_run")
    where = f"{s.get('coverage_period')}, {s.get('resolution_m', float('nan')):g} m"
    if not isinstance(run, str) or not run:
        return (
            f"  coverage run / lượt tính phủ sóng: not recorded / không ghi nhận ({where}; "
            "no all-operator 4G run was stored, or the scenario is older than this record)"
        )
    at = s.get("coverage_run_created_at")
    when = f", computed / tính lúc {str(at)[:19]}" if at is not None and not pd.isna(at) else ""
    return f"  coverage run / lượt tính phủ sóng: {run} ({where}{when})"


def _weighting_line(s: dict) -> str | None:
    """The demand weighting the scenario was planned with."""
    if "weighting" not in s:
        return None
    w = s.get("weighting")
    if not isinstance(w, str) or not w:
        return "  demand weighting / trọng số nhu cầu: not recorded / không ghi nhận (plain people)"
    if w == "none":
        return (
            "  demand weighting / trọng số nhu cầu: none — plain people / không (mỗi người tính 1)"
        )
    return (
        f"  demand weighting / trọng số nhu cầu: {w} — the people of a village with such a "
        "facility count that many times, the largest factor when several apply / dân của thôn "
        "có cơ sở này được tính nhân hệ số (lấy hệ số lớn nhất)"
    )


def _facility_line(s: dict) -> str | None:
    """Facilities on the grid, without 4G before, and newly covered by kind."""
    from hatang.planning.facilities import describe

    if not _has_facilities(s):
        return None
    kinds = describe(s)
    return (
        f"  facilities / cơ sở công cộng: {int(s['facilities']):,} on the grid, "
        f"{int(s['facilities_uncovered']):,} without 4G before; newly covered / được phủ mới "
        f"{int(s['facilities_new'] or 0):,}" + (f" ({kinds})" if kinds else "")
    )


def _summary(s: dict) -> None:
    syn = " (dữ liệu mô phỏng / synthetic)" if s.get("synthetic") else ""
    console.print(
        f"[bold]Scenario {s['name']}[/]{syn}: {s['problem']}, {s['status']} ({s['method']}), "
        f"gap {s['gap']:.4%}, {s['solve_seconds']:.1f} s"
    )
    for line in (_run_line(s), _weighting_line(s)):
        if line:
            console.print(line, markup=False)
    weighted = _weighted(s)
    unit = "weighted people / người quy đổi" if weighted else "people"
    bound = f"{s['bound']:,.0f} VND" if s["problem"] == "min-cost" else f"{s['bound']:,.0f} {unit}"
    objective = (
        f" · weighted people newly covered (the objective) / người quy đổi "
        f"{s['objective_weighted']:,.0f}"
        if weighted
        else ""
    )
    console.print(
        f"  cost {s['cost_vnd']:,.0f} VND · people newly covered {s['people_new']:,.0f}{objective} "
        f"· bound {bound}"
    )
    demand_w = f" ({s['demand_weighted']:,.0f} weighted / quy đổi)" if weighted else ""
    console.print(
        f"  demand {s['demand_people']:,.0f} people{demand_w} in {s['dead_spots']} dead spots; "
        f"not coverable by any candidate: {s['uncoverable_people']:,.0f}; dead spots closed {s['dead_spots_closed']}"
    )
    line = _facility_line(s)
    if line:
        console.print(line, markup=False)
    pop = s["population"] or 1
    v = s["villages"] or 1
    console.print(
        f"  population covered {s['population_covered_before'] / pop:.2%} → {s['population_covered_after'] / pop:.2%}; "
        f"villages covered {s['villages_covered_before']:,}/{s['villages']:,} ({s['villages_covered_before'] / v:.1%}) → "
        f"{s['villages_covered_after']:,} ({s['villages_covered_after'] / v:.1%}); "
        f"sharing {s['sharing_before']:.1%} → {s['sharing_after']:.1%}"
    )


def register(app: typer.Typer) -> None:
    scen_app = typer.Typer(
        help="Stored planning scenarios (kịch bản quy hoạch trạm).", no_args_is_help=True
    )
    app.add_typer(scen_app, name="scenarios")

    @app.command("plan-sites")
    def plan_sites(
        workspace: WorkspaceOpt = None,
        budget: Annotated[
            str | None,
            typer.Option(
                help="maximise people covered within this budget, VND (e.g. 50e9, '50 tỷ') / tối đa dân được phủ trong ngân sách"
            ),
        ] = None,
        cover: Annotated[
            str | None,
            typer.Option(
                help="least-cost plan covering this share of dead-spot people (default 100%) / chi phí nhỏ nhất để phủ tỷ lệ này"
            ),
        ] = None,
        sharing: Annotated[
            str | None,
            typer.Option(
                help="require this share of shared sites after the plan, e.g. 30% / tỷ lệ trạm dùng chung tối thiểu"
            ),
        ] = None,
        operator: Annotated[
            str | None,
            typer.Option(
                help="plan for one operator (its dead spots, its radios) / lập cho một doanh nghiệp"
            ),
        ] = None,
        name: Annotated[str, typer.Option(help="scenario name / tên kịch bản")] = "default",
        time_limit: Annotated[
            float | None,
            typer.Option(help="exact solver time limit, s (default planner.time_limit_s)"),
        ] = None,
        resolution: Annotated[
            float | None,
            typer.Option(
                help="grid cell size, m (default: the --run's, else coverage.resolution_m) / kích thước ô lưới"
            ),
        ] = None,
        run_id: Annotated[
            str | None,
            typer.Option(
                "--run",
                help=(
                    "plan against this stored coverage run: its period, grid and calibration "
                    "(ids: `hatang deadspots --runs`; default: the newest all-operator 4G run of "
                    "the latest period) / lập theo lượt tính phủ sóng này"
                ),
            ),
        ] = None,
        priority: Annotated[
            str | None,
            typer.Option(
                help=(
                    "weight the demand by facilities, e.g. school=2,health-station=3: the "
                    "people of a village with such a facility count that many times (largest "
                    "factor); 'none' = plain people (default: planner.facility_weight) / ưu "
                    "tiên thôn có trường học, trạm y tế"
                )
            ),
        ] = None,
        fmt: Annotated[
            str, typer.Option("--format", help="table, csv, json or geojson (the ranked actions)")
        ] = "table",
    ) -> None:
        """Propose the cheapest actions that close the dead spots (đề xuất trạm mới / dùng chung để xoá điểm lõm sóng).

        Today's network is modelled as a stored coverage run modelled it — its site register, grid and calibration offsets — so the dead spots planned for are that run's. `--run 2025Q4-4G-any-100m` plans against the uncalibrated run, `--run 2025Q4-4G-any-100m-cal` against the calibrated one (`hatang coverage --calibrate`); `hatang deadspots --runs` lists the runs. With --run, --resolution may be left out (a different one is refused: the run's calibration belongs to its grid). Without --run: the newest all-operator 4G run of the latest period, on --resolution. The scenario records the run (`hatang scenarios show NAME`).

        Demand is people, unless weighted by imported facilities (`hatang import facilities FILE`): `--priority school=2,health-station=3` (or `planner.facility_weight` in hatang.toml; `--priority none` turns it off). People newly covered are always reported as people; the weighted objective is shown beside them, and each action counts the facilities it brings 4G to.

        Hiện trạng mạng được mô hình hoá như một lượt `hatang coverage` đã lưu (kỳ số liệu trạm, ô lưới, hiệu chỉnh), nên điểm lõm sóng là của lượt đó: `--run` chọn lượt tính (chưa hiệu chỉnh hay đã hiệu chỉnh); mặc định là lượt mới nhất cho mọi nhà mạng của kỳ mới nhất. Kịch bản ghi lại lượt tính đã dùng.

        Nhu cầu là số dân; `--priority school=2,health-station=3` ưu tiên thôn có trường học, trạm y tế (dân của thôn đó được tính nhân hệ số). Số dân được phủ mới luôn là số người thật; mỗi đề xuất ghi số cơ sở được phủ sóng mới.
        """
        from hatang.model.operators import operator_code
        from hatang.planning.facilities import parse_priority
        from hatang.planning.scenario import plan_sites as run
        from hatang.store.workspace import Workspace

        if fmt not in FORMATS:
            raise ConfigError(f"--format must be one of {', '.join(FORMATS)}")
        if budget is not None and cover is not None:
            raise ConfigError("give either --budget or --cover, not both")
        ws = Workspace.open(workspace)
        try:
            op = operator_code(operator) if operator else None
        except ValueError as e:
            raise ConfigError(f"--operator: {e}") from None
        factors = parse_priority(priority) if priority is not None else None
        with Progress(console=console, transient=True, disable=fmt != "table") as bar:
            task = bar.add_task("coverage grid / lưới phủ sóng", total=None)
            result = run(
                ws,
                name=name,
                budget=_money(budget),
                cover=_share(cover, "--cover"),
                sharing=_share(sharing, "--sharing"),
                operator=op,
                time_limit=time_limit,
                resolution=resolution,
                progress=lambda done, total: bar.update(task, completed=done, total=total),
                run_id=run_id,
                priority=factors,
            )
        actions = _with_communes(ws, result.actions)
        actions = actions[_action_columns(actions, result.scenario)]
        if fmt == "table":
            _summary(result.scenario)
            if result.plan.notes or result.notes:
                console.print("  " + "; ".join([*result.plan.notes, *result.notes]))
            unc = result.uncoverable
            if len(unc):
                console.print(
                    f"  [bold]Not coverable by any candidate / không ứng viên nào phủ được:[/] "
                    f"{unc['people'].sum():,.0f} people in {len(unc)} dead spots, largest at "
                    + "; ".join(
                        f"{r.lon:.4f},{r.lat:.4f} ({r.people:,.0f})"
                        for r in unc.head(5).itertuples()
                    )
                )
        _print_actions(actions, fmt, result.scenario, f"Actions of scenario {name}")

    @scen_app.command("list")
    def list_cmd(
        workspace: WorkspaceOpt = None,
        fmt: Annotated[str, typer.Option("--format", help="table, csv or json")] = "table",
    ) -> None:
        """List stored scenarios (danh sách kịch bản)."""
        from hatang.planning.scenarios import list_scenarios
        from hatang.store.workspace import Workspace

        if fmt not in ("table", "csv", "json"):
            raise ConfigError(f"--format {fmt!r}: expected table, csv or json")
        ws = Workspace.open(workspace)
        s = list_scenarios(ws)
        cols = [
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
        _render(
            s[cols],
            fmt if fmt != "geojson" else "json",
            "Scenarios",
            bool(s["synthetic"].any()) if len(s) else ws.synthetic,
        )

    @scen_app.command("show")
    def show_cmd(
        name: str,
        workspace: WorkspaceOpt = None,
        fmt: Annotated[str, typer.Option("--format", help="table, csv, json or geojson")] = "table",
    ) -> None:
        """Show a scenario's totals and ranked actions (chi tiết kịch bản)."""
        from hatang.planning.scenarios import get_scenario, recorded_run_state
        from hatang.store.workspace import Workspace

        if fmt not in FORMATS:
            raise ConfigError(f"--format must be one of {', '.join(FORMATS)}")
        ws = Workspace.open(workspace)
        s, actions = get_scenario(ws, name)
        actions = _with_communes(ws, actions)
        actions = actions[_action_columns(actions, s)] if fmt == "table" else actions
        if fmt == "table":
            _summary(s)
            state = recorded_run_state(ws, s)
            if state == "recomputed":
                console.print(
                    f"  [yellow]coverage run {s['coverage_run']} was recomputed after this plan "
                    "(its offsets may differ now); plan again to use it / lượt tính đã được tính lại "
                    "sau kịch bản này[/]"
                )
            elif state == "missing":
                console.print(
                    f"  [yellow]coverage run {s['coverage_run']} is no longer stored / lượt tính "
                    "không còn được lưu[/]"
                )
        _print_actions(actions, fmt, s, f"Actions of scenario {name}")

    @scen_app.command("compare")
    def compare_cmd(
        a: str,
        b: str,
        workspace: WorkspaceOpt = None,
        fmt: Annotated[str, typer.Option("--format", help="table, csv or json")] = "table",
    ) -> None:
        """Compare two scenarios side by side (so sánh hai kịch bản)."""
        from hatang.planning.scenarios import get_scenario
        from hatang.store.workspace import Workspace
        from hatang.views import scenarios as views

        ws = Workspace.open(workspace)
        (sa, acts_a), (sb, acts_b) = get_scenario(ws, a), get_scenario(ws, b)
        rows = views.comparison([sa, sb], [acts_a, acts_b])
        frame = views.comparison_frame(rows, [a, b])
        if fmt == "table":
            frame = _compare_table(rows, [a, b])
        _render(
            frame,
            fmt if fmt != "geojson" else "json",
            f"{a} vs {b}",
            ws.synthetic,
        )
