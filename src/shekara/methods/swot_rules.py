"""SWOT rules over indicators: small typed objects that say which fact puts a pair or a region
into a SWOT quadrant.

Each rule has an id, a quadrant, the facts it reads, a direction and a threshold,
and the source line that justifies it. Rules never look up data: the service
(:mod:`shekara.services.swot`) gathers the facts from the store — the pair
scores exactly as :mod:`shekara.services.assessment` computes them, the region
indicators through :mod:`shekara.kb.query` — and asks the rules which fire.

Pair rules read :class:`PairFacts`; region rules read one :class:`RegionFact`
(the value of one indicator for one region). Seed lines: ``A`` is
``000_63cf53f9b2286ec3.txt`` (the 2018 article), ``D`` is
``003_fdba4c7b7a2b31c7.txt`` (the 2025 dissertation).

Example:
    >>> facts = pair_facts(["a", "b", "c"], [100, 0, 100], [100, 0, 0], [100, 0, 50], [3.0, 1.0, 2.0])
    >>> [f.pair_id for f in facts if pair_rule_fires(RULES_BY_ID["pair-rail-missing"], f)]
    ['b']
    >>> [r.id for r in PAIR_RULES if pair_rule_fires(r, facts[0])]
    ['pair-rail-and-road', 'pair-sez-both', 'pair-gravity-top-third']
    >>> region_rule_fires(RULES_BY_ID["region-population-decrease"], RegionFact("KZ-59", "population_decrease_persons", 6541.0, "2024"))
    True
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final, Literal, get_args

__all__ = [
    "PAIR_RULES",
    "QUADRANTS",
    "REGION_RULES",
    "RULES",
    "RULES_BY_ID",
    "Direction",
    "PairFacts",
    "Quadrant",
    "RegionFact",
    "ScoreGap",
    "Selection",
    "SwotRule",
    "compare",
    "competition_ranks",
    "pair_facts",
    "pair_rule_fires",
    "region_rule_fires",
    "score_gap",
]

Quadrant = Literal["strength", "weakness", "opportunity", "threat"]
QUADRANTS: Final[tuple[Quadrant, ...]] = get_args(Quadrant)

Direction = Literal[
    "below", "at_or_below", "above", "at_or_above", "equal", "top_share", "bottom_share"
]
"""How a fact is compared with the threshold.

``top_share`` / ``bottom_share``: the pair's rank among all pairs (1 = highest,
resp. 1 = lowest; ties share the best rank) is at most ``threshold · n``.
"""

Selection = Literal["latest", "projection"]
"""Which value of a region indicator a rule reads as of a day.

``latest``: the value whose period ends last on or before the day.
``projection``: a projection made from a base year on or before the day (period
``base/horizon``), the one with the nearest horizon.
"""

Subject = Literal["pair", "region"]
ScoreGap = Literal["off_scale", "off_rule"]

_PAIR_FIELDS: Final[frozenset[str]] = frozenset(
    {"rail_score", "road_score", "sez_score", "gravity"}
)
_TOL: Final[float] = 1e-9


@dataclass(frozen=True)
class SwotRule:
    """One rule: if the facts it ``reads`` compare to ``threshold`` as ``direction`` says, the
    pair or region gets an item in ``quadrant``.

    A pair rule with several ``reads`` fires when every one of them passes.
    """

    id: str
    quadrant: Quadrant
    subject: Subject
    reads: tuple[str, ...]
    direction: Direction
    threshold: float
    basis: str
    selection: Selection = "latest"

    def __post_init__(self) -> None:
        if self.quadrant not in QUADRANTS:
            raise ValueError(
                f"{self.id}: quadrant must be one of {QUADRANTS}, not {self.quadrant!r}"
            )
        if self.direction not in get_args(Direction):
            raise ValueError(f"{self.id}: unknown direction {self.direction!r}")
        if not self.reads:
            raise ValueError(f"{self.id}: a rule must read at least one fact")
        if self.subject == "pair" and not set(self.reads) <= _PAIR_FIELDS:
            raise ValueError(
                f"{self.id}: a pair rule reads {sorted(_PAIR_FIELDS)}, not {self.reads}"
            )
        if self.subject == "region" and len(self.reads) != 1:
            raise ValueError(f"{self.id}: a region rule reads exactly one indicator")
        if self.direction in ("top_share", "bottom_share") and not 0 < self.threshold <= 1:
            raise ValueError(f"{self.id}: a share threshold must be in (0, 1]")

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "threshold": self.threshold, "direction": self.direction}


@dataclass(frozen=True)
class PairFacts:
    """What the pair rules read: the assessment's scores of one pair and its gravity rank."""

    pair_id: str
    rail_score: float
    road_score: float
    sez_score: float
    gravity: float
    gravity_rank_desc: int
    gravity_rank_asc: int
    n_pairs: int

    def value(self, name: str) -> float:
        if name not in _PAIR_FIELDS:
            raise ValueError(f"pair facts have no {name!r}")
        return float(getattr(self, name))


