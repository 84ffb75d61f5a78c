"""Erlang-C closed forms for the M/M/c queue (Poisson arrivals, exponential service, c lanes).

With arrival rate ``lam`` and service rate ``mu`` per lane (both per hour), the
offered load is ``a = lam / mu`` erlangs and the utilisation ``rho = a / c``
(stable only when ``rho < 1``).  The probability that an arrival waits is the
Erlang-C formula ``C(c, a)``; the waiting time ``W`` of a FIFO M/M/c queue is 0
with probability ``1 - C`` and otherwise exponential with rate ``c·mu - lam``:

    P(W > t) = C(c, a) · exp(-(c·mu - lam)·t),      E[W] = C(c, a) / (c·mu - lam).

``C`` is computed from the Erlang-B recursion ``B(k) = a·B(k-1) / (k + a·B(k-1))``,
``C = B / (1 - rho·(1 - B))``, which is stable for hundreds of lanes.

Hand check (M/M/1, lam = 0.5, mu = 1): C = rho = 0.5, E[W] = 0.5 / 0.5 = 1.

>>> erlang_c(1, 0.5)
0.5
>>> mean_wait(0.5, 1.0, 1)
1.0
>>> round(erlang_c(2, 1.0), 6)   # M/M/2 with a = 1: C = 1/3
0.333333
>>> round(wait_quantile(0.9, 40.0, 10.0, 5), 4)
0.1712
"""

from __future__ import annotations

import math

__all__ = [
    "ErlangResult",
    "erlang_b",
    "erlang_c",
    "erlang_c_summary",
    "mean_wait",
    "prob_wait_exceeds",
    "wait_quantile",
]


def _check(lam: float, mu: float, c: int) -> None:
    if not (math.isfinite(lam) and lam >= 0.0):
        raise ValueError(f"arrival rate must be finite and >= 0; got {lam}")
    if not (math.isfinite(mu) and mu > 0.0):
        raise ValueError(f"service rate must be finite and > 0; got {mu}")
    if c < 1:
        raise ValueError(f"the number of lanes must be >= 1; got {c}")


def erlang_b(c: int, a: float) -> float:
    """Erlang-B blocking probability for ``c`` servers and ``a`` erlangs (recursion).

    >>> round(erlang_b(2, 1.0), 6)   # a²/2 / (1 + a + a²/2) = 0.5/2.5
    0.2
    """
    if c < 0 or a < 0:
        raise ValueError("c and a must be >= 0")
    b = 1.0
    for k in range(1, c + 1):
        b = a * b / (k + a * b)
    return b


def erlang_c(c: int, a: float) -> float:
    """Probability that an arrival waits in M/M/c with offered load ``a`` (needs ``a < c``)."""
    if a >= c:
        raise ValueError(f"unstable: offered load {a} erlangs >= {c} lanes")
    if a == 0.0:
        return 0.0
    b = erlang_b(c, a)
    rho = a / c
    return b / (1.0 - rho * (1.0 - b))


def mean_wait(lam: float, mu: float, c: int) -> float:
    """Mean time in queue (before service), in the time unit of the rates."""
    _check(lam, mu, c)
    if lam == 0.0:
        return 0.0
    return erlang_c(c, lam / mu) / (c * mu - lam)


def prob_wait_exceeds(t: float, lam: float, mu: float, c: int) -> float:
    """``P(W > t)`` for ``t >= 0``."""
    _check(lam, mu, c)
    if t < 0:
        raise ValueError(f"t must be >= 0; got {t}")
    if lam == 0.0:
        return 0.0
    return erlang_c(c, lam / mu) * math.exp(-(c * mu - lam) * t)


def wait_quantile(p: float, lam: float, mu: float, c: int) -> float:
    """The ``p``-quantile of the waiting time (0 when ``P(W > 0) <= 1 - p``).

    Solves ``C·exp(-(c·mu - lam)·t) = 1 - p`` for ``t``.
    """
    _check(lam, mu, c)
    if not 0.0 < p < 1.0:
        raise ValueError(f"p must be in (0, 1); got {p}")
    if lam == 0.0:
        return 0.0
    cw = erlang_c(c, lam / mu)
    if cw <= 1.0 - p:
        return 0.0
    return math.log(cw / (1.0 - p)) / (c * mu - lam)


class ErlangResult(dict[str, float]):
    """Plain mapping of the closed-form figures (keeps JSON output simple)."""


def erlang_c_summary(lam: float, mu: float, c: int, t: float) -> ErlangResult:
    """Utilisation, P(wait), mean wait, P90 wait and P(W > t) of M/M/c, or ``nan`` when unstable.

    >>> s = erlang_c_summary(40.0, 10.0, 5, 0.25)
    >>> round(s["utilisation"], 3), round(s["mean_wait"], 4)
    (0.8, 0.0554)
    """
    _check(lam, mu, c)
    rho = lam / (c * mu)
    if rho >= 1.0:
        nan = float("nan")
        return ErlangResult(
            utilisation=rho, p_wait=1.0, mean_wait=nan, p90_wait=nan, p_wait_exceeds_t=1.0
        )
    return ErlangResult(
        utilisation=rho,
        p_wait=erlang_c(c, lam / mu),
        mean_wait=mean_wait(lam, mu, c),
        p90_wait=wait_quantile(0.9, lam, mu, c),
        p_wait_exceeds_t=prob_wait_exceeds(t, lam, mu, c),
    )
