"""Options and helpers of the hydrology commands (``shekara hydro …``)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, get_args

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from shekara.cli.common import SeedOpt as SeedOpt
from shekara.cli.common import engine, fail
from shekara.cli.option_help import opt
from shekara.methods.hydrology.datasets import PetMethod
from shekara.methods.hydrology.errors import HydrologyError, PeriodError
from shekara.methods.hydrology.forecast import Perturbation
from shekara.services import hydro
from shekara.syntax import where_invalid

HydroFormat = Annotated[str, opt("--format", "-f", key="hydro --format")]
DatasetOpt = Annotated[str, opt("--dataset", key="hydro --dataset")]
EntityOpt = Annotated[str | None, opt("--entity", key="hydro --entity")]


def _with_entity(flag: str, what: str) -> Any:
    """An option that only counts with ``--entity`` (a series read from the store)."""
    return typer.Option(flag, help=f"With --entity: {what}")


SourceOpt = Annotated[str | None, _with_entity("--source", "use only values of this source_id.")]
AreaOpt = Annotated[
    float | None,
    _with_entity("--area-km2", "catchment area (default: catchment_area_km2 in the store)."),
]
LatitudeOpt = Annotated[
    float | None, _with_entity("--latitude", "catchment latitude in degrees (for PET).")
]
PetOpt = Annotated[str | None, opt("--pet")]
BudgetOpt = Annotated[int, opt("--budget", "--max-evaluations", min=100)]
_PERT = Perturbation()
_RES = hydro.ReservoirOptions()


def _assumed(flag: str, what: str) -> Any:
    """An option of an assumed input of the reservoir scenario: its help says ASSUMED, as the
    output does (only the water-surface area is sourced); the default is ``_RES``'s."""
    return typer.Option(flag, help=f"ASSUMED {what}")


PeakOpt = Annotated[
    float, _assumed("--peak-inflow", "peak of the flood wave above base flow, m3/s.")
]
BaseOpt = Annotated[float, _assumed("--base-inflow", "base inflow, m3/s.")]
RiseOpt = Annotated[float, _assumed("--time-to-peak", "days from start to the peak.")]
DurationOpt = Annotated[int, _assumed("--duration", "length of the wave, days.")]
LevelOpt = Annotated[float, _assumed("--initial-level", "pool level at the start, m.")]
OutletOpt = Annotated[float, _assumed("--outlet-capacity", "gates + turbines capacity, m3/s.")]
MinReleaseOpt = Annotated[float, _assumed("--min-release", "minimum release while filling, m3/s.")]
CrestOpt = Annotated[float, _assumed("--dam-crest", "dam crest level, m.")]
SpillwayOpt = Annotated[float, _assumed("--spillway-length", "free spillway length, m.")]


def _fail_hydro(exc: HydrologyError) -> typer.Exit:
    return fail(str(exc))


@contextmanager
def _progress(label: str) -> Iterator[None]:
    """A transient progress bar on stderr, so JSON on stdout stays clean."""
    cols = (SpinnerColumn(), TextColumn(label), BarColumn(), TimeElapsedColumn())
    with Progress(*cols, console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task(label, total=None)
        yield
        progress.update(task, total=1, completed=1)


def _years(text: str | None, what: str) -> tuple[int, int] | None:
    if text is None:
        return None
    try:
        return hydro.parse_years(text, what)
    except PeriodError as exc:
        if "reversed" in exc.message:
            raise _fail_hydro(exc) from None
        raise typer.BadParameter(str(exc), param_hint=f"--{what.replace('_', '-')}") from None


def _pet(pet: str | None) -> PetMethod | None:
    if pet is not None and pet not in get_args(PetMethod):
        raise typer.BadParameter("must be oudin, hamon or hargreaves", param_hint="--pet")
    return pet  # type: ignore[return-value]


def _load(
    dataset: str,
    entity: str | None,
    source: str | None,
    area: float | None,
    latitude: float | None,
    years: tuple[int, int] | None = None,
    require_discharge: bool = True,
) -> hydro.LoadedSeries:
    if entity is None:
        if dataset not in hydro.DATASETS:
            raise typer.BadParameter(
                f"must be one of {', '.join(hydro.DATASETS)}", param_hint="--dataset"
            )
        return hydro.load_dataset(dataset)
    if latitude is None:
        raise typer.BadParameter(
            "--entity needs --latitude (degrees) for PET", param_hint="--latitude"
        )
    return hydro.load_store_series(
        engine(),
        entity,
        latitude_deg=latitude,
        area_km2=area,
        source_id=source,
        years=years,
        require_discharge=require_discharge,
    )


def _read_json(path: Path) -> dict[str, Any]:
    try:
        obj = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:  # a JSON syntax error names its line and column
        reason = where_invalid(exc) if isinstance(exc, json.JSONDecodeError) else exc
        raise fail(f"cannot read parameters from {path}: {reason}") from None
    if not isinstance(obj, dict):
        raise fail(f"{path}: expected a JSON object")
    return obj
