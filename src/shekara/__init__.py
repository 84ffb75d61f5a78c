"""Shekara — information-analytical system for Kazakhstan–Russia cross-border cooperation.

The package is organised as the data flow in ``docs/architecture.md``: ``kb`` (the
knowledge base: data package, store, validation), ``methods`` (pure computations),
``services`` (use cases shared by the CLI, the API and the report) and the interfaces.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("shekara")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0+unknown"

__all__ = ["__version__"]
