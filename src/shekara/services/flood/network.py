"""The four border-river networks: nodes and reaches in downstream order.

Read from ``data/flood/{nodes,reaches,reservoirs}.csv`` (resources ``flood_*`` of the data
package). Every node carries the source of its coordinates or the flag that they are an
assumption; every field listed in a row's ``assumed`` column is flagged in every output.

Example:
    >>> net = load_network()
    >>> [b.basin_id for b in net.basins]
    ['zhaiyk-caspian', 'tobol-torgai', 'yesil', 'ertis']
    >>> net.node("ural-border").upstream_country
    'RU'
"""

from __future__ import annotations

import csv
import itertools
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any

from pydantic import Field

from shekara.coded import CodedError
from shekara.paths import default_data_dir
from shekara.plain import Hidden, Plain

BASIN_ORDER = ("zhaiyk-caspian", "tobol-torgai", "yesil", "ertis")


class NetworkError(CodedError, ValueError):
    """The network data are inconsistent (stable code ``FLN001``…)."""


def _num(v: str) -> float | None:
    return float(v) if v not in ("", None) else None


@dataclass(frozen=True)
class Node:
    node_id: str
    basin_id: str
    river_id: str
    kind: str
    names: dict[str, str]
    country: str
    lat: float
    lon: float
    coord_basis: str
    coord_source: str | None
    upstream_country: str | None
    downstream_country: str | None
    danger_q_m3s: float | None
    danger_level_cm: float | None
    mean_q_m3s: float | None
    source: str | None
    assumed: tuple[str, ...]

    def name(self, lang: str = "en") -> str:
        return self.names.get(lang) or self.names["en"]

    def view(self, lang: str = "en") -> NodeView:
        """The node as the network's JSON shows it, named in *lang*."""
        return NodeView(self.node_id, self.kind, self.name(lang), self.river_id, self.basin_id,
                        self.country, self.lat, self.lon, self.coord_basis, self.coord_source,
                        self.upstream_country, self.downstream_country, self.danger_q_m3s,
                        self.danger_level_cm, self.source, self.assumed)  # fmt: skip


@dataclass(frozen=True)
class NodeView(Plain):
    """A node of ``GET /api/flood/network`` (``shekara flood network --format json``)."""

    id: str
    kind: Annotated[str, Field(description="post or reservoir.")]
    name: str
    river: str
    basin: str
    country: Annotated[str, Field(description="KZ or RU.")]
    lat: float
    lon: float
    coordinates: Annotated[str, Field(description="How the coordinates were obtained.")]
    coord_source: str | None
    upstream_country: str | None
    downstream_country: str | None
    danger_q_m3s: Annotated[float | None, Field(description="Discharge at the danger level.")]
    danger_level_cm: float | None
    source: str | None
    assumption: Annotated[
        tuple[str, ...], Field(description="Fields that are assumptions, not sourced.")
    ]


@dataclass(frozen=True)
class Reach(Plain):
    """A reach between two nodes; its JSON keys are the data file's (``id``, ``order``, ``from``)."""

    reach_id: Annotated[str, Field(serialization_alias="id")]
    basin_id: Hidden[str]
    seq: Annotated[int, Field(serialization_alias="order")]
    from_node: Annotated[str, Field(serialization_alias="from")]
    to_node: Annotated[str, Field(serialization_alias="to")]
    length_km: float
    k_hours: float
    x: float
    assumed: Annotated[tuple[str, ...], Field(serialization_alias="assumption")]


@dataclass(frozen=True)
class ReservoirSpec:
    node_id: str
    area_km2: float
    volume_mcm: float
    nrl_m: float
    outlet_m3s: float
    spillway_m: float
    source: str | None
    assumed: tuple[str, ...]


@dataclass(frozen=True)
class Basin:
    basin_id: str
    names: dict[str, str]
    reaches: tuple[Reach, ...]

    @property
    def node_ids(self) -> list[str]:
        """Nodes on the basin's main stem, upstream first."""
        ids = [self.reaches[0].from_node] if self.reaches else []
        return ids + [r.to_node for r in self.reaches]


