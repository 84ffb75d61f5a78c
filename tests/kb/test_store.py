"""The store on SQLite and PostgreSQL: build, as-of layouts, migrations, all-or-nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from shekara.kb import query
from shekara.kb.errors import DataError
from shekara.kb.periods import parse_period
from shekara.kb.store import build, make_engine, migrate, read_meta
from shekara.kb.tables import metadata


def test_build_loads_every_table(store_url: str) -> None:
    info = build(store_url)
    engine = make_engine(store_url)
    assert info.counts["pairs"] == 18
    assert read_meta(engine)["data_checksum"] == info.checksum
    with engine.connect() as conn:
        n = conn.execute(sa.text("SELECT COUNT(*) FROM indicators")).scalar_one()
    assert n == info.counts["indicators"]


def test_abai_split_as_of_2018_and_2024(store_url: str) -> None:
    build(store_url)
    engine = make_engine(store_url)
    kz2018 = [r.region_id for r in query.regions(engine, as_of=2018, country="KZ", border=True)]
    kz2024 = [r.region_id for r in query.regions(engine, as_of=2024, country="KZ", border=True)]
    assert kz2018 == ["KZ-15", "KZ-23", "KZ-27", "KZ-39", "KZ-55", "KZ-59", "KZ-63"]
    assert kz2024 == ["KZ-10", *kz2018]
    # the day before the decree took effect, Abai did not exist yet
    assert "KZ-10" not in [
        r.region_id for r in query.regions(engine, as_of="2022-06-07", country="KZ")
    ]
    assert len(query.regions(engine, as_of=2018, country="RU", border=True)) == 12


def test_article_pairs_as_of_2018(store_url: str) -> None:
    build(store_url)
    pairs = query.pairs(make_engine(store_url), as_of=2018, lang="kk")
    assert len(pairs) == 18
    first = pairs[0]
    assert (first.pair_id, first.kz_name, first.ru_name) == (
        "KZ-15:RU-ORE",
        "Ақтөбе облысы",
        "Орынбор облысы",
    )


def test_migrations_match_metadata(store_url: str) -> None:
    """Migrating an empty database gives exactly the tables the code expects."""
    engine = make_engine(store_url)
    with engine.begin() as conn:
        migrate(conn)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata())
    assert diff == []


def test_build_refuses_invalid_package_and_keeps_old_store(store_url: str, data_copy: Path) -> None:
    build(store_url)
    engine = make_engine(store_url)
    before = read_meta(engine)["data_checksum"]
    pairs = data_copy / "pairs.csv"
    pairs.write_text(
        pairs.read_text(encoding="utf-8").replace("KZ-15:RU-ORE,KZ-15", "KZ-15:RU-ORE,KZ-99", 1),
        encoding="utf-8",
    )
    with pytest.raises(DataError) as exc:
        build(store_url, data_copy)
    assert any(
        f.code == "KB202" and f.file == "pairs.csv" and f.row == 2 for f in exc.value.findings
    )
    assert read_meta(make_engine(store_url))["data_checksum"] == before


def test_rebuild_keeps_api_tokens(store_url: str) -> None:
    """Tokens are not package data: a rebuild of the store must not revoke them."""
    from datetime import UTC, datetime

    from shekara.kb.auth_tables import API_TOKENS

    build(store_url)
    row = {
        "name": "analyst",
        "token_hash": "ab" * 32,
        "created_at": datetime(2026, 1, 1, tzinfo=UTC),
    }
    with make_engine(store_url).begin() as conn:
        conn.execute(metadata().tables[API_TOKENS].insert(), row)
    build(store_url)
    with make_engine(store_url).connect() as conn:
        rows = conn.execute(
            sa.select(
                metadata().tables[API_TOKENS].c.name, metadata().tables[API_TOKENS].c.token_hash
            )
        ).all()
    assert [tuple(r) for r in rows] == [("analyst", "ab" * 32)]


@pytest.mark.parametrize(
    "where",
    [
        query.ValueFilter(),
        query.ValueFilter(indicator="population_density_persons_km2", entity_type="region"),
        query.ValueFilter(entity_id="KZ-59"),
        query.ValueFilter(period_from=2018, period_to=2018),
        query.ValueFilter(indicator="", entity_type="region", period_to=2010),
    ],
    ids=["every", "regions-population", "one-region", "overlaps-2018", "regions-until-2010"],
)
def test_value_filter_counts_and_reads_what_a_python_filter_keeps(
    store_url: str, where: query.ValueFilter
) -> None:
    """The SQL of ``ValueFilter`` against the same rule written in Python over every value:
    same indicator/entity when given, and a period that overlaps the years asked for."""
    build(store_url)
    engine = make_engine(store_url)
    every = query.indicator_values(engine)

    def kept(v: query.IndicatorValue) -> bool:
        start, end = parse_period(v.period)
        return (
            where.indicator in (None, v.indicator)
            and where.entity_type in (None, v.entity_type)
            and where.entity_id in (None, v.entity_id)
            and (where.period_from is None or end.year >= where.period_from)
            and (where.period_to is None or start.year <= where.period_to)
        )

    expected = [v for v in every if kept(v)]
    assert expected  # each case selects something of the shipped data
    assert query.indicator_values(engine, where) == expected
    assert query.count_indicator_values(engine, where) == len(expected)
    assert query.indicator_values(engine, where, limit=2, offset=1) == expected[1:3]
