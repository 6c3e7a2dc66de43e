"""`hatang pathloss`, `hatang coverage`, `hatang deadspots`: thin shells over hatang.coverage."""

from typing import Annotated, Any

import typer

from hatang.cli import options as opt
from hatang.cli.helptext import command_options
from hatang.cli.options import JsonOpt, ProvinceOpt, SchedulerOpt, WideOpt, WorkspaceOpt

FreqOpt = Annotated[
    float, typer.Option("--freq", "-f", help="carrier frequency in MHz / tần số (MHz)")
]
DistanceOpt = Annotated[
    list[str],
    typer.Option(
        "--distance",
        "-d",
        help="distance(s) in km; repeat or separate by commas / khoảng cách (km)",
    ),
]
ModelOpt = Annotated[
    str,
    typer.Option("--model", "-m", help="{registry:propagation_models} / mô hình truyền sóng"),
]
HbOpt = Annotated[
    float, typer.Option("--hb", help="base-station antenna height (m) / độ cao anten trạm")
]
HmOpt = Annotated[float, typer.Option("--hm", help="mobile antenna height (m) / độ cao máy thu")]
EnvOpt = Annotated[str, typer.Option("--env", help="{registry:environments} / môi trường")]
ProfileOpt = Annotated[
    str | None,
    typer.Option(
        "--profile",
        help="terrain profile CSV (distance_km,elevation_m; base station first, mobile last): "
        "adds diffraction and the effective height / mặt cắt địa hình",
    ),
]
KOpt = Annotated[
    float, typer.Option("--k", help="effective Earth-radius factor / hệ số bán kính Trái Đất")
]
EdgesOpt = Annotated[
    int, typer.Option("--edges", min=1, max=3, help="Deygout edges (1–3) / số cạnh nhiễu xạ")
]
ResolutionOpt = Annotated[
    float | None,
    typer.Option(
        "--resolution",
        "-r",
        help="grid cell size in metres (default: hatang.toml) / kích thước ô lưới",
    ),
]
OperatorOpt = Annotated[
    str | None,
    typer.Option("--operator", help="model one operator only (default: all) / chỉ một nhà mạng"),
]
TechOpt = Annotated[
    str, typer.Option("--tech", help="technology: {registry:technologies} / công nghệ")
]
CalibrateOpt = Annotated[
    bool,
    typer.Option(
        "--calibrate",
        help="fit per-operator offsets to measured RSRP first / hiệu chỉnh theo số đo",
    ),
]
WorkersOpt = Annotated[
    int, typer.Option("--workers", "-j", min=1, help="processes / số tiến trình")
]
SitesPeriodOpt = Annotated[
    str | None,
    typer.Option(
        "--period", help="site register of this period (default: the latest) / kỳ số liệu trạm"
    ),
]
MinPopulationOpt = Annotated[
    float,
    typer.Option("--min-population", help="hide dead spots with fewer people / ẩn điểm ít dân hơn"),
]
SpotsFormatOpt = Annotated[
    str,
    typer.Option(
        "--format", help="table, csv, json or geojson (--runs: table, csv, json) / định dạng"
    ),
]
ScopeOpt = Annotated[
    str | None,
    typer.Option(
        "--operator",
        help="dead spots of one operator (default: no operator covers) / theo nhà mạng",
    ),
]
RunOpt = Annotated[
    str | None,
    typer.Option("--run", help="coverage run id (default: the current run) / lần chạy"),
]
LimitOpt = Annotated[
    int, typer.Option("--limit", help="rows shown in the table (0 = all) / số dòng")
]
RunTechOpt = Annotated[
    str | None,
    typer.Option("--tech", help="current run of this technology (default: any) / công nghệ"),
]
TerrainBandOpt = Annotated[
    bool,
    typer.Option(
        "--terrain-band",
        help="with a DEM: add the terrain's loss (dB) as a second GeoTIFF band (models the "
        "network flat too) / thêm lớp suy hao do địa hình",
    ),
]
ViewshedOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--viewshed",
        help="write this site's viewshed and terrain loss (GeoTIFF + PNG) instead of a run; "
        "repeat for more sites / vùng nhìn thấy của trạm",
        metavar="SITE_ID",
    ),
]
RunsOpt = Annotated[
    bool,
    typer.Option("--runs", help="list the stored coverage runs instead / liệt kê các lần chạy"),
]


def pathloss_cmd(
    freq: FreqOpt,
    distance: DistanceOpt = [],  # noqa: B006  (typer reads the default, never mutates it)
    model: ModelOpt = "extended-hata",
    hb: HbOpt = 30.0,
    hm: HmOpt = 1.5,
    env: EnvOpt = "urban",
    profile: ProfileOpt = None,
    k: KOpt = 4 / 3,
    edges: EdgesOpt = 3,
    as_json: JsonOpt = False,
) -> None:
    """Path loss in dB of a propagation model (a planner's calculator) / suy hao đường
    truyền (dB) theo mô hình Hata, COST-231, 3GPP.

    With --distance: the median loss at each distance. With --profile: one link over
    the terrain — the median loss at the base station's effective height, Deygout's
    diffraction over the profile with the Earth's curvature, the total and the edges
    (docs/coverage.md, "Terrain"). Example: hatang pathloss -f 900 --profile link.csv
    """
    from hatang.cli.coverage_show import losses_json, print_losses
    from hatang.cli.output import print_json
    from hatang.coverage.propagation import path_loss

    if profile is not None:
        from hatang.cli.terrain_show import link_over_profile

        return link_over_profile(profile, freq, model, hb, hm, env, k, edges, as_json)
    ds = opt.distances(distance)
    losses = [float(x) for x in path_loss(model, freq, hb, hm, ds, env)]
    if as_json:
        print_json(losses_json(model, freq, hb, hm, env, ds, losses), indent=None)
    else:
        print_losses(ds, losses)


