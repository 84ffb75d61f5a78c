"""Flow through a basin network: reaches by Muskingum, reservoirs by level pool.

:func:`propagate` takes daily discharge at the head of each basin and the lateral inflow
entering at each node, and returns the discharge at every node. The basins run in the
order Ural, Tobol, Yesil, Irtysh, so the Tobol and Ishim arrive at their confluence nodes
on the Irtysh (``tobolsk``, ``yesil-mouth``) as lateral inflow.

Reservoirs run the ``crest_spill`` rule by default (release a minimum, spill above the
crest), starting one metre below the normal retention level — both assumptions of the
screening model, replaceable per call with ``rules`` / ``start_levels``.

The stage–discharge rating used to turn discharge into a post level is an ASSUMPTION:
``h = h_danger · (Q/Q_danger)^0.6`` (a power law with the exponent typical of natural
channels), anchored on the post's flagged danger pair.

>>> round(float(level_from_discharge(1000.0, 1000.0, 700.0)), 1)
700.0
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from numpy.typing import NDArray

from shekara.methods.hydrology.reservoir import Reservoir, RoutingResult
from shekara.methods.routing import (
    MuskingumParameters,
    OperatingRule,
    prismatic_reservoir,
    route_reach,
    route_with_rule,
)
from shekara.services.flood.network import BASIN_ORDER, Network, ReservoirSpec

RATING_EXPONENT = 0.6  # ASSUMPTION


def level_from_discharge(
    q: float | NDArray[np.float64], danger_q: float, danger_cm: float
) -> NDArray[np.float64]:
    """Post level (cm) from discharge through the assumed power-law rating."""
    return np.asarray(danger_cm * (np.maximum(q, 0.0) / danger_q) ** RATING_EXPONENT)


def reservoir_model(spec: ReservoirSpec) -> Reservoir:
    return prismatic_reservoir(
        spec.node_id, area_km2=spec.area_km2, volume_mcm=spec.volume_mcm, nrl_m=spec.nrl_m,
        outlet_m3s=spec.outlet_m3s, spillway_m=spec.spillway_m,
    )  # fmt: skip


def default_rule(net: Network, node_id: str) -> OperatingRule:
    mean = net.node(node_id).mean_q_m3s or 0.0
    return OperatingRule("crest_spill", min_release_m3s=mean)


def propagate(
    net: Network,
    heads: Mapping[str, NDArray[np.float64]],
    lateral: Mapping[str, NDArray[np.float64]],
    *,
    days: int,
    rules: Mapping[str, OperatingRule] | None = None,
    start_levels: Mapping[str, float] | None = None,
    reservoir_results: dict[str, RoutingResult] | None = None,
    substeps: int = 24,
) -> dict[str, NDArray[np.float64]]:
    """Daily discharge (m³/s) at every node; reservoirs give their outflow."""
    flows: dict[str, NDArray[np.float64]] = {}
    pending: dict[str, NDArray[np.float64]] = {}
    for bid in BASIN_ORDER:
        basin = net.basin(bid)
        ids = basin.node_ids
        q = np.asarray(heads.get(ids[0], np.zeros(days)), dtype=np.float64)
        for i, nid in enumerate(ids):
            if i > 0:
                reach = basin.reaches[i - 1]
                q = route_reach(q, MuskingumParameters(reach.k_hours, reach.x))
            for extra in (
                (lateral.get(nid), pending.pop(nid, None)) if i > 0 else (pending.pop(nid, None),)
            ):
                if extra is not None:
                    q = q + extra
            if nid in net.reservoirs:
                spec = net.reservoirs[nid]
                rule = (rules or {}).get(nid) or default_rule(net, nid)
                start = (start_levels or {}).get(nid, spec.nrl_m - 1.0)
                res = route_with_rule(
                    reservoir_model(spec), q, rule, initial_level_m=start, substeps=substeps
                )
                if reservoir_results is not None:
                    reservoir_results[nid] = res
                q = res.outflow_m3s
            if nid == ids[-1] and net.node(nid).basin_id != bid:
                pending[nid] = q  # joins the next basin's main stem here
            else:
                flows[nid] = q
    return flows
