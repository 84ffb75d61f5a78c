"""Queueing methods for border crossings: Erlang-C closed forms and a discrete-event kernel.

* :mod:`.erlang` — M/M/c formulas (probability of waiting, mean wait, wait quantiles);
* :mod:`.kernel` — the compiled event loop for one lane group;
* :mod:`.model` — arrivals by hour, service-time distributions, the electronic queue;
* :mod:`.stats` — batch-means confidence intervals;
* :mod:`.plan` — minimum lanes per hour for a percentile target.
"""
