"""The `inputs` of each value: a JSON list of the tables, imports and rows behind it (pure).

``[{"table": "subscriptions", "import_id": 12, "rows": 4}, ...]`` per unit and period,
in table, then import order (no import: null, last); a row count split by a crosswalk
share is rounded to 3 decimals. Indicators that share their contributions (the three
village shares, the two commune services, the services counts, the two modelled
coverages) share one build: the JSON is made once per distinct set of inputs.
"""

from __future__ import annotations

import hashlib
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from hatang.indicators.rollup import Array, IntArray, Rolled

Texts = tuple[IntArray, npt.NDArray[np.object_]]


def inputs_json(cache: dict[Any, Any], r: Rolled, contrib: pd.DataFrame) -> Texts:
    """The sorted keys (unit × periods + period) of `r` and the JSON text of each; `cache`
    keeps the texts of contributions already seen in this computation."""
    tables, table_names = pd.factorize(contrib["table"], sort=True)
    imp = pd.to_numeric(contrib["import_id"], errors="coerce")
    imports, import_ids = pd.factorize(imp, sort=True)
    imports = np.where(imports < 0, len(import_ids), imports)  # no import: last, as null
    rows = contrib["rows"].to_numpy()
    digest = hashlib.blake2b(digest_size=16)
    numbers = (r.origin, tables, imports, rows.astype(float), np.asarray(import_ids, float))
    for part in numbers:
        digest.update(np.ascontiguousarray(part).tobytes())
    digest.update("\x1f".join([str(rows.dtype), *map(str, table_names)]).encode())
    cache_key = ("inputs", digest.hexdigest())
    if cache_key not in cache:
        cache[cache_key] = _build_inputs(r, tables, table_names, imports, import_ids, rows)
    found: Texts = cache[cache_key]
    return found


def _build_inputs(
    r: Rolled,
    tables: IntArray,
    table_names: pd.Index,
    imports: IntArray,
    import_ids: pd.Index,
    rows: Array,
) -> Texts:
    n_imp = len(import_ids) + 1
    per = len(table_names) * n_imp
    jkey = r.key * per + r.take(tables) * n_imp + r.take(imports)
    summed = pd.Series(r.take(rows)).groupby(jkey, sort=True).sum()
    jk = summed.index.to_numpy(dtype=np.int64)
    # entry = prefix of its (table, import) + its row count; both have few distinct
    # values, so each is formatted once
    num = pd.Series(np.r_[np.asarray(import_ids, dtype=float), np.nan])
    imp = num.fillna(-1).round().astype(int).astype(str).where(num.notna(), "null")
    names = np.asarray(table_names, dtype=object)
    prefix = np.asarray(
        [
            f'{{"table": "{t}", "import_id": {i}, "rows": '
            for t in names
            for i in imp.to_numpy(dtype=object)
        ],
        dtype=object,
    )
    count, values = pd.factorize(summed.to_numpy(), use_na_sentinel=False)
    counts = pd.to_numeric(pd.Series(values), errors="coerce").fillna(0).round(3)
    counts_s = counts.astype(str).str.replace(r"\.0$", "", regex=True) + "}, "
    s = prefix[jk % per] + counts_s.to_numpy(dtype=object)[count]
    key = jk // per
    starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
    joined = np.add.reduceat(s, starts) if len(s) else np.array([], dtype=object)
    return key[starts], np.array(["[" + j[:-2] + "]" for j in joined], dtype=object)
