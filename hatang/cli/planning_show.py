"""How the planner commands draw a scenario in the terminal: its summary lines (from
`hatang.views.scenarios`), the ranked actions, the list and the comparison."""

from __future__ import annotations

import sys
from typing import Any

import pandas as pd
from rich.markup import escape

from hatang import i18n
from hatang.cli import output, tables
from hatang.cli.output import console, number_style
from hatang.views import format as fmt_
from hatang.views import scenarios as views
from hatang.views import tabular

#: the ranked actions in the terminal: what, where, what it costs and adds by default;
#: the site, structure, coordinates, height and villages with --wide
ACTION_COLUMNS = (
    tables.col("rank", "rank", right=True),
    tables.col("kind", "what"),
    tables.col("commune", "commune"),
    tables.col("operator", "operator", wide=True),
    tables.col("host", "host", wide=True),
    tables.col("lon", "ds_lon", wide=True, right=True),
    tables.col("lat", "ds_lat", wide=True, right=True),
    tables.col("height_m", "height", wide=True, right=True),
    tables.col("cost_vnd", "cost_vnd", right=True),
    tables.col("people_new", "people_new", right=True),
    tables.col("weighted_new", "col_weighted", right=True),
    tables.col("villages_new", "villages_new", wide=True, right=True),
    tables.col("dead_spots_closed", "dead_spots_closed", right=True),
    tables.col("facilities", "col_facilities", wide=True),
)
#: the stored scenarios: the question and its answer by default
LIST_COLUMNS = (
    tables.col("name", "name"),
    tables.col("created_at", "created", wide=True),
    tables.col("problem", "problem"),
    tables.col("operator", "operator", wide=True),
    tables.col("weighting", "weighting", wide=True),
    tables.col("status", "solver_status", wide=True),
    tables.col("cost_vnd", "cost_vnd", right=True),
    tables.col("people_new", "people_new", right=True),
    tables.col("gap", "gap", wide=True, right=True),
    tables.col("villages_covered_after", "cmp_villages_covered_after", wide=True, right=True),
    tables.col("sharing_after", "sharing_after", right=True),
)


def _commune(a: dict[str, Any]) -> str:
    name, code = a.get("commune_name"), a.get("commune_code")
    return f"{name} ({code})" if name else (code or "")


def _kind(kind: str) -> str:
    """What an action does, in the CLI's language ('colocation' → 'Dùng chung trạm sẵn
    có'); a kind the catalogue does not name as it is."""
    return i18n.label("kind_", kind, output.lang(), underscored=True)


def _facilities(a: dict[str, Any]) -> str:
    """The facilities an action newly covers: '2 trường học, 1 trạm y tế' in the CLI's
    language (catalogue `facility_<kind>`)."""
    from hatang.planning.facilities import COUNT_COLUMNS

    parts = []
    for kind, col in COUNT_COLUMNS.items():
        v = a.get(col)
        if v is not None and not (isinstance(v, float) and v != v) and int(v):
            word = i18n.t("facility_" + kind.replace("-", "_"), output.lang())
            parts.append(i18n.message("facility_count", output.lang(), n=int(v), facility=word))
    return ", ".join(parts)


def _action_row(a: dict[str, Any]) -> dict[str, str]:
    """One action as the terminal writes it, its kind and facilities in words."""
    t = number_style()
    return {
        "rank": str(a.get("rank", "")),
        "kind": _kind(str(a.get("kind", ""))),
        "commune": _commune(a),
        "operator": str(a.get("operator") or ""),
        "host": str(a.get("host_site_id") or a.get("structure_id") or ""),
        "lon": fmt_.coordinate(a.get("lon"), style=t),
        "lat": fmt_.coordinate(a.get("lat"), style=t),
        "height_m": fmt_.number(a.get("height_m"), 0, t),
        "cost_vnd": fmt_.whole(a.get("cost_vnd"), t),
        "people_new": fmt_.whole(a.get("people_new"), t),
        "weighted_new": fmt_.whole(a.get("weighted_new"), t),
        "villages_new": fmt_.whole(a.get("villages_new"), t),
        "dead_spots_closed": fmt_.whole(a.get("dead_spots_closed"), t),
        "facilities": _facilities(a),
    }


