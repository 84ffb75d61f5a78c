"""Shared fixtures of the hydrology tests: the Fulda series and one calibration."""

from __future__ import annotations

import pytest

from shekara.methods.hydrology.calibration import CalibrationResult, calibrate_fulda
from shekara.methods.hydrology.datasets import CatchmentSeries, load_fulda


@pytest.fixture(scope="session")
def fulda() -> CatchmentSeries:
    return load_fulda()


@pytest.fixture(scope="session")
def fulda_calibration() -> CalibrationResult:
    """The documented set-up: spin-up 1979, calibrate 1980–84, validate 1985–88, seed 1.

    A real calibration (10,000-run budget, ~2 s with numba), not stored numbers.
    """
    return calibrate_fulda(spin_up=1979, calibration=(1980, 1984), validation=(1985, 1988), seed=1)
