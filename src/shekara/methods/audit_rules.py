"""Generic consistency checks over published tables and the conclusions drawn from them.

The checks know nothing about particular pairs: a table is a list of pair ids,
one value (or several columns) per pair and one locator per row (e.g.
``000_63cf53f9b2286ec3.txt:602``); a conclusion is a list of pair ids and the
locator of the sentence that states it.  Findings carry a stable ``code`` from
:data:`AUDIT_CATALOGUE`.

=======  ========  ==============================================================
code     severity  meaning
=======  ========  ==============================================================
AUD001   error     a value is not on the table's stated discrete scale
AUD002   error     a value differs from the stated rule applied to known inputs
AUD003   error     "the highest X are P, Q, R" does not match the table's top-k
AUD004   warning   ... and P, Q, R are in fact the k *lowest* (inverted order?)
AUD005   error     "the pairs with the maximum on every sub-score are ..." does
                   not match the table
AUD006   error     a conclusion names a pair that is not in the table
AUD007   warning   the text states two different scales for one table (each value
                   is then checked against the union: on-scale if on either)
=======  ========  ==============================================================

>>> f = check_discrete_scale([0, 100, 10], {0, 100}, pair_ids=["p1", "p2", "p3"],
...                          locators=["t:1", "t:2", "t:3"], table="Table 3", column="rail")
>>> [(x.code, x.pair_ids, x.locator) for x in f]
[('AUD001', ('p3',), 't:3')]
>>> f[0].message
'Table 3, rail: value 10 is not on the stated scale {0, 100}'
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from shekara.methods.scores import sez_pair_scores

__all__ = [
    "AUDIT_CATALOGUE",
    "AuditFinding",
    "AuditRule",
    "Severity",
    "check_discrete_scale",
    "check_max_on_all_claim",
    "check_rule",
    "check_sez_rule",
    "check_stated_scales",
    "check_top_k_claim",
]

Severity = Literal["error", "warning", "info"]

_TOL: Final[float] = 1e-9


@dataclass(frozen=True)
class AuditRule:
    """One entry of the audit catalogue: stable code, title, message template."""

    code: str
    title: str
    severity: Severity
    template: str


@dataclass(frozen=True)
class AuditFinding:
    """One problem found in a published table or conclusion."""

    code: str
    severity: Severity
    message: str
    pair_ids: tuple[str, ...]
    locator: str


AUDIT_CATALOGUE: Final[Mapping[str, AuditRule]] = MappingProxyType(
    {
        r.code: r
        for r in (
            AuditRule(
                "AUD001",
                "value off the stated scale",
                "error",
                "{table}, {column}: value {value} is not on the stated scale {allowed}",
            ),
            AuditRule(
                "AUD002",
                "value contradicts the stated rule",
                "error",
                "{table}, {column}: published {published} but {rule} gives {expected}",
            ),
            AuditRule(
                "AUD003",
                "top-k conclusion contradicts the table",
                "error",
                "{table}: the conclusion names {claimed} as the {k} highest by {column}, "
                "but the table's {k} highest are {actual}",
            ),
            AuditRule(
                "AUD004",
                "top-k conclusion names the bottom-k",
                "warning",
                "{table}: the {k} pairs named as the highest by {column} ({claimed}) are the "
                "{k} lowest in the table; the order may have been inverted",
            ),
            AuditRule(
                "AUD005",
                "'maximum on every sub-score' conclusion contradicts the table",
                "error",
                "{table}: the conclusion names {claimed} as scoring {max_value} on all of "
                "{columns}, but the table gives {actual}",
            ),
            AuditRule(
                "AUD006",
                "conclusion names a pair not in the table",
                "error",
                "{table}: the conclusion names pair {pair_id}, which is not in the table",
            ),
            AuditRule(
                "AUD007",
                "two scales stated for one table",
                "warning",
                "{table}, {column}: the text states the scale {first} at {first_at} "
                "and the scale {second} at {second_at}",
            ),
        )
    }
)


def _finding(code: str, pair_ids: Iterable[str], locator: str, **fields: object) -> AuditFinding:
    rule = AUDIT_CATALOGUE[code]
    return AuditFinding(
        code=code,
        severity=rule.severity,
        message=rule.template.format(**fields),
        pair_ids=tuple(pair_ids),
        locator=locator,
    )


def _row_findings(
    code: str,
    flagged: NDArray[np.bool_],
    pair_ids: Sequence[str],
    locators: Sequence[str],
    details: Callable[[int], dict[str, object]],
) -> list[AuditFinding]:
    """One *code* finding per flagged row *k*: its pair, its locator, ``details(k)``."""
    rows = (int(i) for i in np.flatnonzero(flagged))
    return [_finding(code, [pair_ids[k]], locators[k], **details(k)) for k in rows]


def _fmt(x: float) -> str:
    return f"{x:g}"


def _fmt_set(values: Iterable[float]) -> str:
    return "{" + ", ".join(_fmt(v) for v in sorted(values)) + "}"


def _fmt_ids(ids: Sequence[str]) -> str:
    return "[" + ", ".join(ids) + "]" if ids else "none"


def _column(
    values: ArrayLike, pair_ids: Sequence[str], locators: Sequence[str] | None, name: str
) -> NDArray[np.float64]:
    arr = np.asarray(values, dtype=np.float64)
    n = len(pair_ids)
    if arr.shape != (n,):
        raise ValueError(f"{name} must have one value per pair ({n}); got shape {arr.shape}")
    if locators is not None and len(locators) != n:
        raise ValueError(f"locators must have one entry per pair ({n}); got {len(locators)}")
    if len(set(pair_ids)) != n:
        raise ValueError("pair_ids must be unique")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite")
    return arr


def check_discrete_scale(
    values: ArrayLike,
    allowed: Iterable[float],
    *,
    pair_ids: Sequence[str],
    locators: Sequence[str],
    table: str,
    column: str,
) -> list[AuditFinding]:
    """AUD001 for every value that is not one of the ``allowed`` scale points."""
    arr = _column(values, pair_ids, locators, column)
    points = np.array(sorted(set(allowed)), dtype=np.float64)
    if points.size == 0:
        raise ValueError("allowed scale must not be empty")
    off = np.min(np.abs(arr[:, None] - points[None, :]), axis=1) > _TOL
    allowed_text = _fmt_set(points.tolist())
    place = {"table": table, "column": column}
    return _row_findings(
        "AUD001",
        off,
        pair_ids,
        locators,
        lambda k: {**place, "value": _fmt(float(arr[k])), "allowed": allowed_text},
    )


def check_stated_scales(
    values: ArrayLike,
    scales: Sequence[tuple[Iterable[float], str]],
    *,
    pair_ids: Sequence[str],
    locators: Sequence[str],
    table: str,
    column: str,
) -> list[AuditFinding]:
    """The scales a text states for one table: AUD007 once if they differ, then AUD001 for
    each value on none of them.

    The article scores SEZ presence on (0; 100) in its methods (A:193-199) but defines
    Table 4's own scale as 0/50/100 (A:638-641): a 50 there is on the table's stated scale,
    so the inconsistency is one warning about the text, not one error per pair.

    >>> f = check_stated_scales([0, 50, 100], [({0, 100}, "a:193"), ({0, 50, 100}, "a:638")],
    ...                         pair_ids=["p1", "p2", "p3"], locators=["t:1", "t:2", "t:3"],
    ...                         table="Table 4", column="sez")
    >>> [(x.code, x.severity) for x in f]
    [('AUD007', 'warning')]
    >>> f[0].message
    'Table 4, sez: the text states the scale {0, 100} at a:193 and the scale {0, 50, 100} at a:638'
    """
    if not scales:
        raise ValueError("at least one stated scale is needed")
    distinct: list[tuple[frozenset[float], str]] = []
    for points, at in scales:
        key = frozenset(float(v) for v in points)
        if all(key != d for d, _ in distinct):
            distinct.append((key, at))
    out = [
        _finding(
            "AUD007",
            (),  # about the text, not about a pair
            b_at,
            table=table,
            column=column,
            first=_fmt_set(a),
            first_at=a_at,
            second=_fmt_set(b),
            second_at=b_at,
        )
        for (a, a_at), (b, b_at) in itertools.pairwise(distinct)
    ]
    union = frozenset().union(*(d for d, _ in distinct))
    where = ", ".join(at for _, at in distinct)
    return out + check_discrete_scale(
        values,
        union,
        pair_ids=pair_ids,
        locators=locators,
        table=f"{table} (scale stated at {where})",
        column=column,
    )


def check_rule(
    published: ArrayLike,
    expected: ArrayLike,
    *,
    rule: str,
    pair_ids: Sequence[str],
    locators: Sequence[str],
    table: str,
    column: str,
) -> list[AuditFinding]:
    """AUD002 for every pair whose published value differs from the rule's value.

    ``expected`` is the rule evaluated on the pair's known inputs; ``rule``
    describes it for the message.
    """
    pub = _column(published, pair_ids, locators, column)
    exp = _column(expected, pair_ids, locators, "expected")
    bad = np.abs(pub - exp) > _TOL * np.maximum(1.0, np.abs(exp))
    place = {"table": table, "column": column}
    return _row_findings(
        "AUD002",
        bad,
        pair_ids,
        locators,
        lambda k: {
            **place,
            "published": _fmt(float(pub[k])),
            "rule": rule,
            "expected": _fmt(float(exp[k])),
        },
    )


def check_sez_rule(
    published: ArrayLike,
    kz_has_zone: ArrayLike,
    ru_has_zone: ArrayLike,
    *,
    pair_ids: Sequence[str],
    locators: Sequence[str],
    table: str,
    column: str = "SEZ score",
) -> list[AuditFinding]:
    """AUD002 where the SEZ score is not ``50·[kz] + 50·[ru]`` given the zone registry.

    ``kz_has_zone[k]`` / ``ru_has_zone[k]`` say whether the Kazakh / Russian
    region of pair ``k`` has a special (free) economic zone, as known from a
    registry (000_63cf53f9b2286ec3.txt:638-641 states the rule).
    """
    expected = sez_pair_scores(kz_has_zone, ru_has_zone)
    return check_rule(
        published,
        expected,
        rule="50·[KZ zone] + 50·[RU zone]",
        pair_ids=pair_ids,
        locators=locators,
        table=table,
        column=column,
    )


def _unknown_claims(
    claimed: Sequence[str], pair_ids: Sequence[str], claim_locator: str, table: str
) -> list[AuditFinding]:
    known = set(pair_ids)
    return [
        _finding("AUD006", [c], claim_locator, table=table, pair_id=c)
        for c in claimed
        if c not in known
    ]


def check_top_k_claim(
    values: ArrayLike,
    claimed_pair_ids: Sequence[str],
    *,
    pair_ids: Sequence[str],
    claim_locator: str,
    table: str,
    column: str,
) -> list[AuditFinding]:
    """Check "the pairs with the highest <column> are <claimed>" against the table.

    With ``k = len(claimed)``, the claim holds if every claimed pair's value is
    >= every other pair's value (ties at the boundary are tolerated).  Otherwise
    AUD003, listing the table's actual k highest (descending, ties in table
    order); additionally AUD004 if the claimed pairs are exactly a valid set of
    the k *lowest* values.  Unknown pair ids give AUD006 and nothing else.
    """
    arr = _column(values, pair_ids, None, column)
    claimed = list(dict.fromkeys(claimed_pair_ids))
    if not claimed:
        raise ValueError("the conclusion must name at least one pair")
    unknown = _unknown_claims(claimed, pair_ids, claim_locator, table)
    if unknown:
        return unknown
    k = len(claimed)
    if k >= len(pair_ids):
        return []
    pos = {p: i for i, p in enumerate(pair_ids)}
    in_claim = np.zeros(len(pair_ids), dtype=np.bool_)
    in_claim[[pos[c] for c in claimed]] = True
    if arr[in_claim].min() >= arr[~in_claim].max():
        return []
    order = np.argsort(-arr, kind="stable")
    actual = [pair_ids[int(i)] for i in order[:k]]
    involved = claimed + [a for a in actual if a not in claimed]
    findings = [
        _finding(
            "AUD003",
            involved,
            claim_locator,
            table=table,
            column=column,
            k=k,
            claimed=_fmt_ids(claimed),
            actual=_fmt_ids(actual),
        )
    ]
    if arr[in_claim].max() <= arr[~in_claim].min():
        findings.append(
            _finding(
                "AUD004",
                claimed,
                claim_locator,
                table=table,
                column=column,
                k=k,
                claimed=_fmt_ids(claimed),
            )
        )
    return findings


def check_max_on_all_claim(
    columns: Mapping[str, ArrayLike],
    claimed_pair_ids: Sequence[str],
    *,
    pair_ids: Sequence[str],
    claim_locator: str,
    table: str,
    max_value: float = 100.0,
) -> list[AuditFinding]:
    """Check "the pairs scoring <max_value> on every sub-score are <claimed>".

    AUD005 if the claimed set differs from the set of pairs whose value equals
    ``max_value`` in every column; AUD006 for unknown pair ids.
    """
    if not columns:
        raise ValueError("at least one column is needed")
    claimed = list(dict.fromkeys(claimed_pair_ids))
    unknown = _unknown_claims(claimed, pair_ids, claim_locator, table)
    if unknown:
        return unknown
    at_max = np.ones(len(pair_ids), dtype=np.bool_)
    for name, col in columns.items():
        arr = _column(col, pair_ids, None, name)
        at_max &= np.abs(arr - max_value) <= _TOL * max(1.0, abs(max_value))
    actual = [pair_ids[int(i)] for i in np.flatnonzero(at_max)]
    if set(actual) == set(claimed):
        return []
    involved = sorted(set(actual) ^ set(claimed), key=list(pair_ids).index)
    return [
        _finding(
            "AUD005",
            involved,
            claim_locator,
            table=table,
            claimed=_fmt_ids(claimed),
            max_value=_fmt(max_value),
            columns=", ".join(columns),
            actual=_fmt_ids(actual),
        )
    ]
