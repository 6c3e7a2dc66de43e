"""The dead-spot register's bulk files through the normal import pipeline:
`hatang import challenges FILE` and `hatang import responses FILE`.

The schema importer reads and checks the file as for any kind (columns, types,
Vietnamese headers, positions inside the province, duplicates); then every good row is
checked against the register (hatang.register.bulk: a reason code, the case's state,
its operator) and a row the register cannot take is quarantined like any bad row,
with its row, column, value and reason. Inside the import's transaction the rows kept
become steps of the register (hatang.register.imports), recorded with the import's id:
all or nothing, and the same file twice changes nothing.

Who acts: the `actor` option (the web API passes its token's actor), else the
workspace's admin (the CLI); the steps are dated now, or the `now` option (a
datetime: the demo dates its files' steps in its own time).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

import pyarrow as pa

from hatang.errors import Problem
from hatang.io.base import Batch, Context, Prepared
from hatang.io.tabular import prepare_table
from hatang.model.schema import IMPORT_KINDS

#: a good row → why the register cannot take it (None: it can)
RowCheck = Callable[[dict[str, Any]], Any]


def _when(ctx: Context) -> tuple[Any, Any]:
    """(now, today) the steps are dated with."""
    import datetime as dt

    now = ctx.options.get("now") or dt.datetime.now().replace(microsecond=0)
    return now, now.date()


def _actor(ctx: Context) -> Any:
    from hatang.register.actions import admin_actor

    return ctx.options.get("actor") or admin_actor()


def checked(
    prepared: Prepared, ctx: Context, table: str, check: Callable[[], RowCheck]
) -> Iterator[Batch]:
    """The schema importer's batches, with the rows the register refuses moved to the
    problems (`check` makes the row check when the first rows arrive)."""
    return _checked(prepared.batches, prepared, ctx, table, check)


def _checked(
    batches: Iterable[Batch],
    prepared: Prepared,
    ctx: Context,
    table: str,
    check: Callable[[], RowCheck],
) -> Iterator[Batch]:
    row_check: RowCheck | None = None
    for batch in batches:
        frame = batch.frames.get(table)
        if frame is None or len(frame) == 0:
            yield batch
            continue
        row_check = row_check or check()
        numbers = [
            n for n in batch.keys[table].column("_row").to_pylist() if n not in batch.bad_rows
        ]
        refusals = [row_check(r) for r in frame.to_pylist()]
        refused = {
            numbers[i]: r
            for i, r in enumerate(refusals)
            if r is not None and not isinstance(r, str)
        }
        if refused:
            keep = [r is None or isinstance(r, str) for r in refusals]
            batch.frames[table] = frame.filter(pa.array(keep))
            raw = prepared.raw_rows(set(refused)) if prepared.raw_rows else {}
            for n, r in refused.items():
                batch.problems.append(Problem(ctx.file, n, r.column, r.value, r.reason, r.type))
                batch.bad_rows[n] = raw.get(n, [])
            batch.problems.sort(key=lambda p: p.row or 0)
        yield batch


def prepare_challenges(ctx: Context) -> Prepared:
    """The `challenges` importer: each location opens a case (or joins the open one)."""
    from hatang.register import bulk
    from hatang.register.imports import apply_challenges

    prepared = prepare_table(IMPORT_KINDS["challenges"], ctx)
    prepared.batches = checked(prepared, ctx, "register_challenges", lambda: bulk.challenge_refusal)

    def write(con: Any, import_id: int) -> None:
        now, _ = _when(ctx)
        settings, synthetic = ctx.workspace_settings, ctx.synthetic
        notes = apply_challenges(con, import_id, ctx.file, _actor(ctx), settings, synthetic, now)
        prepared.notes.extend(notes)

    prepared.before_write.append(write)
    return prepared


def prepare_responses(ctx: Context) -> Prepared:
    """The `responses` importer: each row is an operator's step on its case."""
    from hatang.register import bulk
    from hatang.register.actions import windows
    from hatang.register.imports import all_cases, apply_responses

    prepared = prepare_table(IMPORT_KINDS["responses"], ctx)
    actor = _actor(ctx)

    def check() -> RowCheck:
        cases = all_cases(ctx.con)
        today, win = _when(ctx)[1], windows(ctx.workspace_settings)
        return lambda row: bulk.response_refusal(
            row, cases.get(str(row["case_id"])), actor, today, win
        )

    prepared.batches = checked(prepared, ctx, "register_responses", check)

    def write(con: Any, import_id: int) -> None:
        now, _ = _when(ctx)
        notes = apply_responses(con, import_id, actor, ctx.workspace_settings, ctx.synthetic, now)
        prepared.notes.extend(notes)

    prepared.before_write.append(write)
    return prepared
