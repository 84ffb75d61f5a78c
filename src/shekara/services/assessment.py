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
from dataclasses import dataclass, field, fields, replace
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
from shekara.services.snapshot import Snapshot, snapshot_for

PopulationBasis = Literal["city", "region"]
DistanceKind = Literal["great_circle", "matrix"]
COMPONENTS: tuple[str, ...] = ("gravity", "transport", "sez")


class AssessmentError(ValueError):
    """The assessment cannot be made with these options and this knowledge base."""


@dataclass(frozen=True)
class AssessmentOptions:
    """What the user chose. Defaults reproduce the article's method on current data.

    Options are checked once, when they are made: an ``AssessmentOptions`` that exists
    is valid (:class:`AssessmentError` otherwise), and ``day`` is the as-of day it
    resolves to. Faces build them with :meth:`from_text` from what they received;
    services trust them.

    >>> AssessmentOptions(as_of=2018).day
    datetime.date(2018, 12, 31)
    >>> AssessmentOptions.from_text(weights="gravity=2,sez=1").weights
    {'gravity': 2.0, 'sez': 1.0}
    >>> AssessmentOptions(normalise="max")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    shekara.services.assessment.AssessmentError: normalisation must be one of ...
    """

    as_of: int | str | date | None = None
    weights: Mapping[str, float] | None = None
    normalise: NormalisationMethod = "minmax"
    population_basis: PopulationBasis = "city"
    distance: DistanceKind = "great_circle"
    distance_matrix: Path | None = None
    distance_exponent: float = 1.0
    wait_hours: Mapping[str, float] | None = None
    speed_kmh: float = 60.0
    day: date = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        _check(self)
        try:
            object.__setattr__(self, "day", as_of_date(self.as_of))
        except ValueError as exc:
            raise AssessmentError(f"as-of date: {exc}") from None

    @classmethod
    def from_text(
        cls,
        *,
        as_of: int | str | date | None = None,
        weights: str | None = None,
        normalise: str = "minmax",
        population: str = "city",
        distance_matrix: Path | None = None,
        distance_exponent: float = 1.0,
        wait_hours: float | None = None,
        speed_kmh: float = 60.0,
    ) -> AssessmentOptions:
        """The one constructor of the faces (CLI flags, query parameters, report settings):
        weights as ``gravity=1,transport=1,sez=1``, one waiting time for every pair."""
        return cls(
            as_of=as_of,
            weights=parse_weights(weights),
            normalise=normalise,  # type: ignore[arg-type]
            population_basis=population,  # type: ignore[arg-type]
            distance="matrix" if distance_matrix else "great_circle",
            distance_matrix=distance_matrix,
            distance_exponent=distance_exponent,
            wait_hours={"*": wait_hours} if wait_hours is not None else None,
            speed_kmh=speed_kmh,
        )

    def checked(self) -> AssessmentOptions:
        """The options themselves (they are checked when made; kept for older callers)."""
        return self

    def as_dict(self) -> dict[str, Any]:
        """The options as plain JSON values (what a result records to be re-run)."""
        opts = {f.name: getattr(self, f.name) for f in fields(self) if f.init}
        opts["distance_matrix"] = str(self.distance_matrix) if self.distance_matrix else None
        opts["weights"] = dict(self.weights) if self.weights else None
        opts["wait_hours"] = dict(self.wait_hours) if self.wait_hours else None
        return opts


def _check(o: AssessmentOptions) -> None:
    if o.normalise not in get_args(NormalisationMethod):
        raise AssessmentError(f"normalisation must be one of {get_args(NormalisationMethod)}")
    if o.population_basis not in get_args(PopulationBasis):
        raise AssessmentError(f"population basis must be one of {get_args(PopulationBasis)}")
    if o.distance not in get_args(DistanceKind):
        raise AssessmentError(f"distance must be one of {get_args(DistanceKind)}")
    if o.distance == "matrix" and o.distance_matrix is None:
        raise AssessmentError("distance 'matrix' needs a distance matrix file")
    if o.weights is not None:
        unknown = set(o.weights) - set(COMPONENTS)
        if unknown:
            raise AssessmentError(
                f"unknown weight(s) {sorted(unknown)}; use {', '.join(COMPONENTS)}"
            )
        if any(not math.isfinite(w) or w < 0 for w in o.weights.values()):
            raise AssessmentError("weights must be finite and non-negative")
        if sum(o.weights.values()) <= 0:
            raise AssessmentError("at least one weight must be positive")


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


