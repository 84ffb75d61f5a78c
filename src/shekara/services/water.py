"""Water balance of Kazakhstan's four basins bordering Russia, and of Kazakhstan, with scenarios.

Every number is one of:

* **stated** — read from the knowledge base with its source (seed line or publication);
* **computed** — arithmetic on stated figures, with the formula in ``method`` and the
  sources of every input;
* **scenario** — a computed figure under the user's scenario parameters;
* **missing** — the knowledge base holds no figure; nothing is invented in its place.

Inputs per basin (entity ``basin``): ``water_resources_km3_per_year``,
``water_inflow_km3_per_year``, ``water_inflow_from_russia_km3_per_year``,
``water_withdrawal_km3_per_year``, ``water_deficit_km3_per_year`` and the economic load
``water_economic_load_percent`` (or its ``_low``/``_high`` range); per river of the basin
the Irtysh figures of the dissertation (canal withdrawal, China's withdrawal, deficit).

**Water-stress classes** (:data:`STRESS_BANDS`) are the severity bands of SDG indicator
6.4.2 in FAO & UN-Water (2021), *Progress on Level of Water Stress. Global status and
acceleration needs for SDG indicator 6.4.2*, Rome, doi:10.4060/cb6241en: no stress
below 25 %, low 25–50 %, medium 50–75 %, high 75–100 %, critical above 100 %. They are
applied here to the dissertation's *economic load* (use as % of resources, D:607); SDG
6.4.2 subtracts environmental flow requirements from the resources first, so the load
understates SDG 6.4.2 stress and the class is a lower bound.

**Scenarios**: consumption growth ``g`` (default: the stated +56 % by 2040, World Bank
via D:589) scales withdrawals and the load, resources held constant; an upstream
withdrawal ``U`` (default: the stated end value of China's Irtysh intake, 4.0 km³, D:599)
reduces the inflow by ``U − U₀`` (``U₀`` = stated start value, 1 km³) and — passed on
one to one, without return flow or regulation — raises the downstream deficit by as much.

Example:
    >>> stress_class(25.0), stress_class(74.9), stress_class(100.0), stress_class(100.5)
    ('low', 'medium', 'high', 'critical')
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, Literal, NamedTuple

from sqlalchemy.engine import Engine

from shekara.kb import query
from shekara.kb.periods import PeriodError, parse_period
from shekara.kb.store import read_meta

FigureStatus = Literal["stated", "computed", "scenario", "missing"]
Bound = Literal["exact", "more_than", "at_least", "up_to", "about"]
StressClass = Literal["no_stress", "low", "medium", "high", "critical"]

#: Upper limits (percent) of the SDG 6.4.2 severity bands; above the last one: critical.
#: FAO & UN-Water (2021), doi:10.4060/cb6241en. A value on a limit belongs to the band
#: above it (25 % is "low": a territory withdrawing 25 % or more is water-stressed),
#: except 100 %, which is still "high" (critical is *over* 100 %: more withdrawn than renewed).
STRESS_BANDS: tuple[tuple[float, StressClass], ...] = (
    (25.0, "no_stress"),
    (50.0, "low"),
    (75.0, "medium"),
    (100.0, "high"),
)
STRESS_ORDER: tuple[StressClass, ...] = ("no_stress", "low", "medium", "high", "critical")
STRESS_SOURCE = (
    "FAO & UN-Water (2021). Progress on Level of Water Stress. Global status and acceleration "
    "needs for SDG indicator 6.4.2. Rome. doi:10.4060/cb6241en"
)
BORDER_COUNTRY = "KZ"


class WaterBalanceError(ValueError):
    """The balance cannot be made with these options (unknown basin, bad scenario value)."""


def stress_class(load_percent: float) -> StressClass:
    """SDG 6.4.2 severity band of a load (withdrawal as % of resources)."""
    if not (math.isfinite(load_percent) and load_percent >= 0):
        raise WaterBalanceError(f"load {load_percent!r} % must be finite and >= 0")
    for limit, name in STRESS_BANDS:
        if load_percent < limit or (limit == 100.0 and load_percent == 100.0):
            return name
    return "critical"


@dataclass(frozen=True)
class Figure:
    """One number of the balance: a point (``low == high``) or a range, with its provenance.

    ``bound`` says how to read it: ``more_than`` (the truth is above ``low``), ``at_least``,
    ``up_to`` (at most ``high``), ``about`` or ``exact``.
    """

    name: str
    label: str
    unit: str
    status: FigureStatus
    low: float | None = None
    high: float | None = None
    bound: Bound = "exact"
    period: str | None = None
    scope: str | None = None
    sources: tuple[str, ...] = ()
    method: str | None = None
    note: str | None = None

    @property
    def value(self) -> float | None:
        return self.low if self.low is not None and self.low == self.high else None

    def to_dict(self) -> dict[str, Any]:
        rng = None if self.low is None or self.value is not None else [self.low, self.high]
        return {
            "name": self.name,
            "label": self.label,
            "status": self.status,
            "value": None if self.value is None else round(self.value, 6),
            "range": None if rng is None else [round(x, 6) for x in rng if x is not None],
            "bound": self.bound,
            "unit": self.unit,
            "period": self.period,
            "scope": self.scope,
            "sources": list(self.sources),
            "method": self.method,
            "note": self.note,
        }

    def text(self) -> str:
        """Short human form: ``> 100``, ``75–100``, ``1.7``, or ``missing``."""
        if self.low is None:
            return "missing"
        num = _fmt(self.low) if self.value is not None else f"{_fmt(self.low)}–{_fmt(self.high)}"
        prefix = {"more_than": "> ", "at_least": "≥ ", "up_to": "≤ ", "about": "≈ "}.get(
            self.bound, ""
        )
        return prefix + num


def _fmt(x: float | None) -> str:
    return "" if x is None else f"{x:.4g}"


def _missing(name: str, label: str, unit: str, scope: str | None = None, note: str = "") -> Figure:
    return Figure(
        name, label, unit, "missing", scope=scope, note=note or "not in the knowledge base"
    )


class _Spec(NamedTuple):
    """One input of the balance: our name, its label, unit and the indicator code in the store."""

    name: str
    label: str
    unit: str
    code: str


def _specs(table: str) -> tuple[_Spec, ...]:
    rows = [line.split("|") for line in table.strip().splitlines()]
    return tuple(_Spec(*(cell.strip() for cell in row)) for row in rows)


# --------------------------------------------------------------------------- interval arithmetic
def _combine_bound(*figs: Figure) -> Bound:
    kinds = {f.bound for f in figs} - {"exact"}
    if not kinds:
        return "exact"
    return kinds.pop() if len(kinds) == 1 else "about"


def _derive(
    name: str,
    label: str,
    unit: str,
    status: FigureStatus,
    inputs: Sequence[Figure],
    low: float,
    high: float,
    method: str,
    **kw: Any,
) -> Figure:
    srcs: list[str] = []
    for f in inputs:
        srcs += [s for s in f.sources if s not in srcs]
    kw.setdefault("bound", _combine_bound(*inputs))
    return Figure(
        name,
        label,
        unit,
        status,
        min(low, high),
        max(low, high),
        sources=tuple(srcs),
        method=method,
        **kw,
    )


def _scaled(f: Figure, factor: float) -> tuple[float, float]:
    assert f.low is not None and f.high is not None
    return f.low * factor, f.high * factor


# --------------------------------------------------------------------------- store reading
@dataclass(frozen=True)
class _Stated:
    value: float
    period: str
    start: date
    source: str
    bound: Bound
    note: str | None


_QUALIFIER = re.compile(r"qualifier:\s*(more_than|at_least|up_to)")


def _bound_of(note: str | None) -> Bound:
    """The transcription note states bounds as ``qualifier: more_than`` etc."""
    m = _QUALIFIER.search(note or "")
    if m:
        return m.group(1)  # type: ignore[return-value]
    return "about" if note and re.search(r"\bapproximate\b", note) else "exact"


class _Store:
    """All basin, river and country values, indexed by (entity_type, entity_id, indicator)."""

    def __init__(self, engine: Engine, year: int | None):
        self.year = year
        self.values: dict[tuple[str, str, str], list[_Stated]] = {}
        for etype in ("basin", "river", "country"):
            for v in query.indicator_values(engine, entity_type=etype):
                try:
                    start, _ = parse_period(v.period)
                except PeriodError:  # validated at build/import; never expected here
                    continue
                self.values.setdefault((etype, v.entity_id, v.indicator), []).append(
                    _Stated(v.value, v.period, start, str(v.source), _bound_of(v.note), v.note)
                )

    def pick(
        self, etype: str, eid: str, indicator: str, *, any_year: bool = False
    ) -> _Stated | None:
        """The value in force in the year (latest started by its end), or the latest at all."""
        cands = self.values.get((etype, eid, indicator), [])
        if self.year is not None and not any_year:
            last_day = date(self.year, 12, 31)
            cands = [c for c in cands if c.start <= last_day]
        return max(cands, key=lambda c: c.start, default=None)

    def figure(
        self,
        name: str,
        label: str,
        unit: str,
        etype: str,
        eid: str,
        code: str,
        *,
        scope: str | None = None,
        any_year: bool = False,
    ) -> Figure:
        """A stated point, or the ``_low``/``_high`` (or ``_from``/``_to``) range, or missing."""
        point = self.pick(etype, eid, code, any_year=any_year)
        if point is not None:
            return Figure(
                name,
                label,
                unit,
                "stated",
                point.value,
                point.value,
                point.bound,
                point.period,
                scope,
                (point.source,),
                note=point.note,
            )
        lo = self.pick(etype, eid, f"{code}_low", any_year=any_year)
        hi = self.pick(etype, eid, f"{code}_high", any_year=any_year)
        if lo is not None and hi is not None:
            srcs = tuple(dict.fromkeys((lo.source, hi.source)))
            bound: Bound = lo.bound if lo.bound == hi.bound else "about"
            return Figure(
                name,
                label,
                unit,
                "stated",
                lo.value,
                hi.value,
                bound,
                lo.period,
                scope,
                srcs,
                note=lo.note,
            )
        return _missing(name, label, unit, scope)


# --------------------------------------------------------------------------- options and results
@dataclass(frozen=True)
class ScenarioOptions:
    """Scenario parameters; ``None`` takes the stated default from the knowledge base."""

    consumption_growth_percent: float | None = None
    upstream_withdrawal_km3: float | None = None

    def checked(self) -> ScenarioOptions:
        g, u = self.consumption_growth_percent, self.upstream_withdrawal_km3
        if g is not None and not (math.isfinite(g) and g > -100.0):
            raise WaterBalanceError(f"consumption growth {g!r} % must be finite and > -100")
        if u is not None and not (math.isfinite(u) and u >= 0.0):
            raise WaterBalanceError(f"upstream withdrawal {u!r} km³ must be finite and >= 0")
        return self


@dataclass(frozen=True)
class Stress:
    """SDG 6.4.2 class of a load figure; a range of classes when the load is a range or bound."""

    basis: str
    low_class: StressClass
    high_class: StressClass

    @property
    def label(self) -> str:
        if self.low_class == self.high_class:
            return self.low_class
        return f"{self.low_class}..{self.high_class}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "class": self.label,
            "low_class": self.low_class,
            "high_class": self.high_class,
            "basis": self.basis,
            "thresholds_source": STRESS_SOURCE,
        }


def stress_of(load: Figure) -> Stress | None:
    """The class range of a load: an open bound reaches the next class or the top.

    >>> stress_of(Figure("l", "load", "percent", "stated", 100.0, 100.0, "more_than")).label
    'critical'
    >>> stress_of(Figure("l", "load", "percent", "stated", 75.0, 100.0)).label
    'high'
    """
    if load.low is None or load.high is None:
        return None
    low_c = stress_class(load.low)
    if load.bound in ("more_than",):
        low_c = stress_class(math.nextafter(load.low, math.inf))
    high_c: StressClass = (
        "critical" if load.bound in ("more_than", "at_least") else stress_class(load.high)
    )
    if load.bound == "up_to":
        low_c = "no_stress"
    return Stress(f"{load.status} {load.name}", low_c, high_c)


@dataclass(frozen=True)
class BasinBalance:
    basin_id: str
    name: str
    figures: tuple[Figure, ...]
    scenario: tuple[Figure, ...]
    stress: Stress | None
    scenario_stress: Stress | None
    notes: tuple[str, ...] = ()

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.figures if f.status == "missing")

    def figure(self, name: str, *, scenario: bool = False) -> Figure:
        for f in self.scenario if scenario else self.figures:
            if f.name == name:
                return f
        raise KeyError(name)

    def to_dict(self) -> dict[str, Any]:
        return {
            "basin_id": self.basin_id,
            "name": self.name,
            "figures": [f.to_dict() for f in self.figures],
            "stress": None if self.stress is None else self.stress.to_dict(),
            "scenario": [f.to_dict() for f in self.scenario],
            "scenario_stress": None
            if self.scenario_stress is None
            else self.scenario_stress.to_dict(),
            "missing": list(self.missing),
            "notes": list(self.notes),
        }


@dataclass(frozen=True)
class CountryBalance:
    country: str
    figures: tuple[Figure, ...]
    scenario: tuple[Figure, ...]
    notes: tuple[str, ...] = ()

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(f.name for f in (*self.figures, *self.scenario) if f.status == "missing")

    def figure(self, name: str, *, scenario: bool = False) -> Figure:
        for f in self.scenario if scenario else self.figures:
            if f.name == name:
                return f
        raise KeyError(name)

    def to_dict(self) -> dict[str, Any]:
        return {
            "country": self.country,
            "figures": [f.to_dict() for f in self.figures],
            "scenario": [f.to_dict() for f in self.scenario],
            "missing": list(self.missing),
            "notes": list(self.notes),
        }


@dataclass(frozen=True)
class ResolvedScenario:
    """The scenario actually run, with where each default came from."""

    consumption_growth: Figure
    upstream_withdrawal: Figure
    upstream_base: Figure

    def to_dict(self) -> dict[str, Any]:
        return {
            "consumption_growth_percent": self.consumption_growth.to_dict(),
            "upstream_withdrawal_km3": self.upstream_withdrawal.to_dict(),
            "upstream_base_km3": self.upstream_base.to_dict(),
        }


@dataclass(frozen=True)
class WaterBalanceReport:
    year: int | None
    scenario: ResolvedScenario
    basins: tuple[BasinBalance, ...]
    country: CountryBalance | None
    data_checksum: str
    notes: tuple[str, ...] = field(default_factory=tuple)

    def basin(self, basin_id: str) -> BasinBalance:
        for b in self.basins:
            if b.basin_id == basin_id:
                return b
        raise KeyError(basin_id)

    def to_dict(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "scenario": self.scenario.to_dict(),
            "stress_bands": {
                "bands_percent": {
                    "no_stress": [0, 25],
                    "low": [25, 50],
                    "medium": [50, 75],
                    "high": [75, 100],
                    "critical": [100, None],
                },
                "rule": "lower limit inclusive; 100 % is high, above 100 % critical",
                "source": STRESS_SOURCE,
                "applied_to": "economic load = withdrawal as % of resources (D:607); "
                "SDG 6.4.2 also subtracts environmental flows, so classes are lower bounds",
            },
            "basins": [b.to_dict() for b in self.basins],
            "country": None if self.country is None else self.country.to_dict(),
            "data_checksum": self.data_checksum,
            "notes": list(self.notes),
        }


# --------------------------------------------------------------------------- scenario defaults
_GROWTH, _UPSTREAM_FROM, _UPSTREAM_TO = _specs("""
consumption_growth_percent | growth of water consumption                                    | percent | water_consumption_growth_projected_percent
upstream_base_km3          | China's withdrawal from the Irtysh, start of the stated growth | km3     | china_withdrawal_from_km3
upstream_withdrawal_km3    | China's withdrawal from the Irtysh, end of the stated growth   | km3     | china_withdrawal_to_km3
""")


def _resolve_scenario(store: _Store, opts: ScenarioOptions) -> ResolvedScenario:
    """The user's values, else the stated ones (growth: KZ by 2040; upstream: the Irtysh)."""

    def pick(spec: _Spec, etype: str, eid: str, user: float | None) -> Figure:
        if user is None:
            return store.figure(*spec[:3], etype, eid, spec.code, any_year=True)
        return Figure(*spec[:3], "scenario", user, user, note="set by the user")

    return ResolvedScenario(
        pick(_GROWTH, "country", BORDER_COUNTRY, opts.consumption_growth_percent),
        pick(_UPSTREAM_TO, "river", "irtysh", opts.upstream_withdrawal_km3),
        pick(_UPSTREAM_FROM, "river", "irtysh", None),
    )


