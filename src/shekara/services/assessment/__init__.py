"""Assessment of cooperation potential: gather inputs from the store, call the methods, carry sources.

This is the one place where the CLI, the API, the dashboard and the report get
their numbers from. Inputs come from the knowledge base as of a date:

* populations of the admin-centre cities (indicator ``population_city``; with
  ``population_basis="region"`` the regions' ``population``) — the latest value by
  the as-of date, or the nearest later one when none exists yet (the period used
  is reported per pair);
* great-circle distances between the centres' coordinates, or a user-supplied
  distance matrix (road km or hours), optionally with checkpoint waiting time
  converted to km (effective distance);
* the transport-link and economic-zone registries → transport and SEZ scores.

Example:
    >>> from shekara.kb.store import example_engine
    >>> result = assess(example_engine(), AssessmentOptions(as_of=2018))
    >>> best = result.pairs[0]
    >>> best.rank, best.pair_id, best.transport_score, best.sez_score
    (1, 'KZ-27:RU-SAM', 50.0, 50.0)
"""

from __future__ import annotations

from shekara.services.assessment.inputs import gather_inputs, read_distance_matrix
from shekara.services.assessment.options import (
    COMPONENTS,
    AssessmentError,
    AssessmentOptions,
    DistanceKind,
    PopulationBasis,
    parse_weights,
)
from shekara.services.assessment.ranking import (
    assess,
    component_arrays,
    data_checksum,
    effective_weights,
)
from shekara.services.assessment.results import Assessment, PairAssessment, PairInputs
from shekara.services.assessment.uncertainty import (
    SensitivityReport,
    SensitivitySettings,
    sensitivity,
)

__all__ = [
    "COMPONENTS",
    "Assessment",
    "AssessmentError",
    "AssessmentOptions",
    "DistanceKind",
    "PairAssessment",
    "PairInputs",
    "PopulationBasis",
    "SensitivityReport",
    "SensitivitySettings",
    "assess",
    "component_arrays",
    "data_checksum",
    "effective_weights",
    "gather_inputs",
    "parse_weights",
    "read_distance_matrix",
    "sensitivity",
]