def _zones_by_region(snap: Snapshot) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for z in snap.zones:
        out.setdefault(z["region_id"], []).append(z["zone_id"])
    return out


def _links_by_pair(snap: Snapshot) -> dict[tuple[str, str], list[dict[str, Any]]]:
    """Operating links by (pair, mode) known by the as-of year (``observed`` <= year)."""
    out: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for link in snap.links:
        if link["status"] == "operating":
            out.setdefault((link["pair_id"], link["mode"]), []).append(link)
    return out


def _options_key(options: AssessmentOptions) -> str:
    """A hashable key of the options, the as-of day left out (a snapshot is one day)."""
    return repr(replace(options, as_of=None))


def gather_inputs(
    engine: Engine,
    options: AssessmentOptions,
    lang: query.Lang = "en",
    *,
    snapshot: Snapshot | None = None,
) -> list[PairInputs]:
    """Collect every pair's inputs from the store, with their sources.

    With a *snapshot* the rows come from it and the result is kept in it.
    """
    snap = snapshot_for(engine, options.day, lang, snapshot)
    return snap.memo(("inputs", _options_key(options)), lambda: _gather(snap, options))


def _gather(snap: Snapshot, options: AssessmentOptions) -> list[PairInputs]:
    day, pairs, regions, places = snap.day, snap.pairs, snap.regions, snap.places
    if not pairs:
        raise AssessmentError(f"no bordering pairs are in force on {day.isoformat()}")
    ind = "population_city" if options.population_basis == "city" else "population"
    pops = snap.memo(
        ("latest", ind), lambda: query.latest_values(snap.engine, ind, as_of=day, nearest=True)
    )
    zones = _zones_by_region(snap)
    links = _links_by_pair(snap)
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
            sources.append(f"assumption:wait={wait}h@{options.speed_kmh}km/h")
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
    engine: Engine,
    options: AssessmentOptions | None = None,
    lang: query.Lang = "en",
    *,
    snapshot: Snapshot | None = None,
) -> Assessment:
    """Rank the pairs in force on the as-of date by composite cooperation potential.

    With a *snapshot* the assessment is computed once per snapshot and options.
    """
    options = options or AssessmentOptions()
    snap = snapshot_for(engine, options.day, lang, snapshot)
    return snap.memo(("assess", _options_key(options)), lambda: _assess(snap, options))


def _assess(snap: Snapshot, options: AssessmentOptions) -> Assessment:
    inputs = gather_inputs(snap.engine, options, snap.lang, snapshot=snap)
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
    day = snap.day
    if any(int(p[:4]) > day.year for per in periods for p in per.split("|")):
        notes.append(
            f"No population figure by {day.year} in the knowledge base; the nearest later one "
            f"({', '.join(sorted(periods))}) was used."
        )
    opts = options.as_dict()
    return Assessment(
        as_of=day.isoformat(),
        weights=weights,
        normalise=options.normalise,
        options=opts,
        pairs=pairs,
        data_checksum=snap.data_checksum,
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
    snapshot: Snapshot | None = None,
) -> SensitivityReport:
    """Rank uncertainty: weights ~ Dirichlet(alpha), populations with a relative (lognormal) error.

    Seeded and reproducible: the same seed gives the same distributions.
    """
    from shekara.methods.sensitivity import rank_sensitivity

    options = options or AssessmentOptions()
    if draws < 1:
        raise AssessmentError("draws must be at least 1")
    inputs = gather_inputs(engine, options, lang, snapshot=snapshot)
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
        as_of=options.day.isoformat(),
        draws=draws,
        seed=seed,
        alpha=alpha,
        population_rel_sd=population_rel_sd,
        top_k=top_k,
        data_checksum=data_checksum(engine),
        pairs=pairs,
    )
