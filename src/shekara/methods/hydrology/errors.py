"""Typed errors of the hydrology package, each carrying a stable code.

The codes are part of the public interface: the CLI and the web layer map them
to messages and exit statuses, so a code is never re-used for another meaning.

========  ==========================================================
code      meaning
========  ==========================================================
HYD001    gap in a series: a NaN value or a missing calendar day
HYD002    negative precipitation
HYD003    implausible temperature (e.g. Kelvin given as Celsius)
HYD004    series too short to calibrate (< spin-up + one year)
HYD005    series of unequal length / misaligned inputs
HYD006    parameter outside its documented bounds
HYD007    invalid period definition (overlap, reversed, out of data)
HYD008    invalid reservoir table or structure geometry
HYD009    invalid ensemble / forecast configuration
HYD010    dataset file missing or unreadable
HYD011    negative discharge or potential evaporation
========  ==========================================================

>>> err = NegativePrecipitationError("precipitation", "1980-03-01", -0.5)
>>> err.code
'HYD002'
>>> "1980-03-01" in str(err)
True
"""

from __future__ import annotations

from typing import Any, ClassVar

__all__ = [
    "DatasetError",
    "ForecastConfigError",
    "HydrologyError",
    "ImplausibleTemperatureError",
    "MisalignedSeriesError",
    "NegativePrecipitationError",
    "NegativeValueError",
    "ParameterBoundsError",
    "PeriodError",
    "ReservoirConfigError",
    "SeriesGapError",
    "SeriesTooShortError",
]


class HydrologyError(ValueError):
    """Base class: every hydrology error has a stable ``code``.

    ``column`` and ``date`` name the offending input where there is one, so a
    user can find the bad row without reading a traceback.
    """

    code: ClassVar[str] = "HYD000"

    def __init_subclass__(cls, code: str = "", **kwargs: Any) -> None:
        # a subclass names its code in its header: class X(HydrologyError, code="HYD0NN")
        super().__init_subclass__(**kwargs)
        if code:
            cls.code = code

    def __init__(self, message: str, *, column: str | None = None, date: str | None = None):
        self.column = column
        self.date = date
        self.message = message
        where = []
        if column is not None:
            where.append(f"column={column}")
        if date is not None:
            where.append(f"date={date}")
        suffix = f" [{', '.join(where)}]" if where else ""
        super().__init__(f"{self.code}: {message}{suffix}")

    def to_dict(self) -> dict[str, str | None]:
        """Machine-readable form for JSON output."""
        return {
            "code": self.code,
            "message": self.message,
            "column": self.column,
            "date": self.date,
        }


class SeriesGapError(HydrologyError, code="HYD001"):
    """A NaN value or a missing day in a daily series."""

    def __init__(self, column: str, date: str, detail: str = "missing value (NaN)"):
        super().__init__(f"gap in daily series: {detail}", column=column, date=date)


class NegativePrecipitationError(HydrologyError, code="HYD002"):
    """Precipitation below zero (a sign or unit error in the source)."""

    def __init__(self, column: str, date: str, value: float):
        self.value = value
        super().__init__(f"negative precipitation {value!r} mm/day", column=column, date=date)


class ImplausibleTemperatureError(HydrologyError, code="HYD003"):
    """Air temperature outside the plausible range in °C."""

    def __init__(self, column: str, date: str, value: float, hint: str = ""):
        self.value = value
        msg = f"implausible air temperature {value!r} °C"
        if hint:
            msg = f"{msg} ({hint})"
        super().__init__(msg, column=column, date=date)


class SeriesTooShortError(HydrologyError, code="HYD004"):
    """Not enough data for spin-up plus at least one scored year."""


class MisalignedSeriesError(HydrologyError, code="HYD005"):
    """Input arrays differ in length or do not share a time axis."""


class ParameterBoundsError(HydrologyError, code="HYD006"):
    """A model parameter lies outside its documented bounds."""


class PeriodError(HydrologyError, code="HYD007"):
    """Spin-up, calibration and validation periods are inconsistent."""


class ReservoirConfigError(HydrologyError, code="HYD008"):
    """The storage–area–level table or the outlet geometry is invalid."""


class ForecastConfigError(HydrologyError, code="HYD009"):
    """Invalid ensemble size, perturbation or threshold definition."""


class DatasetError(HydrologyError, code="HYD010"):
    """A shipped dataset could not be found or parsed."""


class NegativeValueError(HydrologyError, code="HYD011"):
    """Negative discharge or potential evaporation (sign or unit error)."""

    def __init__(self, column: str, date: str, value: float):
        self.value = value
        super().__init__(
            f"negative value {value!r} in a non-negative series", column=column, date=date
        )
