"""An operator's own file: every row must be its own, and the file is its whole list.

A filing (hatang.submissions) imports a file with `options["operator"]`: a row naming
another operator is a problem of its row (type `operator-scope`), and when the file
is imported the operator's earlier rows of that kind and period that the file no
longer lists are removed — the file replaces the operator's part, not the others'.
"""

from __future__ import annotations

from typing import Any

import pyarrow as pa

from hatang.io.base import Context, Prepared
from hatang.io.reasons import reason
from hatang.io.rowproblems import RowProblems
from hatang.model.operators import OPERATORS, operator_code
from hatang.model.schema import Table
from hatang.store import imports as store

#: table → the column that says whose a row is
SCOPE_COLUMNS = {
    "sites": "owner",
    "cells": "operator",
    "subscriptions": "operator",
    "dead_spots": "operator",
    "speed_tests": "operator",
    "drive_tests": "operator",
}


def code_of(value: Any) -> str | None:
    """The operator code a cell names ('Viettel', 'VNPT-VinaPhone' → viettel, vnpt), or
    None for anything else (a tower company, an empty cell)."""
    if value is None:
        return None
    try:
        return operator_code(str(value))
    except ValueError:
        return None


def scope_of(ctx: Context) -> str | None:
    op = ctx.options.get("operator")
    return str(op) if op else None


def check_scope(
    table: Table, probs: RowProblems, parsed: dict[str, pa.Array], ctx: Context
) -> None:
    """Rows of another operator than the one filing are problems of their rows."""
    op, column = scope_of(ctx), SCOPE_COLUMNS.get(table.name)
    if op is None or column is None:
        return
    failed = probs.failed(column)
    values = parsed[column].to_pylist()
    name = OPERATORS.get(op, (op,))[0]
    rows = [i for i, v in enumerate(values) if not failed[i] and code_of(v) != op]
    probs.add(
        rows,
        column,
        [values[i] for i in rows],
        reason("other_operator", name=name),
        "operator-scope",
    )


def replace_scope(table: Table, prepared: Prepared, ctx: Context) -> None:
    """Before the rows are stored: the operator's rows of the period that this import
    does not bring again are removed (run inside the import's transaction)."""
    op, column = scope_of(ctx), SCOPE_COLUMNS.get(table.name)
    if op is None or column is None or ctx.period is None or not table.temporal:
        return

    def clear(con: Any, import_id: int) -> None:
        values = store.distinct_values(con, table.name, column, ctx.period)
        mine = [v for v in values if code_of(v) == op]
        store.delete_rows_of(con, table.name, column, mine, ctx.period, import_id)

    prepared.before_write.append(clear)
