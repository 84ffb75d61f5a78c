"""Request bodies of the platform API (unknown fields are refused: no acting through another
user's id)."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field


class Body(BaseModel):
    """Request bodies refuse unknown fields: nobody acts through another user's id."""

    model_config = ConfigDict(extra="forbid")


class LoginIn(Body):
    username: str = Field(max_length=100)
    password: str = Field(max_length=200)


class Proposal(Body):
    """What a request and a project both say: a title, a theme and where."""

    title: str = Field(max_length=300)
    theme: str = Field(max_length=40)
    regions: list[str] = Field(default_factory=list, max_length=30)
    pair_id: str | None = Field(default=None, max_length=40)


class RequestBody(Proposal):
    description: str = Field(max_length=10_000)
    language: str = Field(default="en", max_length=2)
    submit: bool = False


class MoveIn(Body):
    to: str = Field(max_length=20)
    comment: str = Field(default="", max_length=5000)
    assign_org_id: int | None = None


class CommentIn(Body):
    comment: str = Field(max_length=5000)


class ProjectBody(Proposal):
    summary: str = Field(max_length=10_000)
    status: str = Field(default="planned", max_length=20)
    budget: float | None = Field(default=None, ge=0, le=1e15)
    currency: str | None = Field(default=None, max_length=3)
    funding_source: str = Field(default="", max_length=200)
    start_date: date | None = None
    end_date: date | None = None
    lead_org_id: int
    partner_org_ids: list[int] = Field(default_factory=list, max_length=50)


class LinkIn(Body):
    kind: str = Field(max_length=20)
    ref_id: str = Field(max_length=120)


class OutputIn(Body):
    name: str = Field(max_length=300)
    unit: str = Field(max_length=40)
    target: float | None = None
    achieved: float | None = None


class ReportIn(Body):
    period: str = Field(max_length=40)
    text: str = Field(max_length=20_000)


class StatusIn(Body):
    status: str = Field(max_length=20)


class OrgIn(Body):
    name: str = Field(max_length=300)
    kind: str = Field(max_length=20)
    country: str = Field(max_length=2)
    region_id: str | None = Field(default=None, max_length=20)


class UserIn(Body):
    username: str = Field(max_length=100)
    display_name: str = Field(max_length=200)
    password: str = Field(max_length=200)
    role: str = Field(max_length=20)
    org_id: int | None = None
    region_id: str | None = Field(default=None, max_length=20)


class PasswordIn(Body):
    password: str = Field(max_length=200)


class RoleIn(Body):
    role: str = Field(max_length=20)
    org_id: int | None = None


class OwnPasswordIn(Body):
    current: str = Field(max_length=200)
    new: str = Field(max_length=200)
