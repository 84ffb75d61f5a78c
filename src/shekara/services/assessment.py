"""Assessment of cooperation potential: gather inputs from the store, call the methods, carry sources.

This is the one place where the CLI, the API, the dashboard and the report get
their numbers from. Inputs come from the knowledge base as of a date:

* populations of the admin-centre cities (indicator ``population_city``; with
  ``population_basis="region"`` the regions' ``population``) — the latest value by
  the as-of date, or the nearest later one when none exists yet (the period used
  is reported per pair);
* great-circle distances between the centres' coordinates, or a user-supplied
  distance matrix (road km or hours), optionally with checkpoint waiting time
  converted to km (effective distance);
* the transport-link and economic-zone registries → transport and SEZ scores.

Example:
    >>> import tempfile, pathlib
    >>> from shekara.kb.store import build, make_engine
    >>> url = f"sqlite:///{pathlib.Path(tempfile.mkdtemp()) / 'kb.sqlite'}"
    >>> _ = build(url)
    >>> result = assess(make_engine(url), AssessmentOptions(as_of=2018))
    >>> best = result.pairs[0]
    >>> best.rank, best.pair_id, best.transport_score, best.sez_score
    (1, 'KZ-27:RU-SAM', 50.0, 50.0)
"""

from __future__ import annotations

import csv
import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal, get_args

import numpy as np
from sqlalchemy.engine import Engine

from shekara.kb import query
from shekara.kb.periods import as_of_date
from shekara.kb.store import read_meta
from shekara.methods.geo import haversine_km
from shekara.methods.gravity import effective_distance_km, gravity_index
from shekara.methods.potential import NormalisationMethod, assess_potential
from shekara.methods.scores import sez_pair_scores

PopulationBasis = Literal["city", "region"]
DistanceKind = Literal["great_circle", "matrix"]
COMPONENTS: tuple[str, ...] = ("gravity", "transport", "sez")


class AssessmentError(ValueError):
    """The assessment cannot be made with these options and this knowledge base."""


@dataclass(frozen=True)
class AssessmentOptions:
    """What the user chose. Defaults reproduce the article's method on current data."""

    as_of: int | str | None = None
    weights: Mapping[str, float] | None = None
    normalise: NormalisationMethod = "minmax"
    population_basis: PopulationBasis = "city"
    distance: DistanceKind = "great_circle"
    distance_matrix: Path | None = None
    distance_exponent: float = 1.0
    wait_hours: Mapping[str, float] | None = None
    speed_kmh: float = 60.0
    #: Source of each pair's wait (pair id → citation); pairs not in it cite the assumption.
    wait_sources: Mapping[str, str] | None = None

    def checked(self) -> AssessmentOptions:
        if self.normalise not in get_args(NormalisationMethod):
            raise AssessmentError(f"normalisation must be one of {get_args(NormalisationMethod)}")
        if self.population_basis not in get_args(PopulationBasis):
            raise AssessmentError(f"population basis must be one of {get_args(PopulationBasis)}")
        if self.distance not in get_args(DistanceKind):
            raise AssessmentError(f"distance must be one of {get_args(DistanceKind)}")
        if self.distance == "matrix" and self.distance_matrix is None:
            raise AssessmentError("distance 'matrix' needs a distance matrix file")
        if self.weights is not None:
            unknown = set(self.weights) - set(COMPONENTS)
            if unknown:
                raise AssessmentError(
                    f"unknown weight(s) {sorted(unknown)}; use {', '.join(COMPONENTS)}"
                )
            if any(not math.isfinite(w) or w < 0 for w in self.weights.values()):
                raise AssessmentError("weights must be finite and non-negative")
            if sum(self.weights.values()) <= 0:
                raise AssessmentError("at least one weight must be positive")
        return self


@dataclass(frozen=True)
class PairInputs:
    """Everything the methods need for one pair, with the sources it came from."""

    pair_id: str
    kz_region: str
    ru_region: str
    kz_name: str
    ru_name: str
    kz_centre: str
    ru_centre: str
    pop_kz: float
    pop_ru: float
    pop_period: str
    distance: float
    distance_unit: str
    rail_score: float
    road_score: float
    kz_zones: tuple[str, ...]
    ru_zones: tuple[str, ...]
    sources: tuple[str, ...]


