"""``shekara flood outlook`` and ``shekara flood verify``: the spring-flood outlook (ESP with a
calibrated spread, weighted or conditioned members) and its leave-one-year-out verification.

Thin faces over :mod:`shekara.services.flood.outlook` and
:mod:`shekara.services.flood.verification`, registered on the flood group at the end of
:mod:`shekara.cli.flood` (which keeps the daily-season commands and the helpers shared by both).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from shekara.cli.common import (
    FormatOpt,
    LangOpt,
    SeedOpt,
    fail,
    format_and_lang,
    printed_json,
)
from shekara.cli.flood import HorizonOpt, _is_float, _mark
from shekara.cli.option_help import opt
from shekara.i18n import translator
from shekara.output import render

if TYPE_CHECKING:  # the services import numpy and the hydrology: loaded when a command runs
    from shekara.services.flood.outlook_network import NetworkOutlook
    from shekara.services.flood.outlook_results import FuldaOutlook

SchedulerOpt = Annotated[str | None, opt("--scheduler")]  # fmt: skip
WorkersOpt = Annotated[int, opt("--workers")]
ProcessesOpt = Annotated[bool, opt("--processes/--threads")]
EvalsOpt = Annotated[int, opt("--max-evaluations")]


def _cluster(scheduler: str | None, workers: int, processes: bool) -> Any:
    from shekara.services.flood.scale import ClusterSpec

    if not 1 <= workers <= 64:
        raise typer.BadParameter("must be 1-64", param_hint="--workers")
    return ClusterSpec(scheduler=scheduler, workers=workers, processes=processes)


def _store() -> Any:
    """The store's engine if one is built, else None (the outlook then uses the exercise season)."""
    import sqlalchemy as sa

    from shekara.kb.flood_tables import FLOOD_OBSERVATIONS
    from shekara.kb.store import make_engine
    from shekara.paths import default_database_url

    eng = make_engine(default_database_url())
    return eng if sa.inspect(eng).has_table(FLOOD_OBSERVATIONS) else None


def _levels(values: list[str]) -> dict[str, float]:
    out = {}
    for v in values:
        name, _, q = v.partition("=")
        if not name or not _is_float(q) or float(q) <= 0:
            raise typer.BadParameter(f"{v!r} is not NAME=M3S (positive)", param_hint="--threshold")
        out[name] = float(q)
    return out


def outlook_cmd(
    dataset: Annotated[str, opt("--dataset")] = "fulda",
    issue_date: Annotated[str, opt("--issue-date")] = "1988-03-01",
    members: Annotated[str, opt("--members")] = "all",
    horizon: HorizonOpt = 60,
    seed: SeedOpt = 1,
    threshold: Annotated[list[str] | None, opt("--threshold")] = None,
    frozen_ground: Annotated[bool, opt("--frozen-ground")] = False,
    member_weight: Annotated[list[str] | None, opt("--member-weight")] = None,
    condition: Annotated[str | None, opt("--condition")] = None,
    terciles: Annotated[str, opt("--tercile-probabilities")] = "",
    scheduler: SchedulerOpt = None, workers: WorkersOpt = 2, processes: ProcessesOpt = False,
    max_evaluations: EvalsOpt = 10_000, fmt: FormatOpt = "table", lang: LangOpt = "en",
) -> None:  # fmt: skip
    """Spring-flood outlook: ESP members from every past year, daily quantiles, danger probabilities."""
    from shekara.methods.hydrology.errors import HydrologyError
    from shekara.methods.hydrology.frozen import FrozenGround
    from shekara.services.flood.forecast import ForecastError
    from shekara.services.flood.outlook import fulda_outlook
    from shekara.services.flood.outlook_network import network_outlook
    from shekara.services.flood.outlook_results import FuldaOutlook
    from shekara.services.flood.scale import SchedulerError

    lg = format_and_lang(fmt, lang)
    if members != "all" and not (members.isdigit() and int(members) >= 1):
        raise typer.BadParameter("must be 'all' or a positive number", param_hint="--members")
    n = None if members == "all" else int(members)
    weights, cond = _weighting(member_weight or [], condition, terciles)
    out: FuldaOutlook | NetworkOutlook
    try:
        if dataset == "fulda":
            out = fulda_outlook(issue_date, horizon=horizon, members=n, seed=seed,
                                thresholds=_levels(threshold or []) or None,
                                max_evaluations=max_evaluations,
                                cluster=_cluster(scheduler, workers, processes),
                                frozen=FrozenGround() if frozen_ground else None,
                                weights=weights, condition=cond)  # fmt: skip
        else:
            out = network_outlook(
                dataset, horizon=horizon, members=n or 50, seed=seed, engine=_store()
            )
    except (HydrologyError, ForecastError, SchedulerError) as exc:
        raise fail(str(exc)) from None
    if printed_json(fmt, out.to_dict()):
        return
    _ = translator(lg, "outlook")
    if isinstance(out, FuldaOutlook):
        said, exercise, rows = [*(out.notes or ()), *out.assumptions], False, _fulda_rows(out, lg)
    else:
        said, exercise, rows = out.notes, out.exercise, _routed_rows(out, lg)
    for note in said:
        typer.echo(_(note), err=True)
    _mark(exercise, lg)
    typer.echo(render([{k: _num(v, lg) for k, v in r.items()} for r in rows], fmt))


