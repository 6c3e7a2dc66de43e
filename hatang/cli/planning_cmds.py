"""Planner commands: `hatang plan-sites`, `hatang scenarios list|show|compare`.

(`hatang import structures FILE` is the generic importer's `structures` kind.)
"""

from typing import Annotated, Any

import typer

from hatang.cli import options as opt
from hatang.cli.options import ProvinceOpt, SchedulerOpt, WideOpt, WorkspaceOpt

FORMATS = ("table", "csv", "json", "geojson")

BudgetOpt = Annotated[
    str | None,
    typer.Option(
        help="maximise people covered within this budget, VND (e.g. 50e9, '50 tỷ') / tối đa dân được phủ trong ngân sách"
    ),
]
CoverOpt = Annotated[
    str | None,
    typer.Option(
        help="least-cost plan covering this share of dead-spot people (default 100%) / chi phí nhỏ nhất để phủ tỷ lệ này"
    ),
]
SharingOpt = Annotated[
    str | None,
    typer.Option(
        help="require this share of shared sites after the plan, e.g. 30% / tỷ lệ trạm dùng chung tối thiểu"
    ),
]
OperatorOpt = Annotated[
    str | None,
    typer.Option(
        help="plan for one operator (its dead spots, its radios) / lập cho một doanh nghiệp"
    ),
]
NameOpt = Annotated[str, typer.Option(help="scenario name / tên kịch bản")]
ReplaceOpt = Annotated[
    bool,
    typer.Option(
        "--replace", help="replace a stored scenario of the same name / ghi đè kịch bản cùng tên"
    ),
]
TimeLimitOpt = Annotated[
    float | None,
    typer.Option(
        help="exact solver time limit, s (default planner.time_limit_s) / giới hạn thời gian giải"
    ),
]
ResolutionOpt = Annotated[
    float | None,
    typer.Option(
        help="grid cell size, m (default: the --run's, else coverage.resolution_m) / kích thước ô lưới"
    ),
]
RunOpt = Annotated[
    str | None,
    typer.Option(
        "--run",
        help=(
            "plan against this stored coverage run: its period, grid and calibration "
            "(ids: `hatang deadspots --runs`; default: the newest all-operator 4G run of "
            "the latest period) / lập theo lượt tính phủ sóng này"
        ),
    ),
]
PriorityOpt = Annotated[
    str | None,
    typer.Option(
        help=(
            "weight the demand by facilities, e.g. school=2,health-station=3: the "
            "people of a village with such a facility count that many times (largest "
            "factor); 'none' = plain people (default: planner.facility_weight) / ưu "
            "tiên thôn có trường học, trạm y tế"
        )
    ),
]
ActionsFormatOpt = Annotated[
    str,
    typer.Option("--format", help="table, csv, json or geojson (the ranked actions) / định dạng"),
]
ShowFormatOpt = Annotated[
    str, typer.Option("--format", help="table, csv, json or geojson / định dạng")
]
ListFormatOpt = Annotated[str, typer.Option("--format", help="table, csv or json / định dạng")]
ByProvinceOpt = Annotated[
    str | None,
    typer.Option(
        "--by",
        help=(
            "'province': plan every province of a national workspace as its own Dask task "
            "(scenarios NAME-pCODE; --split says how --budget is shared) and sum them / lập "
            "cho từng tỉnh rồi cộng cả nước"
        ),
    ),
]
SplitOpt = Annotated[
    str,
    typer.Option(
        "--split",
        help=(
            "with --by province: 'each' (every province gets --budget), 'need' (--budget is "
            "the country's, given where it covers the most people) or 'plan' (each province "
            "its own budget_vnd from the national plan file; --budget for the others) / "
            "chia ngân sách: mỗi tỉnh như nhau, theo nhu cầu, hay theo kế hoạch"
        ),
    ),
]


def _with_communes(ws: Any, actions: Any) -> Any:
    """commune_code / commune_name (2025 map) of each action's location: the commune
    polygon holding it, else the nearest commune centroid."""
    from hatang.planning.export import with_communes
    from hatang.store.planning import read_communes

    return with_communes(actions, read_communes(ws))


def _plan(ws: Any, fmt: str, budget: str | None, cover: str | None, **kw: Any) -> Any:
    """Run the planner (a bar while the grid is modelled, for the table)."""
    from hatang.cli.output import progress_bar
    from hatang.errors import ConfigError
    from hatang.planning.facilities import parse_priority
    from hatang.planning.scenario import plan_sites

    if budget is not None and cover is not None:
        raise ConfigError(
            "give either --budget or --cover, not both / chỉ một trong --budget, --cover"
        )
    priority = kw.pop("priority")
    kw.update(
        operator=opt.operator(kw["operator"]),
        sharing=opt.share(kw["sharing"], "--sharing"),
        priority=parse_priority(priority) if priority is not None else None,
    )
    label = "coverage grid / lưới phủ sóng"
    with progress_bar(label, enabled=fmt == "table", stderr=False, columns=False) as bar:
        return plan_sites(
            ws, budget=opt.money(budget), cover=opt.share(cover, "--cover"), progress=bar, **kw
        )


