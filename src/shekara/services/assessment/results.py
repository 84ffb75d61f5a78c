"""Results of an assessment: the inputs of a pair with their sources, the assessed pair, the ranking."""

from __future__ import annotations

from dataclasses import dataclass, field
from operator import attrgetter
from typing import Annotated, Any

from pydantic import Field, computed_field

from shekara.plain import Hidden, Plain


@dataclass(frozen=True)
class PairInputs:
    """Everything the methods need for one pair, with the sources it came from."""

    pair_id: str
    kz_region: str
    ru_region: str
    kz_name: str
    ru_name: str
    kz_centre: str
    ru_centre: str
    pop_kz: float
    pop_ru: float
    pop_period: str
    distance: float
    distance_unit: str
    rail_score: float
    road_score: float
    kz_zones: tuple[str, ...]
    ru_zones: tuple[str, ...]
    sources: tuple[str, ...]


def _from_inputs(name: str, kind: Any, description: str | None = None) -> Any:
    """A field of the assessed pair's JSON read from its :class:`PairInputs`."""
    return computed_field(  # type: ignore[call-overload]
        property(attrgetter(f"inputs.{name}")), return_type=kind, description=description
    )


@dataclass(frozen=True)
class PairAssessment(Plain):
    """The assessed pair: component scores, composite potential, rank and (in its JSON) the
    inputs that matter to a reader, with the sources of every input."""

    pair_id: str
    kz_region: str
    ru_region: str
    gravity: float
    transport_score: float
    sez_score: float
    potential: float
    rank: int
    rail_score: float
    road_score: float
    normalised: dict[str, float]
    inputs: Hidden[PairInputs]

    # What a reader needs of the inputs, in the pair's JSON (read from ``inputs``).
    population_kz = _from_inputs("pop_kz", float)
    population_ru = _from_inputs("pop_ru", float)
    population_period = _from_inputs("pop_period", str)
    distance = _from_inputs("distance", float)
    distance_unit = _from_inputs("distance_unit", str)
    kz_zones = _from_inputs("kz_zones", tuple[str, ...])
    ru_zones = _from_inputs("ru_zones", tuple[str, ...])
    sources = _from_inputs(
        "sources", tuple[str, ...], "Sources of every input (pair, populations, links …)."
    )


@dataclass(frozen=True)
class Assessment(Plain):
    """The ranked pairs plus everything needed to re-run and cite the result."""

    as_of: str
    weights: Annotated[
        dict[str, float], Field(description="Effective weights, normalised to sum 1.")
    ]
    normalise: str
    options: dict[str, Any]
    pairs: tuple[PairAssessment, ...]
    data_checksum: str
    method: str = (
        "gravity = P_kz·P_ru/d^γ (P in thousands, d in thousands of km); transport = mean of the "
        "railway and international-motorway scores (0/100 each); SEZ = 50·[KZ zone] + 50·[RU zone]; "
        "components normalised over the pairs and combined with the weights; rank 1 = highest"
    )
    notes: tuple[str, ...] = field(default_factory=tuple)
