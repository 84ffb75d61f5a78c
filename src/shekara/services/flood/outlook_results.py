"""The Fulda outlook and its verification as typed results.

:func:`.outlook.fulda_outlook` returns a :class:`FuldaOutlook` and
:func:`.verification.fulda_verification` a :class:`FuldaVerification`; the API returns
them as its response models, the CLI prints their ``to_dict()`` (:mod:`shekara.plain`)
and reads their attributes for its tables, the outlook page draws from them. A key the
JSON shows only for some runs (the observed window of a hindcast, the conditioning of a
seasonal outlook, an error model's candidate parameters) is ``Field(exclude_if=absent)``.

Example:
    >>> DangerLevel(30.0, 0.25, (0.0, 0.125)).to_dict()
    {'threshold_m3s': 30.0, 'probability_peak': 0.25, 'daily_probability': [0.0, 0.125]}
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated

from pydantic import Field

from shekara.plain import Plain, absent

if TYPE_CHECKING:  # the faces import these models without the hydrology (numpy, scipy)
    from shekara.methods.hydrology.spread import SpreadModel
    from shekara.methods.hydrology.verify import ReliabilityBin

__all__ = [
    "BrierScore",
    "Coverage",
    "DangerLevel",
    "ErrorModelView",
    "FrozenGroundSetting",
    "FuldaOutlook",
    "FuldaVerification",
    "MemberWeighting",
    "NgrParameters",
    "ObservedWindow",
    "PeakTiming",
    "PitMapping",
    "ReliabilityRow",
    "Scores",
    "ScoresWithoutPitMapping",
    "SplitScores",
    "Targets",
    "TargetsMet",
]

#: A key the JSON leaves out when the value is None.
SOMETIMES = Field(exclude_if=absent)


@dataclass(frozen=True)
class NgrParameters(Plain):
    """The log-space Gaussian regression's coefficients (``log_ngr`` only)."""

    mu: float
    c: float
    beta0: float
    beta1: float
    beta2: float
    z_ref: float


@dataclass(frozen=True)
class PitMapping(Plain):
    """The out-of-sample PIT mapping: quantiles of the training years' PITs."""

    training_days: int
    levels: Annotated[dict[str, float], Field(description="PIT quantile by level (0.05 …).")]


@dataclass(frozen=True)
class ErrorModelView(Plain):
    """The fitted error model (:class:`~shekara.methods.hydrology.spread.SpreadModel`)."""

    kind: Annotated[str, Field(description="residual_traces, scaled_traces or log_ngr.")]
    rho: float
    spread_factor: float
    fitted_on_years: list[int]
    log_offset_mm: float
    trace_scale: Annotated[float | None, SOMETIMES] = None
    ngr: Annotated[NgrParameters | None, SOMETIMES] = None
    inner_loyo_wis_mm: Annotated[dict[str, float] | None, SOMETIMES] = None
    pit_mapping: Annotated[PitMapping | None, SOMETIMES] = None

    @classmethod
    def of(cls, model: SpreadModel) -> ErrorModelView:
        """The model's description, rounded as :meth:`SpreadModel.to_dict` rounds it."""
        d = model.to_dict()
        pit = d.get("pit_mapping")
        return cls(
            d["kind"], d["rho"], d["spread_factor"], d["fitted_on_years"], d["log_offset_mm"],
            d.get("trace_scale"), NgrParameters(**d["ngr"]) if "ngr" in d else None,
            d.get("inner_loyo_wis_mm"), None if pit is None else PitMapping(**pit),
        )  # fmt: skip


@dataclass(frozen=True)
class DangerLevel(Plain):
    """A danger level and the probability that the outlook exceeds it."""

    threshold_m3s: float
    probability_peak: Annotated[float, Field(description="P(window peak > threshold).")]
    daily_probability: Annotated[tuple[float, ...], Field(description="P(flow > threshold) a day.")]


@dataclass(frozen=True)
class MemberWeighting(Plain):
    """How the members are weighted: by the user, or by a seasonal outlook's terciles."""

    source: Annotated[str, Field(description="user or tercile.")]
    variable: Annotated[str | None, SOMETIMES] = None
    probabilities: Annotated[
        dict[str, float] | None, SOMETIMES, Field(description="Tercile probabilities.")
    ] = None
    categories: Annotated[
        dict[str, str] | None, SOMETIMES, Field(description="Each member year's tercile.")
    ] = None
    assumption: str = ""
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class FrozenGroundSetting(Plain):
    """The frozen-ground switch's assumed share and frost-index threshold."""

    impermeable_share: float
    frost_index_threshold: float


@dataclass(frozen=True)
class ObservedWindow(Plain):
    """The observed flow of the window (a hindcast's own year)."""

    q_m3s: tuple[float, ...]
    peak_m3s: float
    peak_day: str


