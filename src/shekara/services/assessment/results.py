"""Results of an assessment: the inputs of a pair with their sources, the assessed pair, the ranking."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from shekara.plain import Plain


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
class PairAssessment:
    """The assessed pair: inputs, component scores, composite potential and rank."""

    pair_id: str
    kz_region: str
    ru_region: str
    gravity: float
    transport_score: float
    rail_score: float
    road_score: float
    sez_score: float
    potential: float
    rank: int
    normalised: dict[str, float]
    inputs: PairInputs

    def to_dict(self) -> dict[str, Any]:
        return {
            "pair_id": self.pair_id,
            "kz_region": self.kz_region,
            "ru_region": self.ru_region,
            "gravity": self.gravity,
            "transport_score": self.transport_score,
            "sez_score": self.sez_score,
            "potential": self.potential,
            "rank": self.rank,
            "rail_score": self.rail_score,
            "road_score": self.road_score,
            "normalised": self.normalised,
            "population_kz": self.inputs.pop_kz,
            "population_ru": self.inputs.pop_ru,
            "population_period": self.inputs.pop_period,
            "distance": self.inputs.distance,
            "distance_unit": self.inputs.distance_unit,
            "kz_zones": list(self.inputs.kz_zones),
            "ru_zones": list(self.inputs.ru_zones),
            "sources": list(self.inputs.sources),
        }


@dataclass(frozen=True)
class Assessment(Plain):
    """The ranked pairs plus everything needed to re-run and cite the result."""

    as_of: str
    weights: dict[str, float]
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