def _growth_factor(sc: ResolvedScenario) -> float | None:
    g = sc.consumption_growth
    return None if g.value is None else 1.0 + g.value / 100.0


def _upstream_delta(sc: ResolvedScenario) -> Figure | None:
    u, b = sc.upstream_withdrawal, sc.upstream_base
    if u.value is None or b.value is None:
        return None
    return _derive(
        "upstream_withdrawal_increase_km3",
        "increase of the upstream withdrawal",
        "km3",
        "scenario",
        [u, b],
        u.value - b.value,
        u.value - b.value,
        f"U − U₀ = {_fmt(u.value)} − {_fmt(b.value)}",
    )


# --------------------------------------------------------------------------- one basin
_BASIN_INPUTS = _specs("""
resources_km3_per_year          | water resources                  | km3_per_year | water_resources_km3_per_year
inflow_km3_per_year             | transboundary inflow             | km3_per_year | water_inflow_km3_per_year
inflow_from_russia_km3_per_year | inflow from Russia               | km3_per_year | water_inflow_from_russia_km3_per_year
withdrawal_km3_per_year         | water withdrawal                 | km3_per_year | water_withdrawal_km3_per_year
deficit_km3_per_year            | water deficit                    | km3_per_year | water_deficit_km3_per_year
economic_load_percent           | economic load on water resources | percent      | water_economic_load_percent
""")