def plan_sites(
    workspace: WorkspaceOpt = None,
    budget: BudgetOpt = None,
    cover: CoverOpt = None,
    sharing: SharingOpt = None,
    operator: OperatorOpt = None,
    name: NameOpt = "default",
    time_limit: TimeLimitOpt = None,
    resolution: ResolutionOpt = None,
    run_id: RunOpt = None,
    priority: PriorityOpt = None,
    replace: ReplaceOpt = False,
    fmt: ActionsFormatOpt = "table",
    wide: WideOpt = False,
    province: ProvinceOpt = None,
    by: ByProvinceOpt = None,
    scheduler: SchedulerOpt = None,
    split: SplitOpt = "each",
) -> None:
    """Propose the cheapest actions that close the dead spots (đề xuất trạm mới / dùng chung để xoá điểm lõm sóng).

    Today's network is modelled as a stored coverage run modelled it — its site register, grid and calibration offsets — so the dead spots planned for are that run's. `--run 2025Q4-4G-any-100m` plans against the uncalibrated run, `--run 2025Q4-4G-any-100m-cal` against the calibrated one (`hatang coverage --calibrate`); `hatang deadspots --runs` lists the runs. With --run, --resolution may be left out (a different one is refused: the run's calibration belongs to its grid). Without --run: the newest all-operator 4G run of the latest period, on --resolution. The scenario records the run (`hatang scenarios show NAME`).

    Demand is people, unless weighted by imported facilities (`hatang import facilities FILE`): `--priority school=2,health-station=3` (or `planner.facility_weight` in hatang.toml; `--priority none` turns it off). People newly covered are always reported as people; the weighted objective is shown beside them, and each action counts the facilities it brings 4G to.

    In a national workspace `--province CODE` plans one province; `--by province` plans every province as its own Dask task (on --scheduler's cluster, else a local one), stores each as NAME-pCODE and prints the country's sums (docs/national.md). `--split need --budget "500 tỷ"` shares one national budget where it covers the most people; `--split plan` spends each province's own budget from the national plan file.

    Hiện trạng mạng được mô hình hoá như một lượt `hatang coverage` đã lưu (kỳ số liệu trạm, ô lưới, hiệu chỉnh), nên điểm lõm sóng là của lượt đó: `--run` chọn lượt tính (chưa hiệu chỉnh hay đã hiệu chỉnh); mặc định là lượt mới nhất cho mọi nhà mạng của kỳ mới nhất. Kịch bản ghi lại lượt tính đã dùng.

    Nhu cầu là số dân; `--priority school=2,health-station=3` ưu tiên thôn có trường học, trạm y tế (dân của thôn đó được tính nhân hệ số). Số dân được phủ mới luôn là số người thật; mỗi đề xuất ghi số cơ sở được phủ sóng mới.
    """
    from hatang.cli import planning_show as show
    from hatang.store.workspace import Workspace

    opt.choice(fmt, FORMATS)
    ws = Workspace.open(workspace)
    if by is not None or scheduler is not None or split != "each":
        kw = dict(sharing=sharing, operator=operator, time_limit=time_limit, priority=priority,
                  split=split, province=province)  # fmt: skip
        return _plan_country(ws, by, fmt, wide, budget, cover, name, replace, scheduler, **kw)
    result = _plan(
        ws, fmt, budget, cover, name=name, sharing=sharing, operator=operator,
        time_limit=time_limit, resolution=resolution, run_id=run_id, priority=priority,
        replace=replace, province=opt.province(province),
    )  # fmt: skip
    if fmt == "table":
        show.print_summary(result.scenario)
        show.print_plan_notes(result)
    show.print_actions(_with_communes(ws, result.actions), fmt, result.scenario, wide)


