"""What arrived: per post/reservoir and day, ``complete``, ``partial`` or ``missing``.

A post is complete on a day with level, discharge and ice state; a reservoir with level,
volume, inflow and outflow.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Annotated

from pydantic import Field
from sqlalchemy.engine import Engine

from shekara.plain import Plain
from shekara.services.flood.exchange import QUANTITIES, stored_rows
from shekara.services.flood.network import Network, load_network


@dataclass(frozen=True)
class NodeDay(Plain):
    """What arrived from a post or reservoir on a day."""

    node: str
    country: str
    day: str
    state: Annotated[str, Field(description="complete, partial or missing.")]
    lacking: Annotated[list[str], Field(description="The quantities that did not arrive.")]


@dataclass(frozen=True)
class ExchangeStatus(Plain):
    """``GET /api/flood/status``, ``shekara flood status``: every node and day of the window."""

    days: list[str]
    rows: list[NodeDay]
    exercise: Annotated[bool, Field(description="Any value is generated exercise data.")]


def exchange_status(
    engine: Engine,
    *,
    start: date | None = None,
    end: date | None = None,
    net: Network | None = None,
) -> ExchangeStatus:
    """What arrived from every post and reservoir on every day of the window."""
    net = net or load_network()
    rows = stored_rows(engine, start=start, end=end)
    got: dict[tuple[str, date], set[str]] = {}
    for r in rows:
        got.setdefault((r.node_id, r.day), set()).add(r.quantity)
    if not rows and (start is None or end is None):
        return ExchangeStatus([], [], False)
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
            out.append(NodeDay(nid, node.country, d.isoformat(), state, sorted(need - have)))
    return ExchangeStatus([d.isoformat() for d in days], out, any(r.exercise for r in rows))
