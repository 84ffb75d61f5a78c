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
from dataclasses import dataclass
from typing import Annotated

import numpy as np
from numpy.typing import NDArray
from pydantic import Field

from shekara.methods.routing import OperatingRule
from shekara.plain import Plain, absent
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


@dataclass(frozen=True)
class PostEffect(Plain):
    """A downstream post's peak (m³/s), its day and alert class: default rule vs proposal."""

    post: str
    country: str
    danger_q_m3s: float | None
    baseline_peak_m3s: float
    baseline_peak_day: str
    baseline_alert: Annotated[str, Field(description="normal, watch, warning or danger.")]
    proposal_peak_m3s: float
    proposal_peak_day: str
    proposal_alert: str
    change_m3s: float


@dataclass(frozen=True)
class Proposal(Plain):
    """A proposed release schedule and its effect at every downstream post, by country."""

    schedule_m3s: list[float]
    by_country: Annotated[
        dict[str, list[PostEffect]], Field(description="The posts of KZ and of RU.")
    ]
    posts: list[PostEffect]


def effect(fi: ForecastInputs, node_id: str, schedule: Sequence[float]) -> Proposal:
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
        rows.append(PostEffect(
            p, node.country, dq,
            round(base[p][0], 1), dates[base[p][1]],
            alert_class(base[p][0], dq, 1.0 if dq and base[p][0] > dq else 0.0),
            round(prop[p][0], 1), dates[prop[p][1]],
            alert_class(prop[p][0], dq, 1.0 if dq and prop[p][0] > dq else 0.0),
            round(prop[p][0] - base[p][0], 1),
        ))  # fmt: skip
    by_country = {c: [r for r in rows if r.country == c] for c in ("KZ", "RU")}
    return Proposal(list(schedule), by_country, rows)


@dataclass(frozen=True)
class ReservoirPlan(Plain):
    """``GET /api/flood/reservoir-plan``, ``shekara flood reservoir-plan``."""

    reservoir: str
    issued: str
    horizon_days: int
    probability: float
    flood_volume_mcm: float
    flood_volume_basis: Annotated[str, Field(description="given or forecast ensemble quantile.")]
    level_now_m: float
    free_capacity_now_mcm: float
    free_capacity_needed_mcm: float
    extra_drawdown_mcm: float
    drawdown_level_m: float
    safe_release_m3s: float
    safe_release_keeps_posts_below_danger: bool
    worst_peak_to_danger_ratio: float
    schedule_search: Annotated[str, Field(description="Only constant releases are searched.")]
    downstream_posts: list[str]
    assumed: Annotated[list[str], Field(description="Fields of the reservoir that are assumed.")]
    exercise: bool
    proposal: Annotated[Proposal | None, Field(exclude_if=absent)] = None


def reservoir_plan(
    fi: ForecastInputs,
    forecast: NetworkForecast,
    node_id: str,
    *,
    probability: float = 0.9,
    flood_volume_mcm: float | None = None,
    schedule: Sequence[float] | None = None,
) -> ReservoirPlan:
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
    return ReservoirPlan(
        node_id,
        forecast.issued,
        fi.horizon,
        probability,
        round(v_p, 1),
        "given" if flood_volume_mcm is not None else "forecast ensemble quantile",
        round(level_now, 2),
        round(free_now, 1),
        round(need, 1),
        round(max(need - free_now, 0.0), 1),
        round(res.table.level_at(target_storage), 2),
        round(q_safe, 1),
        ratio < 1.0,
        round(ratio, 3),
        "constant releases only",  # GRID values from 0 to the outlet capacity
        posts,
        list(spec.assumed),
        forecast.exercise,
        None if schedule is None else effect(fi, node_id, schedule),
    )
