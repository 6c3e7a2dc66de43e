"""The report's trend chart: one small panel per target, its series up to the period
reported and the target as a dashed line (matplotlib, Agg: no display, no network).
The text of the chart is in the report's language; its alt text says what it shows."""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence
from typing import Any

from hatang.report.document import Figure
from hatang.report.form import TEXT_WIDTH_MM
from hatang.report.write import Writer
from hatang.views.scorecard import Target
from hatang.views.values import Value

MM = 1 / 25.4
DPI = 200
INK, GOAL, MET, SHORT, BREAK = "#1f3b73", "#b22222", "#2e7d32", "#c62828", "#555555"


def font(size: float, bold: bool = False) -> Any:
    """The report's font at `size` points (Liberation Serif: diacritics render)."""
    from hatang.report.fonts import for_matplotlib

    return for_matplotlib(size, bold)


def figure(width_mm: float, height_mm: float) -> Any:
    """A matplotlib figure on the Agg canvas (no display)."""
    from matplotlib.figure import Figure as MplFigure

    fig = MplFigure(figsize=(width_mm * MM, height_mm * MM), dpi=DPI)
    fig.set_layout_engine("constrained")
    return fig


def ticks(ax: Any, size: float) -> None:
    for label in ax.get_xticklabels() + ax.get_yticklabels():
        label.set_fontproperties(font(size))


def png(fig: Any) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI, metadata={"Software": None})
    return buf.getvalue()


def segments(t: Target) -> list[tuple[int, int]]:
    """The trend's runs between series breaks, as [start, stop) indices."""
    periods = [p for p, _ in t.trend]
    starts = sorted({0, *(periods.index(p) for p, _ in t.breaks if p in periods)})
    return list(zip(starts, [*starts[1:], len(periods)], strict=True))


def _panel(ax: Any, t: Target, w: Writer) -> None:
    xs = [w.period(p) for p, _ in t.trend]
    ys = [v for _, v in t.trend]
    met = str(t.status.value).startswith("met")
    for a, b in segments(t):  # a series break is a gap and a dotted rule, not a change
        ax.plot(range(a, b), ys[a:b], marker="o", markersize=2.2, linewidth=1.1, color=INK)
        if a:
            ax.axvline(a - 0.5, color=BREAK, linestyle=":", linewidth=0.9)
    goal = t.target.value
    if isinstance(goal, int | float):
        ax.axhline(float(goal), color=GOAL, linestyle="--", linewidth=0.8)
    if ys:
        ax.plot([len(xs) - 1], [ys[-1]], marker="o", markersize=3.5, color=MET if met else SHORT)
    name = textwrap.shorten(t.name(w.lang), 46, placeholder="…")
    ax.set_title(
        "\n".join(textwrap.wrap(f"{t.no}. {name}", 28)), fontproperties=font(6.2), loc="left"
    )
    ticks = list(range(len(xs)))
    step = max(1, len(ticks) // 4)
    ax.set_xticks(ticks[::step], [xs[i] for i in ticks[::step]])
    ax.yaxis.set_major_formatter(
        lambda y, _: w.v(Value(y, "number", digits=None if abs(y) >= 10 else 1))
    )
    for label in ax.get_xticklabels():
        label.set_fontproperties(font(5))
    for label in ax.get_yticklabels():
        label.set_fontproperties(font(5.5))
    ax.grid(axis="y", linewidth=0.3, alpha=0.5)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def trends(targets: Sequence[Target], w: Writer) -> Figure:
    """Small multiples of every target's trend, 4 to a row."""
    cols = 4
    rows = max(1, -(-len(targets) // cols))
    height = 38.0 * rows
    fig = figure(TEXT_WIDTH_MM, height)
    axes = fig.subplots(rows, cols, squeeze=False)
    for i, ax in enumerate(axes.flat):
        if i < len(targets):
            _panel(ax, targets[i], w)
        else:
            ax.set_visible(False)
    alt = w.m(
        "rp_trend_alt",
        n=w.v(Value(len(targets), "count")),
        first=w.period(targets[0].trend[0][0]) if targets and targets[0].trend else "—",
        last=w.period(targets[0].period) if targets else "—",
    )
    return Figure("trends", png(fig), alt, w.t("rp_fig_trends"), TEXT_WIDTH_MM, height)
