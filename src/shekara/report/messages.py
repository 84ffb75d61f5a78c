"""Catalogue messages (validation ``KB…`` and audit ``AUD…`` findings) in the report's language.

The services produce English messages filled from templates (``kb.errors.CATALOGUE``,
``methods.audit_rules.AUDIT_CATALOGUE``). The report reads the values back out of the
message with a pattern made from the template, renders each value for the reader
(pair ids → region names, indicator ids → labels) and fills the translated template
from the ``report`` catalog. When a message does not match its template (a service
changed its wording) the caller falls back to the English message, marked as such.

Example:
    >>> t = "{table}, {column}: value {value} is not on the stated scale {allowed}"
    >>> values = parse_message("Table 3, rail: value 10 is not on the stated scale {0, 100}", t)
    >>> values["value"], values["allowed"]
    ('10', '{0, 100}')
    >>> fill("{table} ({column}): {value} ∉ {allowed}", values)
    'Table 3 (rail): 10 ∉ {0, 100}'
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from functools import lru_cache

_PLACEHOLDER = re.compile(r"\{(\w+)(?:![rs])?\}")


@lru_cache(maxsize=256)
def template_pattern(template: str) -> re.Pattern[str]:
    """A regular expression that matches messages made from *template*, one group per field."""
    out, pos, seen = [], 0, set()
    for m in _PLACEHOLDER.finditer(template):
        out.append(re.escape(template[pos : m.start()]))
        name = m.group(1)
        out.append(f"(?P={name})" if name in seen else f"(?P<{name}>.*?)")
        seen.add(name)
        pos = m.end()
    out.append(re.escape(template[pos:]))
    return re.compile("".join(out), re.DOTALL)


def parse_message(message: str, template: str) -> dict[str, str] | None:
    """The field values of *message* as written in it (``!r`` fields keep their quotes)."""
    m = template_pattern(template).fullmatch(message)
    return None if m is None else m.groupdict()


def fill(template: str, values: Mapping[str, str]) -> str:
    """Put *values* (already rendered text) into *template*; ``{x!r}`` takes the text as is."""
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), template)


def localise(
    message: str,
    template: str,
    translated: str,
    render: Callable[[str, str], str] = lambda _name, value: value,
) -> str | None:
    """*message* re-told with the *translated* template, or None if it does not fit *template*."""
    values = parse_message(message, template)
    if values is None:
        return None
    return fill(translated, {k: render(k, v) for k, v in values.items()})