def actions_table(actions: pd.DataFrame, s: dict[str, Any]) -> tables.Table:
    """The ranked actions; the weighted people only for a weighted scenario, the
    facilities only where the workspace has them."""
    from hatang.publish.render import records

    drop = set()
    if not (views.weighted(s) and "weighted_new" in actions):
        drop.add("weighted_new")
    if not views.has_facilities(s):
        drop.add("facilities")
    return tables.Table(
        [c for c in ACTION_COLUMNS if c.field not in drop],
        [_action_row(a) for a in records(actions)],
        title=f"Actions of scenario {s['name']} / hành động của kịch bản",
        synthetic=bool(s["synthetic"]),
    )


def print_actions(actions: pd.DataFrame, fmt: str, s: dict[str, Any], wide: bool = False) -> None:
    """The ranked actions: a table for reading, else the files `planning.export` writes
    (the same the dashboard's downloads give)."""
    from hatang.planning import export
    from hatang.publish.geojson import dumps

    if fmt == "table":
        tables.print_table(actions_table(actions, s), wide=wide)
    elif fmt == "csv":
        sys.stdout.write(export.actions_csv(actions, s).decode("utf-8"))
    elif fmt == "json":
        sys.stdout.write(export.actions_json(actions, s).decode("utf-8") + "\n")
    else:
        doc = export.actions_geojson(actions, s, bool(s["synthetic"]))
        sys.stdout.write(dumps(doc).decode("utf-8") + "\n")


def _list_row(s: dict[str, Any]) -> dict[str, str]:
    t = number_style()
    return {
        "name": str(s["name"]),
        "created_at": str(s.get("created_at") or "")[:16],
        "problem": " · ".join(fmt_.message(m, "en", t) for m in views.problem(s)),
        "operator": str(s.get("operator") or ""),
        "weighting": str(s.get("weighting") or ""),
        "status": str(s.get("status") or ""),
        "cost_vnd": fmt_.whole(s.get("cost_vnd"), t),
        "people_new": fmt_.whole(s.get("people_new"), t),
        "gap": fmt_.percent(s.get("gap"), 2, t),
        "villages_covered_after": fmt_.whole(s.get("villages_covered_after"), t),
        "sharing_after": fmt_.percent(s.get("sharing_after"), style=t),
    }


def print_list(scenarios: pd.DataFrame, fmt: str, synthetic: bool, wide: bool = False) -> None:
    """The stored scenarios: a table, or every stored column as csv / json."""
    from hatang.publish.render import records

    if fmt != "table":
        return output.write(tabular.data_text(scenarios, fmt))
    if len(scenarios):
        synthetic = bool(scenarios["synthetic"].any())
    rows = [_list_row(s) for s in records(scenarios)]
    table = tables.Table(LIST_COLUMNS, rows, title="Scenarios / kịch bản", synthetic=synthetic)
    tables.print_table(table, wide=wide)


def compare_table(rows: list[views.CompareRow], names: list[str]) -> tables.Table:
    """The comparison as the terminal prints it: a label per field, codes as they are,
    shares as %, VND and people whole, empty where a scenario has no value."""
    from hatang import i18n

    def cell(v: Any) -> str:
        if v.kind == "text" or fmt_.missing(v.value):
            return fmt_.text(v, "en", number_style()) if not fmt_.missing(v.value) else ""
        return fmt_.raw(v, number_style())

    columns = [tables.col("field", "field")]
    columns += [tables.Column(n, n, right=True) for n in names]
    body = [
        dict(field=i18n.both(r.label), **{n: cell(v) for n, v in zip(names, r.values, strict=True)})
        for r in rows
    ]
    return tables.Table(columns, body)


def print_comparison(
    rows: list[views.CompareRow], names: list[str], fmt: str, synthetic: bool
) -> None:
    if fmt != "table":
        return output.write(tabular.data_text(views.comparison_frame(rows, names), fmt))
    table = compare_table(rows, names)
    table.title, table.synthetic = " vs ".join(names), synthetic
    tables.print_table(table)


# ---- the summary ---------------------------------------------------------------------


def _run_line(s: dict[str, Any]) -> str | None:
    """Which coverage run the scenario was planned against (period, grid, when computed)."""
    run = views.coverage_run(s)
    if run is None:
        return None
    res = "nan" if run.resolution_m is None else f"{run.resolution_m:g}"
    where = f"{run.period}, {res} m"
    if not run.recorded:
        return (
            f"  coverage run / lượt tính phủ sóng: not recorded / không ghi nhận ({where}; "
            "no all-operator 4G run was stored, or the scenario is older than this record)"
        )
    when = f", computed / tính lúc {run.created_at}" if run.created_at else ""
    return f"  coverage run / lượt tính phủ sóng: {run.run_id} ({where}{when})"


