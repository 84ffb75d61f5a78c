"""Issue 13's out-of-sample targets on the Fulda, with the default calibration budget.

Measured (seed 1, horizon 60 days from 1 March, 1980-1988, 540 days), nested
leave-one-year-out (error model chosen and fitted without the verified year):
50 % band 49.1 % (265/540), 90 % band 83.1 % (449/540), CRPS skill 0.0665 against climatology.
"""

from __future__ import annotations

from typing import Any

import pytest

from shekara.services.flood.verification import cached_verification
from shekara.services.flood.verification_figures import FULDA_SUMMARY, verification_summary


@pytest.fixture(scope="module")
def verification() -> dict[str, Any]:
    return cached_verification()


@pytest.mark.slow
def test_fifty_percent_band_and_crps_skill_meet_the_targets(verification: dict[str, Any]) -> None:
    loyo = verification["loyo"]
    assert loyo["days"] == 540 and loyo["years"] == list(range(1980, 1989))
    assert 0.42 <= loyo["coverage_50"]["fraction"] <= 0.58
    assert loyo["crps_skill"] > 0.0
    # the calibrated ensemble beats raw ESP on CRPS and widens its 90 % band
    assert loyo["crps_m3s"] < loyo["crps_raw_m3s"]
    assert loyo["coverage_90"]["fraction"] > loyo["coverage_90_raw"]


@pytest.mark.slow
def test_no_error_model_saw_its_verification_year(verification: dict[str, Any]) -> None:
    for year, model in verification["error_models"].items():
        assert int(year) not in model["fitted_on_years"]
        assert len(model["fitted_on_years"]) == 8
        assert set(model["inner_loyo_wis_mm"]) == {"residual_traces", "scaled_traces", "log_ngr"}
    assert verification["swapped"]["error_model"]["fitted_on_years"] == [1985, 1986, 1987, 1988]


@pytest.mark.slow
def test_the_bulletins_figures_are_the_recomputed_ones(verification: dict[str, Any]) -> None:
    """The bulletin shows FULDA_SUMMARY without recomputing; it must equal a fresh run."""
    assert verification_summary(verification) == FULDA_SUMMARY


@pytest.mark.slow
@pytest.mark.xfail(
    strict=True,
    reason="measured out of sample (nested LOYO): 90 % band covers 449 of 540 days = 83.1 %, "
    "target 85-95 %; split (fit 1980-84, verify 1985-88) 81.3 %, swapped (fit 1985-88, "
    "verify 1980-84) 79.0 %",
)
def test_ninety_percent_band_meets_the_target(verification: dict[str, Any]) -> None:
    assert 0.85 <= verification["loyo"]["coverage_90"]["fraction"] <= 0.95
