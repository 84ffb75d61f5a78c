"""The JSON API under ``/api``: one router per theme, assembled by :func:`build_api_router`."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path
from pydantic import BaseModel

from shekara.kb.errors import CATALOGUE
from shekara.kb.schema import Descriptor
from shekara.web.api import (
    assessment,
    crossings,
    flood,
    hydro,
    imports,
    kb,
    objects,
    optional,
    population,
)
from shekara.web.problems import PROBLEM_TYPES, ProblemError, problem_responses


class ProblemType(BaseModel):
    """A problem type of the API (the ``type`` of a problem document points here)."""

    type: str
    title: str


class CatalogueEntry(BaseModel):
    """A data-problem code that may appear in ``findings``."""

    code: str
    severity: str
    title: str
    template: str


class ProblemTypes(BaseModel):
    types: list[ProblemType]
    finding_codes: list[CatalogueEntry]


def _problems_router() -> APIRouter:
    router = APIRouter(prefix="/problems", tags=["errors"])

    @router.get("", response_model=ProblemTypes, summary="Problem types and finding codes")
    def list_problem_types() -> ProblemTypes:
        """Every ``type`` a problem document may have, and the error catalogue (KB…)."""
        return ProblemTypes(
            types=[
                ProblemType(type=f"/api/problems/{k}", title=v) for k, v in PROBLEM_TYPES.items()
            ],
            finding_codes=[
                CatalogueEntry(code=p.code, severity=p.severity, title=p.title, template=p.template)
                for p in CATALOGUE.values()
            ],
        )

    @router.get(
        "/{slug}",
        response_model=ProblemType,
        summary="One problem type",
        responses=problem_responses(404),
    )
    def get_problem_type(slug: Annotated[str, Path(max_length=100)]) -> ProblemType:
        if slug not in PROBLEM_TYPES:
            raise ProblemError(404, "not-found", f"no problem type {slug!r}")
        return ProblemType(type=f"/api/problems/{slug}", title=PROBLEM_TYPES[slug])

    return router


def build_api_router(descriptor: Descriptor, features: dict[str, bool]) -> APIRouter:
    """All API routes; the optional ones only when *features* says they are available."""
    api = APIRouter(prefix="/api")
    api.include_router(kb.router)
    api.include_router(objects.build_objects_router(descriptor))
    api.include_router(assessment.router)
    api.include_router(imports.router)
    api.include_router(crossings.router)
    if features.get("swot"):
        api.include_router(optional.build_swot_router())
    if features.get("report"):
        api.include_router(optional.build_report_router())
    if features.get("water"):
        api.include_router(optional.build_water_router())
    if features.get("hydro"):
        api.include_router(hydro.build_hydro_router())
    api.include_router(population.router)
    api.include_router(flood.router)
    api.include_router(_problems_router())
    return api
