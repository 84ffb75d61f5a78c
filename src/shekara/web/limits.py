"""Bounded request bodies: the size limit is enforced while the body arrives.

``Content-Length`` can be absent (chunked transfer) or wrong, so the body is read
chunk by chunk and refused with 413 as soon as it passes the limit — a 500 MB chunked
upload costs at most the limit in memory, not 500 MB.
"""

from __future__ import annotations

from fastapi import Request

from shekara.web.problems import ProblemError


def too_large(limit: int) -> ProblemError:
    """The 413 problem; the connection is closed after it, so the rest of the body is
    not drained from the socket."""
    return ProblemError(
        413,
        "payload-too-large",
        f"uploads are limited to {limit} bytes",
        headers={"Connection": "close"},
    )


async def read_body_bounded(request: Request, limit: int) -> bytes:
    """The request body, or a 413 problem once more than *limit* bytes have arrived."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise too_large(limit)
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise too_large(limit)
    return bytes(body)
