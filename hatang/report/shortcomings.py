"""Section II of the report: what falls short — the targets at risk, off track or
missed with the reason, the communes furthest from each (both maps where the plan
spans the 2025 reorganisation), the dead-spot register and the map."""

from __future__ import annotations

from hatang.report import maps
from hatang.report.data import ReportData
from hatang.report.document import NO_WIDTH, Block, Cell, Column, Heading, Table, para
from hatang.report.form import TEXT_WIDTH_MM
from hatang.report.reasons import reason
from hatang.report.results import flags_note
from hatang.report.write import Writer
from hatang.views import progress, reading, register_period
from hatang.views.register import SCOREBOARD, scoreboard_rows
from hatang.views.scorecard import Target


def _short_list(w: Writer, short: list[Target]) -> list[Block]:
    if not short:
        return [para(w.t("rp_none_short"))]
    out: list[Block] = []
    for t in short:
        out.append(
            para(
                # the status, then its reason, which names the value, the goal and the
                # deadline once
                f"{w.m('rp_target_no', no=str(t.no))} ({t.name(w.lang)}) — {w.v(t.status)}. "
                f"{reason(w, t)}"
            )
        )
    return out


def _furthest(w: Writer, t: Target, rows: list[Target]) -> str:
    mine = [r for r in rows if r.no == t.no]
    return (
        "; ".join(f"{r.unit_name} {w.measure(r.value)}{reading.flag_symbols(r)}" for r in mine)
        or w.style.missing
    )


def worst_table(w: Writer, data: ReportData, short: list[Target]) -> Table:
    maps_ = [data.map] + [m for m in sorted(data.worst) if m != data.map]
    cols = [
        Column(w.t("rp_col_no"), NO_WIDTH, "center"),
        Column(w.t("rp_col_target"), 3.1 - NO_WIDTH),
    ]
    cols += [Column(w.m("rp_col_worst", map=m), 4.0) for m in maps_]
    rows = tuple(
        (
            Cell(str(t.no)),
            Cell(t.name(w.lang)),
            *(Cell(_furthest(w, t, data.worst.get(m, []))) for m in maps_),
        )
        for t in short
    )
    shown = [r for m in maps_ for r in data.worst.get(m, []) if r.no in {t.no for t in short}]
    return Table(
        "worst",
        tuple(cols),
        rows,
        w.m("rp_table_worst", n=str(5)),
        (w.t("rp_note_worst"), *flags_note(w, shown)),
        small=True,
    )


def register(w: Writer, data: ReportData) -> list[Block]:
    out: list[Block] = [Heading("3.", w.t("rp_h_register"), 2)]
    figs = register_period.figures(data.cases, data.period)
    out.append(
        para(
            w.m("rp_register_as_of", day=w.date(data.today), period=w.quarter(data.period))
            + "; ".join(f"{w.t(v.label)}: {w.v(v)}" for v in figs)
            + "."
        )
    )
    if len(data.scoreboard):
        cols = tuple(
            Column(w.t(c.label), 1.6 if i == 0 else 1.0, "left" if i == 0 else "right")
            for i, c in enumerate(SCOREBOARD)
        )
        rows = tuple(
            tuple(Cell(w.v(r[c.field])) for c in SCOREBOARD)
            for r in scoreboard_rows(data.scoreboard)
        )
        out.append(Table("scoreboard", cols, rows, w.t("rp_table_scoreboard"), small=True))
    else:
        out.append(para(w.t("rp_no_assigned")))
    oldest = register_period.oldest(data.cases)
    if oldest:
        fields = ("case_id", "state", "village", "commune", "people_affected", "opened_on")
        labels = (
            "reg_case",
            "reg_state",
            "reg_village",
            "reg_commune_2025",
            "reg_people",
            "reg_opened",
        )
        widths = (0.9, 1.2, 2.0, 2.0, 1.0, 1.1)
        cols = tuple(
            Column(w.t(lab), wd, "right" if f == "people_affected" else "left")
            for f, lab, wd in zip(fields, labels, widths, strict=True)
        )
        rows = tuple(tuple(Cell(w.v(r[f])) for f in fields) for r in oldest)
        out.append(Table("oldest", cols, rows, w.t("rp_table_oldest"), small=True))
    return out


def section(w: Writer, data: ReportData) -> list[Block]:
    short = progress.short(data.targets)
    out: list[Block] = [
        Heading("II.", w.t("rp_h_shortcomings"), 1),
        Heading("1.", w.t("rp_h_short_targets"), 2),
        *_short_list(w, short),
    ]
    if short and data.worst:
        out += [Heading("2.", w.t("rp_h_worst"), 2), worst_table(w, data, short)]
    out += register(w, data)
    out.append(maps.communes(data, w, TEXT_WIDTH_MM, 120.0))
    return out
