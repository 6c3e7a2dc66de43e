"""How the indicator commands draw the catalogue, plans, explanations and the scorecard."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from rich.markup import escape

from hatang.cli import tables
from hatang.cli.output import SYNTHETIC, console, lang, number_style

STATUS_STYLE = {
    "met": "bold green",
    "met within margin": "green",
    "on track": "green",
    "at risk": "yellow",
    "off track": "bold red",
    "missed": "bold red",
    "no current data": "yellow",
    "partial data": "yellow",
    "too few responses": "yellow",
    "too few tests": "yellow",
    "no data": "dim",
}


def _fmt(v: Any, unit: str = "") -> str:
    from hatang.views.scorecard import measure

    return _v(measure(v, unit))


def synthetic_note(ws: Any) -> None:
    if ws.synthetic:
        console().print(f"[bold magenta]{SYNTHETIC}[/bold magenta]")


def _unit_word(u: str) -> str:
    """An indicator's unit of measure in the CLI's language ('per 100' → 'trên 100 dân');
    English keeps the catalogue's short form ('per 100')."""
    from hatang.views import format as fmt_

    return u if lang() == "en" else fmt_.unit(u, lang())


def _map_word() -> str:
    return "map" if lang() == "en" else "bản đồ"


def _aggregation(code: str) -> str:
    """How an indicator rolls up, in words in both languages, Vietnamese first like the
    name ('tổng tử số chia tổng mẫu số' over 'ratio of sums'); the code when the
    catalogue does not name it."""
    from hatang import i18n

    vi, en = (i18n.label("val_aggregation_", code, lg) for lg in ("vi", "en"))
    return vi if vi == en else f"{vi}\n{en}"


def print_catalogue(cat: dict[str, Any], wide: bool = False) -> None:
    columns = (
        tables.Column("id", "id"),
        tables.Column("name", "name\ntên"),
        tables.Column("unit", "unit\nđơn vị"),
        tables.Column("aggregation", "aggregation\ncách cộng", wide=True),
    )
    rows = [
        {
            "id": i.id,
            "name": f"{i.name_vi}\n{i.name_en}",
            "unit": _unit_word(i.unit),
            "aggregation": _aggregation(i.aggregation),
        }
        for i in cat.values()
    ]
    tables.print_table(tables.Table(columns, rows), wide=wide)


#: the plans: id, number, scope and targets; the date and title with --wide
PLAN_COLUMNS = (
    tables.Column("id", "id"),
    tables.Column("number", "number\nsố"),
    tables.Column("date", "date\nngày", wide=True),
    tables.Column("scope", "scope\nphạm vi"),
    tables.Column("targets", "targets\nchỉ tiêu", right=True),
    tables.Column("title", "title\ntên", wide=True),
)


def print_plans(plans: dict[str, Any]) -> None:
    rows = [
        {
            "id": p.id,
            "number": p.number,
            "date": str(p.date or ""),
            "scope": f"{p.scope_code} ({_map_word()} {p.scope_map})",
            "targets": str(len(p.targets)),
            "title": p.title,
        }
        for p in plans.values()
    ]
    tables.print_table(tables.Table(PLAN_COLUMNS, rows))


def print_plan(plan: Any) -> None:
    from hatang.indicators.catalogue import read_catalogue
    from hatang.views import format as fmt_

    cat = read_catalogue()
    console().print(
        f"[bold]{plan.number}[/bold] — {plan.title}\n{plan.issuing_body}, {plan.date}; "
        f"phạm vi / scope: {plan.scope_code} ({_map_word()} {plan.scope_map})"
    )
    columns = (
        tables.Column("no", "#", right=True),
        tables.Column("pillar", "pillar\ntrụ cột", wide=True),
        tables.Column("indicator", "indicator\nchỉ tiêu"),
        tables.Column("target", "target\nmục tiêu", nowrap=True),
        tables.Column("deadline", "deadline\nhạn"),
    )
    rows = [
        {
            "no": str(tg.no),
            "pillar": tg.pillar,
            "indicator": f"{cat[tg.indicator].name_vi}\n{cat[tg.indicator].name_en}",
            "target": f"{tg.comparator} {fmt_.figure(tg.value, number_style())} {_unit_word(cat[tg.indicator].unit)}",
            "deadline": tg.deadline,
        }
        for tg in plan.targets
    ]
    tables.print_table(tables.Table(columns, rows))