def _weighting_line(s: dict[str, Any]) -> str | None:
    """The demand weighting the scenario was planned with."""
    w = views.weighting(s)
    if w is None:
        return None
    if w.value is None:
        return "  demand weighting / trọng số nhu cầu: not recorded / không ghi nhận (plain people)"
    if not w.weighted:
        return (
            "  demand weighting / trọng số nhu cầu: none — plain people / không (mỗi người tính 1)"
        )
    return (
        f"  demand weighting / trọng số nhu cầu: {w.value} — the people of a village with such a "
        "facility count that many times, the largest factor when several apply / dân của thôn "
        "có cơ sở này được tính nhân hệ số (lấy hệ số lớn nhất)"
    )


def _n(v: Any) -> str:
    """A whole number in the CLI's number style."""
    return fmt_.whole(v, number_style())


def _pct(share: Any, digits: int) -> str:
    return fmt_.percent(share, digits, number_style())


def _facility_line(s: dict[str, Any]) -> str | None:
    """Facilities on the grid, without 4G before, and newly covered by kind."""
    from hatang.planning.facilities import describe

    if not views.has_facilities(s):
        return None
    kinds = describe(s) if output.lang() == "en" else _facilities(s)
    said = _said(
        "plan_sum_facilities",
        all=_n(s["facilities"]),
        uncovered=_n(s["facilities_uncovered"]),
        new=_n(s["facilities_new"] or 0),
    )
    return f"  facilities / cơ sở công cộng: {said}" + (f" ({kinds})" if kinds else "")


def _said(key: str, **params: object) -> str:
    """A catalogue sentence of the scenario's summary in the CLI's language."""
    return i18n.message(key, output.lang(), **params)


def _problem_words(s: dict[str, Any]) -> tuple[str, str]:
    """The problem and the solver's status: the codes in English ('max-cover',
    'optimal'), words in Vietnamese where the catalogue has them."""
    problem, status = str(s["problem"]), str(s["status"])
    if output.lang() == "en":
        return problem, status
    return (
        i18n.label("problem_", problem, "vi", underscored=True),
        i18n.label("solver_", status, "vi", underscored=True),
    )


def print_summary(s: dict[str, Any]) -> None:
    out = console()
    syn = " (dữ liệu mô phỏng / synthetic)" if s.get("synthetic") else ""
    problem, status = _problem_words(s)
    head = _said(
        "plan_sum_head",
        name=s["name"],
        synthetic=syn,
        problem=problem,
        status=status,
        method=s["method"],
        gap=_pct(s["gap"], 4),
        seconds=fmt_.seconds(s["solve_seconds"], number_style()),
    )
    out.print(f"[bold]{escape(head.split(':', 1)[0])}[/]:{escape(head.split(':', 1)[1])}")
    for line in (_run_line(s), _weighting_line(s)):
        if line:
            out.print(line, markup=False)
    weighted = views.weighted(s)
    people = _said("plan_sum_people")
    unit = "weighted people / người quy đổi" if weighted else people
    bound = views.bound(s)
    bound_text = fmt_.raw(bound, number_style()) + (" VND" if bound.unit == "VND" else f" {unit}")
    objective = (
        f" · weighted people newly covered (the objective) / người quy đổi "
        f"{_n(s['objective_weighted'])}"
        if weighted
        else ""
    )
    cost = _said(
        "plan_sum_cost",
        cost=_n(s["cost_vnd"]),
        people=_n(s["people_new"]),
        objective=objective,
        bound=bound_text,
    )
    out.print(cost, markup=False)
    demand_w = f" ({_n(s['demand_weighted'])} weighted / quy đổi)" if weighted else ""
    demand = _said(
        "plan_sum_demand",
        people=_n(s["demand_people"]),
        weighted=demand_w,
        spots=_n(s["dead_spots"]),
        uncoverable=_n(s["uncoverable_people"]),
        closed=_n(s["dead_spots_closed"]),
    )
    out.print(demand, markup=False)
    line = _facility_line(s)
    if line:
        out.print(line, markup=False)
    for m in views.cost_reasons(s):
        en, vi = fmt_.message(m, "en", number_style()), fmt_.message(m, "vi", number_style())
        out.print(f"  [bold]{escape(en)}[/] / {escape(vi)}")
    pop = s["population"] or 1
    v = s["villages"] or 1
    covered = _said(
        "plan_sum_covered",
        before=_pct(s["population_covered_before"] / pop, 2),
        after=_pct(s["population_covered_after"] / pop, 2),
        villages_before=_n(s["villages_covered_before"]),
        villages=_n(s["villages"]),
        share_before=_pct(s["villages_covered_before"] / v, 1),
        villages_after=_n(s["villages_covered_after"]),
        share_after=_pct(s["villages_covered_after"] / v, 1),
        sharing_before=_pct(s["sharing_before"], 1),
        sharing_after=_pct(s["sharing_after"], 1),
    )
    out.print(covered, markup=False)


