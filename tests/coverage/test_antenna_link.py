"""Sector pattern (3GPP TR 36.814 Table A.2.1.1-2), RSRP link budget and thresholds."""

from __future__ import annotations

import math

import numpy as np
import pytest

from hatang.coverage import antenna, link
from hatang.errors import ConfigError
from hatang.settings import CoverageSettings


def test_pattern_values() -> None:
    # boresight 0 dB; at θ3dB/2 = 32.5° exactly 3 dB; at 65° 12 dB; capped at Am = 25 dB
    np.testing.assert_allclose(antenna.pattern_loss([0, 32.5, -32.5, 65, 180]), [0, 3, 3, 12, 25])
    assert antenna.pattern_loss(90, 65, 20) == 20
    assert antenna.pattern_loss(np.nan) == 0  # omni


def test_wrapping_and_bearing() -> None:
    # azimuth 350°, receiver due north: 10° off boresight
    assert antenna.sector_loss(0, 1, 350) == pytest.approx(12 * (10 / 65) ** 2)
    assert antenna.bearing_deg(1, 0) == pytest.approx(90)
    assert antenna.bearing_deg(0, -1) == pytest.approx(180)
    assert antenna.sector_loss(-1, 0, np.nan) == 0


def test_rsrp_subcarrier_terms() -> None:
    # 10 MHz LTE: 50 RB · 12 = 600 subcarriers → 27.78 dB; 20 MHz: 1200 → 30.79 dB
    np.testing.assert_allclose(link.per_subcarrier_db([10, 20], "4G"), [27.78, 30.79], atol=0.01)
    assert link.per_subcarrier_db(np.nan, "4G")[0] == pytest.approx(10 * math.log10(600))
    assert link.per_subcarrier_db(100, "5G")[0] == pytest.approx(10 * math.log10(273 * 12))
    assert link.per_subcarrier_db(5, "3G")[0] == 10.0  # CPICH at 10 % of the carrier
    assert link.per_subcarrier_db(0.2, "2G")[0] == 0


def test_thresholds_from_settings() -> None:
    s = CoverageSettings()
    assert link.threshold_dbm(s, "4G") == -115
    assert link.threshold_dbm(s, "4g", good=True) == -105
    assert link.threshold_dbm(s, "2G") == -95
    with pytest.raises(ConfigError):
        link.threshold_dbm(s, "6G")


def test_covered_threshold_inclusive_and_indoor_margin() -> None:
    rx = np.array([-114.9, -115.0, -115.1, np.nan])
    np.testing.assert_array_equal(link.covered(rx, -115), [True, True, False, False])
    np.testing.assert_array_equal(link.covered(rx, -115, indoor_margin_db=10), [False] * 4)
