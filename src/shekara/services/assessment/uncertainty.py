"""Rank sensitivity: Monte-Carlo over weights and populations."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Annotated, Any

from pydantic import Field
from sqlalchemy.engine import Engine
from typing_extensions import TypedDict

from shekara.kb import query
from shekara.plain import Plain
from shekara.services.assessment.inputs import gather_inputs
from shekara.services.assessment.options import AssessmentError, AssessmentOptions
from shekara.services.assessment.ranking import component_arrays, data_checksum, effective_weights
from shekara.services.snapshot import Snapshot


# --------------------------------------------------------------------------- sensitivity
@dataclass(frozen=True)
class SensitivitySettings:
    """Monte-Carlo settings of the rank sensitivity, checked when made (the one options type
    of :func:`sensitivity`: the CLI, the API and the report build it).

    >>> SensitivitySettings(draws=0)
    Traceback (most recent call last):
    ...
    shekara.services.assessment.options.AssessmentError: draws must be at least 1
    """

    draws: int = 10_000
    seed: int = 1
    top_k: int = 3
    alpha: float = 1.0
    population_rel_sd: float = 0.05

    def __post_init__(self) -> None:
        if self.draws < 1:
            raise AssessmentError("draws must be at least 1")


class RankBand(TypedDict):
    """One pair's rank distribution over the draws."""

    pair_id: str
    kz_region: str
    ru_region: str
    base_rank: int
    mean_rank: float
    median_rank: float
    rank_p05: Annotated[float, Field(description="5th percentile of the rank (the best end).")]
    rank_p95: float
    prob_top_k: float
    rank_counts: Annotated[list[int], Field(description="How many draws gave rank 1, 2, …")]


class Assumption(TypedDict):
    """A setting no source gives, flagged as an assumption in every output."""

    name: str
    value: float
    status: str
    applies: bool
    note: str


class Dependence(TypedDict):
    """The leader's P(top k) under another population error (same seed)."""

    population_rel_sd: float
    pair_id: str
    prob_top_k: float


@dataclass(frozen=True)
class SensitivityReport(Plain):
    """Monte-Carlo rank distributions of the pairs (see :func:`sensitivity`)."""

    as_of: str
    draws: int
    seed: int
    alpha: float
    population_rel_sd: float
    top_k: int
    data_checksum: str
    pairs: tuple[RankBand, ...]
    #: The settings no source gives, flagged in every output (see :func:`assumptions`).
    assumptions: tuple[Assumption, ...] = ()
    #: How the leader's P(top k) moves with the assumed population error (same seed).
    dependence: tuple[Dependence, ...] = ()


#: Population errors the result is re-run with to show its dependence on the assumption.
POPULATION_SD_PROBES: tuple[float, ...] = (0.05, 0.10, 0.20)


def assumptions(s: SensitivitySettings, options: AssessmentOptions) -> tuple[Assumption, ...]:
    """The sensitivity's inputs that no source gives: flagged as assumptions, never as data.

    >>> [a["name"] for a in assumptions(SensitivitySettings(), AssessmentOptions())]
    ['population_rel_sd', 'speed_kmh']
    """
    return (
        {
            "name": "population_rel_sd",
            "value": s.population_rel_sd,
            "status": "assumption",
            "applies": True,
            "note": "relative (lognormal) error of the populations; no source gives it",
        },
        {
            "name": "speed_kmh",
            "value": options.speed_kmh,
            "status": "assumption",
            "applies": options.wait_hours is not None,
            "note": "speed that turns a waiting time at a crossing into distance; "
            "no source gives it (used only when waiting times are given)",
        },
    )


def sensitivity(
    engine: Engine,
    options: AssessmentOptions | None = None,
    *,
    draws: int = 10_000,
    seed: int = 1,
    alpha: float = 1.0,
    population_rel_sd: float = 0.05,
    top_k: int = 3,
    lang: query.Lang = "en",
    snapshot: Snapshot | None = None,
    settings: SensitivitySettings | None = None,
) -> SensitivityReport:
    """Rank uncertainty: weights ~ Dirichlet(alpha), populations with a relative (lognormal) error.

    Seeded and reproducible: the same seed gives the same distributions. *settings*, when
    given, stands for the five Monte-Carlo keywords.
    """
    from shekara.methods.sensitivity import rank_sensitivity

    options = options or AssessmentOptions()
    s = settings or SensitivitySettings(draws, seed, top_k, alpha, population_rel_sd)
    inputs = gather_inputs(engine, options, lang, snapshot=snapshot)
    cols = component_arrays(inputs, options)
    n = len(inputs)
    populations = [i.pop_kz for i in inputs] + [i.pop_ru for i in inputs]
    scale = "hours" if inputs[0].distance_unit == "hours" else "thousands_km"

    def run(population_rel_sd: float) -> Any:
        return rank_sensitivity(
            [i.pair_id for i in inputs],
            populations,
            list(range(n)),
            list(range(n, 2 * n)),
            [i.distance for i in inputs],
            {"transport": cols["transport"], "sez": cols["sez"]},
            seed=s.seed,
            n_draws=s.draws,
            alpha=s.alpha,
            base_weights=effective_weights(options),
            population_rel_sd=population_rel_sd,
            normalisation=options.normalise,
            distance_exponent=options.distance_exponent,
            distance_scale=scale,  # type: ignore[arg-type]
            gravity_name="gravity",
            top_k=s.top_k,
        )

    result = run(s.population_rel_sd)
    leader = min(result.pairs, key=lambda p: (p.base_rank, p.pair_id))
    dependence: tuple[Dependence, ...] = tuple(
        {
            "population_rel_sd": sd,
            "pair_id": leader.pair_id,
            "prob_top_k": next(p.prob_top_k for p in run(sd).pairs if p.pair_id == leader.pair_id)
            if sd != s.population_rel_sd
            else leader.prob_top_k,
        }
        for sd in sorted({*POPULATION_SD_PROBES, s.population_rel_sd})
    )
    names = {i.pair_id: (i.kz_name, i.ru_name) for i in inputs}
    pairs: tuple[RankBand, ...] = tuple(
        {
            "pair_id": p.pair_id,
            "kz_region": names[p.pair_id][0],
            "ru_region": names[p.pair_id][1],
            "base_rank": p.base_rank,
            "mean_rank": p.mean_rank,
            "median_rank": p.median_rank,
            "rank_p05": p.rank_p05,
            "rank_p95": p.rank_p95,
            "prob_top_k": p.prob_top_k,
            "rank_counts": list(p.rank_counts),
        }
        for p in sorted(result.pairs, key=lambda p: (p.base_rank, p.pair_id))
    )
    return SensitivityReport(
        as_of=options.day.isoformat(),
        data_checksum=data_checksum(engine),
        pairs=pairs,
        assumptions=assumptions(s, options),
        dependence=dependence,
        **asdict(s),
    )
