"""Hydrological modelling core: snow-and-runoff model, skill scores, calibration,
ensemble spring-flood forecasts and reservoir level-pool routing.

Everything here is pure computation on arrays except :mod:`.datasets`, which
reads the Fulda example series shipped with spotpy. See ``docs/hydrology.md``.
"""

from shekara.methods.hydrology.errors import HydrologyError
from shekara.methods.hydrology.forcing import Forcing
from shekara.methods.hydrology.model import (
    PARAMETER_NAMES,
    PARAMETER_SPECS,
    HBVParameters,
    ModelResult,
    ModelState,
    simulate,
    simulate_batch,
    simulate_discharge,
)

__all__ = [
    "PARAMETER_NAMES",
    "PARAMETER_SPECS",
    "Forcing",
    "HBVParameters",
    "HydrologyError",
    "ModelResult",
    "ModelState",
    "simulate",
    "simulate_batch",
    "simulate_discharge",
]
