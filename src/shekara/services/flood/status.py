"""What arrived: per post/reservoir and day, ``complete``, ``partial`` or ``missing``.

A post is complete on a day with level, discharge and ice state; a reservoir with level,
volume, inflow and outflow.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy.engine import Engine

from shekara.services.flood.exchange import QUANTITIES, stored_rows
from shekara.services.flood.network import Network, load_network


def exchange_status(
    engine: Engine,
    *,
    start: date | None = None,
    end: date | None = None,
    net: Network | None = None,
) -> dict[str, Any]:
    """Rows ``{node, country, day, state, lacking}`` for every node and day in the window."""
    net = net or load_network()
    rows = stored_rows(engine, start=start, end=end)
    got: dict[tuple[str, date], set[str]] = {}
    for r in rows:
        got.setdefault((r.node_id, r.day), set()).add(r.quantity)
    if not rows and (start is None or end is None):
        return {"days": [], "rows": [], "exercise": False}
    first = start or min(r.day for r in rows)
    last = end or max(r.day for r in rows)
    days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    out = []
    for nid, node in net.nodes.items():
        if node.kind not in ("post", "reservoir"):
            continue
        need = {q for q, (_c, _u, kind) in QUANTITIES.items() if kind == node.kind}
        for d in days:
            have = got.get((nid, d), set())
            state = "complete" if have >= need else "partial" if have else "missing"
            out.append({"node": nid, "country": node.country, "day": d.isoformat(), "state": state,
                        "lacking": sorted(need - have)})  # fmt: skip
    return {
        "days": [d.isoformat() for d in days],
        "rows": out,
        "exercise": any(r.exercise for r in rows),
    }
