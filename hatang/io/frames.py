"""Typed rows for the store: the columns of a declared table, as an Arrow table."""

from __future__ import annotations

from typing import Any

import numpy as np
import pyarrow as pa

from hatang.io.chunks import Chunk
from hatang.io.columns import arrow_type
from hatang.model.schema import Table


def make_frame(
    table: Table, parsed: dict[str, pa.Array | list[Any]], keep: np.ndarray | list[int]
) -> pa.Table:
    """The rows `keep` (a mask, or row indexes) of `parsed` as the columns of `table`
    (all but import_id; a column nothing was parsed for is empty)."""
    if isinstance(keep, np.ndarray) and keep.dtype == bool:
        n, select = int(keep.sum()), (None if keep.all() else pa.array(keep))
    else:
        n, select = len(keep), pa.array(np.asarray(keep, dtype=np.int64), pa.int64())
    out = {}
    for col in table.columns:
        if col.name == "import_id":
            continue
        typ = arrow_type(col)
        values = parsed.get(col.name)
        if values is None:
            out[col.name] = pa.nulls(n, typ)
            continue
        if isinstance(values, list):
            values = pa.array(values, typ)
        if select is not None:
            values = values.filter(select) if select.type == pa.bool_() else values.take(select)
        out[col.name] = values.cast(typ) if values.type != typ else values
    return pa.table(out)


def concat(chunks: list[Chunk]) -> list[Chunk]:
    """Chunks joined into one (a file read whole, e.g. units: parents are looked up
    among every row)."""
    if len(chunks) <= 1:
        return chunks
    rows = [c.raw_row(i) for c in chunks for i in range(len(c))]
    from hatang.io.chunks import from_rows

    strings = all(
        isinstance(col, pa.Array) and pa.types.is_string(col.type)
        for c in chunks
        for col in c.columns
    )
    numbers = [int(n) for c in chunks for n in c.numbers]
    return [from_rows(rows, numbers, strings=strings)]
