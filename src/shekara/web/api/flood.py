"""Flood-season endpoints under ``/api/flood``: the CLI's ``shekara flood`` over HTTP.

* ``GET  /network`` — the four basins' nodes and reaches (``?lang=``);
* ``POST /bulletins`` — a side's daily bulletin (CSV, Excel or WaterML 2.0), token required,
  all or nothing, audited with the token's name; a refusal is a 422 problem whose
  ``findings`` name every bad row with its ``FLX…`` code;
* ``GET  /bulletins`` — export (``?format=csv|xlsx|xml&from=&to=``);
* ``GET  /status`` — what arrived per post/reservoir and day;
* ``POST /route`` — route a hydrograph through a reach, a chain or a reservoir;
* ``GET  /forecast`` — forecast at every post; ``GET /reservoir-plan``; ``GET /bulletin``
  (HTML or PDF, ``?lang=``).

Forecasts are cached per store fingerprint and parameters (a run takes about a second).
"""

from __future__ import annotations

import re
import tempfile
import threading
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from shekara.services.flood.exchange import ImportOutcome
from shekara.services.flood.forecast import NetworkForecast
from shekara.services.flood.network import NetworkView, load_network
from shekara.services.flood.outlook_network import NetworkOutlook
from shekara.services.flood.outlook_results import FuldaOutlook, FuldaVerification
from shekara.services.flood.plan import ReservoirPlan, reservoir_plan
from shekara.services.flood.routecmd import RoutedHydrograph, RouteRequest, route_hydrograph
from shekara.services.flood.status import ExchangeStatus, exchange_status
from shekara.web.api.common import State
from shekara.web.api.downloads import BomQ, csv_response, entity_names
from shekara.web.api.imports import read_upload
from shekara.web.auth import Writer
from shekara.web.params import Lang
from shekara.web.problems import ProblemError, problem_responses, refusals_as_problems
from shekara.web.state import WebState

router = APIRouter(prefix="/flood", tags=["flood"])
DAY_PATTERN = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_DATE_SCHEMA: dict[str, Any] = {"anyOf": [{"type": "string", "format": "date"}, {"type": "null"}]}
Day = Annotated[
    str | None,
    Query(
        max_length=10,
        json_schema_extra=_DATE_SCHEMA,
        description="Last bulletin day YYYY-MM-DD (default: the latest).",
    ),
]
From = Annotated[
    str | None,
    Query(
        alias="from",
        max_length=10,
        json_schema_extra=_DATE_SCHEMA,
        description="First day YYYY-MM-DD.",
    ),
]
To = Annotated[
    str | None,
    Query(
        alias="to",
        max_length=10,
        json_schema_extra=_DATE_SCHEMA,
        description="Last day YYYY-MM-DD.",
    ),
]


def _day(text: str | None) -> date | None:
    """A query day; a 422 problem for an impossible date such as 2026-02-30."""
    if text is None:
        return None
    try:
        if not DAY_PATTERN.fullmatch(text):
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError:
        raise ProblemError(422, "invalid-parameters", f"{text!r} is not a calendar day") from None


