"""Reservoir operating rules on the level-pool integrator of the hydrology core.

The continuity integration, spillway, outlet and dam-crest physics are those of
:func:`shekara.methods.hydrology.reservoir.route` (implicit Euler, volume balance closed by
construction; the outlet never releases water that is not in the pool). This module only
adds the *operating rules* the flood-season exchange speaks of:

* ``schedule`` — a release in m³/s per day agreed by the operator;
* ``target_level`` — release what keeps the pool at a target level (draw down towards it,
  fill towards it), within ``min_release``/the outlet capacity;
* ``crest_spill`` — hold the pool (release only ``min_release``) and let the free spillway
  pass everything above its crest.

and a simple prismatic reservoir built from the few numbers a network record holds
(area and volume at the normal retention level), for use where no level–area table exists.

>>> res = prismatic_reservoir("demo", area_km2=10.0, volume_mcm=50.0, nrl_m=100.0,
...                           outlet_m3s=100.0, spillway_m=20.0)
>>> round(res.table.storage_at(100.0) / 1e6, 3)
50.0
>>> r = route_with_rule(res, [50.0] * 5, OperatingRule("schedule", schedule=[50.0] * 5),
...                     initial_level_m=99.0)
>>> round(float(r.level_m[-1]), 6)
99.0
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike

from shekara.methods.hydrology.reservoir import (
    ControlledOutlet,
    ReleaseRule,
    Reservoir,
    RoutingResult,
    Spillway,
    StorageTable,
    route,
)
from shekara.methods.routing.muskingum import RoutingError

RuleKind = Literal["schedule", "target_level", "crest_spill"]

#: ASSUMPTION used by :func:`prismatic_reservoir`: dam crest this far above the NRL (m).
FREEBOARD_M = 3.0


@dataclass(frozen=True)
class OperatingRule:
    """One of the three operating rules; see the module docstring."""

    kind: RuleKind
    schedule: Sequence[float] = field(default_factory=tuple)
    target_level_m: float | None = None
    min_release_m3s: float = 0.0

    def release_rule(self, reservoir: Reservoir, n_steps: int, dt_s: float) -> ReleaseRule:
        """The per-sub-step release decision for :func:`route`."""
        qmin = self.min_release_m3s
        if not (math.isfinite(qmin) and qmin >= 0):
            raise RoutingError("RTE010", f"minimum release must be >= 0, got {qmin!r}")
        if self.kind == "schedule":
            sched = np.asarray(self.schedule, dtype=np.float64)
            if sched.shape != (n_steps,) or not np.all(np.isfinite(sched)) or np.any(sched < 0):
                raise RoutingError(
                    "RTE011", f"a schedule needs {n_steps} releases >= 0, got {sched.size}"
                )
            return lambda _lvl, _q, i: float(sched[i])
        if self.kind == "crest_spill":
            return lambda _lvl, _q, _i: qmin
        if self.kind == "target_level":
            if self.target_level_m is None or not math.isfinite(self.target_level_m):
                raise RoutingError("RTE012", "a target-level rule needs a target level")
            s_target = reservoir.table.storage_at(self.target_level_m)
            tab = reservoir.table

            def rule(level: float, q_in: float, _i: int) -> float:
                # release the inflow plus the excess over the target spread over one day
                excess = (tab.storage_at(level) - s_target) / dt_s
                return max(qmin, q_in + excess)

            return rule
        raise RoutingError("RTE013", f"unknown operating rule {self.kind!r}")


def prismatic_reservoir(
    name: str,
    *,
    area_km2: float,
    volume_mcm: float,
    nrl_m: float,
    outlet_m3s: float,
    spillway_m: float,
    spillway_coefficient: float = 2.0,
) -> Reservoir:
    """A reservoir of constant area: storage zero at ``nrl − volume/area``, free spillway
    crest at the NRL, dam crest :data:`FREEBOARD_M` above it, outlet invert at the bottom.

    Every geometric detail beyond area and volume is an assumption; it is meant for the
    exchange's screening studies, not dam safety.
    """
    for label, v in (
        ("area_km2", area_km2),
        ("volume_mcm", volume_mcm),
        ("outlet_m3s", outlet_m3s),
    ):
        if not (math.isfinite(v) and v > 0):
            raise RoutingError("RTE014", f"{label} must be > 0, got {v!r}")
    depth = volume_mcm / area_km2  # mean depth, m (10⁶ m³ / 10⁶ m²)
    bottom = nrl_m - depth
    top = nrl_m + 2 * FREEBOARD_M
    table = StorageTable(
        np.array([bottom, nrl_m, top]),
        np.full(3, area_km2 * 1e6),
        np.array([0.0, volume_mcm * 1e6, (volume_mcm + area_km2 * 2 * FREEBOARD_M) * 1e6]),
    )
    return Reservoir(
        name=name,
        table=table,
        spillway=Spillway(nrl_m, spillway_m, spillway_coefficient),
        outlet=ControlledOutlet(outlet_m3s, bottom),
        dam_crest_level_m=nrl_m + FREEBOARD_M,
        dam_crest_length_m=max(spillway_m * 10.0, 100.0),
    )


def route_with_rule(
    reservoir: Reservoir,
    inflow_m3s: ArrayLike,
    rule: OperatingRule,
    *,
    initial_level_m: float,
    dt_s: float = 86_400.0,
    substeps: int = 24,
    start_date: str | None = None,
) -> RoutingResult:
    """Level-pool routing of daily-mean inflows under an operating rule."""
    q = np.asarray(inflow_m3s, dtype=np.float64)
    release = rule.release_rule(reservoir, int(q.size), dt_s)
    return route(
        reservoir,
        q,
        initial_level_m=initial_level_m,
        release=release,
        dt_s=dt_s,
        substeps=substeps,
        start_date=start_date,
    )
