"""``/api/crossings``: the crossing registry, targets, queue simulation, lane plans, scenario.

Every route calls :mod:`shekara.services.crossings` (the CLI and the pages call the
same functions).  Profiles are given as comma-separated numbers (1 or 24 values);
malformed input answers 422, input the service cannot compute (more than 1000 lanes,
a service time out of range) 409, each a problem document with the ``CRS…`` code.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, TypeVar

from fastapi import APIRouter, Query
from fastapi import Path as PathParam

from shekara.kb import query
from shekara.methods.queues.model import EQueue
from shekara.services.crossings import (
    CrossingDetail,
    CrossingError,
    CrossingSimulation,
    CrossingsOverview,
    LanePlan,
    ModernisationScenario,
    PairWaits,
    SimulationInput,
    crossing_detail,
    facts,
    list_crossings,
    modernisation_scenario,
    pair_waits,
    plan_lanes,
    simulate_crossing,
    targets,
)
from shekara.web.api.common import State, routes
from shekara.web.params import Lang
from shekara.web.problems import ProblemError, problem_responses, refusals_as_problems

T = TypeVar("T")
router = APIRouter(prefix="/crossings", tags=["crossings"])
route = routes(router, 409, 422)
_NUM = r"[0-9]{1,3}(\.[0-9]{1,3})?"
Profile = Annotated[
    str,
    Query(
        max_length=400,
        pattern=rf"^{_NUM}(,{_NUM}){{23}}$|^{_NUM}$",
        description="Arrivals per hour (0-999.999): one number or 24 comma-separated numbers.",
    ),
]
LaneProfile = Annotated[
    str,
    Query(
        max_length=200,
        pattern=r"^[0-9]{1,2}(,[0-9]{1,2}){23}$|^[0-9]{1,2}$",
        description="Open lanes (0-99): one number or 24 comma-separated numbers.",
    ),
]
MAX_RATE = 1000.0
MAX_HOURS = 2000.0


def parse_profile(text: str, name: str, hi: float) -> tuple[float, ...]:
    """1 or 24 comma-separated numbers in [0, hi]; a 422 problem otherwise.

    >>> parse_profile("1,2", "x", 10)
    Traceback (most recent call last):
    ...
    shekara.web.problems.ProblemError: x: give 1 or 24 numbers
    >>> parse_profile(" 4 ", "x", 10)
    (4.0,)
    """
    try:
        values = tuple(float(v) for v in text.split(",") if v.strip())
    except ValueError:
        raise ProblemError(422, "invalid-parameters", f"{name}: not a list of numbers") from None
    if len(values) not in (1, 24):
        raise ProblemError(422, "invalid-parameters", f"{name}: give 1 or 24 numbers")
    if not all(0.0 <= v <= hi for v in values):
        raise ProblemError(422, "invalid-parameters", f"{name}: values must be in [0, {hi:g}]")
    return values


def _run(fn: Callable[[], T]) -> T:
    """Well-formed requests the service cannot compute (e.g. > 1000 lanes) are 409 problems."""
    result: T = refusals_as_problems(fn, CrossingError)
    return result


@router.get("", summary="Crossing points, programme targets and facts")
def get_crossings(state: State, lang: Lang = "en") -> CrossingsOverview:
    """Every crossing a source names; the programme targets with status; external facts
    (named publications, or assumptions flagged ``assumption: true`` with their citation)."""
    lg = query.check_lang(lang)
    return state.cached(
        ("crossings", lg),
        lambda: CrossingsOverview(
            list_crossings(state.engine, lg), targets(state.engine, lg), facts(state.engine, lg)
        ),
    )


@router.get("/pair-waits", summary="Waits per pair of regions from measured crossings")
def get_pair_waits(
    state: State,
    as_of: Annotated[int | None, Query(ge=1990, le=2100)] = None,
    fallback_hours: Annotated[float | None, Query(ge=0, le=240)] = None,
) -> PairWaits:
    """The wait each pair gets in the assessment (``crossings`` or ``fallback``) and its sources."""
    return pair_waits(state.engine, as_of=as_of, fallback_hours=fallback_hours)


@route("/simulate", CrossingSimulation, "Simulate one lane group of a crossing")
def get_simulation(
    arrivals_per_hour: Profile = "40",
    service_minutes: Annotated[float, Query(ge=0.01, le=240)] = 6.0,
    lanes: LaneProfile = "5",
    hours: Annotated[float, Query(ge=24, le=MAX_HOURS)] = 500.0,
    seed: Annotated[int, Query(ge=0, le=2**32 - 1)] = 1,
    t_minutes: Annotated[float, Query(ge=0, le=1440)] = 15.0,
    balk_at: Annotated[int, Query(ge=0, le=100_000)] = 0,
    booked_share: Annotated[float, Query(ge=0, le=1)] = 0.0,
    no_show: Annotated[float, Query(ge=0, le=1)] = 0.0,
) -> CrossingSimulation:
    """Simulated mean and 90th-percentile waits (minutes) with 95 % intervals, the hourly
    profile, and Erlang C beside them when the case is M/M/c."""
    rates = parse_profile(arrivals_per_hour, "arrivals_per_hour", MAX_RATE)
    lane_counts = tuple(int(x) for x in parse_profile(lanes, "lanes", 99))
    eq = EQueue(booked_share, no_show) if booked_share > 0 or no_show > 0 else None
    inp = SimulationInput(
        rates,
        service_minutes,
        lane_counts,
        hours,
        seed,
        t_minutes=t_minutes,
        balk_at=balk_at,
        equeue=eq,
    )
    return _run(lambda: simulate_crossing(inp))


@route("/plan", LanePlan, "Minimum lanes per hour for a percentile target")
def get_plan(
    arrivals_per_hour: Profile,
    service_minutes: Annotated[float, Query(ge=0.01, le=240)] = 6.0,
    target_minutes: Annotated[float, Query(ge=0, le=1440)] = 15.0,
    quantile: Annotated[float, Query(gt=0, lt=1)] = 0.9,
    min_lanes: Annotated[int, Query(ge=0, le=200)] = 0,
) -> LanePlan:
    """Lanes per hour (Erlang C hour by hour); a stricter target never gives fewer lanes."""
    rates = parse_profile(arrivals_per_hour, "arrivals_per_hour", MAX_RATE)
    return _run(
        lambda: plan_lanes(
            rates, service_minutes, target_minutes, quantile=quantile, min_lanes=min_lanes
        )
    )


@route("/scenario", ModernisationScenario, "Modernisation order against the programme targets")
def get_scenario(
    state: State,
    start_year: Annotated[int, Query(ge=2000, le=2100)] = 2025,
    per_year: Annotated[int | None, Query(ge=1, le=100)] = None,
    total: Annotated[int | None, Query(ge=1, le=500)] = None,
    lang: Lang = "en",
) -> ModernisationScenario:
    lg = query.check_lang(lang)
    return _run(
        lambda: modernisation_scenario(
            state.engine, start_year=start_year, per_year=per_year, total=total, lang=lg
        )
    )


@router.get("/{crossing_id}", summary="One crossing", responses=problem_responses(404))
def get_crossing(
    state: State,
    crossing_id: Annotated[str, PathParam(max_length=100)],
    lang: Lang = "en",
) -> CrossingDetail:
    """The crossing, its daily measurements and the facts that concern it."""
    try:
        return crossing_detail(state.engine, crossing_id, query.check_lang(lang))
    except KeyError:
        raise ProblemError(404, "not-found", f"CRS101: no crossing {crossing_id!r}") from None