def print_plan_notes(result: Any) -> None:
    """What the planner noted, and the dead spots no candidate can cover."""
    if result.plan.notes or result.notes:
        console().print("  " + "; ".join([*result.plan.notes, *result.notes]))
    unc = result.uncoverable
    if len(unc):
        console().print(
            f"  [bold]Not coverable by any candidate / không ứng viên nào phủ được:[/] "
            f"{_n(unc['people'].sum())} people in {_n(len(unc))} dead spots, largest at "
            + "; ".join(
                f"{_deg(r.lon)} {_deg(r.lat)} ({_n(r.people)})" for r in unc.head(5).itertuples()
            )
        )


def _deg(v: float) -> str:
    """A longitude or latitude to 4 decimals (about 10 m) in the CLI's number style."""
    return fmt_.coordinate(v, 4, number_style())


def print_run_state(s: dict[str, Any], state: str | None) -> None:
    """Warn when the coverage run planned against was recomputed or removed since."""
    if state == "recomputed":
        console().print(
            f"  [yellow]coverage run {s['coverage_run']} was recomputed after this plan "
            "(its offsets may differ now); plan again to use it / lượt tính đã được tính lại "
            "sau kịch bản này[/]"
        )
    elif state == "missing":
        console().print(
            f"  [yellow]coverage run {s['coverage_run']} is no longer stored / lượt tính "
            "không còn được lưu[/]"
        )


NATIONAL_COLUMNS = (
    tables.col("province", "country_province"),
    tables.col("name", "name"),
    tables.col("status", "solver_status"),
    tables.col("budget_vnd", "budget_vnd", right=True),
    tables.col("cost_vnd", "cost_vnd", right=True),
    tables.col("people_new", "people_new", right=True),
    tables.col("dead_spots_closed", "dead_spots_closed", right=True),
    tables.Column("actions", "actions\nđề xuất", right=True),
)


def print_national(plan: Any, fmt: str, wide: bool = False) -> None:
    """A national plan (`planning.country`): one row per province's scenario and the
    country's sums; csv / json give every summed figure."""
    from hatang.planning.country import SUMMED

    rows = [
        {"province": s["province"], "name": s["name"], "status": s["status"],
         "budget_vnd": s.get("budget_vnd"), **{k: s.get(k) for k in SUMMED}, "actions": len(a)}
        for s, a in zip(plan.scenarios, plan.actions, strict=True)
    ]  # fmt: skip
    total = {"province": "VN", "name": "", "status": "", **plan.totals}
    if fmt == "json":
        import json

        body = {"runner": plan.runner, "split": plan.split, "provinces": rows,
                "not_planned": list(plan.unplanned), "totals": plan.totals}  # fmt: skip
        return output.write(json.dumps(body, ensure_ascii=False, default=str, indent=2) + "\n")
    if fmt != "table":
        return output.write(tabular.data_text(pd.DataFrame([*rows, total]), fmt))
    t = number_style()

    def shown(r: dict[str, Any]) -> dict[str, str]:
        whole = ("budget_vnd", "cost_vnd", "people_new", "dead_spots_closed", "actions")
        return {**{k: str(r[k]) for k in ("province", "name", "status")},
                **{k: fmt_.whole(r.get(k), t) for k in whole}}  # fmt: skip

    synthetic = any(bool(s.get("synthetic")) for s in plan.scenarios)
    title = f"National plan: the provinces summed / kế hoạch cả nước ({plan.runner})"
    table = tables.Table(NATIONAL_COLUMNS, [*map(shown, rows), shown(total)], title=title,
                         synthetic=synthetic)  # fmt: skip
    tables.print_table(table, wide=wide)
    if plan.unplanned:
        codes = ", ".join(plan.unplanned)
        why = {
            "need": "no share of the budget / không được phân bổ ngân sách",
            "plan": "no budget of their own / không có ngân sách riêng",
        }.get(plan.split, "")
        output.say(f"Not planned / không lập: {codes} ({why})")
