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

from collections.abc import Mapping
from typing import Any

from shekara.i18n import fmt_number, translator
from shekara.plain import to_plain
from shekara.services.flood.outlook_results import Coverage, FuldaVerification

#: Headline figures of the nested leave-one-year-out verification (see the module docstring).
FULDA_SUMMARY: dict[str, Any] = {
    "dataset": "fulda",
    "method": "nested_loyo",
    "out_of_sample": True,
    "years": [1980, 1988],
    "days": 540,
    "crps_skill": 0.0268,
    "coverage_50": {"hits": 273, "days": 540},
    "coverage_90": {"hits": 488, "days": 540},
    "brier_skill": {"high_flow_p95": 0.1209, "high_flow_p99": 0.0271},
    "peak_timing_mae_days": 17.2222,
    "swapped": {
        "crps_skill": -0.3288,
        "coverage_50": {"hits": 108, "days": 300},
        "coverage_90": {"hits": 230, "days": 300},
    },
    "targets_met": {"coverage_90": True, "coverage_50": True, "crps_skill": True},
}

TARGET_TEXT = {"crps_skill": "> 0", "coverage_50": "42–58 %", "coverage_90": "85–95 %"}


def verification_summary(ver: FuldaVerification) -> dict[str, Any]:
    """The headline figures of a full :func:`.verification.fulda_verification` output."""
    loyo, sw = ver.loyo, ver.swapped
    return {
        "dataset": ver.dataset,
        "method": "nested_loyo",
        "out_of_sample": ver.out_of_sample,
        "years": [loyo.years[0], loyo.years[-1]],
        "days": loyo.days,
        "crps_skill": loyo.crps_skill,
        "coverage_50": _hits(loyo.coverage_50),
        "coverage_90": _hits(loyo.coverage_90),
        "brier_skill": {k: b.brier_skill for k, b in loyo.brier.items()},
        "peak_timing_mae_days": loyo.peak_timing_days.mean_absolute,
        "swapped": {
            "crps_skill": sw.crps_skill,
            "coverage_50": _hits(sw.coverage_50),
            "coverage_90": _hits(sw.coverage_90),
        },
        "targets_met": to_plain(loyo.targets_met),
    }


def _hits(cov: Coverage) -> dict[str, int]:
    return {"hits": cov.hits, "days": cov.days}


def summary_rows(lang: str, summary: Mapping[str, Any] = FULDA_SUMMARY) -> dict[str, Any]:
    """Title, method sentence and rows ``{score, value, target, status}`` in ``lang``.

    >>> summary_rows("en")["rows"][1]["value"]
    '50.6 %'
    """
    _ = translator(lang, "outlook")

    def pct(cov: Mapping[str, int]) -> str:
        return fmt_number(100 * cov["hits"] / cov["days"], lang, 1) + " %"

    def met(key: str) -> str:
        return _("met") if summary["targets_met"][key] else _("not met")

    rows = [
        {"score": _("crps_skill"), "value": fmt_number(summary["crps_skill"], lang, 2),
         "target": TARGET_TEXT["crps_skill"], "status": met("crps_skill")},
        {"score": _("coverage_50"), "value": pct(summary["coverage_50"]),
         "target": TARGET_TEXT["coverage_50"], "status": met("coverage_50")},
        {"score": _("coverage_90"), "value": pct(summary["coverage_90"]),
         "target": TARGET_TEXT["coverage_90"], "status": met("coverage_90")},
    ]  # fmt: skip
    for k, v in summary["brier_skill"].items():
        rows.append({"score": _("Brier skill") + ": " + _(k) + "*",
                     "value": fmt_number(v, lang, 2), "target": "", "status": ""})  # fmt: skip
    rows.append({"score": _("Peak timing error, days"),
                 "value": fmt_number(summary["peak_timing_mae_days"], lang, 1),
                 "target": "", "status": ""})  # fmt: skip
    sw = summary["swapped"]
    swapped = _("Swapped calibration split (fitted on 1985–1988, verified on 1980–1984): "
                "50 % band {c50}, 90 % band {c90}, CRPS skill {s}.").format(
        c50=pct(sw["coverage_50"]), c90=pct(sw["coverage_90"]), s=fmt_number(sw["crps_skill"], lang, 2)
    )  # fmt: skip
    y0, y1 = summary["years"]
    return {
        "title": _("Verification of the spring outlook (Fulda, out of sample)"),
        "method": _(
            "Method: nested leave-one-year-out hindcasts, 1 March {y0}–{y1}, {d} days: "
            "for each year checked the error model is chosen and fitted, and its "
            "probabilities recalibrated, on the other years only."
        ).format(y0=y0, y1=y1, d=fmt_number(summary["days"], lang)),
        "rows": rows,
        "swapped": swapped,
        "footnote": "* "
        + _(
            "Assumption, not sourced: no official danger levels ship for the "
            "Fulda; the 95th and 99th percentiles of observed daily discharge "
            "1980–1988 are used."
        ),
        "headers": {"score": _("score"), "value": _("Value"), "target": _("Target")},
    }
