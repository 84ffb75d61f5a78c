"""Time-stepping kernels of the snow-and-runoff model (internal).

Two implementations of the same daily equations live here:

* :func:`hbv_kernel` — a scalar loop over days for one parameter set. It is
  compiled with numba's ``@njit`` when numba is importable; otherwise the very
  same source runs as plain Python (slow but identical arithmetic).
* :func:`hbv_batch_numpy` — a pure-NumPy kernel vectorised over *members*
  (parameter sets or ensemble members), looping over days in Python. This is
  the fast path when numba is absent: one Python-level step serves hundreds of
  members, which is what calibration and ensembles need.

Both are tested against each other, which doubles as an independent check of
the equations. The equations themselves are documented in
``docs/hydrology.md`` and in :mod:`shekara.methods.hydrology.model`.

Parameter vector order (see ``model.PARAMETER_NAMES``)::

    0 tt  1 tti  2 cfmax  3 sfcf  4 cfr  5 cwh  6 fc  7 lp  8 beta
    9 k0  10 k1  11 k2  12 uzl  13 perc  14 maxbas  15 pet_corr
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, NamedTuple, TypeVar, cast

import numpy as np

from shekara.methods.arrays import Array

F = TypeVar("F", bound=Callable[..., Any])

try:  # numba is optional: the package must work (slowly) without it
    from numba import njit as _njit

    HAVE_NUMBA = True
except ImportError:  # pragma: no cover - exercised only where numba is missing
    HAVE_NUMBA = False


def _jit(func: F) -> F:
    """``numba.njit(cache=True)`` if available, else the function unchanged."""
    if HAVE_NUMBA:
        return cast(F, _njit(cache=True, nogil=True)(func))
    return func  # pragma: no cover


# Rows of the diagnostic output matrix written by the scalar kernel.
OUT_Q = 0  # routed discharge at the outlet, mm/day
OUT_QGEN = 1  # runoff generated before MAXBAS routing, mm/day
OUT_RAIN = 2  # liquid precipitation, mm/day
OUT_SNOWFALL = 3  # solid precipitation after SFCF correction, mm/day
OUT_MELT = 4  # snowmelt, mm/day
OUT_REFREEZE = 5  # refreezing of liquid water in the pack, mm/day
OUT_AET = 6  # actual evapotranspiration, mm/day
OUT_RECHARGE = 7  # soil recharge to the upper zone, mm/day
OUT_PERC = 8  # percolation upper -> lower zone, mm/day
OUT_Q0 = 9  # fast (threshold) flow from the upper zone, mm/day
OUT_Q1 = 10  # interflow from the upper zone, mm/day
OUT_Q2 = 11  # baseflow from the lower zone, mm/day
OUT_SNOW = 12  # solid snow water equivalent (end of day), mm
OUT_LIQUID = 13  # liquid water held in the snowpack (end of day), mm
OUT_SM = 14  # soil moisture (end of day), mm
OUT_SUZ = 15  # upper zone storage (end of day), mm
OUT_SLZ = 16  # lower zone storage (end of day), mm
OUT_ROUTING = 17  # water in transit in the MAXBAS routing (end of day), mm
OUT_PET = 18  # potential evaporation after PET_CORR, mm/day
OUT_INFLOW = 19  # water reaching the soil (snowpack outflow + rain), mm/day
N_OUT = 20

N_PAR = 16
N_STATE = 5  # snow, liquid, sm, suz, slz


def maxbas_weights(maxbas: float) -> Array:
    """Weights of the triangular MAXBAS unit hydrograph (sum to one).

    The triangle has base ``maxbas`` days and its peak at ``maxbas / 2``; the
    weight of day *i* is the triangle's area between *i* and *i + 1*, so a
    fractional ``maxbas`` is handled exactly.

    >>> maxbas_weights(1.0).tolist()
    [1.0]
    >>> np.round(maxbas_weights(3.0), 6).tolist()
    [0.222222, 0.555556, 0.222222]
    """
    b = float(maxbas)
    if not b >= 1.0:
        raise ValueError("maxbas must be >= 1 day")
    n = math.ceil(b - 1e-12)

    def cdf(x: float) -> float:
        if x <= 0.0:
            return 0.0
        if x >= b:
            return 1.0
        if x <= b / 2.0:
            return 2.0 * x * x / (b * b)
        return 1.0 - 2.0 * (b - x) * (b - x) / (b * b)

    w = np.array([cdf(i + 1.0) - cdf(float(i)) for i in range(n)], dtype=np.float64)
    out: Array = w / w.sum()  # remove rounding drift: routing conserves mass
    return out


def _hbv_kernel_py(
    par: Array,
    prec: Array,
    temp: Array,
    pet: Array,
    state: Array,
    buf: Array,
    weights: Array,
    out: Array,
    full: bool,
    frozen: Array | None = None,
) -> None:
    """Run the model over all days; update ``state``/``buf`` in place.

    ``out`` has shape (N_OUT, n) when ``full`` else (1, n) (discharge only,
    which is all calibration needs and saves memory traffic). ``frozen`` is the
    optional daily share of the soil input that frozen ground sheds straight to
    the upper zone (see :mod:`.frozen`); omitted, the arithmetic is unchanged.
    """
    tt = par[0]
    tti = par[1]
    cfmax = par[2]
    sfcf = par[3]
    cfr = par[4]
    cwh = par[5]
    fc = par[6]
    lp = par[7]
    beta = par[8]
    k0 = par[9]
    k1 = par[10]
    k2 = par[11]
    uzl = par[12]
    perc = par[13]
    pet_corr = par[15]

    snow = state[0]
    liq = state[1]
    sm = state[2]
    suz = state[3]
    slz = state[4]
    nw = weights.shape[0]
    n = prec.shape[0]

    for t in range(n):
        p = prec[t]
        ta = temp[t]

        # --- rain/snow partition: linear over [tt - tti/2, tt + tti/2]
        if tti > 0.0:
            frac = (tt + 0.5 * tti - ta) / tti
            if frac < 0.0:
                frac = 0.0
            elif frac > 1.0:
                frac = 1.0
        else:
            frac = 1.0 if ta < tt else 0.0
        snowfall = p * frac * sfcf
        rain = p * (1.0 - frac)
        snow += snowfall

        # --- degree-day melt or refreezing
        melt = 0.0
        refr = 0.0
        if ta > tt:
            melt = cfmax * (ta - tt)
            if melt > snow:
                melt = snow
            snow -= melt
            liq += melt
        elif ta < tt:
            refr = cfr * cfmax * (tt - ta)
            if refr > liq:
                refr = liq
            liq -= refr
            snow += refr

        # --- liquid water holding capacity of the pack; rain on snow is retained
        if snow > 0.0:
            liq += rain
            inflow = liq - cwh * snow
            if inflow < 0.0:
                inflow = 0.0
            liq -= inflow
        else:
            inflow = liq + rain
            liq = 0.0

        # --- soil moisture routine (HBV beta function)
        rech = 0.0
        if inflow > 0.0:
            rel = sm / fc
            if rel > 1.0:
                rel = 1.0
            if frozen is None:
                rech = inflow * rel**beta
            else:  # frozen ground: the impermeable share bypasses the soil store
                fz = frozen[t]
                rech = inflow * (fz + (1.0 - fz) * rel**beta)
            sm += inflow - rech
        if sm > fc:  # also catches an initial state above capacity
            rech += sm - fc
            sm = fc
        ep = pet[t] * pet_corr
        ratio = sm / (lp * fc)
        if ratio > 1.0:
            ratio = 1.0
        aet = ep * ratio
        if aet > sm:
            aet = sm
        sm -= aet

        # --- response routine: upper box (K0 above UZL, K1), PERC, lower box (K2)
        suz += rech
        pf = perc if perc < suz else suz
        suz -= pf
        slz += pf
        q0 = 0.0
        if suz > uzl:
            q0 = k0 * (suz - uzl)
            suz -= q0
        q1 = k1 * suz
        suz -= q1
        q2 = k2 * slz
        slz -= q2
        qgen = q0 + q1 + q2

        # --- triangular MAXBAS routing (convolution through a FIFO buffer)
        for i in range(nw):
            buf[i] += qgen * weights[i]
        q = buf[0]
        for i in range(nw - 1):
            buf[i] = buf[i + 1]
        buf[nw - 1] = 0.0

        out[0, t] = q
        if full:
            route = 0.0
            for i in range(nw):
                route += buf[i]
            out[1, t] = qgen
            out[2, t] = rain
            out[3, t] = snowfall
            out[4, t] = melt
            out[5, t] = refr
            out[6, t] = aet
            out[7, t] = rech
            out[8, t] = pf
            out[9, t] = q0
            out[10, t] = q1
            out[11, t] = q2
            out[12, t] = snow
            out[13, t] = liq
            out[14, t] = sm
            out[15, t] = suz
            out[16, t] = slz
            out[17, t] = route
            out[18, t] = ep
            out[19, t] = inflow

    state[0] = snow
    state[1] = liq
    state[2] = sm
    state[3] = suz
    state[4] = slz


hbv_kernel = _jit(_hbv_kernel_py)


def _hbv_batch_numba_py(
    pars: Array,
    prec: Array,
    temp: Array,
    pet: Array,
    states: Array,
    bufs: Array,
    weights: Array,
    q_out: Array,
    frozen: Array | None = None,
) -> None:
    """Loop :func:`hbv_kernel` over members (compiled: no Python per member).

    ``prec``/``temp``/``pet`` have shape (1, n) — shared by all members, so no
    copy per member is made — or (m, n). ``weights``/``bufs`` are zero-padded
    to a common width, which is harmless: a zero weight routes nothing and an
    empty buffer slot holds nothing.
    """
    m = pars.shape[0]
    n = prec.shape[1]
    tmp = np.empty((1, n))
    for j in range(m):
        jp = j if prec.shape[0] > 1 else 0
        jt = j if temp.shape[0] > 1 else 0
        je = j if pet.shape[0] > 1 else 0
        if frozen is None:
            hbv_kernel(
                pars[j], prec[jp], temp[jt], pet[je], states[j], bufs[j], weights[j], tmp, False
            )
        else:
            jf = j if frozen.shape[0] > 1 else 0
            hbv_kernel(
                pars[j],
                prec[jp],
                temp[jt],
                pet[je],
                states[j],
                bufs[j],
                weights[j],
                tmp,
                False,
                frozen[jf],
            )
        q_out[j, :] = tmp[0, :]


hbv_batch_numba = _jit(_hbv_batch_numba_py)


class Batch(NamedTuple):
    """The inputs of a run of ``m`` members, in the argument order of the kernels.

    :func:`hbv_batch_numba` takes them spread out (``*batch``: a compiled
    function takes arrays), :func:`hbv_batch_numpy` as they are.
    """

    pars: Array
    prec: Array
    temp: Array
    pet: Array
    states: Array
    bufs: Array
    weights: Array


def hbv_batch_numpy(batch: Batch, frozen: Array | None = None) -> Array:
    """Same equations as :func:`hbv_kernel`, vectorised over ``m`` members.

    Returns routed discharge (m, n) in mm/day and updates ``states``/``bufs``
    in place. Forcing arrays have shape (1, n) or (m, n); NumPy broadcasting
    shares a (1, n) series across members.
    """
    pars, prec, temp, pet, states, bufs, weights = batch
    tt, tti, cfmax, sfcf, cfr, cwh, fc, lp, beta, k0, k1, k2, uzl, perc = (
        pars[:, i] for i in range(14)
    )
    pet_corr = pars[:, 15]
    snow = states[:, 0].copy()
    liq = states[:, 1].copy()
    sm = states[:, 2].copy()
    suz = states[:, 3].copy()
    slz = states[:, 4].copy()
    m = pars.shape[0]
    n = prec.shape[1]
    q_out = np.empty((m, n))
    safe_tti = np.where(tti > 0.0, tti, 1.0)
    for t in range(n):
        p = prec[:, t]
        ta = temp[:, t]
        frac = np.where(
            tti > 0.0,
            np.clip((tt + 0.5 * tti - ta) / safe_tti, 0.0, 1.0),
            np.where(ta < tt, 1.0, 0.0),
        )
        snowfall = p * frac * sfcf
        rain = p * (1.0 - frac)
        snow = snow + snowfall

        warm = ta > tt
        cold = ta < tt
        melt = np.where(warm, np.minimum(cfmax * (ta - tt), snow), 0.0)
        refr = np.where(cold, np.minimum(cfr * cfmax * (tt - ta), liq), 0.0)
        snow = snow - melt + refr
        liq = liq + melt - refr

        has_snow = snow > 0.0
        liq_wet = liq + rain
        held = np.maximum(liq_wet - cwh * snow, 0.0)
        inflow = np.where(has_snow, held, liq_wet)
        liq = np.where(has_snow, liq_wet - held, 0.0)

        rel = np.minimum(sm / fc, 1.0)
        share = rel**beta if frozen is None else frozen[:, t] + (1.0 - frozen[:, t]) * rel**beta
        rech = np.where(inflow > 0.0, inflow * share, 0.0)
        sm = sm + inflow - rech
        excess = np.maximum(sm - fc, 0.0)
        rech = rech + excess
        sm = sm - excess
        ep = pet[:, t] * pet_corr
        aet = np.minimum(ep * np.minimum(sm / (lp * fc), 1.0), sm)
        sm = sm - aet

        suz = suz + rech
        pf = np.minimum(perc, suz)
        suz = suz - pf
        slz = slz + pf
        q0 = np.where(suz > uzl, k0 * (suz - uzl), 0.0)
        suz = suz - q0
        q1 = k1 * suz
        suz = suz - q1
        q2 = k2 * slz
        slz = slz - q2
        qgen = q0 + q1 + q2

        bufs += qgen[:, None] * weights
        q_out[:, t] = bufs[:, 0]
        bufs[:, :-1] = bufs[:, 1:]
        bufs[:, -1] = 0.0

    states[:, 0] = snow
    states[:, 1] = liq
    states[:, 2] = sm
    states[:, 3] = suz
    states[:, 4] = slz
    return q_out
