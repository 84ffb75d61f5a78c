"""The seeded world of the platform tests: a store with organisations of both sides, one
account per role (each with an API token), and requests and a project in known states."""

from __future__ import annotations

from dataclasses import dataclass, field

from shekara.kb.store import build, make_engine
from shekara.platform import accounts, projects
from shekara.platform import problem_requests as reqs
from shekara.platform.accounts import SYSTEM
from shekara.web.auth import add_token

PASSWORD = "correct horse battery staple"
#: The roles of the permission table: account name → what it is.
ACCOUNTS = {
    "reader": ("reader", None),
    "participant": ("participant", "business_kz"),  # another KZ organisation than the author's
    "author": ("participant", "akimat_kz"),
    "assignee": ("participant", "university_ru"),
    "official": ("official", "oblast_kz"),  # KZ-55, the region the requests concern
    "moderator": ("moderator", None),
    "admin": ("admin", None),
}
ORGS = {
    "akimat_kz": ("Akimat of Pavlodar", "akimat", "KZ", "KZ-55"),
    "business_kz": ("Ertis Logistics LLP", "business", "KZ", "KZ-55"),
    "oblast_kz": ("Pavlodar regional administration", "state_body", "KZ", "KZ-55"),
    "university_ru": ("Omsk State University", "university", "RU", "RU-OMS"),
}


@dataclass
class World:
    """Ids of what the template store holds, and every account's API token."""

    url: str = ""
    orgs: dict[str, int] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)
    draft: int = 0
    submitted: int = 0
    accepted: int = 0
    project: int = 0


def seed(url: str) -> World:
    build(url)
    engine = make_engine(url)
    w = World(url=url)
    for key, (name, kind, country, region) in ORGS.items():
        w.orgs[key] = accounts.create_org(engine, name, kind, country, region, actor=SYSTEM)
    users = {}
    for username, (role, org) in ACCOUNTS.items():
        users[username] = accounts.create_user(
            engine,
            username,
            username.title(),
            PASSWORD,
            role,
            org_id=w.orgs[org] if org else None,
            actor=SYSTEM,
        )
        w.tokens[username] = add_token(engine, username)
    author, moderator = users["author"], users["moderator"]

    def new(title: str, submit: bool) -> int:
        data = reqs.RequestIn(
            title, "Lorries wait two days at the crossing.", "transport", ["KZ-55"], None, "kk"
        )
        return reqs.create_request(engine, author, data, submit=submit)

    w.draft = new("Draft of the akimat", False)
    w.submitted = new("Submitted request", True)
    w.accepted = new("Accepted request", True)
    reqs.move(
        engine, moderator, w.accepted, "accepted", "ok", assign_org_id=w.orgs["university_ru"]
    )
    w.project = projects.create_project(
        engine,
        author,
        projects.ProjectIn(
            "Irtysh water school",
            "A summer school on the Irtysh.",
            "water",
            "planned",
            ["KZ-55", "RU-OMS"],
            None,
            1_000_000,
            "KZT",
            "own funds",
            None,
            None,
            w.orgs["akimat_kz"],
            [w.orgs["university_ru"]],
        ),
    )
    engine.dispose()
    return w
