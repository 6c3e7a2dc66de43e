"""`hatang report`: the quarterly report and the leader's brief as DOCX and PDF."""

from pathlib import Path
from typing import Annotated

import typer

from hatang.cli.options import MapOpt, ProvinceOpt, WorkspaceOpt, choice, province

PeriodOpt = Annotated[
    str | None,
    typer.Option("--period", "-p", help="period, e.g. 2025Q4 (default: the latest) / kỳ báo cáo"),
]
LangOpt = Annotated[str, typer.Option("--lang", help="vi or en / ngôn ngữ")]
FormatOpt = Annotated[
    str, typer.Option("--format", "-f", help="docx, pdf or docx,pdf / định dạng tệp")
]
ScenarioOpt = Annotated[
    str | None,
    typer.Option(
        "--scenario",
        help="the planner scenario to propose (default: the newest full-cover one) / kịch bản",
    ),
]
OutOpt = Annotated[
    Path | None,
    typer.Option("--out", "-o", help="folder (default: output/reports) / thư mục ghi tệp"),
]
BriefOpt = Annotated[
    bool, typer.Option("--brief", help="the one-page leader's brief / báo cáo tóm tắt 1 trang")
]
PlanOpt = Annotated[
    str | None,
    typer.Option(
        "--plan",
        help="plan id (default: the plan that applies to the workspace, or to --province) / mã kế hoạch",
    ),
]


def report_cmd(
    workspace: WorkspaceOpt = None,
    period: PeriodOpt = None,
    map_: MapOpt = "2025",
    lang: LangOpt = "vi",
    fmt: FormatOpt = "docx,pdf",
    scenario: ScenarioOpt = None,
    out: OutOpt = None,
    brief: BriefOpt = False,
    plan: PlanOpt = None,
    province_: ProvinceOpt = None,
) -> None:
    """Write the quarterly report on the plan (DOCX, PDF) / viết báo cáo quý."""
    from hatang.cli.output import console
    from hatang.report.build import Request, formats, write_report
    from hatang.report.data import Options
    from hatang.store import Workspace

    choice(lang, ("vi", "en"))
    opts = Options(
        period=period, map=map_, lang=lang, scenario=scenario, plan_id=plan,
        province=province(province_),
    )  # fmt: skip
    paths = write_report(Workspace.open(workspace), Request(opts, formats(fmt), brief), out)
    for p in paths:
        console().print(f"Đã ghi / wrote {p}")


def register(app: typer.Typer) -> None:
    app.command("report")(report_cmd)
