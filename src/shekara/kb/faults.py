"""Store and disk faults as coded findings: locked, read-only, disk full, unavailable.

The CLI prints them like any other finding and exits 1; the API answers 503 (locked,
with ``Retry-After``), 507 (disk full) or 503 (read-only, unavailable). No traceback.

Example:
    >>> import sqlite3
    >>> store_fault(sqlite3.OperationalError("database is locked")).code
    'KB704'
    >>> store_fault(sqlite3.OperationalError("attempt to write a readonly database")).code
    'KB705'
    >>> store_fault(OSError(28, "No space left on device")).code
    'KB706'
    >>> store_fault(ValueError("x")) is None
    True
"""

from __future__ import annotations

import errno
import sqlite3

import sqlalchemy as sa

from shekara.kb.errors import Finding, finding
from shekara.kb.locking import StoreLockedError, is_lock_error

#: Seconds a client should wait before retrying a request refused because of a lock.
RETRY_AFTER_S = 5

_READ_ONLY = ("readonly database", "read-only", "read only")
_FULL = ("database or disk is full", "no space left", "disk full")


def store_fault(exc: BaseException) -> Finding | None:
    """The finding for a store or disk fault, or ``None`` if *exc* is something else."""
    if isinstance(exc, StoreLockedError) or (
        isinstance(exc, sa.exc.OperationalError | sqlite3.OperationalError) and is_lock_error(exc)
    ):
        return finding("KB704", detail=RETRY_AFTER_S)
    orig = getattr(exc, "orig", None) or exc
    text = str(orig).lower()
    code = getattr(orig, "sqlstate", None)
    if isinstance(exc, OSError) and not isinstance(exc, sa.exc.SQLAlchemyError):
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            return finding("KB706", detail=exc.strerror or str(exc))
        if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            return finding("KB705", detail=exc.strerror or str(exc))
        return None
    if not isinstance(exc, sa.exc.DBAPIError | sqlite3.Error):
        return None
    if code == "53100" or any(s in text for s in _FULL):  # 53100: disk_full
        return finding("KB706", detail=_first_line(orig))
    if code == "25006" or any(s in text for s in _READ_ONLY):  # read_only_sql_transaction
        return finding("KB705", detail=_first_line(orig))
    if isinstance(exc, sa.exc.OperationalError | sa.exc.DatabaseError | sqlite3.DatabaseError):
        return finding("KB707", detail=_first_line(orig))
    return None


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
