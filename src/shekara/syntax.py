"""Where a user's JSON, YAML or XML file stops being valid, in words every face can retell.

The parsers' own messages mix a fixed problem with a place ("Expecting ',' delimiter: line 1
column 8 (char 7)"; PyYAML adds parser jargon over several lines: "expected <block end>, but
found '<scalar>'"). A refusal gives the line and column a user can go to and, for JSON, the
problem, from the fixed list of the standard library's messages (for XML, expat's usual ones),
so that ``cli.refusals`` can tell it in Kazakh and Russian; YAML's jargon is left out: the
place is what a user needs.

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
from xml.etree.ElementTree import ParseError
from xml.parsers.expat import ErrorString

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

#: The messages of expat (the XML parser of the standard library) a user's file can meet; the
#: others (out of memory, parser states, DTD features) are told as the place alone.
XML_PROBLEMS = (
    "syntax error",
    "no element found",
    "not well-formed (invalid token)",
    "unclosed token",
    "partial character",
    "mismatched tag",
    "duplicate attribute",
    "junk after document element",
    "undefined entity",
    "unclosed CDATA section",
    "unbound prefix",
    "XML declaration not well-formed",
    "unknown encoding",
    "encoding specified in XML declaration is incorrect",
)


def where_invalid(exc: json.JSONDecodeError | yaml.YAMLError | ParseError) -> str:
    """The place (and for JSON the problem) of a syntax error, 1-based.

    >>> try:
    ...     yaml.safe_load("groups: [1,\\n")
    ... except yaml.YAMLError as exc:
    ...     where_invalid(exc)
    'not valid YAML at line 2, column 1'
    >>> import xml.etree.ElementTree as ET
    >>> try:
    ...     ET.fromstring("<a><b></a>")
    ... except ParseError as exc:
    ...     where_invalid(exc)
    'not valid XML at line 1, column 9: mismatched tag'
    """
    if isinstance(exc, json.JSONDecodeError):
        place = f"not valid JSON at line {exc.lineno}, column {exc.colno}"
        return f"{place}: {exc.msg}" if exc.msg in JSON_PROBLEMS else place
    if isinstance(exc, ParseError):
        line, column = exc.position  # expat counts columns from 0
        place = f"not valid XML at line {line}, column {column + 1}"
        problem = ErrorString(exc.code)
        return f"{place}: {problem}" if problem in XML_PROBLEMS else place
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    if mark is None:
        return "not valid YAML"
    return f"not valid YAML at line {mark.line + 1}, column {mark.column + 1}"
