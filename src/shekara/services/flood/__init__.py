"""Flood season on the four border rivers: network, daily exchange, forecast, reservoirs, bulletin.

* :mod:`.network` — the four basins as node/reach networks (data in ``data/flood``);
* :mod:`.exchange` — daily bulletins in CSV, Excel and WaterML 2.0, validated all-or-nothing;
* :mod:`.forecast` — routed forecast at every post, travel times, exceedance probabilities;
* :mod:`.plan` — reservoir drawdown and release schedules, downstream effect on both sides;
* :mod:`.bulletin` — the daily bulletin (HTML + PDF, kk/ru/en).
"""

#: The words every output built on generated data carries.
EXERCISE_MARK = "exercise — not observed"
