"""The SWOT rules on hand-made cases: each fires on its side of the threshold and not on the other."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from shekara.methods.swot_rules import (
    PAIR_RULES,
    QUADRANTS,
    REGION_RULES,
    RULES,
    RULES_BY_ID,
    PairFacts,
    RegionFact,
    SwotRule,
    competition_ranks,
    pair_facts,
    pair_rule_fires,
    region_rule_fires,
    score_gap,
)
from shekara.paths import seeds_dir
from shekara.services.swot import MESSAGES


def _pair(rail: float = 0, road: float = 0, sez: float = 0) -> PairFacts:
    # one pair among three, in the middle by gravity: no gravity rule can fire
    return pair_facts(["x", "p", "y"], [0, rail, 0], [0, road, 0], [0, sez, 0], [3, 2, 1])[1]


def _fires(rule_id: str, facts: PairFacts) -> bool:
    return pair_rule_fires(RULES_BY_ID[rule_id], facts)


def test_rule_table_is_well_formed() -> None:
    assert len(RULES) == len(RULES_BY_ID) == len(PAIR_RULES) + len(REGION_RULES)
    assert {r.quadrant for r in RULES} <= set(QUADRANTS)
    assert all(r.subject == "pair" for r in PAIR_RULES)
    assert all(r.subject == "region" for r in REGION_RULES)
    for r in RULES:
        assert r.to_dict() == {"id": r.id, "threshold": r.threshold, "direction": r.direction}


def test_every_rule_has_single_and_aggregate_texts() -> None:
    for r in RULES:
        assert r.id in MESSAGES and f"{r.id}+" in MESSAGES, r.id


def test_every_rule_cites_existing_seed_lines() -> None:
    seeds = seeds_dir()
    if not seeds.is_dir():
        pytest.skip(f"seed documents not found at {seeds}")
    lengths: dict[str, int] = {}
    for r in RULES:
        cites = re.findall(r"(\d{3}_[0-9a-f]+\.txt):(\d+)(?:-(\d+))?", r.basis)
        assert cites, f"{r.id} cites no seed line"
        for name, first, last in cites:
            if name not in lengths:
                lengths[name] = len((Path(seeds) / name).read_text(encoding="utf-8").splitlines())
            assert 1 <= int(first) <= int(last or first) <= lengths[name], (r.id, name, first)


# ---- pair rules -------------------------------------------------------------------------
def test_rail_missing_fires_at_zero_only() -> None:
    assert _fires("pair-rail-missing", _pair(rail=0))
    assert not _fires("pair-rail-missing", _pair(rail=100))


def test_rail_and_road_needs_both() -> None:
    assert _fires("pair-rail-and-road", _pair(rail=100, road=100))
    assert not _fires("pair-rail-and-road", _pair(rail=100, road=0))
    assert not _fires("pair-rail-and-road", _pair(rail=0, road=100))


@pytest.mark.parametrize(
    ("sez", "both", "neither"), [(100.0, True, False), (50.0, False, False), (0.0, False, True)]
)
def test_sez_rules_on_the_three_levels(sez: float, both: bool, neither: bool) -> None:
    assert _fires("pair-sez-both", _pair(sez=sez)) is both
    assert _fires("pair-sez-neither", _pair(sez=sez)) is neither


def test_gravity_thirds_of_eighteen_pairs() -> None:
    ids = [f"p{i}" for i in range(18)]
    facts = pair_facts(ids, [0] * 18, [0] * 18, [0] * 18, [float(18 - i) for i in range(18)])
    top = [f.pair_id for f in facts if _fires("pair-gravity-top-third", f)]
    bottom = [f.pair_id for f in facts if _fires("pair-gravity-bottom-third", f)]
    assert top == ids[:6]  # rank 6 = 18/3 is still in, rank 7 is not
    assert bottom == ids[-6:]


def test_gravity_ties_at_the_boundary() -> None:
    # ranks 1..5, then two pairs tied at rank 6: both are in the top third of 18
    g = [20.0, 19, 18, 17, 16, 15, 15] + [float(x) for x in range(11, 0, -1)]
    facts = pair_facts([f"p{i}" for i in range(18)], [0] * 18, [0] * 18, [0] * 18, g)
    assert sum(_fires("pair-gravity-top-third", f) for f in facts) == 7
    # a tie at rank 7 keeps both out
    g = [20.0, 19, 18, 17, 16, 15, 14, 14] + [float(x) for x in range(10, 0, -1)]
    facts = pair_facts([f"p{i}" for i in range(18)], [0] * 18, [0] * 18, [0] * 18, g)
    assert sum(_fires("pair-gravity-top-third", f) for f in facts) == 6


def test_gravity_thirds_need_at_least_three_pairs() -> None:
    facts = pair_facts(["a", "b"], [0, 0], [0, 0], [0, 0], [2.0, 1.0])
    assert not any(
        _fires(r, f) for f in facts for r in ("pair-gravity-top-third", "pair-gravity-bottom-third")
    )


def test_competition_ranks() -> None:
    assert competition_ranks([1.0, 3.0, 3.0, 2.0]) == [4, 1, 1, 3]
    assert competition_ranks([1.0, 3.0, 3.0, 2.0], descending=False) == [1, 3, 3, 2]
    with pytest.raises(ValueError, match="finite"):
        competition_ranks([1.0, float("nan")])


def test_pair_facts_checks_lengths() -> None:
    with pytest.raises(ValueError, match="same length"):
        pair_facts(["a", "b"], [0], [0, 0], [0, 0], [1.0, 2.0])


# ---- region rules -----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("rule_id", "fires_at", "silent_at"),
    [
        ("region-population-decrease", 1.0, 0.0),  # a decrease must be positive
        ("region-net-out-migration", -1.0, 0.0),
        ("region-natural-decrease", -0.1, 0.0),
        ("region-projected-population-decline", -0.1, 0.0),
        ("region-border-without-rail", 50.0, 49.9),  # half the border or more
    ],
)
def test_region_rule_threshold(rule_id: str, fires_at: float, silent_at: float) -> None:
    rule = RULES_BY_ID[rule_id]
    ind = rule.reads[0]
    assert region_rule_fires(rule, RegionFact("KZ-59", ind, fires_at, "2024"))
    assert not region_rule_fires(rule, RegionFact("KZ-59", ind, silent_at, "2024"))


def test_region_rule_refuses_another_indicator_and_pair_rule_refuses_regions() -> None:
    with pytest.raises(ValueError, match="reads"):
        region_rule_fires(
            RULES_BY_ID["region-population-decrease"],
            RegionFact("KZ-59", "population", 1.0, "2024"),
        )
    with pytest.raises(ValueError, match="not a pair rule"):
        pair_rule_fires(RULES_BY_ID["region-population-decrease"], _pair())
    with pytest.raises(ValueError, match="not a region rule"):
        region_rule_fires(RULES_BY_ID["pair-rail-missing"], RegionFact("KZ-59", "x", 1.0, "2024"))


def test_rule_definitions_are_checked() -> None:
    with pytest.raises(ValueError, match="quadrant"):
        SwotRule("x", "risk", "pair", ("rail_score",), "equal", 0, "b")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="pair rule reads"):
        SwotRule("x", "strength", "pair", ("population",), "equal", 0, "b")
    with pytest.raises(ValueError, match="exactly one"):
        SwotRule("x", "threat", "region", ("a", "b"), "below", 0, "b")
    with pytest.raises(ValueError, match="share threshold"):
        SwotRule("x", "strength", "pair", ("gravity",), "top_share", 2, "b")


def test_score_gap() -> None:
    assert score_gap(10, 0, [0, 100]) == "off_scale"
    assert score_gap(0, 50, [0, 50, 100]) == "off_rule"
    assert score_gap(100, 100, [0, 100]) is None
    assert score_gap(40, 40, []) is None  # no stated scale: only the rule is checked