@dataclass(frozen=True)
class PairAssessment:
    """The assessed pair: inputs, component scores, composite potential and rank."""

    pair_id: str
    kz_region: str
    ru_region: str
    gravity: float
    transport_score: float
    rail_score: float
    road_score: float
    sez_score: float
    potential: float
    rank: int
    normalised: dict[str, float]
    inputs: PairInputs

    def to_dict(self) -> dict[str, Any]:
        return {
            "pair_id": self.pair_id,
            "kz_region": self.kz_region,
            "ru_region": self.ru_region,
            "gravity": self.gravity,
            "transport_score": self.transport_score,
            "sez_score": self.sez_score,
            "potential": self.potential,
            "rank": self.rank,
            "rail_score": self.rail_score,
            "road_score": self.road_score,
            "normalised": self.normalised,
            "population_kz": self.inputs.pop_kz,
            "population_ru": self.inputs.pop_ru,
            "population_period": self.inputs.pop_period,
            "distance": self.inputs.distance,
            "distance_unit": self.inputs.distance_unit,
            "kz_zones": list(self.inputs.kz_zones),
            "ru_zones": list(self.inputs.ru_zones),
            "sources": list(self.inputs.sources),
        }


@dataclass(frozen=True)
class Assessment:
    """The ranked pairs plus everything needed to re-run and cite the result."""

    as_of: str
    weights: dict[str, float]
    normalise: str
    options: dict[str, Any]
    pairs: tuple[PairAssessment, ...]
    data_checksum: str
    method: str = (
        "gravity = P_kz·P_ru/d^γ (P in thousands, d in thousands of km); transport = mean of the "
        "railway and international-motorway scores (0/100 each); SEZ = 50·[KZ zone] + 50·[RU zone]; "
        "components normalised over the pairs and combined with the weights; rank 1 = highest"
    )
    notes: tuple[str, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of,
            "weights": self.weights,
            "normalise": self.normalise,
            "options": self.options,
            "method": self.method,
            "data_checksum": self.data_checksum,
            "notes": list(self.notes),
            "pairs": [p.to_dict() for p in self.pairs],
        }


# --------------------------------------------------------------------------- inputs
def parse_weights(text: str | None) -> dict[str, float] | None:
    """Parse ``gravity=1,transport=1,sez=1``.

    >>> parse_weights("gravity=2, sez=1")
    {'gravity': 2.0, 'sez': 1.0}
    >>> parse_weights("gravity")
    Traceback (most recent call last):
    ...
    shekara.services.assessment.AssessmentError: weights must look like gravity=1,transport=1,sez=1; got 'gravity'
    """
    if text is None or not text.strip():
        return None
    out: dict[str, float] = {}
    for part in text.split(","):
        name, sep, value = part.partition("=")
        try:
            if not sep:
                raise ValueError
            out[name.strip()] = float(value)
        except ValueError:
            raise AssessmentError(
                f"weights must look like gravity=1,transport=1,sez=1; got {part.strip()!r}"
            ) from None
    return out


def read_distance_matrix(path: Path) -> dict[str, tuple[float, str]]:
    """Read a user distance file with columns ``pair_id,distance,unit`` (unit ``km`` or ``hours``)."""
    if not path.exists():
        raise AssessmentError(f"distance matrix {path} does not exist")
    out: dict[str, tuple[float, str]] = {}
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        if reader.fieldnames is None or not {"pair_id", "distance"} <= set(reader.fieldnames):
            raise AssessmentError(f"{path.name}: needs columns pair_id,distance[,unit]")
        for i, row in enumerate(reader, start=2):
            unit = (row.get("unit") or "km").strip()
            if unit not in ("km", "hours"):
                raise AssessmentError(f"{path.name}:{i} [unit]: must be km or hours, not {unit!r}")
            try:
                d = float(row["distance"])
            except ValueError:
                raise AssessmentError(
                    f"{path.name}:{i} [distance]: not a number: {row['distance']!r}"
                ) from None
            if not d > 0:
                raise AssessmentError(f"{path.name}:{i} [distance]: must be > 0")
            out[row["pair_id"].strip()] = (d, unit)
    return out


