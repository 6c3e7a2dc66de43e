"""One link's loss over a terrain profile: the median model at the base station's
effective height, plus Deygout diffraction — what a planner checks by hand
(`hatang pathloss --profile`). Pure; the grid uses the same functions
(`terrain_grid.site_loss`)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from hatang.coverage import propagation, terrain


@dataclass(frozen=True)
class LinkLoss:
    distance_km: float
    f_mhz: float
    model: str
    env: str
    height_m: float
    effective_height_m: float
    median_db: float
    diffraction_db: float
    line_of_sight: bool
    edges: tuple[terrain.Edge, ...]

    @property
    def total_db(self) -> float:
        return self.median_db + self.diffraction_db

    def as_dict(self) -> dict[str, object]:
        return {
            "distance_km": self.distance_km,
            "f_mhz": self.f_mhz,
            "model": self.model,
            "environment": self.env,
            "height_m": self.height_m,
            "effective_height_m": self.effective_height_m,
            "median_db": self.median_db,
            "diffraction_db": self.diffraction_db,
            "total_db": self.total_db,
            "line_of_sight": self.line_of_sight,
            "edges": [e.__dict__ for e in self.edges],
        }


def link_loss(
    d_m: ArrayLike,
    z_m: ArrayLike,
    *,
    hb_m: float,
    hm_m: float,
    f_mhz: float,
    model: str = "extended-hata",
    env: str = "suburban",
    k: float = terrain.K_FACTOR,
    max_edges: int = 3,
) -> LinkLoss:
    """The loss from the profile's first sample (the base station, `hb_m` over its
    ground) to its last (the mobile, `hm_m` over its ground)."""
    d = np.asarray(d_m, dtype=np.float64)
    z = np.asarray(z_m, dtype=np.float64)
    d = d - d[0]
    diff = terrain.profile_diffraction(d, z, hb_m, hm_m, f_mhz, k=k, max_edges=max_edges)
    m = propagation.get_model(model)
    h_eff = float(terrain.effective_height(d, z[None, :], hb_m)[0]) if m.coefficients else hb_m
    median = float(propagation.path_loss(m.name, f_mhz, h_eff, hm_m, d[-1] / 1000.0, env))
    return LinkLoss(
        float(d[-1] / 1000.0),
        f_mhz,
        m.name,
        env,
        hb_m,
        h_eff,
        median,
        diff.loss_db,
        diff.line_of_sight,
        diff.edges,
    )