# River figures that belong to a basin's balance (the dissertation's Irtysh figures).
_RIVER_INPUTS = _specs("""
kz_canal_withdrawal_km3             | Kazakhstan's withdrawal by the Irtysh–Karaganda canal | km3          | kz_canal_withdrawal_km3
upstream_withdrawal_from_km3        | China's withdrawal, start of the stated growth        | km3          | china_withdrawal_from_km3
upstream_withdrawal_to_km3          | China's withdrawal, end of the stated growth          | km3          | china_withdrawal_to_km3
upstream_canal_planned_km3_per_year | planned withdrawal of China's Karamay canal           | km3_per_year | china_canal_withdrawal_planned_km3_per_year
downstream_deficit_km3              | deficit on the Russian section (RF border to the Ob)  | km3          | water_deficit_km3
downstream_deficit_low_water_km3    | deficit in low-water years                            | km3          | water_deficit_low_water_years_km3
""")

TIME_UNIT_NOTE = "the source gives km³ without a time unit; read as a yearly volume"


def _basin_figures(store: _Store, basin_id: str, rivers: Sequence[str]) -> list[Figure]:
    figs = [store.figure(n, lbl, u, "basin", basin_id, code) for n, lbl, u, code in _BASIN_INPUTS]
    for river in rivers:
        for n, lbl, u, code in _RIVER_INPUTS:
            f = store.figure(n, lbl, u, "river", river, code, scope=f"river {river}")
            if f.status != "missing":
                figs.append(f)
    return figs