_LOCK = threading.Lock()
MEDIA = {"csv": "text/csv", "xml": "application/xml",
         "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}  # fmt: skip


def cached_forecast(
    state: WebState, as_of: date | None = None, horizon: int = 10, members: int = 30, seed: int = 1
) -> Any:
    """(inputs, forecast) for the store as it is now; a 404 problem when no bulletin is stored."""
    from shekara.services.flood.forecast import ForecastError, network_forecast, prepare

    def compute() -> Any:
        fi = prepare(state.engine, horizon=horizon, as_of=as_of)
        return fi, network_forecast(state.engine, inputs=fi, members=members, seed=seed)

    key = ("flood-forecast", as_of, horizon, members, seed)
    return refusals_as_problems(lambda: state.cached(key, compute), ForecastError, lambda _: True)


@router.get("/network", summary="The four basins: nodes and reaches in downstream order")
def get_network(lang: Lang = "en") -> NetworkView:
    return load_network().view(lang)


@router.post(
    "/bulletins",
    summary="Import a daily bulletin (token required)",
    responses=problem_responses(401, 403, 413, 415, 422),
)
async def post_bulletin(
    request: Request, state: State, actor: Writer,
    dry_run: Annotated[bool, Query(description="Check only; write nothing.")] = False,
    filename: Annotated[str | None, Query(max_length=200, description="Name of the uploaded file.")] = None,
) -> ImportOutcome:  # fmt: skip
    """Post and reservoir values of one side, all or nothing, audited with the token's name."""
    name, data = await _upload(request, filename)
    return await run_in_threadpool(_import, state, name, data, dry_run, actor)


async def _upload(request: Request, filename: str | None) -> tuple[str, bytes]:
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media in ("application/xml", "text/xml"):
        body = await request.body()
        stem = Path(filename or "bulletin").stem or "bulletin"
        return f"{stem}.xml", body
    return await read_upload(request, filename)


def _import(state: WebState, name: str, data: bytes, dry_run: bool, actor: str) -> ImportOutcome:
    from shekara.services.flood.exchange import BulletinRefused, import_bulletin

    with tempfile.TemporaryDirectory(prefix="shekara-flood-") as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        try:
            with _LOCK:
                rep = import_bulletin(state.engine, path, actor=actor, dry_run=dry_run)
        except BulletinRefused as exc:
            raise ProblemError(422, "data-refused", f"bulletin refused, nothing written: {len(exc.problems)} problem(s)",
                               findings=[p.to_finding() for p in exc.problems]) from None  # fmt: skip
    if not dry_run:
        state.invalidate()
    return ImportOutcome(**vars(rep), dry_run=dry_run, actor=actor)


@router.get(
    "/export",
    summary="Export stored bulletins (CSV, Excel or WaterML 2.0)",
    response_class=Response,
    responses={200: {"content": {m: {} for m in MEDIA.values()}}, **problem_responses(422)},
)
def get_export(
    state: State,
    fmt: Annotated[Literal["csv", "xlsx", "xml"], Query(alias="format")] = "xml",
    start_day: From = None,
    end_day: To = None,
    lang: Lang = "en",
    bom: BomQ = False,
) -> Response:
    """The stored bulletins; a CSV also names each post or reservoir and unit in ``lang``,
    writes numbers plainly and starts with the UTF-8 BOM for Excel when ``bom=1`` (the
    bulletin import reads it back: it ignores the name columns)."""
    from shekara.services.flood.exchange import stored_rows, write_table

    rows = stored_rows(state.engine, start=_day(start_day), end=_day(end_day))
    if fmt == "csv":
        return bulletin_csv(state, rows, lang, bom)
    with tempfile.TemporaryDirectory(prefix="shekara-flood-") as tmp:
        path = write_table(rows, Path(tmp) / f"bulletins.{fmt}")
        body = path.read_bytes()
    headers = {"Content-Disposition": f'attachment; filename="bulletins.{fmt}"'}
    return Response(body, media_type=MEDIA[fmt], headers=headers)


def bulletin_csv(state: WebState, rows: list[Any], lang: str, bom: bool) -> Response:
    """The bulletin exchange's CSV columns with a name after the node and the unit."""
    from shekara.kb.query import check_lang, unit_labels
    from shekara.services.flood.exchange import QUANTITIES

    lg = check_lang(lang)
    nodes = entity_names(state.engine, lg)
    units = unit_labels(state.engine, lg)
    header = ("side", "node_id", "node_name", "day", "quantity", "value", "unit", "unit_name",
              "exercise")  # fmt: skip
    table = []
    for r in rows:
        unit = QUANTITIES[r.quantity][1]
        node = nodes.get(("node", r.node_id), "")
        table.append((r.side, r.node_id, node, r.day.isoformat(), r.quantity, r.value, unit,
                      units.get(unit, ""), "true" if r.exercise else "false"))  # fmt: skip
    return csv_response(header, table, "bulletins.csv", bom=bom)


@router.get(
    "/status",
    summary="What arrived, per post/reservoir and day",
    responses=problem_responses(409, 422),
)
def get_status(state: State, start_day: From = None, end_day: To = None) -> ExchangeStatus:
    start, end = _day(start_day), _day(end_day)
    if start and end and (end - start).days > 366:
        raise ProblemError(409, "assessment-impossible", "ask for at most 366 days")
    return exchange_status(state.engine, start=start, end=end)


class RouteIn(BaseModel):
    """A hydrograph (daily values, m³/s) and where to route it."""

    model_config = ConfigDict(strict=True)

    days: list[str] = Field(min_length=1, max_length=3660)
    inflow_m3s: list[Annotated[float, Field(ge=0, le=1e7)]] = Field(min_length=1, max_length=3660)
    reaches: list[str] = Field(default_factory=list, max_length=50)
    k_hours: float | None = Field(None, ge=0, le=10_000)
    x: float = Field(0.2, ge=0, le=0.5)
    reservoir: str | None = None
    rule: Literal["crest_spill", "target_level", "schedule"] = "crest_spill"
    release_m3s: float = Field(0.0, ge=0)
    target_level_m: float | None = None
    initial_level_m: float | None = None


@router.post(
    "/route", summary="Route a hydrograph (what-if)", responses=problem_responses(400, 409, 422)
)
def post_route(body: RouteIn) -> RoutedHydrograph:
    from shekara.methods.routing import RoutingError

    if len(body.days) != len(body.inflow_m3s):
        raise ProblemError(409, "assessment-impossible", "days and inflow_m3s differ in length")
    return refusals_as_problems(  # valid JSON the network cannot answer
        lambda: route_hydrograph(RouteRequest(**body.model_dump())), (RoutingError, ValueError)
    )


@router.get("/forecast", summary="Forecast at every post", responses=problem_responses(404, 422))
def get_forecast(state: State, as_of: Day = None, horizon: Annotated[int, Query(ge=1, le=30)] = 10,
                 members: Annotated[int, Query(ge=1, le=100)] = 30,
                 seed: Annotated[int, Query(ge=0, le=2**32 - 1)] = 1) -> NetworkForecast:  # fmt: skip
    _fi, f = cached_forecast(state, _day(as_of), horizon, members, seed)
    forecast: NetworkForecast = f
    return forecast


@router.get(
    "/reservoir-plan",
    summary="Drawdown, safe release and a proposal's effect",
    responses=problem_responses(404, 409, 422),
)
def get_plan(
    state: State,
    reservoir: Annotated[str, Query(max_length=100)],
    probability: Annotated[float, Query(gt=0, lt=1)] = 0.9,
    flood_volume_mcm: Annotated[float | None, Query(ge=0)] = None,
    schedule: Annotated[
        str | None,
        Query(max_length=2000, description="Releases m³/s, comma-separated, one per horizon day."),
    ] = None,
    as_of: Day = None,
) -> ReservoirPlan:
    from shekara.services.flood.forecast import ForecastError

    if reservoir not in load_network().reservoirs:
        raise ProblemError(
            404, "not-found", f"FLF011: {reservoir!r} is not a reservoir of the networks"
        )
    fi, f = cached_forecast(state, _day(as_of))

    def plan() -> ReservoirPlan:
        sched = None if schedule is None else [float(v) for v in schedule.split(",")]
        return reservoir_plan(fi, f, reservoir, probability=probability,
                              flood_volume_mcm=flood_volume_mcm, schedule=sched)  # fmt: skip

    return refusals_as_problems(plan, (ForecastError, ValueError))  # e.g. a wrong-length schedule


@router.get(
    "/bulletin",
    summary="The daily bulletin, HTML or PDF",
    response_class=Response,
    responses={
        200: {"content": {"text/html": {}, "application/pdf": {}}},
        **problem_responses(404, 422),
    },
)
def get_bulletin(state: State, lang: Lang = "en", as_of: Day = None,
                 fmt: Annotated[Literal["html", "pdf"], Query(alias="format")] = "html") -> Response:  # fmt: skip
    from shekara.report.builder import write_pdf
    from shekara.services.flood.bulletin import bulletin_context, render_bulletin

    _fi, f = cached_forecast(state, _day(as_of))
    html = render_bulletin(bulletin_context(state.engine, lang=lang, forecast=f))
    if fmt == "html":
        return HTMLResponse(html)
    with tempfile.TemporaryDirectory(prefix="shekara-flood-") as tmp:
        pdf = Path(tmp) / "bulletin.pdf"
        write_pdf(html, pdf)
        return Response(pdf.read_bytes(), media_type="application/pdf")


MembersQ = Annotated[
    str, Query(pattern=r"^(all|[1-9][0-9]?)$", description="'all' past years, or how many (1-99).")
]


@router.get(
    "/outlook",
    summary="Spring-flood outlook: ESP daily quantiles and danger probabilities",
    responses=problem_responses(409, 422),
)
def get_outlook(
    state: State,
    dataset: Annotated[str, Query(max_length=40, description="fulda, or a basin id of the network.")] = "fulda",
    issue_date: Annotated[str, Query(max_length=10, json_schema_extra={"type": "string", "format": "date"},
                                     description="Issue date YYYY-MM-DD (Fulda).")] = "1988-03-01",
    members: MembersQ = "all",
    horizon: Annotated[int, Query(ge=1, le=120)] = 60,
) -> FuldaOutlook | NetworkOutlook:  # fmt: skip
    """ESP on the Fulda (calibration seed 1, in-process); the routed ensemble on a border basin."""
    from shekara.methods.hydrology.errors import HydrologyError
    from shekara.services.flood.forecast import ForecastError
    from shekara.services.flood.outlook import fulda_outlook
    from shekara.services.flood.outlook_network import network_outlook

    day = _day(issue_date)
    n = None if members == "all" else int(members)

    def compute() -> FuldaOutlook | NetworkOutlook:
        if dataset == "fulda":
            return fulda_outlook(str(day), horizon=horizon, members=n)
        return network_outlook(dataset, horizon=horizon, members=n or 50, engine=state.engine)

    key = ("flood-outlook", dataset, day, n, horizon)
    out: FuldaOutlook | NetworkOutlook = refusals_as_problems(  # a request the data cannot answer
        lambda: state.cached(key, compute), (HydrologyError, ForecastError)
    )
    return out


@router.get(
    "/verify",
    summary="Leave-one-year-out verification of the Fulda spring outlook",
    responses=problem_responses(422),
)
def get_verify(state: State) -> FuldaVerification:
    """CRPS skill, 50/90 % band coverage, reliability, Brier skill, peak timing (seed 1, 60 days)."""
    from shekara.services.flood.verification import fulda_verification

    out: FuldaVerification = state.cached(("flood-verify",), fulda_verification)
    return out
