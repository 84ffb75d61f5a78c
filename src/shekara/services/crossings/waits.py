"""Crossing waits for the assessment: each pair gets the measured waits of its crossings.

For every pair of regions, the crossings registered to it (``crossings.pair_id``)
that have measured daily mean waits (indicator ``crossing_wait_mean``, imported
with ``shekara data import``) in the year before the as-of date give the pair's
wait: the mean over days, weighted by the day's vehicle flow when it is measured,
and across crossings weighted by their mean daily flow (equal weights when a
flow is missing).  Pairs without such measurements get the fallback wait
(``--wait-hours``; an explicit assumption) or none.  The result says, per pair,
which basis was used and cites the sources of the waits.

Example:
    >>> import tempfile, pathlib
    >>> from shekara.kb.store import build, make_engine
    >>> url = f"sqlite:///{pathlib.Path(tempfile.mkdtemp()) / 'kb.sqlite'}"
    >>> _ = build(url)
    >>> w = pair_waits(make_engine(url), as_of=2025, fallback_hours=2.0)
    >>> w.hours["*"], w.basis.get("KZ-59:RU-OMS")
    (2.0, 'fallback')
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from sqlalchemy.engine import Engine

from shekara.kb import query
from shekara.kb.periods import as_of_date
from shekara.plain import Plain
from shekara.services.assessment import AssessmentOptions
from shekara.services.crossings.registry import measurements

__all__ = ["PairWaits", "pair_waits", "with_crossing_waits"]


@dataclass(frozen=True)
class PairWaits(Plain):
    """Waits per pair (hours; key ``"*"`` = fallback), their basis and their sources."""

    hours: dict[str, float]
    basis: dict[str, str]
    sources: dict[str, str]
    crossings: dict[str, list[str]] = field(default_factory=dict)
    #: (first day, last day) of the measurements; a plain list in the JSON and its schema.
    window: tuple[str, ...] = ("", "")


def _weighted(values: list[tuple[float, float | None]]) -> float:
    if any(w is None for _, w in values) or sum(w or 0.0 for _, w in values) <= 0:
        return sum(v for v, _ in values) / len(values)
    return sum(v * (w or 0.0) for v, w in values) / sum(w or 0.0 for _, w in values)


def pair_waits(
    engine: Engine, *, as_of: int | str | None = None, fallback_hours: float | None = None
) -> PairWaits:
    """The wait of every pair with measured crossings in the 365 days up to the as-of date."""
    day = as_of_date(as_of)
    start = day - timedelta(days=364)
    window = (start.isoformat(), day.isoformat())
    per_pair: dict[str, list[tuple[float, float | None]]] = defaultdict(list)
    cited: dict[str, set[str]] = defaultdict(set)
    names: dict[str, list[str]] = defaultdict(list)
    measured = measurements(engine)
    for c in query.table_rows(engine, "crossings"):
        m = measured.get(c["crossing_id"])
        if not c["pair_id"] or m is None:
            continue
        days = [
            (d.crossing_wait_mean, d.crossing_flow_vehicles)
            for d in m.daily
            if d.crossing_wait_mean is not None and start <= date.fromisoformat(d.day[:10]) <= day
        ]
        if not days:
            continue
        wait = _weighted([(w, f) for w, f in days if w is not None])
        flows = [f for _, f in days if f is not None]
        per_pair[c["pair_id"]].append((wait, sum(flows) / len(flows) if flows else None))
        cited[c["pair_id"]].update(m.sources)
        names[c["pair_id"]].append(c["crossing_id"])
    hours = {pid: _weighted(v) for pid, v in per_pair.items()}
    basis = dict.fromkeys(hours, "crossings")
    sources = {pid: "; ".join(sorted(cited[pid])) for pid in hours}
    if fallback_hours is not None:
        hours["*"] = fallback_hours
        for p in query.pairs(engine, as_of=day):
            if p.pair_id not in hours:
                basis[p.pair_id] = "fallback"
    return PairWaits(hours, basis, sources, dict(names), window)


def with_crossing_waits(
    engine: Engine, options: AssessmentOptions
) -> tuple[AssessmentOptions, PairWaits]:
    """The options with each pair's crossing wait (the single wait stays as the fallback).

    Pairs with measured crossings get ``wait_hours[pair]`` and cite the measurements;
    the others keep ``wait_hours["*"]`` (``--wait-hours``) when it was given.
    """
    fallback = (options.wait_hours or {}).get("*")
    waits = pair_waits(engine, as_of=options.day.isoformat(), fallback_hours=fallback)
    if not waits.hours:
        return options, waits
    sources = {
        pid: f"crossings:{','.join(waits.crossings[pid])}:wait={waits.hours[pid]:.2f}h "
        f"({waits.sources[pid]})"
        for pid in waits.crossings
    }
    return replace(options, wait_hours=waits.hours, wait_sources=sources), waits
