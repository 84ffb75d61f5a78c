"""Store faults over HTTP: a locked or unreachable store is a 503 with ``Retry-After``.

A read that waits for a lock longer than :data:`READ_LOCK_WAIT_S` gives up, so a
request never hangs while another process holds the store; the answer is a problem
document with the store code (``KB704`` locked, ``KB705`` read-only, ``KB706`` disk
full → 507, ``KB707`` unavailable) and the client is told when to retry.
"""

from __future__ import annotations

import sqlalchemy as sa
from fastapi import FastAPI, Request
from starlette.responses import Response

from shekara.kb.faults import RETRY_AFTER_S, store_fault
from shekara.kb.locking import StoreLockedError
from shekara.web.problems import log, problem_response

#: Seconds a web request waits for a lock held by another process.
READ_LOCK_WAIT_S = 2.0

_STATUS = {"KB704": 503, "KB705": 503, "KB706": 507, "KB707": 503}


async def _on_store_fault(request: Request, exc: Exception) -> Response:
    fault = store_fault(exc)
    if fault is None:
        log.exception("unexpected store error on %s", request.url.path, exc_info=exc)
        return problem_response(
            request, 500, "internal-error", f"unexpected {type(exc).__name__}; see the server log"
        )
    status = _STATUS.get(fault.code, 503)
    headers = {"Retry-After": str(RETRY_AFTER_S)} if status == 503 else None
    slug = "store-unavailable" if status == 503 else "insufficient-storage"
    return problem_response(request, status, slug, fault.message, findings=[fault], headers=headers)


def install_fault_handlers(app: FastAPI) -> None:
    """Answer store faults with 503/507 problems instead of 500s."""
    app.add_exception_handler(sa.exc.DBAPIError, _on_store_fault)
    app.add_exception_handler(StoreLockedError, _on_store_fault)
