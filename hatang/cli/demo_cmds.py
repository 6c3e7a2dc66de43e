"""`hatang demo`: build the synthetic demo province and print its calibration."""

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


CountryOpt = Annotated[
    bool,
    typer.Option(
        "--country",
        help="the national demo: a synthetic country on the real map (docs/demo.md) / cả nước",
    ),
]
ScaleOpt = Annotated[
    float,
    typer.Option(
        "--scale",
        help="with --country: speed tests as a fraction of 20 M (e.g. 0.01) / tỷ lệ số lượt đo",
    ),
]
ProvincesOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--province",
        help="the demo of this 2025 province (code or name) on its real map, with a "
        "synthetic DEM where it has relief; with --country: only these provinces get "
        "synthetic data (repeat) / tỉnh mô phỏng",
    ),
]

GridOpt = Annotated[
    float | None,
    typer.Option(
        "--resolution",
        help="with --province: the coverage grid's cell in metres (default 100; coarser "
        "is faster) / kích thước ô lưới",
    ),
]


def demo(
    directory: DirectoryArg = Path("hatang-demo"),
    seed: SeedOpt = 137,
    force: ForceOpt = False,
    results: ResultsOpt = True,
    country: CountryOpt = False,
    scale: ScaleOpt = 1.0,
    province: ProvincesOpt = None,
    resolution: GridOpt = None,
) -> None:
    """Build the synthetic demo province (old Nam Định, real map) and import it / tạo và nhập tỉnh mô phỏng.

    Builds a synthetic province on the real administrative map of the old Nam Định:
    villages, BTS sites, subscriptions, speed tests, public services and reported dead
    spots — synthetic data, labelled so everywhere it is shown. With --province CODE,
    the same on any 2025 province's real communes, with a synthetic DEM where the
    province has relief (the coverage then runs with terrain) and drive tests to
    calibrate on; with --country, the whole country (docs/demo.md).

    Tạo tỉnh mô phỏng (Nam Định cũ, bản đồ hành chính thật): thôn xóm, trạm BTS,
    thuê bao, tốc độ, dịch vụ công, điểm lõm sóng — dữ liệu mô phỏng, được ghi rõ ở
    mọi nơi hiển thị.
    """
    import time

    from hatang.cli.demo_show import print_demo
    from hatang.cli.output import labelled_bar, say, stage_bars
    from hatang.demo import build_demo
    from hatang.demo.build import compute_results

    if country:
        return _country(directory, force, results, scale, province)
    if province:
        return _province(directory, province, seed, force, results, resolution)
    started = time.perf_counter()
    with stage_bars() as bars:
        ws = build_demo(directory, seed=seed, progress=bars, force=force)
    with labelled_bar("chỉ tiêu / indicators", enabled=results) as tick:
        lines = compute_results(ws, progress=tick) if results else []
    for line in lines:
        say(line)
    print_demo(ws, seed, time.perf_counter() - started)


def _country(
    directory: Path, force: bool, results: bool, scale: float, provinces: list[str] | None
) -> None:
    """`hatang demo --country`: build the national demo, then its coverage and indicators."""
    import time

    from hatang.cli.demo_show import print_country
    from hatang.cli.output import labelled_bar, say, stage_bars
    from hatang.demo.country_build import (
        DEFAULT_SEED,
        build_country_demo,
        compute_country_results,
    )
    from hatang.model.admin import resolve_province

    started = time.perf_counter()
    codes = [resolve_province(p, map="2025").code for p in provinces or []]
    with stage_bars() as bars:
        ws = build_country_demo(
            directory, seed=DEFAULT_SEED, scale=scale, provinces=codes, progress=bars, force=force
        )
    with labelled_bar("chỉ tiêu / indicators", enabled=results) as tick:
        lines = compute_country_results(ws, progress=tick) if results else []
    for line in lines:
        say(line)
    print_country(ws, time.perf_counter() - started)


def _province(
    directory: Path,
    provinces: list[str],
    seed: int,
    force: bool,
    results: bool,
    resolution: float | None,
) -> None:
    """`hatang demo DIR --province CODE`: one province's demo, its coverage (with its
    synthetic terrain) and indicators."""
    import time

    from hatang.cli.demo_show import print_province
    from hatang.cli.output import labelled_bar, number_style, say, stage_bars
    from hatang.demo.province_build import build_province_demo, compute_province_results
    from hatang.errors import ConfigError

    if len(provinces) != 1:
        raise ConfigError("give one --province without --country / chỉ một tỉnh")
    started = time.perf_counter()
    with stage_bars() as bars:
        ws = build_province_demo(
            directory, provinces[0], seed=seed, progress=bars, force=force,
            resolution_m=resolution,
        )  # fmt: skip
    with labelled_bar("chỉ tiêu / indicators", enabled=results) as tick:
        lines = compute_province_results(ws, progress=tick, style=number_style()) if results else []
    for line in lines:
        say(line)
    print_province(ws, time.perf_counter() - started)


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)
