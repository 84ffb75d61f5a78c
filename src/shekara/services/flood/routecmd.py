"""What-if routing of a user hydrograph: a reach, a chain of network reaches, or a reservoir.

>>> out = route_hydrograph(RouteRequest(["d1", "d2", "d3"], [0.0, 10.0, 0.0], [], 24.0, 0.5))
>>> [r.outflow_m3s for r in out.series]
[0.0, 0.0, 10.0]
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated

import numpy as np
from pydantic import Field

from shekara.methods.routing import (
    MuskingumParameters,
    OperatingRule,
    RoutingError,
    route_reach,
    route_with_rule,
)
from shekara.plain import Plain, absent
from shekara.services.flood.network import load_network
from shekara.services.flood.propagate import reservoir_model


@dataclass
class RouteRequest:
    days: list[str]
    inflow_m3s: list[float]
    reaches: list[str] = field(default_factory=list)
    k_hours: float | None = None
    x: float = 0.2
    reservoir: str | None = None
    rule: str = "crest_spill"
    release_m3s: float = 0.0
    target_level_m: float | None = None
    initial_level_m: float | None = None


@dataclass(frozen=True)
class ReservoirPassage(Plain):
    """How the hydrograph passed the reservoir: peak level, overtopping, mass balance."""

    id: str
    peak_level_m: float
    overtopped: bool
    assumed: Annotated[list[str], Field(description="Fields of the reservoir that are assumed.")]
    mass_balance_residual_m3: float


@dataclass(frozen=True)
class RoutedDay(Plain):
    """A day's inflow and outflow (m³/s) and, through a reservoir, its level (m)."""

    day: str
    inflow_m3s: float
    outflow_m3s: float
    level_m: Annotated[float | None, Field(exclude_if=absent)] = None


@dataclass(frozen=True)
class RoutedHydrograph(Plain):
    """``POST /api/flood/route``, ``shekara flood route``: the routed hydrograph and volumes."""

    reservoir: Annotated[ReservoirPassage | None, Field(exclude_if=absent)]
    reaches: Annotated[
        list[str] | None,
        Field(exclude_if=absent, description="The reaches in order, or ['user'] for K and X."),
    ]
    volume_in_m3: float
    volume_out_m3: float
    series: list[RoutedDay]


def route_hydrograph(req: RouteRequest) -> RoutedHydrograph:
    """Route *req*; raises :class:`RoutingError` (``RTE…``) on bad input."""
    q = np.asarray(req.inflow_m3s, dtype=np.float64)
    net = load_network()
    passage: ReservoirPassage | None = None
    reaches: list[str] | None = None
    if req.reservoir:
        spec = net.reservoirs.get(req.reservoir)
        if spec is None:
            raise RoutingError("RTE030", f"{req.reservoir!r} is not a reservoir of the networks")
        if req.rule not in ("crest_spill", "target_level", "schedule"):
            raise RoutingError("RTE013", f"unknown operating rule {req.rule!r}")
        rule = OperatingRule(req.rule, schedule=[req.release_m3s] * q.size,  # type: ignore[arg-type]
                             target_level_m=req.target_level_m, min_release_m3s=req.release_m3s)  # fmt: skip
        res = route_with_rule(reservoir_model(spec), q, rule,
                              initial_level_m=req.initial_level_m or spec.nrl_m - 1.0)  # fmt: skip
        flow = res.outflow_m3s
        passage = ReservoirPassage(req.reservoir, round(res.peak_level_m, 3), res.overtopped,
                                   list(spec.assumed), res.mass_balance_residual_m3())  # fmt: skip
        levels: list[float | None] = [round(float(v), 3) for v in res.level_m]
    else:
        params: list[MuskingumParameters] = []
        if req.reaches:
            by_id = {r.reach_id: r for b in net.basins for r in b.reaches}
            for rid in req.reaches:
                if rid not in by_id:
                    raise RoutingError("RTE031", f"unknown reach {rid!r}")
                params.append(MuskingumParameters(by_id[rid].k_hours, by_id[rid].x))
        elif req.k_hours is not None:
            params.append(MuskingumParameters(req.k_hours, req.x))
        else:
            raise RoutingError("RTE032", "give --reach, --k-hours or --reservoir")
        flow = q
        for p in params:
            flow = route_reach(flow, p)
        levels = [None] * q.size
        reaches = req.reaches or ["user"]
    series = [
        RoutedDay(d, round(float(a), 3), round(float(b), 3), level)
        for d, a, b, level in zip(req.days, q, flow, levels, strict=True)
    ]
    return RoutedHydrograph(passage, reaches, float(np.trapezoid(q) * 86_400.0),
                            float(np.trapezoid(flow) * 86_400.0), series)  # fmt: skip
