"""The full data behind a table, as `--format csv` and `--format json` write it.

A terminal table shows a few columns, written for reading; a file gets every column
with its raw values. CSV goes through `publish.tabular.to_csv`, the writer of every CSV
a person gets (BOM, rounding, no formulas, the synthetic column), so a CLI file and a
download of the same rows are the same file.
"""

from __future__ import annotations

import json

import pandas as pd

from hatang.publish import tabular
from hatang.publish.render import records


def data_csv(frame: pd.DataFrame, synthetic: bool | None = None) -> str:
    """Every column of `frame` as CSV text (`publish.tabular.to_csv`)."""
    return tabular.to_csv(frame, synthetic=synthetic).decode("utf-8")


def data_json(frame: pd.DataFrame) -> str:
    """Every row of `frame` as a JSON list of objects (null for missing)."""
    return json.dumps(records(frame), ensure_ascii=False, default=str) + "\n"


def data_text(frame: pd.DataFrame, fmt: str, synthetic: bool | None = None) -> str:
    """`frame` as 'csv' or 'json' (a `synthetic` column added when given)."""
    if fmt == "csv":
        return data_csv(frame, synthetic)
    return data_json(tabular.with_synthetic(frame, synthetic))
