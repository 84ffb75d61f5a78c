"""The options of an assessment, checked once when made, and the parsing of what faces receive."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import date
from pathlib import Path
from typing import Any, Literal, get_args

from shekara.kb.periods import as_of_date
from shekara.methods.potential import NormalisationMethod

PopulationBasis = Literal["city", "region"]
DistanceKind = Literal["great_circle", "matrix"]
COMPONENTS: tuple[str, ...] = ("gravity", "transport", "sez")


class AssessmentError(ValueError):
    """The assessment cannot be made with these options and this knowledge base."""


@dataclass(frozen=True)
class AssessmentOptions:
    """What the user chose. Defaults reproduce the article's method on current data.

    Options are checked once, when they are made: an ``AssessmentOptions`` that exists
    is valid (:class:`AssessmentError` otherwise), and ``day`` is the as-of day it
    resolves to. Faces build them with :meth:`from_text` from what they received;
    services trust them.

    >>> AssessmentOptions(as_of=2018).day
    datetime.date(2018, 12, 31)
    >>> AssessmentOptions.from_text(weights="gravity=2,sez=1").weights
    {'gravity': 2.0, 'sez': 1.0}
    >>> AssessmentOptions(normalise="max")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    shekara.services.assessment.options.AssessmentError: normalisation must be one of ...
    """

    as_of: int | str | date | None = None
    weights: Mapping[str, float] | None = None
    normalise: NormalisationMethod = "minmax"
    population_basis: PopulationBasis = "city"
    distance: DistanceKind = "great_circle"
    distance_matrix: Path | None = None
    distance_exponent: float = 1.0
    wait_hours: Mapping[str, float] | None = None
    speed_kmh: float = 60.0
    #: Source of each pair's wait (pair id → citation); pairs not in it cite the assumption.
    wait_sources: Mapping[str, str] | None = None
    day: date = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        _check(self)
        try:
            object.__setattr__(self, "day", as_of_date(self.as_of))
        except ValueError as exc:
            raise AssessmentError(f"as-of date: {exc}") from None

    @classmethod
    def from_text(
        cls,
        *,
        as_of: int | str | date | None = None,
        weights: str | None = None,
        normalise: str = "minmax",
        population: str = "city",
        distance_matrix: Path | None = None,
        distance_exponent: float = 1.0,
        wait_hours: float | None = None,
        speed_kmh: float = 60.0,
    ) -> AssessmentOptions:
        """The one constructor of the faces (CLI flags, query parameters, report settings):
        weights as ``gravity=1,transport=1,sez=1``, one waiting time for every pair."""
        return cls(
            as_of=as_of,
            weights=parse_weights(weights),
            normalise=normalise,  # type: ignore[arg-type]
            population_basis=population,  # type: ignore[arg-type]
            distance="matrix" if distance_matrix else "great_circle",
            distance_matrix=distance_matrix,
            distance_exponent=distance_exponent,
            wait_hours={"*": wait_hours} if wait_hours is not None else None,
            speed_kmh=speed_kmh,
        )

    def checked(self) -> AssessmentOptions:
        """The options themselves (they are checked when made; kept for older callers)."""
        return self

    def as_dict(self) -> dict[str, Any]:
        """The options as plain JSON values (what a result records to be re-run)."""
        opts = {f.name: getattr(self, f.name) for f in fields(self) if f.init}
        opts["distance_matrix"] = str(self.distance_matrix) if self.distance_matrix else None
        opts["weights"] = dict(self.weights) if self.weights else None
        opts["wait_hours"] = dict(self.wait_hours) if self.wait_hours else None
        opts["wait_sources"] = dict(self.wait_sources) if self.wait_sources else None
        return opts


def _check(o: AssessmentOptions) -> None:
    if o.normalise not in get_args(NormalisationMethod):
        raise AssessmentError(f"normalisation must be one of {get_args(NormalisationMethod)}")
    if o.population_basis not in get_args(PopulationBasis):
        raise AssessmentError(f"population basis must be one of {get_args(PopulationBasis)}")
    if o.distance not in get_args(DistanceKind):
        raise AssessmentError(f"distance must be one of {get_args(DistanceKind)}")
    if o.distance == "matrix" and o.distance_matrix is None:
        raise AssessmentError("distance 'matrix' needs a distance matrix file")
    if o.weights is not None:
        unknown = set(o.weights) - set(COMPONENTS)
        if unknown:
            raise AssessmentError(
                f"unknown weight(s) {sorted(unknown)}; use {', '.join(COMPONENTS)}"
            )
        if any(not math.isfinite(w) or w < 0 for w in o.weights.values()):
            raise AssessmentError("weights must be finite and non-negative")
        if sum(o.weights.values()) <= 0:
            raise AssessmentError("at least one weight must be positive")


# --------------------------------------------------------------------------- inputs
def parse_weights(text: str | None) -> dict[str, float] | None:
    """Parse ``gravity=1,transport=1,sez=1``.

    >>> parse_weights("gravity=2, sez=1")
    {'gravity': 2.0, 'sez': 1.0}
    >>> parse_weights("gravity")
    Traceback (most recent call last):
    ...
    shekara.services.assessment.options.AssessmentError: weights must look like gravity=1,transport=1,sez=1; got 'gravity'
    """
    if text is None or not text.strip():
        return None
    out: dict[str, float] = {}
    for part in text.split(","):
        name, sep, value = part.partition("=")
        try:
            if not sep:
                raise ValueError
            out[name.strip()] = float(value)
        except ValueError:
            raise AssessmentError(
                f"weights must look like gravity=1,transport=1,sez=1; got {part.strip()!r}"
            ) from None
    return out
