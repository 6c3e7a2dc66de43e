"""Empirical path-loss models, pure and vectorised (numpy arrays in, dB out).

Every model takes ``(f_mhz, hb_m, hm_m, d_km, env)``; arguments broadcast against
each other like numpy arrays, and the result is median path loss in dB (float64).

Models (``MODELS`` is the registry; ``path_loss(name, ...)`` dispatches):

``hata``
    Okumura–Hata (M. Hata, "Empirical formula for propagation loss in land mobile
    radio services", IEEE Trans. Veh. Technol. VT-29(3), 1980), 150–1500 MHz::

        L = 69.55 + 26.16 log f − 13.82 log hb − a(hm) + (44.9 − 6.55 log hb) log d

``cost231``
    COST-231 Hata (COST Action 231 final report, "Digital mobile radio towards future
    generation systems", 1999, §4.4.1), 1500–2000 MHz::

        L = 46.3 + 33.9 log f − 13.82 log hb − a(hm) + (44.9 − 6.55 log hb) log d + Cm

    with Cm = 0 dB (medium city, suburban centre) or 3 dB (metropolitan centre). The
    report defines no other correction, so ``suburban`` and ``open`` are Cm = 0 too, as
    ns-3 and Signal-Server read it (Hata's suburban term, −2 [log(f/28)]² − 5.4, about
    −12 dB at 1800 MHz, is SEAMCAT's reading and stays in ``extended-hata``). The
    constants are 46.3 and 33.9 — implementations that truncate them to 46 and 33
    are about 3 dB low at 1800 MHz.

``extended-hata``
    Extended Hata as in ITU-R SM.2028 / SEAMCAT, band-adaptive: Hata up to 1500 MHz,
    COST-231 from 1500 to 2000 MHz, and from 2000 to 3000 MHz::

        L = 46.3 + 33.9 log 2000 + 10 log(f / 2000) − 13.82 log hb − a(hm)
            + (44.9 − 6.55 log hb) log d + Cm

    Above 3000 MHz (up to 3800 MHz, the 3.5 GHz band) the same 10 log(f/2000) term is
    extrapolated, outside SM.2028's stated range: cross-check with ``38901-uma`` or
    ``38901-rma``. In the Hata band we use Hata's own constants 69.55 and 26.16
    (SM.2028 prints them rounded, 69.6 and 26.2: up to 0.17 dB more loss). The
    suburban and open corrections use f clamped to 150–2000 MHz, as SEAMCAT does.
    This is the engine's default model (``CoverageSettings.model``).

``38901-uma`` / ``38901-rma``
    3GPP TR 38.901 v17 Table 7.4.1-1, urban macro and rural macro, NLOS
    (``max(PL_LOS, PL'_NLOS)``), 0.5–7 GHz here (the TR goes higher), 3D distance,
    street width W = 20 m and building height h = 5 m (RMa defaults), effective
    environment height hE = 1 m (UMa). ``env`` is ignored: the scenario is the model.

Environments (``env``) for the Hata family:

* ``metropolitan`` — large city: a(hm) = 3.2 (log 11.75 hm)² − 4.97 for f ≥ 300 MHz
  (8.29 (log 1.54 hm)² − 1.1 below), and Cm = 3 dB above 1500 MHz.
* ``urban`` — small / medium city: a(hm) = (1.1 log f − 0.7) hm − (1.56 log f − 0.8).
* ``suburban`` — urban − 2 [log(f/28)]² − 5.4.
* ``open`` — urban − 4.78 (log f)² + 18.33 log f − 40.94.

Validity and what we do outside it (Hata family; f is never clamped — a frequency
outside the model's range is a ``ConfigError``):

* hb (base-station antenna height) 30–200 m. Above 200 m, hb is clamped to 200 m.
  Below 30 m the formula is evaluated at 30 m and 20 log(30 / hb) dB is added — the
  b(hb) = min(0, 20 log(hb/30)) correction of SEAMCAT's Extended Hata — so a lower
  antenna never looks better than a 30 m one.
* hm (mobile antenna height) 1–10 m: clamped to that range.
* d 1–20 km. Below 1 km the same straight line in log d is extended down to
  ``D_MIN_KM`` = 0.1 km (SM.2028 applies the Hata formula from 0.1 km), and below
  0.1 km the distance is clamped to 0.1 km (the loss stays at its 100 m value, a
  conservative choice). Beyond 20 km the line is extrapolated with exponent 1 (SEAMCAT's
  α > 1 correction for long paths is not applied), which is optimistic: the engine's
  evaluation radius follows the model, so very long reaches at low frequencies in open
  land should be read with care.

The Hata-family models are straight lines in log d: ``loss_coefficients`` returns
(A, B) with L = A + B log10(max(d, 0.1 km)), which the grid engine uses directly and
``max_distance_km`` inverts analytically. The 38.901 models are inverted by bisection.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from hatang.errors import ConfigError

F64 = NDArray[np.float64]

ENVIRONMENTS = ("metropolitan", "urban", "suburban", "open")
D_MIN_KM = 0.1
HB_MIN_M, HB_MAX_M = 30.0, 200.0
HM_MIN_M, HM_MAX_M = 1.0, 10.0
SPEED_OF_LIGHT = 299_792_458.0


def _check_env(env: str) -> str:
    env = str(env).lower()
    if env not in ENVIRONMENTS:
        raise ConfigError(f"unknown environment {env!r} (choose one of: {', '.join(ENVIRONMENTS)})")
    return env


def _check_freq(f: F64, lo: float, hi: float, model: str) -> None:
    if f.size and (np.nanmin(f) < lo or np.nanmax(f) > hi):
        bad = f[(f < lo) | (f > hi)].ravel()[0]
        raise ConfigError(
            f"model {model!r} is valid from {lo:g} to {hi:g} MHz, got {bad:g} MHz "
            f"(use extended-hata for 150–3800 MHz, 38901-uma/38901-rma for 500–7000 MHz)"
        )


def mobile_correction(f_mhz: ArrayLike, hm_m: ArrayLike, large_city: bool = False) -> F64:
    """Hata's mobile-antenna height correction a(hm) in dB (hm clamped to 1–10 m).

    Small/medium city: (1.1 log f − 0.7) hm − (1.56 log f − 0.8).
    Large city: 8.29 (log 1.54 hm)² − 1.1 below 300 MHz, 3.2 (log 11.75 hm)² − 4.97 from
    300 MHz (Hata gives the two for f ≤ 200 and f ≥ 400 MHz; we split at 300 MHz).
    """
    f = np.asarray(f_mhz, dtype=np.float64)
    hm = np.clip(np.asarray(hm_m, dtype=np.float64), HM_MIN_M, HM_MAX_M)
    if not large_city:
        lf = np.log10(f)
        return (1.1 * lf - 0.7) * hm - (1.56 * lf - 0.8)
    low = 8.29 * np.log10(1.54 * hm) ** 2 - 1.1
    high = 3.2 * np.log10(11.75 * hm) ** 2 - 4.97
    return np.where(f < 300.0, low, high)


def suburban_correction(f_mhz: ArrayLike) -> F64:
    """Loss relative to urban in suburban areas: −2 [log(f/28)]² − 5.4 dB."""
    return -2.0 * np.log10(np.asarray(f_mhz, dtype=np.float64) / 28.0) ** 2 - 5.4


def open_correction(f_mhz: ArrayLike) -> F64:
    """Loss relative to urban in open areas: −4.78 (log f)² + 18.33 log f − 40.94 dB."""
    lf = np.log10(np.asarray(f_mhz, dtype=np.float64))
    return -4.78 * lf**2 + 18.33 * lf - 40.94


def _heights(hb_m: ArrayLike) -> tuple[F64, F64]:
    """(effective hb clamped to 30–200 m, extra loss 20 log(30/hb) for hb < 30 m)."""
    hb = np.asarray(hb_m, dtype=np.float64)
    hb_eff = np.clip(hb, HB_MIN_M, HB_MAX_M)
    low = np.maximum(hb, 1e-3)
    extra = np.where(hb < HB_MIN_M, 20.0 * np.log10(HB_MIN_M / low), 0.0)
    return hb_eff, extra


def _hata_family(
    f: F64,
    hb_m: ArrayLike,
    hm_m: ArrayLike,
    env: str,
    base: Callable[[F64], F64],
    f_env: F64,
    cm_metro: F64,
) -> tuple[F64, F64]:
    env = _check_env(env)
    hb, extra = _heights(hb_m)
    lhb = np.log10(hb)
    a_hm = mobile_correction(f, hm_m, large_city=(env == "metropolitan"))
    intercept = base(f) - 13.82 * lhb - a_hm + extra
    if env == "metropolitan":
        intercept = intercept + cm_metro
    elif env == "suburban":
        intercept = intercept + suburban_correction(f_env)
    elif env == "open":
        intercept = intercept + open_correction(f_env)
    slope = 44.9 - 6.55 * lhb
    return np.asarray(intercept, dtype=np.float64), np.asarray(
        slope + 0.0 * intercept, dtype=np.float64
    )


def _hata_base(f: F64) -> F64:
    return 69.55 + 26.16 * np.log10(f)


def _cost231_base(f: F64) -> F64:
    return 46.3 + 33.9 * np.log10(f)


def _extended_base(f: F64) -> F64:
    above = 46.3 + 33.9 * np.log10(2000.0) + 10.0 * np.log10(np.maximum(f, 2000.0) / 2000.0)
    return np.where(f <= 1500.0, _hata_base(f), np.where(f <= 2000.0, _cost231_base(f), above))


def hata_coefficients(
    f_mhz: ArrayLike, hb_m: ArrayLike, hm_m: ArrayLike, env: str = "urban"
) -> tuple[F64, F64]:
    """(A, B) of Okumura–Hata: L = A + B log10(d_km)."""
    f = np.asarray(f_mhz, dtype=np.float64)
    _check_freq(f, 150.0, 1500.0, "hata")
    return _hata_family(f, hb_m, hm_m, env, _hata_base, f, np.zeros_like(f))


def cost231_coefficients(
    f_mhz: ArrayLike, hb_m: ArrayLike, hm_m: ArrayLike, env: str = "urban"
) -> tuple[F64, F64]:
    """(A, B) of COST-231 Hata: L = A + B log10(d_km); Cm = 3 dB when env is metropolitan,
    else 0 — the final report defines no suburban or open-area correction."""
    f = np.asarray(f_mhz, dtype=np.float64)
    _check_freq(f, 1500.0, 2000.0, "cost231")
    env = "urban" if _check_env(env) in ("suburban", "open") else env
    return _hata_family(f, hb_m, hm_m, env, _cost231_base, f, np.full_like(f, 3.0))


def extended_hata_coefficients(
    f_mhz: ArrayLike, hb_m: ArrayLike, hm_m: ArrayLike, env: str = "urban"
) -> tuple[F64, F64]:
    """(A, B) of Extended Hata (SM.2028 / SEAMCAT), 150–3800 MHz (above 3000 extrapolated)."""
    f = np.asarray(f_mhz, dtype=np.float64)
    _check_freq(f, 150.0, 3800.0, "extended-hata")
    cm = np.where(f > 1500.0, 3.0, 0.0)
    return _hata_family(f, hb_m, hm_m, env, _extended_base, np.clip(f, 150.0, 2000.0), cm)


def _log_line(coeffs: Callable[..., tuple[F64, F64]]) -> Callable[..., F64]:
    def loss(
        f_mhz: ArrayLike, hb_m: ArrayLike, hm_m: ArrayLike, d_km: ArrayLike, env: str = "urban"
    ) -> F64:
        a, b = coeffs(f_mhz, hb_m, hm_m, env)
        d = np.maximum(np.asarray(d_km, dtype=np.float64), D_MIN_KM)
        return a + b * np.log10(d)

    loss.__name__ = coeffs.__name__.replace("_coefficients", "")
    loss.__doc__ = f"Path loss in dB of the model with coefficients {coeffs.__name__}; see the module docstring."
    return loss


hata = _log_line(hata_coefficients)
cost231 = _log_line(cost231_coefficients)
extended_hata = _log_line(extended_hata_coefficients)


# ---- 3GPP TR 38.901 -----------------------------------------------------------------


def _d3d_m(d_km: ArrayLike, hb: F64, hm: F64) -> F64:
    d2 = np.maximum(np.asarray(d_km, dtype=np.float64) * 1000.0, 10.0)
    return np.sqrt(d2**2 + (hb - hm) ** 2)


def uma_38901(
    f_mhz: ArrayLike, hb_m: ArrayLike, hm_m: ArrayLike, d_km: ArrayLike, env: str = "urban"
) -> F64:
    """3GPP TR 38.901 UMa NLOS path loss (dB); d below 10 m is clamped to 10 m."""
    f = np.asarray(f_mhz, dtype=np.float64)
    _check_freq(f, 500.0, 7000.0, "38901-uma")
    hb = np.clip(np.asarray(hb_m, dtype=np.float64), 10.0, 150.0)
    hm = np.clip(np.asarray(hm_m, dtype=np.float64), 1.5, 22.5)
    fc = f / 1000.0
    d3 = _d3d_m(d_km, hb, hm)
    d_bp = 4.0 * (hb - 1.0) * (hm - 1.0) * f * 1e6 / SPEED_OF_LIGHT
    pl1 = 28.0 + 22.0 * np.log10(d3) + 20.0 * np.log10(fc)
    pl2 = (
        28.0 + 40.0 * np.log10(d3) + 20.0 * np.log10(fc) - 9.0 * np.log10(d_bp**2 + (hb - hm) ** 2)
    )
    los = np.where(d3 <= np.sqrt(d_bp**2 + (hb - hm) ** 2), pl1, pl2)
    nlos = 13.54 + 39.08 * np.log10(d3) + 20.0 * np.log10(fc) - 0.6 * (hm - 1.5)
    return np.asarray(np.maximum(los, nlos), dtype=np.float64)


def rma_38901(
    f_mhz: ArrayLike, hb_m: ArrayLike, hm_m: ArrayLike, d_km: ArrayLike, env: str = "open"
) -> F64:
    """3GPP TR 38.901 RMa NLOS path loss (dB), W = 20 m, h = 5 m; d below 10 m clamped."""
    f = np.asarray(f_mhz, dtype=np.float64)
    _check_freq(f, 500.0, 7000.0, "38901-rma")
    hb = np.clip(np.asarray(hb_m, dtype=np.float64), 10.0, 150.0)
    hm = np.clip(np.asarray(hm_m, dtype=np.float64), 1.0, 10.0)
    h, w = 5.0, 20.0
    fc = f / 1000.0
    d3 = _d3d_m(d_km, hb, hm)
    d_bp = 2.0 * np.pi * hb * hm * f * 1e6 / SPEED_OF_LIGHT

    def pl1(d: F64) -> F64:
        loss: F64 = (
            20.0 * np.log10(40.0 * np.pi * d * fc / 3.0)
            + min(0.03 * h**1.72, 10.0) * np.log10(d)
            - min(0.044 * h**1.72, 14.77)
            + 0.002 * np.log10(h) * d
        )
        return loss

    los = np.where(d3 <= d_bp, pl1(d3), pl1(d_bp) + 40.0 * np.log10(d3 / d_bp))
    nlos = (
        161.04
        - 7.1 * np.log10(w)
        + 7.5 * np.log10(h)
        - (24.37 - 3.7 * (h / hb) ** 2) * np.log10(hb)
        + (43.42 - 3.1 * np.log10(hb)) * (np.log10(d3) - 3.0)
        + 20.0 * np.log10(fc)
        - (3.2 * np.log10(11.75 * hm) ** 2 - 4.97)
    )
    return np.asarray(np.maximum(los, nlos), dtype=np.float64)


# ---- registry -------------------------------------------------------------------------


@dataclass(frozen=True)
class PropagationModel:
    name: str
    description: str
    f_min_mhz: float
    f_max_mhz: float
    loss: Callable[..., F64]
    #: (A, B) with L = A + B log10(max(d_km, D_MIN_KM)); None when not a log-line model
    coefficients: Callable[..., tuple[F64, F64]] | None = None


MODELS: dict[str, PropagationModel] = {
    m.name: m
    for m in (
        PropagationModel(
            "hata", "Okumura–Hata (Hata 1980), 150–1500 MHz", 150, 1500, hata, hata_coefficients
        ),
        PropagationModel(
            "cost231", "COST-231 Hata, 1500–2000 MHz", 1500, 2000, cost231, cost231_coefficients
        ),
        PropagationModel(
            "extended-hata",
            "Extended Hata (ITU-R SM.2028 / SEAMCAT), 150–3000 MHz, extrapolated to 3800 MHz",
            150,
            3800,
            extended_hata,
            extended_hata_coefficients,
        ),
        PropagationModel(
            "38901-uma", "3GPP TR 38.901 urban macro, NLOS, 0.5–7 GHz", 500, 7000, uma_38901
        ),
        PropagationModel(
            "38901-rma", "3GPP TR 38.901 rural macro, NLOS, 0.5–7 GHz", 500, 7000, rma_38901
        ),
    )
}


def get_model(name: str) -> PropagationModel:
    try:
        return MODELS[name.lower()]
    except KeyError:
        raise ConfigError(
            f"unknown propagation model {name!r} (choose one of: {', '.join(MODELS)})"
        ) from None


def path_loss(
    model: str,
    f_mhz: ArrayLike,
    hb_m: ArrayLike,
    hm_m: ArrayLike,
    d_km: ArrayLike,
    env: str = "urban",
) -> F64:
    """Path loss in dB of the named model (see ``MODELS``)."""
    return get_model(model).loss(f_mhz, hb_m, hm_m, d_km, env)


def max_distance_km(
    model: str,
    f_mhz: ArrayLike,
    hb_m: ArrayLike,
    hm_m: ArrayLike,
    max_loss_db: ArrayLike,
    env: str = "urban",
) -> F64:
    """Largest distance (km) at which the path loss is still ≤ max_loss_db.

    Hata family: the analytic inverse d = 10^((L − A) / B), 0 when even the loss at
    ``D_MIN_KM`` exceeds the budget (the loss is flat below it, so nothing is covered
    either), and D_MIN_KM itself when the budget falls exactly there. 38.901 models:
    bisection in log distance (60 halvings) between 10 m and 200 km; monotone because
    each is a maximum of functions increasing in distance.
    """
    m = get_model(model)
    lmax = np.asarray(max_loss_db, dtype=np.float64)
    if m.coefficients is not None:
        a, b = m.coefficients(f_mhz, hb_m, hm_m, env)
        log_d = (lmax - a) / b
        d = np.power(10.0, log_d)
        return np.where(d < D_MIN_KM, 0.0, d)
    shape = np.broadcast_shapes(np.shape(f_mhz), np.shape(hb_m), np.shape(hm_m), lmax.shape)
    lo = np.full(shape, np.log10(0.01))
    hi = np.full(shape, np.log10(200.0))
    for _ in range(60):
        mid = 0.5 * (lo + hi)
        ok = m.loss(f_mhz, hb_m, hm_m, 10.0**mid, env) <= lmax
        lo = np.where(ok, mid, lo)
        hi = np.where(ok, hi, mid)
    at_min = m.loss(f_mhz, hb_m, hm_m, 0.01, env) <= lmax
    return np.where(at_min, 10.0**lo, 0.0)
