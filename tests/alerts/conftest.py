"""A webhook receiver on 127.0.0.1 that checks signatures, and events written for the tests."""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from conflictcoder.alerts import SIGNATURE_HEADER, verify_signature
from conflictcoder.model import Event

SAF = "Military Forces of Syria (2000-)"


def strike(location: str, latitude: float, longitude: float, **changes: Any) -> Event:
    """An air strike in Idleb province (fields as a coded event has them)."""
    values: dict[str, Any] = {
        "actor1": SAF,
        "inter1": 1,
        "actor2": "Civilians (Syria)",
        "inter2": 7,
        "interaction": 17,
        "country": "Syria",
        "iso": 760,
        "admin1": "Idleb",
        "admin2": "Maarrat an Nu'man",
        "location": location,
        "latitude": latitude,
        "longitude": longitude,
        "fatalities": 3,
        "doc_ids": [f"doc-{location}"],
        "notes": f"Warplanes struck {location}.",
    }
    values.update(changes)
    return Event("2024-03-04", "Explosions/Remote violence", "Air/drone strike", **values)


def clash(location: str, **changes: Any) -> Event:
    values: dict[str, Any] = {
        "actor1": "Houthis",
        "actor2": "Military Forces of Yemen (2017-)",
        "country": "Yemen",
        "iso": 887,
        "admin1": "Marib",
        "location": location,
        "latitude": 15.46,
        "longitude": 45.32,
        "fatalities": 5,
        "doc_ids": [f"doc-{location}"],
    }
    values.update(changes)
    return Event("2024-03-05", "Battles", "Armed clash", **values)


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> Any:
        return json.loads(self.body)


class Receiver:
    """A webhook endpoint: answers ``statuses`` in turn (then 200), records every POST."""

    def __init__(self) -> None:
        self.received: list[Received] = []
        self.statuses: list[int] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                length = int(self.headers.get("Content-Length", "0"))
                body = self.rfile.read(length)
                receiver.received.append(
                    Received(self.path, {k.lower(): v for k, v in self.headers.items()}, body)
                )
                code = receiver.statuses.pop(0) if receiver.statuses else 200
                self.send_response(code)
                self.send_header("Content-Length", "0")
                self.end_headers()

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host!s}:{port}/hook"

    def verified(self, secret: str) -> list[Any]:
        """The bodies whose signature checks out under ``secret`` (all must)."""
        for item in self.received:
            assert verify_signature(secret, item.body, item.headers[SIGNATURE_HEADER.lower()])
        return [item.json for item in self.received]

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture()
def receiver() -> Iterator[Receiver]:
    hook = Receiver()
    yield hook
    hook.close()


# -- stores of both back ends ----------------------------------------------------------------

PG_ENV = "CONFLICTCODER_TEST_PG"
SERVICES_URL = "postgresql://conflictcoder:conflictcoder@127.0.0.1:5432/conflictcoder_test"


def _pg_base() -> str:
    """The PostgreSQL test server (as tests/store uses it); skips, or fails on CI, without."""
    import os

    import psycopg

    url = os.environ.get(PG_ENV) or SERVICES_URL
    try:
        psycopg.connect(url, connect_timeout=3).close()
    except psycopg.Error as exc:
        message = f"PostgreSQL tests need a server with PostGIS ({url}): {exc}"
        if os.environ.get("CI") == "true" or os.environ.get(PG_ENV):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return url


@pytest.fixture(params=("sqlite", "postgresql"))
def store_url(request: pytest.FixtureRequest, tmp_path: Any) -> Iterator[str]:
    """A URL for an empty store of each back end (PostgreSQL: a schema of its own)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'events.sqlite'}"
        return
    import psycopg
    from psycopg import sql

    base = _pg_base()
    schema = f"test_alerts_{uuid.uuid4().hex[:10]}"
    yield f"{base}{'&' if '?' in base else '?'}schema={schema}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))
