"""The knowledge base as of one day, read once and handed to every service.

A report, a page or a CLI command loads a :class:`Snapshot` once; the assessment,
the sensitivity analysis, the article reproduction and SWOT then read their rows
from it instead of querying the store again, and what one of them computes for
the day (the pair inputs, the assessment with given options) is kept in the
snapshot for the next one. Snapshots of other days (the article's 2018, the
period of a published score) come from :meth:`Snapshot.at` and share the same
family, so each day is read once per snapshot family.

Example:
    >>> from shekara.kb.store import build, make_engine
    >>> from shekara.kb.store import example_engine
    >>> snap = Snapshot.load(example_engine(), 2018, "en")
    >>> snap.day.isoformat(), len(snap.pairs), snap.at(2018) is snap
    ('2018-12-31', 18, True)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

from sqlalchemy.engine import Engine

from shekara.kb import query
from shekara.kb.periods import as_of_date
from shekara.kb.store import read_meta

T = TypeVar("T")


@dataclass
class Snapshot:
    """Everything the services read for one as-of day, in one language."""

    engine: Engine
    day: date
    lang: query.Lang
    pairs: list[query.Pair]
    regions: dict[str, query.Region]
    places: dict[str, query.Place]
    zones: list[dict[str, Any]]
    links: list[dict[str, Any]]
    zone_catalogue: dict[str, dict[str, Any]]
    indicator_defs: dict[str, dict[str, Any]]
    unit_labels: dict[str, str]
    data_checksum: str
    _family: dict[date, Snapshot] = field(default_factory=dict, repr=False)
    _memo: dict[Any, Any] = field(default_factory=dict, repr=False)

    @classmethod
    def load(
        cls, engine: Engine, as_of: int | str | date | None = None, lang: query.Lang = "en"
    ) -> Snapshot:
        """Read the store as of *as_of* (a year means its 31 December)."""
        return cls._read(engine, as_of_date(as_of), lang, {})

    @classmethod
    def _read(
        cls, engine: Engine, day: date, lang: query.Lang, family: dict[date, Snapshot]
    ) -> Snapshot:
        shared = next(iter(family.values()), None)
        snap = cls(
            engine=engine,
            day=day,
            lang=lang,
            pairs=query.pairs(engine, as_of=day, lang=lang),
            regions={r.region_id: r for r in query.regions(engine, as_of=day, lang=lang)},
            places=shared.places
            if shared
            else {p.place_id: p for p in query.places(engine, lang=lang)},
            zones=query.zones(engine, as_of=day),
            links=query.transport_links(engine, as_of=day),
            zone_catalogue=shared.zone_catalogue
            if shared
            else {z["zone_id"]: z for z in query.table_rows(engine, "zones")},
            indicator_defs=shared.indicator_defs if shared else query.indicator_defs(engine),
            unit_labels=shared.unit_labels if shared else query.unit_labels(engine, lang),
            data_checksum=shared.data_checksum
            if shared
            else read_meta(engine).get("data_checksum", ""),
            _family=family,
        )
        family[day] = snap
        return snap

    def at(self, as_of: int | str | date) -> Snapshot:
        """The snapshot of another day, read once per family (this one if it is the same day)."""
        day = as_of_date(as_of)
        found = self._family.get(day)
        return found if found is not None else self._read(self.engine, day, self.lang, self._family)

    def memo(self, key: Any, compute: Callable[[], T]) -> T:
        """What *compute* returns, computed once per snapshot and *key*."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]  # type: ignore[no-any-return]


def snapshot_for(
    engine: Engine,
    as_of: int | str | date | None,
    lang: query.Lang,
    snapshot: Snapshot | None,
) -> Snapshot:
    """*snapshot* moved to the as-of day and language asked for, or a fresh one."""
    day = as_of_date(as_of)
    if snapshot is not None and snapshot.lang == lang:
        return snapshot.at(day)
    return Snapshot.load(engine, day, lang)