@dataclass(frozen=True)
class FuldaOutlook(Plain):
    """``GET /api/flood/outlook``, ``shekara flood outlook``: the Fulda ESP outlook."""

    dataset: str
    method: str
    issue_date: str
    horizon_days: int
    member_years: tuple[int, ...]
    n_members: int
    dressed_traces: int
    seed: int
    parameters_from: str
    error_model: ErrorModelView
    dates: tuple[str, ...]
    quantiles_m3s: Annotated[
        dict[str, tuple[float, ...]], Field(description="Daily quantiles by name (q05 … q95).")
    ]
    raw_esp_quantiles_m3s: dict[str, tuple[float, ...]]
    danger_levels: dict[str, DangerLevel]
    member_weights: Annotated[
        dict[str, float] | None, Field(description="By member year; null for equal weights.")
    ]
    weighting: MemberWeighting | None
    frozen_ground: FrozenGroundSetting | None
    assumptions: tuple[str, ...]
    observed: Annotated[ObservedWindow | None, SOMETIMES] = None
    notes: Annotated[tuple[str, ...] | None, SOMETIMES] = None


@dataclass(frozen=True)
class Coverage(Plain):
    """How often the observation fell inside a central band."""

    hits: int
    days: int
    fraction: float


@dataclass(frozen=True)
class BrierScore(Plain):
    """Daily exceedance of one danger level: Brier score and skill against climatology."""

    threshold_m3s: float
    events_days: int
    brier: float
    brier_climatology: float
    brier_skill: float


@dataclass(frozen=True)
class ReliabilityRow(Plain):
    """A reliability-table row (:class:`~shekara.methods.hydrology.verify.ReliabilityBin`)."""

    bin: tuple[float, float]
    count: int
    mean_forecast: float | None
    observed_frequency: float | None

    @classmethod
    def of(cls, b: ReliabilityBin) -> ReliabilityRow:
        """The bin, rounded as :meth:`ReliabilityBin.to_dict` rounds it."""
        d = b.to_dict()
        return cls((b.low, b.high), b.count, d["mean_forecast"], d["observed_frequency"])


@dataclass(frozen=True)
class PeakTiming(Plain):
    """Ensemble-median peak day minus the observed one (days, positive = late)."""

    per_year: dict[int, int]
    mean_absolute: float


@dataclass(frozen=True)
class TargetsMet(Plain):
    """Whether each target of issue 13 is met."""

    coverage_90: bool
    coverage_50: bool
    crps_skill: bool


@dataclass(frozen=True)
class Scores(Plain):
    """Scores pooled over the verified years."""

    years: tuple[int, ...]
    days: int
    crps_m3s: float
    crps_raw_m3s: float
    crps_climatology_m3s: float
    crps_skill: float
    crps_skill_raw: float
    coverage_50: Coverage
    coverage_90: Coverage
    coverage_50_raw: float
    coverage_90_raw: float
    brier: dict[str, BrierScore]
    reliability: tuple[ReliabilityRow, ...]
    peak_timing_days: PeakTiming
    targets_met: TargetsMet

    def headline(self) -> dict[str, float]:
        """The figures ``shekara flood verify`` tabulates, by score name (band coverage as
        the fraction of days)."""
        return {
            "crps_m3s": self.crps_m3s,
            "crps_climatology_m3s": self.crps_climatology_m3s,
            "crps_skill": self.crps_skill,
            "crps_skill_raw": self.crps_skill_raw,
            "coverage_50": self.coverage_50.fraction,
            "coverage_90": self.coverage_90.fraction,
            "coverage_50_raw": self.coverage_50_raw,
            "coverage_90_raw": self.coverage_90_raw,
        }


@dataclass(frozen=True)
class _Fit(Plain):
    fitted_on: tuple[int, ...]
    error_model: ErrorModelView


@dataclass(frozen=True)
class SplitScores(Scores, _Fit):
    """A block split's scores after the years it was fitted on and its error model (a
    dataclass takes the fields of its last base first, so the JSON keeps that order)."""


@dataclass(frozen=True)
class ScoresWithoutPitMapping(Plain):
    """The leave-one-year-out scores of the same error models without the PIT mapping."""

    crps_skill: float
    coverage_50: Coverage
    coverage_90: Coverage
    brier: dict[str, BrierScore]


@dataclass(frozen=True)
class Targets(Plain):
    """The targets of issue 13: band coverage ranges and positive CRPS skill."""

    coverage_90: tuple[float, float]
    coverage_50: tuple[float, float]
    crps_skill: str


@dataclass(frozen=True)
class FuldaVerification(Plain):
    """``GET /api/flood/verify``, ``shekara flood verify``: nested leave-one-year-out
    verification of the Fulda outlook and the two block splits."""

    dataset: str
    issue_month_day: str
    horizon_days: int
    members_per_hindcast: dict[str, int]
    seed: int
    parameters: Annotated[dict[str, str], Field(description="By calibration block.")]
    method: str
    out_of_sample: bool
    loyo: Scores
    loyo_without_pit_mapping: ScoresWithoutPitMapping
    split: SplitScores
    swapped: SplitScores
    error_models: Annotated[dict[str, ErrorModelView], Field(description="By verified year.")]
    targets: Targets
    assumptions: tuple[str, ...]