def coverage_cmd(
    resolution: ResolutionOpt = None,
    operator: OperatorOpt = None,
    tech: TechOpt = "4G",
    calibrate: CalibrateOpt = False,
    workers: WorkersOpt = 1,
    period: SitesPeriodOpt = None,
    province: ProvinceOpt = None,
    scheduler: SchedulerOpt = None,
    terrain_band: TerrainBandOpt = False,
    viewshed: ViewshedOpt = None,
    as_json: JsonOpt = False,
    workspace: WorkspaceOpt = None,
) -> None:
    """Model radio coverage from the latest site register: % population and villages
    covered per unit, dead spots, GeoTIFF/PNG/GeoJSON under output/coverage /
    mô hình vùng phủ sóng, tỷ lệ dân số và thôn được phủ, điểm lõm sóng.

    A national workspace is modelled province by province, each in its own UTM zone, as
    Dask tasks: on --scheduler's cluster, else on a local one (docs/national.md) /
    cả nước: từng tỉnh, trên cụm máy Dask.

    With a DEM (`hatang import dem`): --terrain-band adds the terrain's loss as a second
    GeoTIFF band; --viewshed SITE_ID writes that site's line of sight and terrain loss
    instead of a run (docs/coverage.md, "Terrain") / có địa hình: lớp suy hao, vùng nhìn thấy."""
    from hatang.cli.coverage_show import print_coverage
    from hatang.cli.output import console, print_json, progress_bar
    from hatang.coverage.run import run_coverage
    from hatang.store import Workspace
    from hatang.views.coverage import run_summary

    ws = Workspace.open(workspace)
    if viewshed:
        return _viewsheds(ws, viewshed, tech, resolution, period, as_json)
    with progress_bar("Tính vùng phủ / coverage tiles", enabled=not as_json) as bar:
        result = run_coverage(
            ws, resolution=resolution, operator=opt.operator(operator, "--operator"),
            technology=opt.technology(tech), calibrate=calibrate, workers=workers,
            period=opt.period(period), progress=bar, province=opt.province(province),
            scheduler=scheduler, terrain_band=terrain_band,
        )  # fmt: skip
    summary = run_summary(result)
    print_json(summary) if as_json else print_coverage(console(), summary)


def _viewsheds(
    ws: Any,
    site_ids: list[str],
    tech: str,
    resolution: float | None,
    period: str | None,
    as_json: bool,
) -> None:
    """`--viewshed`: each site's files and figures."""
    from hatang.cli.coverage_show import print_viewsheds
    from hatang.cli.output import print_json
    from hatang.coverage.viewshed_run import write_viewshed

    done = [
        write_viewshed(
            ws,
            s,
            technology=opt.technology(tech),
            resolution=resolution,
            period=opt.period(period),
        )  # fmt: skip
        for s in site_ids
    ]
    rows = [
        {
            "site_id": v.site_id,
            "period": v.period,
            "cells": v.cells,
            "visible_share": round(v.visible_share, 4),
            "median_shadow_loss_db": round(v.median_loss_db, 2),
            "geotiff": str(v.geotiff),
            "png": str(v.png),
            "synthetic": ws.synthetic,
        }
        for v in done
    ]
    print_json(rows) if as_json else print_viewsheds(rows)


def _comparison(
    ws: Any, spots: Any, run_row: Any, checks: Any, scope: Any, province: str | None
) -> dict[str, Any]:
    """How the whole run (every dead spot of its scope, in `province` when narrowed)
    compares with the reports."""
    from hatang.coverage.stored import read_dead_spots
    from hatang.coverage.tables import comparison_summary

    scope = spots["scope"].iloc[0] if len(spots) else (scope or str(run_row["operator"]))
    _, all_spots, _ = read_dead_spots(ws, run_id=run_row["run_id"], scope=scope, province=province)
    return comparison_summary(all_spots, checks)


def deadspots_cmd(
    min_population: MinPopulationOpt = 0.0,
    fmt: SpotsFormatOpt = "table",
    operator: ScopeOpt = None,
    run: RunOpt = None,
    limit: LimitOpt = 50,
    tech: RunTechOpt = None,
    runs: RunsOpt = False,
    wide: WideOpt = False,
    province: ProvinceOpt = None,
    workspace: WorkspaceOpt = None,
) -> None:
    """Modelled dead spots sorted by population, and how they compare with the reported
    ones / các điểm lõm sóng theo mô hình, xếp theo dân số, so với danh sách báo cáo."""
    from hatang.cli import coverage_show as show
    from hatang.coverage.stored import list_runs, read_dead_spots
    from hatang.store import Workspace

    opt.choice(fmt, ("table", "csv", "json") if runs else ("table", "csv", "json", "geojson"))
    ws = Workspace.open(workspace)
    if runs:
        return show.print_runs(list_runs(ws), fmt, wide)
    scope, tech_code = opt.operator(operator, "--operator"), opt.technology(tech)
    code = opt.province(province)
    run_row, spots, checks = read_dead_spots(
        ws, run_id=run, min_population=min_population, scope=scope, technology=tech_code,
        province=code,
    )  # fmt: skip
    if fmt != "table":
        return show.dead_spots_file(spots, run_row, fmt)
    summary = _comparison(ws, spots, run_row, checks, scope, code)
    show.print_dead_spots(spots, run_row, summary, limit, wide)


def register(app: typer.Typer) -> None:
    app.command("pathloss", **command_options())(pathloss_cmd)
    app.command("coverage", **command_options())(coverage_cmd)
    app.command("deadspots")(deadspots_cmd)
