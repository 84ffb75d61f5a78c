"""The water balance in a reader's words: one wording for the ``/water`` page and the CLI table.

A balance figure (a dict of :meth:`WaterBalanceReport.to_dict`) is told as its label in the
reader's language (``web`` catalog), its number(s) with a bound (``> 100``, ``75–100``,
``—`` when missing), its unit's label from the store (:class:`Formatter`) and its sources
as words (:func:`source_words`); a stress class as its class words, "southern part of the
basin only" when the load is stated for part of the basin (D:607). Both faces call
:func:`basin_rows`, so the page and ``shekara water balance --lang kk|ru`` say the same.

Example:
    >>> from shekara.i18n import translator
    >>> f = {"value": None, "range": [75.0, 100.0], "bound": None}
    >>> figure_text(f, str), figure_text({"value": 100.0, "bound": "more_than"}, str)
    ('75.0–100.0', '> 100.0')
    >>> stress_text({"low_class": "high", "high_class": "critical", "scope": None},
    ...             translator("ru", "web"))
    'высокий … критический'
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from shekara.present.fmt import Formatter

#: The sign of an open or approximate figure.
BOUNDS: dict[str, str] = {"more_than": "> ", "at_least": "≥ ", "up_to": "≤ ", "about": "≈ "}
#: The label of the stress-class row (the class is computed from the economic load).
STRESS_LABEL = "water-stress class (SDG 6.4.2 bands)"
#: The short source of the stress bands (the full reference is in ``stress_bands``).
STRESS_SOURCE = "FAO & UN-Water 2021"


def figure_text(f: Mapping[str, Any], num: Callable[[float], str]) -> str:
    """A balance figure as text: ``> 100``, ``75–100``, ``1.7``; ``—`` when missing."""
    prefix = BOUNDS.get(str(f.get("bound")), "")
    if f.get("value") is not None:
        return prefix + num(float(f["value"]))
    rng = f.get("range")
    if rng:
        return prefix + "–".join(num(float(x)) for x in rng)
    return "—"


def figure_value(f: Mapping[str, Any]) -> str:
    """The raw number(s) of a figure for ``data-value`` (tests compare them with the API).

    >>> figure_value({"value": None, "range": [1.5, 2.4]})
    '1.5 2.4'
    """
    if f.get("value") is not None:
        return repr(float(f["value"]))
    return " ".join(repr(float(x)) for x in f.get("range") or [])


def stress_text(stress: Mapping[str, Any], gettext: Callable[[str], str]) -> str:
    """The class words of a stress dict: one class, or ``high … critical`` for a range."""
    classes = [stress["low_class"], stress["high_class"]]
    text = " … ".join(dict.fromkeys(gettext(c) for c in classes))
    if stress.get("scope"):  # D:607: stated for the southern part of the basin only
        text = gettext("{stress} (southern part of the basin only)").format(stress=text)
    return text


def figure_row(
    f: Mapping[str, Any], gettext: Callable[[str], str], fmt: Formatter, num: Callable[[float], str]
) -> dict[str, Any]:
    """One figure in words: label, status, text, raw value, unit label, period, sources, method."""
    return {
        "name": f["name"],
        "label": gettext(str(f["label"])),
        "status": f["status"],
        "text": figure_text(f, num),
        "value": figure_value(f),
        "unit": fmt.unit(str(f["unit"])),
        "period": f.get("period") or "",
        "sources": f.get("sources") or [],
        "method": f.get("method") or "",
    }


def stress_row(stress: Mapping[str, Any], gettext: Callable[[str], str]) -> dict[str, Any]:
    """The stress class of a basin (base or scenario) as a row like :func:`figure_row`'s."""
    return {
        "name": "water_stress_class",
        "label": gettext(STRESS_LABEL),
        "status": "computed",
        "text": stress_text(stress, gettext),
        "value": stress["class"],
        "unit": "",
        "period": "",
        "sources": [STRESS_SOURCE],
        "method": str(stress["basis"]),
    }


def basin_rows(
    basin: Mapping[str, Any],
    gettext: Callable[[str], str],
    fmt: Formatter,
    num: Callable[[float], str],
) -> list[dict[str, Any]]:
    """The page's rows of one basin: its figures, then its stress class (if any).

    Each row also names the basin (``basin_id``, ``basin``) and says whether it opens the
    basin's group (``first``) and how many rows the group spans (``span``).
    """
    figures = basin["figures"]
    head = {"basin_id": basin["basin_id"], "basin": basin["name"]}
    span = len(figures) + (1 if basin.get("stress") else 0)
    rows = [
        {**head, "first": i == 0, "span": span, **figure_row(f, gettext, fmt, num)}
        for i, f in enumerate(figures)
    ]
    if basin.get("stress"):
        rows.append({**head, "first": False, "span": 0, **stress_row(basin["stress"], gettext)})
    return rows


def table_rows(
    report: Mapping[str, Any], lang: str, fmt: Formatter, rivers: Mapping[str, str]
) -> list[dict[str, Any]]:
    """The CLI table of a balance (:meth:`WaterBalanceReport.to_dict`) in *lang*'s words.

    The keys are the English table's (``entity``, ``part``, ``figure`` …, without ``method``);
    the cells tell the basin's name, the part (base or scenario), the figure's label, the
    river of its scope (*rivers*: river id → name), the number with its bound, the unit's
    label, the status, the period and the sources in words — the page's wording
    (:func:`figure_row`, :func:`stress_row`) for the base, the scenario and the country.
    """
    from shekara.i18n import translator
    from shekara.i18n.words import period_span, source_words

    _ = translator(lang, "web")
    parts = {"base": _("base"), "scenario": _("scenario")}

    def row(entity: str, part: str, words: Mapping[str, Any], scope: str = "") -> dict[str, Any]:
        return {
            "entity": entity,
            "part": parts[part],
            "figure": words["label"],
            "scope": scope,
            "value": words["text"],
            "unit": words["unit"],
            "status": _(str(words["status"])),
            "period": period_span(str(words["period"])),
            "sources": "; ".join(_(source_words(str(s), lang)) for s in words["sources"]),
        }

    def figures(entity: str, part: str, figs: list[Mapping[str, Any]]) -> list[dict[str, Any]]:
        out = []
        for f in figs:
            scope = str(f.get("scope") or "")
            if scope.startswith("river "):  # "river irtysh" → "Ертіс өзені", "река Иртыш"
                river = scope.removeprefix("river ")
                scope = _("river {river}").format(river=rivers.get(river, river))
            elif scope:
                scope = _(scope)
            out.append(row(entity, part, figure_row(f, _, fmt, fmt.num), scope))
        return out

    rows: list[dict[str, Any]] = []
    for b in report["basins"]:
        rows += figures(b["name"], "base", b["figures"])
        for part, key in (("base", "stress"), ("scenario", "scenario_stress")):
            if b.get(key):
                rows.append(row(b["name"], part, stress_row(b[key], _)))
        rows += figures(b["name"], "scenario", b["scenario"])
    if report.get("country"):
        c = report["country"]
        name = translator(lang, "flood")(str(c["country"]))  # "KZ" → Қазақстан / Казахстан
        rows += figures(name, "base", c["figures"]) + figures(name, "scenario", c["scenario"])
    return rows
