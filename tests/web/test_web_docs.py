"""docs/api.md keeps up with the API: every route, problem type and command is documented."""

from __future__ import annotations

from pathlib import Path

import typer.main
from fastapi.testclient import TestClient

from shekara.cli.web import serve_cmd, users_app
from shekara.web.problems import PROBLEM_TYPES

API_DOC = Path(__file__).resolve().parents[2] / "docs" / "api.md"


def test_every_route_is_documented(client: TestClient) -> None:
    text = API_DOC.read_text(encoding="utf-8")
    paths = client.get("/openapi.json").json()["paths"]
    routes = [f"{m.upper()} {p}" for p, ops in paths.items() for m in ops]
    assert len(routes) > 30
    assert [r for r in routes if f"`{r}`" not in text] == []


def test_every_query_parameter_is_documented(client: TestClient) -> None:
    text = API_DOC.read_text(encoding="utf-8")
    paths = client.get("/openapi.json").json()["paths"]
    names = {
        p["name"]
        for ops in paths.values()
        for op in ops.values()
        for p in op.get("parameters", [])
        if p["in"] == "query"
    }
    assert [n for n in sorted(names) if f"`{n}`" not in text] == []


def test_every_problem_type_is_documented() -> None:
    text = API_DOC.read_text(encoding="utf-8")
    assert [s for s in PROBLEM_TYPES if f"/api/problems/{s}" not in text] == []


def test_web_commands_are_documented_with_help() -> None:
    text = API_DOC.read_text(encoding="utf-8")
    assert "`shekara serve" in text
    for name, cmd in typer.main.get_command(users_app).commands.items():  # type: ignore[attr-defined]
        assert f"`shekara users {name}" in text
        assert cmd.help and len(cmd.help) > 20
    assert serve_cmd.__doc__ and len(serve_cmd.__doc__) > 20
