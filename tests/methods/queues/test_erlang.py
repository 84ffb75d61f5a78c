"""Erlang-C closed forms against hand computations and a published table value."""

from __future__ import annotations

import math

import pytest

from shekara.methods.queues.erlang import (
    erlang_b,
    erlang_c,
    mean_wait,
    prob_wait_exceeds,
    wait_quantile,
)


def test_mm1_closed_forms() -> None:
    # M/M/1: P(wait) = rho, E[W] = rho / (mu - lam)
    lam, mu = 0.75, 1.0
    assert erlang_c(1, lam / mu) == pytest.approx(0.75)
    assert mean_wait(lam, mu, 1) == pytest.approx(0.75 / 0.25)
    assert prob_wait_exceeds(2.0, lam, mu, 1) == pytest.approx(0.75 * math.exp(-0.25 * 2.0))


def test_mm2_by_hand() -> None:
    # a = 1, c = 2: P0 = 1/3; C = (a^2/2)(1/(1-rho)) P0 = (1/2)(2)(1/3) = 1/3
    assert erlang_c(2, 1.0) == pytest.approx(1 / 3)
    assert erlang_b(2, 1.0) == pytest.approx(0.2)


def test_classic_table_value() -> None:
    # c = 5, a = 4 erlangs: C = 0.5541 (standard Erlang-C table)
    assert erlang_c(5, 4.0) == pytest.approx(0.55411, abs=1e-5)


def test_quantile_inverts_tail() -> None:
    q = wait_quantile(0.9, 40.0, 10.0, 5)
    assert prob_wait_exceeds(q, 40.0, 10.0, 5) == pytest.approx(0.1)
    # enough lanes that 90 % never wait: the 90th percentile is 0
    assert wait_quantile(0.9, 1.0, 10.0, 5) == 0.0


def test_unstable_and_bad_input() -> None:
    with pytest.raises(ValueError, match="unstable"):
        erlang_c(2, 2.0)
    with pytest.raises(ValueError, match="lanes"):
        mean_wait(1.0, 1.0, 0)
