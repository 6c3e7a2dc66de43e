"""`hatang demo`: build the synthetic demo province and print its calibration."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer


def _fmt(key: str, value: float | None) -> str:
    if value is None:
        return "—"
    if key == "shared_share":
        return f"{value:.1%}"
    return f"{value:,.0f}"


def register(app: typer.Typer) -> None:
    @app.command("demo")
    def demo(
        directory: Annotated[
            Path, typer.Argument(help="folder for the demo workspace / thư mục workspace mô phỏng")
        ] = Path("hatang-demo"),
        seed: Annotated[
            int,
            typer.Option(
                "--seed",
                help="random seed: the same seed gives the same province / hạt giống ngẫu nhiên",
            ),
        ] = 137,
        force: Annotated[
            bool,
            typer.Option(
                "--force", help="replace an existing workspace in DIR / ghi đè workspace đã có"
            ),
        ] = False,
        results: Annotated[
            bool,
            typer.Option(
                "--results/--no-results",
                help="then run `hatang coverage --calibrate` and `hatang compute` / tính luôn vùng phủ sóng và chỉ tiêu",
            ),
        ] = True,
    ) -> None:
        """Build the synthetic demo province (old Nam Định, real map) and import it.

        Tạo tỉnh mô phỏng (Nam Định cũ, bản đồ hành chính thật): thôn xóm, trạm BTS,
        thuê bao, tốc độ, dịch vụ công, điểm lõm sóng — dữ liệu mô phỏng / synthetic data.
        """
        from rich.table import Table

        from hatang.cli import console
        from hatang.demo import build_demo
        from hatang.demo.build import compute_results
        from hatang.demo.summary import figures

        started = time.perf_counter()
        ws = build_demo(directory, seed=seed, progress=True, force=force)
        if results:
            for line in compute_results(ws, progress=True):
                console.print(line, markup=False, highlight=False)
        table = Table(
            title=f"hatang demo — {ws.root} — dữ liệu mô phỏng / synthetic data (seed {seed})"
        )
        table.add_column("chỉ số / figure")
        table.add_column("demo", justify="right")
        table.add_column("BRIEF", justify="right")
        table.add_column("±", justify="right")
        for f in figures(ws):
            dev = "" if f.deviation is None else f"{f.deviation:+.1%}"
            table.add_row(f.label, _fmt(f.key, f.value), f.brief_text, dev)
        console.print(table)
        console.print(
            f"Xong trong {time.perf_counter() - started:.0f} s / done in {time.perf_counter() - started:.0f} s. "
            f"Tiếp theo / next: [bold]export HATANG_WORKSPACE={ws.root}[/bold]; hatang status"
        )
