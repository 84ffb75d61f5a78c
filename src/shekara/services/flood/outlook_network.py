"""The spring-flood outlook of a border basin: the routed forecast of its posts.

No forcing exists for the border basins, so their outlook is the network's routed
ensemble (:mod:`.forecast`) from the stored bulletins, or from the generated exercise
season, marked as such.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

import sqlalchemy as sa
from pydantic import Field
from sqlalchemy.engine import Engine

from shekara.methods.hydrology.errors import ForecastConfigError
from shekara.plain import Plain, absent
from shekara.services.flood.forecast import EXERCISE_MARK, PostForecast
from shekara.services.flood.outlook import NO_FORCING_NOTE

__all__ = ["NetworkOutlook", "network_outlook"]


@dataclass(frozen=True)
class NetworkOutlook(Plain):
    """``GET /api/flood/outlook?dataset=<basin>``, ``shekara flood outlook --dataset <basin>``."""

    dataset: Annotated[str, Field(description="The basin id.")]
    method: str
    forcing_available: bool
    notes: list[str]
    issue_date: str
    horizon_days: int
    members: int
    seed: int
    exercise: bool
    posts: Annotated[dict[str, PostForecast], Field(description="The basin's posts by id.")]
    mark: Annotated[str | None, Field(exclude_if=absent)] = None


def network_outlook(
    basin_id: str,
    *,
    horizon: int = 30,
    members: int = 50,
    seed: int = 1,
    engine: Engine | None = None,
) -> NetworkOutlook:
    """Routed-flow outlook for the posts of one border basin (no forcing exists there).

    Uses the bulletins stored in ``engine`` when there are any, else the generated exercise
    season (marked as such).
    """
    from shekara.services.flood.exchange import stored_rows
    from shekara.services.flood.exercise import exercise_rows
    from shekara.services.flood.forecast import network_forecast
    from shekara.services.flood.network import load_network

    net = load_network()
    ids = [b.basin_id for b in net.basins]
    if basin_id not in ids:
        raise ForecastConfigError(
            f"unknown dataset {basin_id!r}; use fulda or one of {', '.join(ids)}", column="dataset"
        )
    rows = stored_rows(engine) if engine is not None else []
    eng = engine if engine is not None else sa.create_engine("sqlite://")
    fc = network_forecast(
        eng,
        horizon=min(horizon, 60),
        members=members,
        seed=seed,
        net=net,
        rows=rows or exercise_rows(net=net),
    )
    basin = next(b for b in net.basins if b.basin_id == basin_id)
    posts = {k: p for k, p in fc.posts.items() if k in basin.node_ids}
    return NetworkOutlook(basin_id, "routed", False, [NO_FORCING_NOTE], fc.issued,
                          fc.horizon_days, fc.members, seed, fc.exercise, posts,
                          EXERCISE_MARK if fc.exercise else None)  # fmt: skip
