"""How `hatang pathloss`, `coverage` and `deadspots` draw their results in the terminal."""

from __future__ import annotations

from typing import Any

from hatang.cli import tables
from hatang.cli.output import console, number_style, write

#: dead-spot columns aligned right
NUMERIC = ("population", "area_km2", "lon", "lat", "reports")

#: the columns of `hatang deadspots --format csv`
CSV_COLUMNS = [
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


def print_losses(distances: list[float], losses: list[float]) -> None:
    """One 'distance km<TAB>loss dB' line per distance, in the CLI's number style."""
    from hatang.views import format as fmt

    t = number_style()
    for d, v in zip(distances, losses, strict=True):
        print(f"{fmt.figure(d, t)} km\t{fmt.number(v, 2, t)} dB")


def losses_json(
    model: str,
    freq: float,
    hb: float,
    hm: float,
    env: str,
    distances: list[float],
    losses: list[float],
) -> dict[str, Any]:
    rows = [
        {"distance_km": d, "loss_db": round(v, 2)} for d, v in zip(distances, losses, strict=True)
    ]
    return {"model": model, "freq_mhz": freq, "hb_m": hb, "hm_m": hm, "env": env, "losses": rows}


#: a run's people and villages covered, per map and operator
PROVINCE_COLUMNS = (
    tables.Column("map", "map\nbản đồ"),
    tables.Column("operator", "operator\nnhà mạng"),
    tables.Column("population", "people\ndân số", right=True),
    tables.Column("population_covered", "covered\nđược phủ", right=True),
    tables.Column("share", "%", right=True),
    tables.Column("villages", "villages\nthôn", right=True),
    tables.Column("villages_covered", "covered\nđược phủ", right=True),
)


def _province_row(p: dict[str, Any]) -> dict[str, str]:
    from hatang.views import format as fmt

    t = number_style()
    share = p["population_covered"] / p["population"] if p["population"] else None
    return {
        "map": str(p["map"]),
        "operator": str(p["operator"]),
        "population": fmt.whole(p["population"], t),
        "population_covered": fmt.whole(p["population_covered"], t),
        "share": fmt.percent(share, 1, t),
        "villages": fmt.whole(p["villages"], t),
        "villages_covered": fmt.whole(p["villages_covered"], t),
    }


def print_coverage(out: Any, s: dict[str, Any]) -> None:
    from hatang.views import format as fmt

    if s["synthetic"]:
        out.print("[yellow]Dữ liệu mô phỏng / synthetic data[/yellow]")
    t = number_style()
    out.print(
        f"Run [bold]{s['run_id']}[/bold]: {s['grid']} cells of {fmt.figure(s['resolution_m'], t)} m, "
        f"{fmt.whole(s['evaluations'], t)} evaluations in {fmt.number(s['seconds'], 2, t)} s"
    )
    rows = [_province_row(p) for p in s["provinces"]]
    tables.print_table(tables.Table(PROVINCE_COLUMNS, rows), out=out)
    out.print(
        f"Dead spots / điểm lõm sóng: {s['dead_spots']}; reported open / báo cáo còn mở: {s['reported_open']}, "
        f"matched / khớp: {s['reported_matched']}"
    )
    if s["skipped_cells"]:
        out.print(
            f"[yellow]{s['skipped_cells']} cells left out: band outside the model's range / "
            f"ô ngoài dải tần của mô hình[/yellow]"
        )
    if s["calibration"]:
        for f in s["calibration"]["operators"]:
            out.print(_calibration_line(f, t))
        for op, why in s["calibration"]["skipped"].items():
            out.print(f"Calibration skipped for {op}: {why}")
    for k, v in s["files"].items():
        out.print(f"{k}: {v}")


def _calibration_line(f: dict[str, Any], t: Any) -> str:
    """An operator's calibration: the offset found and the error before → after."""
    from hatang.views import format as fmt

    return (
        f"Calibration / hiệu chỉnh {f['operator']}: offset {fmt.change(f['offset_db'], 1, t)} dB "
        f"over {fmt.whole(f['tests'], t)} tests; RMSE {fmt.number(f['rmse_before'], 1, t)} → "
        f"{fmt.number(f['rmse_after'], 1, t)} dB, bias {fmt.change(f['bias_before'], 1, t)} → "
        f"{fmt.change(f['bias_after'], 1, t)} dB"
    )


def dead_spots_file(spots: Any, run_row: Any, fmt: str) -> None:
    """The dead spots as CSV, JSON (CSV_COLUMNS, floats to 6 decimals) or GeoJSON."""
    import json

    from hatang.coverage.export import dead_spots_geojson
    from hatang.views.tabular import data_text

    if fmt in ("csv", "json"):
        return write(data_text(spots[CSV_COLUMNS].round(6), fmt))
    synthetic = bool(run_row["synthetic"])
    doc = dead_spots_geojson(spots, None, synthetic=synthetic, run_id=run_row["run_id"])
    print(json.dumps(doc, ensure_ascii=False))


def print_dead_spots(
    spots: Any, run_row: Any, summary: dict[str, Any], limit: int, wide: bool = False
) -> None:
    from hatang import i18n
    from hatang.views import deadspots as views
    from hatang.views import format as fmt

    columns = [
        tables.col(c.field, c.label, wide=c.wide, right=c.field in NUMERIC) for c in views.COLUMNS
    ]
    rows = [
        {k: fmt.text(v, "en", number_style()) for k, v in row.items()}
        for row in views.rows(spots, limit)
    ]
    title = f"Điểm lõm sóng / dead spots — run {run_row['run_id']}"
    synthetic = bool(run_row["synthetic"])
    tables.print_table(tables.Table(columns, rows, title=title, synthetic=synthetic), wide=wide)
    if limit > 0 and len(spots) > limit:
        console().print(f"... {len(spots) - limit} more (--limit 0 shows all / hiện tất cả)")
    said = [
        f"{i18n.both(v.label)}: {fmt.raw(v, number_style())}" for v in views.comparison(summary)
    ]
    line = f"{said[0]} — {said[1]}, {said[2]}; {said[3]}, {said[4]}"
    console().print(line[0].upper() + line[1:])


#: the stored coverage runs: which, when, for what, how much covered; the grid, the
#: model and the synthetic flag with --wide
RUN_COLUMNS = (
    tables.Column("run_id", "run / lượt"),
    tables.Column("created_at", "created\nlúc tính", wide=True),
    tables.Column("period", "period\nkỳ"),
    tables.Column("technology", "tech", wide=True),
    tables.Column("operator", "operator\nnhà mạng"),
    tables.Column("resolution_m", "m", wide=True, right=True),
    tables.Column("model", "model\nmô hình", wide=True),
    tables.Column("covered", "covered\nđược phủ", right=True),
    tables.Column("synthetic", "synthetic\nmô phỏng", wide=True),
)


def _run_row(r: Any) -> dict[str, str]:
    from hatang.views import format as fmt

    share = r.population_covered / r.population if r.population else None
    return {
        "run_id": str(r.run_id),
        "created_at": str(r.created_at)[:19],
        "period": str(r.period),
        "technology": str(r.technology),
        "operator": str(r.operator),
        "resolution_m": fmt.figure(r.resolution_m, number_style()),
        "model": str(r.model),
        "covered": fmt.percent(share, 1, number_style()),
        "synthetic": "yes / có" if r.synthetic else "",
    }


def print_runs(runs: Any, fmt: str, wide: bool = False) -> None:
    """The stored runs: a table, or every stored column as csv / json."""
    from hatang.views.tabular import data_text

    if fmt != "table":
        return write(data_text(runs, fmt))
    rows = [_run_row(r) for r in runs.itertuples(index=False)]
    tables.print_table(
        tables.Table(RUN_COLUMNS, rows, title="Coverage runs / lượt tính"), wide=wide
    )


def print_viewsheds(rows: list[dict[str, Any]]) -> None:
    """One line per site: what share of its reach sees the antenna, and the files."""
    from hatang.cli.output import number_style
    from hatang.views import format as fmt

    out, style = console(), number_style()
    for r in rows:
        label = " (dữ liệu mô phỏng / synthetic)" if r["synthetic"] else ""
        out.print(
            f"{r['site_id']} ({r['period']}){label}: "
            f"{fmt.percent(r['visible_share'], 1, style)} of {fmt.whole(r['cells'], style)} "
            f"cells in reach see the antenna / ô nhìn thấy anten; hidden cells lose a median "
            f"{fmt.number(r['median_shadow_loss_db'], 1, style)} dB to the terrain"
        )
        out.print(f"  {r['geotiff']}\n  {r['png']}")
