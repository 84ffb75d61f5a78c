"""Property-based tests of the whole API against its own OpenAPI document (in-process).

Schemathesis generates requests from ``/openapi.json`` — valid and invalid parameters,
bodies for the upload — and checks every response: no server error, status code and
content type declared, body valid against the declared schema, auth enforced. The
number of examples per operation is bounded so the run stays well under a minute.

The schema must exist when pytest collects this module (one test per operation), so the
store is built here, once, into a temporary folder removed at exit.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from shekara.kb.store import build
from shekara.web.api.imports import XLSX
from shekara.web.app import create_app

#: Property-based runs over every route: deselect with -m "not slow".
pytestmark = pytest.mark.slow

EXAMPLES = 15

# The .xlsx upload is bytes on the wire, like application/octet-stream.
schemathesis.serializer.alias(XLSX, "application/octet-stream")

_TMP = Path(tempfile.mkdtemp(prefix="shekara-schemathesis-"))
atexit.register(shutil.rmtree, _TMP, ignore_errors=True)
_URL = f"sqlite:///{_TMP / 'kb.sqlite'}"
build(_URL)
# The report takes seconds to build; tests/web/test_web_api.py downloads it once.
schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(_URL)).exclude(
    path="/api/report"
)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_api_conforms_to_its_schema(case: Any) -> None:
    case.call_and_validate()
