"""Problem requests: submit, triage, assign, work, resolve — with their status history.

Who may read or move a request is decided by :mod:`shekara.platform.rules`; this module
applies the scope of the rule to the record (own organisation, assigned organisation,
the official's region). A record the user may not read is answered as absent (PF404),
so ids of other organisations' drafts do not leak.

Example:
    >>> import tempfile, pathlib
    >>> from shekara.kb.store import build
    >>> from shekara.platform.db import platform_engine
    >>> from shekara.platform.accounts import SYSTEM, create_org, create_user
    >>> url = f"sqlite:///{pathlib.Path(tempfile.mkdtemp()) / 'p.sqlite'}"
    >>> _ = build(url)
    >>> e = platform_engine(url)
    >>> org = create_org(e, "Akimat of Pavlodar", "akimat", "KZ", "KZ-55", actor=SYSTEM)
    >>> u = create_user(e, "aigerim", "Aigerim", "a long password", "participant",
    ...                 org_id=org, actor=SYSTEM)
    >>> rid = create_request(e, u, RequestIn("Queue at the crossing", "Trucks wait 2 days",
    ...                      "transport", ["KZ-55"], None, "kk"), submit=True)
    >>> get_request(e, u, rid)["status"]
    'submitted'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from shekara.kb.tables import equal_if_given
from shekara.platform.accounts import User, audit, now
from shekara.platform.db import holds, new_id, table
from shekara.platform.errors import PlatformError
from shekara.platform.paging import DEFAULT_SIZE, Page
from shekara.platform.rules import (
    PUBLIC_STATUSES,
    REQUEST_STATUSES,
    THEMES,
    TRANSITIONS,
    next_statuses,
    scope,
)
from shekara.platform.tables import ORGS, REQUEST_EVENTS, REQUESTS, USERS

LANGS = ("kk", "ru", "en")


@dataclass(frozen=True)
class RequestFilter:
    """Which requests a list shows (``None``: any): the query both faces build once.

    A region matches a request that names it among its regions.

    >>> RequestFilter(region="KZ-55", theme="water")
    RequestFilter(region='KZ-55', status=None, theme='water')
    >>> len(RequestFilter(region="KZ-55", theme="water").conditions())
    2
    """

    region: str | None = None
    status: str | None = None
    theme: str | None = None

    def conditions(self) -> list[sa.ColumnElement[bool]]:
        """The SQL conditions of the filter (none: every request)."""
        t = table(REQUESTS)
        conds = equal_if_given((t.c.status, self.status), (t.c.theme, self.theme))
        if self.region:
            conds.append(holds(t.c.regions, self.region))
        return conds


#: No filter: every request the user may read.
EVERY_REQUEST: Final = RequestFilter()


@dataclass(frozen=True)
class RequestIn:
    """What a participant writes: shown to every side as written (not translated)."""

    title: str
    description: str
    theme: str
    regions: list[str]
    pair_id: str | None
    language: str


def check_text(value: str, name: str, limit: int, *, multiline: bool = False) -> str:
    """Trimmed *value*, or PF400 naming the field."""
    value = value.strip()
    printable = value.replace("\n", "").replace("\r", "").replace("\t", "") if multiline else value
    if not value or len(value) > limit or not printable.isprintable():
        raise PlatformError("PF400", f"{name} must be 1–{limit} printable characters", field=name)
    return value


def check_places(conn: Connection, regions: list[str], pair_id: str | None) -> str:
    """The regions (and the pair's regions) as stored, checked against the knowledge base."""
    regions = [r.strip() for r in regions if r.strip()]
    kb_regions, kb_pairs = table("regions"), table("pairs")
    if pair_id:
        pair = conn.execute(sa.select(kb_pairs).where(kb_pairs.c.pair_id == pair_id)).first()
        if pair is None:
            raise PlatformError(
                "PF400", f"no pair {pair_id!r} in the knowledge base", field="pair_id"
            )
        regions = list(dict.fromkeys([*regions, pair.kz_region, pair.ru_region]))
    if not regions:
        raise PlatformError("PF400", "name at least one region or a pair", field="regions")
    known = set(
        conn.execute(sa.select(kb_regions.c.region_id).where(kb_regions.c.region_id.in_(regions)))
        .scalars()
        .all()
    )
    unknown = [r for r in regions if r not in known]
    if unknown:
        raise PlatformError("PF400", f"unknown region(s): {', '.join(unknown)}", field="regions")
    return "|".join(regions)


def create_request(engine: Engine, user: User, data: RequestIn, *, submit: bool = False) -> int:
    """A new request of *user*'s organisation (a draft, or submitted at once)."""
    if scope("request.create", user.role) is None or user.org_id is None:
        raise PlatformError("PF403", "only participants and officials file requests")
    if data.theme not in THEMES:
        raise PlatformError("PF400", f"theme must be one of {', '.join(THEMES)}", field="theme")
    language = data.language if data.language in LANGS else "en"
    values = {
        "title": check_text(data.title, "title", 300),
        "description": check_text(data.description, "description", 10_000, multiline=True),
        "theme": data.theme,
        "pair_id": data.pair_id or None,
        "language": language,
        "status": "submitted" if submit else "draft",
        "author_id": user.user_id,
        "org_id": user.org_id,
        "assigned_org_id": None,
        "created_at": now(),
        "updated_at": now(),
    }
    t = table(REQUESTS)
    with engine.begin() as conn:
        values["regions"] = check_places(conn, data.regions, data.pair_id)
        rid = new_id(conn.execute(t.insert().values(**values)))
        _event(conn, rid, user, None, "draft", "")
        if submit:
            _event(conn, rid, user, "draft", "submitted", "")
        audit(conn, user, "request.create", "request", rid, status=values["status"])
    return rid


def _event(conn: Connection, rid: int, user: User, frm: str | None, to: str, comment: str) -> None:
    conn.execute(
        table(REQUEST_EVENTS).insert(),
        {
            "request_id": rid,
            "actor_id": user.user_id if user.user_id > 0 else None,
            "from_status": frm,
            "to_status": to,
            "comment": comment,
            "at": now(),
        },
    )


def in_scope(user: User, action: str, row: Any) -> bool:
    """Whether *user* may do *action* on the request *row* (rule + the rule's scope)."""
    sc = scope(action, user.role)
    if sc is None:
        return False
    if sc == "any":
        return True
    if sc == "region":
        return user.region_id is not None and user.region_id in str(row.regions).split("|")
    # org: the author's organisation; for the work on it, the assigned one
    if action in ("request.work",):
        return user.org_id is not None and user.org_id == row.assigned_org_id
    return user.org_id is not None and user.org_id in (row.org_id, row.assigned_org_id)


def can_read(user: User, row: Any) -> bool:
    """Public once accepted; a draft only to its organisation; submitted to the rule's scope."""
    if row.status in PUBLIC_STATUSES:
        return True
    if row.status == "draft":
        return in_scope(user, "request.read_draft", row)
    return in_scope(user, "request.read_closed", row)


def _row(conn: Connection, rid: int) -> Any:
    t = table(REQUESTS)
    return conn.execute(sa.select(t).where(t.c.request_id == rid)).first()


def get_request(engine: Engine, user: User, rid: int) -> dict[str, Any]:
    """The request with its history, organisations and the statuses *user* may move it to."""
    with engine.connect() as conn:
        row = _row(conn, rid)
        if row is None or not can_read(user, row):
            raise PlatformError("PF404", f"no request {rid}")
        out = dict(row._mapping)
        out["regions"] = str(row.regions).split("|")
        out["org_name"] = _org_name(conn, row.org_id)
        out["assigned_org_name"] = _org_name(conn, row.assigned_org_id)
        ev, u = table(REQUEST_EVENTS), table(USERS)
        out["history"] = [
            dict(r._mapping)
            for r in conn.execute(
                sa.select(ev, u.c.display_name.label("actor_name"))
                .join(u, u.c.user_id == ev.c.actor_id, isouter=True)
                .where(ev.c.request_id == rid)
                .order_by(ev.c.event_id)
            )
        ]
    out["next"] = [
        to for to in next_statuses(row.status) if in_scope(user, TRANSITIONS[(row.status, to)], row)
    ]
    out["can_comment"] = in_scope(user, "request.comment", row)
    out["can_attach"] = in_scope(user, "request.attach", row)
    out["can_assign"] = in_scope(user, "request.triage", row) and row.status in (
        "submitted",
        "accepted",
    )
    return out


def _org_name(conn: Connection, org_id: int | None) -> str | None:
    if org_id is None:
        return None
    t = table(ORGS)
    name = conn.execute(sa.select(t.c.name).where(t.c.org_id == org_id)).scalar_one_or_none()
    return None if name is None else str(name)


def move(
    engine: Engine,
    user: User,
    rid: int,
    to: str,
    comment: str = "",
    *,
    assign_org_id: int | None = None,
) -> None:
    """Move request *rid* to status *to* (PF409 when the workflow does not allow it)."""
    if to not in REQUEST_STATUSES:
        raise PlatformError(
            "PF400", f"status must be one of {', '.join(REQUEST_STATUSES)}", field="status"
        )
    comment = comment.strip()[:5000]
    t = table(REQUESTS)
    with engine.begin() as conn:
        row = _row(conn, rid)
        if row is None or not can_read(user, row):
            raise PlatformError("PF404", f"no request {rid}")
        action = TRANSITIONS.get((row.status, to))
        if action is None:
            raise PlatformError("PF409", f"a request cannot go from {row.status} to {to}")
        if not in_scope(user, action, row):
            raise PlatformError("PF403", f"your role may not move this request to {to}")
        values: dict[str, Any] = {"status": to, "updated_at": now()}
        if assign_org_id is not None:
            _assign_check(conn, user, assign_org_id)
            values["assigned_org_id"] = assign_org_id
        if to == "accepted" and values.get("assigned_org_id", row.assigned_org_id) is None:
            raise PlatformError(
                "PF400", "assign an organisation when accepting a request", field="assign_org_id"
            )
        if to == "declined" and not comment:
            raise PlatformError("PF400", "say why the request is declined", field="comment")
        conn.execute(t.update().where(t.c.request_id == rid).values(**values))
        _event(conn, rid, user, row.status, to, comment)
        audit(conn, user, "request.move", "request", rid, frm=row.status, to=to)


def _assign_check(conn: Connection, user: User, org_id: int) -> None:
    if scope("request.triage", user.role) is None:
        raise PlatformError("PF403", "only moderators assign requests")
    if _org_name(conn, org_id) is None:
        raise PlatformError("PF400", f"no organisation {org_id}", field="assign_org_id")


def add_comment(engine: Engine, user: User, rid: int, comment: str) -> None:
    """A comment in the history without a status change."""
    comment = check_text(comment, "comment", 5000, multiline=True)
    with engine.begin() as conn:
        row = _row(conn, rid)
        if row is None or not can_read(user, row):
            raise PlatformError("PF404", f"no request {rid}")
        if not in_scope(user, "request.comment", row):
            raise PlatformError("PF403", "your organisation is not a party to this request")
        _event(conn, rid, user, row.status, row.status, comment)
        audit(conn, user, "request.comment", "request", rid)


def find_requests(
    engine: Engine,
    user: User,
    where: RequestFilter = EVERY_REQUEST,
    *,
    page: int = 1,
    size: int = DEFAULT_SIZE,
) -> Page:
    """One page of the requests *user* may read that match *where*, newest first.

    Visibility is decided per row by :func:`can_read` (the rule table) on the few columns it
    needs; only the rows of the page are then read whole.
    """
    t = table(REQUESTS)
    seen = (t.c.request_id, t.c.status, t.c.regions, t.c.org_id, t.c.assigned_org_id)
    q = sa.select(*seen).where(*where.conditions()).order_by(t.c.request_id.desc())
    with engine.connect() as conn:
        ids = [r.request_id for r in conn.execute(q) if can_read(user, r)]
        chosen = ids[(page - 1) * size : page * size]
        rows = conn.execute(
            sa.select(t).where(t.c.request_id.in_(chosen)).order_by(t.c.request_id.desc())
        )
        items = [_listed(r) for r in rows]
    return Page(items, len(ids), page, size)


def list_requests(
    engine: Engine, user: User, where: RequestFilter = EVERY_REQUEST
) -> list[dict[str, Any]]:
    """Every request *user* may read that matches *where*, newest first (exports, the
    overview's counts, the feed)."""
    t = table(REQUESTS)
    q = sa.select(t).where(*where.conditions()).order_by(t.c.request_id.desc())
    with engine.connect() as conn:
        return [_listed(r) for r in conn.execute(q) if can_read(user, r)]


def _listed(row: Any) -> dict[str, Any]:
    return {**row._mapping, "regions": str(row.regions).split("|")}