def _find(figs: Iterable[Figure], name: str) -> Figure | None:
    return next((f for f in figs if f.name == name and f.status != "missing"), None)


def _computed_basin(figs: Sequence[Figure]) -> list[Figure]:
    out: list[Figure] = []
    w, r = _find(figs, "withdrawal_km3_per_year"), _find(figs, "resources_km3_per_year")
    if w and r and r.low and r.high:
        assert w.low is not None and w.high is not None
        out.append(
            _derive(
                "economic_load_percent",
                "economic load on water resources",
                "percent",
                "computed",
                [w, r],
                100 * w.low / r.high,
                100 * w.high / r.low,
                "100 · withdrawal / resources",
            )
        )
    frm, to = _find(figs, "upstream_withdrawal_from_km3"), _find(figs, "upstream_withdrawal_to_km3")
    if frm and to and frm.value and to.value is not None:
        out.append(
            _derive(
                "upstream_withdrawal_growth_km3",
                "growth of China's withdrawal",
                "km3",
                "computed",
                [frm, to],
                to.value - frm.value,
                to.value - frm.value,
                f"{_fmt(to.value)} − {_fmt(frm.value)} (×{to.value / frm.value:.3g})",
                scope=to.scope,
                note=TIME_UNIT_NOTE,
            )
        )
    canal = _find(figs, "kz_canal_withdrawal_km3")
    if to and canal:
        assert canal.low is not None and canal.high is not None and to.value is not None
        out.append(
            _derive(
                "identified_upstream_withdrawals_km3",
                "withdrawals named upstream of the Russian border (China + KZ canal)",
                "km3",
                "computed",
                [to, canal],
                to.value + canal.low,
                to.value + canal.high,
                "China's withdrawal (end value) + Irtysh–Karaganda canal",
                scope=to.scope,
                note=f"only the withdrawals the sources name; {TIME_UNIT_NOTE}",
            )
        )
    return out


