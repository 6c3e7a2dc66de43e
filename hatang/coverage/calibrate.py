"""Calibration of the model against measured signal (speed tests carrying RSRP).

For each operator with at least ``MIN_TESTS`` measurements, the model predicts the
RSRP at each test point (best over that operator's cells of the technology, no cutoff
down to 40 dB below the threshold); tests where the model has no signal at all are
left out. The least-squares fits of the residual r = measured − predicted are

* an offset:          r ≈ a                       (a = mean residual), and
* offset and slope:   r ≈ a' + b · log10(d_km)    (d: distance to the nearest cell of
  the operator), reported so a planner can see whether the model's distance law is off.

``--calibrate`` adds the offset a of each operator to every one of its cells'
received power; the slope is reported, not applied. RMSE and bias (mean residual)
are reported before and after (in-sample: the same tests are used to fit and to score;
with one parameter per operator the optimism is small when there are many tests).

When the run has terrain, the prediction at each test is the terrain run's: each
site's terrain loss at the test's grid cell is subtracted (`terrain_points`), so the
offset does not soak up the terrain's mean loss and then get it a second time.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy.spatial import cKDTree

from hatang.coverage import engine
from hatang.coverage.grid import Grid
from hatang.coverage.terrain_grid import Terrain
from hatang.settings import CoverageSettings

MIN_TESTS = 10
PREDICTION_MARGIN_DB = 40.0


@dataclass
class OperatorFit:
    operator: str
    tests: int
    offset_db: float
    slope_db_per_decade: float
    intercept_db: float
    rmse_before: float
    bias_before: float
    rmse_after: float
    bias_after: float


@dataclass
class Fit:
    fits: list[OperatorFit] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)

    @property
    def offsets(self) -> dict[str, float]:
        return {f.operator: f.offset_db for f in self.fits}

    def as_dict(self) -> dict:
        return {
            "offsets_db": {f.operator: round(f.offset_db, 3) for f in self.fits},
            "operators": [
                {k: (round(v, 3) if isinstance(v, float) else v) for k, v in vars(f).items()}
                for f in self.fits
            ],
            "skipped": self.skipped,
        }


def _stats(residual: np.ndarray) -> tuple[float, float]:
    return float(np.sqrt(np.mean(residual**2))), float(np.mean(residual))


def fit_offsets(
    cells: pd.DataFrame,
    tests: pd.DataFrame | None,
    settings: CoverageSettings,
    *,
    terrain: Terrain | None = None,
    grid: Grid | None = None,
) -> Fit:
    """Per-operator offsets (and slopes) by least squares; see module docstring. With
    `terrain` (on the run's `grid`) the predictions carry the terrain's loss, so the
    offset is fitted to what the terrain run models."""
    fit = Fit()
    if tests is None or tests.empty:
        fit.skipped["*"] = "no measured signal (speed tests with RSRP, drive tests)"
        return fit
    cell_op = cells["operator"].to_numpy(dtype=object)
    test_op = tests["operator"].to_numpy(dtype=object)
    cell_xy = cells[["x", "y"]].to_numpy(dtype=np.float64)
    xy = tests[["x", "y"]].to_numpy(dtype=np.float64)
    rsrp = tests["rsrp_dbm"].to_numpy(dtype=np.float64)
    enough = []
    for op in sorted(cells["operator"].unique()):
        n = int((test_op == op).sum())
        if n < MIN_TESTS:
            fit.skipped[op] = f"{n} tests with RSRP (need {MIN_TESTS})"
        else:
            enough.append(op)
    # one prepare for the cells of every operator fitted
    of_fitted = np.flatnonzero(np.isin(cell_op, np.array(enough, dtype=object)))
    radios = engine.prepare(cells.iloc[of_fitted], settings, margin_db=PREDICTION_MARGIN_DB)
    for op in enough:
        mine = cell_op[of_fitted] == op
        at = np.flatnonzero(test_op == op)
        pts = xy[at]
        pred = engine.best_received_power_of(
            radios.take(np.flatnonzero(mine)), pts, terrain=terrain, grid=grid
        ).astype(np.float64)
        ok = pred > engine.NO_SIGNAL
        if ok.sum() < MIN_TESTS:
            fit.skipped[op] = f"only {int(ok.sum())} tests where the model predicts any signal"
            continue
        r = rsrp[at][ok] - pred[ok]
        d, _ = cKDTree(cell_xy[of_fitted[mine]]).query(pts[ok])
        logd = np.log10(np.maximum(d / 1000.0, 0.1))
        design = np.column_stack([np.ones_like(logd), logd])
        (a2, b), *_ = np.linalg.lstsq(design, r, rcond=None)
        offset = float(r.mean())
        rmse0, bias0 = _stats(r)
        rmse1, bias1 = _stats(r - offset)
        fit.fits.append(
            OperatorFit(op, int(ok.sum()), offset, float(b), float(a2), rmse0, bias0, rmse1, bias1)
        )
    fit.skipped = {op: fit.skipped[op] for op in sorted(fit.skipped)}
    return fit
