"""The leader's one-page brief: are we on track (targets met / on track / at risk /
missed), the three largest gaps, the people in dead spots and what closing them costs,
one map. The same facts as the report, fewer of them; one A4 page."""

from __future__ import annotations

from hatang.report import maps
from hatang.report.content import masthead, notice, number
from hatang.report.data import ReportData
from hatang.report.document import NO_WIDTH, Block, Cell, Column, Document, Span, Table, Title, para
from hatang.report.form import TEXT_WIDTH_MM
from hatang.report.results import flags_note, status_cell, tally_sentence
from hatang.report.write import Writer
from hatang.settings import ReportSettings
from hatang.views import progress, reading
from hatang.views import scenarios as vs
from hatang.views.values import Value

MAP_HEIGHT_MM = 112.0


def _verdict(w: Writer, data: ReportData) -> str:
    short = [t for t in data.targets if progress.group(t) in ("at risk", "off track", "missed")]
    if not short:
        return w.t("rp_brief_on_course")
    return w.m("rp_brief_not_on_course", n=w.v(Value(len(short), "count")))


def gaps_table(w: Writer, data: ReportData) -> Table:
    cols = (
        Column(w.t("rp_col_no"), NO_WIDTH, "center"),
        Column(w.t("rp_col_target"), 4.5 - NO_WIDTH),
        Column(w.t("rp_col_goal"), 1.2, "center"),
        Column(w.m("rp_col_value", period=w.period(data.period)), 1.3, "right"),
        Column(w.t("rp_col_gap"), 1.1, "right"),
        Column(w.t("rp_col_status"), 1.4, "center"),
    )
    rows = []
    worst = progress.worst(data.targets, 3)
    for t in worst:
        g = progress.gap(t) or 0.0
        rows.append(
            (
                Cell(str(t.no)),
                Cell(t.name(w.lang)),
                Cell(w.goal(t.comparator, t.target)),
                Cell(w.measure(t.value) + reading.flag_symbols(t), bold=True),
                Cell(w.v(Value(g, "percent", digits=1))),
                status_cell(w, t),
            )
        )
    notes = tuple(flags_note(w, worst))
    return Table("gaps", cols, tuple(rows), w.t("rp_brief_gaps"), notes, small=True)


def dead_spots(w: Writer, data: ReportData) -> list[Block]:
    run = data.coverage_run
    people = float(data.dead_spots["population"].sum()) if len(data.dead_spots) else 0.0
    out: list[Block] = []
    if run is not None:
        out.append(
            para(
                w.m(
                    "rp_brief_dead_spots",
                    people=w.v(Value(people, "whole")),
                    spots=w.v(Value(len(data.dead_spots), "count")),
                    run=str(run["run_id"]),
                )
            )
        )
    s = data.scenario
    if s is None:
        return [*out, para(w.t("rp_brief_no_cost"))]
    tot = vs.totals(s, len(data.actions))
    out.append(
        para(
            w.m(
                "rp_brief_cost",
                cost=w.v(tot["cost_vnd"]),
                name=str(s["name"]),
                actions=w.v(tot["actions"]),
                people=w.v(tot["people_new"]),
            )
        )
    )
    return out


def brief(data: ReportData, s: ReportSettings, lang: str = "vi", report_file: str = "") -> Document:
    w = Writer(lang)
    quarter = w.quarter(data.period)
    body: list[Block] = [
        *([para(notice(w, data) or "", kind="notice")] if data.synthetic else []),
        para(
            Span(w.m("rp_brief_status", verdict=""), bold=True),
            _verdict(w, data),
            " ",
            tally_sentence(w, data.targets),
        ),
        gaps_table(w, data),
        *dead_spots(w, data),
        maps.communes(data, w, TEXT_WIDTH_MM, MAP_HEIGHT_MM, key="brief-map", n=1),
    ]
    if report_file:
        body.append(para(w.m("rp_brief_more", file=report_file), kind="note"))
    subject = w.m("rp_brief_subject", number=data.plan.number, quarter=quarter)
    return Document(
        lang=lang,
        meta_title=f"{w.t('rp_kind_brief')} {subject}",
        masthead=masthead(w, data, s),
        title=Title(w.t("rp_kind_brief"), subject),
        body=tuple(body),
        notice=notice(w, data),
        compact=True,
        keywords=(data.plan.id, data.period, "brief"),
    )


__all__ = ["brief", "number"]
