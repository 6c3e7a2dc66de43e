"""Base-station antenna patterns, pure and vectorised.

Horizontal sector pattern of 3GPP TR 36.814 v9 Table A.2.1.1-2 (also TR 38.901
Table 7.3-1 without the vertical part)::

    A(θ) = −min(12 (θ / θ3dB)², Am)      θ3dB = 65°, Am = 20–25 dB (default 25)

θ is the angle between the direction to the receiver and the antenna's azimuth,
wrapped to −180°…180°. A cell without an azimuth (NaN) is omnidirectional: no
pattern loss. ``pattern_loss`` returns the *loss* (a positive number of dB), i.e.
−A(θ), so received power = EIRP − path loss − pattern loss.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

DEFAULT_BEAMWIDTH_DEG = 65.0
DEFAULT_FRONT_TO_BACK_DB = 25.0


def angle_difference(bearing_deg: ArrayLike, azimuth_deg: ArrayLike) -> NDArray[np.float64]:
    """bearing − azimuth wrapped to [−180, 180) degrees."""
    diff = np.asarray(bearing_deg, dtype=np.float64) - np.asarray(azimuth_deg, dtype=np.float64)
    return (diff + 180.0) % 360.0 - 180.0


def bearing_deg(dx: ArrayLike, dy: ArrayLike) -> NDArray[np.float64]:
    """Bearing from north, clockwise, in degrees 0–360, of a (dx east, dy north) vector."""
    return (
        np.degrees(np.arctan2(np.asarray(dx, dtype=np.float64), np.asarray(dy, dtype=np.float64)))
        % 360.0
    )


def pattern_loss(
    theta_deg: ArrayLike,
    beamwidth_deg: ArrayLike = DEFAULT_BEAMWIDTH_DEG,
    max_attenuation_db: ArrayLike = DEFAULT_FRONT_TO_BACK_DB,
) -> NDArray[np.float64]:
    """Loss in dB (≥ 0) at θ degrees off boresight: min(12 (θ/θ3dB)², Am).

    θ may be any angle (it is wrapped); a NaN θ (no azimuth: omni) gives 0 dB; a NaN
    beamwidth means the 65° default.
    """
    theta = np.asarray(theta_deg, dtype=np.float64)
    bw = np.asarray(beamwidth_deg, dtype=np.float64)
    bw = np.where(np.isnan(bw) | (bw <= 0), DEFAULT_BEAMWIDTH_DEG, bw)
    wrapped = (theta + 180.0) % 360.0 - 180.0
    loss = np.minimum(12.0 * (wrapped / bw) ** 2, np.asarray(max_attenuation_db, dtype=np.float64))
    return np.where(np.isnan(theta), 0.0, loss)


def sector_loss(
    dx: ArrayLike,
    dy: ArrayLike,
    azimuth_deg: ArrayLike,
    beamwidth_deg: ArrayLike = DEFAULT_BEAMWIDTH_DEG,
    max_attenuation_db: ArrayLike = DEFAULT_FRONT_TO_BACK_DB,
) -> NDArray[np.float64]:
    """Pattern loss toward receivers at offsets (dx east, dy north) from the antenna."""
    theta = angle_difference(bearing_deg(dx, dy), azimuth_deg)
    return pattern_loss(theta, beamwidth_deg, max_attenuation_db)