def _scenario_basin(
    figs: Sequence[Figure], sc: ResolvedScenario, has_upstream: bool
) -> tuple[list[Figure], list[str]]:
    out: list[Figure] = []
    notes: list[str] = []
    factor = _growth_factor(sc)
    g = sc.consumption_growth
    grow = f"× (1 + {_fmt(g.value)} %)"
    if factor is None:
        notes.append("consumption-growth scenario skipped: no growth figure")
    else:
        for name, label in (
            ("withdrawal_km3_per_year", "water withdrawal"),
            ("economic_load_percent", "economic load on water resources"),
            ("kz_canal_withdrawal_km3", "withdrawal by the Irtysh–Karaganda canal"),
        ):
            base = _find(figs, name)
            if base is None:
                continue
            lo, hi = _scaled(base, factor)
            out.append(
                _derive(
                    name,
                    label,
                    base.unit,
                    "scenario",
                    [base, g],
                    lo,
                    hi,
                    f"{base.status} {grow}; resources unchanged",
                    scope=base.scope,
                    bound=base.bound,
                )
            )
    delta = _upstream_delta(sc) if has_upstream else None
    if delta is not None:
        out.append(replace(delta, scope="river irtysh"))
        out.append(
            _derive(
                "inflow_change_km3",
                "change of the inflow from upstream (China)",
                "km3",
                "scenario",
                [delta],
                -(delta.low or 0.0),
                -(delta.low or 0.0),
                "−(U − U₀)",
                scope="river irtysh",
                note="assumes a one-to-one loss of flow entering Kazakhstan",
            )
        )
        infl = _find(figs, "inflow_km3_per_year")
        if infl:
            lo, hi = _scaled(infl, 1.0)
            out.append(
                _derive(
                    "inflow_km3_per_year",
                    "transboundary inflow",
                    infl.unit,
                    "scenario",
                    [infl, delta],
                    lo - (delta.low or 0.0),
                    hi - (delta.low or 0.0),
                    "inflow − (U − U₀)",
                )
            )
    ds = _find(figs, "downstream_deficit_km3")
    canal = _find(figs, "kz_canal_withdrawal_km3")
    if ds and ds.value is not None and (factor is not None or delta is not None):
        parts, inputs = [_fmt(ds.value)], [ds]
        lo = hi = ds.value
        if factor is not None and canal is not None:
            c_lo, c_hi = _scaled(canal, factor - 1.0)
            lo, hi = lo + c_lo, hi + c_hi
            parts.append(f"canal · {_fmt(g.value)} %")
            inputs += [canal, g]
        if delta is not None and delta.value is not None:
            lo, hi = lo + delta.value, hi + delta.value
            parts.append("(U − U₀)")
            inputs.append(delta)
        out.append(
            _derive(
                "downstream_deficit_km3",
                "deficit on the Russian section (RF border to the Ob)",
                "km3",
                "scenario",
                inputs,
                lo,
                hi,
                " + ".join(parts),
                scope=ds.scope,
                bound="at_least",
                note="extra withdrawals passed on one to one (no return flow, no regulation); only "
                "the withdrawals the sources name are grown, so the deficit is a lower bound",
            )
        )
    w, d = _find(figs, "withdrawal_km3_per_year"), _find(figs, "deficit_km3_per_year")
    if w and d and factor is not None:
        assert w.low is not None and w.high is not None and d.low is not None and d.high is not None
        up = delta.value if delta is not None and delta.value is not None else 0.0
        out.append(
            _derive(
                "deficit_km3_per_year",
                "water deficit",
                d.unit,
                "scenario",
                [w, d, g],
                d.low + w.low * (factor - 1.0) + up,
                d.high + w.high * (factor - 1.0) + up,
                "deficit + withdrawal · g + (U − U₀)",
            )
        )
    return out, notes


