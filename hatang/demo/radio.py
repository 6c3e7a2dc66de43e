"""A small link-budget estimate used to *design* the demo network (pure numpy).

The demo must leave real holes in 4G coverage where it says dead spots are, so it
predicts each 4G cell's RSRP with the same kind of model the coverage engine uses:
Okumura–Hata (< 1500 MHz) / COST-231 Hata (≥ 1500 MHz, also used above 2 GHz as a
pessimistic-loss stand-in), suburban correction, receiver 1.5 m, 3GPP TR 36.814
sector pattern (65°, Am 20 dB), RSRP = EIRP − 10·log10(12 × PRBs) − path loss − pattern
loss. hatang.coverage is the authority; tests check the demo against it.
"""

from __future__ import annotations

import numpy as np

#: subcarriers per MHz of LTE bandwidth (10 MHz = 50 PRB = 600 subcarriers)
_PRB = {1.4: 6, 3.0: 15, 5.0: 25, 10.0: 50, 15.0: 75, 20.0: 100}


def subcarriers(bandwidth_mhz: np.ndarray) -> np.ndarray:
    bw = np.asarray(bandwidth_mhz, dtype=float)
    return np.where(bw >= 1.4, np.round(bw * 5) * 12, 12.0)


def hata_suburban(f_mhz, hb_m, d_km, hm_m: float = 1.5) -> np.ndarray:
    f = np.asarray(f_mhz, dtype=float)
    hb = np.asarray(hb_m, dtype=float)
    d = np.maximum(np.asarray(d_km, dtype=float), 0.02)
    lf = np.log10(f)
    a_hm = (1.1 * lf - 0.7) * hm_m - (1.56 * lf - 0.8)
    okumura = 69.55 + 26.16 * lf
    cost = 46.3 + 33.9 * lf
    base = np.where(f < 1500, okumura, cost) - 13.82 * np.log10(hb) - a_hm
    slope = 44.9 - 6.55 * np.log10(hb)
    urban = base + slope * np.log10(d)
    return urban - 2.0 * np.log10(f / 28.0) ** 2 - 5.4


def sector_loss(angle_off_deg, beamwidth_deg: float = 65.0, am_db: float = 20.0) -> np.ndarray:
    a = np.abs((np.asarray(angle_off_deg, dtype=float) + 180.0) % 360.0 - 180.0)
    return np.minimum(12.0 * (a / beamwidth_deg) ** 2, am_db)


def bearing_deg(dx, dy) -> np.ndarray:
    """Azimuth from north, clockwise, of the vector (dx east, dy north)."""
    return np.degrees(np.arctan2(dx, dy)) % 360.0


def rsrp(cells: dict[str, np.ndarray], px: np.ndarray, py: np.ndarray) -> np.ndarray:
    """RSRP (dBm) of every cell (rows) at every point (columns).

    cells: arrays x, y (m), eirp_dbm, band_mhz, bandwidth_mhz, height_m, azimuth_deg.
    """
    dx = px[None, :] - cells["x"][:, None]
    dy = py[None, :] - cells["y"][:, None]
    d_km = np.hypot(dx, dy) / 1000.0
    loss = hata_suburban(cells["band_mhz"][:, None], cells["height_m"][:, None], d_km)
    off = bearing_deg(dx, dy) - cells["azimuth_deg"][:, None]
    pattern = sector_loss(off)
    return (
        cells["eirp_dbm"][:, None]
        - 10 * np.log10(subcarriers(cells["bandwidth_mhz"]))[:, None]
        - loss
        - pattern
    )


def best_rsrp(
    cells: dict[str, np.ndarray], px: np.ndarray, py: np.ndarray, chunk: int = 512
) -> np.ndarray:
    """Best RSRP over cells at each point, evaluated in chunks of points (memory-bounded)."""
    out = np.full(len(px), -np.inf)
    if len(cells["x"]) == 0:
        return out
    for s in range(0, len(px), chunk):
        out[s : s + chunk] = rsrp(cells, px[s : s + chunk], py[s : s + chunk]).max(axis=0)
    return out


def pair_rsrp(
    cells: dict[str, np.ndarray], px: np.ndarray, py: np.ndarray, max_km: float = 7.0
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """RSRP for every (point, cell) pair closer than max_km: (point index, cell index, dBm)."""
    from scipy.spatial import cKDTree

    if len(cells["x"]) == 0 or len(px) == 0:
        e = np.empty(0, dtype=np.int64)
        return e, e, np.empty(0)
    ptree = cKDTree(np.column_stack([px, py]))
    ctree = cKDTree(np.column_stack([cells["x"], cells["y"]]))
    m = ptree.sparse_distance_matrix(ctree, max_km * 1000.0, output_type="coo_matrix")
    pi, ci = m.row.astype(np.int64), m.col.astype(np.int64)
    dx = px[pi] - cells["x"][ci]
    dy = py[pi] - cells["y"][ci]
    d_km = np.hypot(dx, dy) / 1000.0
    if "environment" in cells:
        # as hatang.coverage models it: its default model, the cell's clutter class, Am 25 dB
        from hatang.coverage import antenna, propagation

        loss = np.empty(len(pi))
        env = cells["environment"][ci]
        for e in np.unique(env):
            m = env == e
            loss[m] = propagation.path_loss(
                "extended-hata",
                cells["band_mhz"][ci][m],
                cells["height_m"][ci][m],
                1.5,
                d_km[m],
                str(e),
            )
        pattern = antenna.sector_loss(dx, dy, cells["azimuth_deg"][ci])
    else:
        loss = hata_suburban(cells["band_mhz"][ci], cells["height_m"][ci], d_km)
        pattern = sector_loss(bearing_deg(dx, dy) - cells["azimuth_deg"][ci])
    value = (
        cells["eirp_dbm"][ci]
        - 10 * np.log10(subcarriers(cells["bandwidth_mhz"][ci]))
        - loss
        - pattern
    )
    return pi, ci, value
