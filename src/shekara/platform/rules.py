"""Roles and the one table of permission rules of the platform.

:data:`RULES` maps every action to the roles that may do it and to the *scope* in which
they may: ``any`` (every record), ``org`` (records of the user's own organisation: the
author's or the assigned one), ``region`` (records concerning the official's region).
Every route of the API and the pages asks :func:`allowed`; the permission test walks
every route with every role and compares the answer with a table of expected codes.

Example:
    >>> allowed("request.triage", "moderator"), allowed("request.triage", "participant")
    (True, False)
    >>> scope("request.read_closed", "official")
    'region'
"""

from __future__ import annotations

from typing import Final, Literal

Role = Literal["anonymous", "reader", "participant", "official", "moderator", "admin"]
Scope = Literal["any", "org", "region"]

ROLES: Final[tuple[Role, ...]] = (
    "anonymous",
    "reader",
    "participant",
    "official",
    "moderator",
    "admin",
)
#: Roles an account can have (``anonymous`` is the visitor without one).
ACCOUNT_ROLES: Final[tuple[Role, ...]] = ROLES[1:]
ORG_KINDS: Final[tuple[str, ...]] = ("state_body", "akimat", "business", "ngo", "university")
COUNTRIES: Final[tuple[str, ...]] = ("KZ", "RU")

REQUEST_STATUSES: Final[tuple[str, ...]] = (
    "draft",
    "submitted",
    "accepted",
    "in_work",
    "resolved",
    "declined",
)
#: Statuses every visitor may read: what a moderator has accepted (and its outcome).
PUBLIC_STATUSES: Final[frozenset[str]] = frozenset({"accepted", "in_work", "resolved", "declined"})
PROJECT_STATUSES: Final[tuple[str, ...]] = ("planned", "running", "completed", "cancelled")
THEMES: Final[tuple[str, ...]] = (
    "trade",
    "transport",
    "water",
    "ecology",
    "health",
    "education",
    "culture",
    "tourism",
    "security",
    "other",
)

_MEMBERS: Final[dict[str, Scope]] = {
    "participant": "org",
    "official": "org",
    "moderator": "any",
    "admin": "any",
}

#: action → role → scope. A role absent from an action's row may not do it.
RULES: Final[dict[str, dict[str, Scope]]] = {
    # requests
    "request.read_public": {r: "any" for r in ROLES},
    # a draft is the private work of the author's organisation
    "request.read_draft": {"participant": "org", "official": "org"},
    # submitted, not yet accepted: the author's organisation, officials of the region
    # concerned, moderators
    "request.read_closed": {
        "participant": "org",
        "official": "region",
        "moderator": "any",
        "admin": "any",
    },
    "request.create": {"participant": "any", "official": "any"},
    "request.submit": {"participant": "org", "official": "org"},
    "request.triage": {"moderator": "any", "admin": "any"},
    "request.work": _MEMBERS,  # accepted → in work → resolved/declined: the assigned org
    "request.comment": _MEMBERS,
    "request.attach": {"participant": "org", "official": "org", "moderator": "any"},
    # projects (public registry)
    "project.read": {r: "any" for r in ROLES},
    "project.create": {"participant": "any", "official": "any", "moderator": "any", "admin": "any"},
    "project.edit": _MEMBERS,  # the lead partner's members
    # accounts
    "account.self": {r: "any" for r in ACCOUNT_ROLES},  # one's own password
    "account.approve": {"moderator": "any", "admin": "any"},  # self-registered accounts
    "account.manage": {"admin": "any"},
    "audit.read": {"admin": "any"},
}


def scope(action: str, role: str) -> Scope | None:
    """The scope in which *role* may do *action*, or ``None``."""
    return RULES[action].get(role)


def allowed(action: str, role: str) -> bool:
    """Whether *role* may do *action* at all (some records may still be out of its scope)."""
    return scope(action, role) is not None


#: Status transitions of a request: (from, to) → the action that allows it.
TRANSITIONS: Final[dict[tuple[str, str], str]] = {
    ("draft", "submitted"): "request.submit",
    ("submitted", "accepted"): "request.triage",
    ("submitted", "declined"): "request.triage",
    ("accepted", "in_work"): "request.work",
    ("in_work", "resolved"): "request.work",
    ("in_work", "declined"): "request.work",
}


def next_statuses(status: str) -> list[str]:
    """Where a request in *status* may go.

    >>> next_statuses("in_work")
    ['resolved', 'declined']
    """
    return [to for (frm, to) in TRANSITIONS if frm == status]
