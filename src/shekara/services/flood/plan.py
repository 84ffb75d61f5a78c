"""Reservoir coordination: drawdown before a flood, a safe release, a proposal's effect.

For one reservoir and the forecast of :mod:`.forecast` (median trend, ``g = 0``):

* **flood volume** at probability ``p``: the ``p``-quantile over the ensemble members of the
  inflow volume above the current release over the horizon (or a volume the user gives);
* **safe release**: among constant releases from 0 to the outlet capacity (21 values), the
  largest that keeps every downstream post (both sides of the border) below its danger
  discharge; when none does, the one with the smallest worst peak/danger ratio. Only constant
  schedules are searched — a limitation stated in every output;
* **drawdown**: free capacity needed before the flood, ``max(0, V_p − (Q_safe − Q_now)·T)``,
  against the free capacity now (NRL volume − current volume), and the level to draw down to;
* **effect of a proposed schedule**: peak discharge, peak day and alert class at every
  downstream post with the default rule and with the proposal, side by side, grouped by
  country.

Reservoir geometry and danger levels are mostly assumptions (flagged in the output).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from shekara.methods.routing import OperatingRule
from shekara.services.flood.forecast import (
    ForecastError,
    ForecastInputs,
    NetworkForecast,
    alert_class,
)
from shekara.services.flood.propagate import reservoir_model

GRID = 21


def downstream_posts(fi: ForecastInputs, node_id: str) -> list[str]:
    """Posts below *node_id*, following the chain into the next basin at a confluence."""
    out: list[str] = []
    current = node_id
    for _ in range(len(fi.net.nodes)):
        reach = next((r for b in fi.net.basins for r in b.reaches if r.from_node == current), None)
        if reach is None:
            break
        current = reach.to_node
        n = fi.net.node(current)
        if n.kind == "post" and n.danger_q_m3s:
            out.append(current)
    return out


def _peaks(
    fi: ForecastInputs, flows: dict[str, NDArray[np.float64]], posts: list[str]
) -> dict[str, tuple[float, int]]:
    h = fi.history
    return {p: (float(flows[p][h:].max()), int(np.argmax(flows[p][h:]))) for p in posts}


def _worst_ratio(fi: ForecastInputs, peaks: dict[str, tuple[float, int]]) -> float:
    return max(
        (q / (fi.net.node(p).danger_q_m3s or np.inf) for p, (q, _d) in peaks.items()), default=0.0
    )


def effect(fi: ForecastInputs, node_id: str, schedule: Sequence[float]) -> dict[str, Any]:
    """Downstream effect of a proposed release schedule (one value per horizon day)."""
    if len(schedule) != fi.horizon or any(not (v >= 0) for v in schedule):
        raise ForecastError("FLF010", f"a schedule needs {fi.horizon} releases >= 0 m³/s")
    posts = downstream_posts(fi, node_id)
    now = fi.rules.get(node_id)
    hist = [now.min_release_m3s if now else 0.0] * fi.history
    base = _peaks(fi, fi.run(0.0), posts)
    prop = _peaks(
        fi, fi.run(0.0, {node_id: OperatingRule("schedule", schedule=[*hist, *schedule])}), posts
    )
    dates = fi.dates()[fi.history :]
    rows = []
    for p in posts:
        node = fi.net.node(p)
        dq = node.danger_q_m3s
        rows.append({
            "post": p, "country": node.country, "danger_q_m3s": dq,
            "baseline_peak_m3s": round(base[p][0], 1), "baseline_peak_day": dates[base[p][1]],
            "baseline_alert": alert_class(base[p][0], dq, 1.0 if dq and base[p][0] > dq else 0.0),
            "proposal_peak_m3s": round(prop[p][0], 1), "proposal_peak_day": dates[prop[p][1]],
            "proposal_alert": alert_class(prop[p][0], dq, 1.0 if dq and prop[p][0] > dq else 0.0),
            "change_m3s": round(prop[p][0] - base[p][0], 1),
        })  # fmt: skip
    return {
        "by_country": {c: [r for r in rows if r["country"] == c] for c in ("KZ", "RU")},
        "posts": rows,
    }


def reservoir_plan(
    fi: ForecastInputs,
    forecast: NetworkForecast,
    node_id: str,
    *,
    probability: float = 0.9,
    flood_volume_mcm: float | None = None,
    schedule: Sequence[float] | None = None,
) -> dict[str, Any]:
    """Drawdown, safe constant release and (optionally) a proposal's effect for *node_id*."""
    if node_id not in fi.net.reservoirs:
        raise ForecastError("FLF011", f"{node_id!r} is not a reservoir of the networks")
    if not 0.0 < probability < 1.0:
        raise ForecastError("FLF012", "probability must lie strictly between 0 and 1")
    spec = fi.net.reservoirs[node_id]
    res = reservoir_model(spec)
    q_now = fi.rules[node_id].min_release_m3s if node_id in fi.rules else 0.0
    days_s = fi.horizon * 86_400.0
    members = forecast.reservoirs[node_id].inflow_volume_members_mcm
    base_vol = q_now * days_s / 1e6
    v_p = (float(np.quantile(np.asarray(members) - base_vol, probability))
           if flood_volume_mcm is None else float(flood_volume_mcm))  # fmt: skip
    v_p = max(v_p, 0.0)
    level_now = fi.start_levels.get(node_id, spec.nrl_m)
    free_now = spec.volume_mcm - res.table.storage_at(level_now) / 1e6
    posts = downstream_posts(fi, node_id)
    hist = [q_now] * fi.history
    trials = []
    for r in np.linspace(0.0, spec.outlet_m3s, GRID):
        flows = fi.run(
            0.0, {node_id: OperatingRule("schedule", schedule=[*hist, *([float(r)] * fi.horizon)])}
        )
        trials.append((_worst_ratio(fi, _peaks(fi, flows, posts)), float(r)))
    safe = [t for t in trials if t[0] < 1.0]
    # the largest release that keeps every post below danger frees the most room
    ratio, q_safe = max(safe, key=lambda t: t[1]) if safe else min(trials)
    need = max(0.0, v_p - (q_safe - q_now) * days_s / 1e6)
    target_storage = max(spec.volume_mcm - need, 0.0) * 1e6
    out: dict[str, Any] = {
        "reservoir": node_id,
        "issued": forecast.issued,
        "horizon_days": fi.horizon,
        "probability": probability,
        "flood_volume_mcm": round(v_p, 1),
        "flood_volume_basis": "given"
        if flood_volume_mcm is not None
        else "forecast ensemble quantile",
        "level_now_m": round(level_now, 2),
        "free_capacity_now_mcm": round(free_now, 1),
        "free_capacity_needed_mcm": round(need, 1),
        "extra_drawdown_mcm": round(max(need - free_now, 0.0), 1),
        "drawdown_level_m": round(res.table.level_at(target_storage), 2),
        "safe_release_m3s": round(q_safe, 1),
        "safe_release_keeps_posts_below_danger": ratio < 1.0,
        "worst_peak_to_danger_ratio": round(ratio, 3),
        "schedule_search": "constant releases only",  # GRID values from 0 to the outlet capacity
        "downstream_posts": posts,
        "assumed": list(spec.assumed),
        "exercise": forecast.exercise,
    }
    if schedule is not None:
        out["proposal"] = {"schedule_m3s": list(schedule), **effect(fi, node_id, schedule)}
    return out
