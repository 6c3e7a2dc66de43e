"""Section III of the report: what it proposes — the chosen planner scenario (asked
for, else the newest full-cover one), its actions by commune and who would invest in
them, people and villages newly covered, the sharing ratio after, the solver's gap in
one sentence. Every figure is the stored scenario's (`views.scenarios`)."""

from __future__ import annotations

from hatang.report.data import ReportData
from hatang.report.document import Block, Cell, Column, Heading, Table, para
from hatang.report.write import Writer
from hatang.views import proposals
from hatang.views import scenarios as vs
from hatang.views.values import Value


def _summary(w: Writer, data: ReportData) -> list[Block]:
    s = data.scenario
    assert s is not None
    tot = vs.totals(s, len(data.actions))
    problem = " · ".join(w.msg(m) for m in vs.problem(s))
    chosen = w.m(f"rp_scenario_{data.scenario_choice.replace('-', '_')}", name=str(s["name"]))
    out: list[Block] = [
        para(chosen + " " + w.m("rp_scenario_problem", problem=problem)),
        para(
            w.m(
                "rp_scenario_totals",
                actions=w.v(tot["actions"]),
                cost=w.v(tot["cost_vnd"]),
                people=w.v(tot["people_new"]),
                villages=w.v(tot["villages_new"]),
                spots=w.v(tot["dead_spots_closed"]),
            )
        ),
    ]
    rows = tuple(
        (Cell(w.t(label)), Cell(w.v(before), bold=False), Cell(w.v(after), bold=True))
        for label, before, after in vs.before_after(s)
    )
    cols = (
        Column(w.t("rp_col_indicator"), 2.2),
        Column(w.t("before"), 1.6, "right"),
        Column(w.t("after"), 1.6, "right"),
    )
    out.append(Table("before-after", cols, rows, w.t("rp_table_before_after"), small=True))
    note, run = vs.solver_note(s), vs.run_message(s)
    out.append(para(" ".join(w.msg(m) for m in (note, run, vs.demand(s)) if m is not None)))
    return out


def _by_commune(w: Writer, data: ReportData) -> list[Block]:
    areas = proposals.by_commune(data.actions)
    cols = (
        Column(w.t("commune"), 2.4),
        Column(w.t("rp_col_sharing_n"), 0.9, "right"),
        Column(w.t("rp_col_sharing_cost"), 1.5, "right"),
        Column(w.t("rp_col_new_n"), 0.9, "right"),
        Column(w.t("rp_col_new_cost"), 1.5, "right"),
        Column(w.t("people_new"), 1.3, "right"),
        Column(w.t("villages_new"), 1.0, "right"),
    )
    rows = tuple(
        (
            Cell(w.v(a.commune)),
            Cell(w.v(a.actions["sharing"])),
            Cell(w.v(a.cost["sharing"])),
            Cell(w.v(a.actions["new_site"])),
            Cell(w.v(a.cost["new_site"])),
            Cell(w.v(a.people_new)),
            Cell(w.v(a.villages_new)),
        )
        for a in areas
    )
    inv = proposals.investment(data.actions)
    sharing, new_site = inv["sharing"], inv["new_site"]
    text = w.m(
        "rp_investment",
        sharing_n=w.v(sharing[0]),
        sharing_cost=w.v(sharing[1]),
        new_n=w.v(new_site[0]),
        new_cost=w.v(new_site[1]),
        communes=w.v(Value(len(areas), "count")),
    )
    return [
        Heading("2.", w.t("rp_h_by_commune"), 2),
        para(text),
        Table(
            "actions-by-commune",
            cols,
            rows,
            w.t("rp_table_by_commune"),
            (w.t("rp_note_by_commune"),),
            small=True,
        ),
    ]


def section(w: Writer, data: ReportData) -> list[Block]:
    out: list[Block] = [
        Heading("III.", w.t("rp_h_proposals"), 1),
        Heading("1.", w.t("rp_h_scenario"), 2),
    ]
    if data.scenario is None:
        return [*out, para(w.t("rp_no_scenario"))]
    out += _summary(w, data)
    out += _by_commune(w, data)
    out += [Heading("3.", w.t("rp_h_recommendations"), 2), para(w.t("rp_recommendations_blank"))]
    return out
