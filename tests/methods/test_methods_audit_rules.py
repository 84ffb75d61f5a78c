"""Audit rules: planted violations are found, clean tables stay silent.

The last block runs the generic rules over the article's Tables 2-4 and the
conclusions drawn from them (000_63cf53f9b2286ec3.txt:546-553, :585-622, :644-707).
"""

from __future__ import annotations

import string
from typing import Any

import pytest

from shekara.methods.audit_rules import (
    AUDIT_CATALOGUE,
    check_discrete_scale,
    check_max_on_all_claim,
    check_rule,
    check_sez_rule,
    check_top_k_claim,
)

IDS = ["p1", "p2", "p3", "p4", "p5"]
LOC = [f"t.txt:{10 + k}" for k in range(5)]
COMMON: dict[str, Any] = dict(pair_ids=IDS, locators=LOC, table="T")


# ---- catalogue ------------------------------------------------------------------


def test_catalogue_codes_are_stable_and_templates_complete() -> None:
    assert list(AUDIT_CATALOGUE) == [f"AUD00{k}" for k in range(1, 8)]
    for code, rule in AUDIT_CATALOGUE.items():
        assert rule.code == code
        assert rule.severity in ("error", "warning", "info")
        fields = [f for _, f, _, _ in string.Formatter().parse(rule.template) if f]
        assert "table" in fields


# ---- AUD001 -------------------------------------------------------------------


def test_scale_clean_is_silent() -> None:
    assert check_discrete_scale([0, 100, 100, 0, 0], {0, 100}, column="rail", **COMMON) == []


def test_scale_planted_violation() -> None:
    f = check_discrete_scale([0, 100, 10, 0, 99.5], {0, 100}, column="rail", **COMMON)
    assert [(x.code, x.pair_ids, x.locator) for x in f] == [
        ("AUD001", ("p3",), "t.txt:12"),
        ("AUD001", ("p5",), "t.txt:14"),
    ]
    assert f[0].message == "T, rail: value 10 is not on the stated scale {0, 100}"
    assert f[0].severity == "error"


def test_scale_shape_check() -> None:
    with pytest.raises(ValueError, match="one value per pair"):
        check_discrete_scale([0, 100], {0, 100}, column="rail", **COMMON)


# ---- AUD002 -------------------------------------------------------------------

KZ = [True, False, True, False, False]
RU = [True, True, False, False, True]


def test_sez_rule_clean_is_silent() -> None:
    assert check_sez_rule([100, 50, 50, 0, 50], KZ, RU, **COMMON) == []


def test_sez_rule_planted_violation() -> None:
    f = check_sez_rule([100, 50, 50, 0, 0], KZ, RU, **COMMON)
    assert [(x.code, x.pair_ids, x.locator) for x in f] == [("AUD002", ("p5",), "t.txt:14")]
    assert "published 0 but 50·[KZ zone] + 50·[RU zone] gives 50" in f[0].message


def test_generic_rule() -> None:
    f = check_rule([1.0, 2.0, 3.0, 4.0, 5.0], [1.0, 2.0, 3.5, 4.0, 5.0], rule="x+1",
                   column="c", **COMMON)  # fmt: skip
    assert [x.pair_ids for x in f] == [("p3",)]


# ---- AUD003 / AUD004 / AUD006 ---------------------------------------------------

VALUES = [50.0, 40.0, 30.0, 20.0, 10.0]
CLAIM: dict[str, Any] = dict(pair_ids=IDS, claim_locator="t.txt:5-6", table="T", column="X")


def test_top_k_claim_clean_is_silent() -> None:
    assert check_top_k_claim(VALUES, ["p2", "p1"], **CLAIM) == []


def test_top_k_claim_tolerates_boundary_ties() -> None:
    assert check_top_k_claim([50.0, 40.0, 40.0, 20.0, 10.0], ["p1", "p3"], **CLAIM) == []


