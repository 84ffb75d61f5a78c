"""Forecast at every post from the latest bulletins: routed upstream flow, ensemble band.

**Which model.** Where a sub-basin has daily forcing (precipitation and temperature) in the
store the runoff model of :mod:`shekara.methods.hydrology` could make its inflow; for the
four border rivers the store holds no forcing, so every post is forecast from *observed
upstream flow routed down* (and the result says ``method: routed``).

**How.** Over the last ``history`` observed days, the flow at each post is the observation
(direct insertion); a node's local inflow is the observed flow minus the flow routed from
the node above. For the ``horizon`` days ahead, the head inflow and every local inflow follow
a damped trend ``Q_last · exp(g·τ·(1 − e^(−k/τ)))`` (τ = 3 days, so a
trend can at most multiply the flow by ``e^(3g)``) with the recent log-trend ``g`` of the series
(clipped to ±0.2 per day), perturbed per member by ``N(0, trend_sd)`` — seeded ``numpy.random.default_rng``. Reservoirs
start from their last reported level and release at least their last reported outflow, and
spill above the crest.

**What comes out**, per post: the median and the 5–95 % band of daily discharge, the
assumed-rating levels, the probability that the peak over the horizon exceeds the danger
discharge (a member frequency), the alert class, and the travel time of a peak to the next
post across the border (the sum of the reaches' Muskingum K — assumed values).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Annotated, Any

import numpy as np
from numpy.typing import NDArray
from pydantic import Field
from sqlalchemy.engine import Engine

from shekara.coded import CodedError
from shekara.methods.routing import MuskingumParameters, OperatingRule, route_reach
from shekara.plain import Plain
from shekara.services.flood.exchange import Row, stored_rows
from shekara.services.flood.network import Network, load_network
from shekara.services.flood.propagate import level_from_discharge, propagate

ALERT_CLASSES = ("normal", "watch", "warning", "danger")
WATCH_SHARE = 0.8  # ASSUMPTION: "watch" above 80 % of the danger discharge
TAU_DAYS = 3.0  # ASSUMPTION: damping time of the extrapolated trend
SUBSTEPS = 4  # reservoir sub-steps a day in the forecast (6 h)


class ForecastError(CodedError, ValueError):
    """No data to forecast from (stable code ``FLF001``…)."""


def alert_class(peak_q: float, danger_q: float | None, p_exceed: float) -> str:
    """``danger`` if the median peak passes the danger discharge, ``warning`` if any member
    does (p ≥ 10 %), ``watch`` above 80 % of it, else ``normal``.

    >>> alert_class(1200, 1000, 0.9), alert_class(900, 1000, 0.2), alert_class(850, 1000, 0.0)
    ('danger', 'warning', 'watch')
    """
    if danger_q is None:
        return "normal"
    if peak_q > danger_q:
        return "danger"
    if p_exceed >= 0.1:
        return "warning"
    return "watch" if peak_q > WATCH_SHARE * danger_q else "normal"


@dataclass
class PostForecast(Plain):
    node_id: str
    country: str
    dates: list[str]
    observed_days: int
    q_median: list[float]
    q_low: list[float]
    q_high: list[float]
    level_median_cm: list[float] | None
    danger_q_m3s: float | None
    danger_level_cm: float | None
    p_exceed_danger: float | None
    alert: str
    next_border_post: str | None = None
    travel_hours: float | None = None
    assumed: list[str] = field(default_factory=list)


@dataclass
class ReservoirOutlook(Plain):
    """A reservoir's forecast: the median pool level and each member's inflow volume."""

    level_median_m: list[float]
    nrl_m: float
    volume_nrl_mcm: float
    inflow_volume_members_mcm: list[float]
    assumed: list[str]


#: The mark on every forecast made from the generated exercise season.
EXERCISE_MARK = "exercise — not observed"


@dataclass
class NetworkForecast(Plain):
    """The forecast of every post and reservoir (``GET /api/flood/forecast``)."""

    issued: str
    horizon_days: int
    members: int
    seed: int
    method: str
    exercise: bool
    reservoirs: dict[str, ReservoirOutlook]
    posts: dict[str, PostForecast]
    mark: Annotated[
        str | None,
        Field(
            exclude_if=lambda mark: mark is None,
            description=f"{EXERCISE_MARK!r} on a forecast of the exercise season, else absent.",
        ),
    ] = None


def _series(rows: list[Row], nid: str, q: str, days: list[date]) -> NDArray[np.float64] | None:
    got = {r.day: float(r.value) for r in rows if r.node_id == nid and r.quantity == q}
    if not got:
        return None
    vals = [got.get(d, math.nan) for d in days]
    arr = np.asarray(vals, dtype=np.float64)
    if np.all(np.isnan(arr)):
        return None
    idx = np.arange(arr.size)
    ok = ~np.isnan(arr)
    return np.interp(idx, idx[ok], arr[ok])  # fill a missing day from its neighbours


def next_border_post(net: Network, node_id: str) -> tuple[str | None, float | None]:
    """The first post downstream in the other country and the summed K (hours) to it."""
    country = net.node(node_id).country
    hours = 0.0
    current = node_id
    for _ in range(len(net.nodes)):
        reach = next((r for b in net.basins for r in b.reaches if r.from_node == current), None)
        if reach is None:
            return None, None
        hours += reach.k_hours
        current = reach.to_node
        n = net.node(current)
        if n.kind == "post" and n.country in ("KZ", "RU") and n.country != country:
            return current, hours
    return None, None


@dataclass
class ForecastInputs:
    """Everything a forecast run needs, prepared from the stored bulletins."""

    net: Network
    days: list[date]
    horizon: int
    obs: dict[str, NDArray[np.float64]]
    heads: dict[str, NDArray[np.float64]]
    lateral: dict[str, NDArray[np.float64]]
    start_levels: dict[str, float]
    rules: dict[str, OperatingRule]
    exercise: bool

    @property
    def history(self) -> int:
        return len(self.days)

    @property
    def n(self) -> int:
        return self.history + self.horizon

    def dates(self) -> list[str]:
        return [(self.days[0] + timedelta(days=i)).isoformat() for i in range(self.n)]

    def member(
        self, g: float
    ) -> tuple[dict[str, NDArray[np.float64]], dict[str, NDArray[np.float64]]]:
        """Head and local inflows over history + horizon for a member trend offset ``g``."""
        k = np.arange(1, self.horizon + 1, dtype=np.float64)
        return (
            {nid: _extend(s, self.horizon, k, g) for nid, s in self.heads.items()},
            {nid: _extend(s, self.horizon, k, g) for nid, s in self.lateral.items()},
        )

    def run(
        self,
        g: float,
        rules: dict[str, OperatingRule] | None = None,
        results: dict[str, Any] | None = None,
    ) -> dict[str, NDArray[np.float64]]:
        """One deterministic run; ``rules`` override the reservoirs' default rules."""
        h, lat = self.member(g)
        return propagate(self.net, h, lat, days=self.n, rules={**self.rules, **(rules or {})},
                         start_levels=self.start_levels, reservoir_results=results,
                         substeps=SUBSTEPS)  # fmt: skip


