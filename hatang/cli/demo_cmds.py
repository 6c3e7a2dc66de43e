"""`hatang demo`: build the synthetic demo province and print its calibration."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

DirectoryArg = Annotated[
    Path, typer.Argument(help="folder for the demo workspace / thư mục workspace mô phỏng")
]
SeedOpt = Annotated[
    int,
    typer.Option(
        "--seed", help="random seed: the same seed gives the same province / hạt giống ngẫu nhiên"
    ),
]
ForceOpt = Annotated[
    bool,
    typer.Option("--force", help="replace an existing workspace in DIR / ghi đè workspace đã có"),
]
ResultsOpt = Annotated[
    bool,
    typer.Option(
        "--results/--no-results",
        help="then run `hatang coverage --calibrate` and `hatang compute` / tính luôn vùng phủ sóng và chỉ tiêu",
    ),
]


def demo(
    directory: DirectoryArg = Path("hatang-demo"),
    seed: SeedOpt = 137,
    force: ForceOpt = False,
    results: ResultsOpt = True,
) -> None:
    """Build the synthetic demo province (old Nam Định, real map) and import it / tạo và nhập tỉnh mô phỏng.

    Tạo tỉnh mô phỏng (Nam Định cũ, bản đồ hành chính thật): thôn xóm, trạm BTS,
    thuê bao, tốc độ, dịch vụ công, điểm lõm sóng — dữ liệu mô phỏng / synthetic data.
    """
    import time

    from hatang.cli.demo_show import print_demo
    from hatang.cli.output import labelled_bar, say, stage_bars
    from hatang.demo import build_demo
    from hatang.demo.build import compute_results

    started = time.perf_counter()
    with stage_bars() as bars:
        ws = build_demo(directory, seed=seed, progress=bars, force=force)
    with labelled_bar("chỉ tiêu / indicators", enabled=results) as tick:
        lines = compute_results(ws, progress=tick) if results else []
    for line in lines:
        say(line)
    print_demo(ws, seed, time.perf_counter() - started)


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)