def test_top_k_claim_planted_violation() -> None:
    f = check_top_k_claim(VALUES, ["p1", "p3"], **CLAIM)
    assert [x.code for x in f] == ["AUD003"]
    assert f[0].pair_ids == ("p1", "p3", "p2")
    assert "the table's 2 highest are [p1, p2]" in f[0].message
    assert f[0].locator == "t.txt:5-6"


def test_top_k_claim_naming_the_bottom_k_is_flagged_as_inverted() -> None:
    f = check_top_k_claim(VALUES, ["p5", "p4"], **CLAIM)
    assert [x.code for x in f] == ["AUD003", "AUD004"]
    assert f[1].severity == "warning"


def test_top_k_claim_unknown_pair() -> None:
    f = check_top_k_claim(VALUES, ["p1", "p9"], **CLAIM)
    assert [(x.code, x.pair_ids) for x in f] == [("AUD006", ("p9",))]


# ---- AUD005 ---------------------------------------------------------------------

RAIL = [100, 0, 100, 100, 0]
ROAD = [100, 100, 0, 100, 0]
MAX_CLAIM: dict[str, Any] = dict(pair_ids=IDS, claim_locator="t.txt:7", table="T")


def test_max_on_all_clean_is_silent() -> None:
    assert check_max_on_all_claim({"rail": RAIL, "road": ROAD}, ["p4", "p1"], **MAX_CLAIM) == []


def test_max_on_all_planted_violation() -> None:
    f = check_max_on_all_claim({"rail": RAIL, "road": ROAD}, ["p1", "p3"], **MAX_CLAIM)
    assert [(x.code, x.pair_ids) for x in f] == [("AUD005", ("p3", "p4"))]
    assert "the table gives [p1, p4]" in f[0].message


# ---- the article's tables ---------------------------------------------------------

A = "000_63cf53f9b2286ec3.txt"
# Pair ids: KZ centre–RU centre, in table order (lines 566-583 / 596-613).
PAIRS = [
    "Aktobe-Orenburg", "Atyrau-Astrakhan", "Oskemen-Barnaul", "Oskemen-GornoAltaysk",
    "Oral-Orenburg", "Oral-Volgograd", "Oral-Saratov", "Oral-Samara", "Oral-Astrakhan",
    "Kostanay-Orenburg", "Kostanay-Chelyabinsk", "Kostanay-Kurgan", "Pavlodar-Omsk",
    "Pavlodar-Novosibirsk", "Pavlodar-Barnaul", "Petropavl-Kurgan", "Petropavl-Tyumen",
    "Petropavl-Omsk",
]  # fmt: skip
GRAV = [
    1348387, 377074, 532192, 48926, 516886, 440895, 554144, 1208408, 219547,
    250818, 1059181, 279227, 1024435, 1054527, 444413, 271037, 428424, 905798,
]  # fmt: skip
RAIL_A = [100, 100, 100, 0, 0, 0, 10, 0, 0, 0, 100, 0, 0, 0, 0, 100, 0, 100]
ROAD_A = [0, 0, 0, 0, 0, 0, 0, 100, 0, 0, 100, 0, 100, 0, 0, 0, 0, 100]
SEZ_A = [0, 100, 50, 50, 0, 0, 0, 50, 0, 0, 0, 0, 50, 50, 100, 0, 0, 0]
SEZ_LINES = [647, 649, 657, 662, 667, 668, 669, 670, 675, 680, 681, 682, 684, 685, 686, 691,
             692, 693]  # fmt: skip
# Zone registry as named in Table 4 itself: KZ zones in Atyrau and Pavlodar oblasts;
# RU zones in Astrakhan, Altai Krai (Barnaul), Altai Republic and Samara.
KZ_ZONE = {"Atyrau", "Pavlodar"}
RU_ZONE = {"Astrakhan", "Barnaul", "GornoAltaysk", "Samara"}


