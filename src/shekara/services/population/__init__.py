"""Population services: WPP 2022 import, series, projections, backtests, border regions.

See ``docs/population.md``.
"""
