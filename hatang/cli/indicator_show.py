"""How the indicator commands draw the catalogue, plans, explanations and the scorecard."""

from __future__ import annotations

import json
from typing import Any

from hatang.cli.output import SYNTHETIC, console
from hatang.views import format as fmt_

STATUS_STYLE = {
    "met": "bold green",
    "met within margin": "green",
    "on track": "green",
    "at risk": "yellow",
    "off track": "bold red",
    "missed": "bold red",
    "no current data": "yellow",
    "partial data": "yellow",
    "too few responses": "yellow",
    "too few tests": "yellow",
    "no data": "dim",
}


def _fmt(v: Any, unit: str = "") -> str:
    from hatang.views.scorecard import measure

    return _v(measure(v, unit))


def synthetic_note(ws: Any) -> None:
    if ws.synthetic:
        console().print(f"[bold magenta]{SYNTHETIC}[/bold magenta]")


def print_computed(report: Any, ws: Any) -> None:
    console().print(
        f"Đã tính / computed: {len(report.computed)} indicators, {report.rows:,} values "
        f"in {report.seconds:.1f} s; không đổi / unchanged, skipped: {len(report.skipped)}"
    )
    synthetic_note(ws)


def print_catalogue(cat: dict[str, Any]) -> None:
    from rich.table import Table

    t = Table("id", "tên / name", "unit", "aggregation")
    for i in cat.values():
        t.add_row(i.id, f"{i.name_vi}\n[dim]{i.name_en}[/dim]", i.unit, i.aggregation)
    console().print(t)


def print_plans(plans: dict[str, Any]) -> None:
    from rich.table import Table

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
    console().print(t)


def print_plan(plan: Any) -> None:
    from rich.table import Table

    from hatang.indicators import load_catalogue

    cat = load_catalogue()
    console().print(
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
            f"{tg.comparator} {fmt_.figure(tg.value)} {ind.unit}",
            tg.deadline,
        )
    console().print(t)


def print_explanation(e: dict[str, Any]) -> None:
    out = console()
    u = e["unit_of_measure"]
    out.print(f"[bold]{e['name_vi']}[/bold] / {e['name_en']} ({e['indicator']})")
    out.print(f"{e['unit_name']} ({e['unit_code']}, {e['level']}, map {e['map']}), {e['period']}")
    if e["synthetic"]:
        out.print("[bold magenta]dữ liệu mô phỏng / synthetic data[/bold magenta]")
    out.print(f"\n[bold]Định nghĩa / definition:[/bold] {e['definition']}")
    out.print(
        f"[bold]Tử số / numerator:[/bold] {e['numerator']['definition']} = {_fmt(e['numerator']['value'])}"
    )
    out.print(
        f"[bold]Mẫu số / denominator:[/bold] {e['denominator']['definition']} = {_fmt(e['denominator']['value'])}"
    )
    out.print(
        f"[bold]Giá trị / value:[/bold] {_fmt(e['value'], u)} {u}   method: {e['method']}"
        f"{'' if e['reliable'] in (None, True) else '  [yellow](unreliable)[/yellow]'}"
    )
    out.print("[bold]Công thức / formula:[/bold] ", end="")
    out.print(e["formula"], markup=False, highlight=False)
    out.print("[bold]Nguồn / sources:[/bold] " + "; ".join(e["sources"]))
    out.print(
        "\n[bold]Dòng dữ liệu / rows by table:[/bold] "
        + ", ".join(f"{k}: {v:,.0f}" for k, v in e["rows_by_table"].items())
    )
    for f in e["files"]:
        out.print(
            f"  #{f['import_id']} {f['kind']} {f['file_name']} ({f['period'] if isinstance(f['period'], str) and f['period'] else '-'}) sha256 {f['sha256']}",
            markup=False,
            highlight=False,
        )


def print_scorecard(sc: Any, fmt: str, plan: str, map_: str, synthetic: bool) -> None:
    """The scorecard as JSON, CSV, Markdown or a table."""
    from hatang.indicators import scorecard_json

    if fmt == "json":
        print(scorecard_json(sc, plan_id=plan, map_=map_, synthetic=synthetic))
    elif fmt == "csv":
        out = sc.copy()
        out["trend"] = out["trend"].map(json.dumps)
        print(out.to_csv(index=False), end="")
    elif fmt == "markdown":
        print(_markdown(sc, synthetic))
    else:
        _table(sc, plan, map_, synthetic)


def _trend_text(t: Any) -> str:
    from hatang.views.scorecard import iter_trend_values

    vals = list(iter_trend_values(t))
    if not vals:
        return ""
    bars = "▁▂▃▄▅▆▇█"
    lo, hi = min(vals), max(vals)
    return "".join(bars[int((v - lo) / (hi - lo) * 7) if hi > lo else 3] for v in vals)


def _v(value: Any) -> str:
    return fmt_.text(value, "en", fmt_.TERMINAL)


def _table(sc: Any, plan: str, map_: str, synthetic: bool) -> None:
    from rich.table import Table

    from hatang.views import scorecard as views

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
    console().print(t)


def _markdown(sc: Any, synthetic: bool) -> str:
    from hatang.views import scorecard as views

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
