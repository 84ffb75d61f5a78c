"""Reading the stated water figures from the knowledge base."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy.engine import Engine

from shekara.kb import query
from shekara.kb.periods import PeriodError, parse_period
from shekara.services.water.figures import Bound, Figure, _missing


# --------------------------------------------------------------------------- store reading
@dataclass(frozen=True)
class _Stated:
    value: float
    period: str
    start: date
    source: str
    bound: Bound
    note: str | None


_QUALIFIER = re.compile(r"qualifier:\s*(more_than|at_least|up_to)")


def _bound_of(note: str | None) -> Bound:
    """The transcription note states bounds as ``qualifier: more_than`` etc."""
    m = _QUALIFIER.search(note or "")
    if m:
        return m.group(1)  # type: ignore[return-value]
    return "about" if note and re.search(r"\bapproximate\b", note) else "exact"


class _Store:
    """All basin, river and country values, indexed by (entity_type, entity_id, indicator)."""

    def __init__(self, engine: Engine, year: int | None):
        self.year = year
        self.values: dict[tuple[str, str, str], list[_Stated]] = {}
        for etype in ("basin", "river", "country"):
            for v in query.indicator_values(engine, query.ValueFilter(entity_type=etype)):
                try:
                    start, _ = parse_period(v.period)
                except PeriodError:  # validated at build/import; never expected here
                    continue
                self.values.setdefault((etype, v.entity_id, v.indicator), []).append(
                    _Stated(v.value, v.period, start, str(v.source), _bound_of(v.note), v.note)
                )

    def pick(
        self, etype: str, eid: str, indicator: str, *, any_year: bool = False
    ) -> _Stated | None:
        """The value in force in the year (latest started by its end), or the latest at all."""
        cands = self.values.get((etype, eid, indicator), [])
        if self.year is not None and not any_year:
            last_day = date(self.year, 12, 31)
            cands = [c for c in cands if c.start <= last_day]
        return max(cands, key=lambda c: c.start, default=None)

    def figure(
        self,
        name: str,
        label: str,
        unit: str,
        etype: str,
        eid: str,
        code: str,
        *,
        scope: str | None = None,
        any_year: bool = False,
    ) -> Figure:
        """A stated point, or the ``_low``/``_high`` (or ``_from``/``_to``) range, or missing."""
        point = self.pick(etype, eid, code, any_year=any_year)
        if point is not None:
            return Figure(
                name,
                label,
                unit,
                "stated",
                point.value,
                point.value,
                point.bound,
                point.period,
                scope,
                (point.source,),
                note=point.note,
            )
        lo = self.pick(etype, eid, f"{code}_low", any_year=any_year)
        hi = self.pick(etype, eid, f"{code}_high", any_year=any_year)
        if lo is not None and hi is not None:
            srcs = tuple(dict.fromkeys((lo.source, hi.source)))
            bound: Bound = lo.bound if lo.bound == hi.bound else "about"
            return Figure(
                name,
                label,
                unit,
                "stated",
                lo.value,
                hi.value,
                bound,
                lo.period,
                scope,
                srcs,
                note=lo.note,
            )
        return _missing(name, label, unit, scope)
