"""`hatang pathloss`, `hatang coverage`, `hatang deadspots`: thin shells over hatang.coverage."""

from __future__ import annotations

import csv
import json
import sys
from typing import Annotated

import typer

from hatang.cli import WorkspaceOpt
from hatang.errors import ConfigError


def _operator(text: str | None) -> str | None:
    if not text:
        return None
    from hatang.model.operators import operator_code

    try:
        return operator_code(text)
    except ValueError as e:
        raise ConfigError(str(e)) from None


def _technology(text: str) -> str:
    from hatang.model.operators import technology_code

    try:
        return technology_code(text)
    except ValueError as e:
        raise ConfigError(str(e)) from None


def _period(text: str | None) -> str | None:
    if not text:
        return None
    from hatang.model.periods import parse_period

    try:
        return parse_period(text)
    except ValueError as e:
        raise ConfigError(str(e)) from None


def _distances(values: list[str]) -> list[float]:
    out = []
    for v in values:
        for part in str(v).split(","):
            try:
                d = float(part)
            except ValueError:
                raise ConfigError(f"--distance {part!r} is not a number of kilometres") from None
            if d <= 0:
                raise ConfigError(f"--distance must be positive, got {part}")
            out.append(d)
    return out


def register(app: typer.Typer) -> None:
    @app.command("pathloss")
    def pathloss_cmd(
        freq: Annotated[
            float, typer.Option("--freq", "-f", help="carrier frequency in MHz / tần số (MHz)")
        ],
        distance: Annotated[
            list[str],
            typer.Option(
                "--distance",
                "-d",
                help="distance(s) in km; repeat or separate by commas / khoảng cách (km)",
            ),
        ],
        model: Annotated[
            str,
            typer.Option(
                "--model",
                "-m",
                help="hata, cost231, extended-hata, 38901-uma, 38901-rma / mô hình truyền sóng",
            ),
        ] = "extended-hata",
        hb: Annotated[
            float, typer.Option("--hb", help="base-station antenna height (m) / độ cao anten trạm")
        ] = 30.0,
        hm: Annotated[
            float, typer.Option("--hm", help="mobile antenna height (m) / độ cao máy thu")
        ] = 1.5,
        env: Annotated[
            str, typer.Option("--env", help="metropolitan, urban, suburban or open / môi trường")
        ] = "urban",
        as_json: Annotated[bool, typer.Option("--json", help="print JSON / xuất JSON")] = False,
    ) -> None:
        """Median path loss in dB of a propagation model (a planner's calculator) /
        suy hao đường truyền (dB) theo mô hình Hata, COST-231, 3GPP."""
        from hatang.coverage.propagation import path_loss

        ds = _distances(distance)
        losses = [float(x) for x in path_loss(model, freq, hb, hm, ds, env)]
        if as_json:
            print(
                json.dumps(
                    {
                        "model": model,
                        "freq_mhz": freq,
                        "hb_m": hb,
                        "hm_m": hm,
                        "env": env,
                        "losses": [
                            {"distance_km": d, "loss_db": round(v, 2)}
                            for d, v in zip(ds, losses, strict=True)
                        ],
                    }
                )
            )
            return
        for d, v in zip(ds, losses, strict=True):
            print(f"{d:g} km\t{v:.2f} dB")

    @app.command("coverage")
    def coverage_cmd(
        resolution: Annotated[
            float | None,
            typer.Option(
                "--resolution",
                "-r",
                help="grid cell size in metres (default: hatang.toml) / kích thước ô lưới",
            ),
        ] = None,
        operator: Annotated[
            str | None,
            typer.Option(
                "--operator", help="model one operator only (default: all) / chỉ một nhà mạng"
            ),
        ] = None,
        tech: Annotated[
            str, typer.Option("--tech", help="technology: 2G, 3G, 4G, 5G / công nghệ")
        ] = "4G",
        calibrate: Annotated[
            bool,
            typer.Option(
                "--calibrate",
                help="fit per-operator offsets to measured RSRP first / hiệu chỉnh theo số đo",
            ),
        ] = False,
        workers: Annotated[
            int, typer.Option("--workers", "-j", min=1, help="threads / số luồng")
        ] = 1,
        period: Annotated[
            str | None,
            typer.Option(
                "--period",
                help="site register of this period (default: the latest) / kỳ số liệu trạm",
            ),
        ] = None,
        as_json: Annotated[bool, typer.Option("--json", help="print JSON / xuất JSON")] = False,
        workspace: WorkspaceOpt = None,
    ) -> None:
        """Model radio coverage from the latest site register: % population and villages
        covered per unit, dead spots, GeoTIFF/PNG/GeoJSON under output/coverage /
        mô hình vùng phủ sóng, tỷ lệ dân số và thôn được phủ, điểm lõm sóng."""
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        from hatang.cli import console, err_console
        from hatang.coverage.run import run_coverage
        from hatang.store import Workspace

        ws = Workspace.open(workspace)
        with Progress(
            TextColumn("[bold]Tính vùng phủ / coverage tiles"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=err_console,
            transient=True,
            disable=as_json,
        ) as bar:
            task = bar.add_task("tiles", total=None)
            result = run_coverage(
                ws,
                resolution=resolution,
                operator=_operator(operator),
                technology=_technology(tech),
                calibrate=calibrate,
                workers=workers,
                period=_period(period),
                progress=lambda done, total: bar.update(task, completed=done, total=total),
            )
        summary = _summary(result)
        if as_json:
            print(json.dumps(summary, ensure_ascii=False, indent=2, default=str))
            return
        _print_coverage(console, summary, result)

    @app.command("deadspots")
    def deadspots_cmd(
        min_population: Annotated[
            float,
            typer.Option(
                "--min-population", help="hide dead spots with fewer people / ẩn điểm ít dân hơn"
            ),
        ] = 0.0,
        fmt: Annotated[
            str, typer.Option("--format", help="table, csv or geojson / định dạng")
        ] = "table",
        operator: Annotated[
            str | None,
            typer.Option(
                "--operator",
                help="dead spots of one operator (default: no operator covers) / theo nhà mạng",
            ),
        ] = None,
        run: Annotated[
            str | None,
            typer.Option("--run", help="coverage run id (default: the current run) / lần chạy"),
        ] = None,
        limit: Annotated[
            int, typer.Option("--limit", help="rows shown in the table (0 = all) / số dòng")
        ] = 50,
        tech: Annotated[
            str | None,
            typer.Option(
                "--tech", help="current run of this technology (default: any) / công nghệ"
            ),
        ] = None,
        runs: Annotated[
            bool,
            typer.Option(
                "--runs", help="list the stored coverage runs instead / liệt kê các lần chạy"
            ),
        ] = False,
        workspace: WorkspaceOpt = None,
    ) -> None:
        """Modelled dead spots sorted by population, and how they compare with the reported
        ones / các điểm lõm sóng theo mô hình, xếp theo dân số, so với danh sách báo cáo."""
        from hatang.coverage.stored import list_runs, read_dead_spots
        from hatang.coverage.tables import comparison_summary
        from hatang.store import Workspace

        if fmt not in ("table", "csv", "geojson"):
            raise ConfigError(f"--format {fmt!r}: choose table, csv or geojson")
        ws = Workspace.open(workspace)
        if runs:
            _print_runs(list_runs(ws), fmt)
            return
        run_row, spots, checks = read_dead_spots(
            ws,
            run_id=run,
            min_population=min_population,
            scope=_operator(operator),
            technology=_technology(tech) if tech else None,
        )
        scope = (
            spots["scope"].iloc[0]
            if len(spots)
            else (_operator(operator) or str(run_row["operator"]))
        )
        if fmt == "geojson":
            from hatang.coverage.export import dead_spots_geojson

            print(
                json.dumps(
                    dead_spots_geojson(
                        spots, None, synthetic=bool(run_row["synthetic"]), run_id=run_row["run_id"]
                    ),
                    ensure_ascii=False,
                )
            )
            return
        cols = [
            "dead_spot_id",
            "population",
            "area_km2",
            "lon",
            "lat",
            "nearest_village_code",
            "nearest_village_name",
            "commune_code",
            "commune_name",
            "commune_code_2024",
            "commune_name_2024",
            "reports",
            "status",
            "synthetic",
        ]
        if fmt == "csv":
            w = csv.writer(sys.stdout, lineterminator="\n")
            w.writerow(cols)
            for row in spots[cols].itertuples(index=False):
                w.writerow(
                    ["" if v is None else round(v, 6) if isinstance(v, float) else v for v in row]
                )
            return
        _, all_spots, _ = read_dead_spots(ws, run_id=run_row["run_id"], scope=scope)
        _print_dead_spots(spots, run_row, comparison_summary(all_spots, checks), limit)


def _summary(r) -> dict:
    units = r.units
    prov = units[(units["level"] == "province")]
    return {
        "run_id": r.run_id,
        "period": r.period,
        "technology": r.technology,
        "operator": r.operator,
        "resolution_m": r.grid.res,
        "grid": f"{r.grid.nx}x{r.grid.ny}",
        "seconds": round(r.seconds, 2),
        "evaluations": int(r.power.evaluations),
        "population": round(r.population),
        "population_covered": round(r.population_covered),
        "provinces": prov[
            [
                "map",
                "unit_code",
                "operator",
                "population",
                "population_covered",
                "villages",
                "villages_covered",
            ]
        ].to_dict("records"),
        "dead_spots": int((r.dead_spots["scope"] == r.operator).sum()) if len(r.dead_spots) else 0,
        "reported_matched": int((r.checks["status"] == "matched").sum()),
        "reported_open": int(len(r.checks)),
        "skipped_cells": r.skipped_cells,
        "calibration": r.calibration,
        "files": {k: str(v) for k, v in r.files.items()},
        "synthetic": r.synthetic,
    }


def _print_coverage(console, s: dict, r) -> None:
    from rich.table import Table

    if s["synthetic"]:
        console.print("[yellow]Dữ liệu mô phỏng / synthetic data[/yellow]")
    console.print(
        f"Run [bold]{s['run_id']}[/bold]: {s['grid']} cells of {s['resolution_m']:g} m, "
        f"{s['evaluations']:,} evaluations in {s['seconds']:.2f} s"
    )
    t = Table(
        "map / bản đồ",
        "operator / nhà mạng",
        "population / dân số",
        "covered / được phủ",
        "%",
        "villages / thôn",
        "covered / được phủ",
    )
    for p in s["provinces"]:
        pct = f"{100 * p['population_covered'] / p['population']:.1f}" if p["population"] else "—"
        t.add_row(
            p["map"],
            p["operator"],
            f"{p['population']:,.0f}",
            f"{p['population_covered']:,.0f}",
            pct,
            f"{int(p['villages']):,}",
            f"{int(p['villages_covered']):,}",
        )
    console.print(t)
    console.print(
        f"Dead spots / điểm lõm sóng: {s['dead_spots']}; reported open / báo cáo còn mở: {s['reported_open']}, "
        f"matched / khớp: {s['reported_matched']}"
    )
    if s["skipped_cells"]:
        console.print(
            f"[yellow]{s['skipped_cells']} cells left out: band outside the model's range / "
            f"ô ngoài dải tần của mô hình[/yellow]"
        )
    if s["calibration"]:
        for f in s["calibration"]["operators"]:
            console.print(
                f"Calibration {f['operator']}: offset {f['offset_db']:+.1f} dB over {f['tests']} tests; "
                f"RMSE {f['rmse_before']:.1f} → {f['rmse_after']:.1f} dB, bias {f['bias_before']:+.1f} → {f['bias_after']:+.1f} dB"
            )
        for op, why in s["calibration"]["skipped"].items():
            console.print(f"Calibration skipped for {op}: {why}")
    for k, v in s["files"].items():
        console.print(f"{k}: {v}")


def _print_dead_spots(spots, run_row: dict, summary: dict, limit: int) -> None:
    from rich.table import Table

    from hatang import i18n
    from hatang.cli import console
    from hatang.views import deadspots as views
    from hatang.views import format as fmt

    if run_row["synthetic"]:
        console.print("[yellow]Dữ liệu mô phỏng / synthetic data[/yellow]")
    headers = [i18n.both(c.label) for c in views.COLUMNS]
    t = Table(*headers, title=f"Điểm lõm sóng / dead spots — run {run_row['run_id']}")
    for row in views.rows(spots, limit):
        t.add_row(*[fmt.text(v, "en", fmt.TERMINAL) for v in row.values()])
    console.print(t)
    if limit > 0 and len(spots) > limit:
        console.print(f"... {len(spots) - limit} more (--limit 0 shows all)")
    said = [f"{i18n.both(v.label)}: {fmt.raw(v, fmt.TERMINAL)}" for v in views.comparison(summary)]
    line = f"{said[0]} — {said[1]}, {said[2]}; {said[3]}, {said[4]}"
    console.print(line[0].upper() + line[1:])


def _print_runs(runs, fmt: str) -> None:
    if fmt == "csv":
        runs.to_csv(sys.stdout, index=False, lineterminator="\n")
        return
    if fmt == "geojson":
        raise ConfigError("--runs prints a table or csv, not geojson")
    from rich.table import Table

    from hatang.cli import console

    t = Table(
        "run",
        "created / lúc",
        "period / kỳ",
        "tech",
        "operator",
        "m",
        "model",
        "covered / được phủ",
        "synthetic",
    )
    for r in runs.itertuples(index=False):
        pct = 100 * r.population_covered / r.population if r.population else float("nan")
        t.add_row(
            r.run_id,
            str(r.created_at)[:19],
            r.period,
            r.technology,
            r.operator,
            f"{r.resolution_m:g}",
            r.model,
            f"{pct:.1f} %",
            "yes" if r.synthetic else "",
        )
    console.print(t)
