"""A local HTTP server for the watch tests (127.0.0.1 only, never the internet) and feeds
written for them."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from xml.sax.saxutils import escape

import pytest

# Reports written for these tests; each codes into one event with the test gazetteer.
REPORTS: tuple[tuple[str, str], ...] = (
    (
        "Shelling on Kafr Nabl",
        "Government forces shelled the town of Kafr Nabl in southern Idlib on Monday, "
        "killing three civilians, local activists said.",
    ),
    (
        "Air strike on Binnish",
        "Russian warplanes struck the village of Binnish in Idlib province on Tuesday, "
        "killing two people.",
    ),
    (
        "Fighting near Marib",
        "Clashes broke out between Houthi fighters and government forces near Marib on "
        "Wednesday; five fighters were killed.",
    ),
    (
        "Checkpoint attacked near Kirkuk",
        "Islamic State militants attacked an army checkpoint near Kirkuk on Thursday, "
        "killing four soldiers.",
    ),
    (
        "Protest in Tripoli",
        "Protesters gathered in Tripoli on Friday to demand the release of detained journalists.",
    ),
)


def rss(items: Iterable[tuple[str, str]], *, title: str = "Test Wire", base: str = "x") -> bytes:
    """An RSS 2.0 feed of (title, text) items, each with a guid, a link and a date."""
    entries = []
    for number, (headline, text) in enumerate(items, start=1):
        entries.append(
            f"<item><title>{escape(headline)}</title>"
            f"<link>http://news.invalid/{base}/{number}</link>"
            f"<guid>{base}-{number}</guid>"
            "<pubDate>Mon, 04 Mar 2024 08:00:00 GMT</pubDate>"
            f"<description>{escape(text)}</description></item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{escape(title)}</title><link>http://news.invalid/</link>"
        f"<description>test</description>{''.join(entries)}</channel></rss>"
    ).encode()


@dataclass
class Reply:
    """What a route answers: status, headers and a body (bytes or an iterator of chunks)."""

    status: int = 200
    body: bytes | Iterable[bytes] = b""
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Seen:
    path: str
    headers: dict[str, str]
    at: float


Route = Callable[["Seen"], Reply]


def conditional(body: bytes, *, etag: str | None = '"v1"', last_modified: bool = True) -> Route:
    """A route serving ``body`` with validators, answering 304 to a matching conditional GET."""
    stamp = format_datetime(datetime(2024, 3, 4, 8, 0, tzinfo=UTC), usegmt=True)

    def route(request: Seen) -> Reply:
        headers = {"Content-Type": "application/rss+xml"}
        if etag:
            headers["ETag"] = etag
        if last_modified:
            headers["Last-Modified"] = stamp
        if etag and request.headers.get("if-none-match") == etag:
            return Reply(304, b"", headers)
        if not etag and last_modified and request.headers.get("if-modified-since") == stamp:
            return Reply(304, b"", headers)
        return Reply(200, body, headers)

    return route


class FeedServer:
    """A threaded HTTP server on 127.0.0.1 with routes set by the test; records requests."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[Seen] = []
        self.release = threading.Event()  # hanging routes wait on it (set at teardown)
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                seen = Seen(
                    self.path, {k.lower(): v for k, v in self.headers.items()}, time.monotonic()
                )
                server.requests.append(seen)
                route = server.routes.get(self.path)
                reply = route(seen) if route else Reply(404, b"not found")
                try:
                    self.send_response(reply.status)
                    for key, value in reply.headers.items():
                        self.send_header(key, value)
                    if isinstance(reply.body, bytes):
                        self.send_header("Content-Length", str(len(reply.body)))
                        self.end_headers()
                        self.wfile.write(reply.body)
                    else:
                        self.send_header("Transfer-Encoding", "chunked")
                        self.end_headers()
                        for chunk in reply.body:
                            self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                        self.wfile.write(b"0\r\n\r\n")
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def base(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def url(self, path: str) -> str:
        return self.base + path

    def hits(self, path: str) -> list[Seen]:
        return [r for r in self.requests if r.path == path]

    def hang(self) -> Route:
        """A route that sends nothing until the test ends."""

        def route(request: Seen) -> Reply:
            self.release.wait(30)
            return Reply(200, b"")

        return route

    def close(self) -> None:
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture()
def server() -> Iterator[FeedServer]:
    feeds = FeedServer()
    yield feeds
    feeds.close()


def big_body(total: int, chunk: int = 1 << 20) -> Iterator[bytes]:
    """``total`` bytes of a feed that never ends properly, in chunks."""
    yield b'<?xml version="1.0"?><rss version="2.0"><channel><title>big</title>'
    sent = 0
    block = b"<item><title>x</title></item>" * (chunk // 29)
    while sent < total:
        yield block
        sent += len(block)


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
    import uuid

    import psycopg
    from psycopg import sql

    base = _pg_base()
    schema = f"test_watch_{uuid.uuid4().hex[:10]}"
    yield f"{base}{'&' if '?' in base else '?'}schema={schema}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))


# -- many distinct reports -------------------------------------------------------------------

_PLACES = (
    ("Kafr Nabl", "Idlib"),
    ("Binnish", "Idlib"),
    ("Saraqib", "Idlib"),
    ("Ariha", "Idlib"),
    ("Tal Rifaat", "Aleppo"),
    ("Marib", "Marib"),
    ("Kirkuk", "Kirkuk"),
    ("Tikrit", "Salahuddin"),
)
_ATTACKS = (
    "Government forces shelled the town of {place} in {region} province",
    "Warplanes struck the town of {place} in {region} province",
    "Gunmen attacked a checkpoint in {place} in {region} province",
)
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_NUMBERS = ("two", "three", "four", "five", "six", "seven")


def varied_reports(count: int, *, seed: int = 0) -> list[tuple[str, str]]:
    """``count`` distinct (title, text) reports, each about one attack."""
    reports = []
    for number in range(seed, seed + count):
        place, region = _PLACES[number % len(_PLACES)]
        attack = _ATTACKS[(number // len(_PLACES)) % len(_ATTACKS)].format(
            place=place, region=region
        )
        day = _DAYS[number % len(_DAYS)]
        killed = _NUMBERS[number % len(_NUMBERS)]
        text = (
            f"{attack} on {day}, killing {killed} civilians, local sources said. "
            f"It was report {number} of the day from the area."
        )
        reports.append((f"Attack on {place} ({number})", text))
    return reports
