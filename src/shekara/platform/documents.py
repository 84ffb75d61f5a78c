"""Documents attached to requests and projects: size-limited, stored with their SHA-256.

Example:
    >>> safe_name("../../etc/passwd"), safe_name("Отчёт 2025.pdf")
    ('passwd', 'Отчёт_2025.pdf')
    >>> checksum(b"abc")[:16]
    'ba7816bf8f01cfea'
"""

from __future__ import annotations

import hashlib
import re
from pathlib import PurePosixPath
from types import SimpleNamespace
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from shekara.platform.accounts import User, audit, now
from shekara.platform.db import new_id, table
from shekara.platform.errors import PlatformError
from shekara.platform.tables import DOCUMENTS

MAX_DOCUMENT_BYTES = 5 * 1024 * 1024
#: What may be uploaded: served back as an attachment, never rendered inline.
MEDIA_TYPES = {
    ".pdf": "application/pdf",
    ".txt": "text/plain",
    ".csv": "text/csv",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def safe_name(name: str) -> str:
    """The file name without folders or characters outside letters, digits, ``.-_``."""
    base = PurePosixPath(name.replace("\\", "/")).name
    base = re.sub(r"[^\w.-]+", "_", base).strip("._")[:150]
    return base or "document"


def checksum(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def add_document(
    engine: Engine, user: User, owner_kind: str, owner_id: int, filename: str, content: bytes
) -> dict[str, Any]:
    """Store one document (the caller has checked the user's right on the owner)."""
    name = safe_name(filename)
    suffix = PurePosixPath(name).suffix.lower()
    if suffix not in MEDIA_TYPES:
        raise PlatformError(
            "PF400", f"allowed file types: {', '.join(sorted(MEDIA_TYPES))}", field="file"
        )
    if len(content) > MAX_DOCUMENT_BYTES:
        raise PlatformError("PF413", f"a document may have at most {MAX_DOCUMENT_BYTES} bytes")
    if not content:
        raise PlatformError("PF400", "the file is empty", field="file")
    values = {
        "owner_kind": owner_kind,
        "owner_id": owner_id,
        "filename": name,
        "media_type": MEDIA_TYPES[suffix],
        "size": len(content),
        "sha256": checksum(content),
        "content": content,
        "uploaded_by": user.user_id,
        "uploaded_at": now(),
    }
    with engine.begin() as conn:
        doc_id = new_id(conn.execute(table(DOCUMENTS).insert().values(**values)))
        audit(
            conn,
            user,
            "document.add",
            owner_kind,
            owner_id,
            document=doc_id,
            sha256=values["sha256"],
        )
    del values["content"]
    return {"document_id": doc_id, **values}


def attach(
    engine: Engine, user: User, owner_kind: str, owner_id: int, filename: str, content: bytes
) -> dict[str, Any]:
    """Attach a document to a request (its parties) or a project (lead partner, moderators)."""
    from shekara.platform import problem_requests, projects

    if owner_kind == "request":
        if not problem_requests.get_request(engine, user, owner_id)["can_attach"]:
            raise PlatformError("PF403", "only the parties attach documents")
    elif owner_kind == "project":
        lead = projects.get_project(engine, owner_id)["lead_org_id"]
        if not projects.may_edit(user, SimpleNamespace(lead_org_id=lead)):
            raise PlatformError("PF403", "only the lead partner and moderators add documents")
    else:
        raise PlatformError("PF404", f"no {owner_kind!r} takes documents")
    return add_document(engine, user, owner_kind, owner_id, filename, content)


def list_documents(engine: Engine, owner_kind: str, owner_id: int) -> list[dict[str, Any]]:
    t = table(DOCUMENTS)
    cols = [c for c in t.c if c.name != "content"]
    with engine.connect() as conn:
        rows = conn.execute(
            sa.select(*cols)
            .where(t.c.owner_kind == owner_kind, t.c.owner_id == owner_id)
            .order_by(t.c.document_id)
        )
        return [dict(r._mapping) for r in rows]


def get_document(engine: Engine, document_id: int) -> dict[str, Any]:
    t = table(DOCUMENTS)
    with engine.connect() as conn:
        row = conn.execute(sa.select(t).where(t.c.document_id == document_id)).first()
    if row is None:
        raise PlatformError("PF404", f"no document {document_id}")
    return dict(row._mapping)
