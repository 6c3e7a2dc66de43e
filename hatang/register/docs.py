"""docs/register.md's life cycle and reason codes, generated from the declarations so
they stay true.

`python -m hatang.register.docs` rewrites the parts of docs/register.md between the
GENERATED markers: the state diagram (Mermaid) and the table of steps from
hatang.register.machine, the reason codes from codes.toml, the columns of the bulk
files from hatang.model.schema. tests/register/test_docs.py
fails when they are out of date.
"""

from __future__ import annotations

import sys
from pathlib import Path

from hatang.register import codes, machine

MACHINE_BEGIN = "<!-- BEGIN GENERATED LIFE CYCLE: python -m hatang.register.docs -->"
CODES_BEGIN = "<!-- BEGIN GENERATED REASON CODES: python -m hatang.register.docs -->"
FILES_BEGIN = "<!-- BEGIN GENERATED FILES: python -m hatang.register.docs -->"
END = "<!-- END GENERATED -->"


def diagram() -> str:
    """The state-changing steps as a Mermaid state diagram."""
    lines = ["```mermaid", "stateDiagram-v2", "    [*] --> reported: open"]
    for s in machine.STEPS:
        if not s.sources or not s.target:
            continue
        for src in s.sources:
            if src != s.target:
                lines.append(f"    {src} --> {s.target}: {s.action}")
    lines += ["    closed --> [*]", "```"]
    return "\n".join(lines)


def _list(items: tuple[str, ...]) -> str:
    return ", ".join(f"`{i}`" for i in items) or "—"


def steps_table() -> str:
    lines = [
        "| step | bước | from | to | who may | needs | may also give |",
        "|---|---|---|---|---|---|---|",
    ]
    for s in machine.STEPS:
        src = "(new case)" if not s.sources else _list(s.sources)
        if len(s.sources) == len(machine.STATES):
            src = "any state"
        elif s.sources and len(s.sources) == len(machine.STATES) - 1:
            missing = set(machine.STATES) - set(s.sources)
            src = f"any state but `{missing.pop()}`"
        to = f"`{s.target}`" if s.target else "(stays)"
        who = _list(s.roles) + (" (operators: own cases only)" if s.own_case else "")
        lines.append(
            f"| `{s.action}` | {s.vi} | {src} | {to} | {who} | {_list(s.required)} | {_list(s.optional)} |"
        )
    return "\n".join(lines)


def states_table() -> str:
    lines = ["| state | trạng thái |", "|---|---|"]
    lines += [f"| `{k}` | {vi} |" for k, (vi, _en) in machine.STATES.items()]
    return "\n".join(lines)


def life_cycle() -> str:
    return "\n\n".join([diagram(), states_table(), steps_table()]) + "\n"


def codes_tables() -> str:
    titles = {
        "report": "Report reasons (`reasons`, a challenge file's `reason_code`)",
        "reject": "Rejection reasons (`register reject --reason`)",
        "dispute": "Dispute reasons (`register respond --dispute --reason`, a responses file)",
    }
    parts = []
    for kind in codes.KINDS:
        lines = [
            f"**{titles[kind]}**",
            "",
            "| code | Tiếng Việt | English | evidence |",
            "|---|---|---|---|",
        ]
        lines += [
            f"| `{c.code}` | {c.vi} | {c.en} | {c.evidence} |" for c in codes.codes()[kind].values()
        ]
        parts.append("\n".join(lines))
    actions = [
        "**Fix actions** (`planned_action`, `fix_action`)",
        "",
        "| code | Tiếng Việt | English |",
        "|---|---|---|",
    ]
    actions += [f"| `{k}` | {vi} | {en} |" for k, (vi, en) in machine.FIX_ACTIONS.items()]
    parts.append("\n".join(actions))
    return "\n\n".join(parts) + "\n"


def files_tables() -> str:
    """The columns of the two bulk files, from their declarations in the schema."""
    from hatang.io.docs import column_row
    from hatang.model.schema import IMPORT_KINDS

    parts = []
    for kind in ("challenges", "responses"):
        table = IMPORT_KINDS[kind]
        lines = [
            f"**`hatang import {kind} FILE`** (example: [examples/{kind}.csv](examples/{kind}.csv); "
            f"key: {', '.join(table.key)})",
            "",
            "| column | accepted headers (besides the name) | type | unit | required | allowed / range | meaning |",
            "|---|---|---|---|---|---|---|",
        ]
        lines += [column_row(c) for c in table.columns if c.name != "import_id"]
        parts.append("\n".join(lines))
    return "\n\n".join(parts) + "\n"


def _replace(text: str, begin: str, body: str) -> str:
    head, _, rest = text.partition(begin)
    _, _, tail = rest.partition(END)
    return f"{head}{begin}\n\n{body}\n{END}{tail}"


def rewrite(path: Path) -> bool:
    """Replace the generated parts of `path`; True when it changed."""
    text = path.read_text(encoding="utf-8")
    new = _replace(_replace(text, MACHINE_BEGIN, life_cycle()), CODES_BEGIN, codes_tables())
    new = _replace(new, FILES_BEGIN, files_tables())
    if new != text:
        path.write_text(new, encoding="utf-8")
        return True
    return False


def current(path: Path, begin: str) -> str:
    return path.read_text(encoding="utf-8").partition(begin)[2].partition(END)[0].strip()


if __name__ == "__main__":  # pragma: no cover
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/register.md")
    print(f"{target}: {'updated' if rewrite(target) else 'up to date'}")
