"""Indicator, plan and scorecard commands: thin shells over hatang.indicators."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from hatang.cli import WorkspaceOpt, console
from hatang.views import format as fmt_
from hatang.views import scorecard as views
from hatang.views.scorecard import iter_trend_values

STATUS_STYLE = {
    "met": "bold green",
    "on track": "green",
    "at risk": "yellow",
    "off track": "bold red",
    "no data": "dim",
}

MapOpt = Annotated[
    str,
    typer.Option("--map", "-m", help="2025 (two-level map, default) or 2024 / bản đồ hành chính"),
]


def _fmt(v, unit: str = "") -> str:
    return _v(views.measure(v, unit))


def _synthetic_note(ws) -> None:
    if ws.synthetic:
        console.print("[bold magenta]dữ liệu mô phỏng / synthetic data[/bold magenta]")


@contextmanager
def _progress_bar(enabled: bool) -> Iterator[Callable[[str, int, int], None] | None]:
    """A progress bar fed by the engine's `progress(what, done, total)` callback."""
    if not enabled:
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, TimeElapsedColumn(), console=console) as bar:
        task = bar.add_task("chỉ tiêu / indicators", total=None)

        def tick(what: str, done: int, total: int) -> None:
            bar.update(task, completed=done, total=total, description=what)

        yield tick


