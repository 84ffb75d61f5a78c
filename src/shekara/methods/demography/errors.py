"""The one error type of the demography methods, with a stable code."""

from __future__ import annotations

from shekara.coded import CodedError


class DemographyError(CodedError, ValueError):
    """Inputs a projection cannot use; ``code`` is stable (``DEM001`` ...).

    >>> str(DemographyError("DEM001", "empty"))
    'DEM001: empty'
    """
