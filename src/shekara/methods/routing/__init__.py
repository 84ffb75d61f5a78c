"""Channel and reservoir routing for river networks.

* :mod:`.muskingum` — Muskingum and Muskingum–Cunge routing of a hydrograph along a reach;
* :mod:`.levelpool` — operating rules (release schedule, target level, crest spill) on top of
  the level-pool integrator of :mod:`shekara.methods.hydrology.reservoir`, which it reuses.
"""

from shekara.methods.routing.levelpool import (
    OperatingRule,
    prismatic_reservoir,
    route_with_rule,
)
from shekara.methods.routing.muskingum import (
    MuskingumParameters,
    RoutingError,
    cunge_parameters,
    muskingum_coefficients,
    route_chain,
    route_reach,
)

__all__ = [
    "MuskingumParameters",
    "OperatingRule",
    "RoutingError",
    "cunge_parameters",
    "muskingum_coefficients",
    "prismatic_reservoir",
    "route_chain",
    "route_reach",
    "route_with_rule",
]
