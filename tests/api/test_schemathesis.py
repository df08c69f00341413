"""schemathesis against the OpenAPI schema: generated requests to every operation, no 5xx.

The app runs in-process (ASGI) over a temporary SQLite store holding the invented articles
of ``conftest.py``, with the stand-in coder; every request carries a valid token, so writes
get past authentication into validation and the store. Requests are generated both
conforming to the schema (positive) and breaking it (negative). The number of examples per
operation is bounded (``CONFLICTCODER_SCHEMATHESIS_EXAMPLES``, default 15).
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from conflictcoder.api.auth import hash_token
from conflictcoder.api.deps import get_store
from conflictcoder.config import load_settings
from conflictcoder.store import Store, open_store

from .conftest import AUTH, TOKEN, FakeCoder, make_app

EXAMPLES = int(os.environ.get("CONFLICTCODER_SCHEMATHESIS_EXAMPLES") or 15)
# Requests sent and status codes seen, over the whole run (printed at the end with -s).
SENT: Counter[str] = Counter()
# The store the app serves: set per test by ``_current_store`` (the schema is read when this
# module is collected, before any fixture runs; reading it touches no store).
_DB: dict[str, Path] = {}


async def _open_current() -> AsyncIterator[Store]:
    with open_store(_DB["path"]) as store:
        yield store


# the app's own store is never used (``_open_current`` serves the test's): one in memory
app = make_app(Path(":memory:"), load_settings(api_tokens=[hash_token(TOKEN)]), FakeCoder())
app.dependency_overrides[get_store] = _open_current
# (schemathesis.pytest.from_fixture would build it in a fixture, but it breaks on pytest 9)
schema = schemathesis.openapi.from_asgi("/openapi.json", app)


@pytest.fixture(autouse=True)
def _current_store(db_path: Path) -> None:
    _DB["path"] = db_path


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
    database=None,
)
def test_no_request_makes_a_server_error(case: schemathesis.Case, db_path: Path) -> None:
    response = case.call(headers=AUTH)
    SENT["requests"] += 1
    SENT[f"{response.status_code // 100}xx"] += 1
    case.validate_response(response, checks=[not_a_server_error])
    assert response.status_code < 500, response.text
    with open_store(db_path) as store:  # whatever was sent, the stored records are all there
        assert store.count_articles() >= 2
        assert store.count_events() >= 5


@pytest.fixture(scope="module", autouse=True)
def _report() -> Iterator[None]:
    yield
    print(f"\nschemathesis: {dict(sorted(SENT.items()))}")
