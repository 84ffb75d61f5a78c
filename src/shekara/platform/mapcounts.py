"""Joint projects per region and per pair: the numbers the border map shows as badges.

A project counts once for every region it names (a project of KZ-55 and RU-OMS counts for
both) and once for its pair when it names one. What a user may count is what they may
read: the rule ``project.read``. Today every role may read every project (the registry is
public, as keep.eu's is), so an anonymous visitor sees the same numbers as a moderator; a
role without ``project.read`` would count nothing.

Example:
    >>> import tempfile, pathlib
    >>> from shekara.kb.store import build
    >>> from shekara.platform.db import platform_engine
    >>> from shekara.platform.accounts import ANONYMOUS, SYSTEM, create_org
    >>> from shekara.platform.projects import ProjectIn, create_project
    >>> url = f"sqlite:///{pathlib.Path(tempfile.mkdtemp()) / 'p.sqlite'}"
    >>> _ = build(url)
    >>> e = platform_engine(url)
    >>> org = create_org(e, "Akimat of Pavlodar", "akimat", "KZ", "KZ-55", actor=SYSTEM)
    >>> _ = create_project(e, SYSTEM, ProjectIn("Fair", "A fair", "trade", "planned",
    ...     ["KZ-55", "RU-OMS"], None, None, None, "", None, None, org, []))
    >>> c = project_counts(e, ANONYMOUS)
    >>> c.by_region, c.by_pair
    ({'KZ-55': 1, 'RU-OMS': 1}, {})
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from shekara.platform.accounts import User
from shekara.platform.db import table
from shekara.platform.rules import allowed
from shekara.platform.tables import PROJECTS


@dataclass(frozen=True)
class ProjectCounts:
    """Projects a user may read, by region id and by pair id."""

    by_region: dict[str, int] = field(default_factory=dict)
    by_pair: dict[str, int] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not self.by_region and not self.by_pair


def project_counts(engine: Engine, user: User) -> ProjectCounts:
    """How many projects *user* may read name each region and each pair."""
    if not allowed("project.read", user.role):
        return ProjectCounts()
    t = table(PROJECTS)
    with engine.connect() as conn:
        rows = conn.execute(sa.select(t.c.regions, t.c.pair_id)).all()
    regions = Counter(r for row in rows for r in set(str(row.regions).split("|")) if r)
    pairs = Counter(row.pair_id for row in rows if row.pair_id)
    return ProjectCounts(dict(sorted(regions.items())), dict(sorted(pairs.items())))