def _plan_country(
    ws: Any, by: str | None, fmt: str, wide: bool, budget: str | None, cover: str | None,
    name: str, replace: bool, scheduler: str | None, **kw: Any,
) -> None:  # fmt: skip
    """`plan-sites --by province`: every province as a Dask task, summed (`planning.country`)."""
    from hatang.cli.planning_show import print_national
    from hatang.errors import ConfigError
    from hatang.planning.country import plan_country
    from hatang.planning.facilities import parse_priority
    from hatang.planning.ranking import Question

    if kw["province"] is not None:
        raise ConfigError(
            "give either --province or --by province, not both / chỉ một trong --province, "
            "--by province"
        )
    if by is None:
        what = (
            "--scheduler plans every province / --scheduler lập kế hoạch cho mọi tỉnh"
            if scheduler
            else "--split shares a budget among provinces / --split chia ngân sách cho các tỉnh"
        )
        raise ConfigError(f"{what}: add --by province / thêm --by province")
    if by != "province":
        raise ConfigError(f"--by {by!r}: only 'province' is supported / chỉ hỗ trợ 'province'")
    if fmt == "geojson":
        raise ConfigError(
            "--by province prints a table, csv or json (geojson: one scenario) / --by province "
            "in bảng, csv hoặc json (geojson: một kịch bản)"
        )
    if budget is not None and cover is not None:
        raise ConfigError(
            "give either --budget or --cover, not both / chỉ một trong --budget, --cover"
        )
    share = opt.share(cover, "--cover")
    money = opt.money(budget)
    question = Question(
        money, share if money is not None or share is not None else 1.0,
        opt.share(kw["sharing"], "--sharing"), opt.operator(kw["operator"]),
    )  # fmt: skip
    priority = parse_priority(kw["priority"]) if kw["priority"] is not None else None
    split = kw["split"]
    if split == "plan" and cover is not None:
        raise ConfigError(
            "--split plan spends budgets: give --budget (or none), not --cover / --split plan "
            "chi theo ngân sách: dùng --budget, không dùng --cover"
        )
    plan = plan_country(
        ws, name=name, question=question, time_limit=kw["time_limit"], priority=priority,
        replace=replace, scheduler=scheduler, split=split,
        budgets=_plan_budgets(ws) if split == "plan" else None,
    )  # fmt: skip
    print_national(plan, fmt, wide)


def _plan_budgets(ws: Any) -> dict[str, float]:
    """The provinces' own budgets (`budget_vnd`) of the workspace's national plan."""
    from hatang.errors import ConfigError
    from hatang.indicators.plans import national_plans

    found = national_plans(ws.root)
    if len(found) > 1:
        ids = ", ".join(p.id for p in found)
        raise ConfigError(f"several national plans ({ids}): keep one in plans/ for --split plan")
    return dict(found[0].province_budgets) if found else {}


def list_cmd(
    workspace: WorkspaceOpt = None, fmt: ListFormatOpt = "table", wide: WideOpt = False
) -> None:
    """List stored scenarios (danh sách kịch bản)."""
    from hatang.cli.planning_show import print_list
    from hatang.planning.scenarios import list_scenarios
    from hatang.store.workspace import Workspace

    opt.choice(fmt, ("table", "csv", "json"))
    ws = Workspace.open(workspace)
    print_list(list_scenarios(ws), fmt, ws.synthetic, wide)


def show_cmd(
    name: str, workspace: WorkspaceOpt = None, fmt: ShowFormatOpt = "table", wide: WideOpt = False
) -> None:
    """Show a scenario's totals and ranked actions (chi tiết kịch bản)."""
    from hatang.cli import planning_show as show
    from hatang.planning.scenarios import get_scenario, recorded_run_state
    from hatang.store.workspace import Workspace

    opt.choice(fmt, FORMATS)
    ws = Workspace.open(workspace)
    s, actions = get_scenario(ws, name)
    if fmt == "table":
        show.print_summary(s)
        show.print_run_state(s, recorded_run_state(ws, s))
    show.print_actions(_with_communes(ws, actions), fmt, s, wide)


def compare_cmd(
    a: str, b: str, workspace: WorkspaceOpt = None, fmt: ListFormatOpt = "table"
) -> None:
    """Compare two scenarios side by side (so sánh hai kịch bản)."""
    from hatang.cli.planning_show import print_comparison
    from hatang.planning.scenarios import get_scenario
    from hatang.store.workspace import Workspace
    from hatang.views.scenarios import comparison

    ws = Workspace.open(workspace)
    (sa, acts_a), (sb, acts_b) = get_scenario(ws, a), get_scenario(ws, b)
    rows = comparison([sa, sb], [acts_a, acts_b])
    print_comparison(rows, [a, b], fmt if fmt != "geojson" else "json", ws.synthetic)


def register(app: typer.Typer) -> None:
    scen_app = typer.Typer(
        help="Stored planning scenarios (kịch bản quy hoạch trạm).", no_args_is_help=True
    )
    app.add_typer(scen_app, name="scenarios")
    app.command("plan-sites")(plan_sites)
    scen_app.command("list")(list_cmd)
    scen_app.command("show")(show_cmd)
    scen_app.command("compare")(compare_cmd)
