"""Electronic-queue rules: the 5 % / 1 % caps, slots spread over open lanes, no-shows removed."""

from __future__ import annotations

import numpy as np
import pytest

from shekara.methods.queues.model import EQueue, LaneGroup, Service, simulate_group


def test_caps_slots_and_no_shows() -> None:
    lanes = (0,) * 6 + (4,) * 18  # closed 00-06
    eq = EQueue(booked_share=0.5, no_show_share=0.2, priority_demand=0.2, expedited_demand=0.1)
    g = LaneGroup("truck", (30.0,), Service("exponential", 0.1), lanes, equeue=eq)
    days = 20
    r = simulate_group(g, hours=24.0 * days, seed=3, warmup=24.0)
    capacity = 4 * 18 / 0.1  # 720 trucks a day
    counts = r.class_counts
    # demand asks for 10 % / 20 % of ~720 arrivals; the caps allow 1 % / 5 % of capacity
    assert counts["expedited"] <= days * int(0.01 * capacity) == days * 7
    assert counts["priority"] <= days * int(0.05 * capacity) == days * 36
    assert counts["expedited"] >= days * 7 - 3 and counts["priority"] >= days * 36 - 5
    booked = r.arrival[r.klass == 2]
    assert np.all(booked % 24 >= 6)  # slots only when lanes are open
    # about half the ordinary arrivals booked, a fifth of those did not come
    total = 30 * 24 * days
    ordinary = total - counts["expedited"] - counts["priority"]
    assert counts["booked"] == pytest.approx(0.5 * 0.8 * ordinary, rel=0.05)


def test_booking_cuts_the_wait() -> None:
    base = LaneGroup("car", (45.0,), Service("exponential", 0.1), (5,))
    booked = LaneGroup(
        "car", (45.0,), Service("exponential", 0.1), (5,), equeue=EQueue(booked_share=0.8)
    )
    w0 = simulate_group(base, hours=2000, seed=1).summary.mean_wait
    w1 = simulate_group(booked, hours=2000, seed=1).summary.mean_wait
    assert w1.high < w0.low  # smoother arrivals, same demand (no no-shows)
