"""Candidate actions for the planner, and the coverage matrix that scores them.

Three kinds, each a location, a height, an operator, a cost and the 4G radios it
would carry:

* ``colocation`` — an operator's 4G radios on another operator's existing site where
  it has none (cheap; when the host site carries a single operator today the action
  makes it shared, which raises the sharing ratio);
* ``other-sector`` — an imported structure (`hatang import structures FILE`:
  power-line towers, water towers, public buildings) at its usable height;
* ``new-tower`` — a new tower of ``planner.new_tower_height_m`` on candidate points
  generated around every modelled dead spot: a square grid of
  ``planner.candidate_spacing_m`` over the dead spot's bounding box widened by
  ``planner.candidate_margin_m`` on every side, plus the dead spot's population-
  weighted centroid. Points within half a spacing of each other are merged.

Radios: three sectors (azimuths 0°, 120°, 240°, 65° beamwidth) with the band,
bandwidth and EIRP of the operator's typical 4G cell today (the median over its
register; the register-wide median for ``operator='any'``). Costs come from
`PlannerSettings` (VND): a co-location, an other-sector structure, and a new tower's
fixed part plus a part per metre of height.

Only candidates whose reach (the engine's evaluation radius, from the model's
analytic inverse) touches some demand point are kept. The coverage matrix is the
coverage engine's `coverage_matrix` — same models, thresholds, indoor margin and
cutoff as the grid — for every radio, combined per candidate (a point is covered by
a candidate when any of its sectors covers it).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.spatial import cKDTree

from hatang.coverage import engine
from hatang.planning.demand import Demand
from hatang.settings import CoverageSettings, PlannerSettings

SECTORS = (0.0, 120.0, 240.0)
BEAMWIDTH = 65.0
_RADIO_COLUMNS = ("band_mhz", "bandwidth_mhz", "eirp_dbm")


def radio_templates(cells: pd.DataFrame, technology: str = "4G") -> dict[str, dict[str, float]]:
    """The median 4G radio of each operator, and of the whole register under 'any'."""
    c = cells[cells["technology"] == technology]
    if c.empty:
        c = cells
    out: dict[str, dict[str, float]] = {}
    for op, g in [("any", c), *c.groupby("operator")]:
        t = {
            k: float(pd.to_numeric(g[k], errors="coerce").median())
            for k in _RADIO_COLUMNS
            if k in g
        }
        if not np.isfinite(t.get("bandwidth_mhz", np.nan)):
            t["bandwidth_mhz"] = 10.0
        out[str(op)] = t
    return out


def site_operators(cells: pd.DataFrame) -> pd.DataFrame:
    """Per site: position, height, operators present, urban flag."""
    g = cells.groupby("site_id")
    return pd.DataFrame(
        {
            "x": g["x"].first(),
            "y": g["y"].first(),
            "lon": g["lon"].first(),
            "lat": g["lat"].first(),
            "height_m": g["height_m"].max(),
            "operators": g["operator"].agg(lambda s: frozenset(s.astype(str))),
            "urban": g["urban"].agg(lambda s: bool(s.fillna(False).astype(bool).any()))
            if "urban" in cells
            else False,
        }
    ).reset_index()


def tower_points(demand: Demand, spacing: float, margin: float) -> np.ndarray:
    """New-tower candidate points around every dead spot (module docstring)."""
    pts = [demand.spots_centroid]
    for xmin, ymin, xmax, ymax in demand.spots_bbox:
        gx = np.arange(xmin - margin, xmax + margin + spacing / 2, spacing)
        gy = np.arange(ymin - margin, ymax + margin + spacing / 2, spacing)
        mx, my = np.meshgrid(gx, gy)
        pts.append(np.column_stack([mx.ravel(), my.ravel()]))
    allp = np.vstack(pts) if pts else np.zeros((0, 2))
    if not len(allp):
        return allp
    # merge points closer than half a spacing (overlapping boxes), centroids first
    tree = cKDTree(allp)
    keep = np.ones(len(allp), dtype=bool)
    for i, j in sorted(tree.query_pairs(spacing / 2)):
        if keep[i] and keep[j]:
            keep[j] = False
    return allp[keep]


def build_candidates(
    cells: pd.DataFrame,
    structures: pd.DataFrame,
    demand: Demand,
    planner: PlannerSettings,
    coverage: CoverageSettings,
    *,
    operator: str | None = None,
) -> pd.DataFrame:
    """One row per candidate: candidate_id, kind, operator, host_site_id, structure_id,
    x, y, height_m, cost_vnd, makes_shared, adds_site, host, urban, band_mhz,
    bandwidth_mhz, eirp_dbm."""
    templates = radio_templates(cells)
    sites = site_operators(cells)
    ops = [operator] if operator else sorted({str(o) for o in cells["operator"].unique()})
    rows = []
    for s in sites.itertuples(index=False):
        for op in ops:
            if op in s.operators:
                continue
            rows.append(
                dict(
                    kind="colocation",
                    operator=op,
                    host_site_id=s.site_id,
                    structure_id=None,
                    x=s.x,
                    y=s.y,
                    height_m=s.height_m,
                    cost_vnd=planner.cost_colocation_vnd,
                    makes_shared=len(s.operators) == 1,
                    adds_site=0.0,
                    urban=bool(s.urban),
                )
            )
    new_op = operator or "any"
    for st in structures.itertuples(index=False):
        rows.append(
            dict(
                kind="other-sector",
                operator=new_op,
                host_site_id=None,
                structure_id=st.structure_id,
                x=st.x,
                y=st.y,
                height_m=float(st.height_m),
                cost_vnd=planner.cost_other_sector_vnd,
                makes_shared=False,
                adds_site=1.0,
                urban=False,
            )
        )
    h = planner.new_tower_height_m
    tower_cost = planner.cost_new_tower_base_vnd + planner.cost_new_tower_per_m_vnd * h
    for x, y in tower_points(demand, planner.candidate_spacing_m, planner.candidate_margin_m):
        rows.append(
            dict(
                kind="new-tower",
                operator=new_op,
                host_site_id=None,
                structure_id=None,
                x=x,
                y=y,
                height_m=h,
                cost_vnd=tower_cost,
                makes_shared=False,
                adds_site=1.0,
                urban=False,
            )
        )
    cand = pd.DataFrame(
        rows,
        columns=[
            "kind",
            "operator",
            "host_site_id",
            "structure_id",
            "x",
            "y",
            "height_m",
            "cost_vnd",
            "makes_shared",
            "adds_site",
            "urban",
        ],
    )
    for k in _RADIO_COLUMNS:
        cand[k] = [templates.get(op, templates["any"]).get(k, np.nan) for op in cand["operator"]]
    cand = _within_reach(cand, demand, coverage)
    host_codes = {sid: i for i, sid in enumerate(sites["site_id"])}
    cand["host"] = [
        host_codes.get(h, -1) if isinstance(h, str) else -1 for h in cand["host_site_id"]
    ]
    prefix = {"colocation": "C", "other-sector": "S", "new-tower": "T"}
    cand.insert(0, "candidate_id", [f"{prefix[k]}{i + 1:05d}" for i, k in enumerate(cand["kind"])])
    return cand


def candidate_radios(cand: pd.DataFrame, coverage: CoverageSettings) -> pd.DataFrame:
    """The cells each candidate would add (three sectors), with `candidate` = row index."""
    env = np.where(
        cand["urban"].to_numpy(dtype=bool) & bool(getattr(coverage, "urban_environment", "")),
        getattr(coverage, "urban_environment", coverage.environment),
        coverage.environment,
    )
    base = cand.assign(environment=env, candidate=np.arange(len(cand)))
    parts = [base.assign(azimuth_deg=a, beamwidth_deg=BEAMWIDTH) for a in SECTORS]
    radios = pd.concat(parts, ignore_index=True)
    radios["technology"] = "4G"
    radios["operator"] = radios["operator"].replace({"any": "planned"})
    return radios


def _within_reach(cand: pd.DataFrame, demand: Demand, coverage: CoverageSettings) -> pd.DataFrame:
    if cand.empty or not len(demand):
        return cand.iloc[0:0].reset_index(drop=True)
    probe = cand.assign(technology="4G", azimuth_deg=np.nan)
    probe["operator"] = probe["operator"].replace({"any": "planned"})
    radius = engine.prepare(probe, coverage).radius_m
    tree = cKDTree(demand.xy)
    d, _ = tree.query(cand[["x", "y"]].to_numpy(), distance_upper_bound=float(radius.max()) + 1)
    return cand[d <= radius].reset_index(drop=True)


def coverage_of(cand: pd.DataFrame, demand: Demand, coverage: CoverageSettings) -> sp.csr_matrix:
    """Demand points × candidates, True where the candidate covers the point."""
    if cand.empty or not len(demand):
        return sp.csr_matrix((len(demand), len(cand)), dtype=bool)
    radios = candidate_radios(cand, coverage)
    per_radio = engine.coverage_matrix(radios, demand.xy, coverage).tocsc()
    link = sp.csr_matrix(
        (np.ones(len(radios)), (np.arange(len(radios)), radios["candidate"].to_numpy())),
        shape=(len(radios), len(cand)),
    )
    m = (per_radio.astype(np.int32) @ link).tocsr()
    m.data = m.data > 0
    m.eliminate_zeros()
    return m.astype(bool)
