"""Results of an assessment: the inputs of a pair with their sources, the assessed pair, the ranking."""

from __future__ import annotations

from dataclasses import dataclass, field
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

    @computed_field  # type: ignore[prop-decorator]
    @property
    def population_kz(self) -> float:
        return self.inputs.pop_kz

    @computed_field  # type: ignore[prop-decorator]
    @property
    def population_ru(self) -> float:
        return self.inputs.pop_ru

    @computed_field  # type: ignore[prop-decorator]
    @property
    def population_period(self) -> str:
        return self.inputs.pop_period

    @computed_field  # type: ignore[prop-decorator]
    @property
    def distance(self) -> float:
        return self.inputs.distance

    @computed_field  # type: ignore[prop-decorator]
    @property
    def distance_unit(self) -> str:
        return self.inputs.distance_unit

    @computed_field  # type: ignore[prop-decorator]
    @property
    def kz_zones(self) -> tuple[str, ...]:
        return self.inputs.kz_zones

    @computed_field  # type: ignore[prop-decorator]
    @property
    def ru_zones(self) -> tuple[str, ...]:
        return self.inputs.ru_zones

    @computed_field(description="Sources of every input (pair, populations, links …).")  # type: ignore[prop-decorator]
    @property
    def sources(self) -> tuple[str, ...]:
        return self.inputs.sources


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
