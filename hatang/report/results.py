"""Section I of the report: the results — every target of the plan, its change since
the previous period and since the plan's baseline, the trend chart, the infrastructure
behind it (sites, sharing, subscriptions, speeds with their samples) and the modelled
coverage with the run named."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from hatang.report import charts
from hatang.report.data import ReportData
from hatang.report.document import NO_WIDTH, Block, Cell, Column, Heading, Table, para
from hatang.report.write import Writer
from hatang.views import progress, reading
from hatang.views.scorecard import Target, measure
from hatang.views.values import Value, missing


def status_cell(w: Writer, t: Target) -> Cell:
    shade = "missed" if t.status.value == "missed" else t.status_class
    return Cell(w.v(t.status), shade=shade)


def target_row(w: Writer, t: Target, issued: Any) -> tuple[Cell, ...]:
    """TT, target, goal, value, change since the previous period and since the baseline,
    status — as the targets table shows one."""
    prev, base = progress.previous(t), progress.since_baseline(t, issued)
    return (
        Cell(str(t.no)),
        Cell(t.name(w.lang) + note_marks(t)),
        Cell(w.goal(t.comparator, t.target)),
        Cell(w.measure(t.value), bold=True),
        Cell(_change(w, prev)),
        Cell(_change(w, base)),
        status_cell(w, t),
    )


def note_marks(t: Target) -> str:
    """' (*§)' after a target estimated, from a fallback method, modelled, re-expressed or
    partial (docs/indicators.md, "How to read a figure"; the table's notes say which)."""
    marks = reading.symbols(t)
    return f" ({marks})" if marks else ""


def flags_note(w: Writer, targets: Sequence[Target]) -> list[str]:
    """The legend of the flags after the values of a table without status or trend
    columns (the communes furthest from a target, the brief), if any is shown."""
    legend = reading.flag_legend(targets)
    if not legend:
        return []
    marks = "; ".join(f"({m.symbol}) {w.t(m.label)}" for m in legend)
    return [f"{w.t('marks_legend')}: {marks}."]


def _change(w: Writer, c: progress.Change) -> str:
    if c.since is None:
        return w.style.missing
    if c.broken:  # the series breaks in between: the difference is no change
        return f"{w.t('series_break')} ({w.period(c.since)})"
    return f"{w.measure(c.delta)} ({w.period(c.since)})"


def reading_notes(w: Writer, targets: Sequence[Target], base: dict[str, Any] | None) -> list[str]:
    """The notes under a table of values: the marks it carries, the population base of
    its per-inhabitant values, its series breaks."""
    notes = []
    marks = reading.legend(targets)
    if marks:
        notes.append(
            w.t("marks_legend")
            + ": "
            + "; ".join(f"({m.symbol}) {w.t(m.label)}" for m in marks)
            + "; "
            + w.t("mark_measured")
            + "."
        )
    note = reading.base_note(base) if any(reading.per_person(t) for t in targets) else None
    if note is not None:
        notes.append(w.msg(note) + ".")
    broken: dict[Any, set[str]] = {}
    for t in targets:
        broken.setdefault(t.no, set()).update(p for p, _ in t.breaks)
    listed = [
        f"{no}: {', '.join(w.period(p) for p in sorted(ps))}" for no, ps in broken.items() if ps
    ]
    if listed:
        notes.append(w.t("series_break_note") + " " + "; ".join(listed) + ".")
    return notes


def targets_table(w: Writer, data: ReportData) -> Table:
    cols = (
        Column(w.t("rp_col_no"), NO_WIDTH, "center"),
        Column(w.t("rp_col_target"), 4.7 - NO_WIDTH),
        Column(w.t("rp_col_goal"), 1.3, "center"),
        Column(w.m("rp_col_value", period=w.period(data.period)), 1.4, "right"),
        Column(w.t("rp_col_prev"), 1.7, "right"),
        Column(w.t("rp_col_base"), 1.7, "right"),
        Column(w.t("rp_col_status"), 1.5, "center"),
    )
    rows = tuple(target_row(w, t, data.plan.date) for t in data.targets)
    notes = [w.t("rp_note_changes")]
    samples = [t for t in data.targets if not missing(t.sample.value)]
    if samples:
        notes.append(
            w.t("rp_note_samples")
            + "; ".join(f"{t.no}: n = {w.v(t.sample)} ({t.method})" for t in samples)
            + "."
        )
    notes += reading_notes(w, data.targets, data.population_base)
    return Table("targets", cols, rows, w.t("rp_table_targets"), tuple(notes))


def tally_sentence(w: Writer, targets: list[Target]) -> str:
    counts = progress.tally(targets)
    parts = [f"{w.v(Value(c.value, 'count'))} {w.t(c.label)}" for c in counts if c.value]
    return w.m("rp_tally", n=str(len(targets)), parts=", ".join(parts))


def _context_value(data: ReportData, indicator: str, unit: str) -> Value:
    row = data.context.get(indicator)
    return measure(None if row is None else row.get("value"), unit)


def _by_indicator(data: ReportData, indicator: str) -> Target | None:
    return next((t for t in data.targets if t.indicator == indicator), None)


def infrastructure(w: Writer, data: ReportData) -> list[Block]:
    """Sites and sharing, subscriptions, speeds with their samples."""
    out: list[Block] = [Heading("2.", w.t("rp_h_infrastructure"), 2)]
    shared, mobile, fixed = (
        _by_indicator(data, i)
        for i in ("shared_sites", "mobile_download_speed", "fixed_download_speed")
    )
    out.append(
        para(
            w.m(
                "rp_sites",
                sites=w.v(_context_value(data, "sites_count", "count")),
                shared=w.measure(shared.value) if shared else w.style.missing,
                period=w.quarter(data.period),
            )
        )
    )
    out.append(
        para(
            w.m(
                "rp_subscriptions",
                mobile=w.v(_context_value(data, "mobile_subscriptions", "count")),
                ftth=w.v(_context_value(data, "ftth_subscriptions", "count")),
            )
        )
    )
    for key, t in (("rp_speed_mobile", mobile), ("rp_speed_fixed", fixed)):
        if t is not None:
            out.append(
                para(w.m(key, value=w.measure(t.value), n=w.v(t.sample), method=t.method or "—"))
            )
    return out


def coverage(w: Writer, data: ReportData) -> list[Block]:
    """People and villages covered by 4G, modelled, with the run named."""
    out: list[Block] = [Heading("3.", w.t("rp_h_coverage"), 2)]
    run = data.coverage_run
    if run is None:
        return [*out, para(w.t("rp_no_run"))]
    people = _context_value(data, "population_4g_modelled", "%")
    villages = _context_value(data, "villages_4g_modelled", "%")
    covered = Value(run.get("population_covered"), "whole", total=run.get("population"))
    out.append(
        para(
            w.m(
                "rp_coverage",
                people=w.measure(people),
                villages=w.measure(villages),
                covered=w.v(covered),
                run=str(run["run_id"]),
                period=w.period(run.get("period")),
                res=w.v(Value(run.get("resolution_m"), "number", digits=0)),
                model=str(run.get("model") or "—"),
            )
        )
    )
    return out


def section(w: Writer, data: ReportData) -> list[Block]:
    chart = charts.trends(data.targets, w)
    return [
        Heading("I.", w.t("rp_h_results"), 1),
        Heading("1.", w.t("rp_h_targets"), 2),
        para(tally_sentence(w, data.targets)),
        targets_table(w, data),
        chart,
        *infrastructure(w, data),
        *coverage(w, data),
    ]