def print_explanation(e: dict[str, Any], base: dict[str, Any] | None = None) -> None:
    """`explain`'s lines: labels in both languages, the texts and figures in the CLI's
    language (HATANG_LANG=vi: the catalogue's Vietnamese, hatang.views.explanation;
    English as the engine writes it). base: the stored population base, for its
    Vietnamese words."""
    from hatang import i18n
    from hatang.views import explanation
    from hatang.views import format as fmt_

    lang_ = lang()
    en = lang_ == "en"
    out = console()
    u = e["unit_of_measure"]
    unit_word = u if en else "" if u == "count" else fmt_.unit(u, lang_)
    level = e["level"]
    if not en and level:
        level = i18n.label("val_level_", level, lang_)
    out.print(f"[bold]{e['name_vi']}[/bold] / {e['name_en']} ({e['indicator']})")
    where = f"{e['unit_code']}, {level}, {'map' if en else 'bản đồ'} {e['map']}"
    out.print(f"{e['unit_name']} ({where}), {e['period']}")
    if e["synthetic"]:
        out.print("[bold magenta]dữ liệu mô phỏng / synthetic data[/bold magenta]")
    definition = explanation.text(e["definition"], lang_)
    out.print(f"\n[bold]Định nghĩa / definition:[/bold] {definition}")
    for label, part in (
        ("Tử số / numerator", "numerator"),
        ("Mẫu số / denominator", "denominator"),
    ):
        said = explanation.text(e[part]["definition"], lang_)
        out.print(f"[bold]{label}:[/bold] {said} = {_fmt(e[part]['value'])}")
    if e.get("population_base"):
        out.print("[bold]Cơ sở dân số / population base:[/bold] ", end="")
        out.print(_base(e["population_base"], base, lang_), markup=False, highlight=False)
    unreliable = "(unreliable)" if en else "(không tin cậy)"
    out.print(
        f"[bold]Giá trị / value:[/bold] {_fmt(e['value'], u)}{f' {unit_word}' if unit_word else ''}   "
        f"{'method' if en else 'phương pháp'}: {explanation.method(e['method'], lang_)}"
        f"{'' if e['reliable'] in (None, True) else f'  [yellow]{unreliable}[/yellow]'}"
    )
    aggregation = i18n.label("val_aggregation_", e["aggregation"], lang_)
    out.print(f"[bold]Cách cộng / aggregation:[/bold] {escape(aggregation)}")
    out.print("[bold]Công thức / formula:[/bold] ", end="")
    formula = e["formula"] if en else explanation.formula(e, lang_)
    out.print(formula, markup=False, highlight=False)
    sources = [explanation.text(s, lang_) for s in e["sources"]]
    out.print("[bold]Nguồn / sources:[/bold] " + "; ".join(sources))
    out.print(
        "\n[bold]Dòng dữ liệu / rows by table:[/bold] "
        + ", ".join(f"{k}: {fmt_.whole(v, number_style())}" for k, v in e["rows_by_table"].items())
    )
    for f in e["files"]:
        kind = f["kind"] if en else i18n.label("sub_kind_", f["kind"], lang_)
        out.print(
            f"  #{f['import_id']} {kind} {f['file_name']} ({f['period'] if isinstance(f['period'], str) and f['period'] else '-'}) sha256 {f['sha256']}",
            markup=False,
            highlight=False,
        )