def test_article_table3_off_scale_value() -> None:
    f = check_discrete_scale(RAIL_A, {0, 100}, pair_ids=PAIRS,
                             locators=[f"{A}:{596 + k}" for k in range(18)],
                             table="Table 3", column="railway")  # fmt: skip
    assert [(x.code, x.pair_ids, x.locator) for x in f] == [
        ("AUD001", ("Oral-Saratov",), f"{A}:602")
    ]
    assert check_discrete_scale(ROAD_A, {0, 100}, pair_ids=PAIRS,
                                locators=[f"{A}:{596 + k}" for k in range(18)],
                                table="Table 3", column="motorway") == []  # fmt: skip


def test_article_table4_rule_violation() -> None:
    kz = [p.split("-")[0] in KZ_ZONE for p in PAIRS]
    ru = [p.split("-")[1] in RU_ZONE for p in PAIRS]
    f = check_sez_rule(SEZ_A, kz, ru, pair_ids=PAIRS,
                       locators=[f"{A}:{n}" for n in SEZ_LINES], table="Table 4")  # fmt: skip
    assert [(x.code, x.pair_ids, x.locator) for x in f] == [
        ("AUD002", ("Oral-Astrakhan",), f"{A}:675")
    ]
    assert check_discrete_scale(SEZ_A, {0, 50, 100}, pair_ids=PAIRS,
                                locators=[f"{A}:{n}" for n in SEZ_LINES],
                                table="Table 4", column="SEZ") == []  # fmt: skip


def test_article_gravity_conclusion_names_the_three_lowest() -> None:
    claimed = ["Oskemen-GornoAltaysk", "Oral-Astrakhan", "Kostanay-Orenburg"]  # lines 546-553
    f = check_top_k_claim(GRAV, claimed, pair_ids=PAIRS, claim_locator=f"{A}:546-553",
                          table="Table 2", column="gravity index")  # fmt: skip
    assert [x.code for x in f] == ["AUD003", "AUD004"]
    assert "[Aktobe-Orenburg, Oral-Samara, Kostanay-Chelyabinsk]" in f[0].message


def test_article_transport_conclusion_is_consistent() -> None:
    claimed = ["Kostanay-Chelyabinsk", "Petropavl-Omsk"]  # lines 616-622
    f = check_max_on_all_claim({"railway": RAIL_A, "motorway": ROAD_A}, claimed,
                               pair_ids=PAIRS, claim_locator=f"{A}:616-622",
                               table="Table 3")  # fmt: skip
    assert f == []


def test_article_sez_conclusion_is_consistent() -> None:
    claimed = ["Atyrau-Astrakhan", "Pavlodar-Barnaul"]  # lines 698-707
    f = check_top_k_claim(SEZ_A, claimed, pair_ids=PAIRS, claim_locator=f"{A}:698-707",
                          table="Table 4", column="SEZ score")  # fmt: skip
    assert f == []


# ---- AUD007 (issue 11) ------------------------------------------------------------


def test_table_with_its_own_scale_is_one_warning_not_errors() -> None:
    """Table 4: methods say (0; 100) (A:193-199), the table defines 0/50/100 (A:638-641).

    A 50 is on the table's own scale: one AUD007 about the text, no AUD001 per pair; a
    value on neither scale (30) is still an error.
    """
    from shekara.methods.audit_rules import check_stated_scales

    scales = [({0, 100}, "A:193-199"), ({0, 50, 100}, "A:638-641")]
    f = check_stated_scales(
        [0, 50, 100], scales, pair_ids=IDS[:3], locators=LOC[:3], table="Table 4", column="sez"
    )
    assert [x.code for x in f] == ["AUD007"]
    assert f[0].pair_ids == () and f[0].locator == "A:638-641"
    f = check_stated_scales(
        [0, 30, 50], scales, pair_ids=IDS[:3], locators=LOC[:3], table="Table 4", column="sez"
    )
    assert [(x.code, x.pair_ids) for x in f] == [("AUD007", ()), ("AUD001", (IDS[1],))]
    # one stated scale: no AUD007
    assert (
        check_stated_scales(
            [0, 100, 100], scales[:1], pair_ids=IDS[:3], locators=LOC[:3], table="T", column="c"
        )
        == []
    )
