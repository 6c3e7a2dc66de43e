"""The appendix of the report: every target per commune on the report's map, the data
sources (files with their periods, import dates and hashes, the coverage run and the
scenario), and the definitions of the targets."""

from __future__ import annotations

from hatang.report.data import ReportData
from hatang.report.document import Block, Cell, Column, Heading, PageBreak, Table, para
from hatang.report.results import reading_notes
from hatang.report.write import Writer
from hatang.views import explanation, reading
from hatang.views.scorecard import Target

#: targets per commune table (two tables of seven fit the page's width)
PER_TABLE = 7


def _cell(w: Writer, t: Target | None) -> Cell:
    if t is None:
        return Cell(w.style.missing)
    shade = t.status_class if t.status_class in ("met", "atrisk", "offtrack") else None
    return Cell(w.measure(t.value) + reading.symbols(t), shade=shade)


def commune_notes(
    w: Writer, communes: list[Target], base: dict[str, object] | None
) -> tuple[str, ...]:
    """The table's note, its marks and base, and the targets whose communes' values were
    obtained in different ways (docs/indicators.md, "How to read a figure")."""
    notes = [w.t("rp_note_communes"), *reading_notes(w, communes, base)]
    mixed = reading.mixed(communes)
    if mixed:
        notes.append(w.m("methods_mixed", targets=", ".join(str(n) for n in mixed)) + ".")
    return tuple(notes)


def commune_tables(w: Writer, data: ReportData, first_no: int) -> list[Table]:
    by = {(t.unit_code, t.no): t for t in data.communes}
    codes = list(dict.fromkeys(t.unit_code for t in data.communes))
    names = {t.unit_code: t.unit_name for t in data.communes}
    targets = [t for t in data.targets]
    out: list[Table] = []
    for i in range(0, len(targets), PER_TABLE):
        chunk = targets[i : i + PER_TABLE]
        nos = {t.no for t in chunk}
        these = [t for t in data.communes if t.no in nos]
        cols = (Column(w.t("commune"), 2.6),) + tuple(
            Column(f"{t.no}. {w.goal(t.comparator, t.target)}", 1.0, "right") for t in chunk
        )
        rows = tuple(
            (Cell(names[c]),) + tuple(_cell(w, by.get((c, t.no))) for t in chunk) for c in codes
        )
        n = first_no + len(out)
        caption = w.m("rp_table_communes", n=str(n), first=str(chunk[0].no), last=str(chunk[-1].no))
        out.append(
            Table(
                f"communes-{len(out) + 1}",
                cols,
                rows,
                caption,
                commune_notes(w, these, data.population_base),
                small=True,
            )
        )
    return out


def _hash(sha: object) -> str:
    s = str(sha or "")
    return " ".join(s[i : i + 16] for i in range(0, len(s), 16))


def sources_table(w: Writer, data: ReportData, n: int) -> Table:
    s = data.sources
    cols = (
        Column(w.t("rp_col_file"), 2.2),
        Column(w.t("rp_col_kind"), 1.2),
        Column(w.t("period"), 0.8),
        Column(w.t("rp_col_imported"), 1.0),
        Column(w.t("rp_col_targets"), 0.9),
        Column(w.t("rp_col_sha"), 2.4),
    )
    rows = []
    for _, g in s.groupby("import_id", sort=True) if len(s) else []:
        r = g.iloc[0]
        targets = ", ".join(str(x) for x in sorted(set(g["target_no"])))
        period = w.period(r["period"]) if isinstance(r["period"], str) else w.style.missing
        rows.append(
            (
                Cell(str(r["file_name"])),
                Cell(str(r["kind"])),
                Cell(period),
                Cell(w.date(r["imported_at"])),
                Cell(targets),
                Cell(_hash(r["sha256"])),
            )
        )
    code = data.targets[0].unit_code if data.targets else ""
    note = w.m("rp_note_sources", unit=code, period=data.period)
    return Table(
        "sources", cols, tuple(rows), w.m("rp_table_sources", n=str(n)), (note,), small=True
    )


def _provenance(w: Writer, data: ReportData) -> list[Block]:
    out: list[Block] = []
    if data.coverage_run is not None:
        r = data.coverage_run
        out.append(
            para(w.m("rp_sources_run", run=str(r["run_id"]), at=str(r.get("created_at"))[:19]))
        )
    if data.scenario is not None:
        s = data.scenario
        out.append(
            para(w.m("rp_sources_scenario", name=str(s["name"]), at=str(s.get("created_at"))[:19]))
        )
    return out


def definitions(w: Writer, data: ReportData) -> list[Block]:
    out: list[Block] = []
    for t in data.targets:
        ind = data.catalogue.get(t.indicator)
        if ind is None:
            continue
        # the catalogue's texts in the report's language (hatang.po, indicator-text)
        sources = "; ".join(explanation.text(s, w.lang) for s in ind.sources)
        out.append(
            para(
                f"{t.no}. {t.name(w.lang)}: ",
                explanation.text(ind.definition, w.lang),
                " ",
                w.m("rp_definition_sources", sources=sources),
                kind="note",
            )
        )
    return out


def section(w: Writer, data: ReportData, number: str, abbr: str) -> list[Block]:
    tables = commune_tables(w, data, 1)
    return [
        PageBreak(),
        Heading("", w.t("rp_appendix"), 0),
        para(w.m("rp_appendix_sub", number=number, abbr=abbr), kind="caption"),
        Heading(
            "1.", w.m("rp_h_by_commune_values", map=data.map, period=w.quarter(data.period)), 2
        ),
        *tables,
        Heading("2.", w.t("rp_h_sources"), 2),
        sources_table(w, data, len(tables) + 1),
        *_provenance(w, data),
        Heading("3.", w.t("rp_h_definitions"), 2),
        *definitions(w, data),
    ]
