"""Muskingum and Muskingum–Cunge routing of a discharge hydrograph along a reach.

The Muskingum storage relation ``S = K·(X·I + (1 − X)·O)`` with continuity, discretised
over a step ``Δt``, gives ``O₂ = C₀·I₂ + C₁·I₁ + C₂·O₁`` with

    D  = 2K(1 − X) + Δt
    C₀ = (Δt − 2KX)/D,  C₁ = (Δt + 2KX)/D,  C₂ = (2K(1 − X) − Δt)/D,   C₀ + C₁ + C₂ = 1

(Chow, Maidment & Mays 1988, *Applied Hydrology*, eq. 8.4.7; their Example 8.4.1 with
K = 2.3 h, X = 0.15, Δt = 1 h gives C₀ = 0.0631, C₁ = 0.3442, C₂ = 0.5927). Discharges
are instantaneous values at the step boundaries.

The coefficients are non-negative (no negative outflow, no spurious dip) only when
``2KX ≤ Δt ≤ 2K(1 − X)``. A long reach is therefore split into ``n`` equal sub-reaches and
each step into ``m`` sub-steps (inflow linearly interpolated) so that every sub-problem
satisfies the condition; ``K = 0`` passes the hydrograph through unchanged.

Muskingum–Cunge (Cunge 1969; Ponce & Yevjevich 1978) takes K and X from the channel:
``K = Δx/c`` and ``X = ½·(1 − Q/(B·S₀·c·Δx))`` with the wave celerity c, the reference
discharge Q, top width B and bed slope S₀ — the scheme then matches the physical diffusion
of a flood wave. Here the parameters are constant (evaluated at the reference discharge).

Pure translation: X = 0.5 and K = Δt give C₀ = C₂ = 0 and C₁ = 1, so ``O[t] = I[t − 1]``.

>>> route_reach([0.0, 10.0, 0.0, 0.0], MuskingumParameters(k_hours=24.0, x=0.5)).tolist()
[0.0, 0.0, 10.0, 0.0]
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from shekara.coded import CodedError


class RoutingError(CodedError, ValueError):
    """Invalid routing input; ``code`` is stable (``RTE001``…)."""


@dataclass(frozen=True, slots=True)
class MuskingumParameters:
    """Travel time K (hours) and weighting X (0 ≤ X ≤ 0.5) of a reach."""

    k_hours: float
    x: float

    def check(self) -> MuskingumParameters:
        if not (math.isfinite(self.k_hours) and self.k_hours >= 0):
            raise RoutingError("RTE001", f"K must be >= 0 hours, got {self.k_hours!r}")
        if not (math.isfinite(self.x) and 0.0 <= self.x <= 0.5):
            raise RoutingError("RTE002", f"X must lie in [0, 0.5], got {self.x!r}")
        return self


def muskingum_coefficients(k_s: float, x: float, dt_s: float) -> tuple[float, float, float]:
    """(C₀, C₁, C₂) for K and Δt in the same unit.

    >>> [round(c, 4) for c in muskingum_coefficients(2.3, 0.15, 1.0)]
    [0.0631, 0.3442, 0.5927]
    """
    d = 2.0 * k_s * (1.0 - x) + dt_s
    return (
        (dt_s - 2.0 * k_s * x) / d,
        (dt_s + 2.0 * k_s * x) / d,
        (2.0 * k_s * (1.0 - x) - dt_s) / d,
    )


def cunge_parameters(
    length_km: float,
    celerity_ms: float,
    reference_q_m3s: float,
    width_m: float,
    slope: float,
) -> MuskingumParameters:
    """Muskingum–Cunge K and X of a reach (X clipped to [0, 0.5]).

    >>> p = cunge_parameters(100.0, 1.0, 500.0, 200.0, 1e-4)
    >>> round(p.k_hours, 3), round(p.x, 3)
    (27.778, 0.375)
    """
    for name, v in (
        ("length_km", length_km),
        ("celerity_ms", celerity_ms),
        ("reference_q_m3s", reference_q_m3s),
        ("width_m", width_m),
        ("slope", slope),
    ):
        if not (math.isfinite(v) and v > 0):
            raise RoutingError("RTE003", f"{name} must be > 0, got {v!r}")
    dx = length_km * 1000.0
    x = 0.5 * (1.0 - reference_q_m3s / (width_m * slope * celerity_ms * dx))
    return MuskingumParameters(dx / celerity_ms / 3600.0, min(max(x, 0.0), 0.5))


def _subdivision(k_s: float, x: float, dt_s: float) -> tuple[int, int]:
    """Sub-reaches n and sub-steps m so that 2(K/n)X ≤ Δt/m ≤ 2(K/n)(1 − X)."""
    if k_s == 0.0:
        return 1, 1
    n = max(1, round(k_s / dt_s))
    ks = k_s / n
    # shrink the step until Δt/m ≤ 2·ks·(1 − X); then Δt/m ≥ 2·ks·X holds for X ≤ 0.5
    m = max(1, math.ceil(dt_s / (2.0 * ks * (1.0 - x)) - 1e-12))
    for _ in range(50):  # X near 0.5 may admit no exact fit; then C₀ is slightly negative
        if dt_s / m >= 2.0 * ks * x - 1e-9 * dt_s:
            break
        n += 1
        ks = k_s / n
        m = max(1, math.ceil(dt_s / (2.0 * ks * (1.0 - x)) - 1e-12))
    return n, m


def route_reach(
    inflow_m3s: ArrayLike,
    params: MuskingumParameters,
    *,
    dt_s: float = 86_400.0,
    initial_outflow_m3s: float | None = None,
) -> NDArray[np.float64]:
    """Outflow hydrograph of a reach at the same instants as the inflow.

    The reach starts in steady state at ``initial_outflow_m3s`` (default: the first inflow).
    """
    q = np.asarray(inflow_m3s, dtype=np.float64)
    params.check()
    if q.ndim != 1 or q.size == 0:
        raise RoutingError("RTE004", "inflow must be a non-empty 1-D series")
    if not np.all(np.isfinite(q)) or np.any(q < 0):
        raise RoutingError("RTE005", "inflow must be finite and >= 0")
    if not (math.isfinite(dt_s) and dt_s > 0):
        raise RoutingError("RTE006", f"time step must be > 0 s, got {dt_s!r}")
    k_s = params.k_hours * 3600.0
    if k_s == 0.0:
        return q.copy()
    n, m = _subdivision(k_s, params.x, dt_s)
    c0, c1, c2 = muskingum_coefficients(k_s / n, params.x, dt_s / m)
    # fine inflow series: m sub-steps per step, linearly interpolated
    fine = np.interp(np.arange((q.size - 1) * m + 1) / m, np.arange(q.size), q)
    o0 = float(q[0] if initial_outflow_m3s is None else initial_outflow_m3s)
    for _ in range(n):
        out = np.empty_like(fine)
        out[0] = o0
        for t in range(1, fine.size):
            out[t] = c0 * fine[t] + c1 * fine[t - 1] + c2 * out[t - 1]
        fine = out
    return np.asarray(fine[::m], dtype=np.float64)


def route_chain(
    inflow_m3s: ArrayLike,
    reaches: Sequence[MuskingumParameters],
    *,
    dt_s: float = 86_400.0,
    lateral_m3s: Sequence[ArrayLike | None] | None = None,
) -> list[NDArray[np.float64]]:
    """Route through reaches in downstream order; returns the outflow of each reach.

    ``lateral_m3s[i]`` (optional) is added to the inflow of reach ``i`` (a tributary).
    """
    out: list[NDArray[np.float64]] = []
    q = np.asarray(inflow_m3s, dtype=np.float64)
    for i, p in enumerate(reaches):
        lat = None if lateral_m3s is None else lateral_m3s[i]
        if lat is not None:
            q = q + np.asarray(lat, dtype=np.float64)
        q = route_reach(q, p, dt_s=dt_s)
        out.append(q)
    return out
