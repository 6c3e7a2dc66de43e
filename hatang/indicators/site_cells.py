"""Which cells files decide a site's sharing: the provenance of `shared_sites`.

A site is shared when cells of two or more operators stand on it, so the cells files
are inputs of the sharing ratio beside the sites file, though they add nothing to its
sums. `cells_read` gives zero-weight contribution rows naming them, so `hatang
explain shared_sites` lists them. Pure: frames in, frames out.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

#: the frame the store reads for the engine (hatang.store.indicators.cell_imports)
CELL_IMPORTS = "cell_imports"


def cell_imports(cells: pd.DataFrame) -> pd.DataFrame:
    """period, site_id, import_id, rows: which imports carry each site's cells (the
    store reads the same in SQL)."""
    if cells.empty:
        return pd.DataFrame({"period": [], "site_id": [], "import_id": [], "rows": []})
    g = cells.groupby(["period", "site_id", "import_id"]).size()
    return g.rename("rows").reset_index()


def cells_read(sites: pd.DataFrame, imports: pd.DataFrame) -> pd.DataFrame:
    """One zero-weight contribution row per located site, period and cells import."""
    cols = ["period", "site_id", "unit_code", "method_code"]
    keys = sites[cols + (["synthetic"] if "synthetic" in sites else [])]
    m = imports.merge(keys, on=["period", "site_id"], how="inner")
    out = pd.DataFrame(
        {
            "unit_code": m["unit_code"].to_numpy(),
            "period": m["period"].to_numpy(),
            "numerator": np.zeros(len(m)),
            "denominator": np.zeros(len(m)),
            "table": "cells",
            "import_id": m["import_id"].to_numpy(),
            "rows": m["rows"].to_numpy(),
            "method_code": m["method_code"].to_numpy(),
        }
    )
    if "synthetic" in m:
        out["synthetic"] = m["synthetic"].to_numpy()
    return out