def _weighting(
    pairs: list[str], condition: str | None, terciles: str
) -> tuple[dict[int, float] | None, Any]:
    """``--member-weight YEAR=W`` and ``--condition``/``--tercile-probabilities``, checked."""
    from shekara.services.flood.outlook import Condition

    weights: dict[int, float] = {}
    for pair in pairs:
        year, _sep, value = pair.partition("=")
        if not (year.strip().isdigit() and _is_float(value)):
            raise typer.BadParameter(f"{pair!r}: use YEAR=WEIGHT", param_hint="--member-weight")
        weights[int(year)] = float(value)
    if condition is None:
        if terciles:
            raise typer.BadParameter("needs --condition", param_hint="--tercile-probabilities")
        return weights or None, None
    parts = terciles.split(",")
    if condition not in ("precipitation", "temperature"):
        raise typer.BadParameter("precipitation or temperature", param_hint="--condition")
    if len(parts) != 3 or not all(_is_float(p) for p in parts):
        raise typer.BadParameter(
            "three numbers BELOW,NEAR,ABOVE", param_hint="--tercile-probabilities"
        )
    p = tuple(float(x) for x in parts)
    return weights or None, Condition(condition, (p[0], p[1], p[2]))


def _num(v: Any, lang: str) -> Any:
    """A number in the conventions of *lang* (Babel); anything else unchanged."""
    from shekara.i18n import fmt_number

    return fmt_number(v, lang) if isinstance(v, int | float) and not isinstance(v, bool) else v


def _routed_rows(out: NetworkOutlook, lang: str) -> list[dict[str, Any]]:
    """A border basin's posts: peak median and high flow, danger flow and its probability."""
    from shekara.services.flood.network import load_network

    _ = translator(lang, "outlook")
    net = load_network()
    return [{_("post"): net.node(k).name(lang), _("q50_m3s"): max(p.q_median),
             _("q95_m3s"): max(p.q_high), _("danger_q_m3s"): p.danger_q_m3s,
             _("p_exceed_danger"): p.p_exceed_danger}
            for k, p in out.posts.items()]  # fmt: skip


def _fulda_rows(out: FuldaOutlook, lang: str) -> list[dict[str, Any]]:
    """A day a row: the quantiles and the probability of exceeding each danger level."""
    _ = translator(lang, "outlook")
    q, lv = out.quantiles_m3s, out.danger_levels
    return [{_("date"): d, **{_(f"{k}_m3s"): q[k][i] for k in q},
             **{f"{_('P')} ({_(k)})": v.daily_probability[i] for k, v in lv.items()}}
            for i, d in enumerate(out.dates)]  # fmt: skip


def verify_cmd(
    dataset: Annotated[str, opt("--dataset", key="flood verify --dataset")] = "fulda",
    horizon: HorizonOpt = 60, seed: SeedOpt = 1,
    scheduler: SchedulerOpt = None, workers: WorkersOpt = 2, processes: ProcessesOpt = False,
    max_evaluations: EvalsOpt = 10_000, fmt: FormatOpt = "table", lang: LangOpt = "en",
) -> None:  # fmt: skip
    """Leave-one-year-out hindcast: CRPS skill, 50/90 % coverage, reliability, Brier skill, peak timing."""
    from shekara.methods.hydrology.errors import HydrologyError
    from shekara.services.flood.outlook import NO_FORCING_NOTE
    from shekara.services.flood.scale import SchedulerError
    from shekara.services.flood.verification import fulda_verification

    lg = format_and_lang(fmt, lang)
    if dataset != "fulda":
        raise fail(f"FLO001: {dataset}: {NO_FORCING_NOTE}; nothing to hindcast")
    try:
        out = fulda_verification(horizon=horizon, seed=seed,
                                 max_evaluations=max_evaluations,
                                 cluster=_cluster(scheduler, workers, processes))  # fmt: skip
    except (HydrologyError, SchedulerError) as exc:
        raise fail(str(exc)) from None
    if printed_json(fmt, out.to_dict()):
        return
    _ = translator(lg, "outlook")
    parts = {"loyo": out.loyo.headline(), "split": out.split.headline(),
             "swapped": out.swapped.headline()}  # fmt: skip
    rows = [{_("score"): _(k), **{_(part): _num(cells[k], lg) for part, cells in parts.items()}}
            for k in parts["loyo"]]  # fmt: skip
    typer.echo(render(rows, fmt))
