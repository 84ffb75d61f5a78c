"""Results as plain JSON values, from the dataclass fields instead of hand-written ``to_dict``.

Service results are frozen dataclasses. :class:`Plain` gives them a ``to_dict()`` made
from their fields (in field order): nested results become dicts, tuples become lists.
A result that leaves a field out of its JSON names it in ``_plain_exclude``; one whose JSON
key differs from the field's name maps it in ``_plain_keys``.

Example:
    >>> from dataclasses import dataclass
    >>> @dataclass(frozen=True)
    ... class Point(Plain):
    ...     name: str
    ...     tags: tuple[str, ...]
    >>> @dataclass(frozen=True)
    ... class Line(Plain):
    ...     ends: tuple[Point, ...]
    >>> Line((Point("a", ("x",)), Point("b", ()))).to_dict()
    {'ends': [{'name': 'a', 'tags': ['x']}, {'name': 'b', 'tags': []}]}
    >>> @dataclass(frozen=True)
    ... class Reach(Plain):
    ...     _plain_keys = {"reach_id": "id"}
    ...     _plain_exclude = frozenset({"note"})
    ...     reach_id: str
    ...     note: str
    >>> Reach("r1", "internal").to_dict()
    {'id': 'r1'}
"""

from __future__ import annotations

import dataclasses
from typing import Any, ClassVar


def to_plain(value: Any) -> Any:
    """*value* as JSON values: results via their ``to_dict()``, other dataclasses by their
    fields, tuples and lists as lists, mappings with plain values."""
    if hasattr(value, "to_dict") and not isinstance(value, type):
        return value.to_dict()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list | tuple):
        return [to_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: to_plain(v) for k, v in value.items()}
    return value


class Plain:
    """Mixin of result dataclasses: ``to_dict()`` from the fields (see the module)."""

    _plain_exclude: ClassVar[frozenset[str]] = frozenset()
    _plain_keys: ClassVar[dict[str, str]] = {}

    def to_dict(self) -> dict[str, Any]:
        """The result as JSON values, keys in field order."""
        return {
            self._plain_keys.get(f.name, f.name): to_plain(getattr(self, f.name))
            for f in dataclasses.fields(self)  # type: ignore[arg-type]
            if f.name not in self._plain_exclude
        }
