"""The hydrology tables' words and numbers in the table language (``shekara hydro … --lang``).

Parameter names become their meaning ("қар еруінің градус-тәуліктік коэффициенті"), units
Cyrillic ("мм °C⁻¹ тәул.⁻¹"), flags and days words, and numbers keep the six significant
digits of the English table with the locale's decimal sign. NSE, KGE, PBIAS and RSR stay
symbols. In en every helper gives its input back: the English tables are unchanged.

Example:
    >>> from shekara.output import set_table_lang
    >>> set_table_lang("ru"); sig(-1.31302), sig(0.0005), bounds(0.0005, 0.2)
    ('-1,31302', '0,0005', '0,0005 … 0,2')
    >>> quantiles({"q05": 104.84, "q50": 168.4})
    '5 % — 104,8; 50 % — 168,4'
    >>> set_table_lang("en"); sig(-1.31302), bounds(0.0005, 0.2), quantiles({"q05": 104.84})
    (-1.31302, '0.0005..0.2', 'q05 104.8')
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from shekara.cli.telling import moment, term, web_words, yes_no
from shekara.i18n.words import data_words
from shekara.output import table_lang, table_num, table_text
from shekara.report.messages import parse_message

#: ``services.hydro.forecast``'s account of parameters calibrated for the forecast.
CALIBRATED_NOW = (
    "calibrated now on {years} (spin-up {spin}, seed {seed}, {runs} runs; NSE {nse}, KGE {kge})"
)
OBSERVED_SWE = "observed swe_mm on {day}"
#: The wording of the water page for the reservoir's policies.
POLICY_WORDS = {"hold_then_release": "hold, then release", "pre_release": "pre-release"}
_LEVEL_AREA = re.compile(r"(\d+(?:\.\d+)?) m: (\d+(?:\.\d+)?) km²")


def sig(value: Any) -> Any:
    """A float with the six significant digits of the English table (``{:.6g}``), in the
    locale's format; en and anything else unchanged."""
    if table_lang() == "en" or not isinstance(value, float):
        return value
    text = f"{value:.6g}"
    if "e" in text:
        return table_num(value)
    decimals = len(text.partition(".")[2])
    return table_num(float(text), decimals)


def told_row(row: Mapping[str, Any]) -> dict[str, Any]:
    """A result row with its floats, flags and ISO days told in the table language."""
    out: dict[str, Any] = {}
    for key, value in row.items():
        if isinstance(value, bool):
            out[key] = yes_no(value)
        elif isinstance(value, str) and re.fullmatch(r"\d{4}-\d\d-\d\d(T[\d:]+)?", value):
            out[key] = moment(value)
        else:
            out[key] = sig(value)
    return out


def parameter_name(name: str) -> str:
    """A model parameter: its key in en ("cfmax"), its meaning in kk and ru."""
    from shekara.methods.hydrology.model import PARAMETER_SPECS

    return name if table_lang() == "en" else table_text(PARAMETER_SPECS[name].description)


def bounds(low: float, high: float) -> str:
    """A parameter's range: ``0.0005..0.2`` in en, ``0,0005 … 0,2`` in kk and ru."""
    if table_lang() == "en":
        return f"{low}..{high}"
    return f"{sig(low)} … {sig(high)}"


def span(first: int, last: int) -> str:
    """Years "1979-1984" (en) or "1979–1984"."""
    return f"{first}-{last}" if table_lang() == "en" else f"{first}–{last}"


def runs(n: int) -> str:
    """A count of model runs: "10,000" (en), "10 000" (kk, ru)."""
    return f"{n:,}" if table_lang() == "en" else table_num(n, 0)


def quantiles(peaks: Mapping[str, float]) -> str:
    """Peak quantiles: "q05 104.8, q25 140.3" (en), "5 % — 104,8; 25 % — 140,3" (kk, ru)."""
    if table_lang() == "en":
        return ", ".join(f"{k} {v:.1f}" for k, v in peaks.items())
    return "; ".join(f"{int(k[1:])} % — {table_num(v, 1)}" for k, v in peaks.items())


def alert_label(label: str) -> str:
    """An alert level's label; the one the CLI makes from a bare number ("20 m3/s") in kk/ru
    units ("20 м³/с"); a label the user typed stays as typed."""
    m = re.fullmatch(r"(\S+) m3/s", label)
    if table_lang() == "en" or m is None:
        return label
    try:
        return f"{table_num(float(m.group(1)))} {web_words('m³/s')}"
    except ValueError:
        return label


def _retold(text: str, template: str, tell: Callable[[dict[str, str]], dict[str, Any]]) -> str:
    """*text* made from *template* retold with its values *tell*s; a fixed text as a term."""
    if table_lang() == "en":
        return text
    values = parse_message(text, template)
    return term(text) if values is None else table_text(template, **tell(values))


def _calibration(values: dict[str, str]) -> dict[str, Any]:
    first, _, last = values["years"].partition("-")
    return {
        **values,
        "years": span(int(first), int(last)),
        "runs": runs(int(values["runs"])),
        "nse": sig(float(values["nse"])),
        "kge": sig(float(values["kge"])),
    }


def parameters_from(text: str) -> str:
    """Where the forecast's parameters come from: "given" or calibrated now (retold)."""
    return _retold(text, CALIBRATED_NOW, _calibration)


def snowpack_from(text: str) -> str:
    """Where the forecast's initial snowpack comes from: the model's state or an observation."""
    return _retold(text, OBSERVED_SWE, lambda v: {"day": moment(v["day"])})


def policy_words(policy: str) -> str:
    """A reservoir policy as the water page names it ("накопить, затем сбросить")."""
    return policy if table_lang() == "en" else web_words(POLICY_WORDS.get(policy, policy))


def assumption_value(name: str, value: Any) -> Any:
    """A reservoir input's value: the level–area table with Cyrillic units, a day in words."""
    if table_lang() == "en":
        return value
    if isinstance(value, str) and name == "level_area_table":
        metres, km2 = web_words("m"), term("km²")
        return _LEVEL_AREA.sub(
            lambda m: (
                f"{table_num(float(m.group(1)))} {metres}: {table_num(float(m.group(2)))} {km2}"
            ),
            value,
        )
    return told_row({name: value})[name]


def assumption_row(a: Mapping[str, Any]) -> dict[str, Any]:
    """A row of the reservoir's inputs table, told in the table language."""
    name = str(a["name"])
    if table_lang() == "en":
        return {"assumption": name, "value": a["value"], "status": a["status"]}
    return {
        "assumption": data_words(name, table_lang()),
        "value": assumption_value(name, a["value"]),
        "status": web_words(str(a["status"])),
    }
