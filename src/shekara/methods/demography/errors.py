"""The one error type of the demography methods, with a stable code."""

from __future__ import annotations


class DemographyError(ValueError):
    """Inputs a projection cannot use; ``code`` is stable (``DEM001`` ...).

    >>> str(DemographyError("DEM001", "empty"))
    'DEM001: empty'
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
