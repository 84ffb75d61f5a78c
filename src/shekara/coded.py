"""The one exception shape of the services and methods: a stable code and a message.

A face shows ``code`` and ``message`` (and maps the code to a status or an exit code);
``str()`` gives both, as a log line would.

Example:
    >>> class RoutingError(CodedError, ValueError):
    ...     pass
    >>> err = RoutingError("RTE001", "K must be positive")
    >>> str(err), err.code, err.message, isinstance(err, ValueError)
    ('RTE001: K must be positive', 'RTE001', 'K must be positive', True)
"""

from __future__ import annotations


class CodedError(Exception):
    """A refusal with a stable ``code`` (e.g. ``POP101``) and a ``message`` for the user."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