@dataclass(frozen=True)
class RegionFact:
    """The value of one indicator for one region (the service picks which period)."""

    region_id: str
    indicator: str
    value: float
    period: str


def compare(value: float, direction: Direction, threshold: float) -> bool:
    """Compare a value with a threshold; ``equal`` tolerates float noise.

    >>> compare(0.0, "equal", 0), compare(-1.0, "below", 0), compare(50.0, "at_or_above", 50)
    (True, True, True)
    >>> compare(0.0, "below", 0)
    False
    """
    if not math.isfinite(value):
        raise ValueError(f"cannot compare a non-finite value {value!r}")
    if direction == "below":
        return value < threshold
    if direction == "at_or_below":
        return value <= threshold
    if direction == "above":
        return value > threshold
    if direction == "at_or_above":
        return value >= threshold
    if direction == "equal":
        return math.isclose(value, threshold, rel_tol=_TOL, abs_tol=_TOL)
    raise ValueError(f"direction {direction!r} needs ranks, not a single value")


def competition_ranks(values: Sequence[float], *, descending: bool = True) -> list[int]:
    """Competition ranks (1, 2, 2, 4): ties share the best rank of their group.

    >>> competition_ranks([5.0, 7.0, 5.0, 1.0])
    [2, 1, 2, 4]
    >>> competition_ranks([5.0, 7.0, 5.0, 1.0], descending=False)
    [2, 4, 2, 1]
    """
    vals = [float(v) for v in values]
    if any(not math.isfinite(v) for v in vals):
        raise ValueError("ranks need finite values")
    sign = -1.0 if descending else 1.0
    return [1 + sum(1 for w in vals if sign * w < sign * v) for v in vals]


def pair_facts(
    pair_ids: Sequence[str],
    rail_scores: Sequence[float],
    road_scores: Sequence[float],
    sez_scores: Sequence[float],
    gravity: Sequence[float],
) -> list[PairFacts]:
    """Facts of all pairs; gravity ranks are taken over exactly these pairs."""
    n = len(pair_ids)
    if not all(len(s) == n for s in (rail_scores, road_scores, sez_scores, gravity)):
        raise ValueError("pair ids and score columns must have the same length")
    desc = competition_ranks(gravity, descending=True)
    asc = competition_ranks(gravity, descending=False)
    return [
        PairFacts(pid, float(r), float(d), float(s), float(g), rd, ra, n)
        for pid, r, d, s, g, rd, ra in zip(
            pair_ids, rail_scores, road_scores, sez_scores, gravity, desc, asc, strict=True
        )
    ]


def pair_rule_fires(rule: SwotRule, facts: PairFacts) -> bool:
    """Whether a pair rule puts this pair into its quadrant.

    >>> f = pair_facts(list("abcdef"), [0] * 6, [0] * 6, [0] * 6, [6, 5, 4, 3, 2, 1])
    >>> [x.pair_id for x in f if pair_rule_fires(RULES_BY_ID["pair-gravity-top-third"], x)]
    ['a', 'b']
    >>> [x.pair_id for x in f if pair_rule_fires(RULES_BY_ID["pair-gravity-bottom-third"], x)]
    ['e', 'f']
    """
    if rule.subject != "pair":
        raise ValueError(f"{rule.id} is not a pair rule")
    if rule.direction == "top_share":
        return facts.gravity_rank_desc <= rule.threshold * facts.n_pairs + _TOL
    if rule.direction == "bottom_share":
        return facts.gravity_rank_asc <= rule.threshold * facts.n_pairs + _TOL
    return all(compare(facts.value(name), rule.direction, rule.threshold) for name in rule.reads)


def region_rule_fires(rule: SwotRule, fact: RegionFact) -> bool:
    """Whether a region rule puts the region into its quadrant (``fact`` must be its indicator)."""
    if rule.subject != "region":
        raise ValueError(f"{rule.id} is not a region rule")
    if fact.indicator != rule.reads[0]:
        raise ValueError(f"{rule.id} reads {rule.reads[0]!r}, not {fact.indicator!r}")
    return compare(fact.value, rule.direction, rule.threshold)