def register(app: typer.Typer) -> None:
    plan_app = typer.Typer(
        help="Plans as data: add, list, show / kế hoạch (chỉ tiêu) dưới dạng dữ liệu.",
        no_args_is_help=True,
    )
    app.add_typer(plan_app, name="plan")

    @app.command("compute")
    def compute_cmd(
        workspace: WorkspaceOpt = None,
        force: Annotated[
            bool,
            typer.Option(
                "--force", help="recompute every indicator, changed or not / tính lại tất cả"
            ),
        ] = False,
        indicator: Annotated[
            list[str] | None,
            typer.Option("--indicator", "-i", help="only this indicator (repeatable)"),
        ] = None,
        as_json: Annotated[bool, typer.Option("--json", help="print the report as JSON")] = False,
    ) -> None:
        """Compute every indicator for every unit and period (incremental) / tính các chỉ tiêu."""
        from hatang.indicators import compute_workspace
        from hatang.indicators.catalogue import get_indicator
        from hatang.store import Workspace

        ws = Workspace.open(workspace)
        for i in indicator or []:
            get_indicator(i)
        with _progress_bar(not as_json) as tick:
            report = compute_workspace(
                ws, progress=tick, only_changed=not force, indicators=indicator or None
            )
        if as_json:
            print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
            return
        console.print(
            f"Đã tính / computed: {len(report.computed)} indicators, {report.rows:,} values "
            f"in {report.seconds:.1f} s; không đổi / unchanged, skipped: {len(report.skipped)}"
        )
        _synthetic_note(ws)

    @app.command("indicators")
    def indicators_cmd(
        as_json: Annotated[bool, typer.Option("--json", help="print as JSON")] = False,
    ) -> None:
        """List the indicator catalogue / danh mục chỉ tiêu."""
        from dataclasses import asdict

        from rich.table import Table

        from hatang.indicators import load_catalogue

        cat = load_catalogue()
        if as_json:
            print(json.dumps([asdict(i) for i in cat.values()], ensure_ascii=False, indent=2))
            return
        t = Table("id", "tên / name", "unit", "aggregation")
        for i in cat.values():
            t.add_row(i.id, f"{i.name_vi}\n[dim]{i.name_en}[/dim]", i.unit, i.aggregation)
        console.print(t)

    @plan_app.command("add")
    def plan_add(
        file: Annotated[Path, typer.Argument(help="plan file (TOML) / tệp kế hoạch")],
        workspace: WorkspaceOpt = None,
        replace: Annotated[
            bool, typer.Option("--replace", help="replace a plan with the same id")
        ] = False,
    ) -> None:
        """Validate a plan file and add it to the workspace / thêm kế hoạch."""
        from hatang.indicators import add_plan
        from hatang.store import Workspace

        ws = Workspace.open(workspace)
        plan = add_plan(ws.root, file, replace=replace)
        console.print(
            f"Đã thêm kế hoạch / added plan [bold]{plan.id}[/bold] ({plan.number}): {len(plan.targets)} targets"
        )

    @plan_app.command("list")
    def plan_list(
        workspace: WorkspaceOpt = None,
        as_json: Annotated[bool, typer.Option("--json", help="print as JSON")] = False,
    ) -> None:
        """List the plans (packaged and the workspace's) / danh sách kế hoạch."""
        from rich.table import Table

        from hatang.indicators import list_plans
        from hatang.store import Workspace

        ws = Workspace.open(workspace)
        plans = list_plans(ws.root)
        if as_json:
            print(json.dumps([p.to_dict() for p in plans.values()], ensure_ascii=False, indent=2))
            return
        t = Table("id", "số / number", "ngày / date", "phạm vi / scope", "targets", "title")
        for p in plans.values():
            t.add_row(
                p.id,
                p.number,
                str(p.date or ""),
                f"{p.scope_code} (map {p.scope_map})",
                str(len(p.targets)),
                p.title,
            )
        console.print(t)

    @plan_app.command("show")
    def plan_show(
        plan_id: Annotated[str, typer.Argument(help="plan id, e.g. kh-137-2024")],
        workspace: WorkspaceOpt = None,
        as_json: Annotated[bool, typer.Option("--json", help="print as JSON")] = False,
    ) -> None:
        """Show a plan and its targets / xem kế hoạch."""
        from rich.table import Table

        from hatang.indicators import get_plan, load_catalogue
        from hatang.store import Workspace

        ws = Workspace.open(workspace)
        plan = get_plan(plan_id, ws.root)
        if as_json:
            print(json.dumps(plan.to_dict(), ensure_ascii=False, indent=2))
            return
        cat = load_catalogue()
        console.print(
            f"[bold]{plan.number}[/bold] — {plan.title}\n{plan.issuing_body}, {plan.date}; "
            f"phạm vi / scope: {plan.scope_code} (map {plan.scope_map})"
        )
        t = Table("#", "pillar", "indicator", "target", "deadline")
        for tg in plan.targets:
            ind = cat[tg.indicator]
            t.add_row(
                str(tg.no),
                tg.pillar,
                f"{ind.name_vi}\n[dim]{ind.name_en}[/dim]",
                f"{tg.comparator} {tg.value:g} {ind.unit}",
                tg.deadline,
            )
        console.print(t)

    @app.command("explain")
    def explain_cmd(
        indicator: Annotated[str, typer.Argument(help="indicator id (see `hatang indicators`)")],
        unit: Annotated[str, typer.Option("--unit", "-u", help="unit code / mã đơn vị")],
        period: Annotated[str, typer.Option("--period", "-p", help="period, e.g. 2025Q4 / kỳ")],
        workspace: WorkspaceOpt = None,
        map_: MapOpt = "2025",
        as_json: Annotated[bool, typer.Option("--json", help="print as JSON")] = False,
    ) -> None:
        """Explain a value: definition, numerator, denominator, inputs and files / giải thích số liệu."""
        from hatang.indicators import explain
        from hatang.store import Workspace

        ws = Workspace.open(workspace)
        e = explain(ws, indicator, unit=unit, period=period, map=map_)
        if as_json:
            print(json.dumps(e, ensure_ascii=False, indent=2, default=str))
            return
        u = e["unit_of_measure"]
        console.print(f"[bold]{e['name_vi']}[/bold] / {e['name_en']} ({e['indicator']})")
        console.print(
            f"{e['unit_name']} ({e['unit_code']}, {e['level']}, map {e['map']}), {e['period']}"
        )
        if e["synthetic"]:
            console.print("[bold magenta]dữ liệu mô phỏng / synthetic data[/bold magenta]")
        console.print(f"\n[bold]Định nghĩa / definition:[/bold] {e['definition']}")
        console.print(
            f"[bold]Tử số / numerator:[/bold] {e['numerator']['definition']} = {_fmt(e['numerator']['value'])}"
        )
        console.print(
            f"[bold]Mẫu số / denominator:[/bold] {e['denominator']['definition']} = {_fmt(e['denominator']['value'])}"
        )
        console.print(
            f"[bold]Giá trị / value:[/bold] {_fmt(e['value'], u)} {u}   method: {e['method']}"
            f"{'' if e['reliable'] in (None, True) else '  [yellow](unreliable)[/yellow]'}"
        )
        console.print("[bold]Công thức / formula:[/bold] ", end="")
        console.print(e["formula"], markup=False, highlight=False)
        console.print("[bold]Nguồn / sources:[/bold] " + "; ".join(e["sources"]))
        console.print(
            "\n[bold]Dòng dữ liệu / rows by table:[/bold] "
            + ", ".join(f"{k}: {v:,.0f}" for k, v in e["rows_by_table"].items())
        )
        for f in e["files"]:
            console.print(
                f"  #{f['import_id']} {f['kind']} {f['file_name']} ({f['period'] if isinstance(f['period'], str) and f['period'] else '-'}) sha256 {f['sha256']}",
                markup=False,
                highlight=False,
            )

    @app.command("scorecard")
    def scorecard_cmd(
        workspace: WorkspaceOpt = None,
        plan: Annotated[str, typer.Option("--plan", help="plan id / mã kế hoạch")] = "kh-137-2024",
        period: Annotated[
            str | None,
            typer.Option(
                "--period", "-p", help="period (default: the latest value of each target)"
            ),
        ] = None,
        unit: Annotated[
            str | None, typer.Option("--unit", "-u", help="unit code (default: the plan's scope)")
        ] = None,
        level: Annotated[
            str | None, typer.Option("--level", help="commune: one row per commune and target")
        ] = None,
        worst: Annotated[
            int | None, typer.Option("--worst", help="the N communes furthest from each target")
        ] = None,
        map_: MapOpt = "2025",
        fmt: Annotated[
            str, typer.Option("--format", "-f", help="table, csv, json or markdown")
        ] = "table",
    ) -> None:
        """The plan's scorecard: every target with value, status and projection / bảng theo dõi chỉ tiêu."""
        from hatang.errors import ConfigError
        from hatang.indicators import scorecard, scorecard_json
        from hatang.store import Workspace

        if fmt not in ("table", "csv", "json", "markdown"):
            raise ConfigError(f"--format {fmt!r}: expected table, csv, json or markdown")
        ws = Workspace.open(workspace)
        sc = scorecard(
            ws, plan_id=plan, period=period, map=map_, unit=unit, level=level, worst=worst
        )
        if fmt == "json":
            print(scorecard_json(sc, plan_id=plan, map_=map_, synthetic=ws.synthetic))
        elif fmt == "csv":
            out = sc.copy()
            out["trend"] = out["trend"].map(json.dumps)
            print(out.to_csv(index=False), end="")
        elif fmt == "markdown":
            print(_markdown(sc, ws.synthetic))
        else:
            _table(sc, plan, map_, ws.synthetic)


