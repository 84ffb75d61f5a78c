"""``shekara flood verify``: leave-one-year-out verification of the Fulda spring outlook.

For every verification year ``Y`` (1980–1988; the spring window from the issue day):

1. the raw ESP hindcast of ``Y`` uses parameters calibrated on the block without ``Y`` and
   the other years' weather as members (:func:`.outlook.all_hindcasts`);
2. the error model is chosen and fitted on the raw hindcasts of the other years only — never
   on ``Y`` (``loyo``): :func:`.spread.select_spread_model` scores every candidate error
   model by an inner leave-one-year-out over those years, keeps the best and refits it
   (nested leave-one-year-out). Two block splits are reported as well: chosen and fitted on
   1980–1984 and verified on 1985–1988 (``split``) and the swap (``swapped``);
3. the dressed ensemble of ``Y`` is scored against the observed discharge, and so are the
   raw ensemble and climatology (the observed flow of the other years in the same window).

Scores (see :mod:`shekara.methods.hydrology.verify`): mean CRPS (m³/s) and its skill
against climatology, the coverage of the central 50 % and 90 % bands, a reliability table
and the Brier skill of daily exceedance of each danger level, and the error of the
ensemble-median peak day. The targets of issue 13 are reported next to the figures.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Mapping, Sequence
from dataclasses import replace

import numpy as np
from numpy.typing import NDArray

from shekara.methods.hydrology import verify as V
from shekara.methods.hydrology.datasets import load_fulda
from shekara.methods.hydrology.model import mm_per_day_to_m3s
from shekara.methods.hydrology.postprocess import Hindcast
from shekara.methods.hydrology.spread import SpreadModel, select_spread_model, spread_ensemble
from shekara.methods.hydrology.weights import exceedance_probability, weighted_quantile
from shekara.services.flood.outlook import (
    BLOCKS,
    DANGER_ASSUMPTION,
    DEFAULT_HORIZON,
    DEFAULT_ISSUE_MD,
    all_hindcasts,
    danger_levels,
)
from shekara.services.flood.outlook_results import (
    BrierScore,
    Coverage,
    ErrorModelView,
    FuldaVerification,
    PeakTiming,
    ReliabilityRow,
    Scores,
    ScoresWithoutPitMapping,
    SplitScores,
    Targets,
    TargetsMet,
)
from shekara.services.flood.scale import ClusterSpec

#: (year, calibrated ensemble, its row weights, raw members, climatology, observation)
Case = tuple[
    int,
    NDArray[np.float64],
    NDArray[np.float64],
    NDArray[np.float64],
    NDArray[np.float64],
    NDArray[np.float64],
]
TARGETS: Mapping[str, tuple[float, float]] = {
    "coverage_90": (0.85, 0.95),
    "coverage_50": (0.42, 0.58),
    "crps_skill": (0.0, float("inf")),
}


METHOD = (
    "nested leave-one-year-out: for each verified year the error model (residual traces, "
    "scaled residual traces or log-space Gaussian regression) is chosen by an inner "
    "leave-one-year-out over the other years, fitted on them only, and its output levels "
    "mapped through the distribution of those years' out-of-sample PITs"
)


def _climatology(hind: Mapping[int, Hindcast], year: int) -> NDArray[np.float64]:
    """Observed windows of the other years (mm/day), one row per year."""
    return np.vstack([h.obs_mm for y, h in hind.items() if y != year])


def _score(
    cases: Sequence[Case],
    area: float,
    levels: Mapping[str, float],
) -> Scores:
    """Pooled scores over :data:`Case` tuples (ensembles in mm/day, scored in m³/s)."""
    crps: dict[str, list[float]] = {"dressed": [], "raw": [], "clim": []}
    cov = {"50": [0, 0], "90": [0, 0], "raw_50": [0, 0], "raw_90": [0, 0]}
    probs: dict[str, list[NDArray[np.float64]]] = {k: [] for k in levels}
    clim_p: dict[str, list[NDArray[np.float64]]] = {k: [] for k in levels}
    events: dict[str, list[NDArray[np.float64]]] = {k: [] for k in levels}
    peaks: dict[int, int] = {}
    for year, dressed, weights, raw, clim, obs_mm in cases:
        ens, r, c, obs = (mm_per_day_to_m3s(a, area) for a in (dressed, raw, clim, obs_mm))
        crps["dressed"].extend(V.crps_ensemble(ens, obs, weights).tolist())
        crps["raw"].extend(V.crps_ensemble(r, obs).tolist())
        crps["clim"].extend(V.crps_ensemble(c, obs).tolist())
        for key, e, w, lo_hi in (
            ("50", ens, weights, (0.25, 0.75)),
            ("90", ens, weights, (0.05, 0.95)),
            ("raw_50", r, None, (0.25, 0.75)),
            ("raw_90", r, None, (0.05, 0.95)),
        ):
            lo, hi = weighted_quantile(e, lo_hi, w)
            hit, n = V.band_coverage(lo, hi, obs)
            cov[key][0] += hit
            cov[key][1] += n
        for k, thr in levels.items():
            probs[k].append(exceedance_probability(ens, thr, weights))
            clim_p[k].append(np.mean(c > thr, axis=0))
            events[k].append((obs > thr).astype(np.float64))
        peaks[year] = V.peak_day_error(ens, obs, weights)
    mean = {k: float(np.mean(v)) for k, v in crps.items()}
    brier: dict[str, BrierScore] = {}
    for k in levels:
        p, pc, o = (np.concatenate(x[k]) for x in (probs, clim_p, events))
        bs, bsc = V.brier_score(p, o), V.brier_score(pc, o)
        brier[k] = BrierScore(
            levels[k], int(o.sum()), round(bs, 5), round(bsc, 5), _r(V.skill_score(bs, bsc))
        )
    all_p = np.concatenate([np.concatenate(probs[k]) for k in levels]) if levels else np.zeros(0)
    all_o = np.concatenate([np.concatenate(events[k]) for k in levels]) if levels else np.zeros(0)
    frac = {k: v[0] / v[1] if v[1] else float("nan") for k, v in cov.items()}
    return Scores(
        years=tuple(c[0] for c in cases),
        days=cov["90"][1],
        crps_m3s=round(mean["dressed"], 3),
        crps_raw_m3s=round(mean["raw"], 3),
        crps_climatology_m3s=round(mean["clim"], 3),
        crps_skill=_r(V.skill_score(mean["dressed"], mean["clim"])),
        crps_skill_raw=_r(V.skill_score(mean["raw"], mean["clim"])),
        coverage_50=Coverage(cov["50"][0], cov["50"][1], _r(frac["50"])),
        coverage_90=Coverage(cov["90"][0], cov["90"][1], _r(frac["90"])),
        coverage_50_raw=_r(frac["raw_50"]),
        coverage_90_raw=_r(frac["raw_90"]),
        brier=brier,
        reliability=tuple(ReliabilityRow.of(b) for b in V.reliability_table(all_p, all_o)),
        peak_timing_days=PeakTiming(peaks, _r(float(np.mean(np.abs(list(peaks.values())))))),
        targets_met=TargetsMet(
            coverage_90=TARGETS["coverage_90"][0] <= frac["90"] <= TARGETS["coverage_90"][1],
            coverage_50=TARGETS["coverage_50"][0] <= frac["50"] <= TARGETS["coverage_50"][1],
            crps_skill=V.skill_score(mean["dressed"], mean["clim"]) > 0.0,
        ),
    )


def _r(v: float) -> float:
    return round(float(v), 4)


def _cases(
    hind: Mapping[int, Hindcast], verify_years: Sequence[int], fit_years: Sequence[int] | None
) -> tuple[list[Case], dict[int, SpreadModel], list[Case]]:
    """Calibrate each verification year with an error model chosen and fitted on ``fit_years``
    (or on all other years) — never on the year itself. The third list holds the same model
    without its PIT mapping (reported beside, to show what the mapping changes)."""
    cases: list[Case] = []
    unmapped: list[Case] = []
    models: dict[int, SpreadModel] = {}
    fitted: dict[tuple[int, ...], SpreadModel] = {}
    for y in verify_years:
        train = tuple(t for t in (fit_years or hind) if t != y)
        if train not in fitted:
            fitted[train] = select_spread_model([hind[t] for t in train])
        m = models[y] = fitted[train]
        h, clim = hind[y], _climatology(hind, y)
        for out, model in ((cases, m), (unmapped, replace(m, pit=()))):
            ens, w = spread_ensemble(model, h.members_mm, h.e0)
            out.append((y, ens, w, h.members_mm, clim, h.obs_mm))
    return cases, models, unmapped


def cached_verification(seed: int = 1, max_evaluations: int = 10_000) -> FuldaVerification:
    """:func:`fulda_verification` with the default window, in process (computed once)."""
    return fulda_verification(seed=seed, max_evaluations=max_evaluations)


@functools.lru_cache(maxsize=4)
def _in_process(horizon: int, month_day: str, seed: int, max_evaluations: int) -> FuldaVerification:
    return _verification(horizon, month_day, seed, max_evaluations, None)


def fulda_verification(
    *,
    horizon: int = DEFAULT_HORIZON,
    month_day: str = DEFAULT_ISSUE_MD,
    seed: int = 1,
    max_evaluations: int = 10_000,
    cluster: ClusterSpec | None = None,
) -> FuldaVerification:
    """Leave-one-year-out verification plus the two block splits; see the module docstring.

    Without ``cluster`` the run is in-process and deterministic, so it is computed once per
    process and arguments (≈ 11 s, more on a busy machine) and a copy handed out; with a cluster it runs there.
    """
    if cluster is None:
        return copy.deepcopy(_in_process(horizon, month_day, seed, max_evaluations))
    return _verification(horizon, month_day, seed, max_evaluations, cluster)


def _verification(
    horizon: int, month_day: str, seed: int, max_evaluations: int, cluster: ClusterSpec | None
) -> FuldaVerification:
    s = load_fulda()
    hind = all_hindcasts(
        month_day=month_day,
        horizon=horizon,
        seed=seed,
        max_evaluations=max_evaluations,
        cluster=cluster,
    )
    levels = danger_levels(s)
    years = sorted(hind)
    a = [y for y in years if BLOCKS[0][0] <= y <= BLOCKS[0][1]]
    b = [y for y in years if BLOCKS[1][0] <= y <= BLOCKS[1][1]]
    loyo, models, loyo_unmapped = _cases(hind, years, None)
    split, split_models, _ = _cases(hind, b, a)
    swapped, swapped_models, _ = _cases(hind, a, b)
    plain = _score(loyo_unmapped, s.area_km2, levels)
    return FuldaVerification(
        dataset="fulda",
        issue_month_day=month_day,
        horizon_days=horizon,
        members_per_hindcast={str(y): len(h.member_years) for y, h in hind.items()},
        seed=seed,
        parameters={
            f"{y0}-{y1}": "verified with parameters calibrated on the other block"
            for y0, y1 in BLOCKS
        },
        method=METHOD,
        out_of_sample=True,
        loyo=_score(loyo, s.area_km2, levels),
        loyo_without_pit_mapping=ScoresWithoutPitMapping(
            plain.crps_skill, plain.coverage_50, plain.coverage_90, plain.brier
        ),
        split=_split(a, split_models[b[0]], _score(split, s.area_km2, levels)),
        swapped=_split(b, swapped_models[a[0]], _score(swapped, s.area_km2, levels)),
        error_models={str(y): ErrorModelView.of(m) for y, m in models.items()},
        targets=Targets(TARGETS["coverage_90"], TARGETS["coverage_50"], "> 0"),
        assumptions=(DANGER_ASSUMPTION,),
    )


def _split(fitted_on: Sequence[int], model: SpreadModel, scores: Scores) -> SplitScores:
    """A block split's scores with the years its error model was fitted on."""
    return SplitScores(
        **vars(scores), fitted_on=tuple(fitted_on), error_model=ErrorModelView.of(model)
    )
