"""The outlook's verification, as the bulletin and the outlook page show it next to the forecast.

The full verification (:func:`.verification.fulda_verification`) recalibrates and re-runs
every hindcast (≈ 11 s on a quiet machine, much longer on a busy one) — too slow for every
daily bulletin and dashboard view. :data:`FULDA_SUMMARY` holds its headline figures as computed by
``shekara flood verify --dataset fulda --seed 1 --format json`` (default budget of 10,000
model runs per calibration) with this code; ``tests/flood/test_outlook_targets.py``
recomputes the verification and fails if the figures below differ from it, so they cannot
go stale. :func:`summary_rows` formats them for a language (Babel, ``outlook`` domain).
"""

from __future__ import annotations

from dataclasses import dataclass

from shekara.i18n import fmt_number, translator
from shekara.services.flood.outlook_results import Coverage, FuldaVerification, TargetsMet


@dataclass(frozen=True)
class BandHits:
    """Days the observation fell inside a central band, of the days verified."""

    hits: int
    days: int

    @classmethod
    def of(cls, cov: Coverage) -> BandHits:
        return cls(cov.hits, cov.days)


@dataclass(frozen=True)
class SplitHeadline:
    """The swapped block split's headline figures."""

    crps_skill: float
    coverage_50: BandHits
    coverage_90: BandHits


@dataclass(frozen=True)
class VerificationSummary:
    """The headline figures of a verification: years ``(first, last)``, days verified,
    CRPS skill, band hits, Brier skill by danger level, mean absolute peak-day error."""

    dataset: str
    method: str
    out_of_sample: bool
    years: tuple[int, int]
    days: int
    crps_skill: float
    coverage_50: BandHits
    coverage_90: BandHits
    brier_skill: dict[str, float]
    peak_timing_mae_days: float
    swapped: SplitHeadline
    targets_met: TargetsMet


#: Headline figures of the nested leave-one-year-out verification (see the module docstring).
FULDA_SUMMARY = VerificationSummary(
    dataset="fulda",
    method="nested_loyo",
    out_of_sample=True,
    years=(1980, 1988),
    days=540,
    crps_skill=0.0268,
    coverage_50=BandHits(273, 540),
    coverage_90=BandHits(488, 540),
    brier_skill={"high_flow_p95": 0.1209, "high_flow_p99": 0.0271},
    peak_timing_mae_days=17.2222,
    swapped=SplitHeadline(-0.3288, BandHits(108, 300), BandHits(230, 300)),
    targets_met=TargetsMet(coverage_90=True, coverage_50=True, crps_skill=True),
)

TARGET_TEXT = {"crps_skill": "> 0", "coverage_50": "42–58 %", "coverage_90": "85–95 %"}


def verification_summary(ver: FuldaVerification) -> VerificationSummary:
    """The headline figures of a full :func:`.verification.fulda_verification` output."""
    loyo, sw = ver.loyo, ver.swapped
    return VerificationSummary(
        dataset=ver.dataset,
        method="nested_loyo",
        out_of_sample=ver.out_of_sample,
        years=(loyo.years[0], loyo.years[-1]),
        days=loyo.days,
        crps_skill=loyo.crps_skill,
        coverage_50=BandHits.of(loyo.coverage_50),
        coverage_90=BandHits.of(loyo.coverage_90),
        brier_skill={k: b.brier_skill for k, b in loyo.brier.items()},
        peak_timing_mae_days=loyo.peak_timing_days.mean_absolute,
        swapped=SplitHeadline(
            sw.crps_skill, BandHits.of(sw.coverage_50), BandHits.of(sw.coverage_90)
        ),
        targets_met=loyo.targets_met,
    )


@dataclass(frozen=True)
class ScoreLine:
    """A row of the verification table, formatted: score, value, target, whether met."""

    score: str
    value: str
    target: str = ""
    status: str = ""


@dataclass(frozen=True)
class VerificationText:
    """The verification as the bulletin and the outlook page show it, in one language."""

    title: str
    method: str
    rows: list[ScoreLine]
    swapped: str
    footnote: str
    #: The column headers: a row of the same table (its status column has no header).
    headers: ScoreLine


def summary_rows(lang: str, summary: VerificationSummary = FULDA_SUMMARY) -> VerificationText:
    """Title, method sentence and rows (score, value, target, status) in ``lang``.

    >>> summary_rows("en").rows[1].value
    '50.6 %'
    """
    _ = translator(lang, "outlook")

    def pct(cov: BandHits) -> str:
        return fmt_number(100 * cov.hits / cov.days, lang, 1) + " %"

    def met(ok: bool) -> str:
        return _("met") if ok else _("not met")

    ok = summary.targets_met
    rows = [
        ScoreLine(_("crps_skill"), fmt_number(summary.crps_skill, lang, 2),
                  TARGET_TEXT["crps_skill"], met(ok.crps_skill)),
        ScoreLine(_("coverage_50"), pct(summary.coverage_50), TARGET_TEXT["coverage_50"],
                  met(ok.coverage_50)),
        ScoreLine(_("coverage_90"), pct(summary.coverage_90), TARGET_TEXT["coverage_90"],
                  met(ok.coverage_90)),
    ]  # fmt: skip
    for k, v in summary.brier_skill.items():
        rows.append(ScoreLine(_("Brier skill") + ": " + _(k) + "*", fmt_number(v, lang, 2)))
    rows.append(
        ScoreLine(_("Peak timing error, days"), fmt_number(summary.peak_timing_mae_days, lang, 1))
    )
    sw = summary.swapped
    swapped = _("Swapped calibration split (fitted on 1985–1988, verified on 1980–1984): "
                "50 % band {c50}, 90 % band {c90}, CRPS skill {s}.").format(
        c50=pct(sw.coverage_50), c90=pct(sw.coverage_90), s=fmt_number(sw.crps_skill, lang, 2)
    )  # fmt: skip
    y0, y1 = summary.years
    return VerificationText(
        title=_("Verification of the spring outlook (Fulda, out of sample)"),
        method=_(
            "Method: nested leave-one-year-out hindcasts, 1 March {y0}–{y1}, {d} days: "
            "for each year checked the error model is chosen and fitted, and its "
            "probabilities recalibrated, on the other years only."
        ).format(y0=y0, y1=y1, d=fmt_number(summary.days, lang)),
        rows=rows,
        swapped=swapped,
        footnote="* "
        + _(
            "Assumption, not sourced: no official danger levels ship for the "
            "Fulda; the 95th and 99th percentiles of observed daily discharge "
            "1980–1988 are used."
        ),
        headers=ScoreLine(_("score"), _("Value"), _("Target")),
    )