def _basin_balance(
    store: _Store, basin: Mapping[str, Any], rivers: Sequence[str], sc: ResolvedScenario, lang: str
) -> BasinBalance:
    bid = str(basin["basin_id"])
    stated = _basin_figures(store, bid, rivers)
    computed = _computed_basin(stated)
    # A computed figure replaces the "missing" row of the same name (e.g. the load).
    done = {f.name for f in computed}
    figs = [f for f in stated if not (f.status == "missing" and f.name in done)] + computed
    has_upstream = _find(stated, "upstream_withdrawal_from_km3") is not None
    scenario, notes = _scenario_basin(figs, sc, has_upstream)
    if not has_upstream:
        notes.append("upstream-withdrawal scenario not applicable: no stated upstream withdrawal")
    load = _find(computed, "economic_load_percent") or _find(stated, "economic_load_percent")
    s_load = _find(scenario, "economic_load_percent")
    for f in figs:
        if f.name == "economic_load_percent" and f.note and "southern part" in f.note:
            notes.append("the stated economic load covers only the southern part of the basin")
    return BasinBalance(
        basin_id=bid,
        name=str(basin.get(f"name_{lang}") or basin.get("name_en") or bid),
        figures=tuple(figs),
        scenario=tuple(scenario),
        stress=None if load is None else stress_of(load),
        scenario_stress=None if s_load is None else stress_of(s_load),
        notes=tuple(notes),
    )