def _zones_by_region(engine: Engine, day: date) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for z in query.table_rows(engine, "zones"):
        vf, vt, obs = z["valid_from"], z["valid_to"], z["observed"]
        if vf is not None and vf > day:
            continue
        if vt is not None and vt < day:
            continue
        if vf is None and obs is not None and obs > day.year:
            continue
        out.setdefault(z["region_id"], []).append(z["zone_id"])
    return out


def _links_by_pair(engine: Engine, day: date) -> dict[tuple[str, str], list[dict[str, Any]]]:
    """Operating links by (pair, mode) known by the as-of year (``observed`` <= year)."""
    out: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for link in query.table_rows(engine, "transport_links"):
        if link["status"] != "operating":
            continue
        if link["observed"] is not None and link["observed"] > day.year:
            continue
        out.setdefault((link["pair_id"], link["mode"]), []).append(link)
    return out


def gather_inputs(
    engine: Engine, options: AssessmentOptions, lang: query.Lang = "en"
) -> list[PairInputs]:
    """Collect every pair's inputs from the store, with their sources."""
    options = options.checked()
    day = as_of_date(options.as_of)
    pairs = query.pairs(engine, as_of=day, lang=lang)
    if not pairs:
        raise AssessmentError(f"no bordering pairs are in force on {day.isoformat()}")
    regions = {r.region_id: r for r in query.regions(engine, as_of=day, lang=lang)}
    places = {p.place_id: p for p in query.places(engine, lang=lang)}
    if options.population_basis == "city":
        pops = query.latest_values(engine, "population_city", as_of=day, nearest=True)
    else:
        pops = query.latest_values(engine, "population", as_of=day, nearest=True)
    zones = _zones_by_region(engine, day)
    links = _links_by_pair(engine, day)
    matrix = (
        read_distance_matrix(options.distance_matrix)
        if options.distance == "matrix" and options.distance_matrix is not None
        else {}
    )
    out: list[PairInputs] = []
    for p in pairs:
        kz, ru = regions[p.kz_region], regions[p.ru_region]
        if kz.admin_centre is None or ru.admin_centre is None:
            raise AssessmentError(f"{p.pair_id}: an admin centre is missing")
        ckz, cru = places[kz.admin_centre], places[ru.admin_centre]
        key_kz = ckz.place_id if options.population_basis == "city" else kz.region_id
        key_ru = cru.place_id if options.population_basis == "city" else ru.region_id
        missing = [k for k in (key_kz, key_ru) if k not in pops]
        if missing:
            ind = "population_city" if options.population_basis == "city" else "population"
            raise AssessmentError(
                f"{p.pair_id}: no value of '{ind}' for {', '.join(missing)}; import one with "
                "'shekara data import' (the knowledge base has no sourced figure)"
            )
        vkz, vru = pops[key_kz], pops[key_ru]
        sources = [str(p.source), str(vkz.source), str(vru.source)]
        if options.distance == "matrix":
            if p.pair_id not in matrix:
                raise AssessmentError(
                    f"{p.pair_id}: not in the distance matrix {options.distance_matrix}"
                )
            dist, unit = matrix[p.pair_id]
            sources.append(f"user:{options.distance_matrix}")
        else:
            if None in (ckz.lat, ckz.lon, cru.lat, cru.lon):
                raise AssessmentError(f"{p.pair_id}: coordinates of an admin centre are missing")
            dist = float(haversine_km(ckz.lat, ckz.lon, cru.lat, cru.lon))  # type: ignore[arg-type]
            unit = "km"
            sources += [str(ckz.source), str(cru.source)]
        if options.wait_hours is not None:
            wait = options.wait_hours.get(p.pair_id, options.wait_hours.get("*", 0.0))
            if unit != "km":
                raise AssessmentError("waiting time can only be added to a distance in km")
            dist = float(effective_distance_km(dist, wait, options.speed_kmh)[0])
            cited = (options.wait_sources or {}).get(p.pair_id)
            sources.append(cited or f"assumption:wait={wait}h@{options.speed_kmh}km/h")
        rail = links.get((p.pair_id, "rail"), [])
        road = links.get((p.pair_id, "intl_road"), [])
        for link in rail + road:
            sources.append(f"{link['source_id']}:{link['locator']}")
        kz_z, ru_z = tuple(zones.get(kz.region_id, [])), tuple(zones.get(ru.region_id, []))
        out.append(
            PairInputs(
                pair_id=p.pair_id,
                kz_region=kz.region_id,
                ru_region=ru.region_id,
                kz_name=p.kz_name,
                ru_name=p.ru_name,
                kz_centre=ckz.name,
                ru_centre=cru.name,
                pop_kz=vkz.value,
                pop_ru=vru.value,
                pop_period=vkz.period if vkz.period == vru.period else f"{vkz.period}|{vru.period}",
                distance=dist,
                distance_unit=unit,
                rail_score=100.0 if rail else 0.0,
                road_score=100.0 if road else 0.0,
                kz_zones=kz_z,
                ru_zones=ru_z,
                sources=tuple(dict.fromkeys(sources)),
            )
        )
    return out