def prepare(
    engine: Engine,
    *,
    horizon: int = 10,
    history: int = 10,
    as_of: date | None = None,
    net: Network | None = None,
    rows: list[Row] | None = None,
) -> ForecastInputs:
    """Read the last ``history`` days of bulletins and derive head and local inflows."""
    net = net or load_network()
    if not (1 <= horizon <= 60 and 2 <= history <= 60):
        raise ForecastError("FLF002", "horizon must be 1-60 days and history 2-60 days")
    rows = rows if rows is not None else stored_rows(engine, end=as_of)
    if not rows:
        raise ForecastError("FLF001", "no bulletins in the store: import one first")
    last = as_of or max(r.day for r in rows)
    days = [last - timedelta(days=history - 1 - i) for i in range(history)]
    rows = [r for r in rows if days[0] <= r.day <= last]
    if not rows:
        raise ForecastError("FLF001", f"no bulletins in the {history} days before {last}")
    obs: dict[str, NDArray[np.float64]] = {}
    for nid, node in net.nodes.items():
        s = _series(rows, nid, "discharge" if node.kind == "post" else "inflow", days)
        if s is not None:
            obs[nid] = s
    start_levels = {nid: float(s[-1]) for nid in net.reservoirs
                    if (s := _series(rows, nid, "res_level", days)) is not None}  # fmt: skip
    rules = {nid: OperatingRule("crest_spill", min_release_m3s=float(s[-1])) for nid in net.reservoirs
             if (s := _series(rows, nid, "outflow", days)) is not None}  # fmt: skip
    heads, lateral = _inputs(net, obs, history)
    return ForecastInputs(net, days, horizon, obs, heads, lateral, start_levels, rules,
                          any(r.exercise for r in rows))  # fmt: skip


