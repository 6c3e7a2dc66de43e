"""Indicator, plan and scorecard commands: thin shells over hatang.indicators."""

from pathlib import Path
from typing import Annotated, Any

import typer

from hatang.cli.helptext import command_options
from hatang.cli.options import MapOpt, ProvinceOpt, WideOpt, WorkspaceOpt, choice, province

AsJson = Annotated[bool, typer.Option("--json", help="print as JSON / xuất JSON")]
ReportJson = Annotated[
    bool, typer.Option("--json", help="print the report as JSON / xuất báo cáo JSON")
]
ForceOpt = Annotated[
    bool,
    typer.Option("--force", help="recompute every indicator, changed or not / tính lại tất cả"),
]
IndicatorsOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--indicator",
        "-i",
        help="only this indicator (repeatable) / chỉ tiêu này: {registry:indicators}",
    ),
]
IndicatorArg = Annotated[
    str,
    typer.Argument(
        help="indicator id (see `hatang indicators`) / mã chỉ tiêu: {registry:indicators}"
    ),
]
UnitOpt = Annotated[
    str | None,
    typer.Option(
        "--unit",
        "-u",
        help="unit code, e.g. 36 or 2024:36 (default: the scorecard's unit) "
        "/ mã đơn vị (mặc định: đơn vị của bảng theo dõi)",
    ),
]
PeriodOpt = Annotated[
    str | None,
    typer.Option(
        "--period",
        "-p",
        help="period, e.g. 2025Q4 (default: the latest with a value) "
        "/ kỳ (mặc định: kỳ mới nhất có giá trị)",
    ),
]
PlanFileArg = Annotated[Path, typer.Argument(help="plan file (TOML) / tệp kế hoạch")]
ReplaceOpt = Annotated[
    bool,
    typer.Option("--replace", help="replace a plan with the same id / ghi đè kế hoạch cùng mã"),
]
NewPlanFileArg = Annotated[
    Path, typer.Argument(help="file to write (default plan.toml) / tệp sẽ tạo")
]
ReplaceFileOpt = Annotated[
    bool, typer.Option("--replace", help="overwrite an existing file / ghi đè tệp đã có")
]
PlanIdArg = Annotated[str, typer.Argument(help="plan id, e.g. kh-137-2024 / mã kế hoạch")]
PlanOpt = Annotated[
    str | None,
    typer.Option(
        "--plan",
        help="plan id (default: the plan whose scope is this workspace's province) / mã kế hoạch",
    ),
]
ScorePeriodOpt = Annotated[
    str | None,
    typer.Option(
        "--period",
        "-p",
        help="period (default: the latest value of each target) / kỳ (mặc định: giá trị mới nhất)",
    ),
]
ScopeOpt = Annotated[
    str | None,
    typer.Option(
        "--unit",
        "-u",
        help="unit code (default: the plan's scope) / mã đơn vị (mặc định: phạm vi kế hoạch)",
    ),
]
LevelOpt = Annotated[
    str | None,
    typer.Option(
        "--level", help="commune: one row per commune and target / một dòng cho mỗi xã và chỉ tiêu"
    ),
]
ByOpt = Annotated[
    str | None,
    typer.Option(
        "--by",
        help="province: every province of the map × every target, ranked best first "
        "(a national workspace) / xếp hạng các tỉnh",
    ),
]
WorstOpt = Annotated[
    int | None,
    typer.Option(
        "--worst", help="the N communes furthest from each target / N xã xa chỉ tiêu nhất"
    ),
]
ScoreFormatOpt = Annotated[
    str, typer.Option("--format", "-f", help="table, csv, json or markdown / định dạng")
]
SCORECARD_FORMATS = ("table", "csv", "json", "markdown")


def compute_cmd(
    workspace: WorkspaceOpt = None,
    force: ForceOpt = False,
    indicator: IndicatorsOpt = None,
    as_json: ReportJson = False,
) -> None:
    """Compute every indicator for every unit and period (incremental) / tính các chỉ tiêu."""
    from hatang.cli.output import labelled_bar, print_json
    from hatang.indicators import compute_workspace, get_indicator
    from hatang.store import Workspace

    ws = Workspace.open(workspace, defer_check=True)  # checked by the one read of a no-op
    for i in indicator or []:
        get_indicator(i)
    with labelled_bar("chỉ tiêu / indicators", enabled=not as_json) as tick:
        report = compute_workspace(
            ws,
            progress=tick,
            only_changed=not force,
            indicators=indicator or None,
            workers=0,  # two processes where the machine has room: this one computes nothing else
        )
    print_json(report.to_dict()) if as_json else _print_computed(report, ws.synthetic)


def _print_computed(report: Any, synthetic: bool) -> None:
    """What was computed, in two lines that rich writes only where it adds to them
    (`output.print_lines`): not through hatang.cli.indicator_show, which loads rich and
    the tables for a no-op's two lines."""
    from hatang.cli.output import SYNTHETIC, number_style, print_lines
    from hatang.views import format as fmt_

    print_lines(
        f"Đã tính / computed: {len(report.computed)} indicators, {fmt_.whole(report.rows, number_style())} values "
        f"in {fmt_.seconds(report.seconds, number_style())}; không đổi / unchanged, skipped: {len(report.skipped)}"
    )
    if synthetic:
        print_lines(SYNTHETIC, f"[bold magenta]{SYNTHETIC}[/bold magenta]")


