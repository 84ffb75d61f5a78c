"""Statistical spring-volume outlook from late-winter snow water equivalent (SWE).

Where a basin has SWE observations, the spring flow volume (e.g. March–July, hm³) is
regressed on the basin-mean SWE of a late-winter day (e.g. 1 March, mm) by ordinary least
squares, as the FROSTBYTE workflow does for 75 North American snowmelt basins. Shekara
ships no SWE observations for any basin: the user brings a CSV (:func:`read_swe_csv`).

* fit ``V = a + b·S`` (:func:`numpy.linalg.lstsq`), ``R² = 1 − SSE/SST``;
* leave-one-year-out (LOYO) predictions ``V̂₍₋ᵢ₎`` (refit without year *i*) and the skill
  against climatology ``1 − SSE_cv/SSE_clim``, where climatology is also left-one-out: the
  mean volume of the other years (so neither side sees the year it predicts);
* for a new SWE ``S₀``: ``V̂ = a + b·S₀``, prediction variance
  ``s²·(1 + 1/n + (S₀ − S̄)²/Sxx)`` with ``s² = SSE/(n − 2)``, intervals from Student's *t*
  with ``n − 2`` degrees of freedom, and ``P(V > T) = 1 − F_t((T − V̂)/σ_pred)``.

Codes: SWE001 file missing/unreadable, SWE002 column missing, SWE003 bad value (row,
field), SWE004 fewer than 5 years, SWE005 no spread (SWE or volume all equal), SWE006 a
year repeated, SWE007 invalid request (probability level, negative SWE).

>>> fit = fit_swe_volume([2001, 2002, 2003, 2004, 2005], [100, 150, 200, 250, 300],
...                      [110, 160, 190, 260, 300])
>>> round(fit.intercept, 3), round(fit.slope, 3), round(fit.r2, 4)
(12.0, 0.96, 0.988)
>>> p = fit.predict(220.0)
>>> round(p.volume_hm3, 1), tuple(round(x, 1) for x in p.interval(0.9))
(223.2, (198.1, 248.3))
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy import stats

from shekara.coded import CodedError

__all__ = [
    "EXERCISE_WORDS",
    "MIN_YEARS",
    "SweFit",
    "SweInput",
    "SwePrediction",
    "SweRegressionError",
    "fit_swe_volume",
    "read_swe_csv",
]

#: Fewer years leave too few degrees of freedom (n − 2) for a usable interval.
MIN_YEARS = 5
#: A comment line holding these words marks the file as generated exercise data.
EXERCISE_WORDS = "GENERATED EXERCISE DATA"
COLUMNS = ("year", "swe_mm", "volume_hm3")


class SweRegressionError(CodedError, ValueError):
    """A refused SWE–volume input or request (codes SWE001–SWE007)."""


@dataclass(frozen=True)
class SwePrediction:
    """The outlook for one SWE value: centre, spread (σ of a new year) and degrees of freedom."""

    swe_mm: float
    volume_hm3: float
    sigma_hm3: float
    dof: int

    def interval(self, level: float) -> tuple[float, float]:
        """Central prediction interval holding *level* (0–1) of the probability."""
        if not 0.0 < level < 1.0:
            raise SweRegressionError("SWE007", f"interval level {level} must lie between 0 and 1")
        half = float(stats.t.ppf(0.5 + level / 2.0, self.dof)) * self.sigma_hm3
        return self.volume_hm3 - half, self.volume_hm3 + half

    def exceedance(self, threshold_hm3: float) -> float:
        """Probability that the spring volume exceeds *threshold_hm3*."""
        if self.sigma_hm3 == 0.0:  # a perfect fit: the outlook is certain
            return 1.0 if self.volume_hm3 > threshold_hm3 else 0.0
        z = (threshold_hm3 - self.volume_hm3) / self.sigma_hm3
        return float(stats.t.sf(z, self.dof))


@dataclass(frozen=True)
class SweYears:
    """Late-winter SWE (mm) and seasonal volume (hm³), year by year."""

    years: tuple[int, ...]
    swe_mm: tuple[float, ...]
    volume_hm3: tuple[float, ...]


@dataclass(frozen=True)
class SweFit(SweYears):
    """An OLS fit of volume (hm³) on SWE (mm) with its LOYO cross-validation."""

    intercept: float
    slope: float
    r2: float
    residual_sd: float
    cv_predictions: tuple[float, ...]
    cv_skill: float

    @property
    def n(self) -> int:
        return len(self.years)

    def predict(self, swe_mm: float) -> SwePrediction:
        """Volume outlook for a late-winter SWE of *swe_mm* (OLS prediction variance)."""
        if not math.isfinite(swe_mm) or swe_mm < 0:
            raise SweRegressionError("SWE007", f"SWE {swe_mm} mm must be a number ≥ 0")
        x = np.asarray(self.swe_mm)
        sxx = float(((x - x.mean()) ** 2).sum())
        var = self.residual_sd**2 * (1.0 + 1.0 / self.n + (swe_mm - x.mean()) ** 2 / sxx)
        return SwePrediction(
            swe_mm, self.intercept + self.slope * swe_mm, math.sqrt(var), self.n - 2
        )

    def to_dict(self) -> dict[str, object]:
        return {
            "years": list(self.years),
            "intercept_hm3": self.intercept,
            "slope_hm3_per_mm": self.slope,
            "r2": self.r2,
            "residual_sd_hm3": self.residual_sd,
            "cv_skill": self.cv_skill,
            "cv_predictions_hm3": dict(zip(self.years, self.cv_predictions, strict=True)),
        }


def _ols(x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """(intercept, slope) of y on x by least squares."""
    design = np.column_stack([np.ones_like(x), x])
    coef = np.linalg.lstsq(design, y, rcond=None)[0]
    return float(coef[0]), float(coef[1])


def fit_swe_volume(
    years: Sequence[int], swe_mm: Sequence[float], volume_hm3: Sequence[float]
) -> SweFit:
    """Fit volume on SWE and cross-validate leaving one year out (see the module docstring)."""
    if not len(years) == len(swe_mm) == len(volume_hm3):
        raise SweRegressionError("SWE005", "years, SWE and volumes differ in length")
    if len(years) < MIN_YEARS:
        raise SweRegressionError(
            "SWE004", f"{len(years)} year(s) given; the regression needs at least {MIN_YEARS}"
        )
    x, y = np.asarray(swe_mm, dtype=float), np.asarray(volume_hm3, dtype=float)
    if np.ptp(x) == 0 or np.ptp(y) == 0:
        raise SweRegressionError("SWE005", "SWE or volume is the same every year: no regression")
    a, b = _ols(x, y)
    sse = float(((y - a - b * x) ** 2).sum())
    sst = float(((y - y.mean()) ** 2).sum())
    n = len(y)
    cv, clim = np.empty(n), np.empty(n)
    for i in range(n):
        keep = np.arange(n) != i
        if np.ptp(x[keep]) == 0:  # the other years have one SWE value: no line through them
            raise SweRegressionError(
                "SWE005", f"without {years[i]} every other year has the same SWE: no cross-check"
            )
        ai, bi = _ols(x[keep], y[keep])
        cv[i], clim[i] = ai + bi * x[i], y[keep].mean()
    skill = 1.0 - float(((y - cv) ** 2).sum()) / float(((y - clim) ** 2).sum())
    return SweFit(
        tuple(int(v) for v in years),
        tuple(float(v) for v in x),
        tuple(float(v) for v in y),
        a,
        b,
        1.0 - sse / sst,
        math.sqrt(sse / (n - 2)),
        tuple(float(v) for v in cv),
        skill,
    )


@dataclass(frozen=True)
class SweInput(SweYears):
    """The years of a SWE–volume file, and whether it is marked as generated exercise data."""

    exercise: bool

    def fit(self) -> SweFit:
        return fit_swe_volume(self.years, self.swe_mm, self.volume_hm3)


def _number(text: str, where: str, field: str, *, integer: bool = False) -> float:
    """A finite, non-negative number from a cell, or SWE003 naming the row and field."""
    try:
        value = int(text) if integer else float(text)
    except ValueError:
        msg = f"{where}, field {field}: {text!r} is not a number"
        raise SweRegressionError("SWE003", msg) from None
    if not math.isfinite(value) or value < 0:
        raise SweRegressionError("SWE003", f"{where}, field {field}: {text!r} must be ≥ 0")
    return value


def read_swe_csv(path: Path) -> SweInput:
    """Read ``year, swe_mm, volume_hm3`` rows (other columns, e.g. ``note``, are ignored).

    Lines starting with ``#`` are comments; one holding ``GENERATED EXERCISE DATA`` marks the
    file as exercise data, which every output then says.
    """
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else "not UTF-8 text"
        raise SweRegressionError("SWE001", f"{path}: cannot be read ({reason})") from None
    exercise = any(ln.lstrip().startswith("#") and EXERCISE_WORDS in ln.upper() for ln in lines)
    header: list[str] | None = None
    rows: dict[int, tuple[float, float]] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = [c.strip() for c in next(csv.reader(io.StringIO(line)))]
        if header is None:
            header = [c.lower() for c in cells]
            missing = [c for c in COLUMNS if c not in header]
            if missing:
                raise SweRegressionError(
                    "SWE002", f"{path}, line {number}: column(s) missing: {', '.join(missing)}"
                )
            continue
        where = f"{path}, row {number}"
        cell = dict(zip(header, cells, strict=False))
        year = int(_number(cell.get("year", ""), where, "year", integer=True))
        if year in rows:
            raise SweRegressionError("SWE006", f"{where}, field year: {year} is repeated")
        rows[year] = (
            _number(cell.get("swe_mm", ""), where, "swe_mm"),
            _number(cell.get("volume_hm3", ""), where, "volume_hm3"),
        )
    if header is None:
        raise SweRegressionError("SWE002", f"{path}: no header ({', '.join(COLUMNS)})")
    years = sorted(rows)
    if len(years) < MIN_YEARS:
        raise SweRegressionError(
            "SWE004", f"{path}: {len(years)} year(s); the regression needs at least {MIN_YEARS}"
        )
    return SweInput(
        tuple(years),
        tuple(rows[y][0] for y in years),
        tuple(rows[y][1] for y in years),
        exercise,
    )
