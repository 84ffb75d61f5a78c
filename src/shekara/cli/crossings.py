"""CLI ``shekara crossings``: the registry, queue simulation, lane planning, modernisation order.

Registered in :mod:`shekara.cli` with ``app.add_typer(crossings_app, name="crossings")``.
Tables are in the ``--lang`` language (catalog ``i18n/*/LC_MESSAGES/crossings.po``);
JSON keeps its field names.  Measured waits and flows per crossing and day are
imported with ``shekara data import`` (indicators ``crossing_wait_mean``,
``crossing_wait_p90``, ``crossing_flow_vehicles``, ``crossing_flow_persons``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from shekara.cli.common import (
    FormatOpt,
    LangOpt,
    SeedOpt,
    command_group,
    engine,
    fail,
    format_and_lang,
    printed_json,
)
from shekara.cli.option_help import opt
from shekara.i18n import fmt_number, translator
from shekara.i18n.words import sources_words
from shekara.kb import query
from shekara.methods.queues.model import EQueue
from shekara.output import render
from shekara.services.crossings import (
    CrossingError,
    CrossingsAndTargets,
    SimulationInput,
    list_crossings,
    modernisation_scenario,
    plan_lanes,
    simulate_crossing,
    targets,
)
from shekara.services.crossings.config import load_config
from shekara.services.crossings.scenario import QueuedCrossing, ReportedCrossing
from shekara.services.crossings.simulate import CheckedHourLanes, WaitEstimate

T = TypeVar("T")
crossings_app = command_group("Border crossing points: registry, queues, lanes, modernisation.")

ProfileOpt = Annotated[str, opt("--arrivals-per-hour")]
ServiceOpt = Annotated[float, opt("--service-minutes")]


def _equeue(flag: str, share: str) -> Any:
    """An option of the electronic queue: a share, 0 by default; any above 0 turns it on."""
    return typer.Option(flag, help=f"E-queue: {share}")


BookedOpt = Annotated[float, _equeue("--booked-share", "share of vehicles with a slot.")]
NoShowOpt = Annotated[float, _equeue("--no-show", "share of booked vehicles not coming.")]
PriorityOpt = Annotated[float, _equeue("--priority-demand", "share asking for priority.")]
ExpeditedOpt = Annotated[float, _equeue("--expedited-demand", "share asking for paid expedited.")]


def _floats(text: str, option: str) -> tuple[float, ...]:
    try:
        values = tuple(float(x) for x in text.split(",") if x.strip())
    except ValueError:
        raise typer.BadParameter("give numbers separated by commas", param_hint=option) from None
    if len(values) not in (1, 24):
        raise typer.BadParameter("give 1 or 24 values", param_hint=option)
    return values


def _call(fn: Callable[[], T]) -> T:
    try:
        return fn()
    except CrossingError as exc:
        raise fail(str(exc)) from None


def _table(rows: list[dict[str, Any]], lang: str, title: str) -> str:
    _ = translator(lang, "crossings")
    return render([{_(k): v for k, v in r.items()} for r in rows], "table", title=_(title))


@crossings_app.command("list")
def list_cmd(lang: LangOpt = "en", fmt: FormatOpt = "table") -> None:
    """Every crossing point a source names, with location, status and sources; then the targets."""
    lg = format_and_lang(fmt, lang)
    eng = engine()
    rows = list_crossings(eng, lg)
    tgts = targets(eng, lg)
    if printed_json(fmt, CrossingsAndTargets(rows, tgts).to_dict()):
        return
    _ = translator(lg, "crossings")
    yes, no = _("yes"), _("no")
    region_names = {r.region_id: r.name for r in query.regions(eng, lang=lg)}
    table = [
        {
            "crossing": r.name,
            "side": _(r.side) if r.side else "—",
            "region": region_names.get(r.region_id or "", "—"),
            "status": _(r.status) if r.status else "—",
            "location": (
                "—"
                if r.lat is None or r.lon is None
                else f"{fmt_number(r.lat, lg, 3)}; {fmt_number(r.lon, lg, 3)}"
                + (f" ({_('approximate')})" if r.approximate else "")
            ),
            "measured": yes if r.measured_days else no,
            "source": sources_words(r.source, lg),
        }
        for r in rows
    ]
    if fmt == "csv":
        typer.echo(render([r.to_dict() for r in rows], "csv"))
        return
    typer.echo(_table(table, lg, "Crossing points"))
    trows = [
        {
            "target": t.name,
            "value": "—" if t.value is None else fmt_number(t.value, lg),
            "by": t.by_year or "—",
            "status": _(t.status),
            "detail": t.status_detail,
            "source": sources_words(t.source, lg),
        }
        for t in tgts
    ]
    typer.echo(_table(trows, lg, "Programme targets"))


@crossings_app.command("simulate")
def simulate_cmd(
    arrivals: ProfileOpt = "40",
    service_minutes: ServiceOpt = 6.0,
    lanes: Annotated[str, opt("--lanes")] = "5",
    hours: Annotated[float, opt("--hours")] = 1000.0,
    seed: SeedOpt = 1,
    distribution: Annotated[str, opt("--distribution")] = "exponential",
    cv: Annotated[float, opt("--cv")] = 1.0,
    t_minutes: Annotated[float, opt("--t-minutes")] = 15.0,
    balk_at: Annotated[int, opt("--balk-at")] = 0,
    booked_share: BookedOpt = 0.0,
    no_show: NoShowOpt = 0.0,
    priority_demand: PriorityOpt = 0.0,
    expedited_demand: ExpeditedOpt = 0.0,
    config: Annotated[Path | None, opt("--config")] = None,
    lang: LangOpt = "en",
    fmt: FormatOpt = "table",
) -> None:
    """Simulated mean and 90th-percentile waits with 95 % intervals, Erlang C beside them.

    With any e-queue option the caps are 5 % (priority) and 1 % (paid expedited) of
    daily capacity (flagged assumptions, see docs/crossings.md), and the run without
    the e-queue is reported next to it.
    """
    lg = format_and_lang(fmt, lang)
    if config is not None:
        _simulate_config(config, lg, fmt)
        return
    use_eq = any(x > 0 for x in (booked_share, no_show, priority_demand, expedited_demand))
    inp = SimulationInput(
        _floats(arrivals, "--arrivals-per-hour"),
        service_minutes,
        tuple(int(x) for x in _floats(lanes, "--lanes")),
        hours,
        seed,
        distribution,
        cv,
        t_minutes,
        balk_at,
        equeue=EQueue(booked_share, no_show, priority_demand, expedited_demand) if use_eq else None,
    )
    result = _call(lambda: simulate_crossing(inp))
    if printed_json(fmt, result.to_dict()):
        return
    _ = translator(lg, "crossings")
    sim, erl = result.simulated, result.erlang_c

    def ci(e: WaitEstimate) -> str:
        return _ci_text(e, lg)

    def num(d: object, key: str, decimals: int) -> str:
        v = getattr(d, key, None)
        return "—" if v is None else fmt_number(v, lg, decimals)

    rows = [
        {
            "measure": _("Mean wait, minutes"),
            "simulated (95 % CI)": ci(sim.mean_wait),
            "Erlang C": num(erl, "mean_wait", 2),
        },
        {
            "measure": _("90th-percentile wait, minutes"),
            "simulated (95 % CI)": ci(sim.p90_wait),
            "Erlang C": num(erl, "p90_wait", 2),
        },
        {
            "measure": _("Share waiting longer than {t} min").format(t=fmt_number(t_minutes, lg)),
            "simulated (95 % CI)": ci(sim.p_wait_exceeds_t),
            "Erlang C": num(erl, "p_wait_exceeds_t", 4),
        },
    ]
    if fmt == "csv":
        typer.echo(render(rows, "csv"))
        return
    typer.echo(_table(rows, lg, "Simulated waits"))
    if result.without_equeue is not None:
        typer.echo(
            _(
                "Without the electronic queue: mean wait {mean} min, 90th percentile {p90} min"
            ).format(
                mean=num(result.without_equeue.mean_wait, "value", 2),
                p90=num(result.without_equeue.p90_wait, "value", 2),
            )
        )


def _ci_text(e: WaitEstimate, lang: str) -> str:
    if e.value is None:
        return "—"
    if e.low is None or e.high is None:
        return fmt_number(e.value, lang, 2)
    return (
        f"{fmt_number(e.value, lang, 2)} "
        f"[{fmt_number(e.low, lang, 2)}; {fmt_number(e.high, lang, 2)}]"
    )


def _simulate_config(path: Path, lang: query.Lang, fmt: str) -> None:
    groups = [simulate_crossing(g) for g in _call(lambda: load_config(path))]
    if printed_json(fmt, {"groups": [g.to_dict() for g in groups]}):
        return
    _ = translator(lang, "crossings")
    rows = [
        {
            "lane type": _(g.inputs.kind),
            "Mean wait, minutes": _ci_text(g.simulated.mean_wait, lang),
            "90th-percentile wait, minutes": _ci_text(g.simulated.p90_wait, lang),
            "balked": fmt_number(g.simulated.balk_share, lang, 3),
        }
        for g in groups
    ]
    typer.echo(render(rows, "csv") if fmt == "csv" else _table(rows, lang, "Simulated waits"))


@crossings_app.command("plan")
def plan_cmd(
    arrivals: ProfileOpt = "5,5,5,5,5,5,20,40,60,60,50,40,40,45,50,60,60,50,40,30,20,10,5,5",
    service_minutes: ServiceOpt = 6.0,
    target_minutes: Annotated[float, opt("--target-minutes")] = 15.0,
    quantile: Annotated[float, opt("--quantile")] = 0.9,
    min_lanes: Annotated[int, opt("--min-lanes")] = 0,
    check_days: Annotated[int, opt("--check-days")] = 0,
    seed: SeedOpt = 1,
    lang: LangOpt = "en",
    fmt: FormatOpt = "table",
) -> None:
    """Minimum lanes per hour so that the percentile wait stays under the target.

    The default profile is an illustration, not a measurement.
    """
    lg = format_and_lang(fmt, lang)
    result = _call(
        lambda: plan_lanes(
            _floats(arrivals, "--arrivals-per-hour"),
            service_minutes,
            target_minutes,
            quantile=quantile,
            min_lanes=min_lanes,
            check_days=check_days,
            seed=seed,
        )
    )
    if printed_json(fmt, result.to_dict()):
        return
    _ = translator(lg, "crossings")
    rows = [
        {
            "hour": r.hour,
            "arrivals per hour": fmt_number(r.arrivals_per_hour, lg, 1),
            "lanes": r.lanes,
            **({"simulated P90, minutes": _p90(r, lg)} if isinstance(r, CheckedHourLanes) else {}),
        }
        for r in result.lanes_per_hour
    ]
    if fmt == "csv":
        typer.echo(render([r.to_dict() for r in result.lanes_per_hour], "csv"))
        return
    typer.echo(_table(rows, lg, "Lanes per hour"))


def _p90(r: CheckedHourLanes, lang: str) -> str:
    v = r.simulated_p90_wait
    return "—" if v is None else fmt_number(v, lang, 1)


@crossings_app.command("scenario")
def scenario_cmd(
    start_year: Annotated[int, opt("--start-year")] = 2025,
    per_year: Annotated[int | None, opt("--per-year")] = None,
    total: Annotated[int | None, opt("--total")] = None,
    lang: LangOpt = "en",
    fmt: FormatOpt = "table",
) -> None:
    """Which crossings to modernise in which year, against the programme's pace and total."""
    lg = format_and_lang(fmt, lang)
    result = _call(
        lambda: modernisation_scenario(
            engine(), start_year=start_year, per_year=per_year, total=total, lang=lg
        )
    )
    if printed_json(fmt, result.to_dict()):
        return
    _ = translator(lg, "crossings")

    def label(c: ReportedCrossing | QueuedCrossing) -> str:
        if c.name:
            flag = "" if c.evidence in ("measured", "reported") else "*"
            return f"{c.name}{flag}"
        return _("unnamed crossing {n}").format(n=getattr(c, "placeholder", None))

    rows = [
        {
            "year": y.year,
            "crossings": ", ".join(label(c) for c in y.crossings),
            "cumulative": y.cumulative,
            "programme pace": y.programme_pace,
        }
        for y in result.years
    ]
    if fmt == "csv":
        typer.echo(render(rows, "csv"))
        return
    typer.echo(_table(rows, lg, "Modernisation order"))
    typer.echo(_("* no measured waits: order not based on evidence"))
