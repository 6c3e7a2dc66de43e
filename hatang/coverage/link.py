"""Link budget: from EIRP to the received power compared with a threshold.

* 4G (LTE) compares RSRP, the power of one resource element (one 15 kHz subcarrier
  of the reference signal)::

      RSRP = EIRP − 10 log10(12 · N_RB) − path loss − pattern loss − indoor margin

  with N_RB resource blocks of 12 subcarriers for the channel bandwidth (3GPP TS
  36.101 Table 5.6-1: 1.4 → 6, 3 → 15, 5 → 25, 10 → 50, 15 → 75, 20 → 100), so
  10 MHz gives 600 subcarriers, 27.8 dB, and 20 MHz 1200, 30.8 dB.
* 5G (NR) compares SS-RSRP per subcarrier in the same way with N_RB from TS 38.101-1
  Table 5.3.2-1 for 30 kHz subcarrier spacing (10 → 24, 20 → 51, 40 → 106, 50 → 133,
  60 → 162, 80 → 217, 100 → 273 RBs).
* 3G compares RSCP, the power of the pilot channel (CPICH), taken as 10 % of the
  carrier's power (−10 dB, the usual setting in UMTS planning).
* 2G compares the whole carrier's received power (the BCCH carrier, no division).

A bandwidth that is not in the table uses floor(bandwidth × 5) RBs for 4G (90 %
occupancy at 15 kHz × 12) and floor(bandwidth × 2.7) for 5G. Missing bandwidths:
10 MHz (4G), 100 MHz (5G).

Thresholds (``CoverageSettings``): 4G −105 dBm RSRP for good outdoor service (the
level Ofcom's Connected Nations maps use for good outdoor 4G) and −115 dBm for any 4G
service (a common cell-edge planning value; our default for "covered"); 5G −115 dBm
SS-RSRP; 3G −100 dBm; 2G −95 dBm. All configurable in hatang.toml; see docs/coverage.md.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from hatang.errors import ConfigError

TECHNOLOGIES = ("2G", "3G", "4G", "5G")

LTE_RB = {1.4: 6, 3.0: 15, 5.0: 25, 10.0: 50, 15.0: 75, 20.0: 100}
NR_RB_30KHZ = {
    10.0: 24,
    15.0: 38,
    20.0: 51,
    25.0: 65,
    30.0: 78,
    40.0: 106,
    50.0: 133,
    60.0: 162,
    70.0: 189,
    80.0: 217,
    90.0: 245,
    100.0: 273,
}
CPICH_SHARE_DB = 10.0  # 3G pilot (CPICH) at 10 % of the carrier power
DEFAULT_BANDWIDTH_MHZ = {"2G": 0.2, "3G": 5.0, "4G": 10.0, "5G": 100.0}


def resource_blocks(bandwidth_mhz: float, technology: str = "4G") -> int:
    """Resource blocks in a channel of this bandwidth (see module docstring)."""
    table, per_mhz = (NR_RB_30KHZ, 2.7) if technology == "5G" else (LTE_RB, 5.0)
    for bw, rb in table.items():
        if abs(bw - bandwidth_mhz) < 1e-6:
            return rb
    return max(1, int(np.floor(bandwidth_mhz * per_mhz)))


def per_subcarrier_db(bandwidth_mhz: ArrayLike, technology: ArrayLike) -> NDArray[np.float64]:
    """Power share of the compared signal in dB: 10 log10(subcarriers) for 4G/5G (RSRP),
    10 dB for 3G (CPICH = 10 % of the carrier), 0 dB for 2G; NaN bandwidth → default."""
    bw = np.atleast_1d(np.asarray(bandwidth_mhz, dtype=np.float64))
    tech = np.broadcast_to(np.atleast_1d(np.asarray(technology, dtype=object)), bw.shape)
    out = np.zeros(bw.shape, dtype=np.float64)
    for i, (b, t) in enumerate(zip(bw.ravel(), tech.ravel(), strict=True)):
        t = str(t)
        if t not in TECHNOLOGIES:
            raise ConfigError(
                f"unknown technology {t!r} (choose one of: {', '.join(TECHNOLOGIES)})"
            )
        if t in ("4G", "5G"):
            mhz = DEFAULT_BANDWIDTH_MHZ[t] if np.isnan(b) else float(b)
            out.flat[i] = 10.0 * np.log10(12 * resource_blocks(mhz, t))
        elif t == "3G":
            out.flat[i] = CPICH_SHARE_DB
    return out


def threshold_dbm(settings: object, technology: str, good: bool = False) -> float:
    """The coverage threshold for a technology from CoverageSettings (dBm)."""
    technology = technology.upper()
    if technology not in TECHNOLOGIES:
        raise ConfigError(
            f"unknown technology {technology!r} (choose one of: {', '.join(TECHNOLOGIES)})"
        )
    if good and technology == "4G":
        return float(settings.threshold_4g_good_dbm)  # type: ignore[attr-defined]
    return float(getattr(settings, f"threshold_{technology.lower()}_dbm"))


def covered(
    received_dbm: ArrayLike, threshold: float, indoor_margin_db: float = 0.0
) -> NDArray[np.bool_]:
    """Covered where received power − indoor margin ≥ threshold (NaN: not covered)."""
    rx = np.asarray(received_dbm)
    with np.errstate(invalid="ignore"):
        return (rx - indoor_margin_db) >= threshold