def _trend_text(t) -> str:
    vals = list(iter_trend_values(t))
    if not vals:
        return ""
    bars = "▁▂▃▄▅▆▇█"
    lo, hi = min(vals), max(vals)
    return "".join(bars[int((v - lo) / (hi - lo) * 7) if hi > lo else 3] for v in vals)


def _v(value) -> str:
    return fmt_.text(value, "en", fmt_.TERMINAL)


def _table(sc, plan: str, map_: str, synthetic: bool) -> None:
    from rich.table import Table

    one_unit = views.one_unit(sc)
    title = f"Kế hoạch / plan {plan} — bản đồ / map {map_}"
    if one_unit and len(sc):
        title += f" — {sc['unit_name'].iloc[0]} ({sc['unit_code'].iloc[0]})"
    if synthetic:
        title += " — dữ liệu mô phỏng / synthetic data"
    t = Table(title=title, show_lines=False)
    cols = ["#", "chỉ tiêu / indicator"] + ([] if one_unit else ["đơn vị / unit"])
    cols += [
        "kỳ / period",
        "giá trị / value",
        "mục tiêu / target",
        "trạng thái / status",
        "dự báo / projection",
        "xu hướng / trend",
    ]
    for col in cols:
        t.add_column(col)
    for r in views.targets(sc):
        st = str(r.status.value)
        cells = [str(r.no), f"{r.name_vi}\n[dim]{r.name_en}[/dim]"]
        if not one_unit:
            cells.append(f"{r.unit_name}\n[dim]{r.unit_code}[/dim]")
        words = fmt_.text(r.status, "vi") + " / " + st
        cells += [
            r.period or "—",
            f"{_v(r.value)} {r.value.unit}{' ⚠' if r.flagged else ''}",
            f"{r.comparator} {_v(r.target)} ({r.deadline})",
            f"[{STATUS_STYLE.get(st, '')}]{words}[/]\n[dim]{r.reason}[/dim]",
            _v(r.projection),
            _trend_text(r),
        ]
        t.add_row(*cells)
    console.print(t)


def _markdown(sc, synthetic: bool) -> str:
    lines = []
    if synthetic:
        lines.append("*dữ liệu mô phỏng / synthetic data*\n")
    lines.append("| # | indicator | unit | period | value | target | status | projection |")
    lines.append("|---|---|---|---|---|---|---|---|")
    for r in views.targets(sc):
        lines.append(
            f"| {r.no} | {r.name_en} | {r.unit_name} ({r.unit_code}) | {r.period or '—'} | "
            f"{_v(r.value)} {r.value.unit} | {r.comparator} {_v(r.target)} | {r.status.value} | "
            f"{_v(r.projection)} |"
        )
    return "\n".join(lines)