# --------------------------------------------------------------------------- assessment
def component_arrays(
    inputs: Sequence[PairInputs], options: AssessmentOptions
) -> dict[str, np.ndarray[Any, np.dtype[np.float64]]]:
    """The three component columns (one value per pair, input order)."""
    scale = "hours" if inputs and inputs[0].distance_unit == "hours" else "thousands_km"
    gravity = gravity_index(
        [i.pop_kz for i in inputs],
        [i.pop_ru for i in inputs],
        [i.distance for i in inputs],
        distance_exponent=options.distance_exponent,
        distance_scale=scale,  # type: ignore[arg-type]
    )
    transport = np.array([(i.rail_score + i.road_score) / 2 for i in inputs], dtype=np.float64)
    sez = sez_pair_scores([bool(i.kz_zones) for i in inputs], [bool(i.ru_zones) for i in inputs])
    return {"gravity": gravity, "transport": transport, "sez": sez.astype(np.float64)}


def effective_weights(options: AssessmentOptions) -> dict[str, float]:
    """User weights (missing components weigh 0) or equal weights, normalised to sum 1."""
    raw = dict(options.weights) if options.weights else dict.fromkeys(COMPONENTS, 1.0)
    raw = {c: float(raw.get(c, 0.0)) for c in COMPONENTS}
    total = sum(raw.values())
    return {c: w / total for c, w in raw.items()}


def data_checksum(engine: Engine) -> str:
    return read_meta(engine).get("data_checksum", "")


def assess(
    engine: Engine, options: AssessmentOptions | None = None, lang: query.Lang = "en"
) -> Assessment:
    """Rank the pairs in force on the as-of date by composite cooperation potential."""
    options = (options or AssessmentOptions()).checked()
    inputs = gather_inputs(engine, options, lang)
    cols = component_arrays(inputs, options)
    weights = effective_weights(options)
    result = assess_potential([i.pair_id for i in inputs], cols, weights, options.normalise)
    by_id = {i.pair_id: i for i in inputs}
    k = {i.pair_id: n for n, i in enumerate(inputs)}
    pairs = tuple(
        PairAssessment(
            pair_id=pp.pair_id,
            kz_region=by_id[pp.pair_id].kz_name,
            ru_region=by_id[pp.pair_id].ru_name,
            gravity=float(cols["gravity"][k[pp.pair_id]]),
            transport_score=float(cols["transport"][k[pp.pair_id]]),
            rail_score=by_id[pp.pair_id].rail_score,
            road_score=by_id[pp.pair_id].road_score,
            sez_score=float(cols["sez"][k[pp.pair_id]]),
            potential=pp.score,
            rank=pp.rank,
            normalised=dict(pp.normalised),
            inputs=by_id[pp.pair_id],
        )
        for pp in result.ranked()
    )
    notes = []
    periods = {i.pop_period for i in inputs}
    day = as_of_date(options.as_of)
    if any(int(p[:4]) > day.year for per in periods for p in per.split("|")):
        notes.append(
            f"No population figure by {day.year} in the knowledge base; the nearest later one "
            f"({', '.join(sorted(periods))}) was used."
        )
    opts = asdict(options)
    opts["distance_matrix"] = str(options.distance_matrix) if options.distance_matrix else None
    opts["weights"] = dict(options.weights) if options.weights else None
    opts["wait_hours"] = dict(options.wait_hours) if options.wait_hours else None
    opts["wait_sources"] = dict(options.wait_sources) if options.wait_sources else None
    return Assessment(
        as_of=day.isoformat(),
        weights=weights,
        normalise=options.normalise,
        options=opts,
        pairs=pairs,
        data_checksum=data_checksum(engine),
        notes=tuple(notes),
    )


