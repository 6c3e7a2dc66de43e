"""How `hatang demo` shows the province it built against the figures of the brief."""

from __future__ import annotations

from typing import Any

from hatang.cli.output import SYNTHETIC, console
from hatang.views import format as fmt


def _fmt(key: str, value: float | None) -> str:
    if key == "shared_share":
        return fmt.percent(value, 1, fmt.TERMINAL)
    return fmt.whole(value, fmt.TERMINAL)


def print_demo(ws: Any, seed: int, seconds: float) -> None:
    from rich.table import Table

    from hatang.demo.summary import figures

    table = Table(title=f"hatang demo — {ws.root} — {SYNTHETIC} (seed {seed})")
    table.add_column("chỉ số / figure")
    table.add_column("demo", justify="right")
    table.add_column("BRIEF", justify="right")
    table.add_column("±", justify="right")
    for f in figures(ws):
        dev = "" if f.deviation is None else f"{f.deviation:+.1%}"
        table.add_row(f.label, _fmt(f.key, f.value), f.brief_text, dev)
    console().print(table)
    console().print(
        f"Xong trong {seconds:.0f} s / done in {seconds:.0f} s. "
        f"Tiếp theo / next: [bold]export HATANG_WORKSPACE={ws.root}[/bold]; hatang status"
    )
