"""Daily conceptual snow-and-runoff model (HBV type, lumped).

Structure (one time step = one day; all storages in mm over the catchment):

1. **Rain/snow partition.** Snow fraction ``f`` falls linearly from 1 at
   ``TT − TTI/2`` to 0 at ``TT + TTI/2`` (a sharp threshold when ``TTI = 0``).
   Snowfall is multiplied by ``SFCF`` (gauge undercatch of snow).
2. **Snowpack** (solid ``SP`` + liquid ``WC``). Degree-day melt
   ``M = min(CFMAX·(T − TT), SP)`` when ``T > TT``; refreezing
   ``R = min(CFR·CFMAX·(TT − T), WC)`` when ``T < TT``. The pack holds liquid
   water up to ``CWH·SP`` (rain on snow is retained too); the excess leaves.
3. **Soil moisture** ``SM``: recharge ``= I·(SM/FC)^BETA`` of the input ``I``;
   actual evaporation ``= PET·PET_CORR·min(1, SM/(LP·FC))``.
4. **Response**: upper zone ``SUZ`` receives recharge, percolates up to
   ``PERC`` to the lower zone ``SLZ``; ``Q0 = K0·max(SUZ − UZL, 0)``,
   ``Q1 = K1·SUZ``, ``Q2 = K2·SLZ``.
5. **Routing**: triangular unit hydrograph of base ``MAXBAS`` days.

The explicit update order conserves mass exactly (up to floating point):
``Σ(rain + snowfall) = Σ AET + Σ Q + Δ(SP + WC + SM + SUZ + SLZ + routing)``.

References: Bergström (1976, 1995); Lindström et al. (1997) *J. Hydrol.*
201, 272–288 (HBV-96); Seibert & Vis (2012) *HESS* 16, 3315–3325
(HBV-light, whose parameter names and usual ranges are used here).

>>> import numpy as np
>>> p = HBVParameters()
>>> forcing = Forcing(np.full(30, 3.0), np.full(30, 5.0), np.full(30, 1.0))
>>> r = simulate(p, forcing, area_km2=100.0)
>>> r.q_mm.shape, r.q_m3s is not None
((30,), True)
>>> abs(r.water_balance_residual()) < 1e-9
True
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

import numpy as np
from numpy.typing import ArrayLike

from shekara.methods.arrays import Array
from shekara.methods.hydrology import _kernels as K
from shekara.methods.hydrology.errors import MisalignedSeriesError, ParameterBoundsError
from shekara.methods.hydrology.forcing import Forcing, as_series
from shekara.methods.hydrology.frozen import check_share
from shekara.plain import Plain

__all__ = [
    "HAVE_NUMBA",
    "PARAMETER_NAMES",
    "PARAMETER_SPECS",
    "HBVParameters",
    "ModelResult",
    "ModelState",
    "ParameterSpec",
    "mm_per_day_to_m3s",
    "simulate",
    "simulate_batch",
    "simulate_discharge",
]

HAVE_NUMBA = K.HAVE_NUMBA
SECONDS_PER_DAY = 86_400.0
# Lower-zone start used by ModelState.typical: a modest baseflow store that a
# one-year spin-up readily forgets.
TYPICAL_SLZ_MM = 20.0


@dataclass(frozen=True, slots=True)
class ParameterSpec:
    """Unit, calibration bounds and meaning of one model parameter."""

    low: float
    high: float
    unit: str
    description: str


# Bounds follow the usual HBV-light ranges (Seibert & Vis 2012, table 1) and
# are the box searched by calibration; they are not physical limits.
PARAMETER_SPECS: Mapping[str, ParameterSpec] = {
    "tt": ParameterSpec(-3.0, 3.0, "°C", "threshold temperature for snowfall and melt"),
    "tti": ParameterSpec(0.0, 4.0, "°C", "width of the rain/snow transition interval"),
    "cfmax": ParameterSpec(0.5, 10.0, "mm °C-1 d-1", "degree-day melt factor"),
    "sfcf": ParameterSpec(0.5, 1.5, "-", "snowfall correction factor"),
    "cfr": ParameterSpec(0.0, 0.2, "-", "refreezing coefficient (fraction of CFMAX)"),
    "cwh": ParameterSpec(0.0, 0.2, "-", "liquid water holding capacity of the snowpack"),
    "fc": ParameterSpec(50.0, 700.0, "mm", "maximum soil moisture storage (field capacity)"),
    "lp": ParameterSpec(0.3, 1.0, "-", "SM/FC above which evaporation is potential"),
    "beta": ParameterSpec(1.0, 6.0, "-", "shape exponent of the recharge function"),
    "k0": ParameterSpec(0.05, 0.9, "d-1", "recession coefficient of the fast flow above UZL"),
    "k1": ParameterSpec(0.01, 0.5, "d-1", "recession coefficient of the upper zone"),
    "k2": ParameterSpec(0.0005, 0.2, "d-1", "recession coefficient of the lower zone"),
    "uzl": ParameterSpec(0.0, 100.0, "mm", "upper-zone threshold for fast flow"),
    "perc": ParameterSpec(0.0, 6.0, "mm d-1", "maximum percolation to the lower zone"),
    "maxbas": ParameterSpec(1.0, 7.0, "d", "base of the triangular routing function"),
    "pet_corr": ParameterSpec(0.5, 1.5, "-", "multiplier on the potential evaporation input"),
}
PARAMETER_NAMES: tuple[str, ...] = tuple(PARAMETER_SPECS)


@dataclass(frozen=True, slots=True)
class HBVParameters(Plain):
    """Model parameters; see :data:`PARAMETER_SPECS` for units and bounds.

    >>> HBVParameters(fc=300.0).fc
    300.0
    >>> HBVParameters(fc=10.0).validate()
    Traceback (most recent call last):
    ...
    shekara.methods.hydrology.errors.ParameterBoundsError: HYD006: ...
    """

    tt: float = 0.0
    tti: float = 1.0
    cfmax: float = 3.0
    sfcf: float = 1.0
    cfr: float = 0.05
    cwh: float = 0.1
    fc: float = 250.0
    lp: float = 0.7
    beta: float = 2.0
    k0: float = 0.2
    k1: float = 0.08
    k2: float = 0.02
    uzl: float = 20.0
    perc: float = 1.5
    maxbas: float = 2.5
    pet_corr: float = 1.0

    def validate(self) -> HBVParameters:
        """Raise :class:`ParameterBoundsError` (HYD006) if a value is out of bounds."""
        for name, spec in PARAMETER_SPECS.items():
            value = getattr(self, name)
            if not (math.isfinite(value) and spec.low <= value <= spec.high):
                raise ParameterBoundsError(
                    f"parameter {name}={value!r} outside [{spec.low}, {spec.high}] {spec.unit}",
                    column=name,
                )
        return self

    def to_array(self) -> Array:
        """Parameter vector in :data:`PARAMETER_NAMES` order."""
        return np.array([getattr(self, n) for n in PARAMETER_NAMES], dtype=np.float64)

    @classmethod
    def from_array(cls, values: ArrayLike) -> HBVParameters:
        arr = np.asarray(values, dtype=np.float64)
        if arr.shape != (len(PARAMETER_NAMES),):
            raise ParameterBoundsError(
                f"expected {len(PARAMETER_NAMES)} parameters, got shape {arr.shape}"
            )
        return cls(**{n: float(v) for n, v in zip(PARAMETER_NAMES, arr, strict=True)})

    @classmethod
    def from_dict(cls, values: Mapping[str, float]) -> HBVParameters:
        unknown = set(values) - set(PARAMETER_NAMES)
        if unknown:
            raise ParameterBoundsError(f"unknown parameter(s): {sorted(unknown)}")
        return cls(**{k: float(v) for k, v in values.items()})


@dataclass(frozen=True, slots=True)
class ModelState(Plain):
    """Storages in mm at the *end* of a day (the initial state for the next).

    ``routing`` holds water already generated but still in transit through
    the MAXBAS triangle: ``routing[i]`` leaves the catchment ``i + 1`` days
    later.
    """

    snow: float = 0.0
    liquid: float = 0.0
    sm: float = 0.0
    suz: float = 0.0
    slz: float = 0.0
    routing: tuple[float, ...] = ()

    @property
    def swe(self) -> float:
        """Snow water equivalent: solid plus liquid water in the pack, mm."""
        return self.snow + self.liquid

    @property
    def total(self) -> float:
        """All water held in the model, mm (the storage term of the balance)."""
        return self.snow + self.liquid + self.sm + self.suz + self.slz + float(sum(self.routing))

    @classmethod
    def typical(cls, params: HBVParameters) -> ModelState:
        """A neutral start: soil at LP·FC, empty snow, modest groundwater.

        Still needs a spin-up year; it only shortens the transient.
        """
        return cls(sm=params.lp * params.fc, suz=0.0, slz=TYPICAL_SLZ_MM)

    def scaled_swe(self, factor: float) -> ModelState:
        """Same state with solid and liquid snow multiplied by ``factor``."""
        return replace(self, snow=self.snow * factor, liquid=self.liquid * factor)


def mm_per_day_to_m3s(q_mm: ArrayLike, area_km2: float) -> Array:
    """Convert runoff depth (mm/day) over ``area_km2`` to discharge in m³/s.

    >>> float(mm_per_day_to_m3s([86.4], 1.0)[0])
    1.0
    """
    if not area_km2 > 0.0:
        raise ValueError("catchment area must be positive")
    return np.asarray(q_mm, dtype=np.float64) * area_km2 * 1e3 / SECONDS_PER_DAY


@dataclass(frozen=True)
class ModelResult:
    """Daily fluxes (mm/day) and end-of-day states (mm) of one run."""

    q_mm: Array
    q_m3s: Array | None
    area_km2: float | None
    rain: Array
    snowfall: Array
    melt: Array
    refreeze: Array
    pet: Array
    aet: Array
    soil_input: Array
    recharge: Array
    percolation: Array
    q0: Array
    q1: Array
    q2: Array
    snow: Array
    liquid: Array
    sm: Array
    suz: Array
    slz: Array
    routing: Array
    initial_state: ModelState
    final_state: ModelState
    parameters: HBVParameters = field(repr=False)

    @property
    def swe(self) -> Array:
        """Snow water equivalent (solid + liquid), mm."""
        return self.snow + self.liquid

    @property
    def storage(self) -> Array:
        """Total water held at the end of each day, mm."""
        return self.snow + self.liquid + self.sm + self.suz + self.slz + self.routing

    def water_balance_residual(self) -> float:
        """``Σ input − Σ AET − Σ Q − ΔS`` in mm; zero up to rounding.

        The input is the *corrected* precipitation (rain + SFCF·snowfall),
        because SFCF deliberately adds or removes water at the gauge.
        """
        p_in = float(np.sum(self.rain) + np.sum(self.snowfall))
        out = float(np.sum(self.aet) + np.sum(self.q_mm))
        ds = self.final_state.total - self.initial_state.total
        return p_in - out - ds


def _state_arrays(vec: Array, initial_state: ModelState | None) -> tuple[Array, Array, Array]:
    """(state vector, routing buffer, routing weights) for the kernel."""
    weights = K.maxbas_weights(float(vec[14]))
    if initial_state is None:
        # ModelState.typical without building the dataclass: SM = LP·FC.
        st = np.array([0.0, 0.0, vec[7] * vec[6], 0.0, TYPICAL_SLZ_MM])
        return st, np.zeros(weights.size), weights
    buf = np.zeros(max(weights.size, len(initial_state.routing) + 1), dtype=np.float64)
    # The stored in-transit water is released on the following days: put it
    # into the buffer so that tomorrow's release is buf[0].
    buf[: len(initial_state.routing)] = initial_state.routing
    w = np.zeros_like(buf)
    w[: weights.size] = weights
    s0 = initial_state
    st = np.array([s0.snow, s0.liquid, s0.sm, s0.suz, s0.slz])
    return st, buf, w


def simulate(
    params: HBVParameters,
    forcing: Forcing,
    *,
    initial_state: ModelState | None = None,
    area_km2: float | None = None,
    frozen: ArrayLike | None = None,
) -> ModelResult:
    """Run the model and return all fluxes and states.

    Args:
        params: model parameters (checked against their bounds).
        forcing: daily precipitation, temperature and PET (see :mod:`.pet`).
        initial_state: storages at the start; :meth:`ModelState.typical` if None.
        area_km2: catchment area; when given, discharge is also in m³/s.
        frozen: optional daily impermeable share of frozen ground (see :mod:`.frozen`);
            None keeps the original soil routine.
    """
    params.validate()
    p, t, e = forcing.precip, forcing.temp, forcing.pet
    par = params.to_array()
    state0 = initial_state if initial_state is not None else ModelState.typical(params)
    st, buf, w = _state_arrays(par, state0)
    out = np.zeros((K.N_OUT, p.size), dtype=np.float64)
    fz = None if frozen is None else check_share(as_series("frozen", frozen), p.size)
    if fz is None:
        K.hbv_kernel(par, p, t, e, st, buf, w, out, True)
    else:
        K.hbv_kernel(par, p, t, e, st, buf, w, out, True, fz)
    final = ModelState(
        snow=float(st[0]),
        liquid=float(st[1]),
        sm=float(st[2]),
        suz=float(st[3]),
        slz=float(st[4]),
        routing=tuple(float(x) for x in np.trim_zeros(buf[:-1], "b")),
    )
    q = out[K.OUT_Q].copy()
    return ModelResult(
        q_mm=q,
        q_m3s=None if area_km2 is None else mm_per_day_to_m3s(q, area_km2),
        area_km2=area_km2,
        rain=out[K.OUT_RAIN].copy(),
        snowfall=out[K.OUT_SNOWFALL].copy(),
        melt=out[K.OUT_MELT].copy(),
        refreeze=out[K.OUT_REFREEZE].copy(),
        pet=out[K.OUT_PET].copy(),
        aet=out[K.OUT_AET].copy(),
        soil_input=out[K.OUT_INFLOW].copy(),
        recharge=out[K.OUT_RECHARGE].copy(),
        percolation=out[K.OUT_PERC].copy(),
        q0=out[K.OUT_Q0].copy(),
        q1=out[K.OUT_Q1].copy(),
        q2=out[K.OUT_Q2].copy(),
        snow=out[K.OUT_SNOW].copy(),
        liquid=out[K.OUT_LIQUID].copy(),
        sm=out[K.OUT_SM].copy(),
        suz=out[K.OUT_SUZ].copy(),
        slz=out[K.OUT_SLZ].copy(),
        routing=out[K.OUT_ROUTING].copy(),
        initial_state=state0,
        final_state=final,
        parameters=params,
    )


def simulate_discharge(
    params: HBVParameters | Array,
    forcing: Forcing,
    *,
    initial_state: ModelState | None = None,
    frozen: ArrayLike | None = None,
) -> Array:
    """Discharge only (mm/day) — the lean path used inside calibration loops.

    Accepts a parameter vector in :data:`PARAMETER_NAMES` order to skip the
    dataclass round trip; bounds are *not* re-checked on that path because
    the optimiser already respects them.
    """
    if isinstance(params, HBVParameters):
        par = params.validate().to_array()
    else:
        par = np.ascontiguousarray(params, dtype=np.float64)
        if par.shape != (K.N_PAR,):
            raise ParameterBoundsError(f"expected {K.N_PAR} parameters, got shape {par.shape}")
    p, t, e = forcing.precip, forcing.temp, forcing.pet
    st, buf, w = _state_arrays(par, initial_state)
    out = np.empty((1, p.size), dtype=np.float64)
    fz = None if frozen is None else check_share(as_series("frozen", frozen), p.size)
    if fz is None:
        K.hbv_kernel(par, p, t, e, st, buf, w, out, False)
    else:
        K.hbv_kernel(par, p, t, e, st, buf, w, out, False, fz)
    q: Array = out[0]
    return q


def simulate_batch(
    params: Sequence[HBVParameters] | Array,
    precip: ArrayLike,
    temp: ArrayLike,
    pet: ArrayLike,
    *,
    initial_states: Sequence[ModelState] | None = None,
    use_numba: bool | None = None,
    frozen: ArrayLike | None = None,
) -> Array:
    """Discharge (mm/day) of ``m`` members, shape (m, n).

    ``params`` is a sequence of parameter sets or an (m, 16) array. Forcing
    may be (n,) — shared by all members — or (m, n) (one scenario per member,
    as in an ensemble forecast). Uses the compiled loop when numba is present,
    otherwise the NumPy kernel vectorised over members.
    """
    if isinstance(params, np.ndarray):
        pars = np.ascontiguousarray(params, dtype=np.float64)
        if pars.ndim != 2 or pars.shape[1] != K.N_PAR:
            raise ParameterBoundsError(f"parameter matrix must be (m, {K.N_PAR})")
    else:
        pars = np.array([p.validate().to_array() for p in params], dtype=np.float64)
    m = pars.shape[0]

    def forcing(name: str, values: ArrayLike) -> Array:
        arr = np.asarray(values, dtype=np.float64)
        if arr.ndim == 1:
            arr = arr[None, :]  # shared by all members; never copied m times
        if arr.ndim != 2 or arr.shape[0] not in (1, m):
            raise MisalignedSeriesError(f"{name} must be (n,) or ({m}, n)", column=name)
        if not np.all(np.isfinite(arr)):
            raise MisalignedSeriesError("non-finite forcing", column=name)
        return np.ascontiguousarray(arr)

    p = forcing("precipitation", precip)
    t = forcing("temperature", temp)
    e = forcing("pet", pet)
    n = p.shape[1]
    if not (t.shape[1] == n and e.shape[1] == n):
        raise MisalignedSeriesError("forcing lengths differ")
    if initial_states is not None and len(initial_states) != m:
        raise MisalignedSeriesError(f"expected {m} initial states, got {len(initial_states)}")

    w_list = [K.maxbas_weights(float(x)) for x in pars[:, 14]]
    width = max(w.size for w in w_list)
    if initial_states is not None:
        width = max(width, *(len(s.routing) + 1 for s in initial_states))
    weights = np.zeros((m, width))
    bufs = np.zeros((m, width))
    for j, w in enumerate(w_list):
        weights[j, : w.size] = w
    states = np.zeros((m, K.N_STATE))
    if initial_states is None:
        # ModelState.typical, vectorised: SM = LP·FC, SLZ = 20 mm.
        states[:, 2] = pars[:, 7] * pars[:, 6]
        states[:, 4] = TYPICAL_SLZ_MM
    else:
        for j, s in enumerate(initial_states):
            states[j] = (s.snow, s.liquid, s.sm, s.suz, s.slz)
            bufs[j, : len(s.routing)] = s.routing

    fz = None if frozen is None else forcing("frozen", frozen)
    if fz is not None and (fz.shape[1] != n or np.any((fz < 0) | (fz > 1))):
        raise MisalignedSeriesError(
            "frozen share must be in [0, 1], one value a day", column="frozen"
        )
    numba_on = HAVE_NUMBA if use_numba is None else (use_numba and HAVE_NUMBA)
    batch = K.Batch(pars, p, t, e, states, bufs, weights)
    if numba_on:
        q = np.empty((m, n))
        if fz is None:
            K.hbv_batch_numba(*batch, q)
        else:
            K.hbv_batch_numba(*batch, q, fz)
        return q
    return K.hbv_batch_numpy(batch, fz)