# --------------------------------------------------------------------------- Kazakhstan
_COUNTRY_INPUTS = _specs("""
resources_km3                      | surface-water resources              | km3     | surface_water_resources_km3
formed_domestic_km3                | formed in Kazakhstan                 | km3     | surface_water_formed_domestic_km3
inflow_transboundary_km3           | inflow by transboundary rivers       | km3     | surface_water_inflow_transboundary_km3
inflow_transboundary_share_percent | share of the inflow in the resources | percent | surface_water_inflow_transboundary_share_percent
inflow_from_russia_km3             | inflow from Russia                   | km3     | surface_water_inflow_from_russia_km3
""")


def _ratio(
    name: str, label: str, num: Figure | None, den: Figure | None, what: str
) -> Figure | None:
    if not (num and den and num.value is not None and den.value):
        return None
    v = 100.0 * num.value / den.value
    return _derive(
        name,
        label,
        "percent",
        "computed",
        [num, den],
        v,
        v,
        f"100 · {what}",
        bound=_combine_bound(num, den),
    )


def _country_balance(store: _Store, sc: ResolvedScenario) -> CountryBalance:
    kz = BORDER_COUNTRY
    figs = [store.figure(n, lbl, u, "country", kz, code) for n, lbl, u, code in _COUNTRY_INPUTS]
    figs += [
        _missing("withdrawal_km3_per_year", "national water withdrawal", "km3_per_year"),
        _missing("economic_load_percent", "national economic load", "percent"),
    ]
    res, dom = _find(figs, "resources_km3"), _find(figs, "formed_domestic_km3")
    inf, ru = _find(figs, "inflow_transboundary_km3"), _find(figs, "inflow_from_russia_km3")
    computed: list[Figure] = []
    notes: list[str] = []
    if dom and inf and dom.value is not None and inf.value is not None:
        total = dom.value + inf.value
        computed.append(
            _derive(
                "resources_check_km3",
                "formed + inflow",
                "km3",
                "computed",
                [dom, inf],
                total,
                total,
                "formed + inflow",
            )
        )
        if res and res.value is not None and abs(total - res.value) > 0.05:
            notes.append(
                f"formed + inflow = {_fmt(total)} differs from the stated {_fmt(res.value)}"
            )
    for f in (
        _ratio(
            "inflow_share_computed_percent", "inflow / resources", inf, res, "inflow / resources"
        ),
        _ratio(
            "russia_share_of_inflow_percent",
            "inflow from Russia / transboundary inflow",
            ru,
            inf,
            "from Russia / inflow",
        ),
        _ratio(
            "russia_share_of_resources_percent",
            "inflow from Russia / resources",
            ru,
            res,
            "from Russia / resources",
        ),
    ):
        if f is not None:
            computed.append(f)
    figs += computed
    scenario: list[Figure] = []
    deficit = store.figure(
        "deficit_projected_km3_per_year",
        "projected water deficit",
        "km3_per_year",
        "country",
        kz,
        "water_deficit_projected_km3_per_year",
        any_year=True,
    )
    stated_g = store.figure(*_GROWTH[:3], "country", kz, _GROWTH.code, any_year=True)
    g = sc.consumption_growth
    scenario.append(g)
    if g.value is not None and stated_g.value is not None and g.value == stated_g.value:
        scenario.append(replace(deficit, note=(deficit.note or "") + " [stated with this growth]"))
        if res and res.value and deficit.high is not None:
            scenario.append(
                _derive(
                    "deficit_share_of_resources_percent",
                    "deficit / resources",
                    "percent",
                    "computed",
                    [deficit, res],
                    100 * deficit.high / res.value,
                    100 * deficit.high / res.value,
                    "100 · deficit / resources",
                )
            )
    else:
        scenario.append(
            _missing(
                "deficit_projected_km3_per_year",
                "projected water deficit",
                "km3_per_year",
                note="not computable for another growth: current consumption and supply are not in "
                "the knowledge base (only the stated deficit for the stated growth is)",
            )
        )
    delta = _upstream_delta(sc)
    if delta is not None and delta.value is not None:
        scenario.append(delta)
        for base, name, label in (
            (inf, "inflow_transboundary_km3", "inflow by transboundary rivers"),
            (res, "resources_km3", "surface-water resources"),
        ):
            if base is not None and base.value is not None:
                v = base.value - delta.value
                scenario.append(
                    _derive(
                        name,
                        label,
                        "km3",
                        "scenario",
                        [base, delta],
                        v,
                        v,
                        f"{_fmt(base.value)} − (U − U₀)",
                        note="one-to-one loss of the inflow from China",
                    )
                )
        s_inf, s_res = _find(scenario, "inflow_transboundary_km3"), _find(scenario, "resources_km3")
        share = _ratio(
            "inflow_share_computed_percent",
            "inflow / resources",
            s_inf,
            s_res,
            "inflow / resources",
        )
        if share is not None:
            scenario.append(replace(share, status="scenario"))
    return CountryBalance(kz, tuple(figs), tuple(scenario), tuple(notes))