def _base(label: str, base: dict[str, Any] | None, lang_: str) -> str:
    """The population base as the engine names it (English), or in Vietnamese from the
    stored base (hatang.views.reading's words, the scorecard's note)."""
    from hatang.views import format as fmt_
    from hatang.views import reading

    note = reading.base_note(base) if lang_ != "en" and base else None
    if note is None:
        return label
    return fmt_.message(note.params["base"], lang_, number_style())


def print_scorecard(
    sc: Any, fmt: str, plan: str, map_: str, synthetic: bool, wide: bool = False
) -> None:
    """The scorecard as JSON, CSV, Markdown or a table."""
    from hatang.indicators import scorecard_json

    sc = with_marks(sc)
    if fmt == "json":
        print(scorecard_json(sc, plan_id=plan, map_=map_, synthetic=synthetic))
    elif fmt == "csv":
        out = sc.copy()
        for c in ("trend", "breaks", "marks"):  # lists as JSON text in their cell
            out[c] = out[c].map(json.dumps)
        print(out.to_csv(index=False), end="")
    elif fmt == "markdown":
        print(_markdown(sc, synthetic))
    else:
        _table(sc, plan, map_, synthetic, wide)
        _marks_note(sc)
        _base_note(sc)


def with_marks(sc: Any) -> Any:
    """The frame with each row's marks (hatang.views.reading.flags: estimated, fallback,
    modelled, re-expressed, partial, too_few, stale, break), the JSON's `marks`."""
    from hatang.views import reading

    out = sc.copy()
    out["marks"] = reading.flags_column(sc) if len(sc) else []
    return out


def _marks_note(sc: Any) -> None:
    """The legend of the marks after the values in the table, in both languages."""
    from hatang import i18n
    from hatang.views import reading
    from hatang.views import scorecard as views

    legend = reading.flag_legend(views.targets(sc))
    if legend:
        console().print("\nKý hiệu / marks:", markup=False)
    for m in legend:
        console().print(f"  {m.symbol}  {i18n.t(m.label, 'vi')}", markup=False)
        console().print(f"     {i18n.t(m.label, 'en')}", markup=False)


def _base_note(sc: Any) -> None:
    """The people the per-inhabitant figures divide by (docs/indicators.md, the base)."""
    from hatang.indicators.population import PopulationBase

    base = getattr(sc, "attrs", {}).get("population_base")
    if base:
        label = PopulationBase(**base).label()
        console().print(f"\nCơ sở dân số / population base: {label}", markup=False)


def _trend_text(t: Any) -> str:
    from hatang.views.scorecard import iter_trend_values

    vals = list(iter_trend_values(t))
    if not vals:
        return ""
    bars = "▁▂▃▄▅▆▇█"
    lo, hi = min(vals), max(vals)
    return "".join(bars[int((v - lo) / (hi - lo) * 7) if hi > lo else 3] for v in vals)


def _v(value: Any) -> str:
    """A value in the CLI's language and number style ('past the deadline' / 'đã qua hạn')."""
    from hatang.views import format as fmt_

    return fmt_.text(value, lang(), number_style())


def _unit(r: Any) -> str:
    from hatang.views import format as fmt_

    return fmt_.unit(r.value.unit, lang())


def _reason(r: Any) -> str:
    """Why the target has its status, in the CLI's language: the web's sentences
    (hatang.views.reasons), the engine's English in English."""
    from hatang.views import reasons

    return reasons.translate(r.reason or "", lang())


@cache
def score_columns() -> tuple[tables.Column, ...]:
    """A scorecard row: the value against the target, its status and projection; the
    period, trend and the status's reason with --wide (headed from the text catalogue,
    read when a scorecard is drawn, not when the module loads)."""
    return (
        tables.col("no", "col_no", right=True),
        tables.col("indicator", "indicator"),
        tables.col("unit", "col_unit", nowrap=True),
        tables.col("period", "period", wide=True),
        tables.col("value", "value", right=True, nowrap=True),
        tables.col("target", "target", nowrap=True),
        tables.col("status", "status", markup=True),
        tables.col("projection", "col_projection", right=True),
        tables.col("trend", "trend", wide=True),
        tables.col("reason", "col_reason", wide=True),
    )