# --------------------------------------------------------------------------- sensitivity
@dataclass(frozen=True)
class SensitivityReport:
    """Monte-Carlo rank distributions of the pairs (see :func:`sensitivity`)."""

    as_of: str
    draws: int
    seed: int
    alpha: float
    population_rel_sd: float
    top_k: int
    data_checksum: str
    pairs: tuple[dict[str, Any], ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of,
            "draws": self.draws,
            "seed": self.seed,
            "alpha": self.alpha,
            "population_rel_sd": self.population_rel_sd,
            "top_k": self.top_k,
            "data_checksum": self.data_checksum,
            "pairs": list(self.pairs),
        }


def sensitivity(
    engine: Engine,
    options: AssessmentOptions | None = None,
    *,
    draws: int = 10_000,
    seed: int = 1,
    alpha: float = 1.0,
    population_rel_sd: float = 0.05,
    top_k: int = 3,
    lang: query.Lang = "en",
) -> SensitivityReport:
    """Rank uncertainty: weights ~ Dirichlet(alpha), populations with a relative (lognormal) error.

    Seeded and reproducible: the same seed gives the same distributions.
    """
    from shekara.methods.sensitivity import rank_sensitivity

    options = (options or AssessmentOptions()).checked()
    if draws < 1:
        raise AssessmentError("draws must be at least 1")
    inputs = gather_inputs(engine, options, lang)
    cols = component_arrays(inputs, options)
    n = len(inputs)
    populations = [i.pop_kz for i in inputs] + [i.pop_ru for i in inputs]
    scale = "hours" if inputs[0].distance_unit == "hours" else "thousands_km"
    result = rank_sensitivity(
        [i.pair_id for i in inputs],
        populations,
        list(range(n)),
        list(range(n, 2 * n)),
        [i.distance for i in inputs],
        {"transport": cols["transport"], "sez": cols["sez"]},
        seed=seed,
        n_draws=draws,
        alpha=alpha,
        base_weights=effective_weights(options),
        population_rel_sd=population_rel_sd,
        normalisation=options.normalise,
        distance_exponent=options.distance_exponent,
        distance_scale=scale,  # type: ignore[arg-type]
        gravity_name="gravity",
        top_k=top_k,
    )
    names = {i.pair_id: (i.kz_name, i.ru_name) for i in inputs}
    pairs = tuple(
        {
            "pair_id": p.pair_id,
            "kz_region": names[p.pair_id][0],
            "ru_region": names[p.pair_id][1],
            "base_rank": p.base_rank,
            "mean_rank": p.mean_rank,
            "median_rank": p.median_rank,
            "rank_p05": p.rank_p05,
            "rank_p95": p.rank_p95,
            "prob_top_k": p.prob_top_k,
            "rank_counts": list(p.rank_counts),
        }
        for p in sorted(result.pairs, key=lambda p: (p.base_rank, p.pair_id))
    )
    return SensitivityReport(
        as_of=as_of_date(options.as_of).isoformat(),
        draws=draws,
        seed=seed,
        alpha=alpha,
        population_rel_sd=population_rel_sd,
        top_k=top_k,
        data_checksum=data_checksum(engine),
        pairs=pairs,
    )
