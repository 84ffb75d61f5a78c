"""Results as typed models: one definition gives the CLI's JSON, the API's response model
and its OpenAPI schema.

Service results are frozen standard dataclasses. Pydantic reads their fields, so FastAPI
takes a result class as ``response_model`` as it is (no mirror model in the API), and
:class:`Plain` gives the same class a ``to_dict()`` made by the same serializer — the CLI
and the API emit the same keys and values. A field kept out of the JSON is annotated
``Hidden[...]``; a value the JSON shows but the result derives is a ``computed_field``
property; ``Annotated[..., Field(description=...)]`` documents a field in the OpenAPI.
A JSON key that differs from the field's name is ``Field(serialization_alias=...)``.

Example (a result class must be importable by name: pydantic resolves its annotations in
its module, so the example spells them out):
    >>> from dataclasses import dataclass
    >>> @dataclass(frozen=True)
    ... class Point(Plain):
    ...     name: str
    ...     tags: tuple[str, ...]
    ...     length: float
    ...     note: Hidden[str] = ""
    >>> Point.__annotations__.update(
    ...     name=str, tags=tuple[str, ...], length=float, note=Hidden[str])
    >>> Point("a", ("x",), 2, "kept out").to_dict()
    {'name': 'a', 'tags': ['x'], 'length': 2.0}
    >>> to_json(Point("b", (), 0.5))
    b'{"name":"b","tags":[],"length":0.5}'
"""

from __future__ import annotations

from typing import Annotated, Any, ClassVar, TypeVar

from pydantic import Field, GetPydanticSchema, PlainSerializer, TypeAdapter

T = TypeVar("T")

#: A field of a result that stays out of its JSON (and of the OpenAPI schema).
Hidden = Annotated[T, Field(exclude=True)]


_ADAPTERS: dict[Any, TypeAdapter[Any]] = {}


def adapter(cls: Any) -> TypeAdapter[Any]:
    """The pydantic adapter of a result class (built once per class)."""
    found = _ADAPTERS.get(cls)
    if found is None:
        found = _ADAPTERS[cls] = TypeAdapter(cls)
    return found


def to_plain(value: Any) -> Any:
    """*value* (a result, a list of results, a pydantic model …) as JSON values."""
    return adapter(type(value)).dump_python(value, mode="json", by_alias=True)


def to_json(value: Any) -> bytes:
    """*value* as compact JSON bytes, exactly what the API sends."""
    return adapter(type(value)).dump_json(value, by_alias=True)


class Plain:
    """Mixin of result dataclasses: ``to_dict()`` by the result's own schema (see the module)."""

    #: Fields the CLI's JSON leaves out (older form; ``Hidden[...]`` also keeps them out of
    #: the API's JSON and its schema).
    _plain_exclude: ClassVar[frozenset[str]] = frozenset()

    def to_dict(self) -> dict[str, Any]:
        """The result as JSON values, keys in field order (computed fields last)."""
        plain: dict[str, Any] = adapter(type(self)).dump_python(
            self, mode="json", by_alias=True, exclude=set(self._plain_exclude) or None
        )
        return plain


def rows_of(row: Any) -> Any:
    """Field metadata: a list of dict rows that the JSON and the OpenAPI schema treat as
    ``list[row]`` (a ``TypedDict``), while its readers keep indexing plain dicts.

    >>> from typing_extensions import TypedDict
    >>> class Row(TypedDict):
    ...     n: float
    >>> rows = TypeAdapter(Annotated[list[dict[str, Any]], rows_of(Row)])
    >>> rows.dump_python([{"n": 1}], mode="json"), rows.json_schema()["items"]
    ([{'n': 1.0}], {'$ref': '#/$defs/Row'})
    """
    return GetPydanticSchema(lambda _source, handler: handler(list[row]))


def rounded(digits: int) -> PlainSerializer:
    """Field metadata: the JSON shows a float rounded to *digits* decimals (Python ``round``),
    while the result keeps the full value.

    >>> TypeAdapter(Annotated[float, rounded(3)]).dump_python(0.123456, mode="json")
    0.123
    """
    return PlainSerializer(lambda v: round(v, digits), return_type=float)


def absent(value: object) -> bool:
    """Field metadata ``Field(exclude_if=absent)``: the key stays out of the JSON when the
    value is ``None`` (a key some results have and others do not).

    >>> absent(None), absent(0)
    (True, False)
    """
    return value is None