def network_forecast(
    engine: Engine,
    *,
    horizon: int = 10,
    members: int = 30,
    seed: int = 1,
    history: int = 10,
    as_of: date | None = None,
    trend_sd: float = 0.05,
    net: Network | None = None,
    rows: list[Row] | None = None,
    inputs: ForecastInputs | None = None,
) -> NetworkForecast:
    """Forecast every post of the four basins from the stored bulletins."""
    fi = inputs or prepare(
        engine, horizon=horizon, history=history, as_of=as_of, net=net, rows=rows
    )
    net, history = fi.net, fi.history
    if not 1 <= members <= 500:
        raise ForecastError("FLF003", "members must be 1-500")
    rng = np.random.default_rng(seed)
    runs: list[dict[str, NDArray[np.float64]]] = []
    res_levels: dict[str, list[NDArray[np.float64]]] = {}
    res_inflow: dict[str, list[NDArray[np.float64]]] = {}
    for _m in range(members):
        results: dict[str, Any] = {}
        runs.append(fi.run(float(rng.normal(0.0, trend_sd)), results=results))
        for nid, r in results.items():
            res_levels.setdefault(nid, []).append(r.level_m)
            res_inflow.setdefault(nid, []).append(r.inflow_m3s)
    dates = fi.dates()
    posts: dict[str, PostForecast] = {}
    for node in net.posts():
        ens = np.vstack([run[node.node_id] for run in runs])
        if node.node_id in fi.obs:
            ens[:, :history] = fi.obs[node.node_id]
        med = np.median(ens, axis=0)
        lo, hi = np.quantile(ens, [0.05, 0.95], axis=0)
        peaks = ens[:, history:].max(axis=1)
        dq = node.danger_q_m3s
        p = float(np.mean(peaks > dq)) if dq else None
        nxt, hours = next_border_post(net, node.node_id)
        levels = (None if not (dq and node.danger_level_cm)
                  else [round(float(v), 0) for v in level_from_discharge(med, dq, node.danger_level_cm)])  # fmt: skip
        posts[node.node_id] = PostForecast(
            node.node_id, node.country, dates, history,
            [round(float(v), 1) for v in med], [round(float(v), 1) for v in lo],
            [round(float(v), 1) for v in hi], levels, dq, node.danger_level_cm, p,
            alert_class(float(np.median(peaks)), dq, p or 0.0), nxt,
            None if hours is None else round(hours, 1), list(node.assumed),
        )  # fmt: skip
    reservoirs = {}
    for nid, lv in res_levels.items():
        spec = net.reservoirs[nid]
        future = np.vstack(res_inflow[nid])[:, history:]
        reservoirs[nid] = ReservoirOutlook(
            [round(float(v), 2) for v in np.median(np.vstack(lv), axis=0)],
            spec.nrl_m,
            spec.volume_mcm,
            [round(float(v), 3) for v in future.sum(axis=1) * 0.0864],
            list(spec.assumed),
        )
    return NetworkForecast(fi.days[-1].isoformat(), fi.horizon, members, seed, "routed",
                           fi.exercise, reservoirs, posts, EXERCISE_MARK if fi.exercise else None)  # fmt: skip


def _inputs(
    net: Network, obs: dict[str, NDArray[np.float64]], history: int
) -> tuple[dict[str, NDArray[np.float64]], dict[str, NDArray[np.float64]]]:
    """Head inflows and local inflows over the history: observed minus routed from above."""
    heads: dict[str, NDArray[np.float64]] = {}
    lateral: dict[str, NDArray[np.float64]] = {}
    tributary: dict[str, NDArray[np.float64]] = {}  # flow a tributary brings to a confluence
    for b in net.basins:
        ids = b.node_ids
        head = ids[0]
        heads[head] = obs.get(head, np.full(history, net.node(head).mean_q_m3s or 0.0))
        above = heads[head]
        for i, nid in enumerate(ids[1:], start=1):
            reach = b.reaches[i - 1]
            routed = route_reach(above, MuskingumParameters(reach.k_hours, reach.x))
            if nid == ids[-1] and net.node(nid).basin_id != b.basin_id:
                tributary[nid] = routed
                continue
            routed = routed + tributary.pop(nid, 0.0)
            if nid in obs:
                lateral[nid] = np.maximum(obs[nid] - routed, 0.0)
                above = obs[nid]
            else:
                above = routed
    return heads, lateral


def _extend(
    s: NDArray[np.float64], horizon: int, k: NDArray[np.float64], g_member: float
) -> NDArray[np.float64]:
    """The history plus ``horizon`` days of ``Q_last·exp((g_obs + g_member)·k)``."""
    tail = s[-3:]
    g_obs = float(np.mean(np.diff(np.log(np.maximum(tail, 1e-3))))) if tail.size > 1 else 0.0
    g = max(min(g_obs, 0.2), -0.2) + g_member
    return np.concatenate([s, float(s[-1]) * np.exp(g * TAU_DAYS * (1.0 - np.exp(-k / TAU_DAYS)))])
