"""Objects of cooperation: zones, transport links, crossings, rivers, basins, reservoirs,
agreements, events — one list and one item endpoint per table.

The response models are derived from the data package's Table Schemas at start-up
(the same single column definition the store uses), plus a ``source`` reference, so
the OpenAPI document names every field with its type, enum and description.
"""

# No "from __future__ import annotations": the routes are built in a closure and FastAPI must
# see their parameter annotations (which use the table's key name) as objects, not strings.
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path
from pydantic import BaseModel, Field, create_model

from shekara.kb import query
from shekara.kb.schema import Descriptor, TableSchema
from shekara.kb.schema import Field as SchemaField
from shekara.web.api.common import State, routes
from shekara.web.api.models import SourceRef
from shekara.web.problems import ProblemError
from shekara.web.state import WebState

#: URL segment → store table.
OBJECT_TABLES: dict[str, str] = {
    "zones": "zones",
    "transport-links": "transport_links",
    "crossings": "crossings",
    "rivers": "rivers",
    "basins": "basins",
    "reservoirs": "reservoirs",
    "agreements": "agreements",
    "events": "events",
}

_PY: dict[str, Any] = {
    "string": str,
    "integer": int,
    "number": float,
    "boolean": bool,
    "date": date,
}


def _camel(table: str) -> str:
    return "".join(part.capitalize() for part in table.split("_"))


def _field_type(f: SchemaField, required: bool) -> Any:
    py: Any = Literal[tuple(f.enum)] if f.enum else _PY[f.type]
    return py if required else py | None


def object_model(table: str, schema: TableSchema) -> type[BaseModel]:
    """A response model with the table's fields and a ``source`` reference."""
    fields: dict[str, Any] = {}
    for f in schema.fields:
        required = f.required or f.name in schema.primary_key
        default = ... if required else None
        fields[f.name] = (
            _field_type(f, required),
            Field(default, description=f.description or None),
        )
    fields["source"] = (SourceRef, Field(..., description="source_id and locator of the row."))
    return create_model(_camel(table), __doc__=f"A row of the {table} table.", **fields)


def list_model(table: str, item: type[BaseModel]) -> type[BaseModel]:
    return create_model(
        f"{_camel(table)}List",
        __doc__=f"All rows of the {table} table.",
        count=(int, ...),
        items=(list[item], ...),  # type: ignore[valid-type]
    )


def object_rows(state: WebState, table: str) -> list[dict[str, Any]]:
    """Rows of *table* with their ``source``, cached per store fingerprint."""

    def compute() -> list[dict[str, Any]]:
        rows = query.table_rows(state.engine, table)
        return [{**r, "source": SourceRef(str(r["source_id"]), r.get("locator"))} for r in rows]

    return state.cached(("objects", table), compute)


def build_objects_router(descriptor: Descriptor) -> APIRouter:
    """One list and one item route per object table present in the data package."""
    router = APIRouter(prefix="/objects", tags=["objects"])
    for segment, table in OBJECT_TABLES.items():
        if table not in descriptor.tables:
            continue
        schema = descriptor.schema(table)
        item = object_model(table, schema)
        _add_routes(router, segment, table, schema.primary_key[0], item)
    return router


def _add_routes(
    router: APIRouter, segment: str, table: str, key: str, item: type[BaseModel]
) -> None:
    many = list_model(table, item)

    def list_objects(state: State) -> Any:
        rows = object_rows(state, table)
        return {"count": len(rows), "items": rows}

    def get_object(
        object_id: Annotated[str, Path(description=f"The {key} of the row.", max_length=200)],
        state: State,
    ) -> Any:
        for row in object_rows(state, table):
            if row[key] == object_id:
                return row
        raise ProblemError(404, "not-found", f"no row {object_id!r} in {table}")

    noun = table.replace("_", " ")
    routes(router)(f"/{segment}", many, f"List {noun}", operation_id=f"list_{table}")(list_objects)
    routes(router, 404)(
        f"/{segment}/{{object_id}}", item, f"One row of {noun}", operation_id=f"get_{table}"
    )(get_object)
