"""Errors of the platform services: a stable code, an HTTP status and a message.

The web layer turns them into problem documents (API) or error pages; the CLI prints
the code and message. No message contains a password.

Example:
    >>> e = PlatformError("PF404", "no request 7")
    >>> e.status, str(e)
    (404, 'PF404: no request 7')
"""

from __future__ import annotations

#: code → HTTP status. The code is stable; the message says what to do.
CODES: dict[str, int] = {
    "PF400": 422,  # invalid field
    "PF401": 401,  # not logged in / wrong user name or password
    "PF403": 403,  # not allowed for this role or organisation
    "PF404": 404,  # no such record (or not visible to this user)
    "PF409": 409,  # a status change that the workflow does not allow, or a duplicate
    "PF413": 413,  # attachment too large
    "PF423": 423,  # account locked after repeated failures
    "PF429": 429,  # rate limit
}


class PlatformError(Exception):
    """A refusal of a platform service."""

    def __init__(self, code: str, message: str, *, field: str = ""):
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.field = field
        self.status = CODES[code]
