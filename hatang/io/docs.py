"""docs/import-formats.md, generated from the schema so it stays true.

`python -m hatang.io.docs` rewrites the parts of docs/import-formats.md between the
GENERATED markers (the kinds and their columns; the problem types of
hatang.errors.PROBLEM_TYPES; the reasons of hatang.io.reasons with their Vietnamese from
the catalogue); tests/io/test_io_docs.py fails when they are out of date.
"""

from __future__ import annotations

import sys
from pathlib import Path

from hatang.errors import PROBLEM_TYPES
from hatang.io.registry import IMPORTERS
from hatang.model.schema import IMPORT_KINDS, Column

BEGIN = "<!-- BEGIN GENERATED: python -m hatang.io.docs -->"
END = "<!-- END GENERATED -->"
TYPES_BEGIN = "<!-- BEGIN GENERATED PROBLEM TYPES: python -m hatang.io.docs -->"
REASONS_BEGIN = "<!-- BEGIN GENERATED REASONS: python -m hatang.io.docs -->"
#: example files in docs/examples/ whose name is not <kind>.csv
EXAMPLE_FILES = {
    "dead-spots": "dead-spots.geojson",
    "ookla": "2025-07-01_performance_mobile_tiles.csv",
    "dem": "dem.tif",
}


def example_file(kind: str) -> str:
    return EXAMPLE_FILES.get(kind, f"{kind}.csv")


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def column_row(col: Column) -> str:
    aliases = ", ".join(col.aliases) or "—"
    allowed = ", ".join(col.allowed)
    if col.min is not None or col.max is not None:
        rng = f"{'' if col.min is None else f'{col.min:g}'} … {'' if col.max is None else f'{col.max:g}'}"
        allowed = f"{allowed}; {rng}" if allowed else rng
    ref = f" Must exist in `{col.references[0]}.{col.references[1]}`." if col.references else ""
    return (
        f"| `{col.name}` | {_cell(aliases)} | {col.type} | {col.unit or ''} | "
        f"{'yes' if col.required else ''} | {_cell(allowed)} | {_cell(col.description)}{ref} |"
    )


def kind_section(kind: str) -> str:
    imp = IMPORTERS[kind]
    lines = [f"### `{kind}`", "", imp.description, ""]
    formats = ", ".join(imp.formats)
    lines.append(
        f"Formats: {formats}. Writes: {', '.join(f'`{t}`' for t in imp.tables) or '`terrain/dem.tif`'}. "
        f"Example: [examples/{example_file(kind)}](examples/{example_file(kind)})."
    )
    table = IMPORT_KINDS.get(kind)
    if table is None:
        from hatang.io.ookla import OOKLA

        if kind == "ookla":
            table = OOKLA
    if table is not None:
        key = ", ".join(table.key)
        period = {
            "column": "a `period` column or `--period`",
            "none": "none (leave out `--period`)",
        }.get(imp.period, imp.period)
        if "time" in table.column_names:
            period += ", else the quarter of each row's `time`"
        lines += [
            "",
            f"Key (unique per file; an import replaces stored rows with the same key): {key}. Period: {period}.",
            "",
        ]
        lines += [
            "| column | accepted headers (besides the name) | type | unit | required | allowed / range | meaning |",
            "|---|---|---|---|---|---|---|",
        ]
        lines += [column_row(c) for c in table.columns if c.name != "import_id"]
    else:
        lines += ["", "Columns and rules: see the section on this format above."]
    return "\n".join(lines)


def generated() -> str:
    return "\n\n".join(kind_section(k) for k in IMPORTERS) + "\n"


def problem_types() -> str:
    """The closed list of problem types, as a Markdown table."""
    lines = ["| type | meaning | ý nghĩa |", "|---|---|---|"]
    lines += [f"| `{t.name}` | {t.en} | {t.vi} |" for t in PROBLEM_TYPES.values()]
    return "\n".join(lines) + "\n"


def reasons() -> str:
    """Every reason an importer gives, in English and in Vietnamese, as a Markdown table."""
    from hatang import i18n
    from hatang.io.reasons import ENGLISH, KEY, template

    lines = ["| code | English | tiếng Việt |", "|---|---|---|"]
    lines += [
        f"| `{code}` | {_cell(template(code))} | {_cell(i18n.t(KEY + code, 'vi'))} |"
        for code in ENGLISH
    ]
    return "\n".join(lines) + "\n"


def _replace(text: str, begin: str, body: str) -> str:
    head, _, rest = text.partition(begin)
    _, _, tail = rest.partition(END)
    return f"{head}{begin}\n\n{body}\n{END}{tail}"


def rewrite(path: Path) -> bool:
    """Replace the generated parts of `path`; True when it changed."""
    text = path.read_text(encoding="utf-8")
    new = _replace(_replace(text, BEGIN, generated()), TYPES_BEGIN, problem_types())
    new = _replace(new, REASONS_BEGIN, reasons())
    if new != text:
        path.write_text(new, encoding="utf-8")
        return True
    return False


def current(path: Path, begin: str = BEGIN) -> str:
    text = path.read_text(encoding="utf-8")
    return text.partition(begin)[2].partition(END)[0].strip()


if __name__ == "__main__":  # pragma: no cover
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/import-formats.md")
    print(f"{target}: {'updated' if rewrite(target) else 'up to date'}")