@dataclass(frozen=True)
class Network:
    nodes: dict[str, Node]
    basins: tuple[Basin, ...]
    reservoirs: dict[str, ReservoirSpec]

    def node(self, node_id: str) -> Node:
        try:
            return self.nodes[node_id]
        except KeyError:
            raise NetworkError("FLN001", f"unknown node {node_id!r}") from None

    def basin(self, basin_id: str) -> Basin:
        for b in self.basins:
            if b.basin_id == basin_id:
                return b
        raise NetworkError("FLN002", f"unknown basin {basin_id!r}")

    def posts(self) -> list[Node]:
        return [n for n in self.nodes.values() if n.kind == "post"]

    def view(self, lang: str = "en") -> NetworkView:
        """The four basins as the network's JSON shows them, named in *lang*."""
        return NetworkView(
            tuple(
                BasinView(
                    b.basin_id,
                    b.names.get(lang) or b.names["en"],
                    tuple(self.nodes[i].view(lang) for i in b.node_ids),
                    b.reaches,
                )
                for b in self.basins
            )
        )

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        """``shekara flood network --format json``."""
        return self.view(lang).to_dict()


@dataclass(frozen=True)
class BasinView(Plain):
    id: str
    name: str
    nodes: Annotated[tuple[NodeView, ...], Field(description="Main-stem nodes, upstream first.")]
    reaches: tuple[Reach, ...]


@dataclass(frozen=True)
class NetworkView(Plain):
    """``GET /api/flood/network``: the four basins, their nodes and reaches."""

    basins: tuple[BasinView, ...]
    note: str = "Fields listed under 'assumption' are not sourced; replace them by import."


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _flags(v: str) -> tuple[str, ...]:
    return tuple(x for x in v.split(";") if x)


@lru_cache(maxsize=4)
def load_network(data_dir: Path | None = None) -> Network:
    """The networks of the four basins from the data package."""
    d = data_dir or default_data_dir()
    nodes: dict[str, Node] = {}
    for r in _read(d / "flood" / "nodes.csv"):
        coord_src = (
            f"{r['coord_source_id']} ({r['coord_locator']})" if r["coord_source_id"] else None
        )
        nodes[r["node_id"]] = Node(
            r["node_id"], r["basin_id"], r["river_id"], r["kind"],
            {k: r[f"name_{k}"] for k in ("en", "ru", "kk")}, r["country"],
            float(r["lat"]), float(r["lon"]), r["coord_basis"], coord_src,
            r["upstream_country"] or None, r["downstream_country"] or None,
            _num(r["danger_q_m3s"]), _num(r["danger_level_cm"]), _num(r["mean_q_m3s"]),
            f"{r['source_id']} ({r['locator']})" if r["source_id"] else None,
            _flags(r["assumed"]),
        )  # fmt: skip
    names = {
        r["basin_id"]: {k: r[f"name_{k}"] for k in ("en", "ru", "kk")}
        for r in _read(d / "basins.csv")
    }
    reaches = [
        Reach(r["reach_id"], r["basin_id"], int(r["seq"]), r["from_node"], r["to_node"],
              float(r["length_km"]), float(r["k_hours"]), float(r["x"]), _flags(r["assumed"]))
        for r in _read(d / "flood" / "reaches.csv")
    ]  # fmt: skip
    basins = []
    for bid in BASIN_ORDER:
        rs = tuple(sorted((r for r in reaches if r.basin_id == bid), key=lambda r: r.seq))
        for a, b in itertools.pairwise(rs):
            if a.to_node != b.from_node:
                raise NetworkError("FLN003", f"reaches {a.reach_id} and {b.reach_id} do not join")
        basins.append(Basin(bid, names[bid], rs))
    reservoirs = {
        r["node_id"]: ReservoirSpec(
            r["node_id"],
            float(r["area_km2"]),
            float(r["volume_mcm"]),
            float(r["nrl_m"]),
            float(r["outlet_m3s"]),
            float(r["spillway_m"]),
            f"{r['source_id']} ({r['locator']})" if r["source_id"] else None,
            _flags(r["assumed"]),
        )
        for r in _read(d / "flood" / "reservoirs.csv")
    }
    return Network(nodes, tuple(basins), reservoirs)
