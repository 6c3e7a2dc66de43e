"""The full data behind a table, as `--format csv` and `--format json` write it.

A terminal table shows a few columns, written for reading; a file gets every column
with its raw values. One writer for every CLI table, so every CSV a command writes has
the same shape: a header row, ISO dates, empty cells for missing values.
"""

from __future__ import annotations

import io
import json

import pandas as pd

from hatang.publish.render import records


def data_csv(frame: pd.DataFrame) -> str:
    """Every column of `frame` as CSV text (ISO dates, empty for missing)."""
    buf = io.StringIO()
    pd.DataFrame(records(frame), columns=list(frame.columns)).to_csv(
        buf, index=False, lineterminator="\n"
    )
    return buf.getvalue()


def data_json(frame: pd.DataFrame) -> str:
    """Every row of `frame` as a JSON list of objects (null for missing)."""
    return json.dumps(records(frame), ensure_ascii=False, default=str) + "\n"


def data_text(frame: pd.DataFrame, fmt: str) -> str:
    """`frame` as 'csv' or 'json'."""
    return data_csv(frame) if fmt == "csv" else data_json(frame)