def score_gap(published: float, computed: float, allowed: Sequence[float]) -> ScoreGap | None:
    """Why a published score disagrees with the registry, if it does.

    ``off_scale``: the value is not on the table's stated scale; ``off_rule``: it
    is on the scale but differs from the stated rule applied to the registry.

    >>> score_gap(10, 0, [0, 100]), score_gap(0, 50, [0, 50, 100]), score_gap(100, 100, [0, 100])
    ('off_scale', 'off_rule', None)
    """
    same = math.isclose(published, computed, rel_tol=_TOL, abs_tol=_TOL)
    if allowed and not any(math.isclose(published, a, abs_tol=_TOL) for a in allowed):
        return "off_scale"
    return None if same else "off_rule"


# --------------------------------------------------------------------------- the rules
_A = "000_63cf53f9b2286ec3.txt"
_D = "003_fdba4c7b7a2b31c7.txt"

PAIR_RULES: Final[tuple[SwotRule, ...]] = (
    SwotRule(
        "pair-rail-and-road",
        "strength",
        "pair",
        ("rail_score", "road_score"),
        "equal",
        100.0,
        f"both transport sub-scores at 100 = the highest transport-logistics potential ({_A}:616-621)",
    ),
    SwotRule(
        "pair-sez-both",
        "strength",
        "pair",
        ("sez_score",),
        "equal",
        100.0,
        f"zones on both sides = high investment activity ({_A}:638-641, {_A}:698-707)",
    ),
    SwotRule(
        "pair-gravity-top-third",
        "strength",
        "pair",
        ("gravity",),
        "top_share",
        1 / 3,
        f"larger centres closer together attract each other more ({_A}:179-183); "
        "rank by gravity ≤ n/3 among all pairs in force",
    ),
    SwotRule(
        "pair-rail-missing",
        "weakness",
        "pair",
        ("rail_score",),
        "equal",
        0.0,
        f"no operating railway link; weak railway networks hold back cross-border cooperation "
        f"({_D}:409; the article asks for links for the other regions, {_A}:621-622)",
    ),
    SwotRule(
        "pair-sez-neither",
        "weakness",
        "pair",
        ("sez_score",),
        "equal",
        0.0,
        f"no SEZ stimulating two-way investment in most border oblasts (Table 5, W4, {_A}:861-863)",
    ),
    SwotRule(
        "pair-gravity-bottom-third",
        "weakness",
        "pair",
        ("gravity",),
        "bottom_share",
        1 / 3,
        f"small centres far apart attract each other less ({_A}:179-183); "
        "rank from the bottom ≤ n/3 among all pairs in force",
    ),
)

REGION_RULES: Final[tuple[SwotRule, ...]] = (
    SwotRule(
        "region-border-without-rail",
        "weakness",
        "region",
        ("border_without_rail_link_share_percent",),
        "at_or_above",
        50.0,
        f"at least half of the region's border section has no railway link ({_D}:409)",
    ),
    SwotRule(
        "region-population-decrease",
        "threat",
        "region",
        ("population_decrease_persons",),
        "above",
        0.0,
        f"the population of the Kazakh border regions decreased in 2024 ({_D}:316); "
        f"outflow of labour is a threat (Table 5, T3, {_A}:894-895)",
    ),
    SwotRule(
        "region-net-out-migration",
        "threat",
        "region",
        ("net_external_migration_persons",),
        "below",
        0.0,
        f"mass out-migration of the working-age population ({_D}:317)",
    ),
    SwotRule(
        "region-natural-decrease",
        "threat",
        "region",
        ("natural_increase_per_mille",),
        "below",
        0.0,
        f"natural decrease deepens depopulation of the border regions ({_D}:337)",
    ),
    SwotRule(
        "region-projected-population-decline",
        "threat",
        "region",
        ("population_projected_change_percent",),
        "below",
        0.0,
        f"projected population decline ({_D}:317-318)",
        selection="projection",
    ),
)

RULES: Final[tuple[SwotRule, ...]] = PAIR_RULES + REGION_RULES
RULES_BY_ID: Final[dict[str, SwotRule]] = {r.id: r for r in RULES}
if len(RULES_BY_ID) != len(RULES):  # pragma: no cover - guards edits of the tables above
    raise RuntimeError("SWOT rule ids must be unique")
