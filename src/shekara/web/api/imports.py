"""``POST /api/indicators/import``: the CLI's ``data import`` over HTTP, behind a token.

The upload is the file itself (``Content-Type: text/csv`` or the .xlsx media type,
name in ``?filename=``) or a ``multipart/form-data`` form with a ``file`` field. It
is written to a private temporary folder and handed to
:func:`shekara.kb.importer.import_file`: the same checks, all or nothing, audited
with the token's name as the actor. A refusal is a 422 problem whose ``findings``
carry the codes, file, row and field of every error.
"""

from __future__ import annotations

import re
import tempfile
import threading
from email.message import EmailMessage
from email.parser import BytesParser
from email.policy import HTTP
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from shekara.kb.errors import Finding
from shekara.kb.importer import Change, import_file
from shekara.web.api.common import State
from shekara.web.auth import Writer
from shekara.web.limits import read_body_bounded
from shekara.web.problems import ProblemError, problem_responses
from shekara.web.state import WebState

router = APIRouter(tags=["import"])

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_SUFFIX = {"text/csv": ".csv", XLSX: ".xlsx"}
# one import at a time in this process: plan and write must see the same store
_IMPORT_LOCK = threading.Lock()


class ImportResultOut(BaseModel):
    """What the import did — or, with ``dry_run``, would do."""

    file: str
    dry_run: bool
    added: int
    updated: int
    unchanged: int
    actor: str
    changes: list[Change]
    warnings: list[Finding]


def safe_filename(name: str | None, suffix: str) -> str:
    """A plain file name for the upload (no folders), keeping a .csv/.xlsx suffix.

    >>> safe_filename("../../etc/x.csv", ".csv"), safe_filename(None, ".xlsx")
    ('x.csv', 'upload.xlsx')
    """
    base = Path((name or "").replace("\\", "/")).name
    base = re.sub(r"[^A-Za-z0-9._-]+", "_", base).strip("._")[:100]
    if not base:
        return "upload" + suffix
    return base


def _form_file(content_type: str, body: bytes) -> tuple[str | None, bytes]:
    """The ``file`` field of a multipart/form-data body (stdlib parser, no extra package)."""
    head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode("latin-1")
    msg = BytesParser(policy=HTTP).parsebytes(head + body)
    if not isinstance(msg, EmailMessage) or not msg.is_multipart():
        raise ProblemError(422, "invalid-parameters", "the multipart body cannot be parsed")
    for part in msg.iter_parts():
        if not isinstance(part, EmailMessage):
            continue
        if part.get_param("name", header="content-disposition") == "file":
            payload = part.get_payload(decode=True)
            data = payload if isinstance(payload, bytes) else b""
            return part.get_filename(), data
    raise ProblemError(422, "invalid-parameters", "the form has no 'file' field")


async def read_upload(request: Request, filename: str | None) -> tuple[str, bytes]:
    """(file name, content) of the upload, or a 413/415/422 problem."""
    body = await read_body_bounded(request, MAX_UPLOAD_BYTES)
    content_type = request.headers.get("content-type", "")
    media = content_type.split(";")[0].strip().lower()
    if media == "multipart/form-data":
        name, data = _form_file(content_type, body)
        suffix = Path(name or "").suffix.lower() or ".csv"
        return safe_filename(name or filename, suffix), data
    if media in _SUFFIX:  # the media type says what it is, whatever the name ends with
        name = safe_filename(filename, _SUFFIX[media])
        return name if name.lower().endswith(_SUFFIX[media]) else name + _SUFFIX[media], body
    raise ProblemError(
        415,
        "unsupported-media-type",
        f"send text/csv, {XLSX} or multipart/form-data with a 'file' field, not {media or 'nothing'}",
    )


_BODY_DOC: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "description": "The CSV (UTF-8) or Excel file with the columns of `shekara data import`.",
        "content": {
            "text/csv": {"schema": {"type": "string"}},
            XLSX: {"schema": {"type": "string", "format": "binary"}},
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {"file": {"type": "string", "format": "binary"}},
                }
            },
        },
    }
}


@router.post(
    "/indicators/import",
    response_model=ImportResultOut,
    summary="Import indicator values (token required)",
    openapi_extra=_BODY_DOC,
    responses=problem_responses(401, 403, 413, 415, 422, 503),
)
async def post_import(
    request: Request,
    state: State,
    actor: Writer,
    dry_run: Annotated[bool, Query(description="Check and report; write nothing.")] = False,
    filename: Annotated[
        str | None,
        Query(max_length=200, description="Name of the uploaded file (findings and audit log)."),
    ] = None,
) -> ImportResultOut:
    """Add or update indicator values, all or nothing, audited with the token's name."""
    name, data = await read_upload(request, filename)
    return await run_in_threadpool(_import_bytes, state, name, data, dry_run, actor)


def _import_bytes(
    state: WebState, name: str, data: bytes, dry_run: bool, actor: str
) -> ImportResultOut:
    with tempfile.TemporaryDirectory(prefix="shekara-upload-") as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        with _IMPORT_LOCK:
            result = import_file(state.engine, path, dry_run=dry_run, actor=actor)
        if not dry_run and (result.added or result.updated):
            state.invalidate()
    return ImportResultOut(
        file=name,
        dry_run=result.dry_run,
        added=result.added,
        updated=result.updated,
        unchanged=result.unchanged,
        actor=actor,
        changes=result.changes,
        warnings=result.warnings,
    )
