"""The reproduction's explanations and KB501's zone rule in the reader's language.

Shared by the report (:mod:`shekara.report.context`) and the CLI's ``--lang`` tables
(``reproduce article``, ``data validate``), so a disagreement reads the same on both faces.

Example:
    >>> loc = Localiser.for_lang("en")
    >>> explain_transport(loc, {"rail": 10.0, "road": 100.0}, {"rail": 0.0, "road": 100.0})
    'railway: the published 10 is off the stated 0/100 scale; the link registry has no operating link'
    >>> zone_rule_words("expected 50 from the zone registry (z1)", loc, {"z1": "Lotos"})
    '50 by the zone registry (Lotos)'
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from shekara.report.text import N_, Localiser
from shekara.report.views import MODES

# KB501's detail (kb.validate): the published SEZ score against the zone registry.
ZONE_RULE = re.compile(r"expected (\S+) from the zone registry \(([^)]*)\)")


def explain_transport(loc: Localiser, pub: Mapping[str, float], comp: Mapping[str, float]) -> str:
    """Why Table 3's rail and road scores differ from the link registry's, per mode."""
    parts = []
    for mode in ("rail", "road"):
        if pub[mode] == comp[mode]:
            continue
        what = loc._(MODES[mode])
        if pub[mode] not in (0.0, 100.0):
            msg = (
                N_(
                    "{mode}: the published {published} is off the stated 0/100 scale; the link registry has an operating link"
                )
                if comp[mode]
                else N_(
                    "{mode}: the published {published} is off the stated 0/100 scale; the link registry has no operating link"
                )
            )
            parts.append(loc.t(msg, mode=what, published=loc.num(pub[mode])))
        else:
            parts.append(
                loc.t(
                    "{mode}: published {published}, the link registry gives {computed}",
                    mode=what,
                    published=loc.num(pub[mode]),
                    computed=loc.num(comp[mode]),
                )
            )
    return "; ".join(parts)


def explain_sez(loc: Localiser, r: Mapping[str, Any], zone_name: Callable[[str], str]) -> str:
    """Why Table 4's SEZ score differs from the rule applied to the zone registry."""
    none = loc._("none")
    return loc.t(
        "zone registry: Kazakh side {kz}, Russian side {ru}; the rule 50·[KZ] + 50·[RU] gives {computed}, the article gives {published}",
        kz=", ".join(zone_name(z) for z in r["kz_zones"]) or none,
        ru=", ".join(zone_name(z) for z in r["ru_zones"]) or none,
        computed=loc.num(r["computed"]),
        published=loc.num(r["published"]),
    )


def zone_rule_words(text: str, loc: Localiser, zone_names: Mapping[str, str]) -> str:
    """KB501's "expected 50 from the zone registry (ru-fez-lotos)" with the zones' names."""

    def one(m: re.Match[str]) -> str:
        zones = ", ".join(zone_names.get(z.strip(), z.strip()) for z in m.group(2).split(","))
        return loc.t("{expected} by the zone registry ({zones})", expected=m.group(1), zones=zones)

    return ZONE_RULE.sub(one, text)
