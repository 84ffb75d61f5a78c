"""The report's chapter on border crossing points: which wait each pair's gravity index got.

For every assessed pair the chapter states the checkpoint wait that entered its
effective distance and where it came from: measured crossings (with their
sources), the single assumed wait (``--wait-hours``), or none.  It also lists
the crossings the sources name and the programme targets with their status.
Texts come from the ``crossings`` gettext domain.

Example:
    >>> import tempfile, pathlib
    >>> from shekara.kb.store import build, make_engine
    >>> from shekara.services.assessment import AssessmentOptions, assess
    >>> url = f"sqlite:///{pathlib.Path(tempfile.mkdtemp()) / 'kb.sqlite'}"
    >>> _ = build(url)
    >>> eng = make_engine(url)
    >>> ch = crossings_chapter(eng, "en", assess(eng, AssessmentOptions(as_of=2025)))
    >>> {r["basis"] for r in ch["pairs"]}, len(ch["crossings"])
    ({'none'}, 6)
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import Engine

from shekara.kb import query
from shekara.services.assessment import Assessment

__all__ = ["crossings_chapter"]


def crossings_chapter(engine: Engine, lang: query.Lang, assessment: Assessment) -> dict[str, Any]:
    """Rows for the chapter: pairs with their wait and its basis, crossings, targets."""
    from shekara.services.crossings import list_crossings, pair_waits, targets

    opts = assessment.options
    waits: dict[str, float] = opts.get("wait_hours") or {}
    cited: dict[str, str] = opts.get("wait_sources") or {}
    year = int(assessment.as_of[:4])
    available = pair_waits(engine, as_of=assessment.as_of).hours
    pairs = []
    for p in assessment.pairs:
        if p.pair_id in cited:
            basis, source = "crossings", cited[p.pair_id]
        elif "*" in waits or p.pair_id in waits:
            basis, source = "fallback", ""
        else:
            basis, source = "none", ""
        pairs.append(
            {
                "pair_id": p.pair_id,
                "name": f"{p.kz_region} – {p.ru_region}",
                "wait_hours": waits.get(p.pair_id, waits.get("*")),
                "basis": basis,
                "source": source,
                "measured_unused": basis != "crossings" and p.pair_id in available,
            }
        )
    return {
        "pairs": pairs,
        "crossings": list_crossings(engine, lang),
        "targets": targets(engine, lang, as_of=year),
        "speed_kmh": opts.get("speed_kmh"),
    }
