"""SWOT of a bordering pair, of a region or of the whole Kazakhstan–Russia border.

Two kinds of items, each carrying its evidence (values with units and periods,
and source locators):

* **rule items** — the rules of :mod:`shekara.methods.swot_rules` applied to the
  pair scores of :func:`shekara.services.assessment.assess` (link and zone
  registries, gravity index) and to region indicators read with
  :mod:`shekara.kb.query`; texts from the ``swot`` gettext catalogs;
* **curated items** — the statements of ``data/swot_statements.csv`` (the
  article's Table 5, dissertation statements) whose ``scope`` matches.

Scopes: ``border`` = the curated border statements + every rule aggregated over
all pairs and border regions in force; a region id = its statements + the pair
rules aggregated over its pairs + its region rules; a pair id = its statements +
the pair rules + the region rules of both its regions.

Published scores that disagree with their own scale or rule (the article's
Tables 3–4) are reported as *evidence gaps* in ``notes``, not as SWOT items.

Example:
    >>> from shekara.kb.store import example_engine
    >>> res = swot(example_engine(), "KZ-59:RU-OMS", lang="en", as_of=2024)
    >>> item = next(i for i in res.quadrants["strength"] if i.id == "pair-rail-and-road")
    >>> sorted({e.source for e in item.evidence})
    ['seed-a:000_63cf53f9b2286ec3.txt:613']
    >>> swot(example_engine(), "KZ-99")
    Traceback (most recent call last):
    ...
    ValueError: unknown SWOT scope 'KZ-99': use 'border', a region id such as 'KZ-59' or a pair id such as 'KZ-59:RU-OMS'
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.engine import Engine

from shekara.kb import query
from shekara.kb.periods import as_of_date
from shekara.methods.swot_rules import QUADRANTS, Quadrant
from shekara.services.assessment import Assessment
from shekara.services.snapshot import Snapshot, snapshot_for
from shekara.services.swot.builder import _Builder
from shekara.services.swot.messages import DOMAIN, MESSAGES, Origin, ScopeKind
from shekara.services.swot.results import Evidence, SwotItem, SwotNote, SwotResult
from shekara.services.swot.scope import _resolve_scope


def _group(items: Iterable[SwotItem]) -> dict[Quadrant, tuple[SwotItem, ...]]:
    items = list(items)
    return {q: tuple(i for i in items if i.quadrant == q) for q in QUADRANTS}


# --------------------------------------------------------------------------- service
def swot(
    engine: Engine,
    scope: str = "border",
    lang: str = "en",
    as_of: int | str | None = None,
    *,
    snapshot: Snapshot | None = None,
    assessment: Assessment | None = None,
) -> SwotResult:
    """SWOT of ``border``, a region id (``KZ-59``) or a pair id (``KZ-59:RU-OMS``) as of a year.

    SWOT reads its rows from *snapshot* (loaded here if not given) and takes the pair
    scores from *assessment* (the default-options assessment of the as-of day,
    computed once per snapshot if not given): it never re-runs what it is handed.

    Raises ``ValueError`` for an unknown scope, one not in force on the as-of day,
    or an unknown language.
    """
    lang_ = query.check_lang(lang)
    day = as_of_date(as_of)
    b = _Builder(snapshot_for(engine, day, lang_, snapshot), assessment)
    s = _resolve_scope(engine, scope, day, b.pairs, b.regions, b.tr)
    rule_items = b.pair_items(s) if s.pair_ids else []
    rule_items += b.region_items(s)
    return SwotResult(
        scope=scope,
        scope_name=s.name,
        lang=lang_,
        as_of=day.isoformat(),
        quadrants=_group(rule_items + b.curated_items(scope)),
        notes=tuple(b.gap_notes(s)),
        unit_labels=b.units,
    )


__all__ = [
    "DOMAIN",
    "MESSAGES",
    "Evidence",
    "Origin",
    "ScopeKind",
    "SwotItem",
    "SwotNote",
    "SwotResult",
    "swot",
]
