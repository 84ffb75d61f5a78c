"""The data-package descriptor: resources, logical tables and their Table Schemas.

The descriptor (``data/datapackage.yaml``) follows the Frictionless Data Package
conventions. A *logical table* (``indicators``) may be split over several CSV
resources that share one schema file; they are concatenated when loaded.

Example:
    >>> from shekara.paths import default_data_dir
    >>> d = load_descriptor(default_data_dir())
    >>> d.schema("pairs").primary_key
    ('pair_id',)
    >>> "indicators" in d.tables
    True
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, cast

import yaml

FieldType = Literal["string", "integer", "number", "boolean", "date"]
FIELD_TYPES: tuple[FieldType, ...] = ("string", "integer", "number", "boolean", "date")


@dataclass(frozen=True)
class Field:
    """One column of a Table Schema with its constraints."""

    name: str
    type: FieldType
    required: bool = False
    enum: tuple[str, ...] | None = None
    pattern: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    description: str = ""


@dataclass(frozen=True)
class ForeignKey:
    """``fields`` of this table reference ``ref_fields`` of the logical table ``ref_table``."""

    fields: tuple[str, ...]
    ref_table: str
    ref_fields: tuple[str, ...]


@dataclass(frozen=True)
class TableSchema:
    """A Table Schema: ordered fields, primary key and foreign keys."""

    fields: tuple[Field, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...] = ()

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)


@dataclass(frozen=True)
class Resource:
    """One CSV file of the package, belonging to a logical table."""

    name: str
    path: str
    table: str
    schema_path: str


@dataclass(frozen=True)
class Descriptor:
    """The parsed ``datapackage.yaml`` with its schemas resolved."""

    root: Path
    name: str
    version: str
    resources: tuple[Resource, ...]
    schemas: dict[str, TableSchema] = field(default_factory=dict)

    @property
    def tables(self) -> tuple[str, ...]:
        """Logical table names in descriptor order (parents before children)."""
        seen: list[str] = []
        for r in self.resources:
            if r.table not in seen:
                seen.append(r.table)
        return tuple(seen)

    def schema(self, table: str) -> TableSchema:
        return self.schemas[table]

    def resources_of(self, table: str) -> tuple[Resource, ...]:
        return tuple(r for r in self.resources if r.table == table)


def _parse_field(raw: dict[str, Any]) -> Field:
    ftype = raw.get("type", "string")
    if ftype not in FIELD_TYPES:
        raise ValueError(f"field {raw.get('name')!r}: unsupported type {ftype!r}")
    c = raw.get("constraints") or {}
    enum = c.get("enum")
    return Field(
        name=str(raw["name"]),
        type=cast(FieldType, ftype),
        required=bool(c.get("required", False)),
        enum=tuple(str(e) for e in enum) if enum is not None else None,
        pattern=c.get("pattern"),
        minimum=c.get("minimum"),
        maximum=c.get("maximum"),
        description=str(raw.get("description", "")),
    )


def parse_schema(raw: dict[str, Any], resource_to_table: dict[str, str]) -> TableSchema:
    """Build a :class:`TableSchema` from its YAML mapping.

    Foreign-key references name a resource; they are mapped to its logical table.
    """
    fks = []
    for fk in raw.get("foreignKeys", []) or []:
        ref = fk["reference"]
        ref_res = str(ref["resource"])
        fks.append(
            ForeignKey(
                fields=tuple(fk["fields"]),
                ref_table=resource_to_table.get(ref_res, ref_res),
                ref_fields=tuple(ref["fields"]),
            )
        )
    pk = raw.get("primaryKey", [])
    return TableSchema(
        fields=tuple(_parse_field(f) for f in raw["fields"]),
        primary_key=tuple([pk] if isinstance(pk, str) else pk),
        foreign_keys=tuple(fks),
    )


def load_descriptor(data_dir: Path) -> Descriptor:
    """Read ``datapackage.yaml`` in *data_dir* and every schema it points at."""
    path = data_dir / "datapackage.yaml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    resources = tuple(
        Resource(
            name=str(r["name"]),
            path=str(r["path"]),
            table=str(r.get("table", r["name"])),
            schema_path=str(r["schema"]),
        )
        for r in raw["resources"]
    )
    res_to_table = {r.name: r.table for r in resources}
    # A reference to a logical table by its own name is allowed too.
    res_to_table.update({r.table: r.table for r in resources})
    schemas: dict[str, TableSchema] = {}
    for r in resources:
        if r.table in schemas:
            continue
        sraw = yaml.safe_load((data_dir / r.schema_path).read_text(encoding="utf-8"))
        schemas[r.table] = parse_schema(sraw, res_to_table)
    return Descriptor(
        root=data_dir,
        name=str(raw.get("name", "")),
        version=str(raw.get("version", "")),
        resources=resources,
        schemas=schemas,
    )
