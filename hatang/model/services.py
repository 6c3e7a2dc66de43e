"""What a village's service report says about mobile broadband (pure, frame → series).

Target 5 counts villages with mobile broadband, which the plan (Plan 137/KH-UBND)
means as 3G, 4G or 5G. Operators report it either as one column (``mobile_broadband``)
or by technology (``mobile_3g``, ``mobile_4g``, ``mobile_5g``); a village has mobile
broadband when any column says so — the union, each village once, never a sum of the
technologies. A village with no mobile column filled is not reported on (NA).
"""

from __future__ import annotations

import pandas as pd

#: the columns a village-services report may carry about mobile broadband
MOBILE_COLUMNS = ("mobile_broadband", "mobile_3g", "mobile_4g", "mobile_5g")


def mobile_broadband(frame: pd.DataFrame) -> pd.Series:
    """True where any mobile column is true, False where some are filled and none is,
    NA where none is filled (a nullable boolean series on the frame's index)."""
    cols = [c for c in MOBILE_COLUMNS if c in frame.columns]
    if not cols:
        return pd.Series(pd.NA, index=frame.index, dtype="boolean")
    values = frame[cols].astype("boolean")
    reported = values.notna().any(axis=1)
    return values.eq(True).any(axis=1).astype("boolean").where(reported, pd.NA)
