"""Potential evaporation from air temperature, latitude and day of year.

Used where no measured or reanalysis PET exists — the usual situation for the
long station records of the Ural, Tobol, Ishim and Irtysh basins. All functions
are vectorised and return mm/day.

* :func:`pet_oudin` — Oudin et al. (2005), *J. Hydrol.* 303, 290–306; chosen by
  the authors as the best temperature-based input for lumped rainfall–runoff
  models over 308 catchments.
* :func:`pet_hamon` — Hamon (1961) in the form of Lu et al. (2005),
  *JAWRA* 41(3), 621–633 (coefficient ``kpec`` = 1.2).
* :func:`pet_hargreaves` — Hargreaves & Samani (1985) as in FAO-56 eq. 52;
  needs daily minimum and maximum temperature.

Extraterrestrial radiation and day length follow FAO Irrigation and Drainage
Paper 56 (Allen et al., 1998), eqs. 21–25 and 34.

>>> import numpy as np
>>> round(float(pet_oudin(np.array([20.0]), np.array([172]), 50.0)[0]), 2)
4.26
>>> float(pet_oudin(np.array([-10.0]), np.array([15]), 50.0)[0])
0.0
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "day_length_hours",
    "extraterrestrial_radiation",
    "pet_hamon",
    "pet_hargreaves",
    "pet_oudin",
]

_GSC = 0.0820  # solar constant, MJ m-2 min-1 (FAO-56)
_LAMBDA = 2.45  # latent heat of vaporisation, MJ kg-1 (FAO-56, at ~20 °C)


def _solar_geometry(
    doy: ArrayLike, lat_deg: float
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64], float]:
    j = np.asarray(doy, dtype=np.float64)
    if not -90.0 <= lat_deg <= 90.0:
        raise ValueError(f"latitude {lat_deg} outside [-90, 90]")
    phi = np.deg2rad(lat_deg)
    dr = 1.0 + 0.033 * np.cos(2.0 * np.pi * j / 365.0)  # inverse relative Earth-Sun distance
    delta = 0.409 * np.sin(2.0 * np.pi * j / 365.0 - 1.39)  # solar declination, rad
    # Clipping keeps polar day/night finite (arccos of |x| > 1 is undefined).
    ws = np.arccos(np.clip(-np.tan(phi) * np.tan(delta), -1.0, 1.0))  # sunset hour angle
    return dr, delta, ws, float(phi)


def extraterrestrial_radiation(doy: ArrayLike, lat_deg: float) -> NDArray[np.float64]:
    """Daily extraterrestrial radiation Ra, MJ m-2 day-1 (FAO-56 eq. 21).

    FAO-56 example 8 (3 September, 20° S) gives 32.2 MJ m-2 day-1:

    >>> round(float(extraterrestrial_radiation([246], -20.0)[0]), 1)
    32.2
    """
    dr, delta, ws, phi = _solar_geometry(doy, lat_deg)
    ra = (
        (24.0 * 60.0 / np.pi)
        * _GSC
        * dr
        * (ws * np.sin(phi) * np.sin(delta) + np.cos(phi) * np.cos(delta) * np.sin(ws))
    )
    out: NDArray[np.float64] = np.maximum(ra, 0.0)
    return out


def day_length_hours(doy: ArrayLike, lat_deg: float) -> NDArray[np.float64]:
    """Astronomical day length N, hours (FAO-56 eq. 34).

    FAO-56 example 9 (15 May, 22°54' S) gives 10.9 h:

    >>> round(float(day_length_hours([135], -22.9)[0]), 1)
    10.9
    """
    _, _, ws, _ = _solar_geometry(doy, lat_deg)
    return 24.0 / np.pi * ws


def pet_oudin(temp: ArrayLike, doy: ArrayLike, lat_deg: float) -> NDArray[np.float64]:
    """Oudin et al. (2005): PE = Ra / (λ ρ) · (T + 5) / 100 if T > −5 °C else 0.

    ``temp`` is the daily mean air temperature in °C.
    """
    t = np.asarray(temp, dtype=np.float64)
    ra = extraterrestrial_radiation(doy, lat_deg)
    # Ra [MJ m-2 d-1] / λ [MJ kg-1] gives kg m-2 d-1 = mm d-1.
    return np.where(t + 5.0 > 0.0, ra / _LAMBDA * (t + 5.0) / 100.0, 0.0)


def pet_hamon(
    temp: ArrayLike, doy: ArrayLike, lat_deg: float, kpec: float = 1.2
) -> NDArray[np.float64]:
    """Hamon (1961) after Lu et al. (2005): PE = 0.1651 · Ld · ρsat · kpec.

    Ld is day length in units of 12 h, ρsat the saturated vapour density
    (g m-3) at the mean air temperature.
    """
    t = np.asarray(temp, dtype=np.float64)
    ld = day_length_hours(doy, lat_deg) / 12.0
    esat = 6.108 * np.exp(17.26939 * t / (t + 237.3))  # hPa
    rhosat = 216.7 * esat / (t + 273.3)
    return np.asarray(0.1651 * ld * rhosat * kpec, dtype=np.float64)


def pet_hargreaves(
    tmin: ArrayLike, tmax: ArrayLike, doy: ArrayLike, lat_deg: float, tmean: ArrayLike | None = None
) -> NDArray[np.float64]:
    """Hargreaves–Samani (FAO-56 eq. 52): 0.0023 · 0.408 Ra · (T + 17.8) · √(Tmax − Tmin)."""
    lo = np.asarray(tmin, dtype=np.float64)
    hi = np.asarray(tmax, dtype=np.float64)
    mean = (lo + hi) / 2.0 if tmean is None else np.asarray(tmean, dtype=np.float64)
    ra = extraterrestrial_radiation(doy, lat_deg)
    pe = 0.0023 * 0.408 * ra * (mean + 17.8) * np.sqrt(np.maximum(hi - lo, 0.0))
    return np.maximum(pe, 0.0)
