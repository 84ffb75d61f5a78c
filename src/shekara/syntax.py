"""Where a user's JSON or YAML file stops being valid, in words every face can retell.

The parsers' own messages mix a fixed problem with a place ("Expecting ',' delimiter: line 1
column 8 (char 7)"; PyYAML adds parser jargon over several lines: "expected <block end>, but
found '<scalar>'"). A refusal gives the line and column a user can go to and, for JSON, the
problem, from the fixed list of the standard library's messages, so that ``cli.refusals`` can
tell it in Kazakh and Russian; YAML's jargon is left out: the place is what a user needs.

Example:
    >>> import json
    >>> try:
    ...     json.loads('{"a": 1,')
    ... except json.JSONDecodeError as exc:
    ...     where_invalid(exc)
    'not valid JSON at line 1, column 9: Expecting property name enclosed in double quotes'
"""

from __future__ import annotations

import json

import yaml

#: The messages of the standard library's JSON decoder (``json.decoder`` and its C scanner).
JSON_PROBLEMS = (
    "Expecting value",
    "Expecting property name enclosed in double quotes",
    "Expecting ',' delimiter",
    "Expecting ':' delimiter",
    "Extra data",
    "Unterminated string starting at",
    "Invalid control character at",
    "Invalid \\escape",
    "Invalid \\uXXXX escape",
)


def where_invalid(exc: json.JSONDecodeError | yaml.YAMLError) -> str:
    """The place (and for JSON the problem) of a syntax error, 1-based.

    >>> try:
    ...     yaml.safe_load("groups: [1,\\n")
    ... except yaml.YAMLError as exc:
    ...     where_invalid(exc)
    'not valid YAML at line 2, column 1'
    """
    if isinstance(exc, json.JSONDecodeError):
        place = f"not valid JSON at line {exc.lineno}, column {exc.colno}"
        return f"{place}: {exc.msg}" if exc.msg in JSON_PROBLEMS else place
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    if mark is None:
        return "not valid YAML"
    return f"not valid YAML at line {mark.line + 1}, column {mark.column + 1}"
