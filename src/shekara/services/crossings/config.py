"""A crossing with several lane types from a YAML file (cars, trucks, buses, pedestrians).

Each group has its own arrival profile, service-time distribution, lanes by hour,
balking limit and electronic queue; groups do not share lanes, so they are
simulated independently with the same seed.

```yaml
hours: 1000
seed: 1
groups:
  - kind: car
    arrivals_per_hour: 40          # or 24 values, hours 0-23
    service_minutes: 3
    distribution: lognormal        # exponential, deterministic, lognormal, gamma
    cv: 0.5
    lanes: 4                       # or 24 values
  - kind: truck
    arrivals_per_hour: 12
    service_minutes: 15
    lanes: 4
    balk_at: 200
    equeue: {booked_share: 0.5, no_show_share: 0.1, priority_demand: 0.03, expedited_demand: 0.01}
```

Errors name the field (``CRS103 crossing.yaml: groups[1].lanes: …``).

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "c.yaml"
>>> _ = p.write_text("groups: [{kind: car, arrivals_per_hour: 10, service_minutes: 3, lanes: 1}]")
>>> [g.kind for g in load_config(p)]
['car']
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from shekara.methods.queues.model import EQueue
from shekara.services.crossings.simulate import CrossingError, SimulationInput
from shekara.syntax import where_invalid

__all__ = ["KINDS", "load_config"]

KINDS: tuple[str, ...] = ("car", "truck", "bus", "pedestrian")
_GROUP_KEYS = {
    "kind",
    "arrivals_per_hour",
    "service_minutes",
    "distribution",
    "cv",
    "lanes",
    "balk_at",
    "equeue",
    "t_minutes",
}


def _profile(value: Any, where: str) -> tuple[float, ...]:
    values = value if isinstance(value, list) else [value]
    if len(values) not in (1, 24) or not all(
        isinstance(v, int | float) and not isinstance(v, bool) and v >= 0 for v in values
    ):
        raise CrossingError(f"{where}: give one number >= 0 or a list of 24", "CRS103")
    return tuple(float(v) for v in values)


def load_config(path: Path) -> list[SimulationInput]:
    """The lane groups of a crossing file, checked field by field."""
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise CrossingError(f"{path.name}: {where_invalid(exc)}", "CRS103") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise CrossingError(f"{path.name}: cannot read: {exc}", "CRS103") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("groups"), list) or not doc["groups"]:
        raise CrossingError(f"{path.name}: needs a non-empty list 'groups'", "CRS103")
    hours, seed = doc.get("hours", 1000.0), doc.get("seed", 1)
    if not isinstance(hours, int | float) or not 24 <= hours <= 100_000:
        raise CrossingError(f"{path.name}: hours: give 24 to 100000", "CRS103")
    if not isinstance(seed, int) or seed < 0:
        raise CrossingError(f"{path.name}: seed: give an integer >= 0", "CRS103")
    out = []
    for k, g in enumerate(doc["groups"]):
        where = f"{path.name}: groups[{k}]"
        if not isinstance(g, dict):
            raise CrossingError(f"{where}: must be a mapping", "CRS103")
        unknown = sorted(set(g) - _GROUP_KEYS)
        if unknown:
            raise CrossingError(f"{where}: unknown field(s) {', '.join(unknown)}", "CRS103")
        if g.get("kind") not in KINDS:
            raise CrossingError(f"{where}.kind: one of {', '.join(KINDS)}", "CRS103")
        for key in ("arrivals_per_hour", "service_minutes", "lanes"):
            if key not in g:
                raise CrossingError(f"{where}.{key}: required", "CRS103")
        eq_doc = g.get("equeue")
        try:
            eq = EQueue(**eq_doc) if isinstance(eq_doc, dict) else None
            if eq is not None:
                eq.check()
        except (TypeError, ValueError) as exc:
            raise CrossingError(f"{where}.equeue: {exc}", "CRS103") from None
        lanes = _profile(g["lanes"], f"{where}.lanes")
        if any(v != int(v) for v in lanes):
            raise CrossingError(f"{where}.lanes: whole numbers", "CRS103")
        svc = g["service_minutes"]
        if not isinstance(svc, int | float) or isinstance(svc, bool):
            raise CrossingError(f"{where}.service_minutes: a number", "CRS103")
        out.append(
            SimulationInput(
                arrivals_per_hour=_profile(g["arrivals_per_hour"], f"{where}.arrivals_per_hour"),
                service_minutes=float(svc),
                lanes=tuple(int(v) for v in lanes),
                hours=float(hours),
                seed=seed,
                distribution=str(g.get("distribution", "exponential")),
                cv=float(g.get("cv", 1.0)),
                t_minutes=float(g.get("t_minutes", 15.0)),
                balk_at=int(g.get("balk_at", 0)),
                kind=str(g["kind"]),
                equeue=eq,
            )
        )
    return out