# --------------------------------------------------------------------------- entry point
def water_balance(
    engine: Engine,
    *,
    basin_id: str | None = None,
    year: int | None = None,
    scenario: ScenarioOptions | None = None,
    lang: str = "en",
    include_country: bool = True,
) -> WaterBalanceReport:
    """Balance of every basin bordering Russia (or one), and of Kazakhstan, with the scenario.

    ``year`` selects, per figure, the value in force in that year (the latest whose period
    starts by its end); projections (growth by 2040, China's withdrawal growth) are scenario
    inputs and taken whatever the year.
    """
    if year is not None and not 1900 <= year <= 2100:
        raise WaterBalanceError(f"year {year} outside 1900-2100")
    opts = (scenario or ScenarioOptions()).checked()
    store = _Store(engine, year)
    basins = [b for b in query.table_rows(engine, "basins") if b.get("borders_russia")]
    known = [str(b["basin_id"]) for b in basins]
    if basin_id is not None and basin_id not in known:
        raise WaterBalanceError(f"unknown basin {basin_id!r}; basins bordering Russia: {known}")
    rivers = query.table_rows(engine, "rivers")
    sc = _resolve_scenario(store, opts)
    out = [
        _basin_balance(
            store,
            b,
            sorted(str(r["river_id"]) for r in rivers if r.get("basin_id") == b["basin_id"]),
            sc,
            lang,
        )
        for b in basins
        if basin_id is None or b["basin_id"] == basin_id
    ]
    country = _country_balance(store, sc) if include_country else None
    notes = (
        "per-basin resources, inflow and withdrawal are not in the knowledge base: the "
        "dissertation states them for Kazakhstan as a whole (D:588), not per basin",
    )
    return WaterBalanceReport(
        year, sc, tuple(out), country, read_meta(engine).get("data_checksum", ""), notes
    )