def _status_text(r: Any, sep: str) -> str:
    from hatang.views import format as fmt_

    st = str(r.status.value)
    words = fmt_.text(r.status, "vi") + sep + fmt_.text(r.status, "en")
    return f"[{STATUS_STYLE.get(st, '')}]{escape(words)}[/]"


def _score_row(r: Any, sep: str = "\n", unit: bool = True) -> dict[str, str]:
    """A target's row; under a target's heading (sep ' / ', no unit) one line."""
    return {
        "no": str(r.no),
        "indicator": f"{r.name_vi}\n{r.name_en}",
        "unit": f"{r.unit_name} ({r.unit_code})",
        "period": r.period or "—",
        "value": f"{_v(r.value)}{_flags(r)}{' ' + _unit(r) if unit else ''}"
        f"{' ⚠' if r.flagged else ''}",
        "target": f"{r.comparator} {_v(r.target)} ({r.deadline})",
        "status": _status_text(r, sep),
        "projection": _v(r.projection),
        "trend": _trend_text(r),
        "reason": _reason(r),
    }


def _flags(r: Any) -> str:
    from hatang.views import reading

    return reading.flag_symbols(r)


def _heading(r: Any) -> str:
    """A target over its communes: '1. name_vi / name_en — >= 85 per 100 (2025)'."""
    return (
        f"{r.no}. {r.name_vi} / {r.name_en} — {r.comparator} {_v(r.target)} "
        f"{_unit(r)} ({r.deadline})"
    )


def _table(sc: Any, plan: str, map_: str, synthetic: bool, wide: bool) -> None:
    """One unit: a row per target. Several (--level commune, --worst N): under each
    target its communes, one line each."""
    from hatang.views import scorecard as views

    title = f"Kế hoạch / plan {plan} — bản đồ / map {map_}"
    if not views.one_unit(sc):
        if synthetic:
            console().print(f"[bold magenta]{title} — {SYNTHETIC}[/]")
        unit_cols = [c for c in score_columns() if c.field not in ("no", "indicator", "target")]
        groups = [
            (_heading(g[0]), tables.Table(unit_cols, [_score_row(r, " / ", False) for r in g]))
            for g in views.by_target(sc)
        ]
        return tables.print_groups(groups, wide=wide)
    if len(sc):
        title += f" — {sc['unit_name'].iloc[0]} ({sc['unit_code'].iloc[0]})"
    columns = [c for c in score_columns() if c.field != "unit"]
    rows = [_score_row(r) for r in views.targets(sc)]
    tables.print_table(tables.Table(columns, rows, title=title, synthetic=synthetic), wide=wide)


#: the Markdown table's columns: the text table's catalogue keys (score_columns)
MARKDOWN_COLUMNS = (
    "col_no", "indicator", "col_unit", "period", "value", "target", "status", "col_projection",
)  # fmt: skip


def _markdown(sc: Any, synthetic: bool) -> str:
    """The scorecard as a Markdown table in the reader's language: the text table's
    words (units of measure, statuses, names, headers) in one language a cell."""
    from hatang import i18n
    from hatang.views import format as fmt_
    from hatang.views import scorecard as views

    lang_ = lang()
    lines = []
    if synthetic:
        lines.append("*dữ liệu mô phỏng / synthetic data*\n")
    lines.append("| " + " | ".join(i18n.t(k, lang_) for k in MARKDOWN_COLUMNS) + " |")
    lines.append("|" + "---|" * len(MARKDOWN_COLUMNS))
    for r in views.targets(sc):
        row = _score_row(r)
        name = r.name_en if lang_ == "en" else r.name_vi
        status = fmt_.text(r.status, lang_)
        lines.append(
            f"| {r.no} | {name} | {row['unit']} | {row['period']} | {row['value']} | "
            f"{row['target']} | {status} | {row['projection']} |"
        )
    return "\n".join(lines)
