"""Radios: a cells frame turned into the arrays the engine evaluates.

``prepare(cells, settings, *, margin_db=0.0) -> Radios`` (re-exported by
`hatang.coverage.engine`, documented there): per radio the effective EIRP (EIRP − the
per-subcarrier term + calibration offset), the path-loss line A + B log10 d of its
band, height and environment, its pattern, threshold and evaluation radius, and its
(operator, technology) group.

Pure numpy and pandas; no file or database code.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from hatang.coverage import antenna, link, propagation
from hatang.errors import ConfigError
from hatang.settings import CoverageSettings

REQUIRED_COLUMNS = ("x", "y", "height_m", "eirp_dbm", "band_mhz", "technology", "operator")


@dataclass
class Radios:
    """Cells as arrays (one entry per radio), ready for the engine."""

    x: NDArray[np.float64]
    y: NDArray[np.float64]
    eirp_eff: NDArray[np.float64]  # EIRP − subcarrier term + offset (dBm)
    intercept: NDArray[np.float64]  # A of L = A + B log10(d_km) (log-line models)
    slope: NDArray[np.float64]  # B
    azimuth: NDArray[np.float64]  # NaN = omni
    beamwidth: NDArray[np.float64]
    threshold: NDArray[np.float64]  # covered when rx − indoor margin ≥ threshold
    radius_m: NDArray[np.float64]
    group: NDArray[np.int64]  # index into groups
    groups: list[tuple[str, str]]  # (operator, technology)
    band: NDArray[np.float64]
    height: NDArray[np.float64]
    env: NDArray[np.object_]
    model: str
    hm: float
    max_attenuation_db: float
    indoor_margin_db: float

    def __len__(self) -> int:
        return len(self.x)

    def take(self, index: NDArray[np.int64]) -> Radios:
        """The radios at `index` (same groups list, so group numbers keep their meaning):
        one `prepare` for several subsets, e.g. calibration's operators."""
        arrays = {
            f.name: getattr(self, f.name)[index]
            for f in dataclasses.fields(self)
            if isinstance(getattr(self, f.name), np.ndarray)
        }
        return dataclasses.replace(self, **arrays)

    @property
    def log_line(self) -> bool:
        return propagation.get_model(self.model).coefficients is not None

    def path_loss(self, i: int, d_km: NDArray[np.float32]) -> NDArray[np.float32]:
        """Path loss of radio i at distances d_km (float32 in, float32 out)."""
        if self.log_line:
            logd = np.log10(np.maximum(d_km, np.float32(propagation.D_MIN_KM)))
            out: NDArray[np.float32] = (
                np.float32(self.intercept[i]) + np.float32(self.slope[i]) * logd
            )
            return out
        m = propagation.get_model(self.model)
        return m.loss(self.band[i], self.height[i], self.hm, d_km, self.env[i]).astype(np.float32)


def _column(cells: pd.DataFrame, name: str, default: float = np.nan) -> NDArray[np.float64]:
    if name in cells.columns:
        return pd.to_numeric(cells[name], errors="coerce").to_numpy(dtype=np.float64)
    return np.full(len(cells), default, dtype=np.float64)


def _per_subcarrier_db(
    bandwidth_mhz: NDArray[np.float64], tech: NDArray[np.object_]
) -> NDArray[np.float64]:
    """`link.per_subcarrier_db`, evaluated once per distinct (bandwidth, technology)."""
    if not len(tech):
        return np.zeros(0)
    b_codes, b_values = pd.factorize(bandwidth_mhz, use_na_sentinel=False)
    t_codes, t_values = pd.factorize(tech)
    pair = b_codes.astype(np.int64) * len(t_values) + t_codes
    uniq, inverse = np.unique(pair, return_inverse=True)
    db = link.per_subcarrier_db(
        np.asarray(b_values, dtype=np.float64)[uniq // len(t_values)],
        np.asarray(t_values, dtype=object)[uniq % len(t_values)],
    )
    out: NDArray[np.float64] = db[inverse.ravel()]
    return out


def prepare(cells: pd.DataFrame, settings: CoverageSettings, *, margin_db: float = 0.0) -> Radios:
    """Arrays and evaluation radii for the cells (see module docstring)."""
    missing = [c for c in REQUIRED_COLUMNS if c not in cells.columns]
    if missing:
        raise ConfigError(f"cells frame lacks column(s) {', '.join(missing)}")
    n = len(cells)
    tech = cells["technology"].astype(str).str.upper().to_numpy(dtype=object)
    operator = cells["operator"].astype(str).to_numpy(dtype=object)
    band = _column(cells, "band_mhz")
    height = _column(cells, "height_m")
    eirp = _column(cells, "eirp_dbm")
    for name, arr in (
        ("band_mhz", band),
        ("height_m", height),
        ("eirp_dbm", eirp),
        ("x", _column(cells, "x")),
    ):
        if n and np.isnan(arr).any():
            raise ConfigError(f"cells frame has empty {name} values")
    offset = np.nan_to_num(_column(cells, "offset_db"), nan=0.0)
    env = np.full(n, settings.environment, dtype=object)
    if "environment" in cells.columns:
        given = cells["environment"].to_numpy(dtype=object)
        env = np.where(pd.isna(given) | (given == ""), env, given)
    eirp_eff = eirp - _per_subcarrier_db(_column(cells, "bandwidth_mhz"), tech) + offset
    thresholds = {t: link.threshold_dbm(settings, t) for t in set(tech)}
    threshold = np.array([thresholds[t] for t in tech], dtype=np.float64)
    budget = eirp_eff - (threshold + settings.indoor_margin_db - margin_db)
    model = propagation.get_model(settings.model)
    intercept = np.zeros(n)
    slope = np.zeros(n)
    radius_km = np.zeros(n)
    hm = settings.mobile_height_m
    for e in sorted(set(env)) if n else []:
        sel = env == e
        if model.coefficients is not None:
            intercept[sel], slope[sel] = model.coefficients(band[sel], height[sel], hm, e)
        radius_km[sel] = propagation.max_distance_km(
            model.name, band[sel], height[sel], hm, budget[sel], e
        )
    keys = list(zip(operator, tech, strict=True))
    groups = sorted(set(keys))
    index = {g: i for i, g in enumerate(groups)}
    return Radios(
        x=_column(cells, "x"),
        y=_column(cells, "y"),
        eirp_eff=np.asarray(eirp_eff, dtype=np.float64),
        intercept=intercept,
        slope=slope,
        azimuth=_column(cells, "azimuth_deg"),
        beamwidth=np.nan_to_num(_column(cells, "beamwidth_deg"), nan=antenna.DEFAULT_BEAMWIDTH_DEG),
        threshold=threshold,
        radius_m=radius_km * 1000.0,
        group=np.array([index[k] for k in keys], dtype=np.int64),
        groups=groups,
        band=band,
        height=height,
        env=env,
        model=model.name,
        hm=hm,
        max_attenuation_db=settings.sector_max_attenuation_db,
        indoor_margin_db=settings.indoor_margin_db,
    )
