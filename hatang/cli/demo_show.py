"""How `hatang demo` shows the province it built against the figures of the brief."""

from __future__ import annotations

from typing import Any

from hatang.cli.output import console, number_style
from hatang.views import format as fmt


def _fmt(key: str, value: float | None) -> str:
    if key == "shared_share":
        return fmt.percent(value, 1, number_style())
    return fmt.whole(value, number_style())


def print_demo(ws: Any, seed: int, seconds: float) -> None:
    from hatang.cli import tables
    from hatang.demo.summary import figures

    columns = (
        tables.Column("label", "figure\nchỉ số"),
        tables.Column("demo", "demo", right=True),
        tables.Column("brief", "brief\nbáo cáo", right=True),
        tables.Column("dev", "±", right=True),
    )
    rows = [
        {
            "label": f.label,
            "demo": _fmt(f.key, f.value),
            "brief": f.brief_text,
            "dev": "" if f.deviation is None else _signed_percent(f.deviation),
        }
        for f in figures(ws)
    ]
    title = f"hatang demo — {ws.root} (seed {seed})"
    tables.print_table(tables.Table(columns, rows, title=title, synthetic=True))
    console().print(
        f"Xong trong {_secs(seconds)} s / done in {_secs(seconds)} s. "
        f"Tiếp theo / next: [bold]export HATANG_WORKSPACE={ws.root}[/bold]; hatang status"
    )


def _secs(seconds: float) -> str:
    return fmt.whole(seconds, number_style())


def print_country(ws: Any, seconds: float) -> None:
    """What the national demo holds, labelled synthetic."""
    from hatang.cli import tables
    from hatang.demo.country_build import country_figures

    columns = (
        tables.Column("label", "figure\nchỉ số"),
        tables.Column("value", "demo", right=True),
    )
    rows = [{"label": k, "value": fmt.whole(v, number_style())} for k, v in country_figures(ws)]
    title = f"hatang demo --country — {ws.root}"
    tables.print_table(tables.Table(columns, rows, title=title, synthetic=True))
    console().print(
        f"Xong trong {_secs(seconds)} s / done in {_secs(seconds)} s. "
        f"Tiếp theo / next: [bold]hatang scorecard --by province -w {ws.root}[/bold]"
    )


def print_province(ws: Any, seconds: float) -> None:
    """What the province demo holds, labelled synthetic."""
    from hatang.cli import tables
    from hatang.demo.province_build import province_figures

    columns = (
        tables.Column("label", "figure\nchỉ số"),
        tables.Column("value", "demo", right=True),
    )
    from hatang.cli.output import number_style

    rows = [{"label": k, "value": v} for k, v in province_figures(ws, number_style())]
    name = ws.settings.workspace.name
    title = f"hatang demo --province {ws.settings.workspace.province} ({name}) — {ws.root}"
    tables.print_table(tables.Table(columns, rows, title=title, synthetic=True))
    console().print(
        f"Xong trong {_secs(seconds)} s / done in {_secs(seconds)} s. "
        f"Tiếp theo / next: [bold]hatang scorecard -w {ws.root}[/bold]"
    )


def _signed_percent(share: float) -> str:
    """How far a demo figure is from the brief: '+1.2%' (a minus sign when below)."""
    return fmt.change(100 * share, 1, number_style()) + number_style().percent_mark
