"""The report's map: communes coloured by the headline coverage indicator (modelled 4G
population coverage, in classes), the modelled dead spots and the open cases of the
register; with a legend, a scale bar and a north arrow. Drawn with matplotlib from the
stored shapes (WKT) in longitude / latitude, the x axis scaled by cos(latitude) so
distances read true near the province."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from hatang.report.charts import figure, font, png
from hatang.report.data import ReportData
from hatang.report.document import Figure
from hatang.report.write import Writer
from hatang.views.values import Value

#: classes of the share of people covered (%), lower bounds, and their colours
CLASSES = (0.0, 80.0, 90.0, 95.0, 99.0)
COLOURS = ("#d7301f", "#fc8d59", "#fdcc8a", "#a1d99b", "#31a354")
NO_DATA = "#dddddd"
DEAD_SPOT, CASE = "#6a1b9a", "#000000"


def _rings(wkt: str) -> list[np.ndarray]:
    from shapely import wkt as shapely_wkt

    geom = shapely_wkt.loads(wkt)
    polys = getattr(geom, "geoms", [geom])
    return [np.asarray(p.exterior.coords) for p in polys if hasattr(p, "exterior")]


def _class(v: float | None) -> int | None:
    if v is None or not math.isfinite(v):
        return None
    return max(i for i, lo in enumerate(CLASSES) if v >= lo)


def _shapes(ax: Any, communes: pd.DataFrame, values: pd.Series) -> None:
    from matplotlib.patches import Polygon

    for code, wkt in zip(communes["code"].astype(str), communes["geometry"], strict=True):
        if not isinstance(wkt, str) or not wkt:
            continue
        k = _class(values.get(code))
        colour = NO_DATA if k is None else COLOURS[k]
        for ring in _rings(wkt):
            ax.add_patch(
                Polygon(ring, closed=True, facecolor=colour, edgecolor="#555555", linewidth=0.3)
            )


def _dead_spots(ax: Any, spots: pd.DataFrame) -> None:
    from matplotlib.patches import Polygon

    for wkt in spots.get("geometry", pd.Series(dtype=object)):
        if isinstance(wkt, str) and wkt:
            for ring in _rings(wkt):
                ax.add_patch(
                    Polygon(
                        ring,
                        closed=True,
                        facecolor=DEAD_SPOT,
                        edgecolor=DEAD_SPOT,
                        alpha=0.75,
                        linewidth=0.4,
                    )
                )


def _scale_bar(ax: Any, lat0: float) -> None:
    """A bar of a round number of km at the lower left, in the axes' degrees."""
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    km_per_deg = 111.32 * math.cos(math.radians(lat0))
    span_km = (x1 - x0) * km_per_deg
    km = next(k for k in (50, 20, 10, 5, 2, 1) if k <= span_km / 4) if span_km >= 4 else 1
    length = km / km_per_deg
    x, y = x0 + 0.05 * (x1 - x0), y0 + 0.05 * (y1 - y0)
    ax.plot([x, x + length], [y, y], color="black", linewidth=2.2, solid_capstyle="butt")
    ax.text(
        x + length / 2,
        y + 0.015 * (y1 - y0),
        f"{km} km",
        ha="center",
        va="bottom",
        fontproperties=font(7),
    )


def _north(ax: Any) -> None:
    ax.annotate(
        "N",
        xy=(0.95, 0.95),
        xytext=(0.95, 0.84),
        xycoords="axes fraction",
        ha="center",
        va="center",
        fontproperties=font(9, bold=True),
        arrowprops={"arrowstyle": "-|>", "color": "black", "linewidth": 1.2},
    )


def _legend(ax: Any, w: Writer, cases: int) -> None:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    labels = []
    for i, lo in enumerate(CLASSES):
        hi = CLASSES[i + 1] if i + 1 < len(CLASSES) else None
        lo_t = w.v(Value(lo, "number", digits=0))
        labels.append(f"{lo_t}–{w.v(Value(hi, 'number', digits=0))}%" if hi else f"≥ {lo_t}%")
    handles: list[Any] = [
        Patch(facecolor=c, edgecolor="#555555", label=lab)
        for c, lab in zip(COLOURS, labels, strict=True)
    ]
    handles.append(Patch(facecolor=NO_DATA, edgecolor="#555555", label=w.t("rp_map_no_data")))
    handles.append(Patch(facecolor=DEAD_SPOT, alpha=0.75, label=w.t("rp_map_dead_spots")))
    if cases:
        handles.append(
            Line2D(
                [],
                [],
                marker="x",
                linestyle="",
                color=CASE,
                markersize=4,
                label=w.t("rp_map_cases"),
            )
        )
    # outside the axes, in room the layout engine keeps for it (never cut at the edge)
    ax.figure.legend(
        handles=handles,
        loc="outside right upper",
        title=w.t("rp_map_legend"),
        title_fontproperties=font(7, bold=True),
        prop=font(6.5),
        framealpha=0.9,
    )


def _open_cases(data: ReportData) -> pd.DataFrame:
    c = data.cases
    if c.empty:
        return c
    return c[c["open"].astype(bool) & c["lon"].notna() & c["lat"].notna()]


def communes(
    data: ReportData, w: Writer, width_mm: float, height_mm: float, key: str = "map", n: int = 2
) -> Figure:
    """The map figure of the report (figure `n`; and, smaller, of the brief)."""
    fig = figure(width_mm, height_mm)
    ax = fig.add_subplot()
    _shapes(ax, data.communes_map, data.map_values)
    _dead_spots(ax, data.dead_spots)
    cases = _open_cases(data)
    if len(cases):
        ax.scatter(
            cases["lon"], cases["lat"], marker="x", s=5, linewidths=0.5, color=CASE, zorder=3
        )
    ax.autoscale_view()
    lat0 = float(pd.to_numeric(data.communes_map["lat"], errors="coerce").mean() or 20.0)
    ax.set_aspect(1 / math.cos(math.radians(lat0)))
    ax.set_axis_off()
    _scale_bar(ax, lat0)
    _north(ax)
    _legend(ax, w, len(cases))
    alt = w.m(
        "rp_map_alt",
        communes=w.v(Value(len(data.communes_map), "count")),
        period=w.period(data.map_period or data.period),
        spots=w.v(Value(len(data.dead_spots), "count")),
        cases=w.v(Value(len(cases), "count")),
    )
    period = w.period(data.map_period or data.period)
    caption = w.m("rp_fig_map", n=str(n), map=data.map, period=period)
    return Figure(key, png(fig), alt, caption, width_mm, height_mm)
