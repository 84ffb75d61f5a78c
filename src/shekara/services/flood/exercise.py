"""A generated exercise season for the four networks — "exercise — not observed".

No daily series of these rivers ships, so the workflow (exchange, forecast, plan,
bulletin) is exercised on a season made here, deterministically from a seed:

1. each basin head gets its mean flow; every post and reservoir gets a lateral snowmelt
   wave ``Qp·(t/tp)³·exp(3(1 − t/tp))`` whose peak ``Qp`` is drawn between 5 % and 30 %
   of the next post's (assumed) danger discharge, and whose peak day ``tp`` is drawn
   between day 12 and 35 (uniform, seeded ``numpy.random.default_rng``);
2. the flows are propagated through the network (:func:`.propagate.propagate`);
3. daily discharge gets ±3 % seeded noise; levels come from the assumed rating; the ice
   cover breaks up on a seeded day (ice cover → ice drift for 3 days → open water);
4. reservoirs report the level-pool routing's level, volume, inflow and outflow.

Every row carries ``exercise = true``. Re-running with the same seed gives the same file.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np

from shekara.methods.hydrology.reservoir import RoutingResult
from shekara.services.flood.exchange import Row
from shekara.services.flood.network import Network, load_network
from shekara.services.flood.propagate import level_from_discharge, propagate

DEFAULT_START = date(2026, 3, 20)
DEFAULT_DAYS = 60
DEFAULT_SEED = 20260320


def _wave(days: int, peak: float, tp: float) -> np.ndarray:
    t = np.arange(days, dtype=np.float64) + 0.5
    x = t / tp
    return np.asarray(peak * x**3 * np.exp(3.0 * (1.0 - x)))


def _next_danger(net: Network, nid: str) -> float:
    for b in net.basins:
        ids = b.node_ids
        if nid in ids:
            for later in ids[ids.index(nid) :]:
                dq = net.node(later).danger_q_m3s
                if dq:
                    return dq
    return 1000.0


def season_flows(
    net: Network, *, days: int, seed: int
) -> tuple[dict[str, np.ndarray], dict[str, RoutingResult], np.random.Generator]:
    rng = np.random.default_rng(seed)
    heads = {
        b.node_ids[0]: np.full(days, net.node(b.node_ids[0]).mean_q_m3s or 10.0) for b in net.basins
    }
    lateral: dict[str, np.ndarray] = {}
    for nid, node in net.nodes.items():
        if node.kind in ("post", "reservoir"):
            peak = rng.uniform(0.05, 0.3) * _next_danger(net, nid)
            lateral[nid] = _wave(days, peak, rng.uniform(12.0, 35.0))
    results: dict[str, RoutingResult] = {}
    flows = propagate(net, heads, lateral, days=days, reservoir_results=results)
    return flows, results, rng


def exercise_rows(
    *,
    start: date = DEFAULT_START,
    days: int = DEFAULT_DAYS,
    seed: int = DEFAULT_SEED,
    net: Network | None = None,
) -> list[Row]:
    """The exercise season as bulletin rows (posts and reservoirs, every day)."""
    net = net or load_network()
    flows, results, rng = season_flows(net, days=days, seed=seed)
    rows: list[Row] = []
    for nid, node in net.nodes.items():
        side = node.country
        if node.kind == "post" and node.danger_q_m3s and node.danger_level_cm:
            q = np.round(flows[nid] * rng.uniform(0.97, 1.03, days), 1)
            h = np.round(level_from_discharge(q, node.danger_q_m3s, node.danger_level_cm), 0)
            breakup = int(rng.integers(3, 20))
            for d in range(days):
                day = start + timedelta(days=d)
                ice = "ice_cover" if d < breakup else "ice_drift" if d < breakup + 3 else "open"
                rows += [Row(side, nid, day, "level", float(h[d]), True, 0),
                         Row(side, nid, day, "discharge", float(q[d]), True, 0),
                         Row(side, nid, day, "ice", ice, True, 0)]  # fmt: skip
        elif node.kind == "reservoir":
            r = results[nid]
            for d in range(days):
                day = start + timedelta(days=d)
                rows += [Row(side, nid, day, "res_level", round(float(r.level_m[d]), 2), True, 0),
                         Row(side, nid, day, "volume", round(float(r.storage_m3[d]) / 1e6, 1), True, 0),
                         Row(side, nid, day, "inflow", round(float(r.inflow_m3s[d]), 1), True, 0),
                         Row(side, nid, day, "outflow", round(float(r.outflow_m3s[d]), 1), True, 0)]  # fmt: skip
    return rows
