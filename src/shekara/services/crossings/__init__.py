"""Border crossing points: registry, queue simulation, lane planning, modernisation order, waits.

The CLI (``shekara crossings``), the API (``/api/crossings``), the dashboard pages
and the report all call these functions.
"""

from shekara.services.crossings.registry import (
    Crossing,
    CrossingDetail,
    CrossingsAndTargets,
    CrossingsOverview,
    Fact,
    Target,
    crossing_detail,
    facts,
    list_crossings,
    measurements,
    targets,
)
from shekara.services.crossings.scenario import ModernisationScenario, modernisation_scenario
from shekara.services.crossings.simulate import (
    CrossingError,
    CrossingSimulation,
    LanePlan,
    SimulationInput,
    plan_lanes,
    simulate_crossing,
)
from shekara.services.crossings.waits import PairWaits, pair_waits, with_crossing_waits

__all__ = [
    "Crossing",
    "CrossingDetail",
    "CrossingError",
    "CrossingSimulation",
    "CrossingsAndTargets",
    "CrossingsOverview",
    "Fact",
    "LanePlan",
    "ModernisationScenario",
    "PairWaits",
    "SimulationInput",
    "Target",
    "crossing_detail",
    "facts",
    "list_crossings",
    "measurements",
    "modernisation_scenario",
    "pair_waits",
    "plan_lanes",
    "simulate_crossing",
    "targets",
    "with_crossing_waits",
]