def indicators_cmd(as_json: AsJson = False, wide: WideOpt = False) -> None:
    """List the indicator catalogue / danh mục chỉ tiêu."""
    from dataclasses import asdict

    from hatang.cli.indicator_show import print_catalogue
    from hatang.cli.output import print_json
    from hatang.indicators import load_catalogue

    cat = load_catalogue()
    print_json([asdict(i) for i in cat.values()]) if as_json else print_catalogue(cat, wide)


def plan_add(
    file: PlanFileArg, workspace: WorkspaceOpt = None, replace: ReplaceOpt = False
) -> None:
    """Validate a plan file and add it to the workspace / thêm kế hoạch."""
    from hatang.cli.output import console
    from hatang.indicators import add_plan
    from hatang.store import Workspace

    plan = add_plan(Workspace.open(workspace).root, file, replace=replace)
    console().print(
        f"Đã thêm kế hoạch / added plan [bold]{plan.id}[/bold] ({plan.number}): {len(plan.targets)} targets"
    )


def plan_new(
    file: NewPlanFileArg = Path("plan.toml"),
    workspace: WorkspaceOpt = None,
    replace: ReplaceFileOpt = False,
) -> None:
    """Write a commented plan template for this province / tạo mẫu kế hoạch."""
    import datetime as dt

    from hatang.cli.output import console
    from hatang.indicators.planfile import plan_template, write_template
    from hatang.store import Workspace

    w = Workspace.open(workspace).settings.workspace
    text = plan_template(
        code=w.province, map_=w.province_map, name=w.name, today=dt.date.today(), file=str(file)
    )
    write_template(file, text, replace=replace)
    console().print(
        f"Đã tạo mẫu kế hoạch / wrote a plan template: {file}\n"
        f"Next / tiếp theo: fill in its targets / điền chỉ tiêu, then `hatang plan add {file}`"
    )


def plan_list(workspace: WorkspaceOpt = None, as_json: AsJson = False) -> None:
    """List the plans (packaged and the workspace's) / danh sách kế hoạch."""
    from hatang.cli.indicator_show import print_plans
    from hatang.cli.output import print_json
    from hatang.indicators import list_plans
    from hatang.store import Workspace

    plans = list_plans(Workspace.open(workspace).root)
    print_json([p.to_dict() for p in plans.values()]) if as_json else print_plans(plans)


def plan_show(plan_id: PlanIdArg, workspace: WorkspaceOpt = None, as_json: AsJson = False) -> None:
    """Show a plan and its targets / xem kế hoạch."""
    from hatang.cli.indicator_show import print_plan
    from hatang.cli.output import print_json
    from hatang.indicators import get_plan
    from hatang.store import Workspace

    plan = get_plan(plan_id, Workspace.open(workspace).root)
    print_json(plan.to_dict()) if as_json else print_plan(plan)


def explain_cmd(
    indicator: IndicatorArg,
    unit: UnitOpt = None,
    period: PeriodOpt = None,
    workspace: WorkspaceOpt = None,
    map_: MapOpt = "2025",
    as_json: AsJson = False,
) -> None:
    """Explain a value: definition, numerator, denominator, inputs and files / giải thích số liệu."""
    from hatang.cli.indicator_show import print_explanation
    from hatang.cli.output import print_json
    from hatang.indicators import explain
    from hatang.store import Workspace

    ws = Workspace.open(workspace)
    e = explain(ws, indicator, unit=unit, period=period, map=map_)
    if as_json:
        print_json(e)
    else:
        print_explanation(e, _population_base(ws) if e.get("population_base") else None)


def _population_base(ws: Any) -> dict[str, Any] | None:
    """The stored population base as data (its words in the CLI's language)."""
    from dataclasses import asdict

    from hatang.indicators import population
    from hatang.store.db import get_meta

    with ws.connect() as con:
        base = population.from_json(get_meta(con, population.META_KEY))
    return asdict(base) if base else None


def scorecard_cmd(
    workspace: WorkspaceOpt = None,
    plan: PlanOpt = None,
    period: ScorePeriodOpt = None,
    unit: ScopeOpt = None,
    level: LevelOpt = None,
    worst: WorstOpt = None,
    map_: MapOpt = "2025",
    fmt: ScoreFormatOpt = "table",
    wide: WideOpt = False,
    by: ByOpt = None,
    province_: ProvinceOpt = None,
) -> None:
    """The plan's scorecard: every target with value, status and projection / bảng theo dõi chỉ tiêu."""
    from hatang.cli.indicator_show import print_scorecard
    from hatang.indicators import scorecard
    from hatang.store import Workspace

    choice(fmt, SCORECARD_FORMATS)
    ws = Workspace.open(workspace)
    sc = scorecard(
        ws, plan_id=plan, period=period, map=map_, unit=unit, level=level, worst=worst, by=by,
        province=province(province_),
    )  # fmt: skip
    print_scorecard(sc, fmt, sc.attrs.get("plan", plan or ""), map_, ws.synthetic, wide)


def register(app: typer.Typer) -> None:
    plan_app = typer.Typer(
        help="Plans as data: new, add, list, show / kế hoạch (chỉ tiêu) dưới dạng dữ liệu.",
        no_args_is_help=True,
    )
    app.add_typer(plan_app, name="plan")
    app.command("compute", **command_options())(compute_cmd)
    app.command("indicators")(indicators_cmd)
    plan_app.command("new")(plan_new)
    plan_app.command("add")(plan_add)
    plan_app.command("list")(plan_list)
    plan_app.command("show")(plan_show)
    app.command("explain", **command_options())(explain_cmd)
    app.command("scorecard")(scorecard_cmd)
